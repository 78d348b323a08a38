/**
 * 政务公开讲 notices through the message centre: booking confirmed / waitlisted / promoted,
 * reminders the day before (09:00 Beijing) and one hour before, withdrawn on cancellation,
 * session cancelled and changed. Two API instances poll one outbox: each message goes out once;
 * a failing WeChat API is retried.
 */
import { FixedClock } from '../../server/src/platform/clock';
import { seedAccounts } from '../../server/src/seed/demo';
import { seedSessions } from '../../server/src/seed/sessions';
import { startTestApp, bearer, loginPassword, loginWechat, type TestApp } from '../support/app';
import { openidFor, startFakeWechat, type FakeWechat, type SentMessage } from '../support/fake-wechat';

// 2026-12-01 10:00 Beijing time.
const T0 = new Date('2026-12-01T02:00:00Z');
const clock = new FixedClock(T0);
let fake: FakeWechat;
let t: TestApp;
let t2: TestApp;
let organizer: string;
let zoneId: string;

/** Only the demo data these tests need (organs, staff accounts, zones and sessions). */
async function seedOurs(app: TestApp) {
  const c = app.built.context;
  await seedAccounts(c.conn, c.claims, clock.now());
  await seedSessions({ conn: c.conn, claims: c.claims, now: clock.now(), accounts: c.accounts, module: c });
}

beforeAll(async () => {
  fake = await startFakeWechat();
  const env = { WECHAT_API_BASE: fake.url, ACCESS_TOKEN_TTL_SECONDS: '86400' };
  t = await startTestApp(env, { clock, seed: false });
  await seedOurs(t);
  t2 = await startTestApp({ ...env, DB_NAME: t.config.db.name }, { clock, seed: false });
  organizer = (await loginPassword(t, 'organizer1')).token;
  zoneId = (await t.api.get('/api/v1/zones').expect(200)).body.items[0].id;
}, 240000);
afterAll(async () => {
  await t2?.close();
  await t?.close();
  await fake?.close();
});

/** Both instances deliver what is due, at the same time. */
async function runBoth() {
  const [a, b] = await Promise.all([t.built.outbox.runDue(), t2.built.outbox.runDue()]);
  return { done: a.done + b.done, retried: a.retried + b.retried, failed: a.failed + b.failed };
}

const title = (m: SentMessage) => m.data.thing1?.value ?? '';
const sentTo = (openid: string, prefix: string) =>
  fake.messages.filter((m) => m.touser === openid && title(m).startsWith(prefix)).length;

async function session(overrides: Record<string, unknown>) {
  const created = await t.api
    .post('/api/v1/sessions')
    .set(bearer(organizer))
    .send({
      title: '个税专项附加扣除',
      description: '讲解个人所得税专项附加扣除的填报方法，现场解答群众提问。',
      topic: '纳税',
      zoneId,
      room: '三楼报告厅',
      // 2026-12-03 14:30-16:00 Beijing.
      startsAt: '2026-12-03T06:30:00Z',
      endsAt: '2026-12-03T08:00:00Z',
      capacity: 3,
      ...overrides,
    })
    .expect(201);
  const id = created.body.session.id as string;
  await t.api.post(`/api/v1/sessions/${id}/publish`).set(bearer(organizer)).expect(200);
  return id;
}

describe('booking notices and reminders, two instances', () => {
  const names = ['rm-a', 'rm-b', 'rm-c', 'rm-d', 'rm-e'];
  const people: { name: string; token: string; booking: { id: string; status: string } }[] = [];
  let sid: string;

  test('book: confirmed and waitlisted notices, each sent once', async () => {
    sid = await session({});
    for (const [i, name] of names.entries()) {
      const who = await loginWechat(t, name);
      const res = await (i % 2 ? t2 : t).api
        .post(`/api/v1/sessions/${sid}/bookings`)
        .set(bearer(who.token))
        .expect(201);
      people.push({ name, token: who.token, booking: res.body.booking });
    }
    expect(people.map((p) => p.booking.status)).toEqual([
      'confirmed',
      'confirmed',
      'confirmed',
      'waitlisted',
      'waitlisted',
    ]);
    await runBoth();
    await runBoth();
    expect(fake.messages).toHaveLength(5);
    for (const p of people.slice(0, 3))
      expect(sentTo(openidFor(p.name), '预约成功：个税专项附加扣除')).toBe(1);
    for (const p of people.slice(3))
      expect(sentTo(openidFor(p.name), '已加入候补：个税专项附加扣除')).toBe(1);
    const confirmedMsg = fake.messages.find((m) => m.touser === openidFor('rm-a'))!;
    expect(confirmedMsg.template_id).toBe('dev-tmpl-booking');
    // In-app: the confirmed notice now; reminders are listed when they are due.
    const list = (await t.api.get('/api/v1/notifications').set(bearer(people[0]!.token)).expect(200)).body;
    expect(list.items.map((n: { kind: string }) => n.kind)).toEqual(['booking.confirmed']);
    expect(list.items[0].link).toBe(`/pages/session-detail/index?id=${sid}`);
  });

  test('cancel a confirmed booking: its reminders are withdrawn, the head of the list is promoted and told', async () => {
    const leaving = people[1]!;
    await t2.api
      .delete(`/api/v1/sessions/${sid}/bookings/${leaving.booking.id}`)
      .set(bearer(leaving.token))
      .expect(200);
    await runBoth();
    expect(sentTo(openidFor('rm-d'), '候补成功：个税专项附加扣除')).toBe(1);
    expect(sentTo(openidFor('rm-e'), '候补成功')).toBe(0);
    expect(fake.messages).toHaveLength(6);
  });

  test('the day before at 09:00 Beijing: one reminder per confirmed booking; a failed send is retried', async () => {
    clock.set('2026-12-02T00:59:00Z'); // 08:59 Beijing: not yet
    await runBoth();
    expect(fake.messages).toHaveLength(6);
    clock.set('2026-12-02T01:00:00Z'); // 09:00 Beijing, the day before
    fake.failSends = 1;
    const first = await runBoth();
    expect(first).toMatchObject({ done: 2, retried: 1 });
    await runBoth(); // the failed one waits for its backoff
    expect(fake.messages).toHaveLength(8);
    clock.advance(31_000);
    expect(await runBoth()).toMatchObject({ done: 1, retried: 0 });
    await runBoth();
    for (const name of ['rm-a', 'rm-c', 'rm-d'])
      expect(sentTo(openidFor(name), '明天参加：个税专项附加扣除')).toBe(1);
    expect(sentTo(openidFor('rm-b'), '明天参加')).toBe(0); // cancelled
    expect(sentTo(openidFor('rm-e'), '明天参加')).toBe(0); // still waiting
    expect(fake.messages).toHaveLength(9);
    const reminder = fake.messages.find((m) => title(m).startsWith('明天参加'))!;
    expect(reminder.template_id).toBe('dev-tmpl-session');
  });

  test('one hour before: one reminder each, nothing twice', async () => {
    clock.set('2026-12-03T05:30:00Z'); // 13:30 Beijing
    await runBoth();
    await runBoth();
    for (const name of ['rm-a', 'rm-c', 'rm-d'])
      expect(sentTo(openidFor(name), '1小时后开始：个税专项附加扣除')).toBe(1);
    expect(fake.messages).toHaveLength(12);
    const again = (await loginWechat(t, 'rm-a')).token; // the clock moved past the token's lifetime
    const list = (await t.api.get('/api/v1/notifications').set(bearer(again)).expect(200)).body;
    expect(list.items.map((n: { kind: string }) => n.kind).sort()).toEqual([
      'booking.confirmed',
      'session.reminder',
      'session.reminder',
    ]);
  });

  afterAll(() => clock.set(T0));
});

describe('session cancelled and changed', () => {
  test('a time change tells everyone and moves the reminders; a cancellation tells everyone and withdraws them', async () => {
    clock.set(T0);
    fake.messages.length = 0;
    const sid = await session({ title: '住房公积金提取', capacity: 1 });
    const a = await loginWechat(t, 'ch-a');
    const b = await loginWechat(t, 'ch-b');
    await t.api.post(`/api/v1/sessions/${sid}/bookings`).set(bearer(a.token)).expect(201);
    await t2.api.post(`/api/v1/sessions/${sid}/bookings`).set(bearer(b.token)).expect(201);
    await runBoth();
    expect(fake.messages).toHaveLength(2);

    // Moved one day later: 2026-12-04 14:30 Beijing.
    await t2.api
      .patch(`/api/v1/sessions/${sid}`)
      .set(bearer(organizer))
      .send({
        startsAt: '2026-12-04T06:30:00Z',
        endsAt: '2026-12-04T08:00:00Z',
        cancelCutoff: '2026-12-04T04:30:00Z',
      })
      .expect(200);
    await runBoth();
    expect(sentTo(openidFor('ch-a'), '活动变更：住房公积金提取')).toBe(1);
    expect(sentTo(openidFor('ch-b'), '活动变更：住房公积金提取')).toBe(1);
    // The old day-before reminder (12-02 09:00) is gone; the new one comes on 12-03 09:00.
    clock.set('2026-12-02T01:00:00Z');
    await runBoth();
    expect(sentTo(openidFor('ch-a'), '明天参加')).toBe(0);
    clock.set('2026-12-03T01:00:00Z');
    await runBoth();
    expect(sentTo(openidFor('ch-a'), '明天参加：住房公积金提取')).toBe(1);

    // Cancelled: both told once, the hour-before reminder never goes out.
    const fresh = (await loginPassword(t, 'organizer1')).token;
    await t.api
      .post(`/api/v1/sessions/${sid}/cancel`)
      .set(bearer(fresh))
      .send({ reason: '因场地检修，本场次取消' })
      .expect(200);
    await runBoth();
    expect(sentTo(openidFor('ch-a'), '活动取消：住房公积金提取')).toBe(1);
    expect(sentTo(openidFor('ch-b'), '活动取消：住房公积金提取')).toBe(1);
    const before = fake.messages.length;
    clock.set('2026-12-04T05:30:00Z');
    await runBoth();
    expect(fake.messages).toHaveLength(before);
    const bAgain = (await loginWechat(t, 'ch-b')).token;
    const inApp = (await t.api.get('/api/v1/notifications').set(bearer(bAgain)).expect(200)).body.items;
    expect(inApp.map((n: { kind: string }) => n.kind)).toContain('session.cancelled');
  });

  afterAll(() => clock.set(T0));
});
