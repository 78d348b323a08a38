/**
 * Ownership and organ scope on records people own: another citizen gets 404 (never learns the
 * record exists), staff of another organ get 403, the owner and the organ's staff get 200.
 */
import { startTestApp, bearer, type TestApp } from '../support/app';
import { makePersonas, type Persona, type PersonaInfo } from './personas';

let t: TestApp;
let p: Record<Persona, PersonaInfo>;
let organ: (code: string) => string;
beforeAll(async () => {
  t = await startTestApp();
  ({ personas: p, organ } = await makePersonas(t));
});
afterAll(() => t.close());

const as = (who: Persona) => bearer(p[who].token!);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');

test('a disclosure request: the applicant and the organ see it; others do not', async () => {
  const created = await t.api
    .post('/api/v1/disclosure/requests')
    .set(as('citizen'))
    .send({
      organId: organ('JX-GKB'),
      applicant: {
        kind: 'natural',
        name: '矩阵群众甲',
        idType: 'resident_id',
        idNumber: '360102199003071236',
        phone: '13807001234',
      },
      info: {
        title: '2026年政务公开专区建设方案',
        description: '请提供本机关2026年政务公开专区建设方案全文。',
      },
      delivery: { form: 'electronic', way: 'online' },
      declaration: true,
    })
    .expect(201);
  const id = created.body.request.id as string;
  const url = `/api/v1/disclosure/requests/${id}`;
  expect((await t.api.get(url).set(as('citizen'))).status).toBe(200);
  expect((await t.api.get(url).set(as('staff'))).status).toBe(200);
  expect((await t.api.get(url).set(as('otherCitizen'))).status).toBe(404);
  expect((await t.api.get(url).set(as('otherStaff'))).status).toBe(403);
  expect((await t.api.post(`${url}/receive`).set(as('otherStaff'))).status).toBe(403);
  expect((await t.api.post(`${url}/withdraw`).set(as('otherCitizen')).send({})).status).toBe(404);
  expect((await t.api.get(`${url}/reply-letter.html`)).status).toBeGreaterThanOrEqual(400);
  expect(
    (await t.api.get(`${url}/reply-letter.html?exp=9999999999&sig=forged`)).status,
  ).toBeGreaterThanOrEqual(400);
  const mine = await t.api.get('/api/v1/me/disclosure-requests').set(as('otherCitizen')).expect(200);
  expect(JSON.stringify(mine.body)).not.toContain(id);
});

test('a booking can be cancelled only by the person who made it', async () => {
  const sessions = (await t.api.get('/api/v1/sessions').expect(200)).body.items as {
    id: string;
    bookable?: boolean;
    seatsLeft: number;
  }[];
  let booked: { sessionId: string; bookingId: string } | null = null;
  for (const s of sessions) {
    const r = await t.api.post(`/api/v1/sessions/${s.id}/bookings`).set(as('citizen')).send({});
    if (r.status === 201) {
      booked = { sessionId: s.id, bookingId: r.body.booking.id };
      break;
    }
  }
  expect(booked).not.toBeNull();
  const url = `/api/v1/sessions/${booked!.sessionId}/bookings/${booked!.bookingId}`;
  expect((await t.api.delete(url).set(as('otherCitizen'))).status).toBe(404);
  expect((await t.api.delete(url).set(as('staff'))).status).toBe(404);
  const roster = await t.api.get(`/api/v1/sessions/${booked!.sessionId}/roster`).set(as('otherStaff'));
  expect(roster.status).toBe(403);
  expect((await t.api.delete(url).set(as('citizen'))).status).toBe(200);
});

test('a consultation: the asker and the routed organ; another citizen 404, another organ 403', async () => {
  const created = await t.api
    .post('/api/v1/consultations')
    .set(as('citizen'))
    .send({
      topic: '纳税',
      question: '个体工商户季度销售额未超过30万元，需要缴纳增值税吗？',
      consentPublish: false,
    })
    .expect(201);
  const id = (created.body.consultation ?? created.body.item ?? created.body).id as string;
  const url = `/api/v1/consultations/${id}`;
  expect((await t.api.get(url).set(as('citizen'))).status).toBe(200);
  expect((await t.api.get(url).set(as('otherCitizen'))).status).toBe(404);
  expect((await t.api.post(`${url}/rating`).set(as('otherCitizen')).send({ rating: '满意' })).status).toBe(
    404,
  );
  expect(
    (
      await t.api
        .post(`${url}/answer`)
        .set(as('otherStaff'))
        .send({ text: '不需要缴纳增值税，具体以税务机关解释为准。' })
    ).status,
  ).toBe(403);
});

test('a policy draft: invisible to the public, not editable by another organ', async () => {
  const created = await t.api
    .post('/api/v1/workbench/policies')
    .set(as('staff'))
    .send({
      title: '江西省政务公开专区预约查阅服务办法（征求意见稿）',
      organId: organ('JX-GKB'),
      docNo: '赣府公开办字〔2026〕31号',
      writtenAt: '2026-11-20',
      category: '综合政务\\政务公开',
      topics: ['政务公开'],
      kind: '其他政策文件',
      body: '<p>为方便群众就近查阅政府信息，制定本办法。</p>',
    })
    .expect(201);
  const id = created.body.policy.id as string;
  expect((await t.api.get(`/api/v1/policies/${id}`)).status).toBe(404);
  expect((await t.api.get(`/api/v1/policies/${id}`).set(as('citizen'))).status).toBe(404);
  expect(
    (
      await t.api
        .patch(`/api/v1/workbench/policies/${id}`)
        .set(as('otherStaff'))
        .send({ title: '越权修改的标题文字' })
    ).status,
  ).toBe(403);
  expect((await t.api.post(`/api/v1/workbench/policies/${id}/submit`).set(as('otherStaff'))).status).toBe(
    403,
  );
});

test("a file and a notice are the owner's", async () => {
  const up = await t.api
    .post('/api/v1/files')
    .set(as('citizen'))
    .field('purpose', 'disclosure-id-proof')
    .attach('file', PDF, '证件.pdf')
    .expect(201);
  expect((await t.api.get(`/api/v1/files/${up.body.file.id}`).set(as('otherCitizen'))).status).toBe(404);
  expect((await t.api.get(`/api/v1/files/${up.body.file.id}/content`)).status).toBe(404);
  await t.built.services.notifications.notify({
    key: 'system:ownership',
    userId: p.citizen.id!,
    kind: 'system',
    title: '测试通知',
    body: '只属于群众甲',
  });
  const list = await t.api.get('/api/v1/notifications').set(as('citizen')).expect(200);
  const nid = list.body.items[0].id as string;
  expect((await t.api.post(`/api/v1/notifications/${nid}/read`).set(as('otherCitizen'))).status).toBe(404);
  const other = await t.api.get('/api/v1/notifications').set(as('otherCitizen')).expect(200);
  expect(other.body.items.map((i: { id: string }) => i.id)).not.toContain(nid);
});
