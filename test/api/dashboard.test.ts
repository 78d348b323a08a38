import { FixedClock } from '../../server/src/platform/clock';
import { bearer, loginDev, loginPassword, startTestApp, type TestApp } from '../support/app';

// Wednesday 10 June 2026, 10:00 in China; the demo data is dated relative to it.
const clock = new FixedClock(new Date('2026-06-10T02:00:00Z'));
let t: TestApp;
let staff: string;
let admin: string;
let citizen: string;
let organs: { id: string; code: string; name: string }[];
const organ = (code: string) => organs.find((o) => o.code === code)!;

beforeAll(async () => {
  t = await startTestApp({}, { clock });
  organs = (await t.api.get('/api/v1/organs').expect(200)).body.items;
  staff = (await loginPassword(t, 'staff1')).token;
  admin = (await loginPassword(t, 'admin')).token;
  citizen = (await loginDev(t, '刘洋')).token;
});
afterAll(() => t?.close());

test('staff see their organ this year by default', async () => {
  const res = await t.api.get('/api/v1/dashboard').set(bearer(staff)).expect(200);
  const d = res.body;
  expect(d.organ).toEqual({ id: organ('JX-GKB').id, name: '江西省人民政府政务公开办公室' });
  expect(d.organs).toEqual([{ id: organ('JX-GKB').id, name: '江西省人民政府政务公开办公室' }]);
  expect([d.from, d.to]).toEqual(['2026-01-01', '2026-06-10']);
  expect(d.ranking).toBeNull();
  // The demo questions to the open-government office: two on tax, two others, one past its day.
  expect(d.consultations.total).toBe(4);
  expect(d.consultations.byTopic.filter((b: { count: number }) => b.count > 0)).toEqual([
    { topic: '纳税', count: 2 },
    { topic: '其他', count: 2 },
  ]);
  expect(d.consultations.overdue).toBe(1);
  expect(d.consultations.overdueList).toHaveLength(1);
  expect(d.consultations.answered).toBe(0);
  expect(d.consultations.medianReplyWorkdays).toBeNull();
  expect(d.disclosure.total).toBeGreaterThan(0);
  expect(d.disclosure.byOrgan.every((o: { organId: string }) => o.organId === organ('JX-GKB').id)).toBe(true);
  expect(typeof d.sessions.sessions).toBe('number');
});

test('staff cannot look at another organ; citizens not at all', async () => {
  const other = await t.api
    .get(`/api/v1/dashboard?organ=${organ('JX-RST').id}`)
    .set(bearer(staff))
    .expect(403);
  expect(other.body.error.message).toBe('只能查看本机关的统计数据');
  await t.api.get('/api/v1/dashboard').set(bearer(citizen)).expect(403);
  await t.api.get('/api/v1/dashboard').expect(401);
});

test('bad ranges answer in Chinese', async () => {
  const back = await t.api
    .get('/api/v1/dashboard?from=2026-06-01&to=2026-05-01')
    .set(bearer(staff))
    .expect(422);
  expect(back.body.error).toMatchObject({
    code: 'DASHBOARD_RANGE_INVALID',
    message: '起始日期不能晚于截止日期',
  });
  const long = await t.api
    .get('/api/v1/dashboard?from=2020-01-01&to=2026-05-01')
    .set(bearer(staff))
    .expect(422);
  expect(long.body.error.code).toBe('DASHBOARD_RANGE_TOO_LONG');
  const bad = await t.api.get('/api/v1/dashboard?from=2026-02-30').set(bearer(staff)).expect(400);
  expect(bad.body.error.code).toBe('VALIDATION_FAILED');
});

test('admins see every organ with a ranking, or one organ', async () => {
  const all = await t.api.get('/api/v1/dashboard').set(bearer(admin)).expect(200);
  expect(all.body.organ).toBeNull();
  expect(all.body.organs).toHaveLength(organs.length);
  expect(all.body.ranking).toHaveLength(organs.length);
  expect(all.body.consultations.total).toBe(13);
  const rst = all.body.ranking.find((r: { organId: string }) => r.organId === organ('JX-RST').id);
  expect(rst.consultations).toBe(5);
  const scores = all.body.ranking
    .map((r: { score: number | null }) => r.score)
    .filter((s: number | null) => s !== null);
  expect(scores).toEqual([...scores].sort((a: number, b: number) => b - a));
  const one = await t.api
    .get(`/api/v1/dashboard?organ=${organ('JX-WJW').id}&from=2026-05-01&to=2026-06-10`)
    .set(bearer(admin))
    .expect(200);
  expect(one.body.organ.name).toBe('江西省卫生健康委员会');
  expect(one.body.ranking).toBeNull();
  expect(one.body.consultations.total).toBe(2);
  expect(one.body.consultations.satisfaction).toEqual({
    rated: 1,
    满意: 1,
    基本满意: 0,
    不满意: 0,
    satisfiedShare: 1,
  });
});

test('each table exports as CSV', async () => {
  const res = await t.api
    .get('/api/v1/dashboard/export.csv?table=consultation-topics')
    .set(bearer(staff))
    .buffer(true)
    .parse((r, cb) => {
      let s = '';
      r.setEncoding('utf8');
      r.on('data', (c: string) => (s += c));
      r.on('end', () => cb(null, s));
    })
    .expect(200);
  expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(res.headers['content-disposition']).toContain(
    `filename*=UTF-8''${encodeURIComponent('政策咨询：按主题-江西省人民政府政务公开办公室-2026-01-01至2026-06-10.csv')}`,
  );
  const text = res.body as string;
  expect(text.startsWith('\uFEFF')).toBe(true);
  const lines = text.slice(1).trimEnd().split('\r\n');
  expect(lines[0]).toBe('咨询主题,咨询量');
  expect(lines).toHaveLength(12);
  expect(lines).toContain('纳税,2');
  expect(lines[11]).toBe('合计,4');

  for (const table of ['disclosure-status', 'disclosure-overdue', 'sessions', 'consultation-overdue']) {
    await t.api.get(`/api/v1/dashboard/export.csv?table=${table}`).set(bearer(staff)).expect(200);
  }
  const ranking = await t.api
    .get('/api/v1/dashboard/export.csv?table=ranking')
    .set(bearer(staff))
    .expect(403);
  expect(ranking.body.error.message).toBe('各机关排名仅系统管理员可以导出');
  await t.api.get('/api/v1/dashboard/export.csv?table=ranking').set(bearer(admin)).expect(200);
  const bad = await t.api.get('/api/v1/dashboard/export.csv?table=everything').set(bearer(staff)).expect(400);
  expect(bad.body.error.code).toBe('VALIDATION_FAILED');
});
