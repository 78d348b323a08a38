/**
 * Hostile input generated from the OpenAPI document: wrong types, operator objects, huge strings
 * and arrays, missing and extra fields, bad ids and traversal in path parameters, operator keys in
 * query strings. Every answer must be a 4xx in the error format and the database must not change.
 * Sent as a user holding every role in every organ, so each case reaches validation.
 */
import { createHash } from 'node:crypto';
import mongoose from 'mongoose';
import { startTestApp, type TestApp } from '../support/app';
import { fillPath, sampleParam } from './matrix';
import { makePersonas } from './personas';

type Json = Record<string, unknown>;
interface Case {
  label: string;
  method: string;
  path: string;
  query?: string;
  body?: unknown;
}

let t: TestApp;
let token: string;
beforeAll(async () => {
  t = await startTestApp();
  token = (await makePersonas(t)).everyone.token;
});
afterAll(() => t.close());

const { EJSON } = mongoose.mongo.BSON;

/** Every document of every collection, hashed: equal before and after means nothing changed. */
async function snapshot(): Promise<Record<string, string>> {
  const db = t.conn.db!;
  const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
  const out: Record<string, string> = {};
  for (const name of names) {
    const h = createHash('sha256');
    let n = 0;
    for await (const doc of db.collection(name).find({}, { sort: { _id: 1 } })) {
      h.update(EJSON.stringify(doc, { relaxed: false }));
      n++;
    }
    out[name] = `${n}:${h.digest('hex').slice(0, 16)}`;
  }
  return out;
}

const OPERATORS = [{ $gt: '' }, { $ne: null }, { $where: 'sleep(1000) || true' }, { $regex: '.*' }];
const HUGE = 'x'.repeat(200_000);
const SCRIPT = '<script>alert(document.cookie)</script><img src=x onerror=alert(1)>';

function valuesFor(schema: Json): [string, unknown][] {
  const type = schema.type;
  const out: [string, unknown][] = OPERATORS.map((o, i) => [`operator#${i}`, o]);
  if (type === 'string' || schema.enum || schema.format) {
    out.push(['number-for-string', 12345], ['object-for-string', { a: 1 }], ['array-for-string', ['a']]);
    out.push(['huge-string', HUGE], ['script', SCRIPT]);
  } else if (type === 'number' || type === 'integer') {
    out.push(['string-for-number', 'abc'], ['huge-number', 1e308], ['nan-string', 'NaN'], ['negative', -1e9]);
  } else if (type === 'boolean') {
    out.push(['string-for-boolean', 'yes'], ['number-for-boolean', 1]);
  } else if (type === 'array') {
    out.push(['string-for-array', 'x'], ['huge-array', Array.from({ length: 5000 }, () => 'x')]);
  } else {
    out.push(['string-for-object', 'x'], ['array-for-object', []]);
  }
  return out;
}

function buildCases(doc: Json): Case[] {
  const schemas = ((doc.components as Json | undefined)?.schemas ?? {}) as Record<string, Json>;
  const resolve = (s: Json | undefined): Json => {
    let cur = s ?? {};
    for (let i = 0; i < 10 && typeof cur.$ref === 'string'; i++)
      cur = schemas[(cur.$ref as string).split('/').pop()!] ?? {};
    return cur;
  };
  const cases: Case[] = [];
  for (const [rawPath, ops] of Object.entries(doc.paths as Record<string, Record<string, Json>>)) {
    const koaPath = rawPath.replace('/api/v1', '').replace(/\{(\w+)\}/g, ':$1');
    for (const [method, op] of Object.entries(ops)) {
      if (koaPath.startsWith('/auth/') || koaPath === '/files') continue; // login limits and multipart: own tests
      const params = (op.parameters ?? []) as { name: string; in: string; schema?: Json }[];
      const base = fillPath(koaPath);
      const add = (label: string, c: Omit<Case, 'label' | 'method'>) =>
        cases.push({ label: `${method.toUpperCase()} ${koaPath} ${label}`, method, ...c });

      for (const p of params.filter((x) => x.in === 'path')) {
        for (const bad of ['not-an-id', '../../etc/passwd', '%24where', 'x'.repeat(300), '{"$gt":""}']) {
          add(`path ${p.name}=${bad.slice(0, 20)}`, {
            path: fillPath(koaPath, (n) => (n === p.name ? bad : sampleParam(n))),
          });
        }
      }
      for (const p of params.filter((x) => x.in === 'query')) {
        const s = resolve(p.schema);
        const q = (v: string) => `${encodeURIComponent(p.name)}=${encodeURIComponent(v)}`;
        add(`query ${p.name} operator`, { path: base, query: `${encodeURIComponent(`${p.name}[$ne]`)}=1` });
        add(`query ${p.name} huge`, { path: base, query: q('y'.repeat(5000)) });
        add(`query ${p.name} repeated`, { path: base, query: `${q('a')}&${q('b')}` });
        if (s.type === 'integer' || s.type === 'number')
          add(`query ${p.name} NaN`, { path: base, query: q('abc') });
        if (s.enum) add(`query ${p.name} off-enum`, { path: base, query: q('不存在的取值') });
      }
      const bodySchema = resolve(
        ((op.requestBody as Json | undefined)?.content as Record<string, Json> | undefined)?.[
          'application/json'
        ]?.schema as Json | undefined,
      );
      if (method !== 'get' && bodySchema.type === 'object') {
        for (const whole of [[], 'text', null, 42])
          add(`body ${JSON.stringify(whole)}`, { path: base, body: whole });
        add('body mass-assignment only', {
          path: base,
          body: { role: 'admin', roles: ['admin'], organId: 'x', status: 'published', userId: 'x', _id: 'x' },
        });
        const props = (bodySchema.properties ?? {}) as Record<string, Json>;
        for (const [name, prop] of Object.entries(props)) {
          for (const [label, value] of valuesFor(resolve(prop))) {
            add(`body ${name} ${label}`, { path: base, body: { [name]: value, roles: ['admin'] } });
          }
        }
      }
    }
  }
  return cases;
}

test('at least 1,000 hostile requests: each a 4xx in the error format, the database unchanged', async () => {
  const doc = (await t.api.get('/api/v1/openapi.json').expect(200)).body as Json;
  const cases = buildCases(doc);
  expect(cases.length).toBeGreaterThanOrEqual(1000);
  const before = await snapshot();
  const wrong: string[] = [];
  const statuses = new Map<number, number>();
  for (const c of cases) {
    const url = `/api/v1${c.path}${c.query ? `?${c.query}` : ''}`;
    let req = (t.api as unknown as Record<string, (u: string) => import('supertest').Test>)[c.method]!(
      url,
    ).set('Authorization', `Bearer ${token}`);
    if (c.body !== undefined) req = req.set('Content-Type', 'application/json').send(JSON.stringify(c.body));
    const res = await req;
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    const ok = res.status >= 400 && res.status < 500 && typeof res.body?.error?.code === 'string';
    if (!ok) wrong.push(`${c.label}: ${res.status} ${JSON.stringify(res.body).slice(0, 120)}`);
  }
  expect(wrong).toEqual([]);
  expect(await snapshot()).toEqual(before);
  // The cases reached validation (not stopped at the login gate): mostly 400/422, never 401.
  expect(statuses.get(401)).toBeUndefined();
  expect((statuses.get(400) ?? 0) + (statuses.get(422) ?? 0)).toBeGreaterThan(cases.length * 0.8);
  console.log(`hostile cases: ${cases.length}; answers: ${JSON.stringify(Object.fromEntries(statuses))}`);
});
