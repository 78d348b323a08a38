import { FixedClock } from '../../server/src/platform/clock';
import type { ConsultationsService } from '../../server/src/modules/consultations/service';
import { startFakeWechat, type FakeWechat } from '../support/fake-wechat';
import { bearer, loginDev, loginPassword, startTestApp, type TestApp } from '../support/app';

// Tuesday 29 September 2026, 10:00 in China: National Day (1-7 October) and the make-up
// working Saturday 10 October fall inside the promised five working days.
const clock = new FixedClock(new Date('2026-09-29T02:00:00Z'));
let t: TestApp;
let wx: FakeWechat;
let citizen: string;
let other: string;
let wjwStaff: string;
let gkbStaff: string;
let admin: string;
let organs: { id: string; code: string; name: string }[];
const organ = (code: string) => organs.find((o) => o.code === code)!;
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(64, 7),
]);

async function relogin() {
  const c = await loginDev(t, '刘洋');
  citizen = c.token;
  other = (await loginDev(t, '赵磊')).token;
  wjwStaff = (await loginPassword(t, 'wjw-staff')).token;
  gkbStaff = (await loginPassword(t, 'staff1')).token;
  admin = (await loginPassword(t, 'admin')).token;
}
async function at(iso: string) {
  clock.set(iso);
  await relogin();
}
const service = () =>
  (t.built.modules.find((m) => m.name === 'consultations') as unknown as { service: ConsultationsService })
    .service;

const question = (extra: Record<string, unknown> = {}) => ({
  topic: '医疗',
  question: '我叫刘洋，手机13907911234。异地就医备案后，在外省住院能直接结算吗？',
  consentPublish: true,
  ...extra,
});

beforeAll(async () => {
  wx = await startFakeWechat();
  t = await startTestApp({ WECHAT_API_BASE: wx.url }, { clock });
  organs = (await t.api.get('/api/v1/organs').expect(200)).body.items;
  // Start from an empty window: the demo questions are checked at the end.
  await t.conn.collection('consultations').deleteMany({});
  admin = (await loginPassword(t, 'admin')).token;
  await t.api
    .post('/api/v1/admin/users')
    .set(bearer(admin))
    .send({
      username: 'wjw-staff',
      displayName: '何敏',
      password: 'demo1234',
      roles: ['staff'],
      organIds: [organ('JX-WJW').id],
    })
    .expect(201);
  await relogin();
});

afterAll(async () => {
  await t?.close();
  await wx?.close();
});

describe('routing table', () => {
  test('every topic has an organ; admins change it, others may not', async () => {
    const res = await t.api.get('/api/v1/consultation-routes').expect(200);
    expect(res.body.replyWorkdays).toBe(5);
    expect(res.body.items).toHaveLength(10);
    expect(res.body.items.find((r: { topic: string }) => r.topic === '医疗')).toEqual({
      topic: '医疗',
      organId: organ('JX-WJW').id,
      organName: '江西省卫生健康委员会',
    });
    await t.api
      .put('/api/v1/consultation-routes/住房')
      .set(bearer(gkbStaff))
      .send({ organId: organ('JX-GKB').id })
      .expect(403);
    const bad = await t.api
      .put('/api/v1/consultation-routes/住房')
      .set(bearer(admin))
      .send({ organId: '0123456789abcdef01234567' })
      .expect(422);
    expect(bad.body.error.code).toBe('CONSULTATION_ORGAN_INVALID');
    const ok = await t.api
      .put('/api/v1/consultation-routes/住房')
      .set(bearer(admin))
      .send({ organId: organ('JX-GKB').id })
      .expect(200);
    expect(ok.body.items.find((r: { topic: string }) => r.topic === '住房').organId).toBe(organ('JX-GKB').id);
    await t.api
      .put('/api/v1/consultation-routes/住房')
      .set(bearer(admin))
      .send({ organId: organ('NC-GOV').id })
      .expect(200);
  });
});

describe('a question from asking to rating', () => {
  let id: string;

  test('bad input answers 422 in Chinese and stores nothing', async () => {
    const noConsent = await t.api
      .post('/api/v1/consultations')
      .set(bearer(citizen))
      .send({ topic: '医疗', question: '异地就医备案后能直接结算吗？请答复' })
      .expect(422);
    expect(noConsent.body.error.code).toBe('VALIDATION_FAILED');
    expect(noConsent.body.error.details.fields).toEqual([
      { path: 'consentPublish', message: '此项为必填项', code: 'invalid_type' },
    ]);
    const badTopic = await t.api
      .post('/api/v1/consultations')
      .set(bearer(citizen))
      .send(question({ topic: '旅游' }))
      .expect(422);
    expect(badTopic.body.error.details.fields[0].path).toBe('topic');
    const short = await t.api
      .post('/api/v1/consultations')
      .set(bearer(citizen))
      .send(question({ question: '能结算吗' }))
      .expect(422);
    expect(JSON.stringify(short.body.error.details)).toContain('至少10个字');
    const badPolicy = await t.api
      .post('/api/v1/consultations')
      .set(bearer(citizen))
      .send(question({ policyId: '0123456789abcdef01234567' }))
      .expect(422);
    expect(badPolicy.body.error.code).toBe('CONSULTATION_POLICY_INVALID');
    await t.api.post('/api/v1/consultations').send(question()).expect(401);
    const mine = await t.api.get('/api/v1/me/consultations').set(bearer(citizen)).expect(200);
    expect(mine.body.items).toEqual([]);
  });

  test('routed to the topic organ, promised in five working days across National Day', async () => {
    const upload = await t.api
      .post('/api/v1/files')
      .set(bearer(citizen))
      .field('purpose', 'consultation-image')
      .attach('file', PNG, '备案截图.png')
      .expect(201);
    const policies = (await t.api.get('/api/v1/policies?limit=1').expect(200)).body.items;
    const res = await t.api
      .post('/api/v1/consultations')
      .set(bearer(citizen))
      .set('Idempotency-Key', 'ask-key-0001')
      .send(question({ imageIds: [upload.body.file.id], policyId: policies[0].id }));
    expect(res.status).toBe(201);
    const c = res.body.consultation;
    id = c.id;
    expect(c).toMatchObject({
      topic: '医疗',
      organId: organ('JX-WJW').id,
      organName: '江西省卫生健康委员会',
      status: 'pending',
      askedAt: '2026-09-29T02:00:00.000Z',
      // 9/30, 10/8, 10/9, 10/10 (make-up Saturday), 10/12
      dueOn: '2026-10-12',
      overdue: false,
      answer: null,
      consentPublish: true,
      policy: { id: policies[0].id, title: policies[0].title },
      askerName: null,
      canRate: false,
      canFollowUp: false,
    });
    expect(c.images).toHaveLength(1);
    // The same key again: the first answer, nothing new.
    const again = await t.api
      .post('/api/v1/consultations')
      .set(bearer(citizen))
      .set('Idempotency-Key', 'ask-key-0001')
      .send(question({ imageIds: [upload.body.file.id], policyId: policies[0].id }))
      .expect(201);
    expect(again.body.consultation.id).toBe(id);
    const mine = await t.api.get('/api/v1/me/consultations').set(bearer(citizen)).expect(200);
    expect(mine.body.items.map((i: { id: string }) => i.id)).toEqual([id]);
  });

  test("someone else's image is refused", async () => {
    const upload = await t.api
      .post('/api/v1/files')
      .set(bearer(other))
      .field('purpose', 'consultation-image')
      .attach('file', PNG, 'a.png')
      .expect(201);
    const res = await t.api
      .post('/api/v1/consultations')
      .set(bearer(citizen))
      .send(question({ imageIds: [upload.body.file.id] }))
      .expect(422);
    expect(res.body.error.code).toBe('FILE_INVALID');
    expect((await t.api.get('/api/v1/me/consultations').set(bearer(citizen))).body.items).toHaveLength(1);
  });

  test('only the asker and the organ see it', async () => {
    const notFound = await t.api.get(`/api/v1/consultations/${id}`).set(bearer(other)).expect(404);
    expect(notFound.body.error.message).toBe('咨询不存在');
    await t.api.get(`/api/v1/consultations/${id}`).set(bearer(gkbStaff)).expect(403);
    const staffView = await t.api.get(`/api/v1/consultations/${id}`).set(bearer(wjwStaff)).expect(200);
    expect(staffView.body.consultation.askerName).toBe('刘洋');
    expect(staffView.body.consultation.canAnswer).toBe(true);
    // The image is readable by the answering organ.
    const url = new URL(staffView.body.consultation.images[0].url, t.url);
    await t.api
      .get(url.pathname + url.search)
      .set(bearer(wjwStaff))
      .expect(200);
    await t.api.get(`/api/v1/consultations/${id}`).set(bearer(admin)).expect(200);
    const otherQueue = await t.api.get('/api/v1/work/consultations').set(bearer(gkbStaff)).expect(200);
    expect(otherQueue.body.items.map((i: { id: string }) => i.id)).not.toContain(id);
    await t.api
      .get(`/api/v1/work/consultations?organ=${organ('JX-WJW').id}`)
      .set(bearer(gkbStaff))
      .expect(403);
    await t.api.get('/api/v1/work/consultations').set(bearer(citizen)).expect(403);
  });

  test('overdue only after the promised working day has ended', async () => {
    await at('2026-10-12T15:59:00Z'); // 23:59 on 12 October in China
    let q = await t.api.get('/api/v1/work/consultations?status=open').set(bearer(wjwStaff)).expect(200);
    expect(q.body.items.find((i: { id: string }) => i.id === id).overdue).toBe(false);
    await at('2026-10-12T16:00:00Z'); // 00:00 on 13 October
    q = await t.api.get('/api/v1/work/consultations?status=open').set(bearer(wjwStaff)).expect(200);
    expect(q.body.items[0]).toMatchObject({ id, overdue: true, dueOn: '2026-10-12' });
    const overdueOnly = await t.api
      .get('/api/v1/work/consultations?overdue=true')
      .set(bearer(wjwStaff))
      .expect(200);
    expect(overdueOnly.body.items.map((i: { id: string }) => i.id)).toEqual([id]);
    const mine = await t.api.get(`/api/v1/consultations/${id}`).set(bearer(citizen)).expect(200);
    expect(mine.body.consultation.overdue).toBe(true);
  });

  test('another organ cannot answer; the organ answers once; the asker is notified once', async () => {
    await at('2026-10-13T03:00:00Z');
    await t.api
      .post(`/api/v1/consultations/${id}/answer`)
      .set(bearer(gkbStaff))
      .send({ text: '您好，办理备案后可以在联网定点医院直接结算。' })
      .expect(403);
    const short = await t.api
      .post(`/api/v1/consultations/${id}/answer`)
      .set(bearer(wjwStaff))
      .send({ text: '可以' })
      .expect(422);
    expect(JSON.stringify(short.body.error.details)).toContain('答复至少10个字');
    const text = '您好！办理异地就医备案后，在全国联网定点医疗机构住院可直接结算。';
    const answer = () =>
      t.api.post(`/api/v1/consultations/${id}/answer`).set(bearer(wjwStaff)).send({ text });
    const [a, b] = await Promise.all([answer(), answer()]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(['CONSULTATION_CHANGED', 'CONSULTATION_ALREADY_ANSWERED']).toContain(loser.body.error.code);
    const again = await t.api
      .post(`/api/v1/consultations/${id}/answer`)
      .set(bearer(wjwStaff))
      .send({ text })
      .expect(409);
    expect(again.body.error).toEqual({
      code: 'CONSULTATION_ALREADY_ANSWERED',
      message: '该咨询已答复，无需重复答复',
    });
    const seen = await t.api.get(`/api/v1/consultations/${id}`).set(bearer(citizen)).expect(200);
    expect(seen.body.consultation).toMatchObject({
      status: 'answered',
      overdue: false,
      // 9/30, 10/8, 10/9, 10/10, 10/12, 10/13
      answer: { text, byName: '江西省卫生健康委员会', workdays: 6, at: '2026-10-13T03:00:00.000Z' },
      canRate: true,
      canFollowUp: true,
    });
    const notes = await t.api.get('/api/v1/notifications').set(bearer(citizen)).expect(200);
    const answered = notes.body.items.filter((n: { kind: string }) => n.kind === 'consultation.answered');
    expect(answered).toHaveLength(1);
    expect(answered[0]).toMatchObject({
      title: '您的政策咨询已答复',
      link: `/pages/consult-detail/index?id=${id}`,
      read: false,
    });
    const unread = await t.api.get('/api/v1/notifications/unread-count').set(bearer(citizen)).expect(200);
    expect(unread.body.unread).toBe(1);
  });

  test('rating once; one follow-up, answered the same way', async () => {
    const bad = await t.api
      .post(`/api/v1/consultations/${id}/rating`)
      .set(bearer(citizen))
      .send({ rating: '很好' })
      .expect(422);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    await t.api
      .post(`/api/v1/consultations/${id}/rating`)
      .set(bearer(other))
      .send({ rating: '满意' })
      .expect(404);
    const rated = await t.api
      .post(`/api/v1/consultations/${id}/rating`)
      .set(bearer(citizen))
      .send({ rating: '基本满意', comment: '答复清楚，但晚了一天' })
      .expect(200);
    expect(rated.body.consultation).toMatchObject({ rating: '基本满意', canRate: false });
    const twice = await t.api
      .post(`/api/v1/consultations/${id}/rating`)
      .set(bearer(citizen))
      .send({ rating: '满意' })
      .expect(409);
    expect(twice.body.error.code).toBe('CONSULTATION_ALREADY_RATED');

    await at('2026-10-14T02:00:00Z');
    const f = await t.api
      .post(`/api/v1/consultations/${id}/follow-up`)
      .set(bearer(citizen))
      .send({ question: '门诊慢特病也可以直接结算吗？' })
      .expect(200);
    expect(f.body.consultation).toMatchObject({
      status: 'followup',
      dueOn: '2026-10-21',
      followUp: { question: '门诊慢特病也可以直接结算吗？', dueOn: '2026-10-21', answer: null },
      canFollowUp: false,
    });
    const second = await t.api
      .post(`/api/v1/consultations/${id}/follow-up`)
      .set(bearer(citizen))
      .send({ question: '还有一个问题想再问一下' })
      .expect(409);
    expect(second.body.error.code).toBe('CONSULTATION_FOLLOWUP_USED');
    const ans = await t.api
      .post(`/api/v1/consultations/${id}/answer`)
      .set(bearer(wjwStaff))
      .send({ text: '高血压、糖尿病等门诊慢特病已开通跨省直接结算。' })
      .expect(200);
    expect(ans.body.consultation).toMatchObject({
      status: 'closed',
      followUp: { answer: { workdays: 0 } },
    });
    const notes = await t.api.get('/api/v1/notifications').set(bearer(citizen)).expect(200);
    expect(notes.body.items.filter((n: { kind: string }) => n.kind === 'consultation.answered')).toHaveLength(
      2,
    );
    expect(notes.body.unread).toBe(2);
  });

  test('published with consent as an FAQ without personal details', async () => {
    await t.api.post(`/api/v1/consultations/${id}/publish`).set(bearer(gkbStaff)).send({}).expect(403);
    const res = await t.api
      .post(`/api/v1/consultations/${id}/publish`)
      .set(bearer(wjwStaff))
      .send({})
      .expect(200);
    expect(res.body.consultation.published.faqId).toMatch(/^[0-9a-f]{24}$/);
    const twice = await t.api
      .post(`/api/v1/consultations/${id}/publish`)
      .set(bearer(wjwStaff))
      .send({})
      .expect(409);
    expect(twice.body.error.code).toBe('CONSULTATION_ALREADY_PUBLISHED');

    const list = await t.api.get('/api/v1/consultations/published').expect(200);
    expect(list.body.items).toHaveLength(1);
    const qa = list.body.items[0];
    expect(qa).toMatchObject({
      id,
      topic: '医疗',
      question: '我叫[姓名]，手机[电话]。异地就医备案后，在外省住院能直接结算吗？',
      organName: '江西省卫生健康委员会',
    });
    expect(JSON.stringify(list.body)).not.toContain('13907911234');
    expect(JSON.stringify(list.body)).not.toContain('刘洋');

    const ask = await t.api
      .post('/api/v1/faq/ask')
      .send({ question: '异地就医备案 住院 直接结算' })
      .expect(200);
    const faq = ask.body.answers.find((a: { faq: { id: string } }) => a.faq.id === qa.faqId);
    expect(faq).toBeDefined();
    expect(faq.faq.question).not.toContain('13907911234');
    expect(faq.faq.topics).toEqual(['医疗']);
  });

  test('no consent, no publication', async () => {
    const c = (
      await t.api
        .post('/api/v1/consultations')
        .set(bearer(citizen))
        .send(question({ consentPublish: false, question: '医保个人账户的钱可以给家人看病用吗？' }))
        .expect(201)
    ).body.consultation;
    await t.api
      .post(`/api/v1/consultations/${c.id}/answer`)
      .set(bearer(wjwStaff))
      .send({ text: '可以，职工医保个人账户可用于支付配偶、父母、子女的医疗费用。' })
      .expect(200);
    const res = await t.api
      .post(`/api/v1/consultations/${c.id}/publish`)
      .set(bearer(wjwStaff))
      .send({})
      .expect(409);
    expect(res.body.error).toEqual({
      code: 'CONSULTATION_NO_CONSENT',
      message: '提问人未同意公开，不能发布为常见问答',
    });
    expect((await t.api.get('/api/v1/consultations/published')).body.items).toHaveLength(1);
  });
});

describe('re-assignment', () => {
  test('staff send a question to another organ, which then answers it', async () => {
    const c = (
      await t.api
        .post('/api/v1/consultations')
        .set(bearer(other))
        .send({ topic: '其他', question: '孩子疫苗接种证丢了，去哪里补办？', consentPublish: false })
        .expect(201)
    ).body.consultation;
    expect(c.organId).toBe(organ('JX-GKB').id);
    await t.api
      .post(`/api/v1/consultations/${c.id}/assign`)
      .set(bearer(wjwStaff))
      .send({ organId: organ('JX-WJW').id, reason: '属卫生健康部门职责' })
      .expect(403);
    const same = await t.api
      .post(`/api/v1/consultations/${c.id}/assign`)
      .set(bearer(gkbStaff))
      .send({ organId: organ('JX-GKB').id, reason: '重复' })
      .expect(409);
    expect(same.body.error.code).toBe('CONSULTATION_SAME_ORGAN');
    const moved = await t.api
      .post(`/api/v1/consultations/${c.id}/assign`)
      .set(bearer(gkbStaff))
      .send({ organId: organ('JX-WJW').id, reason: '属卫生健康部门职责' })
      .expect(200);
    expect(moved.body.consultation.organName).toBe('江西省卫生健康委员会');
    const seen = await t.api.get(`/api/v1/consultations/${c.id}`).set(bearer(wjwStaff)).expect(200);
    expect(seen.body.consultation.transfers).toEqual([
      {
        fromOrganName: '江西省人民政府政务公开办公室',
        toOrganName: '江西省卫生健康委员会',
        reason: '属卫生健康部门职责',
        at: clock.now().toISOString(),
      },
    ]);
    await t.api.get(`/api/v1/consultations/${c.id}`).set(bearer(gkbStaff)).expect(403);
    await t.api
      .post(`/api/v1/consultations/${c.id}/answer`)
      .set(bearer(wjwStaff))
      .send({ text: '您好，可到接种单位查询接种记录后补办接种证。' })
      .expect(200);
  });
});

describe('WeChat subscribe messages', () => {
  test('sent for an answer unless the kind is muted', async () => {
    const login = await t.api.post('/api/v1/auth/wechat').send({ code: 'wxcitizen.1' }).expect(200);
    const token = login.body.token as string;
    const ask = async () =>
      (
        await t.api
          .post('/api/v1/consultations')
          .set(bearer(token))
          .send({ topic: '生育', question: '生育津贴按什么标准发放？多久能到账？', consentPublish: false })
          .expect(201)
      ).body.consultation.id as string;
    const first = await ask();
    await t.api
      .post(`/api/v1/consultations/${first}/answer`)
      .set(bearer(wjwStaff))
      .send({ text: '生育津贴按用人单位上年度职工月平均工资计发。' })
      .expect(200);
    await t.built.outbox.runDue();
    const sent = wx.messages.filter((m) => m.template_id === 'dev-tmpl-consultation');
    expect(sent).toHaveLength(1);

    await t.api
      .put('/api/v1/notifications/preferences')
      .set(bearer(token))
      .send({ muted: ['consultation.answered'] })
      .expect(200);
    const second = await ask();
    await t.api
      .post(`/api/v1/consultations/${second}/answer`)
      .set(bearer(wjwStaff))
      .send({ text: '生育津贴一般在申领后15个工作日内发放。' })
      .expect(200);
    await t.built.outbox.runDue();
    expect(wx.messages.filter((m) => m.template_id === 'dev-tmpl-consultation')).toHaveLength(1);
    const notes = await t.api.get('/api/v1/notifications').set(bearer(token)).expect(200);
    expect(notes.body.items.filter((n: { kind: string }) => n.kind === 'consultation.answered')).toHaveLength(
      2,
    );
  });
});

describe('statistics', () => {
  test('volume by topic, median reply time in working days, satisfaction, overdue', async () => {
    await at('2026-10-14T02:00:00Z');
    const s = await service().stats({ organIds: [organ('JX-WJW').id], from: '2026-09-01', to: '2026-10-31' });
    expect(s.total).toBe(5);
    expect(s.byTopic.find((b) => b.topic === '医疗')!.count).toBe(2);
    expect(s.byTopic.find((b) => b.topic === '生育')!.count).toBe(2);
    expect(s.byTopic.find((b) => b.topic === '其他')!.count).toBe(1);
    expect(s.answered).toBe(5);
    // 6 (the first question) and 0 for the four answered the day they were asked
    expect(s.medianReplyWorkdays).toBe(0);
    expect(s.onTimeAnswered).toBe(4);
    expect(s.satisfaction).toEqual({ rated: 1, 满意: 0, 基本满意: 1, 不满意: 0, satisfiedShare: 1 });
    expect(s.overdue).toBe(0);
    const none = await service().stats({ organIds: [organ('JX-RST').id] });
    expect(none.total).toBe(0);
    expect(none.medianReplyWorkdays).toBeNull();
  });
});

describe('demo data', () => {
  test('the seeded window: questions in every state and three published answers', async () => {
    const demo = await startTestApp({}, { clock: new FixedClock(new Date('2026-06-10T02:00:00Z')) });
    try {
      const staff = (await loginPassword(demo, 'staff1')).token;
      const q = await demo.api.get('/api/v1/work/consultations').set(bearer(staff)).expect(200);
      expect(q.body.items.length).toBe(4);
      expect(q.body.items[0].overdue).toBe(true);
      const pub = await demo.api.get('/api/v1/consultations/published').expect(200);
      expect(pub.body.items).toHaveLength(3);
      expect(JSON.stringify(pub.body)).not.toMatch(/1390791|刘建国|@163\.com/);
      const ask = await demo.api
        .post('/api/v1/faq/ask')
        .send({ question: '创业担保贷款最多能贷多少' })
        .expect(200);
      expect(ask.body.matched).toBe(true);
    } finally {
      await demo.close();
    }
  });
});
