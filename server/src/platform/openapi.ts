/** OpenAPI 3.1 document generated from the route table and its zod schemas. */
import { z } from 'zod';
import { ApiErrorSchema } from '@zwgk/types';
import type { RouteSpec } from './routing';

type Json = Record<string, unknown>;

const STATUS_TEXT: Record<number, string> = {
  400: '请求参数有误',
  401: '未登录或登录已失效',
  403: '没有权限',
  404: '不存在',
  409: '与当前状态冲突',
  413: '请求内容过大',
  422: '提交的内容未通过校验',
  429: '请求过于频繁',
  503: '服务暂时不可用',
};

export function buildOpenApi(specs: RouteSpec[], info: { title: string; version: string }) {
  const components: Record<string, Json> = {};

  /** Convert a schema; named ($defs) parts go to components. */
  const toSchema = (schema: z.ZodType, io: 'input' | 'output'): Json => {
    const js = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
    delete js.$schema;
    const defs = (js.$defs ?? {}) as Record<string, Json>;
    delete js.$defs;
    const rename = new Map<string, string>();
    for (const [name, def] of Object.entries(defs)) {
      let target = name;
      const prev = components[target];
      if (prev && JSON.stringify(prev) !== JSON.stringify(def))
        target = `${name}${io === 'input' ? 'Input' : 'Output'}`;
      rename.set(name, target);
    }
    const fix = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(fix);
      if (v && typeof v === 'object') {
        const o: Json = {};
        for (const [k, x] of Object.entries(v)) {
          if (k === '$ref' && typeof x === 'string' && x.startsWith('#/$defs/')) {
            const n = x.slice('#/$defs/'.length);
            o[k] = `#/components/schemas/${rename.get(n) ?? n}`;
          } else o[k] = fix(x);
        }
        return o;
      }
      return v;
    };
    for (const [name, def] of Object.entries(defs)) components[rename.get(name)!] = fix(def) as Json;
    return fix(js) as Json;
  };

  const errorRef = toSchema(ApiErrorSchema, 'output');
  const paths: Record<string, Json> = {};
  for (const s of specs) {
    const p = `/api/v1${s.path.replace(/:([A-Za-z_]+)/g, '{$1}')}`;
    const op: Json = {
      tags: [s.tag],
      summary: s.summary,
      description: [
        s.description,
        `权限：${s.access === 'public' ? '公开' : s.access === 'authenticated' ? '登录用户' : s.access.join('、')}`,
        s.idempotent ? '支持 Idempotency-Key 请求头：重试返回首次结果。' : undefined,
      ]
        .filter(Boolean)
        .join('\n\n'),
      operationId: `${s.method}${s.path.replace(/[/:{}]+(\w)/g, (_, c: string) => c.toUpperCase())}`,
    };
    if (s.access !== 'public') op.security = [{ bearer: [] }];
    const parameters: Json[] = [];
    for (const [where, schema] of [
      ['path', s.params],
      ['query', s.query],
    ] as const) {
      if (!schema) continue;
      const js = toSchema(schema, 'input');
      const props = (js.properties ?? {}) as Record<string, Json>;
      const required = new Set((js.required ?? []) as string[]);
      for (const [name, ps] of Object.entries(props)) {
        parameters.push({ name, in: where, required: where === 'path' || required.has(name), schema: ps });
      }
    }
    if (s.idempotent) {
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,100}$' },
      });
    }
    if (parameters.length) op.parameters = parameters;
    if (s.body) {
      op.requestBody = {
        required: true,
        content: { 'application/json': { schema: toSchema(s.body, 'input') } },
      };
    }
    const status = s.status ?? (s.method === 'post' ? 201 : 200);
    const responses: Json = {
      [status]: s.response
        ? { description: '成功', content: { 'application/json': { schema: toSchema(s.response, 'output') } } }
        : { description: '成功' },
    };
    for (const e of s.errors ?? []) {
      responses[e] = {
        description: STATUS_TEXT[e] ?? '错误',
        content: { 'application/json': { schema: errorRef } },
      };
    }
    op.responses = responses;
    paths[p] = { ...(paths[p] ?? {}), [s.method]: op };
  }
  return {
    openapi: '3.1.0',
    info: {
      ...info,
      description: '掌上政务公开专区接口。错误统一为 { error: { code, message, details } }。',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: components,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
}
