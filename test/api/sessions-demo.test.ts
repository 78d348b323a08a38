/** The demo data as a citizen first sees it: sessions linked to the policies they explain. */
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

test('a demo session shows the published policies it explains, by title and 文号', async () => {
  const list = await t.api.get('/api/v1/sessions').query({ limit: 50 }).expect(200);
  const s = (list.body.items as { id: string; title: string }[]).find(
    (x) => x.title === '高校毕业生就业创业扶持政策解读',
  );
  expect(s).toBeDefined();
  const detail = await t.api.get(`/api/v1/sessions/${s!.id}`).expect(200);
  const related = detail.body.session.relatedPolicies as {
    title: string;
    docNo: string | null;
    link: string;
  }[];
  expect(related.map((p) => p.title)).toEqual([
    '关于进一步做好高校毕业生等青年就业创业工作的通知',
    '江西省创业担保贷款实施办法',
  ]);
  for (const p of related) expect(p.link).toMatch(/^\/pages\/policy-detail\/index\?id=[0-9a-f]{24}$/);
  const policy = await t.api
    .get(related[1]!.link.replace('/pages/policy-detail/index?id=', '/api/v1/policies/'))
    .expect(200);
  expect(policy.body.policy.title).toBe('江西省创业担保贷款实施办法');
  expect(related[1]!.docNo).toBe(policy.body.policy.docNo);
});
