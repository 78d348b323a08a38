/**
 * The WeChat API failing or slow: logins fail with a clear message (and work again when WeChat
 * does), subscribe messages are retried later, and nothing is sent twice.
 */
import { startFakeWechat, type FakeWechat } from '../support/fake-wechat';
import { call, login, publishSession, sleep, startCluster, until, type Cluster } from './cluster';

let fake: FakeWechat;
let c: Cluster;
beforeAll(async () => {
  fake = await startFakeWechat();
  c = await startCluster(2, { WECHAT_API_BASE: fake.url, WECHAT_TIMEOUT_MS: '800' });
});
afterAll(async () => {
  await c?.close();
  await fake?.close();
});

test('login while WeChat is down or slow: 503 with a Chinese message; fine once it answers', async () => {
  const base = c.nodes[0]!.url;
  const down = await call(base, 'POST', '/auth/wechat', { body: { code: 'down.1' } });
  expect(down.status).toBe(503);
  expect(down.body.error).toEqual({
    code: 'WECHAT_UNAVAILABLE',
    message: '微信登录服务暂时不可用，请稍后重试',
  });
  expect(down.headers.get('retry-after')).toBe('5');
  fake.slowMs = 3000;
  const slow = await call(base, 'POST', '/auth/wechat', { body: { code: 'slow.1' } });
  expect(slow.status).toBe(503);
  const ok = await call(base, 'POST', '/auth/wechat', { body: { code: 'fine.1' } });
  expect(ok.status).toBe(200);
});

test('failing subscribe-message sends are retried by either process and delivered exactly once', async () => {
  const [a, b] = c.nodes.map((n) => n.url) as [string, string];
  const organizer = await login(a, 'organizer1');
  const sessionId = await publishSession(a, organizer, 10);
  fake.failSends = 12; // the first dozen attempts fail
  const people: string[] = [];
  for (let i = 0; i < 10; i++) {
    const r = await call(i % 2 ? b : a, 'POST', '/auth/wechat', { body: { code: `retry${i}.x` } });
    people.push(r.body.token);
  }
  for (const [i, token] of people.entries()) {
    const r = await call(i % 2 ? a : b, 'POST', `/sessions/${sessionId}/bookings`, { token });
    expect(r.status).toBe(201);
  }
  await until(
    async () => fake.messages.filter((m) => m.template_id === 'dev-tmpl-booking').length >= 10,
    60_000,
    'all booking messages after retries',
  );
  await sleep(2000);
  const sent = fake.messages.filter((m) => m.template_id === 'dev-tmpl-booking').map((m) => m.touser);
  expect(sent).toHaveLength(10);
  expect(new Set(sent).size).toBe(10);
  expect(fake.sendAttempts).toBeGreaterThanOrEqual(22);
  const jobs = await c.db
    .collection('outbox')
    .find({ 'payload.kind': { $in: ['booking.confirmed'] } })
    .toArray();
  expect(jobs.every((j) => j.state === 'done')).toBe(true);
  expect(jobs.some((j) => j.attempts > 1)).toBe(true);
});
