/**
 * Authorization matrix, generated from the route table: every route × persona answers what its
 * reviewed access rule says at the role gate (401 without login, 403 without the role), and every
 * route has a reviewed rule — a new route nobody reviewed fails this suite.
 */
import { startTestApp, type TestApp } from '../support/app';
import { route } from '../../server/src/platform/routing';
import { ACCESS_RULES } from './access-rules';
import { compareRules, expectedGate, fillPath, routeKey } from './matrix';
import { PERSONAS, makePersonas, type PersonaInfo, type Persona } from './personas';

let t: TestApp;
let personas: Record<Persona, PersonaInfo>;
beforeAll(async () => {
  t = await startTestApp();
  ({ personas } = await makePersonas(t));
});
afterAll(() => t.close());

test('every route has a reviewed access rule, and the rules match the route table', () => {
  expect(compareRules(t.built.routes, ACCESS_RULES)).toEqual([]);
});

test('a route added without review fails the matrix (and passes again once removed)', () => {
  const unprotected = route({
    method: 'get',
    path: '/debug/all-requests',
    tag: '测试',
    summary: '故意不加保护的接口',
    access: 'public',
    handler: async () => ({}),
  });
  const withIt = [...t.built.routes, unprotected];
  expect(compareRules(withIt, ACCESS_RULES)).toEqual([
    'GET /debug/all-requests: 没有经过审查的访问规则（access public）',
  ]);
  // Declared public where the review says staff only: caught as well.
  const loosened = t.built.routes.map((r) =>
    routeKey(r) === 'GET /admin/users' ? { ...r, access: 'public' as const } : r,
  );
  expect(compareRules(loosened, ACCESS_RULES)).toEqual([
    'GET /admin/users: 访问规则是 public，审查结果是 [admin]',
  ]);
  expect(compareRules(t.built.routes, ACCESS_RULES)).toEqual([]);
});

test('every route × persona gets the role gate its rule prescribes', async () => {
  const wrong: string[] = [];
  let checked = 0;
  for (const r of t.built.routes) {
    const rule = ACCESS_RULES[routeKey(r)] ?? r.access;
    const url = `/api/v1${fillPath(r.path)}`;
    for (const name of PERSONAS) {
      const p = personas[name];
      let req = t.api[r.method](url);
      if (p.token) req = req.set('Authorization', `Bearer ${p.token}`);
      if (r.method !== 'get' && r.method !== 'delete') req = req.send({});
      const res = await req;
      checked++;
      const want = expectedGate(rule, p);
      const ok = want === 'pass' ? res.status !== 401 && res.status !== 403 : res.status === want;
      // Every refusal is in the one error format.
      const formatted = res.status < 400 || typeof res.body?.error?.code === 'string';
      if (!ok || !formatted) wrong.push(`${routeKey(r)} as ${name}: ${res.status} (expected ${want})`);
      if (res.status >= 500) wrong.push(`${routeKey(r)} as ${name}: server error ${res.status}`);
    }
  }
  expect(wrong).toEqual([]);
  expect(checked).toBe(t.built.routes.length * PERSONAS.length);
});
