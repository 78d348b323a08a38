/**
 * Issue 5, second slice: attachments, notices, fees, the reply letter, assignment and contact log,
 * the 重复申请 hint, reconsideration/litigation records (table 四) and the dashboard statistics.
 */
import ExcelJS from 'exceljs';
import { FixedClock } from '../../server/src/platform/clock';
import { AppError } from '../../server/src/platform/errors';
import { disclosureRoutes } from '../../server/src/modules/disclosure/routes';
import type { DisclosureService } from '../../server/src/modules/disclosure/service';
import { seedAccounts } from '../../server/src/seed/demo';
import { bearer, loginDev, loginPassword, startTestApp, type TestApp } from '../support/app';

const clock = new FixedClock(new Date('2026-04-20T02:00:00Z'));
let t: TestApp;
let citizen: string;
let other: string;
let staff: string;
let staffId: string;
let reviewer: string;
let otherStaff: string;
let admin: string;
let organs: { id: string; code: string }[];
const organ = (code: string) => organs.find((o) => o.code === code)!.id;

async function at(day: string) {
  clock.set(`${day}T02:00:00Z`);
  await relogin();
}
async function relogin() {
  citizen = (await loginDev(t, '刘洋')).token;
  other = (await loginDev(t, '赵磊')).token;
  const s = await loginPassword(t, 'staff1');
  staff = s.token;
  staffId = s.user.id;
  reviewer = (await loginPassword(t, 'reviewer1')).token;
  admin = (await loginPassword(t, 'admin')).token;
  if (otherStaff) otherStaff = (await loginPassword(t, 'rst-staff2')).token;
}

const ID = '360102199003071236';
const PDF = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(64, 7),
]);

const application = (organId: string, extra: Record<string, unknown> = {}, info?: object) => ({
  organId,
  applicant: { kind: 'natural', name: '刘洋', idType: 'resident_id', idNumber: ID, phone: '13807001234' },
  info: info ?? {
    title: '2026年南昌市老旧小区改造项目清单',
    documentNumber: '洪府办字〔2026〕12号',
    description: '请提供2026年东湖区纳入改造计划的小区名单、改造内容和资金安排。',
  },
  delivery: { form: 'electronic', way: 'online' },
  declaration: true,
  ...extra,
});

async function upload(token: string, purpose: string, body: Buffer, name: string): Promise<string> {
  const res = await t.api
    .post('/api/v1/files')
    .set(bearer(token))
    .field('purpose', purpose)
    .attach('file', body, name)
    .expect(201);
  return res.body.file.id;
}
const get = async (id: string, token = staff) =>
  (await t.api.get(`/api/v1/disclosure/requests/${id}`).set(bearer(token)).expect(200)).body.request;
const act = (id: string, path: string, token: string, body: object = {}) =>
  t.api.post(`/api/v1/disclosure/requests/${id}/${path}`).set(bearer(token)).send(body);
const submit = async (token: string, body: object) =>
  (await t.api.post('/api/v1/disclosure/requests').set(bearer(token)).send(body).expect(201)).body.request;
const notices = async (token: string) =>
  (await t.api.get('/api/v1/notifications').set(bearer(token)).expect(200)).body.items as {
    kind: string;
    title: string;
    body: string;
    link: string | null;
  }[];
const service = () =>
  (t.built.modules.find((m) => m.name === 'disclosure') as unknown as { service: DisclosureService }).service;

beforeAll(async () => {
  // Organs and demo accounts only: this file needs none of the other demo data.
  t = await startTestApp({}, { clock, seed: false });
  await seedAccounts(t.conn, t.built.context.claims, clock.now());
  organs = (await t.api.get('/api/v1/organs').expect(200)).body.items;
  await t.conn.collection('disclosure_requests').deleteMany({});
  await t.conn.collection('claims').deleteMany({ kind: 'seq' });
  await relogin();
  await t.api
    .post('/api/v1/admin/users')
    .set(bearer(admin))
    .send({
      username: 'rst-staff2',
      displayName: '孙磊',
      password: 'demo1234',
      roles: ['staff', 'reviewer'],
      organIds: [organ('JX-RST')],
    })
    .expect(201);
  otherStaff = (await loginPassword(t, 'rst-staff2')).token;
});
afterAll(() => t.close());

describe('attachments, notices, fees and the reply letter', () => {
  let id: string;
  let replyFile: string;

  test('ID proof attached on submit; someone else’s file → 422 FILE_INVALID, no number used', async () => {
    await at('2026-04-20');
    const mine = await upload(citizen, 'disclosure-id-proof', PNG, '身份证正面.png');
    const theirs = await upload(other, 'disclosure-id-proof', PNG, 'x.png');
    const bad = await t.api
      .post('/api/v1/disclosure/requests')
      .set(bearer(citizen))
      .send(application(organ('JX-GKB'), { idProofFileIds: [theirs] }))
      .expect(422);
    expect(bad.body.error.code).toBe('FILE_INVALID');
    expect(await t.conn.collection('disclosure_requests').countDocuments()).toBe(0);
    const r = await submit(citizen, application(organ('JX-GKB'), { idProofFileIds: [mine] }));
    id = r.id;
    expect(r.number).toBe('赣公开申〔2026〕00001号');
    const seen = await get(id);
    expect(seen.idProofs).toHaveLength(1);
    expect(seen.idProofs[0]).toMatchObject({
      id: mine,
      name: '身份证正面.png',
      purpose: 'disclosure-id-proof',
    });
    // the organ's staff may download it, staff of another organ may not
    await t.api.get(`/api/v1/files/${mine}`).set(bearer(staff)).expect(200);
    await t.api.get(`/api/v1/files/${mine}`).set(bearer(otherStaff)).expect(404);
    expect(seen.fee).toBeNull();
    expect(seen.replyLetter).toBeNull();
  });

  test('receipt and 补正 notify the applicant with a link to the request', async () => {
    await act(id, 'receive', staff).expect(200);
    await act(id, 'supplement-request', staff, { items: '请明确所需信息的年度和区域。' }).expect(200);
    const n = await notices(citizen);
    expect(n.map((x) => x.kind).sort()).toEqual(['disclosure.correction', 'disclosure.progress']);
    const corr = n.find((x) => x.kind === 'disclosure.correction')!;
    expect(corr).toMatchObject({
      title: '申请需要补正',
      body: '赣公开申〔2026〕00001号：请于2026-05-13前补正',
      link: `/pages/disclosure-detail/index?id=${id}`,
    });
    expect(n.find((x) => x.kind === 'disclosure.progress')!.body).toBe(
      '赣公开申〔2026〕00001号：答复期限2026-05-20',
    );
    expect(await notices(other)).toEqual([]);
  });

  test('the supplement carries files that staff see', async () => {
    await at('2026-04-22');
    const f = await upload(citizen, 'disclosure-supplement', PDF, '补充说明.pdf');
    const r = (
      await act(id, 'supplement', citizen, { text: '补充：仅需东湖区的名单。', fileIds: [f] }).expect(200)
    ).body.request;
    expect(r).toMatchObject({ status: 'processing', receivedOn: '2026-04-22', dueOn: '2026-05-22' });
    expect((await get(id)).supplement.files.map((x: { name: string }) => x.name)).toEqual(['补充说明.pdf']);
  });

  test('fees: under the threshold → 409 FEE_NOT_DUE; 120 pages = 1,100 yuan; the clock waits', async () => {
    await at('2026-04-23');
    const free = await act(id, 'fee-notice', staff, { basis: 'per_request' }).expect(409);
    expect(free.body.error).toMatchObject({ code: 'FEE_NOT_DUE' });
    expect(free.body.error.message).toContain('本月第1件');
    const few = await act(id, 'fee-notice', staff, { basis: 'per_page', pages: 30 }).expect(409);
    expect(few.body.error.code).toBe('FEE_NOT_DUE');
    const noPages = await act(id, 'fee-notice', staff, { basis: 'per_page' }).expect(422);
    expect(noPages.body.error.details.fields[0]).toMatchObject({
      path: 'pages',
      message: '按量计收请填写页数',
    });
    await act(id, 'fee-notice', otherStaff, { basis: 'per_page', pages: 120 }).expect(403);

    const r = (await act(id, 'fee-notice', staff, { basis: 'per_page', pages: 120 }).expect(200)).body
      .request;
    expect(r.status).toBe('fee_pending');
    expect(r.fee).toMatchObject({
      basis: 'per_page',
      basisLabel: '按量计收',
      pages: 120,
      amount: 1100,
      noticeOn: '2026-04-23',
      payBy: '2026-05-25',
      paidOn: null,
      status: 'unpaid',
    });
    expect(r.fee.lines).toEqual([
      { label: '31—100页部分', quantity: 70, unitPrice: 10, amount: 700 },
      { label: '101—200页部分', quantity: 20, unitPrice: 20, amount: 400 },
    ]);
    await act(id, 'fee-notice', staff, { basis: 'per_page', pages: 120 }).expect(409);
    await act(id, 'reply-draft', staff, {
      answerKind: 'disclose',
      content: '现予以公开，请查收附件。',
    }).expect(409);
    const n = (await notices(citizen)).find((x) => x.title === '信息处理费缴纳通知')!;
    expect(n).toMatchObject({
      kind: 'disclosure.progress',
      body: '赣公开申〔2026〕00001号：应缴1100元，2026-05-25前缴纳',
    });

    // Paid on 4/28: 4/24, 4/27, 4/28 are not counted → due 3 working days later than 5/22.
    await at('2026-04-28');
    expect((await get(id)).dueOn).toBe('2026-05-27');
    const early = await act(id, 'fee-paid', staff, { paidOn: '2026-04-20' }).expect(422);
    expect(early.body.error.code).toBe('PAID_ON_INVALID');
    const paid = (await act(id, 'fee-paid', staff, {}).expect(200)).body.request;
    expect(paid).toMatchObject({ status: 'processing', dueOn: '2026-05-27' });
    expect(paid.fee).toMatchObject({ paidOn: '2026-04-28', status: 'paid' });
    await at('2026-05-06');
    expect((await get(id)).dueOn).toBe('2026-05-27');
  });

  test('the reply with disclosed files: hidden until legal review, then letter and files for the applicant', async () => {
    replyFile = await upload(staff, 'disclosure-reply', PDF, '改造项目清单.pdf');
    await act(id, 'reply-draft', staff, {
      answerKind: 'refuse_1',
      content: '该信息属于国家秘密。',
      fileIds: [replyFile],
    }).expect(422);
    const draft = (
      await act(id, 'reply-draft', staff, {
        answerKind: 'disclose',
        content: '经审查，现予以公开，请查收附件。',
        fileIds: [replyFile],
      }).expect(200)
    ).body.request;
    expect(draft.replyLetter).not.toBeNull(); // staff may preview
    const preview = await t.api
      .get(`/api/v1/disclosure/requests/${id}/reply-letter.html`)
      .set(bearer(staff))
      .expect(200);
    expect(preview.text).toContain('草稿');
    // the staff member's signed link opens the draft in a browser tab without the token
    expect((await t.api.get(draft.replyLetter.htmlUrl).expect(200)).text).toContain('草稿');

    const before = await get(id, citizen);
    expect(before.reply).toBeNull();
    expect(before.replyLetter).toBeNull();
    await t.api.get(`/api/v1/disclosure/requests/${id}/reply-letter.html`).set(bearer(citizen)).expect(404);
    await t.api.get(`/api/v1/files/${replyFile}`).set(bearer(citizen)).expect(404);

    await at('2026-05-07');
    await act(id, 'legal-review', reviewer, { approve: true }).expect(200);
    const n = (await notices(citizen)).find((x) => x.kind === 'disclosure.replied')!;
    expect(n).toMatchObject({
      title: '申请已答复',
      body: '赣公开申〔2026〕00001号：予以公开，可查看和下载答复书',
      link: `/pages/disclosure-detail/index?id=${id}`,
    });

    const seen = await get(id, citizen);
    expect(seen.reply.files.map((f: { name: string }) => f.name)).toEqual(['改造项目清单.pdf']);
    await t.api.get(seen.reply.files[0].url).expect(200);
    const { htmlUrl, pdfUrl } = seen.replyLetter;
    expect(htmlUrl).toMatch(
      /^\/api\/v1\/disclosure\/requests\/[0-9a-f]{24}\/reply-letter\.html\?exp=\d+&sig=/,
    );
    // A signed link works without a token (Taro.downloadFile, a plain link on H5).
    const html = await t.api.get(htmlUrl).expect(200);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    for (const s of [
      '江西省人民政府政务公开办公室',
      '政府信息公开申请答复书',
      '赣公开申〔2026〕00001号',
      '刘洋：',
      '2026年4月20日收到您提交的政府信息公开申请',
      '2026年4月22日提交了补正后的申请',
      '本机关决定予以公开',
      '《条例》第三十六条第（二）项',
      '1. 改造项目清单.pdf',
      '六十日内',
      '六个月内',
      '2026年5月7日',
    ])
      expect(html.text).toContain(s);
    expect(html.text).not.toContain('草稿');
    const pdf = await t.api
      .get(pdfUrl)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    // A forged signature or another citizen's token gives nothing.
    await t.api.get(htmlUrl.replace(/sig=.*/, 'sig=forged')).expect(404);
    await t.api.get(`/api/v1/disclosure/requests/${id}/reply-letter.pdf`).set(bearer(other)).expect(404);
    await t.api.get(`/api/v1/disclosure/requests/${id}/reply-letter.pdf`).expect(404);
  });

  test('without the CJK font the PDF answers 503 with a Chinese message', async () => {
    const spec = disclosureRoutes(service(), { letterFontPath: '/nonexistent/wqy.ttc' }).find(
      (r) => r.path === '/disclosure/requests/:id/reply-letter.pdf',
    )!;
    const u = (await loginDev(t, '刘洋')).user;
    const err = await spec
      .handler({
        params: { id },
        query: {},
        body: undefined,
        user: { id: u.id, displayName: '刘洋', roles: ['citizen'], organIds: [] },
        ctx: {} as never,
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ status: 503, code: 'LETTER_FONT_MISSING' });
    expect((err as AppError).message).toContain('中文字体');
  });
});

describe('fees: the 11th request of the month costs 100 yuan; unpaid after 20 working days → 其他处理-2', () => {
  test('per request and lapse', async () => {
    await at('2026-05-11');
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await submit(
        other,
        application(
          organ('JX-GKB'),
          {
            applicant: {
              kind: 'natural',
              name: '赵磊',
              idType: 'resident_id',
              idNumber: '11010519491231002X',
              phone: '13900001111',
            },
          },
          {
            title: `第${i + 1}批次行政许可决定书`,
            description: `请提供第${i + 1}批次行政许可决定书全文及附件。`,
          },
        ),
      );
      ids.push(r.id);
    }
    const last = ids[9]!;
    await act(last, 'receive', staff).expect(200);
    const tenth = await act(last, 'fee-notice', staff, { basis: 'per_request' }).expect(409);
    expect(tenth.body.error.message).toContain('本月第10件');
    const r11 = await submit(
      other,
      application(
        organ('JX-GKB'),
        {
          applicant: {
            kind: 'natural',
            name: '赵磊',
            idType: 'resident_id',
            idNumber: '11010519491231002X',
            phone: '13900001111',
          },
        },
        { title: '第11批次行政许可决定书', description: '请提供第11批次行政许可决定书全文及附件。' },
      ),
    );
    await act(r11.id, 'receive', staff).expect(200);
    const fee = (await act(r11.id, 'fee-notice', staff, { basis: 'per_request' }).expect(200)).body.request
      .fee;
    expect(fee).toMatchObject({ basis: 'per_request', monthOrdinal: 11, amount: 100, payBy: '2026-06-08' });

    await at('2026-06-08');
    const early = await act(r11.id, 'close-unpaid', staff).expect(409);
    expect(early.body.error.code).toBe('FEE_NOT_EXPIRED');
    await at('2026-06-09');
    const q = (await t.api.get('/api/v1/disclosure/queue').set(bearer(staff)).expect(200)).body.items;
    expect(q.find((i: { id: string }) => i.id === r11.id)).toMatchObject({
      status: 'fee_pending',
      feeExpired: true,
    });
    const late = await act(r11.id, 'fee-paid', staff, { paidOn: '2026-06-09' }).expect(409);
    expect(late.body.error.code).toBe('FEE_EXPIRED');
    const closed = (await act(r11.id, 'close-unpaid', staff).expect(200)).body.request;
    expect(closed).toMatchObject({ status: 'closed', outcome: 'other_2', concludedOn: '2026-06-09' });
    expect(closed.fee.status).toBe('lapsed');
  });
});

describe('staff queue: assignment, contact log, duplicate hint', () => {
  let first: string;
  let second: string;

  test('assign to a staff member of the organ and filter by assignee', async () => {
    await at('2026-06-10');
    first = (
      await submit(
        citizen,
        application(
          organ('JX-GKB'),
          {},
          {
            title: '东湖区2026年老旧小区改造资金安排',
            description: '请提供东湖区2026年老旧小区改造项目的资金安排和小区名单。',
          },
        ),
      )
    ).id;
    const staffList = (await t.api.get('/api/v1/disclosure/staff').set(bearer(staff)).expect(200)).body.items;
    expect(staffList).toEqual(expect.arrayContaining([{ id: staffId, name: '王芳' }]));
    await t.api.get('/api/v1/disclosure/staff').set(bearer(citizen)).expect(403);

    const bad = await act(first, 'assign', staff, { assigneeId: '0123456789abcdef01234567' }).expect(422);
    expect(bad.body.error).toMatchObject({ code: 'ASSIGNEE_INVALID', message: '只能指派给本机关的经办人员' });
    await act(first, 'assign', otherStaff, { assigneeId: staffId }).expect(403);
    const r = (await act(first, 'assign', staff, { assigneeId: staffId }).expect(200)).body.request;
    expect(r.assignee).toEqual({ id: staffId, name: '王芳' });
    const mine = (await t.api.get('/api/v1/disclosure/queue?assignee=me').set(bearer(staff)).expect(200)).body
      .items;
    expect(mine.map((i: { id: string }) => i.id)).toEqual([first]);
    const none = (await t.api.get('/api/v1/disclosure/queue?assignee=none').set(bearer(staff)).expect(200))
      .body.items;
    expect(none.map((i: { id: string }) => i.id)).not.toContain(first);
    await t.api.get('/api/v1/disclosure/queue?assignee=nobody').set(bearer(staff)).expect(400);
    expect((await get(first, citizen)).assignee).toBeNull();
  });

  test('contact log: staff record calls and meetings; the applicant does not see them', async () => {
    const res = await t.api
      .post(`/api/v1/disclosure/requests/${first}/contacts`)
      .set(bearer(staff))
      .send({ kind: 'call', summary: '电话联系申请人，确认只需要东湖区的资金安排。' })
      .expect(201);
    expect(res.body.contact).toMatchObject({ kind: 'call', kindLabel: '电话沟通', by: '王芳' });
    await t.api
      .post(`/api/v1/disclosure/requests/${first}/contacts`)
      .set(bearer(staff))
      .send({ kind: 'visit', summary: 'x' })
      .expect(422);
    await t.api
      .post(`/api/v1/disclosure/requests/${first}/contacts`)
      .set(bearer(otherStaff))
      .send({ kind: 'note', summary: '越权记录' })
      .expect(403);
    await t.api
      .post(`/api/v1/disclosure/requests/${first}/contacts`)
      .set(bearer(citizen))
      .send({ kind: 'note', summary: '我自己记的' })
      .expect(403);
    expect((await get(first)).contacts).toHaveLength(1);
    expect((await get(first, citizen)).contacts).toEqual([]);
  });

  test('the same applicant asking something alike again is flagged, by ID hash or phone hash', async () => {
    await at('2026-06-11');
    second = (
      await submit(
        citizen,
        application(
          organ('JX-GKB'),
          {},
          {
            title: '东湖区老旧小区改造资金安排（2026年）',
            description: '再次申请东湖区2026年老旧小区改造资金安排。',
          },
        ),
      )
    ).id;
    const d = (await get(second)).duplicates;
    expect(d.map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining([first]));
    expect(d.find((x: { id: string }) => x.id === first)).toMatchObject({
      title: '东湖区2026年老旧小区改造资金安排',
      submittedOn: '2026-06-10',
    });
    expect((await get(second, citizen)).duplicates).toEqual([]);
    // Same phone, another ID number (a family member's), alike wording: still a candidate.
    const viaPhone = await submit(
      other,
      application(
        organ('JX-GKB'),
        {
          applicant: {
            kind: 'natural',
            name: '刘洋',
            idType: 'resident_id',
            idNumber: '11010519491231002X',
            phone: '13807001234',
          },
        },
        { title: '东湖区老旧小区改造资金安排', description: '东湖区2026年老旧小区改造的资金安排。' },
      ),
    );
    expect((await get(viaPhone.id)).duplicates.map((x: { id: string }) => x.id)).toContain(first);
    // Something else entirely is not flagged.
    const otherTopic = await submit(
      citizen,
      application(
        organ('JX-GKB'),
        {},
        {
          title: '全省高速公路收费标准',
          description: '请提供现行高速公路车辆通行费收费标准文件。',
        },
      ),
    );
    expect((await get(otherTopic.id)).duplicates).toEqual([]);
  });
});

describe('reconsideration and litigation records feed table 四', () => {
  test('record, update, and the report with its XLSX second sheet', async () => {
    await at('2026-06-12');
    const ids = (await t.conn.collection('disclosure_requests').find({}).limit(3).toArray()).map((d) =>
      String(d._id),
    );
    const rec = (body: object, token = staff, id = ids[0]) =>
      t.api.post(`/api/v1/disclosure/requests/${id}/remedies`).set(bearer(token)).send(body);
    const a = (
      await rec({
        kind: 'reconsideration',
        filedOn: '2026-05-20',
        body: '江西省人民政府',
        result: 'pending',
      }).expect(201)
    ).body.remedy;
    expect(a).toMatchObject({ kindLabel: '行政复议', resultLabel: '尚未审结', decidedOn: null });
    await rec({
      kind: 'litigation_direct',
      filedOn: '2026-05-21',
      body: '南昌铁路运输中级法院',
      result: 'corrected',
      decidedOn: '2026-06-10',
    }).expect(201);
    await rec({
      kind: 'litigation_after_reconsideration',
      filedOn: '2026-05-22',
      body: '南昌市中级人民法院',
      result: 'upheld',
    }).expect(422); // decided without a date
    await rec({
      kind: 'reconsideration',
      filedOn: '2026-07-01',
      body: '江西省人民政府',
      result: 'pending',
    }).expect(422);
    await rec(
      { kind: 'reconsideration', filedOn: '2026-05-20', body: '江西省人民政府', result: 'pending' },
      otherStaff,
    ).expect(403);
    await rec(
      { kind: 'reconsideration', filedOn: '2026-05-20', body: '江西省人民政府', result: 'pending' },
      citizen,
    ).expect(403);

    const upd = await t.api
      .put(`/api/v1/disclosure/remedies/${a.id}`)
      .set(bearer(reviewer))
      .send({ result: 'upheld', decidedOn: '2026-06-11' })
      .expect(200);
    expect(upd.body.remedy).toMatchObject({
      result: 'upheld',
      resultLabel: '结果维持',
      decidedOn: '2026-06-11',
    });
    await t.api
      .put(`/api/v1/disclosure/remedies/${a.id}`)
      .set(bearer(otherStaff))
      .send({ result: 'other', decidedOn: '2026-06-11' })
      .expect(403);
    expect((await get(ids[0]!)).remedies).toHaveLength(2);

    const rep = (
      await t.api
        .get(`/api/v1/disclosure/reports/2026?organ=${organ('JX-GKB')}`)
        .set(bearer(staff))
        .expect(200)
    ).body;
    expect(rep.check.balanced).toBe(true);
    expect(rep.table4.columns.map((c: { label: string }) => c.label)).toEqual([
      '结果维持',
      '结果纠正',
      '其他结果',
      '尚未审结',
      '总计',
    ]);
    expect(rep.table4.blocks).toEqual([
      {
        key: 'reconsideration',
        label: '行政复议',
        values: { upheld: 1, corrected: 0, other: 0, pending: 0, total: 1 },
      },
      {
        key: 'litigation_direct',
        label: '行政诉讼：未经复议直接起诉',
        values: { upheld: 0, corrected: 1, other: 0, pending: 0, total: 1 },
      },
      {
        key: 'litigation_after_reconsideration',
        label: '行政诉讼：复议后起诉',
        values: { upheld: 0, corrected: 0, other: 0, pending: 0, total: 0 },
      },
    ]);
    // The report is cached until the organ's requests change: a withdrawal shows at once.
    const reportOf = async () =>
      (
        await t.api
          .get(`/api/v1/disclosure/reports/2026?organ=${organ('JX-GKB')}`)
          .set(bearer(staff))
          .expect(200)
      ).body;
    const other3 = (x: { rows: { key: string; values: { total: number } }[] }) =>
      x.rows.find((row) => row.key === 'other_3')!.values.total;
    expect(await reportOf()).toEqual(rep);
    const mine = (await t.api.get('/api/v1/me/disclosure-requests').set(bearer(citizen)).expect(200)).body
      .items;
    const open = mine.find((i: { status: string }) => i.status === 'submitted');
    await act(open.id, 'withdraw', citizen).expect(200);
    const after = await reportOf();
    expect(other3(after)).toBe(other3(rep) + 1);
    expect(after.check.balanced).toBe(true);

    const x = await t.api
      .get(`/api/v1/disclosure/reports/2026?organ=${organ('JX-GKB')}&format=xlsx`)
      .set(bearer(staff))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.body as never);
    const ws = wb.getWorksheet('四、行政复议、行政诉讼情况')!;
    expect(ws.getCell('A3').value).toBe('行政复议');
    expect(ws.getCell('F3').value).toBe('行政诉讼');
    expect(ws.getCell('F4').value).toBe('未经复议直接起诉');
    expect(ws.getCell('K4').value).toBe('复议后起诉');
    expect(ws.getRow(5).values).toEqual([
      undefined,
      ...Array(3).fill(['结果维持', '结果纠正', '其他结果', '尚未审结', '总计']).flat(),
    ]);
    expect(ws.getRow(6).values).toEqual([undefined, 1, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0]);
  });
});

describe('dashboard statistics (DisclosureService.stats)', () => {
  test('counts by status, replies on time, overdue now, per organ', async () => {
    await at('2026-06-12');
    const s = await service().stats({ organIds: [organ('JX-GKB')], from: '2026-04-01', to: '2026-06-30' });
    const total = await t.conn
      .collection('disclosure_requests')
      .countDocuments({ submittedOn: { $gte: '2026-04-01' } });
    expect(s.total).toBe(total);
    expect(s.byStatus.reduce((n, b) => n + b.count, 0)).toBe(total);
    expect(s.byStatus.find((b) => b.status === 'replied')).toEqual({
      status: 'replied',
      label: '已答复',
      count: 1,
    });
    expect(s.byStatus.find((b) => b.status === 'closed')!.count).toBe(1);
    expect(s).toMatchObject({ replied: 1, repliedOnTime: 1, onTimeRate: 1 });
    // The ten requests of 5/11: one received on 5/11 and due 6/8, overdue now; nine never received.
    expect(s.overdue.map((o) => o.dueOn)).toEqual(['2026-06-08']);
    expect(s.overdue[0]).toMatchObject({ organName: '江西省人民政府政务公开办公室', status: 'processing' });
    expect(s.byOrgan).toEqual([
      {
        organId: organ('JX-GKB'),
        organName: '江西省人民政府政务公开办公室',
        total,
        replied: 1,
        repliedOnTime: 1,
        onTimeRate: 1,
        overdue: 1,
      },
    ]);
    const none = await service().stats({ organIds: [organ('JX-RST')], from: '2026-01-01', to: '2026-12-31' });
    expect(none).toMatchObject({ total: 0, replied: 0, onTimeRate: null, overdue: [], byOrgan: [] });
    const all = await service().stats({ organIds: null, from: '2026-06-10', to: '2026-06-11' });
    expect(all.total).toBe(4);
  });
});
