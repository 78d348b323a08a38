import { seedAccounts } from '../../server/src/seed/demo';
import { bearer, loginDev, loginPassword, startTestApp, type TestApp } from '../support/app';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  // Accounts only: the calendar needs no other demo data.
  t = await startTestApp({}, { seed: false });
  await seedAccounts(t.conn, t.built.context.claims, new Date());
  admin = (await loginPassword(t, 'admin')).token;
});
afterAll(() => t.close());

describe('calendar API', () => {
  test('a day: holiday, make-up working day, provisional year', async () => {
    expect((await t.api.get('/api/v1/calendar/days/2026-10-03').expect(200)).body).toEqual({
      date: '2026-10-03',
      workday: false,
      provisional: false,
      name: '国庆节',
    });
    expect((await t.api.get('/api/v1/calendar/days/2026-10-10').expect(200)).body).toMatchObject({
      workday: true,
      provisional: false,
    });
    expect((await t.api.get('/api/v1/calendar/days/2027-10-04').expect(200)).body).toEqual({
      date: '2027-10-04',
      workday: true,
      provisional: true,
    });
    await t.api.get('/api/v1/calendar/days/2026-02-30').expect(400);
  });

  test('add working days', async () => {
    expect(
      (await t.api.get('/api/v1/calendar/add-workdays?from=2026-09-30&days=1').expect(200)).body,
    ).toEqual({
      date: '2026-10-08',
      provisional: false,
    });
    expect(
      (await t.api.get('/api/v1/calendar/add-workdays?from=2026-12-15&days=20').expect(200)).body,
    ).toEqual({
      date: '2027-01-13',
      provisional: true,
    });
    await t.api.get('/api/v1/calendar/add-workdays?from=2026-12-15&days=-1').expect(400);
  });

  test('admin enters 2027 notice days and confirms the year; others cannot', async () => {
    const citizen = (await loginDev(t, '刘洋')).token;
    await t.api
      .put('/api/v1/calendar/overrides/2027-02-04')
      .set(bearer(citizen))
      .send({ workday: false, name: '春节' })
      .expect(403);
    const empty = await t.api
      .post('/api/v1/calendar/years/2027/confirm')
      .set(bearer(admin))
      .send({})
      .expect(422);
    expect(empty.body.error.code).toBe('CALENDAR_YEAR_EMPTY');

    const set = await t.api
      .put('/api/v1/calendar/overrides/2027-02-04')
      .set(bearer(admin))
      .send({ workday: false, name: '春节' })
      .expect(200);
    expect(set.body).toEqual({ date: '2027-02-04', workday: false, provisional: true, name: '春节' });
    expect(
      (await t.api.get('/api/v1/calendar/add-workdays?from=2027-02-03&days=1').expect(200)).body.date,
    ).toBe('2027-02-09');
    const confirmed = await t.api
      .post('/api/v1/calendar/years/2027/confirm')
      .set(bearer(admin))
      .send({})
      .expect(200);
    expect(confirmed.body).toMatchObject({ year: 2027, provisional: false, confirmed: true });
    expect((await t.api.get('/api/v1/calendar/days/2027-02-04').expect(200)).body.provisional).toBe(false);
    const year = (await t.api.get('/api/v1/calendar/years/2027').set(bearer(admin)).expect(200)).body;
    expect(year.days).toHaveLength(365);
    expect(
      year.days.filter((d: { overridden: boolean }) => d.overridden).map((d: { date: string }) => d.date),
    ).toEqual(['2027-02-04']);

    const cleared = await t.api
      .delete('/api/v1/calendar/overrides/2027-02-04')
      .set(bearer(admin))
      .expect(200);
    expect(cleared.body).toEqual({ date: '2027-02-04', workday: true, provisional: false });
    await t.api.post('/api/v1/calendar/years/2026/confirm').set(bearer(admin)).send({}).expect(422);
  });
});
