/**
 * Two API processes on one embedded database during a booking rush: capacity and one booking per
 * person hold, and each booking's message goes out once. Then one process is killed with -9 in the
 * middle of a second rush (and of concurrent disclosure applications) and restarted: every booking
 * whose 201 reached its client is still there, no seat is held by a booking that does not exist
 * once the repair job has run, and no request number is used twice.
 */
import { startFakeWechat, type FakeWechat } from '../support/fake-wechat';
import { call, devLogin, login, publishSession, startCluster, until, type Cluster } from './cluster';

let fake: FakeWechat;
let c: Cluster;
beforeAll(async () => {
  fake = await startFakeWechat();
  c = await startCluster(2, { WECHAT_API_BASE: fake.url });
});
afterAll(async () => {
  await c?.close();
  await fake?.close();
});

test('rush through two processes: exactly the capacity confirmed, one booking each, one message each', async () => {
  const [a, b] = c.nodes.map((n) => n.url) as [string, string];
  const organizer = await login(a, 'organizer1');
  const sessionId = await publishSession(a, organizer, 20);
  // WeChat logins, so every citizen can receive subscribe messages.
  const people: { token: string; id: string }[] = [];
  for (let i = 0; i < 80; i++) {
    const r = await call(i % 2 ? b : a, 'POST', '/auth/wechat', { body: { code: `rush${i}.x` } });
    expect(r.status).toBe(200);
    people.push({ token: r.body.token, id: r.body.user.id });
  }
  // Everyone twice at once, half through each process.
  const answers = await Promise.all(
    people.flatMap((p, i) => [
      call(i % 2 ? a : b, 'POST', `/sessions/${sessionId}/bookings`, { token: p.token }),
      call(i % 2 ? b : a, 'POST', `/sessions/${sessionId}/bookings`, { token: p.token }),
    ]),
  );
  const created = answers.filter((r) => r.status === 201);
  const refused = answers.filter((r) => r.status === 409);
  expect(created).toHaveLength(80);
  expect(refused).toHaveLength(80);
  expect(created.filter((r) => r.body.booking.status === 'confirmed')).toHaveLength(20);
  expect(created.filter((r) => r.body.booking.status === 'waitlisted')).toHaveLength(60);
  const seats = created.map((r) => r.body.booking.seatNo).filter((s) => s !== null);
  expect(new Set(seats).size).toBe(20);

  // Both processes deliver the outbox; each citizen's booking message goes out once.
  const sent = await until(
    async () => {
      const mine = fake.messages.filter((m) => m.template_id === 'dev-tmpl-booking');
      return mine.length >= 80 ? mine : null;
    },
    60_000,
    'the booking messages',
  );
  await new Promise((r) => setTimeout(r, 1500)); // a late duplicate would show up here
  const perUser = new Map<string, number>();
  for (const m of fake.messages.filter((x) => x.template_id === 'dev-tmpl-booking'))
    perUser.set(m.touser, (perUser.get(m.touser) ?? 0) + 1);
  expect(sent.length).toBeGreaterThanOrEqual(80);
  expect([...perUser.values()].every((n) => n === 1)).toBe(true);
  expect(perUser.size).toBe(80);
});

test('kill -9 mid-rush: every 201 survives, seats match bookings after repair, numbers stay unique', async () => {
  const [a, b] = c.nodes.map((n) => n.url) as [string, string];
  const victim = c.nodes[0]!;
  const organizer = await login(b, 'organizer1');
  const sessionId = await publishSession(b, organizer, 30);
  const organs = (await call(b, 'GET', '/organs')).body.items as { id: string; code: string }[];
  const organId = organs.find((o) => o.code === 'JX-GKB')!.id;
  const people = await Promise.all(Array.from({ length: 120 }, (_, i) => devLogin(b, `断电预约${i}`)));

  const got: { id: string; status: string }[] = [];
  const numbers: string[] = [];
  let answered = 0;
  const book = (p: { token: string }, i: number) =>
    call(i % 2 ? b : a, 'POST', `/sessions/${sessionId}/bookings`, { token: p.token, timeoutMs: 20000 })
      .then((r) => {
        answered++;
        if (r.status === 201) got.push(r.body.booking);
      })
      .catch(() => undefined);
  const apply = (p: { token: string }, i: number) =>
    call(i % 2 ? b : a, 'POST', '/disclosure/requests', {
      token: p.token,
      timeoutMs: 20000,
      body: {
        organId,
        applicant: {
          kind: 'natural',
          name: '王五',
          idType: 'resident_id',
          idNumber: '360102199003071236',
          phone: '13807001234',
        },
        info: {
          title: '2026年政务公开工作要点落实情况',
          description: '请提供本单位2026年政务公开工作要点的落实情况报告。',
        },
        delivery: { form: 'electronic', way: 'online' },
        declaration: true,
      },
    })
      .then((r) => {
        if (r.status === 201) numbers.push(r.body.request.number);
      })
      .catch(() => undefined);

  const work = [...people.map(book), ...people.slice(0, 30).map(apply)];
  await until(async () => answered >= 30, 60_000, 'the first answers');
  await c.kill9(victim);
  await Promise.all(work);
  const restarted = await c.start();
  const urls = [restarted.url, b];

  // The repair job (every 2 s here) releases claims a dead process left without records once
  // they are a minute old; give it that minute.
  const roster = async () =>
    (await call(urls[1]!, 'GET', `/sessions/${sessionId}/roster`, { token: organizer })).body as {
      items: { bookingId: string; status: string; name: string }[];
    };
  await until(
    async () => {
      const seatClaims = await c.db
        .collection('claims')
        .find({ _id: { $regex: `^seat:${sessionId}:` } as never })
        .toArray();
      const live = new Set(
        (await roster()).items.filter((x) => x.status === 'confirmed').map((x) => x.bookingId),
      );
      return seatClaims.every((s) => live.has(String(s.ref))) && seatClaims.length === live.size;
    },
    150_000,
    'seat claims to match confirmed bookings',
  );

  const list = await roster();
  const byId = new Map(list.items.map((x) => [x.bookingId, x]));
  for (const g of got) expect([g.id, byId.has(g.id)]).toEqual([g.id, true]);
  const active = list.items.filter((x) => x.status !== 'cancelled');
  expect(active.filter((x) => x.status === 'confirmed').length).toBeLessThanOrEqual(30);
  expect(new Set(active.map((x) => x.name)).size).toBe(active.length);

  // Numbers run per organ and year: unique within an organ.
  const requests = await c.db
    .collection('disclosure_requests')
    .find({}, { projection: { number: 1, organId: 1 } })
    .toArray();
  const all = requests.map((r) => String(r.number));
  const perOrgan = requests.map((r) => `${String(r.organId)} ${String(r.number)}`);
  expect(new Set(perOrgan).size).toBe(perOrgan.length);
  for (const n of numbers) expect(all).toContain(n);
});
