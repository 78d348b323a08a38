import { startTestApp, loginPassword, bearer, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ CORS_ORIGINS: 'https://zwgk.example.gov.cn' });
});
afterAll(() => t.close());

describe('platform', () => {
  test('health answers ok with the database up', async () => {
    const res = await t.api.get('/api/v1/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', db: 'ok' });
  });

  test('unknown API route → 404 in the error format', async () => {
    const res = await t.api.get('/api/v1/no-such-thing').expect(404);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body).toEqual({ error: { code: 'ROUTE_NOT_FOUND', message: '接口不存在' } });
  });

  test('wrong method on a known path → 405 in the error format', async () => {
    const res = await t.api.delete('/api/v1/health').expect(405);
    expect(res.body.error.code).toBe('METHOD_NOT_ALLOWED');
  });

  test('malformed JSON → 400 MALFORMED_JSON, nothing created', async () => {
    const before = await t.conn.collection('users').countDocuments();
    const res = await t.api
      .post('/api/v1/auth/dev')
      .set('Content-Type', 'application/json')
      .send('{')
      .expect(400);
    expect(res.body.error).toEqual({ code: 'MALFORMED_JSON', message: '请求内容不是有效的 JSON' });
    expect(await t.conn.collection('users').countDocuments()).toBe(before);
  });

  test('a 2 MB body → 413 PAYLOAD_TOO_LARGE', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) });
    const res = await t.api
      .post('/api/v1/auth/dev')
      .set('Content-Type', 'application/json')
      .send(big)
      .expect(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  test('invalid payload → 422 with field details in Chinese, nothing created', async () => {
    const before = await t.conn.collection('users').countDocuments();
    const res = await t.api.post('/api/v1/auth/dev').send({ name: '', role: 'admin' }).expect(422);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.where).toBe('body');
    const fields = res.body.error.details.fields as { path: string; message: string }[];
    expect(fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'name', message: '请输入姓名或昵称' }),
        expect.objectContaining({ path: '', message: '不接受的字段：role' }),
      ]),
    );
    expect(await t.conn.collection('users').countDocuments()).toBe(before);
  });

  test('operator objects in place of strings are refused, not executed', async () => {
    const res = await t.api
      .post('/api/v1/auth/password')
      .send({ username: { $gt: '' }, password: { $ne: 'x' } });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('OPERATOR_NOT_ALLOWED');
    expect(res.body.error.details).toEqual({ where: 'body', key: 'username.$gt' });
    const nested = await t.api.post('/api/v1/auth/dev').send({ name: '张三', extra: [{ $where: '1' }] });
    expect(nested.status).toBe(422);
    expect(nested.body.error.details.key).toBe('extra[0].$where');
    const inQuery = await t.api.get('/api/v1/organs?q[$ne]=1');
    expect(inQuery.status).toBe(400);
    expect(inQuery.body.error.code).toBe('OPERATOR_NOT_ALLOWED');
    const q = await t.api.get('/api/v1/organs/%7B%22%24gt%22%3A%22%22%7D').expect(400);
    expect(q.body.error.code).toBe('VALIDATION_FAILED');
  });

  test('every answer carries a request id; a sane incoming one is kept', async () => {
    const res = await t.api.get('/api/v1/health').set('X-Request-Id', 'abc-123');
    expect(res.headers['x-request-id']).toBe('abc-123');
    const res2 = await t.api.get('/api/v1/health').set('X-Request-Id', 'bad id with spaces');
    expect(res2.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('security headers and the CORS allow-list', async () => {
    const ok = await t.api.get('/api/v1/health').set('Origin', 'https://zwgk.example.gov.cn');
    expect(ok.headers['access-control-allow-origin']).toBe('https://zwgk.example.gov.cn');
    expect(ok.headers['x-content-type-options']).toBe('nosniff');
    expect(ok.headers['content-security-policy']).toContain("default-src 'self'");
    const other = await t.api.get('/api/v1/health').set('Origin', 'https://evil.example.com');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  test('meta is public and names the app and phone', async () => {
    const res = await t.api.get('/api/v1/meta').expect(200);
    expect(res.body).toEqual({
      appName: '掌上政务公开专区',
      devLoginEnabled: true,
      publicPhone: '0791-12345',
      version: '0.1.0',
    });
  });

  test('OpenAPI document lists every route, with schemas; the docs page is served', async () => {
    const res = await t.api.get('/api/v1/openapi.json').expect(200);
    expect(res.body.openapi).toBe('3.1.0');
    for (const r of t.built.routes) {
      const p = `/api/v1${r.path.replace(/:(\w+)/g, '{$1}')}`;
      expect(res.body.paths[p]?.[r.method]).toBeDefined();
    }
    expect(
      res.body.paths['/api/v1/admin/users'].post.requestBody.content['application/json'].schema,
    ).toBeDefined();
    expect(res.body.components.schemas.User.properties.roles).toBeDefined();
    const docs = await t.api.get('/api/docs').expect(200);
    expect(docs.text).toContain('接口文档');
    await t.api.get('/api/docs/assets/swagger-ui-bundle.js').expect(200);
  });
});

describe('Idempotency-Key on creating POSTs', () => {
  test('a retry returns the first result and creates nothing new', async () => {
    const { token } = await loginPassword(t, 'admin');
    const body = { name: '南昌市发展和改革委员会', code: 'NC-FGW', level: '市' };
    const first = await t.api
      .post('/api/v1/organs')
      .set(bearer(token))
      .set('Idempotency-Key', 'key-organ-0001')
      .send(body)
      .expect(201);
    const again = await t.api
      .post('/api/v1/organs')
      .set(bearer(token))
      .set('Idempotency-Key', 'key-organ-0001')
      .send(body)
      .expect(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await t.conn.collection('organs').countDocuments({ code: 'NC-FGW' })).toBe(1);

    const reused = await t.api
      .post('/api/v1/organs')
      .set(bearer(token))
      .set('Idempotency-Key', 'key-organ-0001')
      .send({ ...body, code: 'NC-OTHER' })
      .expect(422);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await t.conn.collection('organs').countDocuments({ code: 'NC-OTHER' })).toBe(0);
  });

  test('concurrent requests with one key create exactly one record', async () => {
    const { token } = await loginPassword(t, 'admin');
    const body = { name: '南昌市教育局', code: 'NC-JYJ', level: '市' };
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        t.api.post('/api/v1/organs').set(bearer(token)).set('Idempotency-Key', 'key-organ-0002').send(body),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    expect(statuses).toContain(201);
    expect(await t.conn.collection('organs').countDocuments({ code: 'NC-JYJ' })).toBe(1);
  });

  test('a failed request releases the key so a corrected retry can succeed', async () => {
    const { token } = await loginPassword(t, 'admin');
    const dup = await t.api
      .post('/api/v1/organs')
      .set(bearer(token))
      .set('Idempotency-Key', 'key-organ-0003')
      .send({ name: '重复代码的机关', code: 'JX-GKB', level: '省' })
      .expect(409);
    expect(dup.body.error.code).toBe('ORGAN_CODE_TAKEN');
    await t.api
      .post('/api/v1/organs')
      .set(bearer(token))
      .set('Idempotency-Key', 'key-organ-0003')
      .send({ name: '重复代码的机关', code: 'JX-GKB', level: '省' })
      .expect(409);
  });

  test('a malformed key → 400', async () => {
    const { token } = await loginPassword(t, 'admin');
    const res = await t.api
      .post('/api/v1/organs')
      .set(bearer(token))
      .set('Idempotency-Key', 'bad key!')
      .send({ name: '某机关', code: 'X-1', level: '县' })
      .expect(400);
    expect(res.body.error.code).toBe('IDEMPOTENCY_KEY_INVALID');
  });
});

describe('rate limiting', () => {
  test('over the limit → 429 with Retry-After; RATE_LIMIT_ENABLED=false turns it off', async () => {
    const limited = await startTestApp(
      { RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_PER_MINUTE: '5' },
      { seed: false },
    );
    try {
      const codes: number[] = [];
      for (let i = 0; i < 7; i++) codes.push((await limited.api.get('/api/v1/meta')).status);
      expect(codes).toEqual([200, 200, 200, 200, 200, 429, 429]);
      const res = await limited.api.get('/api/v1/meta').expect(429);
      expect(res.body.error.code).toBe('RATE_LIMITED');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await t.api.get('/api/v1/meta')).status);
    expect(codes.every((c) => c === 200)).toBe(true);
  });
});
