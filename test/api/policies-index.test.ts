/**
 * The search index's posting lists with a tiny head (3) and chunks (4), so
 * that 60 documents exercise every path: head overflow into the day chunks,
 * chunk splits, in-place changes, removals, and date-ordered reads that stop
 * early. Results are compared with a brute-force computation over the same
 * documents on the real database.
 */
import { Types } from 'mongoose';
import { normalizeDocNo } from '@zwgk/types';
import { policyModels, type PolicyDoc } from '../../server/src/modules/policies/model';
import { chunksOf, dayOf, parsePostings, PolicyIndex } from '../../server/src/modules/policies/search';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({}, { seed: false });
});
afterAll(() => t.close());

const SUBJECTS = ['养老保险', '住房公积金', '创业担保贷款', '义务教育入学'];
const organ = new Types.ObjectId();

function doc(i: number): Partial<PolicyDoc> & { _id: Types.ObjectId } {
  // Days spread over two years, several documents on some days (chunks cut at day boundaries).
  const publishedAt = new Date(Date.UTC(2024, 0, 1 + Math.floor(((i * 37) % 400) / 2), 2));
  const subject = SUBJECTS[i % SUBJECTS.length]!;
  const title = `关于做好${subject}工作的通知（第${i}号）`;
  const body = `<p>${subject}${i % 5 === 0 ? '，同时涉及养老保险待遇' : ''}相关规定。</p>`;
  const docNo = `赣测发〔2024〕${i + 1}号`;
  return {
    _id: new Types.ObjectId(),
    indexNo: `T/${i}`,
    title,
    organId: organ,
    docNo,
    docNoNorm: normalizeDocNo(docNo),
    writtenAt: publishedAt.toISOString().slice(0, 10),
    publishedAt,
    category: '综合政务\\其他',
    topics: ['养老'],
    kind: '其他政策文件',
    validity: '有效',
    replacedBy: null,
    amendedBy: null,
    needsInterpretation: false,
    status: 'published',
    returnReason: null,
    body,
    bodyText: body.replace(/<[^>]+>/g, ''),
    interpText: '',
    createdBy: new Types.ObjectId(),
    createdAt: publishedAt,
    updatedAt: publishedAt,
    rev: 1,
  };
}

test('tiny head and chunks: incremental writes keep the lists whole and date order exact', async () => {
  const m = policyModels(t.conn);
  const index = new PolicyIndex(m, t.conn, () => new Date(), { head: 3, chunk: 4 });
  const docs = Array.from({ length: 60 }, (_, i) => doc(i));
  await m.Policy.collection.insertMany(docs as never[]);
  // One by one, as publications happen (head overflow, chunk creation, splits).
  for (const d of docs) await index.rebuild(d._id);

  // Change some: validity (posting changes in place), unpublish (removal).
  const withdrawn = docs.filter((_, i) => i % 7 === 3);
  const expired = docs.filter((_, i) => i % 6 === 1);
  for (const d of withdrawn) {
    await m.Policy.updateOne({ _id: d._id }, { $set: { status: 'draft' } });
    await index.rebuild(d._id);
  }
  for (const d of expired) {
    await m.Policy.updateOne({ _id: d._id }, { $set: { validity: '失效' } });
    await index.rebuild(d._id);
  }
  const live = docs.filter((d) => !withdrawn.includes(d));
  const pension = live.filter((d) => d.bodyText!.includes('养老保险') || d.title!.includes('养老保险'));
  expect(pension.length).toBeGreaterThan(10);

  // The list of 养老保险 holds exactly the live documents that contain it, spread over chunks
  // whose day ranges do not overlap and hold their postings.
  const col = t.conn.collection('policy_index');
  const head = (await col.findOne({ _id: 't:养老保险' as never })) as never as {
    n: number;
    p: string;
    c: string;
  };
  const chunks = chunksOf(head as never);
  expect(chunks.length).toBeGreaterThan(2);
  const ids = parsePostings(head.p).map((p) => p.id);
  expect(ids.length).toBeLessThanOrEqual(3);
  for (let i = 0; i < chunks.length; i++) {
    const c = chunks[i]!;
    if (i > 0) expect(c.max).toBeLessThan(chunks[i - 1]!.min);
    const ps = parsePostings(
      ((await col.findOne({ _id: `t:养老保险#${c.no}` as never })) as never as { p: string }).p,
    );
    expect(ps).toHaveLength(c.n);
    expect(ps.length).toBeLessThan(8);
    for (const p of ps) {
      expect(p.day).toBeGreaterThanOrEqual(c.min);
      expect(p.day).toBeLessThanOrEqual(c.max);
    }
    ids.push(...ps.map((p) => p.id));
  }
  expect(ids.sort()).toEqual(pension.map((d) => String(d._id)).sort());
  expect(head.n).toBe(pension.length);

  // Date order: the newest documents holding every term, exactly, for several page depths and filters.
  const byDate = (xs: typeof docs) =>
    xs
      .map((d) => ({ id: String(d._id), day: dayOf(d.publishedAt!) }))
      .sort((a, b) => b.day - a.day || (b.id < a.id ? -1 : 1));
  for (const terms of [['养老保险'], ['养老', '保险', '养老保险']]) {
    for (let need = 1; need <= pension.length + 2; need++) {
      const hits = await index.searchPolicies(terms, { need, byDate: true });
      const got = hits.sort((a, b) => b.day - a.day || (b.id < a.id ? -1 : 1)).slice(0, need);
      expect(got.map((h) => h.id)).toEqual(
        byDate(pension)
          .slice(0, need)
          .map((h) => h.id),
      );
    }
  }
  const fromDay = dayOf(new Date('2024-06-01T00:00:00+08:00'));
  const toDay = dayOf(new Date('2025-03-31T00:00:00+08:00'));
  const ranged = await index.searchPolicies(['养老保险'], {
    need: 100,
    byDate: true,
    filter: { fromDay, toDay, validity: '有效' },
  });
  expect(ranged.map((h) => h.id).sort()).toEqual(
    pension
      .filter((d) => !expired.includes(d))
      .filter((d) => dayOf(d.publishedAt!) >= fromDay && dayOf(d.publishedAt!) <= toDay)
      .map((d) => String(d._id))
      .sort(),
  );

  // Relevance with a selective filter reads tails until it has enough.
  const expiredPension = pension.filter((d) => expired.includes(d));
  const some = await index.searchPolicies(['养老保险'], { need: 100, filter: { validity: '失效' } });
  expect(some.map((h) => h.id).sort()).toEqual(expiredPension.map((d) => String(d._id)).sort());

  // Browsing without a query: every live document newest first (publication minute, then id).
  const newest = live
    .map((d) => ({ id: String(d._id), at: d.publishedAt!.getTime() }))
    .sort((a, b) => b.at - a.at || (b.id < a.id ? -1 : 1))
    .map((d) => d.id);
  for (const need of [1, 4, 9, 20, live.length + 1]) {
    const hits = await index.latest({}, need);
    const got = hits.sort((a, b) => b.score - a.score || (b.id < a.id ? -1 : 1)).slice(0, need);
    expect(got.map((h) => h.id)).toEqual(newest.slice(0, need));
  }
  const valid = await index.latest({ validity: '失效' }, 100);
  expect(valid.map((h) => h.id).sort()).toEqual(
    live
      .filter((d) => expired.includes(d))
      .map((d) => String(d._id))
      .sort(),
  );

  // Exact 文号 still found, and everything removed leaves no list behind.
  const one = live[0]!;
  const exact = await index.searchPolicies([], { docNoNorm: one.docNoNorm!, need: 1 });
  expect(exact.map((h) => h.id)).toEqual([String(one._id)]);
  for (const d of live) {
    await m.Policy.updateOne({ _id: d._id }, { $set: { status: 'draft' } });
    await index.rebuild(d._id);
  }
  expect(await col.find({ _id: { $regex: '^t:养老保险' } } as never).toArray()).toEqual([]);
  expect(await index.publishedCount()).toBe(0);
  expect(await index.latest({}, 10)).toEqual([]);
});
