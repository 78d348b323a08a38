/**
 * The inverted index for Chinese search. MongoDB's $text cannot segment Chinese
 * and FerretDB has no text index, so postings are documents of their own:
 * `policy_terms` `{ _id: "<term>|<policyId>|<field>", w }`. A rebuild for one
 * policy computes every posting from the current source records, inserts the
 * missing ones keyed by `_id` (a duplicate from another instance is the same
 * posting), rewrites changed weights, deletes the postings no longer produced,
 * and runs again if the policy changed meanwhile: two instances rebuilding at
 * once converge on the same set. Only published documents have postings.
 */
import { isDuplicateKey } from '../../platform/errors';
import type { FaqDoc, PolicyDoc, PolicyModels } from './model';
import { Types } from './model';
import { htmlToText, queryTerms, termFrequencies } from './text';

/** Field weights: a term in the title counts most, then the 文号, the interpretation, FAQs, the body. */
export const FIELD_WEIGHTS = { title: 10, docno: 8, interp: 4, faq: 3, body: 1 } as const;
type Field = keyof typeof FIELD_WEIGHTS;
const FAQ_FIELD_WEIGHTS = { question: 3, answer: 1 } as const;

function postings(fields: Partial<Record<Field, string>>) {
  const out = new Map<string, { term: string; field: string; w: number }>();
  for (const [field, text] of Object.entries(fields) as [Field, string][]) {
    if (!text) continue;
    for (const [term, tf] of termFrequencies(text)) {
      const w = Math.round(FIELD_WEIGHTS[field] * (1 + Math.log(tf)) * 1000) / 1000;
      out.set(`${term}|${field}`, { term, field, w });
    }
  }
  return out;
}

export function interpretationText(i: {
  title: string;
  sections: Record<string, string | undefined>;
}): string {
  return [i.title, ...Object.values(i.sections ?? {})].filter(Boolean).join('\n');
}

type PostingModel = PolicyModels['Term'] | PolicyModels['FaqTerm'];

/**
 * Make the stored postings of one owner equal to `wanted`: insert the new ones
 * (a duplicate `_id` means another instance wrote the same posting: fine),
 * rewrite those whose weight changed, delete those no longer produced.
 */
async function sync(
  model: PostingModel,
  owner: Record<string, Types.ObjectId>,
  wanted: Map<string, Record<string, unknown>>,
  fresh: boolean,
) {
  const m = model as unknown as {
    find(f: unknown, p: unknown): { lean(): Promise<{ _id: string; w: number }[]> };
    insertMany(d: unknown[], o: unknown): Promise<unknown>;
    bulkWrite(o: unknown[], opt: unknown): Promise<unknown>;
    deleteMany(f: unknown): Promise<unknown>;
  };
  const existing = fresh
    ? new Map<string, number>()
    : new Map((await m.find(owner, { _id: 1, w: 1 }).lean()).map((d) => [d._id, d.w]));
  const inserts: unknown[] = [];
  const rewrites: unknown[] = [];
  for (const [id, doc] of wanted) {
    const w = existing.get(id);
    if (w === undefined) inserts.push(doc);
    else if (w !== doc.w)
      rewrites.push({ replaceOne: { filter: { _id: id }, replacement: doc, upsert: true } });
  }
  for (let i = 0; i < inserts.length; i += 1000) {
    try {
      await m.insertMany(inserts.slice(i, i + 1000), { ordered: false });
    } catch (e) {
      const errs = (e as { writeErrors?: { code?: number; err?: { code?: number } }[] }).writeErrors;
      const onlyDuplicates =
        isDuplicateKey(e) || (errs?.length && errs.every((x) => (x.code ?? x.err?.code) === 11000));
      if (!onlyDuplicates) throw e;
    }
  }
  if (rewrites.length) await m.bulkWrite(rewrites, { ordered: false });
  const stale = [...existing.keys()].filter((id) => !wanted.has(id));
  for (let i = 0; i < stale.length; i += 1000) await m.deleteMany({ _id: { $in: stale.slice(i, i + 1000) } });
}

/** Every posting of a published policy, and the plain text of its published interpretations. */
export function policyPostings(
  p: Pick<PolicyDoc, '_id' | 'title' | 'docNo' | 'bodyText' | 'body'>,
  interps: { title: string; sections: Record<string, string | undefined> }[],
  faqs: Pick<FaqDoc, 'question' | 'answer'>[],
) {
  const interpText = interps.map(interpretationText).join('\n');
  const wanted = postings({
    title: p.title,
    docno: p.docNo ?? '',
    interp: interpText,
    faq: faqs.map((f) => `${f.question}\n${f.answer}`).join('\n'),
    body: p.bodyText || htmlToText(p.body),
  });
  const docs = new Map<string, Record<string, unknown>>();
  for (const { term, field, w } of wanted.values()) {
    const _id = `${term}|${p._id.toHexString()}|${field}`;
    docs.set(_id, { _id, term, policyId: p._id, field, w });
  }
  return { docs, interpText };
}

/** Postings of one FAQ entry: its question counts more than its answer. */
export function faqPostings(f: Pick<FaqDoc, '_id' | 'question' | 'answer'>) {
  const docs = new Map<string, Record<string, unknown>>();
  for (const [field, text] of [
    ['question', f.question],
    ['answer', f.answer],
  ] as const) {
    for (const [term, tf] of termFrequencies(text)) {
      const _id = `${term}|${f._id.toHexString()}|${field}`;
      const w = Math.round(FAQ_FIELD_WEIGHTS[field] * (1 + Math.log(tf)) * 1000) / 1000;
      docs.set(_id, { _id, term, faqId: f._id, field, w });
    }
  }
  return docs;
}

export class PolicyIndex {
  constructor(private readonly m: PolicyModels) {}

  /**
   * Recompute the postings of one policy (and its cached interpretation text).
   * `fresh`: the policy has never been indexed (demo data, import), so there is
   * nothing to compare with.
   */
  async rebuild(
    policyId: Types.ObjectId | string,
    opts: { fresh?: boolean; attempt?: number } = {},
  ): Promise<void> {
    const attempt = opts.attempt ?? 0;
    const id = new Types.ObjectId(String(policyId));
    const p = await this.m.Policy.findById(id).lean();
    if (!p || p.status !== 'published') {
      await this.m.Term.deleteMany({ policyId: id });
      await this.rebuildFaqsOf(id, !!opts.fresh);
      return;
    }
    const interps = await this.m.Interpretation.find({ policyId: id, status: 'published' }).lean();
    const faqs = await this.m.Faq.find({ policyId: id }).lean();
    const { docs, interpText } = policyPostings(p, interps, faqs);
    await sync(this.m.Term, { policyId: id }, docs, !!opts.fresh);
    if (p.interpText !== interpText) await this.m.Policy.updateOne({ _id: id }, { $set: { interpText } });
    await this.rebuildFaqsOf(id, !!opts.fresh);
    if (opts.fresh) return;
    const after = await this.m.Policy.findById(id, { rev: 1 }).lean();
    if (after && after.rev !== p.rev && attempt < 3) await this.rebuild(id, { attempt: attempt + 1 });
  }

  private async rebuildFaqsOf(policyId: Types.ObjectId, fresh: boolean) {
    const faqs = await this.m.Faq.find({ policyId }, { _id: 1 }).lean();
    for (const f of faqs) await this.rebuildFaq(f._id, fresh);
  }

  /** A FAQ is searchable when it stands alone or its policy is published. */
  async rebuildFaq(faqId: Types.ObjectId | string, fresh = false): Promise<void> {
    const id = new Types.ObjectId(String(faqId));
    const f = await this.m.Faq.findById(id).lean();
    let visible = !!f;
    if (f?.policyId) {
      const p = await this.m.Policy.findById(f.policyId, { status: 1 }).lean();
      visible = p?.status === 'published';
    }
    if (!f || !visible) {
      await this.m.FaqTerm.deleteMany({ faqId: id });
      return;
    }
    const docs = faqPostings(f);
    await sync(this.m.FaqTerm, { faqId: id }, docs, fresh);
  }

  /**
   * Score published policies for the query terms: for each term, the summed
   * field weights of the policy times the term's idf; a policy matching more
   * of the query's terms ranks higher.
   */
  async searchPolicies(terms: string[], limit = 2000): Promise<Map<string, number>> {
    if (!terms.length) return new Map();
    const rows = (await this.m.Term.aggregate([
      { $match: { term: { $in: terms } } },
      { $group: { _id: { t: '$term', p: '$policyId' }, w: { $sum: '$w' } } },
    ])) as { _id: { t: string; p: Types.ObjectId }; w: number }[];
    const total = Math.max(1, await this.m.Policy.countDocuments({ status: 'published' }));
    return score(
      rows.map((r) => ({ t: r._id.t, id: String(r._id.p), w: r.w })),
      terms,
      total,
      limit,
    );
  }

  async searchFaqs(terms: string[], limit = 5): Promise<{ id: string; score: number; coverage: number }[]> {
    if (!terms.length) return [];
    const rows = (await this.m.FaqTerm.aggregate([
      { $match: { term: { $in: terms } } },
      { $group: { _id: { t: '$term', f: '$faqId' }, w: { $sum: '$w' } } },
    ])) as { _id: { t: string; f: Types.ObjectId }; w: number }[];
    const total = Math.max(1, await this.m.Faq.countDocuments({}));
    const df = new Map<string, number>();
    for (const r of rows) df.set(r._id.t, (df.get(r._id.t) ?? 0) + 1);
    const idf = (t: string) => Math.log(1 + total / (df.get(t) ?? total));
    const qWeight = terms.reduce((s, t) => s + Math.log(1 + total / Math.max(1, df.get(t) ?? 1)), 0);
    const byFaq = new Map<string, { matched: Map<string, number> }>();
    for (const r of rows) {
      const id = String(r._id.f);
      const e = byFaq.get(id) ?? { matched: new Map<string, number>() };
      e.matched.set(r._id.t, Math.max(e.matched.get(r._id.t) ?? 0, r.w));
      byFaq.set(id, e);
    }
    const out: { id: string; score: number; coverage: number }[] = [];
    for (const [id, e] of byFaq) {
      let covered = 0;
      let inQuestion = 0;
      for (const [t, w] of e.matched) {
        covered += idf(t);
        if (w >= FAQ_FIELD_WEIGHTS.question) inQuestion += idf(t);
      }
      const coverage = qWeight > 0 ? covered / qWeight : 0;
      const questionCoverage = qWeight > 0 ? inQuestion / qWeight : 0;
      // Matching the question counts more than matching words in an answer.
      const s = Math.min(1, 0.6 * coverage + 0.4 * questionCoverage);
      out.push({ id, score: Math.round(s * 1000) / 1000, coverage });
    }
    return out.sort((a, b) => b.score - a.score).slice(0, limit);
  }
}

/** Pure scoring, exported for unit tests. */
export function score(
  rows: { t: string; id: string; w: number }[],
  terms: string[],
  totalDocs: number,
  limit: number,
): Map<string, number> {
  const df = new Map<string, number>();
  for (const r of rows) df.set(r.t, (df.get(r.t) ?? 0) + 1);
  const idf = new Map(terms.map((t) => [t, Math.log(1 + totalDocs / Math.max(1, df.get(t) ?? totalDocs))]));
  const queryWeight = terms.reduce((s, t) => s + (idf.get(t) ?? 0), 0) || 1;
  const acc = new Map<string, { s: number; covered: number }>();
  for (const r of rows) {
    const e = acc.get(r.id) ?? { s: 0, covered: 0 };
    const i = idf.get(r.t) ?? 0;
    e.s += i * r.w;
    e.covered += i;
    acc.set(r.id, e);
  }
  const scored = [...acc.entries()].map(([id, e]) => [id, e.s * (0.25 + e.covered / queryWeight)] as const);
  scored.sort((a, b) => b[1] - a[1]);
  return new Map(scored.slice(0, limit).map(([id, s]) => [id, Math.round(s * 1000) / 1000]));
}

export { queryTerms };
