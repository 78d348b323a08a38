import { FixedClock } from '../../server/src/platform/clock';
import { seedAccounts } from '../../server/src/seed/demo';
import { seedDisclosure } from '../../server/src/seed/disclosure';
import { bearer, loginPassword, startTestApp, type TestApp } from '../support/app';

const clock = new FixedClock(new Date('2026-11-29T02:00:00Z'));
let t: TestApp;
beforeAll(async () => {
  // Only the parts this file is about: organs and accounts, then the demo requests.
  t = await startTestApp({}, { clock, seed: false });
  const module = t.built.context;
  await seedAccounts(t.conn, module.claims, clock.now());
  await seedDisclosure({
    conn: t.conn,
    claims: module.claims,
    now: clock.now(),
    accounts: module.accounts,
    module,
  });
});
afterAll(() => t.close());

describe('demo requests', () => {
  test('staff1 sees the office queue, overdue first, then due soon; IDs masked; nothing in plaintext', async () => {
    const staff = (await loginPassword(t, 'staff1')).token;
    const q = (await t.api.get('/api/v1/disclosure/queue').set(bearer(staff)).expect(200)).body.items;
    expect(q).toHaveLength(8);
    expect(q[0]).toMatchObject({
      title: '全省城乡居民基本养老保险基金收支情况',
      overdue: true,
      workingDaysLeft: -2,
    });
    expect(q[1]).toMatchObject({
      title: '全省中小学校舍安全排查整改情况',
      dueSoon: true,
      workingDaysLeft: 3,
    });
    expect(q[2]).toMatchObject({
      title: '红谷滩区沙井片区征收补偿安置方案',
      dueSoon: true,
      workingDaysLeft: 5,
    });
    expect(
      q.every((i: { applicantIdMasked: string }) => /^\w{4}\*{10}\w{4}$/.test(i.applicantIdMasked)),
    ).toBe(true);
    const overdue = (await t.api.get('/api/v1/disclosure/queue?view=overdue').set(bearer(staff)).expect(200))
      .body.items;
    expect(overdue).toHaveLength(1);

    const raw = await t.conn.collection('disclosure_requests').find({}).toArray();
    expect(raw).toHaveLength(14);
    expect(JSON.stringify(raw)).not.toMatch(/3601\d{13}[\dX]/);

    const reviewer = (await loginPassword(t, 'reviewer1')).token;
    const rq = (await t.api.get('/api/v1/disclosure/review-queue').set(bearer(reviewer)).expect(200)).body
      .items;
    expect(rq.map((i: { title: string }) => i.title).sort()).toEqual([
      '全省中小学校舍安全排查整改情况',
      '省政府常务会议纪要（涉及营商环境部分）',
    ]);
  });

  test('the seeded year balances in every column', async () => {
    const staff = (await loginPassword(t, 'staff1')).token;
    const organs = (await t.api.get('/api/v1/organs').expect(200)).body.items as {
      id: string;
      code: string;
    }[];
    const gkb = organs.find((o) => o.code === 'JX-GKB')!.id;
    const r = (await t.api.get(`/api/v1/disclosure/reports/2026?organ=${gkb}`).set(bearer(staff)).expect(200))
      .body;
    const row = (key: string) => r.rows.find((x: { key: string }) => x.key === key).values.total;
    expect([row('new'), row('carried_in'), row('results_total'), row('carried_out')]).toEqual([12, 1, 5, 8]);
    expect(r.check.balanced).toBe(true);
  });
});
