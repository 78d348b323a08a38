/**
 * Bad tokens on every route that needs a login: a forged signature, `alg: none`, an expired token
 * and a token for another audience answer 401 on all of them (generated from the route table).
 * Rate limits answer 429 with Retry-After on the API and, stricter, on logins.
 */
import { SignJWT } from 'jose';
import { startTestApp, loginPassword, TEST_JWT_SECRET, type TestApp } from '../support/app';
import { fillPath, routeKey } from './matrix';

let t: TestApp;
let tokens: Record<string, string>;
beforeAll(async () => {
  t = await startTestApp();
  const { user } = await loginPassword(t, 'admin');
  const now = Math.floor(Date.now() / 1000);
  const sign = (secret: string, opts: { exp?: number; aud?: string } = {}) =>
    new SignJWT({ ver: 0 })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setIssuer('zwgk')
      .setAudience(opts.aud ?? 'zwgk-api')
      .setIssuedAt(now - 2000)
      .setExpirationTime(opts.exp ?? now + 600)
      .sign(new TextEncoder().encode(secret));
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  tokens = {
    forged: await sign('another-secret-another-secret-another'),
    expired: await sign(TEST_JWT_SECRET, { exp: now - 100 }),
    otherAudience: await sign(TEST_JWT_SECRET, { aud: 'another-api' }),
    algNone: `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: user.id, ver: 0, iss: 'zwgk', aud: 'zwgk-api', exp: now + 600 })}.`,
  };
});
afterAll(() => t.close());

test('every route that needs a login refuses forged, alg-none, expired and foreign tokens with 401', async () => {
  const wrong: string[] = [];
  let checked = 0;
  for (const r of t.built.routes.filter((x) => x.access !== 'public')) {
    for (const [kind, token] of Object.entries(tokens)) {
      let req = t.api[r.method](`/api/v1${fillPath(r.path)}`).set('Authorization', `Bearer ${token}`);
      if (r.method !== 'get' && r.method !== 'delete') req = req.send({});
      const res = await req;
      checked++;
      const want = kind === 'expired' ? 'TOKEN_EXPIRED' : 'TOKEN_INVALID';
      if (res.status !== 401 || res.body?.error?.code !== want)
        wrong.push(`${routeKey(r)} with ${kind}: ${res.status} ${res.body?.error?.code}`);
    }
  }
  expect(wrong).toEqual([]);
  expect(checked).toBeGreaterThan(300);
});

test('rate limits: 429 with Retry-After past the per-minute budget, logins limited sooner', async () => {
  const limited = await startTestApp(
    { RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_PER_MINUTE: '40', AUTH_RATE_LIMIT_PER_MINUTE: '5' },
    { seed: false },
  );
  try {
    const logins = [];
    for (let i = 0; i < 7; i++)
      logins.push(
        (await limited.api.post('/api/v1/auth/password').send({ username: 'nobody', password: 'x' })).status,
      );
    expect(logins.filter((s) => s === 429)).toHaveLength(2);
    const api = await Promise.all(Array.from({ length: 45 }, () => limited.api.get('/api/v1/organs')));
    // The 7 logins above count against the general budget too.
    expect(api.filter((r) => r.status === 200)).toHaveLength(33);
    const over = api.filter((r) => r.status === 429);
    expect(over).toHaveLength(12);
    expect(over[0]!.body.error.code).toBe('RATE_LIMITED');
    expect(Number(over[0]!.headers['retry-after'])).toBeGreaterThan(0);
  } finally {
    await limited.close();
  }
});
