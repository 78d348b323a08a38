/**
 * 政务公开讲 after the first slice: statistics, no-shows, attendance by month, roster
 * exports, questions in advance, feedback, duplicate and weekly series, zone photos,
 * related policies.
 */
import ExcelJS from 'exceljs';
import { Types } from 'mongoose';
import { FixedClock } from '../../server/src/platform/clock';
import { seedAccounts } from '../../server/src/seed/demo';
import { seedPolicies } from '../../server/src/seed/policies';
import { seedSessions } from '../../server/src/seed/sessions';
import type { SessionsService } from '../../server/src/modules/sessions/service';
import { startTestApp, loginDev, loginPassword, bearer, type TestApp } from '../support/app';

// 2026-12-01 10:00 Beijing time.
const T0 = new Date('2026-12-01T02:00:00Z');
const clock = new FixedClock(T0);
const H = 3600_000;
const D = 24 * H;
let t: TestApp;
let organizer: string;
let otherOrganizer: string;
let admin: string;
let zones: { id: string; name: string }[];
let svc: SessionsService;
let rstId: string;

const at = (ms: number) => new Date(T0.getTime() + ms).toISOString();

/** Only the demo data these tests need (organs, staff accounts, zones and sessions). */
async function seedOurs(app: TestApp) {
  const c = app.built.context;
  await seedAccounts(c.conn, c.claims, clock.now());
  await seedSessions({ conn: c.conn, claims: c.claims, now: clock.now(), accounts: c.accounts, module: c });
}

beforeAll(async () => {
  t = await startTestApp({}, { clock, seed: false });
  await seedOurs(t);
  svc = (t.built.modules.find((m) => m.name === 'sessions') as unknown as { service: SessionsService })
    .service;
  admin = (await loginPassword(t, 'admin')).token;
  const org1 = await loginPassword(t, 'organizer1');
  organizer = org1.token;
  rstId = org1.user.organIds[0]!;
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
}, 240000);
afterAll(async () => {
  clock.set(T0);
  await t.close();
});

async function relogin() {
  organizer = (await loginPassword(t, 'organizer1')).token;
  otherOrganizer = (await loginPassword(t, 'organizer2')).token;
  admin = (await loginPassword(t, 'admin')).token;
}

async function publishedSession(overrides: Record<string, unknown> = {}) {
  const created = await t.api
    .post('/api/v1/sessions')
    .set(bearer(organizer))
    .send({
      title: '失业保险稳岗返还政策解读',
      description: '讲解失业保险稳岗返还的申领条件、返还标准和办理流程，现场解答企业提问。',
      topic: '就业创业',
      zoneId: zones[0]!.id,
      room: '一楼政策解读室',
      startsAt: at(2 * D),
      endsAt: at(2 * D + 1.5 * H),
      capacity: 5,
      ...overrides,
    })
    .expect(201);
  const id = created.body.session.id as string;
  await t.api.post(`/api/v1/sessions/${id}/publish`).set(bearer(organizer)).expect(200);
  return id;
}

async function book(sessionId: string, name: string, phone?: string) {
  const who = await loginDev(t, name);
  const res = await t.api
    .post(`/api/v1/sessions/${sessionId}/bookings`)
    .set(bearer(who.token))
    .send(phone ? { phone } : {})
    .expect(201);
  return { token: who.token, booking: res.body.booking as { id: string; code: string; status: string } };
}

const checkin = (sessionId: string, code: string) =>
  t.api.post(`/api/v1/sessions/${sessionId}/checkins`).set(bearer(organizer)).send({ code }).expect(201);

describe('after the session: no-shows, statistics, attendance, exports, feedback', () => {
  // Two sessions on 2027-01-10 and 2027-01-11 (Beijing), far from the demo data.
  let s1: string;
  let s2: string;
  const people: { token: string; booking: { id: string; code: string; status: string } }[] = [];

  test('setup: bookings, two check-ins in s1, one in s2', async () => {
    s1 = await publishedSession({
      title: '2027年社保缴费基数调整政策解读',
      startsAt: '2027-01-10T02:00:00Z',
      endsAt: '2027-01-10T03:30:00Z',
      capacity: 4,
    });
    s2 = await publishedSession({
      title: '2027年就业补贴申领政策解读',
      startsAt: '2027-01-11T06:00:00Z',
      endsAt: '2027-01-11T07:00:00Z',
      capacity: 2,
    });
    people.push(await book(s1, '统计群众甲', '13812345678'));
    people.push(await book(s1, '统计群众乙', '13987654321'));
    people.push(await book(s1, '统计群众丙'));
    people.push(await book(s2, '统计群众丁', '15011112222'));
    people.push(await book(s2, '统计群众戊'));
    people.push(await book(s2, '统计群众己')); // waitlisted
    expect(people.map((p) => p.booking.status)).toEqual([
      'confirmed',
      'confirmed',
      'confirmed',
      'confirmed',
      'confirmed',
      'waitlisted',
    ]);
    // Check-in opens at the door: move to the morning of the session.
    clock.set('2027-01-10T01:45:00Z');
    await relogin();
    await checkin(s1, people[0]!.booking.code);
    await checkin(s1, people[1]!.booking.code);
    clock.set('2027-01-11T05:50:00Z');
    await relogin();
    await checkin(s2, people[3]!.booking.code);
  });

  test('stats before s2 ends: attendance only over ended sessions', async () => {
    const st = await svc.stats({ organIds: [rstId], from: '2027-01-10', to: '2027-01-11' });
    expect(st).toMatchObject({
      sessions: 2,
      booked: 5,
      attended: 3,
      noShows: 1,
      attendanceRate: 0.667,
      feedbackCount: 0,
      feedbackAverage: null,
    });
    expect(st.list.map((x) => [x.title, x.booked, x.attended, x.attendanceRate])).toEqual([
      ['2027年社保缴费基数调整政策解读', 3, 2, 0.667],
      ['2027年就业补贴申领政策解读', 2, 1, null],
    ]);
    expect(st.byOrgan).toEqual([
      {
        organId: rstId,
        organName: '江西省人力资源和社会保障厅',
        sessions: 2,
        booked: 5,
        attended: 3,
        attendanceRate: 0.667,
        feedbackAverage: null,
      },
    ]);
    // Another organ, and a range without sessions.
    expect(
      (await svc.stats({ organIds: ['0123456789abcdef01234567'], from: '2027-01-10', to: '2027-01-11' }))
        .sessions,
    ).toBe(0);
    const none = await svc.stats({ organIds: null, from: '2027-01-12', to: '2027-01-31' });
    expect(none).toEqual({
      sessions: 0,
      booked: 0,
      attended: 0,
      noShows: 0,
      attendanceRate: null,
      feedbackCount: 0,
      feedbackAverage: null,
      byOrgan: [],
      list: [],
    });
    // Beijing dates: s2 starts 14:00 Beijing on 01-11, so 01-11 alone holds it.
    expect(
      (await svc.stats({ organIds: null, from: '2027-01-11', to: '2027-01-11' })).list.map((x) => x.title),
    ).toEqual(['2027年就业补贴申领政策解读']);
  });

  test('feedback: attendees only, once, 1-5; organizers see the average', async () => {
    // The clock moved past the tokens' lifetime: log in again.
    for (const [i, name] of ['统计群众甲', '统计群众乙', '统计群众丙'].entries())
      people[i]!.token = (await loginDev(t, name)).token;
    const [a, b, c] = people;
    // Not checked in → 409, and nothing stored.
    const no = await t.api
      .post(`/api/v1/sessions/${s1}/feedback`)
      .set(bearer(c!.token))
      .send({ rating: 5 })
      .expect(409);
    expect(no.body.error).toEqual({ code: 'FEEDBACK_NOT_ATTENDED', message: '签到参加本场活动后才能评价' });
    const bad = await t.api
      .post(`/api/v1/sessions/${s1}/feedback`)
      .set(bearer(a!.token))
      .send({ rating: 6 })
      .expect(422);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(bad.body.error.details)).toContain('评分须为1-5的整数');
    const ok = await t.api
      .post(`/api/v1/sessions/${s1}/feedback`)
      .set(bearer(a!.token))
      .send({ rating: 5, comment: '讲得很清楚，解答了我们企业的问题' })
      .expect(201);
    expect(ok.body.feedback).toMatchObject({ id: a!.booking.id, rating: 5 });
    const twice = await t.api
      .post(`/api/v1/sessions/${s1}/feedback`)
      .set(bearer(a!.token))
      .send({ rating: 1 })
      .expect(409);
    expect(twice.body.error.code).toBe('FEEDBACK_EXISTS');
    await t.api.post(`/api/v1/sessions/${s1}/feedback`).set(bearer(b!.token)).send({ rating: 4 }).expect(201);

    const sum = (await t.api.get(`/api/v1/sessions/${s1}/feedback`).set(bearer(organizer)).expect(200)).body;
    expect(sum).toMatchObject({ count: 2, average: 4.5, distribution: [0, 0, 0, 1, 1] });
    expect(sum.items[1]).toMatchObject({ rating: 5, comment: '讲得很清楚，解答了我们企业的问题' });
    await t.api.get(`/api/v1/sessions/${s1}/feedback`).set(bearer(otherOrganizer)).expect(403);
    await t.api.get(`/api/v1/sessions/${s1}/feedback`).set(bearer(a!.token)).expect(403);
    const detail = (await t.api.get(`/api/v1/sessions/${s1}`).set(bearer(organizer)).expect(200)).body
      .session;
    expect(detail.feedback).toEqual({ count: 2, average: 4.5 });
    expect((await t.api.get(`/api/v1/sessions/${s1}`).expect(200)).body.session.feedback).toBeNull();
    const mine = (await t.api.get('/api/v1/me/bookings').set(bearer(a!.token)).expect(200)).body.items[0];
    expect(mine).toMatchObject({ feedback: { rating: 5 }, canGiveFeedback: false });
    expect(
      await t.conn.collection('session_feedback').countDocuments({ sessionId: new Types.ObjectId(s1) }),
    ).toBe(2);
  });

  test('after both ended: no-shows marked once (two instances), stats and monthly attendance', async () => {
    clock.set('2027-01-12T02:00:00Z');
    await relogin();
    const t2 = await startTestApp({ DB_NAME: t.config.db.name }, { clock, seed: false });
    try {
      const svc2 = (
        t2.built.modules.find((m) => m.name === 'sessions') as unknown as { service: SessionsService }
      ).service;
      const marked = await Promise.all([svc.markNoShows(), svc2.markNoShows()]);
      expect(marked[0]! + marked[1]!).toBe(2); // 丙 in s1, 戊 in s2
      expect(await svc.markNoShows()).toBe(0);
    } finally {
      await t2.close().catch(() => undefined);
    }
    const roster = (await t.api.get(`/api/v1/sessions/${s1}/roster`).set(bearer(organizer)).expect(200)).body;
    expect(
      roster.items.map((i: { name: string; noShow: boolean; phone: string | null }) => [
        i.name,
        i.noShow,
        i.phone,
      ]),
    ).toEqual([
      ['统计群众甲', false, '138****5678'],
      ['统计群众乙', false, '139****4321'],
      ['统计群众丙', true, null],
    ]);
    const mine = (
      await t.api
        .get('/api/v1/me/bookings')
        .set(bearer((await loginDev(t, '统计群众丙')).token))
        .expect(200)
    ).body.items[0];
    expect(mine).toMatchObject({ noShow: true, canGiveFeedback: false });

    const st = await svc.stats({ organIds: null, from: '2027-01-10', to: '2027-01-11' });
    expect(st).toMatchObject({
      sessions: 2,
      booked: 5,
      attended: 3,
      noShows: 2,
      attendanceRate: 0.6,
      feedbackCount: 2,
      feedbackAverage: 4.5,
    });
    expect(st.list.map((x) => x.attendanceRate)).toEqual([0.667, 0.5]);

    const rep = (
      await t.api
        .get('/api/v1/organizer/attendance?from=2026-12&to=2027-01')
        .set(bearer(organizer))
        .expect(200)
    ).body;
    expect(rep.months.map((m: { month: string }) => m.month)).toEqual(['2026-12', '2027-01']);
    expect(rep.months[1]).toEqual({
      month: '2027-01',
      sessions: 2,
      booked: 5,
      attended: 3,
      noShows: 2,
      attendanceRate: 0.6,
    });
    // Organizers see their own organ only.
    const jyt = (
      await t.api.get('/api/v1/organizer/attendance?from=2027-01').set(bearer(otherOrganizer)).expect(200)
    ).body;
    expect(jyt.months[0].sessions).toBe(0);
    const forbidden = await t.api
      .get(`/api/v1/organizer/attendance?from=2027-01&organ=${rstId}`)
      .set(bearer(otherOrganizer))
      .expect(403);
    expect(forbidden.body.error.code).toBe('FORBIDDEN');
    const tooLong = await t.api
      .get('/api/v1/organizer/attendance?from=2026-01&to=2027-01')
      .set(bearer(organizer))
      .expect(422);
    expect(tooLong.body.error).toMatchObject({ code: 'MONTH_RANGE_INVALID', message: '一次最多查询12个月' });
    await t.api.get('/api/v1/organizer/attendance?from=2027-1').set(bearer(organizer)).expect(400);
  });

  test('roster export: CSV and XLSX with Chinese headers and masked phones', async () => {
    const csv = await t.api
      .get(`/api/v1/sessions/${s1}/roster/export?format=csv`)
      .set(bearer(organizer))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toContain("filename*=UTF-8''");
    const text = (csv.body as Buffer).toString('utf8');
    const lines = text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('序号,姓名,手机号,预约码,状态,座位号,候补排位,预约时间,签到时间');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(
      /^1,统计群众甲,138\*\*\*\*5678,[A-Z2-9]{6},已签到,1,,2026-12-01 10:00,2027-01-10 09:45$/,
    );
    expect(lines[3]).toMatch(/^3,统计群众丙,,[A-Z2-9]{6},未到场,3,,/);
    expect(text).not.toContain('13812345678');

    const xlsx = await t.api
      .get(`/api/v1/sessions/${s1}/roster/export?format=xlsx`)
      .set(bearer(organizer))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    const ws = wb.getWorksheet('预约名单')!;
    expect(ws.getRow(1).values).toEqual([
      undefined,
      '序号',
      '姓名',
      '手机号',
      '预约码',
      '状态',
      '座位号',
      '候补排位',
      '预约时间',
      '签到时间',
    ]);
    expect(ws.getRow(3).getCell(3).value).toBe('139****4321');
    expect(ws.rowCount).toBe(4);
    await t.api
      .get(`/api/v1/sessions/${s1}/roster/export?format=xlsx`)
      .set(bearer(otherOrganizer))
      .expect(403);
    await t.api.get(`/api/v1/sessions/${s1}/roster/export?format=pdf`).set(bearer(organizer)).expect(400);
  });

  afterAll(async () => {
    clock.set(T0);
    await relogin();
  });
});

describe('contact phone at booking', () => {
  test('a malformed phone → 422 with a Chinese message and no booking; a typed one is masked in the roster', async () => {
    const id = await publishedSession({
      title: '城镇职工医保门诊共济政策解读',
      startsAt: '2027-01-20T02:00:00Z',
      endsAt: '2027-01-20T03:00:00Z',
      capacity: 3,
    });
    const who = await loginDev(t, '电话群众甲');
    for (const phone of ['1381234567', '23812345678', '138-1234-5678', '１３８１２３４５６７８']) {
      const bad = await t.api
        .post(`/api/v1/sessions/${id}/bookings`)
        .set(bearer(who.token))
        .send({ phone })
        .expect(422);
      expect(bad.body.error.code).toBe('VALIDATION_FAILED');
      expect(
        bad.body.error.details.fields.map((f: { path: string; message: string }) => [f.path, f.message]),
      ).toEqual([['phone', '请输入正确的11位手机号码']]);
    }
    expect((await t.api.get('/api/v1/me/bookings').set(bearer(who.token)).expect(200)).body.items).toEqual(
      [],
    );

    const ok = await t.api
      .post(`/api/v1/sessions/${id}/bookings`)
      .set(bearer(who.token))
      .send({ phone: ' 13812345678 ' })
      .expect(201);
    await book(id, '电话群众乙');
    const roster = (await t.api.get(`/api/v1/sessions/${id}/roster`).set(bearer(organizer)).expect(200)).body;
    expect(roster.items.map((i: { name: string; phone: string | null }) => [i.name, i.phone])).toEqual([
      ['电话群众甲', '138****5678'],
      ['电话群众乙', null],
    ]);
    expect(JSON.stringify(roster)).not.toContain('13812345678');
    expect(roster.items[0].code).toBe(ok.body.booking.code);
  });
});

describe('questions in advance', () => {
  test('citizens ask before the start; organizers see them grouped and mark them answered', async () => {
    const id = await publishedSession({ title: '城镇职工医疗保险政策解读', topic: '医疗健康' });
    const [a, b, c] = await Promise.all(
      ['提问群众甲', '提问群众乙', '提问群众丙'].map((n) => loginDev(t, n)),
    );
    const ask = (tok: string, text: string) =>
      t.api.post(`/api/v1/sessions/${id}/questions`).set(bearer(tok)).send({ text });
    await ask(a!.token, '异地就医备案需要准备哪些材料？').expect(201);
    await ask(b!.token, '退休后异地就医怎么报销？').expect(201);
    await ask(c!.token, '门诊慢特病的报销比例是多少？').expect(201);
    await ask(a!.token, '门诊慢特病怎么申请认定？').expect(201);
    const short = await ask(a!.token, '报销').expect(422);
    expect(short.body.error.code).toBe('VALIDATION_FAILED');

    // At most five per person and session, even when sent at once.
    const burst = await Promise.all(
      Array.from({ length: 6 }, (_, i) => ask(b!.token, `第${i + 1}个关于医保个人账户家庭共济的问题`)),
    );
    expect(burst.map((r) => r.status).sort()).toEqual([201, 201, 201, 201, 409, 409]);
    expect(burst.find((r) => r.status === 409)!.body.error.code).toBe('QUESTION_LIMIT');

    const mine = (await t.api.get(`/api/v1/sessions/${id}/questions/mine`).set(bearer(a!.token)).expect(200))
      .body.items;
    expect(mine.map((q: { text: string }) => q.text)).toEqual([
      '异地就医备案需要准备哪些材料？',
      '门诊慢特病怎么申请认定？',
    ]);

    const board = (await t.api.get(`/api/v1/sessions/${id}/questions`).set(bearer(organizer)).expect(200))
      .body;
    expect(board.total).toBe(8);
    const groupOf = (text: string) =>
      board.groups.find((g: { items: { text: string }[] }) => g.items.some((q) => q.text === text)).label;
    expect(groupOf('异地就医备案需要准备哪些材料？')).toBe(groupOf('退休后异地就医怎么报销？'));
    expect(groupOf('门诊慢特病的报销比例是多少？')).toBe(groupOf('门诊慢特病怎么申请认定？'));
    expect(groupOf('门诊慢特病的报销比例是多少？')).not.toBe(groupOf('异地就医备案需要准备哪些材料？'));
    const accepted = burst.filter((r) => r.status === 201).map((r) => r.body.question.text as string);
    for (const text of accepted) expect(groupOf(text)).toBe(groupOf(accepted[0]!));
    expect(groupOf(accepted[0]!)).not.toBe(groupOf('门诊慢特病怎么申请认定？'));
    await t.api.get(`/api/v1/sessions/${id}/questions`).set(bearer(otherOrganizer)).expect(403);
    await t.api.get(`/api/v1/sessions/${id}/questions`).set(bearer(a!.token)).expect(403);

    const qid = mine[0].id;
    const marked = await t.api
      .post(`/api/v1/sessions/${id}/questions/${qid}/answered`)
      .set(bearer(organizer))
      .send({})
      .expect(200);
    expect(marked.body.question).toMatchObject({ answered: true, answeredAt: clock.now().toISOString() });
    const after = (await t.api.get(`/api/v1/sessions/${id}/questions`).set(bearer(organizer)).expect(200))
      .body;
    expect(after.answered).toBe(1);
    await t.api
      .post(`/api/v1/sessions/${id}/questions/0123456789abcdef01234567/answered`)
      .set(bearer(organizer))
      .send({})
      .expect(404);

    // After the start: closed.
    clock.advance(2 * D);
    try {
      const fresh = (await loginDev(t, '提问群众丙')).token;
      const late = await t.api
        .post(`/api/v1/sessions/${id}/questions`)
        .set(bearer(fresh))
        .send({ text: '会后还能补充提问吗？' })
        .expect(409);
      expect(late.body.error).toEqual({ code: 'QUESTIONS_CLOSED', message: '活动已开始，请在现场直接提问' });
    } finally {
      clock.set(T0);
      await relogin();
    }
    expect(
      await t.conn.collection('session_questions').countDocuments({ sessionId: new Types.ObjectId(id) }),
    ).toBe(8);
  });
});

describe('duplicate and weekly series', () => {
  test('duplicate → a draft one week later with the same times', async () => {
    const id = await publishedSession({ title: '灵活就业人员参保政策解读' });
    const res = await t.api
      .post(`/api/v1/sessions/${id}/duplicate`)
      .set(bearer(organizer))
      .send({})
      .expect(201);
    expect(res.body.session).toMatchObject({
      title: '灵活就业人员参保政策解读',
      status: 'draft',
      startsAt: at(9 * D),
      endsAt: at(9 * D + 1.5 * H),
      cancelCutoff: at(9 * D - 2 * H),
      capacity: 5,
    });
    await t.api.post(`/api/v1/sessions/${id}/duplicate`).set(bearer(otherOrganizer)).send({}).expect(403);
  });

  test('a series of 4 weeks; more than 12 weeks refused and nothing created', async () => {
    const body = {
      title: '每周三政策咨询开放日',
      description: '每周三下午在政务公开专区集中解答群众关心的社保就业政策问题。',
      topic: '社会保障',
      zoneId: zones[1]!.id,
      room: '二楼开放日会场',
      startsAt: '2026-12-02T06:30:00Z', // Wednesday 14:30 Beijing
      endsAt: '2026-12-02T08:00:00Z',
      capacity: 40,
    };
    const before = await t.conn.collection('lecture_sessions').countDocuments();
    const tooLong = await t.api
      .post('/api/v1/sessions/series')
      .set(bearer(organizer))
      .send({ ...body, weeks: 13 })
      .expect(422);
    expect(tooLong.body.error).toMatchObject({
      code: 'SERIES_TOO_LONG',
      message: '每个系列最多12周，请分批创建',
    });
    expect(await t.conn.collection('lecture_sessions').countDocuments()).toBe(before);
    const res = await t.api
      .post('/api/v1/sessions/series')
      .set(bearer(organizer))
      .send({ ...body, weeks: 4 })
      .expect(201);
    expect(res.body.items.map((s: { startsAt: string; status: string }) => [s.startsAt, s.status])).toEqual([
      ['2026-12-02T06:30:00.000Z', 'draft'],
      ['2026-12-09T06:30:00.000Z', 'draft'],
      ['2026-12-16T06:30:00.000Z', 'draft'],
      ['2026-12-23T06:30:00.000Z', 'draft'],
    ]);
    expect(res.body.items[3].endsAt).toBe('2026-12-23T08:00:00.000Z');
    expect(await t.conn.collection('lecture_sessions').countDocuments()).toBe(before + 4);
  });
});

describe('zones and policy links', () => {
  test('admin attaches zone photos (purpose zone-photo); they show on the zone; wrong purpose → 422', async () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(64, 1),
    ]);
    const up = await t.api
      .post('/api/v1/files')
      .set(bearer(admin))
      .field('purpose', 'zone-photo')
      .attach('file', png, 'hall.png')
      .expect(201);
    const fileId = up.body.file.id as string;
    const id = zones[2]!.id;
    const res = await t.api
      .patch(`/api/v1/zones/${id}`)
      .set(bearer(admin))
      .send({ photoIds: [fileId] })
      .expect(200);
    expect(res.body.zone.photos.map((p: { id: string }) => p.id)).toEqual([fileId]);
    const seen = (await t.api.get(`/api/v1/zones/${id}`).expect(200)).body.zone;
    expect(seen.photos).toHaveLength(1);
    const img = await t.api.get(
      new URL(seen.photos[0].url, t.url).pathname + new URL(seen.photos[0].url, t.url).search,
    );
    expect(img.status).toBe(200);

    const pdf = await t.api
      .post('/api/v1/files')
      .set(bearer(admin))
      .field('purpose', 'policy-attachment')
      .attach('file', Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'), 'a.pdf')
      .expect(201);
    const bad = await t.api
      .patch(`/api/v1/zones/${id}`)
      .set(bearer(admin))
      .send({ photoIds: [pdf.body.file.id] })
      .expect(422);
    expect(bad.body.error.code).toBe('FILE_INVALID');
    expect((await t.api.get(`/api/v1/zones/${id}`).expect(200)).body.zone.photos).toHaveLength(1);
  });

  test('related policies: citizens see published titles and 文号 only; a draft never leaks', async () => {
    const c = t.built.context;
    await seedPolicies({ conn: c.conn, claims: c.claims, now: clock.now(), accounts: c.accounts, module: c });
    const idOf = async (title: string) => {
      const p = await t.conn.collection('policies').findOne({ title }, { projection: { _id: 1, status: 1 } });
      return { id: String(p!._id), status: p!.status as string };
    };
    const published = await idOf('2023年江西省政务公开工作要点');
    const draft = await idOf('江西省掌上政务公开专区建设指引');
    expect([published.status, draft.status]).toEqual(['published', 'submitted']);
    const missing = 'aaaaaaaaaaaaaaaaaaaaaaaa';
    const link = (id: string) => `/pages/policy-detail/index?id=${id}`;

    const id = await publishedSession({ policyIds: [draft.id, published.id, missing, published.id] });
    const seen = (await t.api.get(`/api/v1/sessions/${id}`).expect(200)).body;
    expect(seen.session.relatedPolicies).toEqual([
      {
        id: published.id,
        title: '2023年江西省政务公开工作要点',
        docNo: '赣府公开办字〔2023〕2号',
        link: link(published.id),
      },
    ]);
    expect(JSON.stringify(seen)).not.toContain('专区建设指引');
    expect(JSON.stringify(seen)).not.toContain(draft.id);
    const citizen = await loginDev(t, '关联政策群众');
    const asCitizen = (await t.api.get(`/api/v1/sessions/${id}`).set(bearer(citizen.token)).expect(200)).body;
    expect(asCitizen.session.relatedPolicies).toEqual(seen.session.relatedPolicies);
    // Another organ's organizer is not a manager of this session: the public view.
    const other = (await t.api.get(`/api/v1/sessions/${id}`).set(bearer(otherOrganizer)).expect(200)).body;
    expect(other.session.relatedPolicies).toEqual(seen.session.relatedPolicies);

    // The organizer keeps every id for the editor, without the draft's title.
    const mine = (await t.api.get(`/api/v1/sessions/${id}`).set(bearer(organizer)).expect(200)).body;
    expect(mine.session.relatedPolicies).toEqual([
      { id: draft.id, title: null, docNo: null, link: link(draft.id) },
      seen.session.relatedPolicies[0],
      { id: missing, title: null, docNo: null, link: link(missing) },
    ]);
    expect(JSON.stringify(mine)).not.toContain('专区建设指引');

    const bad = await t.api
      .patch(`/api/v1/sessions/${id}`)
      .set(bearer(organizer))
      .send({ policyIds: ['nope'] })
      .expect(422);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  });
});
