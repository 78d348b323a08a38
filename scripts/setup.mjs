// Installs and builds whatever is missing, so that `npm start` and `npm test`
// work on a fresh clone. Uses only Node built-ins until npm packages are in.
//   node scripts/setup.mjs [--browser] [--no-h5] [--no-db]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const say = (s) => console.log(`[setup] ${s}`);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) {
    console.error(`[setup] 失败: ${cmd} ${args.join(' ')} (exit ${r.status})`);
    process.exit(r.status ?? 1);
  }
}

function hashOf(paths) {
  const h = createHash('sha256');
  const walk = (p) => {
    if (!fs.existsSync(p)) return;
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      for (const e of fs.readdirSync(p).sort())
        if (e !== 'node_modules' && e !== 'dist') walk(path.join(p, e));
    } else {
      h.update(path.relative(root, p));
      h.update(fs.readFileSync(p));
    }
  };
  paths.forEach((p) => walk(path.join(root, p)));
  return h.digest('hex');
}

function stamp(file, hash) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, hash);
}
const stamped = (file, hash) => fs.existsSync(file) && fs.readFileSync(file, 'utf8') === hash;

export function ensureNodeModules() {
  const lockHash = hashOf(['package-lock.json']);
  const marker = path.join(root, 'node_modules', '.zwgk-lock-hash');
  if (stamped(marker, lockHash)) return;
  say('安装 npm 依赖 (npm ci)…');
  run('npm', ['ci', '--no-audit', '--no-fund']);
  stamp(marker, lockHash);
}

export function ensureBrowser() {
  if (fs.existsSync('/usr/bin/chromium') && fs.existsSync('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc'))
    return;
  say('安装浏览器测试所需的 Chromium 与中文字体 (apt-get)…');
  const asRoot = process.getuid?.() === 0 ? [] : ['sudo'];
  const apt = (args) =>
    run(asRoot[0] ?? 'apt-get', [...(asRoot.length ? ['apt-get'] : []), ...args], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  apt(['update', '-qq']);
  apt(['install', '-y', '-qq', '--no-install-recommends', 'chromium', 'fonts-wqy-microhei']);
}

/**
 * The CJK font the PDF reply letters are typeset with. Wanted by `npm start` as well as the
 * browser tests; if it cannot be installed here, the server still starts and the PDF link
 * answers 503 LETTER_FONT_MISSING (the HTML letter works).
 */
export function ensureFont() {
  if (fs.existsSync('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc')) return;
  say('安装答复书 PDF 所需的中文字体 (apt-get)…');
  const asRoot = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  const apt = (args) =>
    spawnSync(asRoot[0] ?? 'apt-get', [...asRoot.slice(1), ...(asRoot.length ? ['apt-get'] : []), ...args], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    }).status === 0;
  if (!(
    apt(['install', '-y', '-qq', '--no-install-recommends', 'fonts-wqy-microhei']) ||
    (apt(['update', '-qq']) && apt(['install', '-y', '-qq', '--no-install-recommends', 'fonts-wqy-microhei']))
  ))
    say('未能安装中文字体：答复书 PDF 将不可用（HTML 版不受影响）。可手动安装 fonts-wqy-microhei。');
}

export function ensureFerretdb() {
  run(process.execPath, ['--import', 'tsx', 'scripts/ensure-ferretdb.ts']);
}

export function ensureH5() {
  const hash = hashOf([
    'client/src',
    'client/config',
    'client/babel.config.js',
    'client/package.json',
    'types/src',
  ]);
  const marker = path.join(root, 'client', 'dist', 'h5', '.build-hash');
  if (stamped(marker, hash) && fs.existsSync(path.join(root, 'client/dist/h5/index.html'))) return;
  say('构建 H5 页面（首次约需1分钟）…');
  run('npm', ['run', 'build:h5', '-w', 'client']);
  stamp(marker, hash);
}

export function ensureServerBuild() {
  run(process.execPath, ['scripts/build-server.mjs'], { stdio: ['ignore', 'ignore', 'inherit'] });
}

export function setup({ browser = false, h5 = true, db = true } = {}) {
  ensureNodeModules();
  if (browser) ensureBrowser();
  else ensureFont();
  if (db) ensureFerretdb();
  if (h5) ensureH5();
  ensureServerBuild();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const a = process.argv.slice(2);
  setup({ browser: a.includes('--browser'), h5: !a.includes('--no-h5'), db: !a.includes('--no-db') });
  say('完成');
}
