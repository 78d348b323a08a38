/**
 * Policy library, second slice, over real HTTP on the demo data: favourites
 * (收藏), suggestions as you type, bulk import (JSON and CSV, row report,
 * all-or-nothing, concurrent imports, dry run, publish only for reviewers),
 * and a staff user adding a standalone FAQ (what consultations call).
 */
import { FixedClock } from '../../server/src/platform/clock';
import { bearer, loginDev, loginPassword, startTestApp, type TestApp } from '../support/app';

let t: TestApp;
const clock = new FixedClock(new Date('2026-11-29T02:00:00Z'));
let staff: string;
let reviewer: string;
let citizen: string;
let other: string;
let gkb: string;
const ids = new Map<string, string>();

beforeAll(async () => {
  t = await startTestApp({}, { clock });
  staff = (await loginPassword(t, 'staff1')).token;
  reviewer = (await loginPassword(t, 'reviewer1')).token;
  citizen = (await loginDev(t, '刘洋')).token;
  other = (await loginDev(t, '周敏')).token;
  const organs = await t.api.get('/api/v1/organs').expect(200);
  gkb = (organs.body.items as { id: string; code: string }[]).find((o) => o.code === 'JX-GKB')!.id;
  const list = await t.api.get('/api/v1/policies').query({ limit: 50 }).expect(200);
  for (const p of list.body.items as { id: string; title: string }[]) ids.set(p.title, p.id);
}, 180000);
afterAll(() => t?.close());

const SOURCE = '2023年江西省政务公开工作要点';
const PENSION = '江西省城乡居民基本养老保险实施办法';

describe('favourites (收藏)', () => {
  test('add twice keeps one entry; list is mine only, newest first; remove is idempotent', async () => {
    const a = ids.get(SOURCE)!;
    const b = ids.get(PENSION)!;
    const first = await t.api.put(`/api/v1/policies/${a}/favorite`).set(bearer(citizen)).expect(200);
    expect(first.body).toEqual({ policyId: a, favorited: true, favoritedAt: '2026-11-29T02:00:00.000Z' });
    clock.advance(60_000);
    const again = await t.api.put(`/api/v1/policies/${a}/favorite`).set(bearer(citizen)).expect(200);
    expect(again.body.favoritedAt).toBe('2026-11-29T02:00:00.000Z');
    await t.api.put(`/api/v1/policies/${b}/favorite`).set(bearer(citizen)).expect(200);

    const mine = await t.api.get('/api/v1/me/favorites').set(bearer(citizen)).expect(200);
    expect(mine.body.items.map((i: { title: string }) => i.title)).toEqual([PENSION, SOURCE]);
    expect(mine.body.items[1].policy.docNo).toBe('赣府公开办字〔2023〕2号');
    expect(mine.body.nextCursor).toBeNull();

    const paged = await t.api
      .get('/api/v1/me/favorites')
      .query({ limit: 1 })
      .set(bearer(citizen))
      .expect(200);
    expect(paged.body.items).toHaveLength(1);
    const rest = await t.api
      .get('/api/v1/me/favorites')
      .query({ limit: 1, cursor: paged.body.nextCursor })
      .set(bearer(citizen))
      .expect(200);
    expect(rest.body.items[0].title).toBe(SOURCE);

    const theirs = await t.api.get('/api/v1/me/favorites').set(bearer(other)).expect(200);
    expect(theirs.body.items).toEqual([]);
    const state = await t.api.get(`/api/v1/policies/${a}/favorite`).set(bearer(other)).expect(200);
    expect(state.body.favorited).toBe(false);

    await t.api.delete(`/api/v1/policies/${a}/favorite`).set(bearer(citizen)).expect(200);
    const gone = await t.api.delete(`/api/v1/policies/${a}/favorite`).set(bearer(citizen)).expect(200);
    expect(gone.body).toEqual({ policyId: a, favorited: false, favoritedAt: null });
    const after = await t.api.get('/api/v1/me/favorites').set(bearer(citizen)).expect(200);
    expect(after.body.items.map((i: { title: string }) => i.title)).toEqual([PENSION]);
  });

  test('eight concurrent adds make one favourite', async () => {
    const a = ids.get(SOURCE)!;
    const res = await Promise.all(
      Array.from({ length: 8 }, () => t.api.put(`/api/v1/policies/${a}/favorite`).set(bearer(other))),
    );
    expect(res.map((r) => r.status)).toEqual(Array(8).fill(200));
    const mine = await t.api.get('/api/v1/me/favorites').set(bearer(other)).expect(200);
    expect(mine.body.items).toHaveLength(1);
  });

  test('needs login; drafts and unknown ids cannot be favourited (404)', async () => {
    const a = ids.get(SOURCE)!;
    await t.api.put(`/api/v1/policies/${a}/favorite`).expect(401);
    await t.api.get('/api/v1/me/favorites').expect(401);
    const res = await t.api
      .put('/api/v1/policies/0123456789abcdef01234567/favorite')
      .set(bearer(citizen))
      .expect(404);
    expect(res.body.error.message).toBe('政策文件不存在或尚未公开');
    const drafts = await t.api
      .get('/api/v1/workbench/policies')
      .query({ status: 'draft' })
      .set(bearer(staff));
    const draftId = drafts.body.items[0]?.id as string | undefined;
    if (draftId) await t.api.put(`/api/v1/policies/${draftId}/favorite`).set(bearer(citizen)).expect(404);
    await t.api.put('/api/v1/policies/nope/favorite').set(bearer(citizen)).expect(400);
  });
});

describe('suggestions as you type', () => {
  test('养老 suggests the topic and pension titles', async () => {
    const res = await t.api.get('/api/v1/policies/suggest').query({ q: '养老' }).expect(200);
    const items = res.body.items as { text: string; kind: string; policyId: string | null }[];
    expect(items[0]).toEqual({ text: '养老', kind: 'topic', policyId: null });
    expect(items.filter((i) => i.kind === 'title').map((i) => i.text)).toContain(PENSION);
    expect(items.length).toBeLessThanOrEqual(10);
  });

  test('a 文号 typed with [] suggests the 文号 itself', async () => {
    const res = await t.api.get('/api/v1/policies/suggest').query({ q: '赣府公开办字[2023]2号' }).expect(200);
    expect(res.body.items[0]).toEqual({
      text: '赣府公开办字〔2023〕2号',
      kind: 'docNo',
      policyId: ids.get(SOURCE),
    });
  });

  test('empty input answers 400 in Chinese', async () => {
    const res = await t.api.get('/api/v1/policies/suggest').query({ q: '' }).expect(400);
    expect(res.body.error.details.fields[0].message).toBe('请输入检索词');
  });
});

const CSV_HEADER = '标题,发文字号,成文日期,主题分类,主题,文件类型,正文';
const body = (s: string) => `${s}。本办法所称事项，按照国家和省有关规定办理，自印发之日起施行。`;

describe('bulk import', () => {
  test('a CSV with bad rows answers 422 with every row error and stores nothing', async () => {
    const csv = [
      CSV_HEADER,
      `南昌市社区养老服务驿站运营补贴办法,洪民发〔2026〕3号,2026-10-12,民政\\养老服务,养老,其他政策文件,"${body('第一条 为支持社区养老服务驿站运营，制定本办法')}"`,
      `短,洪民发〔2026〕4号,2026-13-01,民政,养老;旅游,通知,太短`,
      `南昌市居家养老上门服务规范,洪民发〔2026〕3号,2026-10-12,民政\\养老服务,养老,其他政策文件,"${body('第一条 上门服务')}"`,
    ].join('\n');
    const before = await t.api.get('/api/v1/workbench/policies').query({ limit: 50 }).set(bearer(staff));
    const res = await t.api
      .post('/api/v1/policies/import')
      .set(bearer(staff))
      .send({ organId: gkb, csv })
      .expect(422);
    expect(res.body.error.code).toBe('IMPORT_INVALID');
    expect(res.body.error.message).toBe('有2行未通过校验，本次未导入任何文件');
    const errors = res.body.error.details.errors as { row: number; field: string; message: string }[];
    expect(errors).toEqual([
      { row: 3, field: '标题', message: '标题至少5个字' },
      { row: 3, field: '成文日期', message: '成文日期应为 YYYY-MM-DD 格式的有效日期' },
      {
        row: 3,
        field: '主题',
        message: '主题“旅游”不在可选范围内（生育、上学、就业、创业、养老、医疗、纳税、社保、住房、政务公开）',
      },
      { row: 3, field: '文件类型', message: '文件类型应为 规章、规划、行政规范性文件、其他政策文件 之一' },
      { row: 3, field: '正文', message: '正文至少20个字' },
      { row: 4, field: '发文字号', message: '发文字号与第2行重复' },
    ]);
    const after = await t.api.get('/api/v1/workbench/policies').query({ limit: 50 }).set(bearer(staff));
    expect(after.body.items.length).toBe(before.body.items.length);
  });

  test('dry run reports without storing; a real import stores drafts with an audit entry', async () => {
    const rows = [
      {
        title: '江西省政务公开专区志愿服务管理办法',
        docNo: '赣府公开办字〔2026〕21号',
        writtenAt: '2026-11-01',
        category: '综合政务\\政务公开',
        topics: ['政务公开'],
        kind: '其他政策文件',
        body: body('第一条 为规范政务公开专区志愿服务，制定本办法'),
      },
      {
        title: '江西省政务公开专区现场查阅服务规范',
        docNo: '赣府公开办字[2026]22号',
        indexNo: '000014349/2026-00901',
        writtenAt: '2026-11-02',
        category: '综合政务\\政务公开',
        topics: '政务公开；社保',
        kind: '行政规范性文件',
        body: body('第一条 现场查阅服务应当做到一次告知'),
      },
    ];
    const dry = await t.api
      .post('/api/v1/policies/import')
      .set(bearer(staff))
      .send({ organId: gkb, rows, dryRun: true })
      .expect(200);
    expect(dry.body).toMatchObject({ dryRun: true, imported: false, total: 2, status: 'draft', errors: [] });
    expect(dry.body.rows.map((r: { id: string | null }) => r.id)).toEqual([null, null]);
    const none = await t.api
      .get('/api/v1/workbench/policies')
      .query({ q: '政务公开专区志愿' })
      .set(bearer(staff));
    expect(none.body.items).toEqual([]);

    const res = await t.api
      .post('/api/v1/policies/import')
      .set(bearer(staff))
      .send({ organId: gkb, rows })
      .expect(201);
    expect(res.body).toMatchObject({ dryRun: false, imported: true, total: 2, status: 'draft', errors: [] });
    const id = res.body.rows[1].id as string;
    const doc = await t.api.get(`/api/v1/workbench/policies/${id}`).set(bearer(staff)).expect(200);
    expect(doc.body.policy).toMatchObject({
      status: 'draft',
      docNo: '赣府公开办字[2026]22号',
      indexNo: '000014349/2026-00901',
      topics: ['政务公开', '社保'],
    });
    expect(doc.body.audit).toEqual([
      expect.objectContaining({
        rev: 1,
        action: 'import-draft',
        actionLabel: '批量导入（草稿）',
        to: 'draft',
        reason: '批量导入第2行',
      }),
    ]);
    // Drafts are not public.
    await t.api.get(`/api/v1/policies/${id}`).expect(404);
    // The same 文号 (other brackets) again: refused, nothing stored.
    const dup = await t.api
      .post('/api/v1/policies/import')
      .set(bearer(staff))
      .send({
        organId: gkb,
        rows: [{ ...rows[0], docNo: '赣府公开办字（2026）21号', title: '另一个标题的文件名称' }],
      })
      .expect(422);
    expect(dup.body.error.details.errors).toEqual([
      { row: 1, field: '发文字号', message: '发文字号“赣府公开办字（2026）21号”已在政策文件库中' },
    ]);
  });

  test('two concurrent imports of the same 文号: one imports, the other stores nothing', async () => {
    const row = (title: string) => ({
      title,
      docNo: '赣府公开办字〔2026〕30号',
      writtenAt: '2026-11-05',
      category: '综合政务\\政务公开',
      kind: '其他政策文件',
      body: body('第一条 为做好政务公开工作，制定本规定'),
    });
    const [a, b] = await Promise.all([
      t.api
        .post('/api/v1/policies/import')
        .set(bearer(staff))
        .send({ organId: gkb, rows: [row('并发导入甲文件名称')] }),
      t.api
        .post('/api/v1/policies/import')
        .set(bearer(staff))
        .send({ organId: gkb, rows: [row('并发导入乙文件名称')] }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const lost = a.status === 409 ? a : b;
    expect(lost.body.error.code).toBe('IMPORT_CONFLICT');
    const found = await t.api
      .get('/api/v1/workbench/policies')
      .query({ q: '并发导入' })
      .set(bearer(staff))
      .expect(200);
    expect(found.body.items).toHaveLength(1);
  });

  test('publish: staff get 403; a reviewer imports published documents, searchable at once; 规范性文件 need 解读', async () => {
    const row = {
      title: '江西省政务公开专区适老化服务指引',
      docNo: '赣府公开办字〔2026〕40号',
      writtenAt: '2026-11-10',
      publishedAt: '2026-11-12',
      category: '综合政务\\政务公开',
      topics: ['政务公开', '养老'],
      kind: '行政规范性文件',
      body: body('第一条 专区应当提供大字版界面和适老化引导服务'),
    };
    const forbidden = await t.api
      .post('/api/v1/policies/import')
      .set(bearer(staff))
      .send({ organId: gkb, rows: [row], publish: true })
      .expect(403);
    expect(forbidden.body.error.message).toBe('只有本机关的审核人员可以将文件作为已发布文件导入');
    const noInterp = await t.api
      .post('/api/v1/policies/import')
      .set(bearer(reviewer))
      .send({ organId: gkb, rows: [row], publish: true })
      .expect(422);
    expect(noInterp.body.error.details.errors[0]).toMatchObject({ row: 1, field: '解读标题' });
    const withInterp = {
      ...row,
      interpTitle: '一图读懂适老化服务指引',
      interpPurpose: '方便老年人在政务公开专区办事，提升适老化服务水平。',
      interpContent: '指引明确了大字版界面、专人引导和绿色通道等适老化服务内容。',
      interpScope: '全省各级政务公开专区及前来办事的老年群众和陪同人员。',
    };
    const res = await t.api
      .post('/api/v1/policies/import')
      .set(bearer(reviewer))
      .send({ organId: gkb, rows: [withInterp], publish: true })
      .expect(201);
    const id = res.body.rows[0].id as string;
    const pub = await t.api.get(`/api/v1/policies/${id}`).expect(200);
    expect(pub.body.policy).toMatchObject({ status: 'published', publishedAt: '2026-11-12T01:00:00.000Z' });
    expect(pub.body.interpretations[0].title).toBe('一图读懂适老化服务指引');
    const found = await t.api.get('/api/v1/policies').query({ q: '适老化服务指引' }).expect(200);
    expect(found.body.items[0].id).toBe(id);
    const byInterp = await t.api.get('/api/v1/policies').query({ q: '绿色通道' }).expect(200);
    expect(byInterp.body.items[0].id).toBe(id);
  });

  test('citizens cannot import (403); neither rows nor csv answers 422', async () => {
    await t.api
      .post('/api/v1/policies/import')
      .set(bearer(citizen))
      .send({ organId: gkb, rows: [] })
      .expect(403);
    const res = await t.api
      .post('/api/v1/policies/import')
      .set(bearer(staff))
      .send({ organId: gkb })
      .expect(422);
    expect(res.body.error.details.fields[0].message).toBe('请提供 rows（JSON 数组）或 csv（CSV 文本）之一');
  });
});

describe('FAQ from a consultation (createFaq by an organ staff user)', () => {
  test('staff of the organ add a standalone FAQ; it answers at once', async () => {
    const res = await t.api
      .post('/api/v1/workbench/faqs')
      .set(bearer(staff))
      .send({
        organId: gkb,
        question: '政务公开专区周末是否开放查阅？',
        answer: '省政务公开专区周六上午九时至十二时开放现场查阅，法定节假日除外。',
        topics: ['政务公开'],
      })
      .expect(201);
    expect(res.body.faq.policyId).toBeNull();
    const ask = await t.api.post('/api/v1/faq/ask').send({ question: '专区周末开放查阅吗' }).expect(200);
    expect(ask.body.matched).toBe(true);
    expect(ask.body.answers[0].faq.id).toBe(res.body.faq.id);
  });
});

describe('attachments and 图解 images (ctx.files)', () => {
  const PDF = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  const PNG = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.alloc(64, 1),
  ]);

  async function upload(token: string, purpose: string, bytes: Buffer, name: string) {
    const res = await t.api
      .post('/api/v1/files')
      .set(bearer(token))
      .field('purpose', purpose)
      .attach('file', bytes, name)
      .expect(201);
    return res.body.file as { id: string; size: number; kind: string };
  }

  test('staff of the organ see a draft attachment; the public only after publication, with type and size', async () => {
    const pdf = await upload(staff, 'policy-attachment', PDF, '申请表.pdf');
    const png = await upload(staff, 'policy-image', PNG, '一图读懂.png');
    const created = await t.api
      .post('/api/v1/workbench/policies')
      .set(bearer(staff))
      .send({
        title: '江西省政务公开专区预约查阅服务办法',
        organId: gkb,
        docNo: '赣府公开办字〔2026〕50号',
        writtenAt: '2026-11-20',
        category: '综合政务\\政务公开',
        topics: ['政务公开'],
        kind: '行政规范性文件',
        body: body('第一条 为规范政务公开专区预约查阅服务，制定本办法'),
        attachmentIds: [pdf.id],
      })
      .expect(201);
    const id = created.body.policy.id as string;
    expect(created.body.attachments).toEqual([
      expect.objectContaining({ id: pdf.id, name: '申请表.pdf', kind: 'pdf', size: PDF.length }),
    ]);
    // A citizen cannot read the file of a draft.
    await t.api.get(`/api/v1/files/${pdf.id}`).set(bearer(citizen)).expect(404);
    // Someone else's upload cannot be attached (422 FILE_INVALID), and nothing changes.
    const foreign = await upload(reviewer, 'policy-attachment', PDF, '别人的.pdf');
    const bad = await t.api
      .patch(`/api/v1/workbench/policies/${id}`)
      .set(bearer(staff))
      .send({ attachmentIds: [pdf.id, foreign.id] })
      .expect(422);
    expect(bad.body.error.code).toBe('FILE_INVALID');
    const interp = await t.api
      .post(`/api/v1/workbench/policies/${id}/interpretations`)
      .set(bearer(staff))
      .send({
        title: '一图读懂预约查阅服务办法',
        form: 'image',
        imageIds: [png.id],
        sections: {
          purpose: '方便群众就近预约查阅政府信息，减少排队等候时间。',
          content: '明确预约渠道、预约码入场、现场查阅时长等服务要求。',
          scope: '到全省各级政务公开专区现场查阅政府信息的群众。',
        },
      })
      .expect(201);
    expect(interp.body.interpretations[0].images[0]).toMatchObject({ id: png.id, kind: 'png' });
    await t.api.post(`/api/v1/workbench/policies/${id}/submit`).set(bearer(staff)).expect(200);
    await t.api
      .post(`/api/v1/workbench/policies/${id}/review`)
      .set(bearer(reviewer))
      .send({ verdict: 'approve' })
      .expect(200);
    const pub = await t.api.get(`/api/v1/policies/${id}`).expect(200);
    expect(pub.body.attachments).toEqual([
      expect.objectContaining({
        id: pdf.id,
        name: '申请表.pdf',
        kind: 'pdf',
        mime: 'application/pdf',
        size: PDF.length,
      }),
    ]);
    expect(pub.body.interpretations[0].images.map((f: { id: string }) => f.id)).toEqual([png.id]);
    await t.api.get(`/api/v1/files/${pdf.id}`).set(bearer(citizen)).expect(200);
    const content = await t.api.get(`/api/v1/files/${pdf.id}/content`).expect(200);
    expect(
      Buffer.from(content.body as Buffer)
        .subarray(0, 8)
        .toString(),
    ).toBe('%PDF-1.4');
  });
});

describe('index consistency when several instances write', () => {
  test('two instances rebuilding the same documents at once converge on the same postings', async () => {
    const { policyModels } = await import('../../server/src/modules/policies/model');
    const { PolicyIndex } = await import('../../server/src/modules/policies/search');
    const a = new PolicyIndex(policyModels(t.conn), t.conn);
    const b = new PolicyIndex(policyModels(t.conn), t.conn);
    const meta = () => t.conn.collection('policy_index').findOne({ _id: '#meta' as never });
    const countBefore = (await meta())?.count;
    const before = await t.api.get('/api/v1/policies').query({ q: '养老保险', limit: 50 }).expect(200);
    const target = [ids.get(PENSION)!, ids.get(SOURCE)!];
    await Promise.all([...target.map((id) => a.rebuild(id)), ...target.map((id) => b.rebuild(id))]);
    const after = await t.api.get('/api/v1/policies').query({ q: '养老保险', limit: 50 }).expect(200);
    expect((await meta())?.count).toBe(countBefore);
    expect(after.body.items.map((i: { id: string; score: number }) => [i.id, i.score])).toEqual(
      before.body.items.map((i: { id: string; score: number }) => [i.id, i.score]),
    );
    const source = await t.api.get('/api/v1/policies').query({ q: '赣府公开办字[2023]2号' }).expect(200);
    expect(source.body.items[0].id).toBe(ids.get(SOURCE));
  });
});
