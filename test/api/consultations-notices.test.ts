/**
 * The consultation window tells the answering organ's staff about work waiting for them (a new
 * question, a follow-up, a question re-assigned to them, a question past its promised day), once
 * per staff member; and a publication as FAQ interrupted by a crash is finished or released.
 */
import { FixedClock } from '../../server/src/platform/clock';
import type { PoliciesService } from '../../server/src/modules/policies/service';
import { bearer, loginDev, loginPassword, startTestApp, type TestApp } from '../support/app';

// Thursday 26 November 2026, 10:00 in China: five working days later is Thursday 3 December.
const clock = new FixedClock(new Date('2026-11-26T02:00:00Z'));
let t: TestApp;
let organs: { id: string; code: string; name: string }[];
const organ = (code: string) => organs.find((o) => o.code === code)!;
const ids: Record<'wjwA' | 'wjwB' | 'wjwOff' | 'wjwReviewer' | 'gkb' | 'citizen', string> = {
  wjwA: '',
  wjwB: '',
  wjwOff: '',
  wjwReviewer: '',
  gkb: '',
  citizen: '',
};
const tok = { wjwA: '', wjwB: '', gkb: '', citizen: '', admin: '' };

async function relogin() {
  tok.admin = (await loginPassword(t, 'admin')).token;
  tok.wjwA = (await loginPassword(t, 'wjw-a')).token;
  tok.wjwB = (await loginPassword(t, 'wjw-b')).token;
  const gkb = await loginPassword(t, 'staff1');
  tok.gkb = gkb.token;
  ids.gkb = gkb.user.id;
  const citizen = await loginDev(t, '刘洋');
  tok.citizen = citizen.token;
  ids.citizen = citizen.user.id;
}
async function at(iso: string) {
  clock.set(iso);
  await relogin();
}

/** Every staff-side notice in the database: who got what. */
async function notices() {
  const docs = await t.conn.collection('notifications').find({ kind: 'system' }).toArray();
  return docs
    .map((n) => ({ to: n.userId as string, title: n.title as string, body: n.body as string, link: n.link }))
    .sort((a, b) => `${a.title}${a.body}${a.to}`.localeCompare(`${b.title}${b.body}${b.to}`));
}
/** The same notice for each of the two active staff members of the health commission. */
const toWjw = (n: { title: string; body: string; link: string }) =>
  [ids.wjwA, ids.wjwB].map((to) => ({ to, ...n }));
const sorted = (list: { to: string; title: string; body: string; link: unknown }[]) =>
  [...list].sort((a, b) => `${a.title}${a.body}${a.to}`.localeCompare(`${b.title}${b.body}${b.to}`));
const link = (id: string) => `/workbench/consultations/detail?id=${id}`;

const policies = () =>
  (t.built.modules.find((m) => m.name === 'policies') as unknown as { service: PoliciesService }).service;

async function ask(token: string, body: Record<string, unknown>, key?: string) {
  const req = t.api.post('/api/v1/consultations').set(bearer(token));
  if (key) req.set('Idempotency-Key', key);
  const res = await req.send({ consentPublish: true, ...body }).expect(201);
  return res.body.consultation as { id: string; dueOn: string; organId: string };
}
async function answer(id: string, token: string, text: string) {
  await t.api.post(`/api/v1/consultations/${id}/answer`).set(bearer(token)).send({ text }).expect(200);
}

beforeAll(async () => {
  t = await startTestApp({}, { clock });
  organs = (await t.api.get('/api/v1/organs').expect(200)).body.items;
  // Start from an empty window (the demo questions include overdue ones).
  await t.conn.collection('consultations').deleteMany({});
  tok.admin = (await loginPassword(t, 'admin')).token;
  const create = async (username: string, displayName: string, roles: string[]) =>
    (
      await t.api
        .post('/api/v1/admin/users')
        .set(bearer(tok.admin))
        .send({ username, displayName, password: 'demo1234', roles, organIds: [organ('JX-WJW').id] })
        .expect(201)
    ).body.user.id as string;
  ids.wjwA = await create('wjw-a', '何敏', ['staff']);
  ids.wjwB = await create('wjw-b', '孙丽', ['staff']);
  ids.wjwOff = await create('wjw-off', '周强', ['staff']);
  ids.wjwReviewer = await create('wjw-rev', '吴婷', ['reviewer']);
  await t.api
    .patch(`/api/v1/admin/users/${ids.wjwOff}`)
    .set(bearer(tok.admin))
    .send({ disabled: true })
    .expect(200);
  await relogin();
});

afterAll(() => t?.close());

let q1: string;
let q2: string;

describe('notices to the answering organ', () => {
  test('a new question: each active staff member of its organ is told once, even when the submit is retried', async () => {
    const body = {
      topic: '医疗',
      question: '我叫刘洋，手机13907911234。异地就医备案后，在外省住院能直接结算吗？',
    };
    const first = await ask(tok.citizen, body, 'notice-ask-0001');
    q1 = first.id;
    expect(first).toMatchObject({ organId: organ('JX-WJW').id, dueOn: '2026-12-03' });
    const again = await ask(tok.citizen, body, 'notice-ask-0001');
    expect(again.id).toBe(q1);
    // Sent by the outbox, not in the citizen's request.
    expect(await notices()).toEqual([]);
    await t.built.outbox.runDue();
    const expected = toWjw({
      title: '新的政策咨询待答复',
      body: '【医疗】我叫[姓名]，手机[电话]。异地就医备案后，在外…（承诺 12月3日 前答复）',
      link: link(q1),
    });
    expect(await notices()).toEqual(sorted(expected));
    await t.built.outbox.runDue();
    await t.built.maintenance();
    await t.built.outbox.runDue();
    expect(await notices()).toEqual(sorted(expected));

    const seen = await t.api.get('/api/v1/notifications').set(bearer(tok.wjwA)).expect(200);
    expect(seen.body.unread).toBe(1);
    expect(seen.body.items).toEqual([
      {
        id: expect.any(String),
        kind: 'system',
        title: '新的政策咨询待答复',
        body: '【医疗】我叫[姓名]，手机[电话]。异地就医备案后，在外…（承诺 12月3日 前答复）',
        link: link(q1),
        createdAt: '2026-11-26T02:00:00.000Z',
        read: false,
      },
    ]);
    for (const token of [tok.gkb, tok.citizen]) {
      const none = await t.api.get('/api/v1/notifications').set(bearer(token)).expect(200);
      expect(none.body.items.filter((n: { kind: string }) => n.kind === 'system')).toEqual([]);
    }
  });

  test('the follow-up tells them once more', async () => {
    await at('2026-11-27T02:00:00Z');
    await answer(q1, tok.wjwA, '您好！办理异地就医备案后，在联网定点医疗机构住院可直接结算。');
    await t.api
      .post(`/api/v1/consultations/${q1}/follow-up`)
      .set(bearer(tok.citizen))
      .send({ question: '备案需要带哪些材料？可以网上办理吗？' })
      .expect(200);
    await t.built.outbox.runDue();
    await t.built.outbox.runDue();
    const followUp = (await notices()).filter((n) => n.title === '咨询追问待答复');
    expect(followUp).toEqual(
      sorted(
        toWjw({
          title: '咨询追问待答复',
          body: '【医疗】备案需要带哪些材料？可以网上办理吗？（承诺 12月4日 前答复）',
          link: link(q1),
        }),
      ),
    );
  });

  test('overdue: one notice per question once its promised day has ended', async () => {
    q2 = (await ask(tok.citizen, { topic: '生育', question: '生育津贴按什么标准发放？多久能到账？' })).id;
    await t.built.outbox.runDue();
    const overdue = async () => (await notices()).filter((n) => n.title.includes('超期'));

    await at('2026-12-04T15:59:00Z'); // 23:59 on 4 December, the promised day of both
    await t.built.maintenance();
    await t.built.outbox.runDue();
    expect(await overdue()).toEqual([]);

    await at('2026-12-04T16:00:00Z'); // 00:00 on 5 December
    await t.built.maintenance();
    await t.built.outbox.runDue();
    const expected = sorted([
      ...toWjw({
        title: '咨询追问已超期未答复',
        body: '【医疗】备案需要带哪些材料？可以网上办理吗？（承诺 12月4日 前答复，已超期，请尽快答复）',
        link: link(q1),
      }),
      ...toWjw({
        title: '政策咨询已超期未答复',
        body: '【生育】生育津贴按什么标准发放？多久能到账？（承诺 12月4日 前答复，已超期，请尽快答复）',
        link: link(q2),
      }),
    ]);
    expect(await overdue()).toEqual(expected);

    await at('2026-12-07T02:00:00Z');
    await t.built.maintenance();
    await t.built.outbox.runDue();
    await t.built.maintenance();
    await t.built.outbox.runDue();
    expect(await overdue()).toEqual(expected);
    const jobs = await t.conn.collection('outbox').countDocuments({ kind: 'consultation.staff-notice' });
    // new ×2, follow-up, overdue ×2
    expect(jobs).toBe(5);
  });

  test('a question re-assigned to another organ tells the staff of that organ', async () => {
    const q3 = (
      await ask(tok.citizen, {
        topic: '其他',
        question: '孩子疫苗接种证丢了，去哪里补办？',
        consentPublish: false,
      })
    ).id;
    await t.built.outbox.runDue();
    expect((await notices()).filter((n) => n.link === link(q3))).toEqual([
      {
        to: ids.gkb,
        title: '新的政策咨询待答复',
        body: '【其他】孩子疫苗接种证丢了，去哪里补办？（承诺 12月14日 前答复）',
        link: link(q3),
      },
    ]);
    await t.api
      .post(`/api/v1/consultations/${q3}/assign`)
      .set(bearer(tok.gkb))
      .send({ organId: organ('JX-WJW').id, reason: '属卫生健康部门职责' })
      .expect(200);
    await t.built.outbox.runDue();
    await t.built.outbox.runDue();
    expect((await notices()).filter((n) => n.link === link(q3))).toEqual(
      sorted([
        {
          to: ids.gkb,
          title: '新的政策咨询待答复',
          body: '【其他】孩子疫苗接种证丢了，去哪里补办？（承诺 12月14日 前答复）',
          link: link(q3),
        },
        ...toWjw({
          title: '转办的政策咨询待答复',
          body: '【其他】孩子疫苗接种证丢了，去哪里补办？（由江西省人民政府政务公开办公室转来，承诺 12月14日 前答复）',
          link: link(q3),
        }),
      ]),
    );

    // Re-assigned before the outbox ran: only the organ it now waits for is told.
    const q4 = (
      await ask(tok.citizen, { topic: '其他', question: '新生儿医保参保在哪里办理？', consentPublish: false })
    ).id;
    await t.api
      .post(`/api/v1/consultations/${q4}/assign`)
      .set(bearer(tok.gkb))
      .send({ organId: organ('JX-WJW').id, reason: '属医疗保障相关事项' })
      .expect(200);
    await t.built.outbox.runDue();
    expect((await notices()).filter((n) => n.link === link(q4))).toEqual(
      sorted(
        toWjw({
          title: '转办的政策咨询待答复',
          body: '【其他】新生儿医保参保在哪里办理？（由江西省人民政府政务公开办公室转来，承诺 12月14日 前答复）',
          link: link(q4),
        }),
      ),
    );

    // Sent away and back before the outbox ran: the notices of the versions passed by are dropped.
    const q6 = (
      await ask(tok.citizen, {
        topic: '其他',
        question: '退休人员异地安置后怎么报销医药费？',
        consentPublish: false,
      })
    ).id;
    await t.api
      .post(`/api/v1/consultations/${q6}/assign`)
      .set(bearer(tok.gkb))
      .send({ organId: organ('JX-WJW').id, reason: '属卫生健康部门职责' })
      .expect(200);
    await t.api
      .post(`/api/v1/consultations/${q6}/assign`)
      .set(bearer(tok.wjwA))
      .send({ organId: organ('JX-GKB').id, reason: '请政务公开办协调医保部门答复' })
      .expect(200);
    await t.built.outbox.runDue();
    expect((await notices()).filter((n) => n.link === link(q6))).toEqual([
      {
        to: ids.gkb,
        title: '转办的政策咨询待答复',
        body: '【其他】退休人员异地安置后怎么报销医药费？（由江西省卫生健康委员会转来，承诺 12月14日 前答复）',
        link: link(q6),
      },
    ]);
  });
});

describe('repair of an interrupted publication as FAQ', () => {
  const faqCount = (question: string) => t.conn.collection('policy_faqs').countDocuments({ question });

  test('a claim left without its FAQ is released after a minute, and publishing works again', async () => {
    await answer(q2, tok.wjwA, '生育津贴按用人单位上年度职工月平均工资计发，一般在申领后15个工作日内发放。');
    // The crash: the claim was taken, nothing else was written.
    await t.conn
      .collection('claims')
      .insertOne({ _id: `cstfaq:${q2}`, ref: q2, kind: 'cstfaq', createdAt: clock.now() } as never);
    const blocked = await t.api
      .post(`/api/v1/consultations/${q2}/publish`)
      .set(bearer(tok.wjwA))
      .send({})
      .expect(409);
    expect(blocked.body.error).toEqual({
      code: 'CONSULTATION_PUBLISHING',
      message: '该问答正在公开，请稍后刷新查看',
    });
    // Too young: the publisher may still be on its way.
    clock.advance(30_000);
    await t.built.maintenance();
    expect(await t.built.services.claims.holder(`cstfaq:${q2}`)).toBe(q2);

    clock.advance(31_000);
    await t.built.maintenance();
    expect(await t.built.services.claims.holder(`cstfaq:${q2}`)).toBeNull();
    await relogin();
    const ok = await t.api
      .post(`/api/v1/consultations/${q2}/publish`)
      .set(bearer(tok.wjwA))
      .send({})
      .expect(200);
    expect(ok.body.consultation.published.faqId).toMatch(/^[0-9a-f]{24}$/);
    expect(await faqCount('生育津贴按什么标准发放？多久能到账？')).toBe(1);
    const twice = await t.api
      .post(`/api/v1/consultations/${q2}/publish`)
      .set(bearer(tok.wjwA))
      .send({})
      .expect(409);
    expect(twice.body.error.code).toBe('CONSULTATION_ALREADY_PUBLISHED');
    await t.built.maintenance();
    expect(await t.built.services.claims.holder(`cstfaq:${q2}`)).toBe(q2);
    expect(await faqCount('生育津贴按什么标准发放？多久能到账？')).toBe(1);
  });

  test('a crash after the FAQ was made: the repair links that FAQ instead of making another', async () => {
    const q5 = (await ask(tok.citizen, { topic: '医疗', question: '职工医保个人账户可以给家人看病用吗？' }))
      .id;
    const reply = '可以，职工医保个人账户可用于支付配偶、父母、子女的医疗费用。';
    await answer(q5, tok.wjwA, reply);
    // The crash: claim, what was about to be published, and the FAQ itself; the consultation never heard.
    const question = '职工医保个人账户可以给家人看病用吗？';
    const at0 = clock.now();
    await t.conn
      .collection('claims')
      .insertOne({ _id: `cstfaq:${q5}`, ref: q5, kind: 'cstfaq', createdAt: clock.now() } as never);
    await t.conn.collection('consultation_publications').insertOne({
      _id: q5,
      organId: organ('JX-WJW').id,
      policyId: null,
      question,
      answer: reply,
      byId: ids.wjwA,
      at: at0,
      faqId: null,
    } as never);
    const faq = await policies().createFaq(
      { id: ids.wjwA, displayName: '何敏', roles: ['staff'], organIds: [organ('JX-WJW').id] },
      { organId: organ('JX-WJW').id, policyId: null, question, answer: reply, topics: ['医疗'] },
    );
    const published = async () =>
      (await t.api.get(`/api/v1/consultations/${q5}`).set(bearer(tok.wjwA)).expect(200)).body.consultation
        .published;
    expect(await published()).toBeNull();

    clock.advance(61_000);
    await t.built.maintenance();
    await relogin();
    expect(await published()).toEqual({ faqId: faq.id, at: at0.toISOString() });
    expect(await t.built.services.claims.holder(`cstfaq:${q5}`)).toBe(q5);
    const twice = await t.api
      .post(`/api/v1/consultations/${q5}/publish`)
      .set(bearer(tok.wjwA))
      .send({})
      .expect(409);
    expect(twice.body.error.code).toBe('CONSULTATION_ALREADY_PUBLISHED');
    expect(await faqCount(question)).toBe(1);
    const list = await t.api.get('/api/v1/consultations/published').expect(200);
    expect(list.body.items.map((i: { id: string; faqId: string }) => [i.id, i.faqId])).toContainEqual([
      q5,
      faq.id,
    ]);
  });
});
