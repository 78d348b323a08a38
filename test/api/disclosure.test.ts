import ExcelJS from 'exceljs';
import { FixedClock } from '../../server/src/platform/clock';
import { seedAccounts } from '../../server/src/seed/demo';
import { bearer, loginDev, loginPassword, startTestApp, type TestApp } from '../support/app';

const clock = new FixedClock(new Date('2026-04-20T02:00:00Z')); // 10:00 in China
let t: TestApp;
let citizen: string;
let other: string;
let staff: string;
let reviewer: string;
let otherStaff: string;
let admin: string;
let organs: { id: string; code: string }[];
const organ = (code: string) => organs.find((o) => o.code === code)!.id;
/** Move the clock to 10:00 China time of `day`; access tokens are short-lived, so log in again. */
async function at(day: string) {
  clock.set(`${day}T02:00:00Z`);
  await relogin();
}
async function relogin() {
  citizen = (await loginDev(t, '刘洋')).token;
  other = (await loginDev(t, '赵磊')).token;
  staff = (await loginPassword(t, 'staff1')).token;
  reviewer = (await loginPassword(t, 'reviewer1')).token;
  admin = (await loginPassword(t, 'admin')).token;
  if (otherStaff) otherStaff = (await loginPassword(t, 'rst-staff')).token;
}

const ID = '360102199003071236';
const application = (organId: string, extra: Record<string, unknown> = {}) => ({
  organId,
  applicant: { kind: 'natural', name: '刘洋', idType: 'resident_id', idNumber: ID, phone: '13807001234' },
  info: {
    title: '2026年南昌市老旧小区改造项目清单',
    documentNumber: '洪府办字〔2026〕12号',
    description: '请提供2026年东湖区纳入改造计划的小区名单、改造内容和资金安排。',
  },
  delivery: { form: 'electronic', way: 'online' },
  declaration: true,
  ...extra,
});

beforeAll(async () => {
  // Organs and accounts only: this file starts from an empty register.
  t = await startTestApp({}, { clock, seed: false });
  await seedAccounts(t.conn, t.built.context.claims, clock.now());
  organs = (await t.api.get('/api/v1/organs').expect(200)).body.items;
  // Start from an empty register: the demo requests are covered by disclosure-seed.test.ts.
  await t.conn.collection('disclosure_requests').deleteMany({});
  await t.conn.collection('claims').deleteMany({ kind: 'seq' });
  await relogin();
  await t.api
    .post('/api/v1/admin/users')
    .set(bearer(admin))
    .send({
      username: 'rst-staff',
      displayName: '孙磊',
      password: 'demo1234',
      roles: ['staff', 'reviewer'],
      organIds: [organ('JX-RST')],
    })
    .expect(201);
  otherStaff = (await loginPassword(t, 'rst-staff')).token;
});
afterAll(() => t.close());

const get = async (id: string, token = staff) =>
  (await t.api.get(`/api/v1/disclosure/requests/${id}`).set(bearer(token)).expect(200)).body.request;
const act = (id: string, path: string, token: string, body: object = {}) =>
  t.api.post(`/api/v1/disclosure/requests/${id}/${path}`).set(bearer(token)).send(body);

describe('a request walked through its whole lifecycle', () => {
  let id: string;

  test('submit: numbered, encrypted at rest, no deadline before receipt', async () => {
    await at('2026-04-20');
    const res = await t.api
      .post('/api/v1/disclosure/requests')
      .set(bearer(citizen))
      .set('Idempotency-Key', 'apply-walk-1')
      .send(application(organ('JX-GKB')))
      .expect(201);
    const r = res.body.request;
    id = r.id;
    expect(r).toMatchObject({
      number: '赣公开申〔2026〕00001号',
      status: 'submitted',
      receivedOn: null,
      dueOn: null,
      workingDaysLeft: null,
      applicant: { idNumber: ID, name: '刘洋' },
    });
    // A retry with the same key returns the first result.
    const again = await t.api
      .post('/api/v1/disclosure/requests')
      .set(bearer(citizen))
      .set('Idempotency-Key', 'apply-walk-1')
      .send(application(organ('JX-GKB')))
      .expect(201);
    expect(again.body.request.id).toBe(id);
    expect(await t.conn.collection('disclosure_requests').countDocuments()).toBe(1);

    const raw = await t.conn.collection('disclosure_requests').findOne({});
    const text = JSON.stringify(raw);
    expect(text).not.toContain(ID);
    expect(text).not.toContain('199003071');
    expect(raw!.applicant.idMasked).toBe('3601**********1236');
  });

  test('another citizen gets 404, staff of another organ 403 on read and on action', async () => {
    const res = await t.api.get(`/api/v1/disclosure/requests/${id}`).set(bearer(other)).expect(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
    await t.api.get(`/api/v1/disclosure/requests/${id}`).set(bearer(otherStaff)).expect(403);
    const act403 = await act(id, 'receive', otherStaff).expect(403);
    expect(act403.body.error.code).toBe('FORBIDDEN');
    await act(id, 'withdraw', other).expect(404);
    expect((await get(id)).status).toBe('submitted');
  });

  test('receive: the 20th working day after receipt, Labour Day skipped, Saturday 5/9 counted', async () => {
    const r = (await act(id, 'receive', staff).expect(200)).body.request;
    expect(r).toMatchObject({
      status: 'processing',
      receivedOn: '2026-04-20',
      dueOn: '2026-05-20',
      workingDaysLeft: 20,
      dueSoon: false,
      overdue: false,
      provisional: false,
    });
    await act(id, 'receive', staff).expect(409);
  });

  test('补正 within 7 working days; the clock stops; the supplement restarts it', async () => {
    await at('2026-04-22');
    const r = (
      await act(id, 'supplement-request', staff, { items: '请明确所需信息的年度和具体区域范围。' }).expect(
        200,
      )
    ).body.request;
    expect(r).toMatchObject({ status: 'supplement_requested', dueOn: null, workingDaysLeft: null });
    expect(r.supplement).toMatchObject({ requestedOn: '2026-04-22', dueOn: '2026-05-15', suppliedOn: null });

    await at('2026-04-30');
    const s = (
      await act(id, 'supplement', citizen, { text: '所需信息为2026年度东湖区全部改造小区。' }).expect(200)
    ).body.request;
    expect(s).toMatchObject({
      status: 'processing',
      receivedOn: '2026-04-30',
      dueOn: '2026-06-01',
      workingDaysLeft: 20,
    });

    const again = await act(id, 'supplement-request', staff, { items: '再次补正的内容说明' }).expect(409);
    expect(again.body.error.code).toBe('SUPPLEMENT_ONCE');
  });

  test('a consultation pauses the clock for its working days', async () => {
    await at('2026-05-06');
    await act(id, 'consultation', staff, {
      party: '南昌市东湖区人民政府',
      note: '信息涉及区级项目安排',
    }).expect(200);
    await at('2026-05-13');
    const during = await get(id);
    expect(during).toMatchObject({ status: 'consulting', dueOn: '2026-06-09' });
    const r = (await act(id, 'consultation/end', staff, { note: '东湖区政府同意公开' }).expect(200)).body
      .request;
    expect(r).toMatchObject({ status: 'processing', dueOn: '2026-06-09' });
    await at('2026-05-20');
    expect((await get(id)).dueOn).toBe('2026-06-09');
  });

  test('an extension counts once approved by a reviewer of the organ, and only once', async () => {
    await at('2026-05-21');
    const req = (
      await act(id, 'extension', staff, { days: 10, reason: '涉及多个项目资料需汇总核实' }).expect(200)
    ).body.request;
    expect(req).toMatchObject({ dueOn: '2026-06-09', extension: { status: 'pending', days: 10 } });
    await act(id, 'extension/decision', staff, { approve: true }).expect(403);
    await act(id, 'extension/decision', otherStaff, { approve: true }).expect(403);
    const queue = (await t.api.get('/api/v1/disclosure/review-queue').set(bearer(reviewer)).expect(200)).body
      .items;
    expect(queue.map((i: { id: string }) => i.id)).toEqual([id]);
    const ok = (await act(id, 'extension/decision', reviewer, { approve: true }).expect(200)).body.request;
    expect(ok).toMatchObject({
      dueOn: '2026-06-24',
      extension: { status: 'approved', decidedOn: '2026-05-21' },
    });
    const twice = await act(id, 'extension', staff, { days: 5, reason: '再次延期的理由' }).expect(409);
    expect(twice.body.error.code).toBe('EXTENSION_ONCE');
  });

  test('reply drafted, returned by legal review, redrafted, approved: replied', async () => {
    await at('2026-06-01');
    const d = (
      await act(id, 'reply-draft', staff, {
        answerKind: 'disclose',
        content: '经审查，您申请的信息属于公开范围，现通过本平台提供电子文件。',
      }).expect(200)
    ).body.request;
    expect(d).toMatchObject({
      status: 'in_review',
      reply: { review: 'pending', legalBasis: '《条例》第三十六条第（二）项' },
    });
    // The applicant sees neither the draft nor internal steps.
    const mine = await get(id, citizen);
    expect(mine.reply).toBeNull();
    expect(mine.timeline.map((e: { action: string }) => e.action)).not.toContain('draft_reply');

    await act(id, 'legal-review', staff, { approve: true }).expect(403);
    await act(id, 'legal-review', reviewer, { approve: false }).expect(422);
    await act(id, 'legal-review', reviewer, { approve: false, note: '请补充告知申请人获取方式' }).expect(200);
    await act(id, 'reply-draft', staff, {
      answerKind: 'disclose',
      content: '经审查，您申请的信息属于公开范围，现通过本平台提供电子文件，请登录后在“我的申请”中查看。',
    }).expect(200);
    await at('2026-06-02');
    const done = (await act(id, 'legal-review', reviewer, { approve: true }).expect(200)).body.request;
    expect(done).toMatchObject({
      status: 'replied',
      outcome: 'disclose',
      concludedOn: '2026-06-02',
      dueOn: '2026-06-24',
      workingDaysLeft: null,
      overdue: false,
      reply: { review: 'approved', repliedOn: '2026-06-02' },
    });
    await act(id, 'withdraw', citizen).expect(409);
    await act(id, 'close', staff).expect(200);

    const seen = await get(id, citizen);
    expect(seen.status).toBe('closed');
    expect(seen.reply).toMatchObject({ answerLabel: '予以公开', repliedOn: '2026-06-02' });
    expect(seen.timeline.map((e: { action: string }) => e.action)).toEqual([
      'submit',
      'receive',
      'request_supplement',
      'supplement',
      'start_consultation',
      'end_consultation',
      'approve_extension',
      'approve_reply',
      'close',
    ]);
    expect(seen.timeline[1].actor).toBe('江西省人民政府政务公开办公室');
    const staffView = await get(id);
    expect(staffView.timeline).toHaveLength(13);
    expect(staffView.timeline[1]).toMatchObject({ actor: '王芳', from: 'submitted', to: 'processing' });
  });
});

describe('application rules', () => {
  test('an invalid ID check digit → 422 and nothing stored', async () => {
    await at('2026-06-03');
    const before = await t.conn.collection('disclosure_requests').countDocuments();
    const res = await t.api
      .post('/api/v1/disclosure/requests')
      .set(bearer(citizen))
      .send(
        application(organ('JX-GKB'), {
          applicant: {
            kind: 'natural',
            name: '刘洋',
            idType: 'resident_id',
            idNumber: '360102199003071235',
            phone: '13807001234',
          },
        }),
      )
      .expect(422);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: 'applicant.idNumber',
          message: '居民身份证号码有误，请核对（含末位校验码）',
        }),
      ]),
    );
    expect(await t.conn.collection('disclosure_requests').countDocuments()).toBe(before);
  });

  test('an unknown organ → 422 ORGAN_NOT_FOUND, no number used', async () => {
    const res = await t.api
      .post('/api/v1/disclosure/requests')
      .set(bearer(citizen))
      .send(application('0123456789abcdef01234567'))
      .expect(422);
    expect(res.body.error.code).toBe('ORGAN_NOT_FOUND');
  });

  test('an organisation applies with its credit code; lists mask the number', async () => {
    const res = await t.api
      .post('/api/v1/disclosure/requests')
      .set(bearer(other))
      .send(
        application(organ('JX-GKB'), {
          applicant: {
            kind: 'organization',
            orgType: 'legal_service',
            name: '江西洪城律师事务所',
            idType: 'uscc',
            idNumber: '91360100MA35K2XQ07',
            legalRepresentative: '胡建华',
            contactName: '周敏',
            phone: '0791-86001234',
            address: '南昌市红谷滩区赣江中大道1号',
          },
          delivery: { form: 'paper', way: 'post' },
        }),
      )
      .expect(201);
    expect(res.body.request.number).toBe('赣公开申〔2026〕00002号');
    const q = (await t.api.get('/api/v1/disclosure/queue').set(bearer(staff)).expect(200)).body.items;
    expect(q).toHaveLength(1);
    expect(q[0]).toMatchObject({
      applicantName: '江西洪城律师事务所',
      applicantIdMasked: '9136**********XQ07',
    });
    const mine = (await t.api.get('/api/v1/me/disclosure-requests').set(bearer(other)).expect(200)).body
      .items;
    expect(mine.map((i: { number: string }) => i.number)).toEqual(['赣公开申〔2026〕00002号']);
  });

  test('concurrent submissions get gap-free unique numbers', async () => {
    const users = await Promise.all(Array.from({ length: 8 }, (_, i) => loginDev(t, `并发申请人${i}`)));
    const results = await Promise.all(
      users.map((u) =>
        t.api
          .post('/api/v1/disclosure/requests')
          .set(bearer(u.token))
          .send(application(organ('JX-JYT'))),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(201));
    const numbers = results.map((r) => r.body.request.number as string).sort();
    expect(numbers).toEqual(Array.from({ length: 8 }, (_, i) => `赣公开申〔2026〕0000${i + 1}号`));
  });

  test('withdraw before the reply; the queue orders by urgency', async () => {
    await at('2026-06-03');
    const a = (
      await t.api
        .post('/api/v1/disclosure/requests')
        .set(bearer(citizen))
        .send(application(organ('JX-GKB')))
        .expect(201)
    ).body.request;
    await act(a.id, 'receive', staff).expect(200);
    await at('2026-06-25');
    const q = (await t.api.get('/api/v1/disclosure/queue').set(bearer(staff)).expect(200)).body.items;
    // The organisation's request (never received) has no deadline and comes last.
    expect(q.map((i: { id: string }) => i.id)[0]).toBe(a.id);
    expect(q[0]).toMatchObject({ dueOn: '2026-07-02', workingDaysLeft: 5, dueSoon: true });
    const w = (await act(a.id, 'withdraw', citizen, { reason: '已通过其他渠道获得' }).expect(200)).body
      .request;
    expect(w).toMatchObject({ status: 'withdrawn', outcome: 'other_3', concludedOn: '2026-06-25' });
  });
});

describe('annual report', () => {
  test('table 三 balances and the XLSX holds the template labels', async () => {
    const res = await t.api
      .get(`/api/v1/disclosure/reports/2026?organ=${organ('JX-GKB')}`)
      .set(bearer(staff))
      .expect(200);
    const row = (key: string) => res.body.rows.find((r: { key: string }) => r.key === key).values;
    expect(row('new')).toMatchObject({ natural: 2, legal_service: 1, total: 3 });
    expect(row('disclose')).toMatchObject({ natural: 1, total: 1 });
    expect(row('other_3')).toMatchObject({ natural: 1, total: 1 });
    expect(row('carried_out')).toMatchObject({ legal_service: 1, total: 1 });
    expect(res.body.check.balanced).toBe(true);
    expect(res.body.check.columns).toHaveLength(7);

    await t.api
      .get(`/api/v1/disclosure/reports/2026?organ=${organ('JX-GKB')}`)
      .set(bearer(otherStaff))
      .expect(403);
    await t.api
      .get(`/api/v1/disclosure/reports/2026?organ=${organ('JX-GKB')}`)
      .set(bearer(citizen))
      .expect(403);

    const x = await t.api
      .get(`/api/v1/disclosure/reports/2026?organ=${organ('JX-GKB')}&format=xlsx`)
      .set(bearer(staff))
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.body as unknown as ExcelJS.Buffer);
    const labels: string[] = [];
    wb.worksheets[0]!.eachRow((r) => labels.push(String(r.getCell(1).value ?? '').trim()));
    expect(labels).toEqual(
      expect.arrayContaining([
        '一、本年新收政府信息公开申请数量',
        '二、上年结转政府信息公开申请数量',
        '（一）予以公开',
        '1.本机关不掌握相关政府信息',
        '（七）总计',
        '四、结转下年度继续办理',
      ]),
    );
  });
});
