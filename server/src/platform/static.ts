/** Serves the H5 build with history-mode fallback, and the API docs page. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Middleware } from 'koa';
import send from 'koa-send';

export function serveH5(dir: string): Middleware {
  return async (ctx, next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    if (ctx.path.startsWith('/api/')) return next();
    const index = path.join(dir, 'index.html');
    if (!fs.existsSync(index)) {
      ctx.status = 503;
      ctx.type = 'text/html; charset=utf-8';
      ctx.body =
        '<!doctype html><meta charset="utf-8"><title>掌上政务公开专区</title><p>H5 页面尚未构建。请运行 <code>npm run build:h5</code> 或 <code>npm start</code>。</p>';
      return;
    }
    const rel = decodeURIComponent(ctx.path);
    const file = path.join(dir, rel);
    if (rel !== '/' && file.startsWith(dir + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile()) {
      const hashed = /\.[0-9a-f]{8,}\.(js|css)$/.test(rel) || rel.startsWith('/static/');
      await send(ctx, rel, { root: dir, maxage: hashed ? 365 * 86400_000 : 0, immutable: hashed });
      return;
    }
    // A page path of the single-page app (router mode "browser"): answer index.html.
    if (path.extname(rel) && rel !== '/') return next();
    ctx.set('Cache-Control', 'no-cache');
    await send(ctx, 'index.html', { root: dir });
  };
}

const SWAGGER_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'));

const DOCS_HTML = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>掌上政务公开专区 · 接口文档</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script></body></html>`;

const DOCS_INIT = `window.ui = SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#swagger-ui', deepLinking: true });`;

export function serveDocs(): Middleware {
  return async (ctx, next) => {
    if (ctx.method !== 'GET') return next();
    if (ctx.path === '/api/docs' || ctx.path === '/api/docs/') {
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = DOCS_HTML;
      return;
    }
    if (ctx.path === '/api/docs/init.js') {
      ctx.type = 'application/javascript';
      ctx.body = DOCS_INIT;
      return;
    }
    const m = /^\/api\/docs\/assets\/(swagger-ui\.css|swagger-ui-bundle\.js)$/.exec(ctx.path);
    if (m) {
      await send(ctx, m[1]!, { root: SWAGGER_DIR, maxage: 86400_000 });
      return;
    }
    return next();
  };
}

/**
 * CSP hashes of the inline scripts in the H5 index.html (Taro inlines its rem
 * sizing script), so script-src can stay 'self' without 'unsafe-inline'.
 */
export function inlineScriptHashes(dir: string): string[] {
  const index = path.join(dir, 'index.html');
  if (!fs.existsSync(index)) return [];
  const html = fs.readFileSync(index, 'utf8');
  const hashes: string[] = [];
  for (const m of html.matchAll(/<script>([\s\S]*?)<\/script>/g)) {
    hashes.push(`'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`);
  }
  return hashes;
}
