import { Types } from 'mongoose';
import { FixedClock } from '../../server/src/platform/clock';
import { startTestApp, loginDev, loginPassword, bearer, type TestApp } from '../support/app';

// 2026-12-01 10:00 Beijing time.
const clock = new FixedClock(new Date('2026-12-01T02:00:00Z'));
let t: TestApp;
let t2: TestApp;
let organizer: string; // organizer1, JX-RST
let otherOrganizer: string; // an organizer of JX-JYT
let admin: string;
let zones: { id: string; name: string }[];

const H = 3600_000;
const at = (hoursFromNow: number) => new Date(clock.now().getTime() + hoursFromNow * H).toISOString();

beforeAll(async () => {
  t = await startTestApp({}, { clock });
  admin = (await loginPassword(t, 'admin')).token;
  organizer = (await loginPassword(t, 'organizer1')).token;
  const organs: { id: string; code: string }[] = (await t.api.get('/api/v1/organs').expect(200)).body.items;
  await t.api
    .post('/api/v1/admin/users')
    .set(bearer(admin))
    .send({
      username: 'organizer2',
      displayName: '刘芳',
      password: 'demo1234',
      roles: ['organizer'],
      organIds: [organs.find((o) => o.code === 'JX-JYT')!.id],
    })
    .expect(201);
  otherOrganizer = (await loginPassword(t, 'organizer2')).token;
  zones = (await t.api.get('/api/v1/zones').expect(200)).body.items;
}, 60000);
afterAll(async () => {
  await t2?.close();
  await t.close();
});

/** Create and publish a session of JX-RST; returns its id. */
async function publishedSession(overrides: Record<string, unknown> = {}) {
  const created = await t.api
    .post('/api/v1/sessions')
    .set(bearer(organizer))
    .send({
      title: '失业保险稳岗返还政策解读',
      description: '讲解失业保险稳岗返还的申领条件、返还标准和办理流程，现场解答企业提问。',
      topic: '就业创业',
      speakers: [{ name: '刘志明', title: '就业促进处处长' }],
      zoneId: zones[0]!.id,
      room: '一楼政策解读室',
      startsAt: at(48),
      endsAt: at(49.5),
      capacity: 5,
      ...overrides,
    })
    .expect(201);
  const id = created.body.session.id as string;
  await t.api.post(`/api/v1/sessions/${id}/publish`).set(bearer(organizer)).expect(200);
  return id;
}

async function citizens(prefix: string, n: number) {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push((await loginDev(t, `${prefix}${i}`)).token);
  return out;
}

describe('demo data', () => {
  test('three zones and the upcoming published sessions, one of them full with a waiting list', async () => {
    expect(zones.map((z) => z.name)).toEqual([
      '江西省政务服务中心政务公开专区',
      '南昌市民中心政务公开专区',
      '南昌县政务服务中心政务公开专区',
    ]);
    const res = await t.api.get('/api/v1/sessions').expect(200);
    const items = res.body.items as {
      title: string;
      capacity: number;
      seatsLeft: number;
      waitlistCount: number;
      status: string;
      bookingState: string;
    }[];
    expect(items.map((s) => s.title)).not.toContain('职业技能等级认定政策解读'); // the draft
    const full = items.find((s) => s.title === '城乡居民基本养老保险缴费与待遇领取政策讲解')!;
    expect(full).toMatchObject({ capacity: 6, seatsLeft: 0, waitlistCount: 3, bookingState: 'waitlist' });
    const nearlyFull = items.find((s) => s.title === '义务教育阶段招生入学政策解读')!;
    expect(nearlyFull).toMatchObject({ capacity: 10, seatsLeft: 2, waitlistCount: 0, bookingState: 'open' });
    expect(items.find((s) => s.title === '南昌市优化营商环境若干措施政策宣讲')!.bookingState).toBe(
      'not_open',
    );
    expect(items.find((s) => s.title === '“高效办成一件事”改革政策解读')).toMatchObject({
      status: 'cancelled',
      bookingState: 'cancelled',
    });
    expect(res.body.nextCursor).toBeNull();
  });

  test('filters by zone, topic and Beijing date', async () => {
    const county = zones[2]!.id;
    const byZone = (await t.api.get(`/api/v1/sessions?zone=${county}`).expect(200)).body.items;
    expect(byZone.map((s: { title: string }) => s.title)).toEqual(['农村低收入人口住房安全保障政策解读']);
    const byTopic = (await t.api.get(`/api/v1/sessions?topic=${encodeURIComponent('教育')}`).expect(200)).body
      .items;
    expect(byTopic).toHaveLength(1);
    // Seeded on 12-01 (Beijing); the county session is on day 3 → 2026-12-04.
    const byDate = (await t.api.get('/api/v1/sessions?date=2026-12-04').expect(200)).body.items;
    expect(byDate.map((s: { title: string }) => s.title)).toEqual(['农村低收入人口住房安全保障政策解读']);
    const bad = await t.api.get('/api/v1/sessions?date=12-04').expect(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('zones', () => {
  test('the admin edits a zone; others get 403; bad input → 422 and nothing changes', async () => {
    const id = zones[1]!.id;
    const res = await t.api
      .patch(`/api/v1/zones/${id}`)
      .set(bearer(admin))
      .send({ openingHours: '周一至周六 9:00-17:00（法定节假日除外）', phone: '0791-83888661' })
      .expect(200);
    expect(res.body.zone).toMatchObject({
      name: '南昌市民中心政务公开专区',
      openingHours: '周一至周六 9:00-17:00（法定节假日除外）',
      phone: '0791-83888661',
    });
    await t.api.patch(`/api/v1/zones/${id}`).set(bearer(organizer)).send({ phone: '0791-1' }).expect(403);
    const bad = await t.api
      .patch(`/api/v1/zones/${id}`)
      .set(bearer(admin))
      .send({ phone: '电话' })
      .expect(422);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    const now = (await t.api.get(`/api/v1/zones/${id}`).expect(200)).body.zone;
    expect(now.phone).toBe('0791-83888661');
    expect(now.services).toEqual(['信息查阅', '政府信息申请', '政务自助办理', '政策咨询窗口']);
  });
});

describe('organizers manage sessions of their organ', () => {
  test('create a draft, publish it; citizens do not see drafts', async () => {
    const citizen = (await loginDev(t, '草稿访客')).token;
    const created = await t.api
      .post('/api/v1/sessions')
      .set(bearer(organizer))
      .send({
        title: '工伤保险待遇政策解读',
        description: '讲解工伤认定、劳动能力鉴定和工伤保险待遇申领流程。',
        topic: '社会保障',
        zoneId: zones[1]!.id,
        room: 'B区二楼活动室',
        startsAt: at(72),
        endsAt: at(73),
        capacity: 30,
      })
      .expect(201);
    const s = created.body.session;
    expect(s).toMatchObject({ status: 'draft', capacity: 30, seatsLeft: 30, confirmedCount: 0 });
    expect(s.cancelCutoff).toBe(at(70));
    await t.api.get(`/api/v1/sessions/${s.id}`).set(bearer(citizen)).expect(404);
    const booked = await t.api.post(`/api/v1/sessions/${s.id}/bookings`).set(bearer(citizen)).expect(404);
    expect(booked.body.error.code).toBe('SESSION_NOT_FOUND');
    await t.api.post(`/api/v1/sessions/${s.id}/publish`).set(bearer(organizer)).expect(200);
    const seen = await t.api.get(`/api/v1/sessions/${s.id}`).set(bearer(citizen)).expect(200);
    expect(seen.body.session).toMatchObject({ status: 'published', bookingState: 'open', myBooking: null });
    const again = await t.api.post(`/api/v1/sessions/${s.id}/publish`).set(bearer(organizer)).expect(409);
    expect(again.body.error.code).toBe('SESSION_NOT_DRAFT');
  });

  test("another organ's organizer gets 403; a citizen cannot create", async () => {
    const id = await publishedSession();
    const citizen = (await loginDev(t, '无权访客')).token;
    for (const req of [
      t.api.patch(`/api/v1/sessions/${id}`).set(bearer(otherOrganizer)).send({ capacity: 50 }),
      t.api.post(`/api/v1/sessions/${id}/cancel`).set(bearer(otherOrganizer)).send({ reason: '测试取消' }),
      t.api.post(`/api/v1/sessions/${id}/checkins`).set(bearer(otherOrganizer)).send({ code: 'ABCDEF' }),
      t.api.get(`/api/v1/sessions/${id}/roster`).set(bearer(otherOrganizer)),
    ]) {
      const res = await req.expect(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
    await t.api.get(`/api/v1/sessions/${id}/roster`).set(bearer(citizen)).expect(403);
    await t.api.post('/api/v1/sessions').set(bearer(citizen)).send({}).expect(403);
    const detail = await t.api.get(`/api/v1/sessions/${id}`).expect(200);
    expect(detail.body.session.capacity).toBe(5);
    const mine = (await t.api.get('/api/v1/organizer/sessions').set(bearer(otherOrganizer)).expect(200)).body
      .items;
    expect(mine.map((s: { title: string }) => s.title)).toEqual(['义务教育阶段招生入学政策解读']);
  });

  test('bad times → 422 and nothing is created', async () => {
    const before = await t.conn.collection('lecture_sessions').countDocuments();
    const res = await t.api
      .post('/api/v1/sessions')
      .set(bearer(organizer))
      .send({
        title: '时间有误的场次',
        description: '结束时间早于开始时间的场次不能创建。',
        topic: '就业创业',
        zoneId: zones[0]!.id,
        room: '一楼',
        startsAt: at(10),
        endsAt: at(9),
        capacity: 10,
      })
      .expect(422);
    expect(res.body.error).toMatchObject({
      code: 'SESSION_TIMES_INVALID',
      message: '结束时间须晚于开始时间',
    });
    expect(await t.conn.collection('lecture_sessions').countDocuments()).toBe(before);
  });
});

describe('booking rush through two API instances', () => {
  let sessionId: string;
  let tokens: string[];
  const bookingOf = new Map<string, { id: string; status: string }>();

  test('200 citizens, 20 seats: exactly 20 confirmed and 180 waitlisted, nobody twice', async () => {
    t2 = await startTestApp({ DB_NAME: t.config.db.name }, { clock, seed: false });
    sessionId = await publishedSession({
      capacity: 20,
      title: '2026年度个人所得税汇算清缴政策解读',
      topic: '纳税',
    });
    tokens = await citizens('抢座群众', 200);
    const results = await Promise.all(
      tokens.map((tok, i) =>
        (i % 2 ? t2 : t).api.post(`/api/v1/sessions/${sessionId}/bookings`).set(bearer(tok)),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(200).fill(201));
    results.forEach((r, i) => bookingOf.set(tokens[i]!, r.body.booking));
    const confirmed = results.filter((r) => r.body.booking.status === 'confirmed');
    expect(confirmed).toHaveLength(20);
    expect(confirmed.map((r) => r.body.booking.seatNo).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    const codes = new Set(results.map((r) => r.body.booking.code));
    expect(codes.size).toBe(200);
    for (const c of codes) expect(c).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);

    const roster = (
      await t.api.get(`/api/v1/sessions/${sessionId}/roster`).set(bearer(organizer)).expect(200)
    ).body;
    expect(roster.attendance).toEqual({ confirmed: 20, checkedIn: 0, waitlisted: 180, rate: 0 });
    const waiting = roster.items.filter((i: { status: string }) => i.status === 'waitlisted');
    expect(waiting.map((w: { waitlistPosition: number }) => w.waitlistPosition)).toEqual(
      Array.from({ length: 180 }, (_, i) => i + 1),
    );
    expect(
      await t.conn
        .collection('session_bookings')
        .countDocuments({ sessionId: new Types.ObjectId(sessionId) }),
    ).toBe(200);
    expect(
      await t.conn.collection('claims').countDocuments({ _id: { $regex: `^seat:${sessionId}:` } } as never),
    ).toBe(20);

    // The same person again, on either instance: refused.
    const twice = await t2.api
      .post(`/api/v1/sessions/${sessionId}/bookings`)
      .set(bearer(tokens[0]!))
      .expect(409);
    expect(twice.body.error).toMatchObject({
      code: 'ALREADY_BOOKED',
      message: '您已预约本场次，请勿重复预约',
    });

    const list = (await t.api.get('/api/v1/sessions?topic=%E7%BA%B3%E7%A8%8E').expect(200)).body.items[0];
    expect(list).toMatchObject({ capacity: 20, seatsLeft: 0, waitlistCount: 180, bookingState: 'waitlist' });
  }, 400000);

  test('late arrivals queue behind everyone, in arrival order', async () => {
    const [a, b] = await citizens('晚到群众', 2);
    const first = await t.api.post(`/api/v1/sessions/${sessionId}/bookings`).set(bearer(a!)).expect(201);
    const second = await t2.api.post(`/api/v1/sessions/${sessionId}/bookings`).set(bearer(b!)).expect(201);
    expect(first.body.booking).toMatchObject({ status: 'waitlisted', waitlistPosition: 181, seatNo: null });
    expect(second.body.booking).toMatchObject({ status: 'waitlisted', waitlistPosition: 182 });
  });

  test("someone leaves the middle of the waiting list: the next arrival's place counts them out", async () => {
    const list = async () =>
      (await t.api.get(`/api/v1/sessions/${sessionId}/roster`).set(bearer(organizer)).expect(200)).body
        .items as { bookingId: string; status: string; waitlistPosition: number | null }[];
    const before = (await list()).filter((i) => i.status === 'waitlisted');
    expect(before).toHaveLength(182);
    const tenth = before.find((i) => i.waitlistPosition === 10)!;
    const eleventh = before.find((i) => i.waitlistPosition === 11)!;
    const leaver = tokens.find((tok) => bookingOf.get(tok)?.id === tenth.bookingId)!;
    const mine = async (tok: string) =>
      (await t2.api.get(`/api/v1/sessions/${sessionId}`).set(bearer(tok)).expect(200)).body.session.myBooking;
    expect(await mine(leaver)).toEqual({ id: tenth.bookingId, status: 'waitlisted', checkedIn: false });
    await t2.api
      .delete(`/api/v1/sessions/${sessionId}/bookings/${tenth.bookingId}`)
      .set(bearer(leaver))
      .expect(200);
    const [late] = await citizens('又一位群众', 1);
    const res = await t.api.post(`/api/v1/sessions/${sessionId}/bookings`).set(bearer(late!)).expect(201);
    expect(res.body.booking).toMatchObject({ status: 'waitlisted', waitlistPosition: 182 });
    expect(await mine(leaver)).toBeNull();
    expect(await mine(late!)).toEqual({ id: res.body.booking.id, status: 'waitlisted', checkedIn: false });
    const listed = (await t.api.get('/api/v1/sessions').query({ limit: 100 }).set(bearer(late!)).expect(200))
      .body.items as { id: string; myBooking: unknown }[];
    expect(listed.find((x) => x.id === sessionId)!.myBooking).toEqual({
      id: res.body.booking.id,
      status: 'waitlisted',
      checkedIn: false,
    });
    expect(listed.filter((x) => x.myBooking !== null)).toHaveLength(1);
    const after = await list();
    expect(after.find((i) => i.bookingId === res.body.booking.id)!.waitlistPosition).toBe(182);
    expect(after.find((i) => i.bookingId === eleventh.bookingId)!.waitlistPosition).toBe(10);
  });

  test('three concurrent cancellations promote the three first waiting, exactly once', async () => {
    const roster = async () =>
      (await t.api.get(`/api/v1/sessions/${sessionId}/roster`).set(bearer(organizer)).expect(200)).body as {
        items: {
          bookingId: string;
          status: string;
          waitlistPosition: number | null;
          seatNo: number | null;
        }[];
        attendance: { confirmed: number; waitlisted: number };
      };
    const before = await roster();
    const heads = before.items.filter((i) => i.status === 'waitlisted').slice(0, 5);
    const fourthAndFifth = heads.slice(3).map((h) => h.bookingId);
    const leaving = tokens.filter((tok) => bookingOf.get(tok)!.status === 'confirmed').slice(0, 3);
    const res = await Promise.all(
      leaving.map((tok, i) =>
        (i % 2 ? t2 : t).api
          .delete(`/api/v1/sessions/${sessionId}/bookings/${bookingOf.get(tok)!.id}`)
          .set(bearer(tok)),
      ),
    );
    expect(res.map((r) => [r.status, r.body.booking.status])).toEqual(Array(3).fill([200, 'cancelled']));
    const after = await roster();
    expect(after.attendance).toMatchObject({ confirmed: 20, waitlisted: 179 });
    for (const h of heads.slice(0, 3)) {
      expect(after.items.find((i) => i.bookingId === h.bookingId)!.status).toBe('confirmed');
    }
    expect(
      after.items.filter((i) => fourthAndFifth.includes(i.bookingId)).map((i) => i.waitlistPosition),
    ).toEqual([1, 2]);
    // Exactly one promotion notice each, and the promotion lock is free again.
    for (const h of heads.slice(0, 3)) {
      const b = await t.conn.collection('session_bookings').findOne({ _id: new Types.ObjectId(h.bookingId) });
      expect(
        await t.conn.collection('notifications').countDocuments({ key: `booking.promoted:${h.bookingId}` }),
      ).toBe(1);
      expect(b!.status).toBe('confirmed');
    }
    expect(await t.built.services.claims.holder(`promoting:${sessionId}`)).toBeNull();
    // The promoted see it in 我的预约.
    const promotedToken = tokens.find((tok) => bookingOf.get(tok)!.id === heads[0]!.bookingId)!;
    const mine = (await t.api.get('/api/v1/me/bookings').set(bearer(promotedToken)).expect(200)).body.items;
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ status: 'confirmed', waitlistPosition: null, cancellable: true });
    expect(mine[0].seatNo).toBeGreaterThanOrEqual(1);

    // Cancelling again: a clear 409.
    const again = await t.api
      .delete(`/api/v1/sessions/${sessionId}/bookings/${bookingOf.get(leaving[0]!)!.id}`)
      .set(bearer(leaving[0]!))
      .expect(409);
    expect(again.body.error.code).toBe('BOOKING_ALREADY_CANCELLED');
  });

  test('raising capacity promotes the next two; lowering below the confirmed count → 409', async () => {
    const res = await t2.api
      .patch(`/api/v1/sessions/${sessionId}`)
      .set(bearer(organizer))
      .send({ capacity: 22 })
      .expect(200);
    expect(res.body.session).toMatchObject({
      capacity: 22,
      seatsLeft: 0,
      waitlistCount: 177,
      confirmedCount: 22,
    });
    const low = await t.api
      .patch(`/api/v1/sessions/${sessionId}`)
      .set(bearer(organizer))
      .send({ capacity: 10 })
      .expect(409);
    expect(low.body.error).toEqual({
      code: 'CAPACITY_BELOW_CONFIRMED',
      message: '已有 22 人确认预约，名额不能少于 22 个',
      details: { confirmed: 22 },
    });
    expect((await t.api.get(`/api/v1/sessions/${sessionId}`).expect(200)).body.session.capacity).toBe(22);
  });
});

describe('booking rules', () => {
  test('Idempotency-Key: a retry returns the first booking', async () => {
    const id = await publishedSession();
    const tok = (await loginDev(t, '重试群众')).token;
    const key = 'book-retry-0001';
    const a = await t.api
      .post(`/api/v1/sessions/${id}/bookings`)
      .set(bearer(tok))
      .set('Idempotency-Key', key)
      .expect(201);
    const b = await t.api
      .post(`/api/v1/sessions/${id}/bookings`)
      .set(bearer(tok))
      .set('Idempotency-Key', key)
      .expect(201);
    expect(b.body.booking.id).toBe(a.body.booking.id);
    expect(b.headers['idempotent-replayed']).toBe('true');
  });

  test('outside the booking window, on a cancelled session: clear 409s', async () => {
    const tok = (await loginDev(t, '窗口群众')).token;
    const later = await publishedSession({ bookingOpensAt: at(24), bookingClosesAt: at(30) });
    const notOpen = await t.api.post(`/api/v1/sessions/${later}/bookings`).set(bearer(tok)).expect(409);
    expect(notOpen.body.error).toEqual({
      code: 'BOOKING_NOT_OPEN',
      message: '预约尚未开放，将于12月2日 10:00开放',
    });
    clock.advance(31 * H);
    try {
      const fresh = (await loginDev(t, '窗口群众')).token; // the clock moved past the token's lifetime
      const closed = await t.api.post(`/api/v1/sessions/${later}/bookings`).set(bearer(fresh)).expect(409);
      expect(closed.body.error).toEqual({ code: 'BOOKING_CLOSED', message: '该场次预约已截止' });
    } finally {
      clock.advance(-31 * H);
    }
    const cancelled = await publishedSession();
    await t.api
      .post(`/api/v1/sessions/${cancelled}/cancel`)
      .set(bearer(organizer))
      .send({ reason: '因场地检修，本场次取消' })
      .expect(200);
    const res = await t.api.post(`/api/v1/sessions/${cancelled}/bookings`).set(bearer(tok)).expect(409);
    expect(res.body.error).toEqual({ code: 'SESSION_CANCELLED', message: '该场次已取消，不能预约' });
    expect(await t.conn.collection('session_bookings').countDocuments({ userName: '窗口群众' })).toBe(0);
  });

  test('cancelling after the cut-off → 409; before it the person can book again', async () => {
    const id = await publishedSession();
    const tok = (await loginDev(t, '截止群众')).token;
    const b1 = (await t.api.post(`/api/v1/sessions/${id}/bookings`).set(bearer(tok)).expect(201)).body
      .booking;
    await t.api.delete(`/api/v1/sessions/${id}/bookings/${b1.id}`).set(bearer(tok)).expect(200);
    const b2 = (await t.api.post(`/api/v1/sessions/${id}/bookings`).set(bearer(tok)).expect(201)).body
      .booking;
    expect(b2.id).not.toBe(b1.id);
    clock.advance(47 * H); // one hour before the start; cut-off was two hours before
    try {
      const fresh = (await loginDev(t, '截止群众')).token; // the clock moved past the token's lifetime
      const late = await t.api
        .delete(`/api/v1/sessions/${id}/bookings/${b2.id}`)
        .set(bearer(fresh))
        .expect(409);
      expect(late.body.error.code).toBe('CANCEL_CUTOFF_PASSED');
    } finally {
      clock.advance(-47 * H);
    }
  });

  test("a citizen sees only their own bookings and cannot cancel another's", async () => {
    const id = await publishedSession();
    const [a, b] = await citizens('隐私群众', 2);
    const ba = (await t.api.post(`/api/v1/sessions/${id}/bookings`).set(bearer(a!)).expect(201)).body.booking;
    const mineB = (await t.api.get('/api/v1/me/bookings').set(bearer(b!)).expect(200)).body.items;
    expect(mineB).toEqual([]);
    const res = await t.api.delete(`/api/v1/sessions/${id}/bookings/${ba.id}`).set(bearer(b!)).expect(404);
    expect(res.body.error.code).toBe('BOOKING_NOT_FOUND');
    const mineA = (await t.api.get('/api/v1/me/bookings').set(bearer(a!)).expect(200)).body.items;
    expect(mineA.map((x: { id: string }) => x.id)).toEqual([ba.id]);
    await t.api.get('/api/v1/me/bookings').expect(401);
  });
});

describe('one person, many concurrent requests', () => {
  test('five concurrent bookings by one citizen over two instances → one booking', async () => {
    const id = await publishedSession();
    t2 ??= await startTestApp({ DB_NAME: t.config.db.name }, { clock, seed: false });
    const tok = (await loginDev(t, '连点群众')).token;
    const res = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        (i % 2 ? t2 : t).api.post(`/api/v1/sessions/${id}/bookings`).set(bearer(tok)),
      ),
    );
    expect(res.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(await t.conn.collection('session_bookings').countDocuments({ userName: '连点群众' })).toBe(1);
  });

  test('two concurrent check-ins of one code → one 201 and one 200', async () => {
    const id = await publishedSession();
    const tok = (await loginDev(t, '并发签到群众')).token;
    const b = (await t.api.post(`/api/v1/sessions/${id}/bookings`).set(bearer(tok)).expect(201)).body.booking;
    const res = await Promise.all(
      [t, t2].map((app) =>
        app.api.post(`/api/v1/sessions/${id}/checkins`).set(bearer(organizer)).send({ code: b.code }),
      ),
    );
    expect(res.map((r) => r.status).sort()).toEqual([200, 201]);
    const roster = (await t.api.get(`/api/v1/sessions/${id}/roster`).set(bearer(organizer)).expect(200)).body;
    expect(roster.attendance).toMatchObject({ confirmed: 1, checkedIn: 1 });
  });
});

describe('check-in', () => {
  test('by code twice → one attendance; by QR; another session, cancelled and forged codes refused', async () => {
    const id = await publishedSession();
    const other = await publishedSession({ title: '社会保障卡一卡通政策解读' });
    const [a, b, c] = await citizens('签到群众', 3);
    const ba = (await t.api.post(`/api/v1/sessions/${id}/bookings`).set(bearer(a!)).expect(201)).body.booking;
    const bb = (await t.api.post(`/api/v1/sessions/${id}/bookings`).set(bearer(b!)).expect(201)).body.booking;
    const bc = (await t.api.post(`/api/v1/sessions/${other}/bookings`).set(bearer(c!)).expect(201)).body
      .booking;

    const first = await t.api
      .post(`/api/v1/sessions/${id}/checkins`)
      .set(bearer(organizer))
      .send({ code: ba.code.toLowerCase() })
      .expect(201);
    expect(first.body).toMatchObject({ alreadyCheckedIn: false, checkedInAt: clock.now().toISOString() });
    clock.advance(2 * 60_000);
    try {
      const second = await t2.api
        .post(`/api/v1/sessions/${id}/checkins`)
        .set(bearer(organizer))
        .send({ qr: ba.qr })
        .expect(200);
      expect(second.body).toMatchObject({
        alreadyCheckedIn: true,
        checkedInAt: first.body.checkedInAt,
        message: '已于 10:00 签到',
      });
    } finally {
      clock.advance(-2 * 60_000);
    }

    const wrong = await t.api
      .post(`/api/v1/sessions/${id}/checkins`)
      .set(bearer(organizer))
      .send({ code: bc.code })
      .expect(409);
    expect(wrong.body.error.code).toBe('CHECKIN_WRONG_SESSION');
    expect(wrong.body.error.message).toMatch(/^该预约码属于其他场次：社会保障卡一卡通政策解读/);
    const wrongQr = await t.api
      .post(`/api/v1/sessions/${id}/checkins`)
      .set(bearer(organizer))
      .send({ qr: bc.qr })
      .expect(409);
    expect(wrongQr.body.error.code).toBe('CHECKIN_WRONG_SESSION');

    await t.api.delete(`/api/v1/sessions/${id}/bookings/${bb.id}`).set(bearer(b!)).expect(200);
    const cancelled = await t.api
      .post(`/api/v1/sessions/${id}/checkins`)
      .set(bearer(organizer))
      .send({ code: bb.code })
      .expect(409);
    expect(cancelled.body.error).toMatchObject({
      code: 'CHECKIN_BOOKING_CANCELLED',
      message: '该预约已取消，不能签到',
    });
    const forged = await t.api
      .post(`/api/v1/sessions/${id}/checkins`)
      .set(bearer(organizer))
      .send({ qr: ba.qr.replace(/.$/, (ch: string) => (ch === 'A' ? 'B' : 'A')) })
      .expect(422);
    expect(forged.body.error.code).toBe('CHECKIN_QR_INVALID');
    const unknown = await t.api
      .post(`/api/v1/sessions/${id}/checkins`)
      .set(bearer(organizer))
      .send({ code: 'ZZZZZZ' })
      .expect(404);
    expect(unknown.body.error.code).toBe('CHECKIN_CODE_NOT_FOUND');

    const roster = (await t.api.get(`/api/v1/sessions/${id}/roster`).set(bearer(organizer)).expect(200)).body;
    expect(roster.attendance).toEqual({ confirmed: 1, checkedIn: 1, waitlisted: 0, rate: 1 });
    const mine = (await t.api.get('/api/v1/me/bookings').set(bearer(a!)).expect(200)).body.items;
    expect(mine[0]).toMatchObject({ checkedInAt: first.body.checkedInAt, cancellable: false });
  });
});

describe('repair', () => {
  test('claims whose booking never appeared are removed, and the person can book', async () => {
    const id = await publishedSession({ capacity: 1 });
    const who = await loginDev(t, '中断群众');
    const ghost = '0123456789abcdef01234567';
    const old = new Date(clock.now().getTime() - 5 * 60_000);
    await t.conn.collection('claims').insertMany([
      { _id: `holder:${id}:${who.user.id}`, ref: ghost, kind: 'holder', createdAt: old },
      { _id: `seat:${id}:1`, ref: ghost, kind: 'seat', createdAt: old },
    ] as never[]);
    const blocked = await t.api.post(`/api/v1/sessions/${id}/bookings`).set(bearer(who.token)).expect(409);
    expect(blocked.body.error.code).toBe('ALREADY_BOOKED');
    await t.built.maintenance();
    const ok = await t.api.post(`/api/v1/sessions/${id}/bookings`).set(bearer(who.token)).expect(201);
    expect(ok.body.booking).toMatchObject({ status: 'confirmed', seatNo: 1 });
  });
});
