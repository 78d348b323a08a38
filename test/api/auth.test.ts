import { SignJWT } from 'jose';
import { startTestApp, loginDev, loginPassword, bearer, TEST_JWT_SECRET, type TestApp } from '../support/app';
import { startFakeWechat, openidFor, type FakeWechat } from '../support/fake-wechat';
import { FixedClock } from '../../server/src/platform/clock';

let t: TestApp;
let wx: FakeWechat;
const clock = new FixedClock(new Date('2026-11-29T02:00:00Z'));

beforeAll(async () => {
  wx = await startFakeWechat();
  t = await startTestApp({ WECHAT_API_BASE: wx.url, WECHAT_TIMEOUT_MS: '500' }, { clock });
});
afterAll(async () => {
  await t.close();
  await wx.close();
});

describe('WeChat login', () => {
  test('a valid code logs in a new citizen, then the same person again', async () => {
    const first = await t.api.post('/api/v1/auth/wechat').send({ code: 'alice.1' }).expect(200);
    expect(first.body.user).toMatchObject({
      displayName: '微信用户',
      roles: ['citizen'],
      organIds: [],
      disabled: false,
    });
    expect(first.body.expiresIn).toBe(900);
    expect(typeof first.body.token).toBe('string');
    expect(wx.calls.at(-1)).toEqual({
      appid: 'wx0000000000000000',
      secret: 'dev-secret',
      code: 'alice.1',
      grantType: 'authorization_code',
    });
    const second = await t.api.post('/api/v1/auth/wechat').send({ code: 'alice.2' }).expect(200);
    expect(second.body.user.id).toBe(first.body.user.id);
    const users = await t.conn
      .collection('users')
      .find({ wechatOpenid: openidFor('alice') })
      .toArray();
    expect(users).toHaveLength(1);
  });

  test('concurrent first logins of one person create exactly one user', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => t.api.post('/api/v1/auth/wechat').send({ code: `bob.${i}` })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(200));
    expect(new Set(results.map((r) => r.body.user.id)).size).toBe(1);
    expect(await t.conn.collection('users').countDocuments({ wechatOpenid: openidFor('bob') })).toBe(1);
  });

  test('an invalid code → 401 WECHAT_CODE_INVALID in Chinese, no user', async () => {
    const before = await t.conn.collection('users').countDocuments();
    const res = await t.api.post('/api/v1/auth/wechat').send({ code: 'invalid-code' }).expect(401);
    expect(res.body.error).toEqual({
      code: 'WECHAT_CODE_INVALID',
      message: '微信登录凭证无效或已过期，请重新进入小程序后再试',
    });
    const reused = await t.api.post('/api/v1/auth/wechat').send({ code: 'alice.1' }).expect(401);
    expect(reused.body.error.code).toBe('WECHAT_CODE_INVALID');
    expect(await t.conn.collection('users').countDocuments()).toBe(before);
  });

  test('WeChat rate limit (45011) → 429; WeChat failing or slow → 503 with a clear message', async () => {
    const busy = await t.api.post('/api/v1/auth/wechat').send({ code: 'busy.1' }).expect(429);
    expect(busy.body.error.code).toBe('WECHAT_RATE_LIMITED');
    const down = await t.api.post('/api/v1/auth/wechat').send({ code: 'down.1' }).expect(503);
    expect(down.body.error).toEqual({
      code: 'WECHAT_UNAVAILABLE',
      message: '微信登录服务暂时不可用，请稍后重试',
    });
    wx.slowMs = 2000;
    const slow = await t.api.post('/api/v1/auth/wechat').send({ code: 'slow.1' }).expect(503);
    expect(slow.body.error.code).toBe('WECHAT_UNAVAILABLE');
    expect(slow.headers['retry-after']).toBe('5');
  });

  test('an empty code → 422', async () => {
    const res = await t.api.post('/api/v1/auth/wechat').send({ code: '' }).expect(422);
    expect(res.body.error.details.fields[0]).toMatchObject({ path: 'code', message: '缺少登录凭证 code' });
  });
});

describe('password login', () => {
  test('staff1 logs in and sees role and organ', async () => {
    const { user, token } = await loginPassword(t, 'staff1');
    expect(user).toMatchObject({ username: 'staff1', displayName: '王芳', roles: ['staff'] });
    const me = await t.api.get('/api/v1/me').set(bearer(token)).expect(200);
    expect(me.body.user.organs).toEqual([{ id: user.organIds[0], name: '江西省人民政府政务公开办公室' }]);
  });

  test('wrong password → 401 with attempts left; the 6th try is locked out (429) even with the right password', async () => {
    const statuses: number[] = [];
    const messages: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await t.api
        .post('/api/v1/auth/password')
        .send({ username: 'reviewer1', password: 'wrong-pass' });
      statuses.push(r.status);
      messages.push(r.body.error.message);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    expect(messages[0]).toBe('用户名或密码错误，还可尝试4次');
    expect(messages[4]).toBe('用户名或密码错误，账号已临时锁定');
    const locked = await t.api
      .post('/api/v1/auth/password')
      .send({ username: 'reviewer1', password: 'demo1234' })
      .expect(429);
    expect(locked.body.error.code).toBe('LOGIN_LOCKED');
    expect(locked.headers['retry-after']).toBe('900');
    clock.advance(15 * 60_000 + 1000);
    await loginPassword(t, 'reviewer1');
  });

  test('an unknown user gets the same answer as a wrong password', async () => {
    const res = await t.api
      .post('/api/v1/auth/password')
      .send({ username: 'nobody', password: 'whatever1' })
      .expect(401);
    expect(res.body.error.code).toBe('BAD_CREDENTIALS');
  });
});

describe('dev login', () => {
  test('creates a citizen on first use and reuses it', async () => {
    const a = await loginDev(t, '赵小满');
    const b = await loginDev(t, '赵小满');
    expect(a.user.id).toBe(b.user.id);
    expect(a.user.roles).toEqual(['citizen']);
  });

  test('is refused (404) with NODE_ENV=production', async () => {
    const prod = await startTestApp(
      {
        NODE_ENV: 'production',
        LOG_LEVEL: 'silent',
        JWT_SECRET: 'p'.repeat(40),
        PII_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
        MONGODB_URI: process.env.TEST_DB_URI!,
      },
      { seed: false },
    );
    try {
      const res = await prod.api.post('/api/v1/auth/dev').send({ name: '测试' }).expect(404);
      expect(res.body.error.code).toBe('ROUTE_NOT_FOUND');
      expect(await prod.conn.collection('users').countDocuments()).toBe(0);
      const meta = await prod.api.get('/api/v1/meta').expect(200);
      expect(meta.body.devLoginEnabled).toBe(false);
    } finally {
      await prod.close();
    }
  });
});

describe('tokens', () => {
  test('no token → 401; a garbage token → 401 TOKEN_INVALID', async () => {
    const none = await t.api.get('/api/v1/me').expect(401);
    expect(none.body.error).toEqual({ code: 'UNAUTHENTICATED', message: '请先登录' });
    const bad = await t.api.get('/api/v1/me').set('Authorization', 'Bearer not.a.token').expect(401);
    expect(bad.body.error.code).toBe('TOKEN_INVALID');
  });

  test('wrong signature, alg none and expired tokens → 401', async () => {
    const { user } = await loginDev(t, '钱多多');
    const now = Math.floor(clock.now().getTime() / 1000);
    const forged = await new SignJWT({ ver: 0 })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setIssuer('zwgk')
      .setAudience('zwgk-api')
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(new TextEncoder().encode('another-secret-another-secret-another'));
    expect((await t.api.get('/api/v1/me').set(bearer(forged)).expect(401)).body.error.code).toBe(
      'TOKEN_INVALID',
    );

    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: user.id, ver: 0, iss: 'zwgk', aud: 'zwgk-api', exp: now + 600 })}.`;
    expect((await t.api.get('/api/v1/me').set(bearer(none)).expect(401)).body.error.code).toBe(
      'TOKEN_INVALID',
    );

    const expired = await new SignJWT({ ver: 0 })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setIssuer('zwgk')
      .setAudience('zwgk-api')
      .setIssuedAt(now - 1000)
      .setExpirationTime(now - 100)
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    const res = await t.api.get('/api/v1/me').set(bearer(expired)).expect(401);
    expect(res.body.error).toEqual({ code: 'TOKEN_EXPIRED', message: '登录已过期，请重新登录' });
  });

  test('the access token expires with the clock; the refresh token renews it once', async () => {
    const login = await loginDev(t, '孙悟净');
    clock.advance(901_000);
    expect((await t.api.get('/api/v1/me').set(bearer(login.token)).expect(401)).body.error.code).toBe(
      'TOKEN_EXPIRED',
    );
    const renewed = await t.api
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: login.refreshToken })
      .expect(200);
    expect(renewed.body.refreshToken).not.toBe(login.refreshToken);
    await t.api.get('/api/v1/me').set(bearer(renewed.body.token)).expect(200);
    const replay = await t.api
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: login.refreshToken })
      .expect(401);
    expect(replay.body.error.code).toBe('REFRESH_INVALID');
  });

  test('concurrent refreshes with one token: exactly one wins', async () => {
    const login = await loginDev(t, '周一鸣');
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        t.api.post('/api/v1/auth/refresh').send({ refreshToken: login.refreshToken }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 401, 401, 401, 401]);
  });

  test('logout voids the refresh token', async () => {
    const login = await loginDev(t, '吴一凡');
    await t.api.post('/api/v1/auth/logout').send({ refreshToken: login.refreshToken }).expect(204);
    await t.api.post('/api/v1/auth/refresh').send({ refreshToken: login.refreshToken }).expect(401);
  });

  test("a disabled user's token stops working at once, and so does its refresh token", async () => {
    const admin = await loginPassword(t, 'admin');
    const citizen = await loginDev(t, '郑小停');
    await t.api.get('/api/v1/me').set(bearer(citizen.token)).expect(200);
    await t.api
      .patch(`/api/v1/admin/users/${citizen.user.id}`)
      .set(bearer(admin.token))
      .send({ disabled: true })
      .expect(200);
    const res = await t.api.get('/api/v1/me').set(bearer(citizen.token)).expect(401);
    expect(res.body.error.code).toBe('TOKEN_INVALID');
    await t.api.post('/api/v1/auth/refresh').send({ refreshToken: citizen.refreshToken }).expect(401);
    const again = await t.api.post('/api/v1/auth/dev').send({ name: '郑小停' }).expect(401);
    expect(again.body.error).toEqual({ code: 'ACCOUNT_DISABLED', message: '该账号已停用，请联系管理员' });
  });
});
