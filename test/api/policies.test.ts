/**
 * Policy library over real HTTP on the demo data: public list and search,
 * the publication workflow with 保密审查 and the interpretation rule, audit
 * trail, organ boundaries, the FAQ knowledge base.
 */
import { FixedClock } from '../../server/src/platform/clock';
import { bearer, loginDev, loginPassword, startTestApp, type TestApp } from '../support/app';

let t: TestApp;
const clock = new FixedClock(new Date('2026-11-29T02:00:00Z'));
let staff: string;
let reviewer: string;
let citizen: string;
let admin: string;
const organs = new Map<string, string>();

beforeAll(async () => {
  t = await startTestApp({}, { clock });
  staff = (await loginPassword(t, 'staff1')).token;
  reviewer = (await loginPassword(t, 'reviewer1')).token;
  admin = (await loginPassword(t, 'admin')).token;
  citizen = (await loginDev(t, '刘洋')).token;
  const res = await t.api.get('/api/v1/organs').expect(200);
  for (const o of res.body.items as { id: string; code: string }[]) organs.set(o.code, o.id);
}, 180000);
afterAll(() => t?.close());

type Item = { id: string; title: string; validity: string; kind: string; titleHtml: string; snippet: string };

async function search(query: Record<string, string | number>) {
  const res = await t.api.get('/api/v1/policies').query(query).expect(200);
  return res.body as { items: Item[]; nextCursor: string | null };
}

async function createStaffUser(username: string, roles: string[], organCode: string) {
  await t.api
    .post('/api/v1/admin/users')
    .set(bearer(admin))
    .send({
      username,
      displayName: `测试${username}`,
      password: 'password123',
      roles,
      organIds: [organs.get(organCode)],
    })
    .expect(201);
  return (await loginPassword(t, username, 'password123')).token;
}

const BODY =
  '<p>第一条 为规范全省政务公开专区预约服务，制定本办法。</p><p>第二条 群众可通过掌上专区预约现场查阅政府信息，预约成功后凭预约码入场。</p>';

function draft(title: string, extra: Record<string, unknown> = {}) {
  return {
    title,
    organId: organs.get('JX-GKB'),
    docNo: '赣府公开办字〔2026〕9号',
    writtenAt: '2026-11-20',
    category: '综合政务\\政务公开',
    topics: ['政务公开'],
    kind: '行政规范性文件',
    body: BODY,
    ...extra,
  };
}

const INTERP = {
  title: '预约查阅办法政策解读',
  sections: {
    purpose: '为方便群众就近查阅政府信息，减少排队等候时间，制定本办法。',
    content: '办法明确了预约渠道、预约码入场、现场查阅时长和服务要求等内容。',
    scope: '到全省各级政务公开专区现场查阅政府信息的公民、法人和其他组织。',
    process: '在掌上专区选择查阅时段并提交预约，凭预约码入场查阅。',
    changes: '',
    glossary: '预约码：预约成功后生成的入场凭证，现场扫码核验。',
  },
};

describe('public list and search on the demo data', () => {
  test('lists only published documents, newest first, page by page', async () => {
    const first = await search({ limit: 10 });
    expect(first.items).toHaveLength(10);
    expect(first.nextCursor).toEqual(expect.any(String));
    const seen = new Set(first.items.map((i) => i.id));
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await search({ limit: 10, cursor });
      for (const i of page.items) {
        expect(seen.has(i.id)).toBe(false);
        seen.add(i.id);
      }
      cursor = page.nextCursor;
    }
    // 35 demo documents, 2 of them still in the workflow.
    expect(seen.size).toBe(33);
    const titles = first.items.map((i) => i.title);
    expect(titles).not.toContain('江西省掌上政务公开专区建设指引');
  });

  test('养老保险 ranks the 城乡居民基本养老保险 规章 first, with highlighted title', async () => {
    const { items } = await search({ q: '养老保险' });
    expect(items[0]!.title).toBe('江西省城乡居民基本养老保险实施办法');
    expect(items[0]!.titleHtml).toContain('<em>养老保险</em>');
    expect(items.slice(0, 3).map((i) => i.title)).toContain('江西省灵活就业人员参加企业职工基本养老保险办法');
  });

  test.each([
    '赣府公开办字[2023]2号',
    '赣府公开办字(2023)2号',
    '赣府公开办字【2023】2号',
    '赣府公开办字〔2023〕2号',
  ])('document number typed as %s finds the source document first', async (q) => {
    const { items } = await search({ q });
    expect(items[0]!.title).toBe('2023年江西省政务公开工作要点');
  });

  test('a phrase only found in an interpretation finds its document first', async () => {
    const { items } = await search({ q: '零工市场' });
    expect(items[0]!.title).toBe('江西省就业补助资金管理办法');
    expect(items[0]!.snippet).toContain('<em>零工市场</em>');
  });

  test('filters by kind, validity and topic', async () => {
    const plans = await search({ kind: '规划', limit: 50 });
    expect(plans.items.map((i) => i.kind)).toEqual(['规划', '规划', '规划']);
    const expired = await search({ validity: '失效', limit: 50 });
    expect(expired.items).toHaveLength(3);
    const housing = await search({ topic: '住房', q: '公积金', limit: 50 });
    expect(housing.items[0]!.title).toBe('南昌市住房公积金贷款管理办法');
    expect(housing.items[0]!.validity).toBe('有效');
    const range = await search({ from: '2024-01-01', to: '2024-03-31', limit: 50 });
    expect(range.items.map((i) => i.title).sort()).toEqual(
      [
        '江西省义务教育学校招生入学工作办法',
        '江西省灵活就业人员参加企业职工基本养老保险办法',
        '南昌市育儿补贴发放实施方案',
      ].sort(),
    );
  });

  test('a 失效 document links to the one that replaced it; details carry interpretations and FAQs', async () => {
    const { items } = await search({ q: '赣教规[2021]4号' });
    const old = await t.api.get(`/api/v1/policies/${items[0]!.id}`).expect(200);
    expect(old.body.policy.validity).toBe('失效');
    expect(old.body.policy.replacedBy.title).toBe('江西省义务教育学校招生入学工作办法');
    const current = await t.api.get(`/api/v1/policies/${old.body.policy.replacedBy.id}`).expect(200);
    expect(current.body.interpretations).toHaveLength(1);
    expect(current.body.interpretations[0].sections.changes).toContain('纸质材料');
    expect(current.body.faqs).toHaveLength(2);
  });

  test('bad query input answers 400 with the field', async () => {
    const r1 = await t.api.get('/api/v1/policies').query({ kind: '通知' }).expect(400);
    expect(r1.body.error.code).toBe('VALIDATION_FAILED');
    expect(r1.body.error.details.fields[0].path).toBe('kind');
    await t.api.get('/api/v1/policies').query({ from: '2024-13-45' }).expect(400);
    const r3 = await t.api.get('/api/v1/policies').query({ cursor: 'not-a-cursor' }).expect(400);
    expect(r3.body.error.code).toBe('INVALID_CURSOR');
  });
});

describe('publication workflow', () => {
  test('a 行政规范性文件 cannot be published without its interpretation; with one it appears in list and search', async () => {
    const created = await t.api
      .post('/api/v1/workbench/policies')
      .set(bearer(staff))
      .send(draft('江西省政务公开专区预约查阅服务办法'))
      .expect(201);
    const id = created.body.policy.id as string;
    expect(created.body.policy.status).toBe('draft');
    await t.api.post(`/api/v1/workbench/policies/${id}/submit`).set(bearer(staff)).expect(200);

    const refused = await t.api
      .post(`/api/v1/workbench/policies/${id}/review`)
      .set(bearer(reviewer))
      .send({ verdict: 'approve' })
      .expect(409);
    expect(refused.body.error.code).toBe('INTERPRETATION_REQUIRED');
    expect(refused.body.error.message).toMatch(/同步/);
    await t.api.get(`/api/v1/policies/${id}`).expect(404);

    const withInterp = await t.api
      .post(`/api/v1/workbench/policies/${id}/interpretations`)
      .set(bearer(staff))
      .send(INTERP)
      .expect(201);
    const interpId = withInterp.body.interpretations[0].id as string;
    await t.api.post(`/api/v1/workbench/interpretations/${interpId}/submit`).set(bearer(staff)).expect(200);
    const approved = await t.api
      .post(`/api/v1/workbench/policies/${id}/review`)
      .set(bearer(reviewer))
      .send({ verdict: 'approve' })
      .expect(200);
    expect(approved.body.policy.status).toBe('published');
    expect(approved.body.policy.publishedAt).toBe('2026-11-29T02:00:00.000Z');
    expect(approved.body.policy.indexNo).toBe('000014349/2026-00001');
    expect(approved.body.interpretations[0].status).toBe('published');

    const pub = await t.api.get(`/api/v1/policies/${id}`).expect(200);
    expect(pub.body.interpretations.map((i: { title: string }) => i.title)).toEqual(['预约查阅办法政策解读']);
    expect((await search({ limit: 1 })).items[0]!.id).toBe(id);
    expect((await search({ q: '预约查阅' })).items[0]!.id).toBe(id);
    expect((await search({ q: '赣府公开办字[2026]9号' })).items[0]!.id).toBe(id);

    // Every transition is in the trail, in order; the refused approval changed nothing.
    const work = await t.api.get(`/api/v1/workbench/policies/${id}`).set(bearer(staff)).expect(200);
    expect(work.body.audit.map((a: { action: string }) => a.action)).toEqual([
      'create',
      'submit',
      'interp-create',
      'interp-submit',
      'approve',
    ]);
    const last = work.body.audit[4];
    expect(last).toMatchObject({
      from: 'submitted',
      to: 'published',
      actorName: '陈静',
      at: '2026-11-29T02:00:00.000Z',
    });
    expect(work.body.audit[0]).toMatchObject({ from: null, to: 'draft', actorName: '王芳' });

    // Later: replaced by a newer document → 失效 with a link, still findable by validity.
    const second = await t.api
      .post('/api/v1/workbench/policies')
      .set(bearer(staff))
      .send(
        draft('江西省政务公开专区预约查阅服务办法（修订）', {
          kind: '其他政策文件',
          docNo: '赣府公开办字〔2026〕11号',
        }),
      )
      .expect(201);
    const id2 = second.body.policy.id as string;
    await t.api.post(`/api/v1/workbench/policies/${id2}/submit`).set(bearer(staff)).expect(200);
    await t.api
      .post(`/api/v1/workbench/policies/${id2}/review`)
      .set(bearer(reviewer))
      .send({ verdict: 'approve' })
      .expect(200);
    await t.api
      .post(`/api/v1/workbench/policies/${id}/validity`)
      .set(bearer(staff))
      .send({ validity: '失效', relatedId: id2, reason: '已被修订后的办法替代' })
      .expect(200);
    const expired = await t.api.get(`/api/v1/policies/${id}`).expect(200);
    expect(expired.body.policy.validity).toBe('失效');
    expect(expired.body.policy.replacedBy).toEqual({
      id: id2,
      title: '江西省政务公开专区预约查阅服务办法（修订）',
      docNo: '赣府公开办字〔2026〕11号',
    });
  });

  test('a reviewer returns with a reason; the author sees it, edits and resubmits', async () => {
    const created = await t.api
      .post('/api/v1/workbench/policies')
      .set(bearer(staff))
      .send(draft('江西省政务公开工作人员培训实施方案', { kind: '其他政策文件', docNo: null }))
      .expect(201);
    const id = created.body.policy.id as string;
    await t.api.post(`/api/v1/workbench/policies/${id}/submit`).set(bearer(staff)).expect(200);
    const noReason = await t.api
      .post(`/api/v1/workbench/policies/${id}/review`)
      .set(bearer(reviewer))
      .send({ verdict: 'return' })
      .expect(422);
    expect(noReason.body.error.code).toBe('VALIDATION_FAILED');
    await t.api
      .post(`/api/v1/workbench/policies/${id}/review`)
      .set(bearer(reviewer))
      .send({ verdict: 'return', reason: '第二条涉及内部工作安排，请删除后再提交' })
      .expect(200);
    const seen = await t.api.get(`/api/v1/workbench/policies/${id}`).set(bearer(staff)).expect(200);
    expect(seen.body.policy.status).toBe('returned');
    expect(seen.body.policy.returnReason).toBe('第二条涉及内部工作安排，请删除后再提交');
    const ret = seen.body.audit.find((a: { action: string }) => a.action === 'return');
    expect(ret).toMatchObject({
      reason: '第二条涉及内部工作安排，请删除后再提交',
      actorName: '陈静',
      to: 'returned',
    });
    const mine = await t.api
      .get('/api/v1/workbench/policies')
      .query({ status: 'returned' })
      .set(bearer(staff))
      .expect(200);
    expect(mine.body.items.map((i: { id: string }) => i.id)).toContain(id);

    await t.api
      .patch(`/api/v1/workbench/policies/${id}`)
      .set(bearer(staff))
      .send({ body: '<p>第一条 为提升政务公开工作人员业务能力，制定本方案。</p>' })
      .expect(200);
    const resubmitted = await t.api
      .post(`/api/v1/workbench/policies/${id}/submit`)
      .set(bearer(staff))
      .expect(200);
    expect(resubmitted.body.policy.status).toBe('submitted');
    const queue = await t.api
      .get('/api/v1/workbench/policies')
      .query({ status: 'submitted' })
      .set(bearer(reviewer))
      .expect(200);
    expect(queue.body.items.map((i: { title: string }) => i.title)).toEqual(
      expect.arrayContaining(['江西省政务公开工作人员培训实施方案', '江西省掌上政务公开专区建设指引']),
    );
  });

  test('citizens never see drafts or submitted documents (404)', async () => {
    const queue = await t.api
      .get('/api/v1/workbench/policies')
      .query({ status: 'submitted' })
      .set(bearer(reviewer))
      .expect(200);
    const id = queue.body.items[0].id as string;
    const res = await t.api.get(`/api/v1/policies/${id}`).set(bearer(citizen)).expect(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
    await t.api.get('/api/v1/workbench/policies').set(bearer(citizen)).expect(403);
    expect((await search({ q: '掌上政务公开专区建设指引' })).items.map((i) => i.title)).not.toContain(
      '江西省掌上政务公开专区建设指引',
    );
  });

  test('staff of another organ cannot edit, submit or review (403), and nothing changes', async () => {
    const rstStaff = await createStaffUser('rst_staff', ['staff'], 'JX-RST');
    const rstReviewer = await createStaffUser('rst_reviewer', ['reviewer'], 'JX-RST');
    const queue = await t.api
      .get('/api/v1/workbench/policies')
      .query({ status: 'submitted' })
      .set(bearer(reviewer))
      .expect(200);
    const target = queue.body.items.find(
      (i: { title: string }) => i.title === '江西省掌上政务公开专区建设指引',
    );
    const before = await t.api.get(`/api/v1/workbench/policies/${target.id}`).set(bearer(staff)).expect(200);

    const edit = await t.api
      .patch(`/api/v1/workbench/policies/${target.id}`)
      .set(bearer(rstStaff))
      .send({ title: '被其他机关修改的标题' })
      .expect(403);
    expect(edit.body.error.code).toBe('FORBIDDEN');
    await t.api
      .post('/api/v1/workbench/policies')
      .set(bearer(rstStaff))
      .send(draft('以其他机关名义起草的文件'))
      .expect(403);
    await t.api
      .post(`/api/v1/workbench/policies/${target.id}/review`)
      .set(bearer(rstReviewer))
      .send({ verdict: 'approve' })
      .expect(403);
    // staff1 is not a reviewer: the route refuses.
    await t.api
      .post(`/api/v1/workbench/policies/${target.id}/review`)
      .set(bearer(staff))
      .send({ verdict: 'approve' })
      .expect(403);
    const after = await t.api.get(`/api/v1/workbench/policies/${target.id}`).set(bearer(staff)).expect(200);
    expect(after.body.policy).toEqual(before.body.policy);
    expect(after.body.audit).toHaveLength(before.body.audit.length);
  });

  test('invalid drafts answer 422 and create nothing; bodies are sanitized', async () => {
    const count = async () =>
      (await t.api.get('/api/v1/workbench/policies').query({ limit: 50 }).set(bearer(staff)).expect(200)).body
        .items.length as number;
    const n = await count();
    const r1 = await t.api
      .post('/api/v1/workbench/policies')
      .set(bearer(staff))
      .send(draft('短', { writtenAt: '2026-02-30', kind: '通知' }))
      .expect(422);
    expect(r1.body.error.code).toBe('VALIDATION_FAILED');
    const paths = (r1.body.error.details.fields as { path: string }[]).map((d) => d.path).sort();
    expect(paths).toEqual(['kind', 'title', 'writtenAt']);
    await t.api
      .post('/api/v1/workbench/policies')
      .set(bearer(staff))
      .send({ ...draft('江西省政务公开测试文件标题'), extra: 1 })
      .expect(422);
    expect(await count()).toBe(n);

    const created = await t.api
      .post('/api/v1/workbench/policies')
      .set(bearer(staff))
      .send(
        draft('江西省政务公开专区安全管理规定', {
          body: '<p onclick="steal()">第一条 为加强专区安全管理，制定本规定。</p><script>alert(1)</script><img src=x onerror=alert(1)><a href="javascript:alert(1)">链接</a><p>第二条 专区设置安全员。</p>',
        }),
      )
      .expect(201);
    expect(created.body.policy.body).toBe(
      '<p>第一条 为加强专区安全管理，制定本规定。</p>链接<p>第二条 专区设置安全员。</p>',
    );
    expect(await count()).toBe(n + 1);
  });

  test('two reviewers approving at once: exactly one wins, the trail has one approval', async () => {
    const second = await createStaffUser('gkb_reviewer2', ['reviewer'], 'JX-GKB');
    const created = await t.api
      .post('/api/v1/workbench/policies')
      .set(bearer(staff))
      .send(
        draft('江西省政务公开专区志愿服务管理办法', {
          kind: '其他政策文件',
          docNo: '赣府公开办字〔2026〕12号',
        }),
      )
      .expect(201);
    const id = created.body.policy.id as string;
    await t.api.post(`/api/v1/workbench/policies/${id}/submit`).set(bearer(staff)).expect(200);
    const results = await Promise.all(
      [reviewer, second, reviewer, second].map((tok) =>
        t.api.post(`/api/v1/workbench/policies/${id}/review`).set(bearer(tok)).send({ verdict: 'approve' }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409]);
    for (const r of results.filter((x) => x.status === 409))
      expect(['POLICY_CONCURRENT_CHANGE', 'POLICY_STATE_CONFLICT']).toContain(r.body.error.code);
    const work = await t.api.get(`/api/v1/workbench/policies/${id}`).set(bearer(staff)).expect(200);
    expect(work.body.audit.filter((a: { action: string }) => a.action === 'approve')).toHaveLength(1);
    expect(work.body.policy.status).toBe('published');
  });
});

describe('FAQ knowledge base', () => {
  test('ask returns the best answer with its source policy', async () => {
    const res = await t.api
      .post('/api/v1/faq/ask')
      .send({ question: '灵活就业人员怎么交养老保险' })
      .expect(200);
    expect(res.body.matched).toBe(true);
    expect(res.body.answers[0].faq.question).toBe('灵活就业人员怎么交养老保险？');
    expect(res.body.answers[0].score).toBeGreaterThan(0.8);
    expect(res.body.answers[0].policy.title).toBe('江西省灵活就业人员参加企业职工基本养老保险办法');
  });

  test('says plainly when nothing matches, pointing to 政策咨询', async () => {
    const res = await t.api.post('/api/v1/faq/ask').send({ question: '火星旅游签证如何办理' }).expect(200);
    expect(res.body).toEqual({ matched: false, answers: [], hint: expect.stringContaining('政策咨询') });
    await t.api.post('/api/v1/faq/ask').send({ question: '' }).expect(422);
  });

  test('a new FAQ is answerable at once and exported since a time', async () => {
    const before = await t.api.get('/api/v1/faq/export').query({ since: '2026-11-29T00:00:00Z' }).expect(200);
    const n = before.body.items.length as number;
    clock.advance(60_000);
    const res = await t.api
      .post('/api/v1/workbench/faqs')
      .set(bearer(staff))
      .send({
        organId: organs.get('JX-GKB'),
        question: '政务公开专区周末开放吗？',
        answer: '省政务服务中心政务公开专区周六上午9:00至12:00开放，法定节假日除外。',
        topics: ['政务公开'],
      })
      .expect(201);
    expect(res.body.faq.updatedAt).toBe('2026-11-29T02:01:00.000Z');
    const asked = await t.api
      .post('/api/v1/faq/ask')
      .send({ question: '政务公开专区周末开放吗' })
      .expect(200);
    expect(asked.body.answers[0].faq.id).toBe(res.body.faq.id);
    const after = await t.api.get('/api/v1/faq/export').query({ since: '2026-11-29T02:00:30Z' }).expect(200);
    expect(after.body.items.map((i: { id: string }) => i.id)).toEqual([res.body.faq.id]);
    expect(after.body.items[0].organName).toBe('江西省人民政府政务公开办公室');
    const all = await t.api.get('/api/v1/faq/export').query({ since: '2026-11-29T00:00:00Z' }).expect(200);
    expect(all.body.items).toHaveLength(n + 1);
    await t.api.get('/api/v1/faq/export').query({ since: 'yesterday' }).expect(400);
  });
});
