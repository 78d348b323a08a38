/**
 * The message centre and the outbox: one notice per key, scheduled notices appear and are pushed on
 * time, withdrawn ones never are, muted kinds are not pushed, a failing WeChat API is retried, and
 * two instances polling the same outbox send each message once.
 */
import { FixedClock } from '../../server/src/platform/clock';
import { startTestApp, bearer, loginDev, loginWechat, type TestApp } from '../support/app';
import { openidFor, startFakeWechat, type FakeWechat } from '../support/fake-wechat';

const clock = new FixedClock(new Date('2026-12-01T02:00:00Z'));
let fake: FakeWechat;
let t: TestApp;
let alice: { token: string; user: { id: string } };
beforeAll(async () => {
  fake = await startFakeWechat();
  t = await startTestApp(
    { WECHAT_API_BASE: fake.url, ACCESS_TOKEN_TTL_SECONDS: '86400' },
    { clock, seed: false },
  );
  alice = await loginWechat(t, 'alice');
});
afterAll(async () => {
  await t.close();
  await fake.close();
});

const n = () => t.built.services.notifications;
const list = (token: string) => t.api.get('/api/v1/notifications').set(bearer(token)).expect(200);

test('one notice per key: listed once, pushed once as a subscribe message', async () => {
  const input = {
    key: 'booking.confirmed:b1',
    userId: alice.user.id,
    kind: 'booking.confirmed' as const,
    title: '预约成功：社保政策公开讲',
    body: '12月5日 14:30 省政务服务中心',
    link: '/pages/my-bookings/index',
  };
  expect(await n().notify(input)).toBe(true);
  expect(await n().notify(input)).toBe(false);
  const res = await list(alice.token);
  expect(res.body.items).toHaveLength(1);
  expect(res.body.unread).toBe(1);
  expect(res.body.items[0]).toMatchObject({ kind: 'booking.confirmed', title: input.title, read: false });

  expect(await t.built.outbox.runDue()).toMatchObject({ done: 1, failed: 0 });
  expect(await t.built.outbox.runDue()).toMatchObject({ done: 0 });
  expect(fake.messages).toHaveLength(1);
  expect(fake.messages[0]).toMatchObject({
    touser: openidFor('alice'),
    template_id: 'dev-tmpl-booking',
    page: 'pages/my-bookings/index',
    data: { thing1: { value: '预约成功：社保政策公开讲' }, time3: { value: '2026年12月01日 10:00' } },
  });
});

test('a scheduled reminder appears and is pushed at its time; a withdrawn one never is', async () => {
  const before = fake.messages.length;
  const at = new Date(clock.now().getTime() + 3600_000);
  await n().notify({
    key: 'session.reminder:hour:b1',
    userId: alice.user.id,
    kind: 'session.reminder',
    title: '活动提醒',
    body: '您预约的公开讲1小时后开始',
    at,
  });
  await n().notify({
    key: 'session.reminder:hour:b2',
    userId: alice.user.id,
    kind: 'session.reminder',
    title: '活动提醒',
    body: '已取消的预约',
    at,
  });
  expect(await n().cancel('session.reminder:hour:b2')).toBe(1);
  expect((await list(alice.token)).body.items).toHaveLength(1);
  await t.built.outbox.runDue();
  expect(fake.messages).toHaveLength(before);

  clock.advance(3600_000);
  const res = await list(alice.token);
  expect(res.body.items.map((i: { body: string }) => i.body)).toEqual([
    '您预约的公开讲1小时后开始',
    '12月5日 14:30 省政务服务中心',
  ]);
  expect(await t.built.outbox.runDue()).toMatchObject({ done: 1 });
  expect(fake.messages).toHaveLength(before + 1);
  expect((await t.built.outbox.get(`wx:${res.body.items[0].id}`))!.state).toBe('done');
});

test('a muted kind stays in the list and is not pushed; preferences round-trip', async () => {
  clock.advance(1000);
  const prefs = await t.api.get('/api/v1/notifications/preferences').set(bearer(alice.token)).expect(200);
  expect(prefs.body.items.find((p: { kind: string }) => p.kind === 'disclosure.replied')).toEqual({
    kind: 'disclosure.replied',
    label: '答复已出具',
    wechat: true,
    templateId: 'dev-tmpl-disclosure',
  });
  const put = await t.api
    .put('/api/v1/notifications/preferences')
    .set(bearer(alice.token))
    .send({ muted: ['disclosure.replied'] })
    .expect(200);
  expect(put.body.items.find((p: { kind: string }) => p.kind === 'disclosure.replied').wechat).toBe(false);
  const bad = await t.api
    .put('/api/v1/notifications/preferences')
    .set(bearer(alice.token))
    .send({ muted: ['no.such.kind'] });
  expect(bad.status).toBe(422);

  const before = fake.messages.length;
  await n().notify({
    key: 'disclosure.replied:r1',
    userId: alice.user.id,
    kind: 'disclosure.replied',
    title: '答复已出具',
    body: '赣公开申〔2026〕00001号',
  });
  expect(await t.built.outbox.runDue()).toMatchObject({ done: 0, failed: 1 });
  expect(fake.messages).toHaveLength(before);
  expect((await list(alice.token)).body.items[0].title).toBe('答复已出具');
});

test('a failing WeChat API is retried with backoff and the message goes out once', async () => {
  const before = fake.messages.length;
  fake.failSends = 1;
  await n().notify({
    key: 'booking.promoted:b9',
    userId: alice.user.id,
    kind: 'booking.promoted',
    title: '候补成功',
    body: '您已由候补转为正式预约',
  });
  expect(await t.built.outbox.runDue()).toMatchObject({ retried: 1, done: 0 });
  expect(await t.built.outbox.runDue()).toMatchObject({ retried: 0, done: 0 });
  clock.advance(31_000);
  expect(await t.built.outbox.runDue()).toMatchObject({ done: 1 });
  expect(fake.messages).toHaveLength(before + 1);
  const job = await t.conn.collection('outbox').findOne({ 'payload.kind': 'booking.promoted' });
  expect(job).toMatchObject({ state: 'done', attempts: 2 });
});

test('two instances polling one outbox send each message exactly once', async () => {
  const second = await startTestApp(
    { WECHAT_API_BASE: fake.url, DB_NAME: t.config.db.name },
    { clock, seed: false },
  );
  try {
    const before = fake.messages.length;
    fake.sendDelayMs = 20;
    for (let i = 0; i < 12; i++) {
      await n().notify({
        key: `session.changed:s${i}`,
        userId: alice.user.id,
        kind: 'session.changed',
        title: `活动变更${i}`,
        body: '时间调整',
      });
    }
    await Promise.all([
      t.built.outbox.runDue(),
      second.built.outbox.runDue(),
      t.built.outbox.runDue(),
      second.built.outbox.runDue(),
    ]);
    fake.sendDelayMs = 0;
    const sent = fake.messages.slice(before).map((m) => m.data.thing1!.value);
    expect(sent).toHaveLength(12);
    expect(new Set(sent).size).toBe(12);
  } finally {
    await second.close().catch(() => undefined);
  }
});

test('read state: mine only, one by one or all; a user without WeChat gets the in-app notice only', async () => {
  clock.advance(1000);
  const bob = await loginDev(t, '鲍勃');
  await n().notify({
    key: 'system:welcome',
    userId: bob.user.id,
    kind: 'system',
    title: '欢迎',
    body: '欢迎使用',
  });
  await n().notify({
    key: 'consultation.answered:c1',
    userId: bob.user.id,
    kind: 'consultation.answered',
    title: '咨询已答复',
    body: '请查看答复',
  });
  const res = await list(bob.token);
  expect(res.body.unread).toBe(2);
  const id = res.body.items[0].id as string;
  await t.api.post(`/api/v1/notifications/${id}/read`).set(bearer(alice.token)).expect(404);
  const read = await t.api.post(`/api/v1/notifications/${id}/read`).set(bearer(bob.token)).expect(200);
  expect(read.body.notification.read).toBe(true);
  const count = await t.api.get('/api/v1/notifications/unread-count').set(bearer(bob.token)).expect(200);
  expect(count.body).toEqual({ unread: 1 });
  const all = await t.api.post('/api/v1/notifications/read-all').set(bearer(bob.token)).expect(200);
  expect(all.body).toEqual({ updated: 1 });
  expect((await list(bob.token)).body.unread).toBe(0);
  await t.api.post('/api/v1/notifications/not-an-id/read').set(bearer(bob.token)).expect(400);
  await t.api.get('/api/v1/notifications').expect(401);

  const r = await t.built.outbox.runDue();
  expect(r.failed).toBeGreaterThanOrEqual(1); // no WeChat identity: given up, not retried
  const job = await t.conn.collection('outbox').findOne({ 'payload.kind': 'consultation.answered' });
  expect(job).toMatchObject({ state: 'failed', lastError: '用户没有可用的微信身份' });
});

test('paging by cursor walks the whole list once', async () => {
  const carol = await loginDev(t, '卡罗尔');
  for (let i = 0; i < 5; i++) {
    clock.advance(1000);
    await n().notify({
      key: `system:p${i}`,
      userId: carol.user.id,
      kind: 'system',
      title: `第${i}条`,
      body: '.',
    });
  }
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const res: { body: { items: { title: string }[]; nextCursor: string | null } } = await t.api
      .get('/api/v1/notifications')
      .query({ limit: 2, ...(cursor ? { cursor } : {}) })
      .set(bearer(carol.token))
      .expect(200);
    seen.push(...res.body.items.map((i) => i.title));
    cursor = res.body.nextCursor;
  } while (cursor);
  expect(seen).toEqual(['第4条', '第3条', '第2条', '第1条', '第0条']);
  await t.api.get('/api/v1/notifications?cursor=zzz').set(bearer(carol.token)).expect(400);
});
