/**
 * The inverted index for Chinese search.
 *
 * MongoDB's $text cannot segment Chinese and FerretDB has no text index. On
 * FerretDB-SQLite only a query whose whole filter is `{ _id: <string> }` is
 * served from the primary key: a range (`_id: { $gte, $lt }`), `$in` or any
 * other field scans the collection (measured: 1.7 ms against 1,600 ms over
 * 50,000 postings). So every read of the index is one `_id` equality:
 *
 * - `t:<term>` — head of the posting list of a term: `n` (document frequency),
 *   `p` the best HEAD postings by weight as one string, `k` the number of tail
 *   chunks `t:<term>#1..k` (the rest, by weight, CHUNK each). A search reads the
 *   heads of its terms, and the tails only when the heads give too few results
 *   (selective filters, deep pages) or the order is by date.
 * - a posting is `id:weight:publishedSeconds:facets` — the facets (validity,
 *   kind, fields hit, topics, organ) let filters and date order work without
 *   reading the documents; the page shown is then read by `_id` and checked.
 * - `#d:<normalized 文号>` is a "term" whose postings are the documents with that 文号.
 * - `f:<term>` posting lists of the FAQ knowledge base (`id:weight`).
 * - `s:<policyId>` / `fs:<faqId>` — the terms a document has in the index now.
 * - `l:<term>` — a lock: a posting list is rewritten by one writer at a time
 *   (insert of the lock = claim; FerretDB runs updates as read-then-write, so
 *   two unlocked writers could lose a posting). A lock older than LOCK_STALE_MS
 *   is taken over (crashed holder).
 *
 * A rebuild for one document computes all its postings from the current source
 * records and sets them in every affected list (idempotent), then re-runs if
 * the document changed meanwhile: instances rebuilding at once converge.
 */
import { Schema, type Connection } from 'mongoose';
import { POLICY_KINDS, POLICY_TOPICS, POLICY_VALIDITIES } from '@zwgk/types';
import { isDuplicateKey } from '../../platform/errors';
import { modelOn } from '../../platform/db';
import type { FaqDoc, PolicyDoc, PolicyModels } from './model';
import { Types } from './model';
import { htmlToText, queryTerms, termFrequencies } from './text';

/** Field weights: a term in the title counts most, then the 文号, the interpretation, FAQs, the body. */
export const FIELD_WEIGHTS = { title: 10, docno: 8, interp: 4, faq: 3, body: 1 } as const;
type Field = keyof typeof FIELD_WEIGHTS;
const FAQ_FIELD_WEIGHTS = { question: 3, answer: 1 } as const;
export const VALIDITY_RANK: Record<string, number> = { 有效: 1, 已修改: 0.9, 失效: 0.6, 废止: 0.6 };

export const HEAD = 500;
export const CHUNK = 5000;
const LOCK_STALE_MS = 60_000;
const LOCK_GIVE_UP_MS = 90_000;

interface IndexDoc {
  _id: string;
  p?: string;
  n?: number;
  k?: number;
  /** State of an owner: `key\thash` lines — its lists and a hash of its posting in each. */
  e?: string;
  at?: Date;
  count?: number;
  v?: number;
}

const IndexSchema = new Schema<IndexDoc>(
  { _id: { type: String, required: true } },
  { versionKey: false, strict: false, collection: 'policy_index' },
);

export function indexModel(conn: Connection) {
  return modelOn<IndexDoc>(conn, 'PolicyIndexEntry', IndexSchema);
}

// ---------- pure encoding (unit-tested) ----------

export const idToKey = (id: string) => Buffer.from(id, 'hex').toString('base64url');
export const keyToId = (k: string) => Buffer.from(k, 'base64url').toString('hex');

export interface Facets {
  validity: string;
  kind: string;
  topics: string[];
  organId: string;
  /** Publication date as a day number (Beijing time). */
  day: number;
  title: boolean;
}

/** Day number of an instant in Beijing time (UTC+8, no daylight saving). */
export const dayOf = (d: Date) => Math.floor((d.getTime() + 8 * 3_600_000) / 86_400_000);

/** Short organ key in postings: the last 3 bytes of its ObjectId (the counter); the page shown is checked exactly. */
export const organKey = (organId: string) => Buffer.from(organId.slice(-6), 'hex').toString('base64url');

/** `ddd` day (base 36) · one char for validity, kind and title hit · 2 chars topics mask · 4 chars organ. */
export function encodeFacets(f: Facets): string {
  const topics = f.topics.reduce((m, t) => m | (1 << POLICY_TOPICS.indexOf(t as never)), 0);
  const v = Math.max(0, POLICY_VALIDITIES.indexOf(f.validity as never));
  const k = Math.max(0, POLICY_KINDS.indexOf(f.kind as never));
  return (
    Math.max(0, f.day).toString(36).padStart(3, '0') +
    (v * 8 + k * 2 + (f.title ? 1 : 0)).toString(36) +
    topics.toString(36).padStart(2, '0') +
    organKey(f.organId)
  );
}

export interface Posting {
  id: string;
  w: number;
  day: number;
  facets: string;
}

export function encodePosting(id: string, w: number, facets = ''): string {
  return facets ? `${idToKey(id)}:${w}:${facets}` : `${idToKey(id)}:${w}`;
}

export function parsePostings(s: string | undefined): Posting[] {
  if (!s) return [];
  return s.split(';').map((e) => {
    const [k, w, facets = ''] = e.split(':');
    return { id: keyToId(k!), w: Number(w), day: facets ? parseInt(facets.slice(0, 3), 36) : 0, facets };
  });
}

export interface FacetFilter {
  validity?: string;
  kind?: string;
  topic?: string;
  organ?: string;
  /** Inclusive day numbers. */
  fromDay?: number;
  toDay?: number;
}

const vkt = (p: Posting) => parseInt(p.facets[3] ?? '0', 36);

/** Does a posting's facets string pass the filter? (The page shown is checked again on the documents.) */
export function facetsMatch(p: Posting, f: FacetFilter): boolean {
  const x = vkt(p);
  if (f.validity && Math.floor(x / 8) !== POLICY_VALIDITIES.indexOf(f.validity as never)) return false;
  if (f.kind && Math.floor(x / 2) % 4 !== POLICY_KINDS.indexOf(f.kind as never)) return false;
  if (f.topic) {
    const mask = parseInt(p.facets.slice(4, 6) || '0', 36);
    if (!(mask & (1 << POLICY_TOPICS.indexOf(f.topic as never)))) return false;
  }
  if (f.organ && p.facets.slice(6) !== organKey(f.organ)) return false;
  if (f.fromDay !== undefined && p.day < f.fromDay) return false;
  if (f.toDay !== undefined && p.day > f.toDay) return false;
  return true;
}

export const validityOf = (p: Posting) => POLICY_VALIDITIES[Math.floor(vkt(p) / 8)] ?? '有效';
export const inTitle = (p: Posting) => vkt(p) % 2 === 1;

function sortPostings(list: Posting[]): Posting[] {
  return list.sort((a, b) => b.w - a.w || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function fieldPostings(fields: Partial<Record<Field, string>>): Map<string, { w: number; title: boolean }> {
  const out = new Map<string, { w: number; title: boolean }>();
  for (const [field, text] of Object.entries(fields) as [Field, string][]) {
    if (!text) continue;
    for (const [term, tf] of termFrequencies(text)) {
      const w = FIELD_WEIGHTS[field] * (1 + Math.log(tf));
      const e = out.get(term) ?? { w: 0, title: false };
      e.w += w;
      if (field === 'title') e.title = true;
      out.set(term, e);
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

export type IndexablePolicy = Pick<
  PolicyDoc,
  | '_id'
  | 'title'
  | 'docNo'
  | 'docNoNorm'
  | 'bodyText'
  | 'body'
  | 'status'
  | 'validity'
  | 'kind'
  | 'topics'
  | 'organId'
  | 'publishedAt'
>;

/** Every posting (term key → posting) of a published policy, and the text of its interpretations. */
export function policyPostings(
  p: IndexablePolicy,
  interps: { title: string; sections: Record<string, string | undefined> }[],
  faqs: Pick<FaqDoc, 'question' | 'answer'>[],
): { postings: Map<string, string>; interpText: string } {
  const interpText = interps.map(interpretationText).join('\n');
  const postings = new Map<string, string>();
  if (p.status !== 'published') return { postings, interpText };
  const id = String(p._id);
  const day = p.publishedAt ? dayOf(p.publishedAt) : 0;
  const base = { validity: p.validity, kind: p.kind, topics: p.topics, organId: String(p.organId), day };
  const fields = fieldPostings({
    title: p.title,
    docno: p.docNo ?? '',
    interp: interpText,
    faq: faqs.map((f) => `${f.question}\n${f.answer}`).join('\n'),
    body: p.bodyText || htmlToText(p.body),
  });
  for (const [term, { w, title }] of fields) {
    postings.set(`t:${term}`, encodePosting(id, Math.round(w * 100) / 100, encodeFacets({ ...base, title })));
  }
  if (p.docNoNorm)
    postings.set(`#d:${p.docNoNorm}`, encodePosting(id, 0, encodeFacets({ ...base, title: false })));
  return { postings, interpText };
}

/** Postings of one FAQ entry: its question counts more than its answer. */
export function faqPostings(f: Pick<FaqDoc, '_id' | 'question' | 'answer'>): Map<string, string> {
  const w = new Map<string, number>();
  for (const [field, text] of [
    ['question', f.question],
    ['answer', f.answer],
  ] as const) {
    for (const [term, tf] of termFrequencies(text))
      w.set(term, (w.get(term) ?? 0) + FAQ_FIELD_WEIGHTS[field] * (1 + Math.log(tf)));
  }
  const out = new Map<string, string>();
  for (const [term, v] of w) out.set(`f:${term}`, encodePosting(String(f._id), Math.round(v * 100) / 100));
  return out;
}

/** Pure scoring, exported for unit tests. */
export function score(
  rows: { t: string; id: string; w: number }[],
  terms: string[],
  totalDocs: number,
  limit: number,
  df?: Map<string, number>,
): Map<string, number> {
  const dfs = df ?? new Map<string, number>();
  if (!df) for (const r of rows) dfs.set(r.t, (dfs.get(r.t) ?? 0) + 1);
  const idf = new Map(terms.map((t) => [t, Math.log(1 + totalDocs / Math.max(1, dfs.get(t) ?? totalDocs))]));
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

export interface SearchHit {
  id: string;
  score: number;
  day: number;
  /** The facets of the posting: changes when validity (or anything filterable) changes. */
  facets: string;
  validity: string;
}

/** A short hash of a posting: the state keeps it to see which lists changed. */
function hash(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}
function stateString(postings: Map<string, string>): string {
  return [...postings].map(([k, v]) => `${k}\t${hash(v)}`).join('\n');
}
function parseState(e: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!e) return out;
  for (const line of e.split('\n')) {
    const tab = line.lastIndexOf('\t');
    out.set(line.slice(0, tab), line.slice(tab + 1));
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function mapLimit<T>(items: T[], n: number, f: (x: T) => Promise<void>) {
  let i = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (i < items.length) await f(items[i++]!);
    }),
  );
}

export class PolicyIndex {
  readonly ix: ReturnType<typeof indexModel>;
  /** Progress of bulk indexing (the benchmark prints it). */
  onPhase?: (name: string, ms: number) => void;
  constructor(
    private readonly m: PolicyModels,
    conn: Connection,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.ix = indexModel(conn);
  }

  private get col() {
    return this.ix.collection;
  }

  private async get(id: string): Promise<IndexDoc | null> {
    return (await this.col.findOne({ _id: id } as never)) as IndexDoc | null;
  }

  // ---------- locks ----------

  private async lock(key: string): Promise<void> {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        await this.col.insertOne({ _id: `l:${key}`, at: new Date() } as never);
        return;
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
      }
      const held = await this.get(`l:${key}`);
      if (held?.at && Date.now() - new Date(held.at).getTime() > LOCK_STALE_MS) {
        await this.col.deleteOne({ _id: `l:${key}` } as never);
        continue;
      }
      if (Date.now() - started > LOCK_GIVE_UP_MS) throw new Error(`index lock ${key} busy`);
      await sleep(3 + Math.random() * Math.min(50, 5 * (attempt + 1)));
    }
  }

  private async unlock(key: string) {
    await this.col.deleteOne({ _id: `l:${key}` } as never);
  }

  private async locked<T>(key: string, f: () => Promise<T>): Promise<T> {
    await this.lock(key);
    try {
      return await f();
    } finally {
      await this.unlock(key);
    }
  }

  // ---------- posting lists ----------

  /** Read a whole posting list (head and tails). */
  private async readList(key: string): Promise<{ head: IndexDoc | null; list: Posting[] }> {
    const head = await this.get(key);
    if (!head) return { head, list: [] };
    const list = parsePostings(head.p);
    for (let i = 1; i <= (head.k ?? 0); i++) list.push(...parsePostings((await this.get(`${key}#${i}`))?.p));
    return { head, list };
  }

  /** The head and tail documents of a list holding `sorted` postings. */
  private listDocs(key: string, sorted: Posting[], raw: Map<string, string>) {
    const enc = (p: Posting) => raw.get(p.id) ?? encodePosting(p.id, p.w, p.facets);
    const rest = sorted.slice(HEAD);
    const k = Math.ceil(rest.length / CHUNK);
    const tails = Array.from({ length: k }, (_, i) => ({
      _id: `${key}#${i + 1}`,
      p: rest
        .slice(i * CHUNK, (i + 1) * CHUNK)
        .map(enc)
        .join(';'),
    }));
    return { head: { _id: key, n: sorted.length, k, p: sorted.slice(0, HEAD).map(enc).join(';') }, tails };
  }

  /** Set (or remove, with null) postings of some documents in one list. Caller holds the index lock. */
  private async writeList(key: string, changes: Map<string, string | null>): Promise<void> {
    const { head, list } = await this.readList(key);
    const byId = new Map(list.map((p) => [p.id, p]));
    const raw = new Map<string, string>();
    for (const [id, enc] of changes) {
      if (enc === null) {
        byId.delete(id);
        continue;
      }
      byId.set(id, parsePostings(enc)[0]!);
      raw.set(id, enc);
    }
    const oldK = head?.k ?? 0;
    if (!byId.size) {
      if (head) await this.col.deleteOne({ _id: key } as never);
      for (let i = 1; i <= oldK; i++) await this.col.deleteOne({ _id: `${key}#${i}` } as never);
      return;
    }
    const docs = this.listDocs(key, sortPostings([...byId.values()]), raw);
    for (const t of docs.tails)
      await this.col.replaceOne({ _id: t._id } as never, { p: t.p } as never, { upsert: true });
    for (let i = docs.tails.length + 1; i <= oldK; i++)
      await this.col.deleteOne({ _id: `${key}#${i}` } as never);
    const { _id, ...body } = docs.head;
    void _id;
    await this.col.replaceOne({ _id: key } as never, body as never, { upsert: true });
  }

  /**
   * Make the postings of one owner (`s:<policy>` / `fs:<faq>`) equal to
   * `wanted`. The state document keeps the owner's postings, so only the lists
   * whose posting changed are rewritten.
   */
  private async setOwner(stateId: string, ownerId: string, wanted: Map<string, string>) {
    await this.locked('#index', async () => {
      const state = await this.get(stateId);
      const prev = parseState(state?.e);
      // A state written as a key list only: every list it names is rewritten.
      for (const k of (state as { keys?: string[] } | null)?.keys ?? []) if (!prev.has(k)) prev.set(k, '');
      const changed: string[] = [];
      for (const key of new Set([...prev.keys(), ...wanted.keys()])) {
        const w = wanted.get(key);
        if (prev.get(key) !== (w === undefined ? undefined : hash(w))) changed.push(key);
      }
      await mapLimit(changed, 2, (key) => this.writeList(key, new Map([[ownerId, wanted.get(key) ?? null]])));
      if (wanted.size)
        await this.col.replaceOne({ _id: stateId } as never, { e: stateString(wanted) } as never, {
          upsert: true,
        });
      else if (state) await this.col.deleteOne({ _id: stateId } as never);
      if (stateId.startsWith('s:')) {
        const delta = (wanted.size ? 1 : 0) - (prev.size ? 1 : 0);
        if (delta) await this.addCount(delta);
      }
    });
  }

  /** Number of published documents (for idf). Changed under the index lock. */
  private async addCount(delta: number) {
    const meta = await this.get('#meta');
    await this.col.replaceOne(
      { _id: '#meta' } as never,
      { count: Math.max(0, (meta?.count ?? 0) + delta), ...(meta?.v ? { v: meta.v } : {}) } as never,
      { upsert: true },
    );
  }

  async publishedCount(): Promise<number> {
    return (await this.get('#meta'))?.count ?? 0;
  }

  /** True when this database's index has the current layout (else the maintenance job rebuilds it). */
  async isCurrent(): Promise<boolean> {
    return (await this.get('#meta'))?.v === 2;
  }

  async markCurrent(): Promise<void> {
    await this.locked('#index', async () => {
      const meta = await this.get('#meta');
      await this.col.replaceOne({ _id: '#meta' } as never, { count: meta?.count ?? 0, v: 2 } as never, {
        upsert: true,
      });
    });
  }

  // ---------- rebuilds ----------

  /**
   * Recompute the postings of one policy (and its cached interpretation text),
   * and of its FAQs; again when the policy changed meanwhile.
   */
  async rebuild(policyId: Types.ObjectId | string, opts: { attempt?: number } = {}): Promise<void> {
    const attempt = opts.attempt ?? 0;
    const id = new Types.ObjectId(String(policyId));
    const p = await this.m.Policy.findById(id).lean<PolicyDoc>();
    if (!p || p.status !== 'published') {
      await this.setOwner(`s:${String(id)}`, String(id), new Map());
      await this.rebuildFaqsOf(id);
      return;
    }
    const interps = await this.m.Interpretation.find({ policyId: id, status: 'published' }).lean();
    const faqs = await this.m.Faq.find({ policyId: id }).lean();
    const { postings, interpText } = policyPostings(p, interps, faqs);
    await this.setOwner(`s:${String(id)}`, String(id), postings);
    if (p.interpText !== interpText || p.interpCount !== interps.length)
      await this.m.Policy.updateOne({ _id: id }, { $set: { interpText, interpCount: interps.length } });
    await this.rebuildFaqsOf(id);
    const after = await this.m.Policy.findById(id, { rev: 1 }).lean();
    if (after && after.rev !== p.rev && attempt < 3) await this.rebuild(id, { attempt: attempt + 1 });
  }

  private async rebuildFaqsOf(policyId: Types.ObjectId) {
    const faqs = await this.m.Faq.find({ policyId }, { _id: 1 }).lean();
    for (const f of faqs) await this.rebuildFaq(f._id);
  }

  /** A FAQ is searchable when it stands alone or its policy is published. */
  async rebuildFaq(faqId: Types.ObjectId | string): Promise<void> {
    const id = new Types.ObjectId(String(faqId));
    const f = await this.m.Faq.findById(id).lean<FaqDoc>();
    let visible = !!f;
    if (f?.policyId) {
      const p = await this.m.Policy.findById(f.policyId, { status: 1 }).lean();
      visible = p?.status === 'published';
    }
    await this.setOwner(`fs:${String(id)}`, String(id), f && visible ? faqPostings(f) : new Map());
  }

  /**
   * Index documents that have never been indexed (demo data, import, benchmark
   * load) in one pass under the index lock: postings grouped by list, new lists
   * created with bulk inserts, existing ones (a duplicate `_id`) merged one by one.
   */
  async indexFresh(
    policies: { postings: Map<string, string>; id: string }[],
    faqs: { postings: Map<string, string>; id: string }[] = [],
  ): Promise<void> {
    const lists = new Map<string, Map<string, string>>();
    const states: Record<string, unknown>[] = [];
    for (const [prefix, owners] of [
      ['s:', policies],
      ['fs:', faqs],
    ] as const) {
      for (const o of owners) {
        if (!o.postings.size) continue;
        for (const [key, enc] of o.postings) {
          let l = lists.get(key);
          if (!l) lists.set(key, (l = new Map()));
          l.set(o.id, enc);
        }
        states.push({ _id: `${prefix}${o.id}`, e: stateString(o.postings) });
      }
    }
    const t0 = Date.now();
    const phase = (name: string) => this.onPhase?.(name, Date.now() - t0);
    await this.locked('#index', async () => {
      const heads: Record<string, unknown>[] = [];
      const tails = new Map<string, Record<string, unknown>[]>();
      for (const [key, changes] of lists) {
        const sorted = sortPostings([...changes.values()].map((e) => parsePostings(e)[0]!));
        const docs = this.listDocs(key, sorted, new Map(changes));
        heads.push(docs.head);
        if (docs.tails.length) tails.set(key, docs.tails);
      }
      phase(`grouped ${lists.size} lists`);
      const existing = await this.insertAll(heads);
      phase(`inserted ${heads.length - existing.size} new list heads`);
      for (const [key, t] of tails) if (!existing.has(key)) await this.insertAll(t);
      phase('inserted tails');
      // One writer at a time: SQLite has a single write lock, parallel large writes only contend.
      await mapLimit([...existing], 1, (key) => this.writeList(key, lists.get(key)!));
      phase(`merged ${existing.size} existing lists`);
      await this.insertAll(states);
      phase(`inserted ${states.length} owner states`);
      const added = policies.filter((p) => p.postings.size).length;
      if (added) await this.addCount(added);
    });
  }

  /** Insert many documents; returns the `_id`s that already existed. */
  private async insertAll(docs: Record<string, unknown>[]): Promise<Set<string>> {
    const dup = new Set<string>();
    for (let i = 0; i < docs.length; i += 1000) {
      const part = docs.slice(i, i + 1000);
      try {
        await this.col.insertMany(part as never[], { ordered: false });
      } catch (e) {
        const errs = (e as { writeErrors?: { code?: number; index?: number }[] }).writeErrors ?? [];
        if (!errs.length || errs.some((x) => x.code !== 11000)) throw e;
        for (const x of errs) dup.add(String(part[x.index ?? -1]?._id));
      }
    }
    return dup;
  }

  // ---------- reading ----------

  /**
   * Score published policies for the query terms (idf-weighted field weights, a
   * bonus for covering more of the query, 失效/废止 ranked lower). Reads the
   * heads of the posting lists; the tails only when fewer than `need` hits pass
   * the filter, or when `complete` (date order) asks for every hit.
   */
  async searchPolicies(
    terms: string[],
    opts: { filter?: FacetFilter; need?: number; complete?: boolean; docNoNorm?: string | null } = {},
  ): Promise<SearchHit[]> {
    const filter = opts.filter ?? {};
    const need = opts.need ?? 50;
    const keys = terms.map((t) => `t:${t}`);
    const [heads, total, exact] = await Promise.all([
      Promise.all(keys.map((k) => this.get(k))),
      this.publishedCount(),
      opts.docNoNorm ? this.readList(`#d:${opts.docNoNorm}`) : Promise.resolve(null),
    ]);
    const lists = heads.map((h) => parsePostings(h?.p));
    const df = new Map(terms.map((t, i) => [t, heads[i]?.n ?? 0]));
    const run = () => {
      const rows: { t: string; id: string; w: number }[] = [];
      const meta = new Map<string, Posting>();
      lists.forEach((list, i) => {
        for (const p of list) {
          if (!facetsMatch(p, filter)) continue;
          rows.push({ t: terms[i]!, id: p.id, w: p.w });
          meta.set(p.id, p);
        }
      });
      const scores = score(rows, terms, Math.max(total, 1), Number.MAX_SAFE_INTEGER, df);
      for (const p of exact?.list ?? []) {
        if (!facetsMatch(p, filter)) continue;
        meta.set(p.id, p);
        scores.set(p.id, 1_000_000 + (scores.get(p.id) ?? 0));
      }
      const hits: SearchHit[] = [];
      for (const [id, s] of scores) {
        const p = meta.get(id)!;
        const validity = validityOf(p);
        hits.push({
          id,
          score: Math.round(s * (VALIDITY_RANK[validity] ?? 1) * 1000) / 1000,
          day: p.day,
          facets: p.facets,
          validity,
        });
      }
      return hits;
    };
    let hits = run();
    // Tails: read chunk by chunk (best weights first) until enough hits, or all of them.
    let more = true;
    let chunk = 1;
    while (more && (opts.complete || hits.length < need)) {
      more = false;
      for (let i = 0; i < keys.length; i++) {
        const k = heads[i]?.k ?? 0;
        if (chunk > k) continue;
        lists[i]!.push(...parsePostings((await this.get(`${keys[i]}#${chunk}`))?.p));
        more = true;
      }
      if (more) hits = run();
      chunk++;
    }
    return hits;
  }

  /** Titles of published policies whose title contains the terms (for suggestions). */
  async titleHits(terms: string[], limit: number): Promise<string[]> {
    if (!terms.length) return [];
    const heads = await Promise.all(terms.map((t) => this.get(`t:${t}`)));
    const maps = heads.map((h) => {
      const here = new Map<string, number>();
      for (const p of parsePostings(h?.p)) if (inTitle(p)) here.set(p.id, p.w);
      return here;
    });
    const found = new Map<string, number>();
    for (const [id, w] of maps[0]!) {
      let sum = w;
      let all = true;
      for (const other of maps.slice(1)) {
        const x = other.get(id);
        if (x === undefined) all = false;
        else sum += x;
      }
      if (all) found.set(id, sum);
    }
    return [...found.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([id]) => id);
  }

  async searchFaqs(terms: string[], limit = 5): Promise<{ id: string; score: number; coverage: number }[]> {
    if (!terms.length) return [];
    const lists = await Promise.all(terms.map((t) => this.readList(`f:${t}`)));
    const total = Math.max(1, await this.m.Faq.estimatedDocumentCount());
    const df = new Map(terms.map((t, i) => [t, lists[i]!.list.length]));
    const idf = (t: string) => Math.log(1 + total / (df.get(t) || total));
    const qWeight = terms.reduce((s, t) => s + Math.log(1 + total / Math.max(1, df.get(t) || 1)), 0);
    const byFaq = new Map<string, Map<string, number>>();
    lists.forEach(({ list }, i) => {
      for (const p of list) {
        const e = byFaq.get(p.id) ?? new Map<string, number>();
        e.set(terms[i]!, p.w);
        byFaq.set(p.id, e);
      }
    });
    const out: { id: string; score: number; coverage: number }[] = [];
    for (const [id, matched] of byFaq) {
      let covered = 0;
      let inQuestion = 0;
      for (const [t, w] of matched) {
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

  /** Rebuild the whole index of a database built before this layout (once, by one instance). */
  async migrate(claim: (key: string) => Promise<boolean>): Promise<number> {
    if (await this.isCurrent()) return 0;
    if (!(await claim('policy-index:layout-v2'))) return 0;
    const published = await this.m.Policy.find({ status: 'published' }, { _id: 1 }).lean();
    for (const p of published) await this.rebuild(p._id);
    const standalone = await this.m.Faq.find({ policyId: null }, { _id: 1 }).lean();
    for (const f of standalone) await this.rebuildFaq(f._id);
    await this.markCurrent();
    return published.length;
  }
}

export { queryTerms };
