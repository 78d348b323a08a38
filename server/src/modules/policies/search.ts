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
 *   `p` up to HEAD postings with the highest weights as one string, `tw` an
 *   upper bound of the weights not in the head, and `c` the tail chunks
 *   `t:<term>#<no>`, newest first, each holding the rest of the postings
 *   published within its own day range `[min, max]` (ranges do not overlap).
 *   A search by relevance reads the heads, and tails only when the heads give
 *   too few results (selective filters, deep pages); a search by date reads
 *   tails newest first until the page is certain (every posting newer than the
 *   oldest day read is known). Changing one document's posting rewrites the
 *   head and the one chunk of its day, not the whole list.
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
/** The list of every published document (browsing without a query). */
export const ALL_LIST = 'a:';
/** Postings per tail chunk written in bulk; a chunk is split when it reaches twice this. */
export const CHUNK = 2000;
const LOCK_STALE_MS = 60_000;
const LOCK_GIVE_UP_MS = 90_000;

interface IndexDoc {
  _id: string;
  p?: string;
  n?: number;
  /** Old layout: `k` tail chunks `#1..k` by weight (read, rewritten in the new layout on the next change). */
  k?: number;
  /** Upper bound of the weights in the tail chunks. */
  tw?: number;
  /** Tail chunks, newest first: `no:min day:max day:postings` joined by `,` (FerretDB stores no nested arrays). */
  c?: string;
  /** Day of an owner's postings (its publication day), so a change finds its chunk. */
  d?: number;
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

export interface Chunk {
  no: number;
  min: number;
  max: number;
  n: number;
}

/** Chunks of a head: newest first. An old-layout head gives chunks with unknown day ranges. */
export function chunksOf(head: Pick<IndexDoc, 'c' | 'k'> | null | undefined): Chunk[] & { known: boolean } {
  const out = (head?.c ? head.c.split(',') : []).map((e) => {
    const [no, min, max, n] = e.split(':').map(Number) as [number, number, number, number];
    return { no, min, max, n };
  }) as Chunk[] & { known: boolean };
  out.known = true;
  if (head?.c === undefined && head?.k) {
    for (let i = 1; i <= head.k; i++) out.push({ no: i, min: -Infinity, max: Infinity, n: 0 });
    out.known = false;
  }
  return out;
}

const byDayDesc = (a: Posting, b: Posting) => b.day - a.day || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Lay a whole list out: the HEAD highest weights in the head, the rest by day
 * (newest first) in chunks of about `chunk` postings cut at day boundaries.
 */
export function layoutList(
  postings: Posting[],
  opts: { head?: number; chunk?: number } = {},
): { head: Posting[]; tw: number; chunks: { chunk: Chunk; postings: Posting[] }[] } {
  const headSize = opts.head ?? HEAD;
  const chunkSize = opts.chunk ?? CHUNK;
  const sorted = sortPostings([...postings]);
  const head = sorted.slice(0, headSize);
  const tail = sorted.slice(headSize);
  const tw = tail.length ? tail[0]!.w : 0;
  tail.sort(byDayDesc);
  const chunks: { chunk: Chunk; postings: Posting[] }[] = [];
  let cur: Posting[] = [];
  const flush = () => {
    if (!cur.length) return;
    chunks.push({
      chunk: { no: chunks.length + 1, min: cur[cur.length - 1]!.day, max: cur[0]!.day, n: cur.length },
      postings: cur,
    });
    cur = [];
  };
  for (const p of tail) {
    if (cur.length >= chunkSize && cur[cur.length - 1]!.day !== p.day) flush();
    cur.push(p);
  }
  flush();
  return { head, tw, chunks };
}

/**
 * The chunk a posting of `day` belongs to: the one whose range holds the day,
 * else the smaller of its two neighbours (its range is then widened to the
 * day, so ranges never overlap); -1 when there are no chunks.
 */
export function chunkFor(chunks: Chunk[], day: number): number {
  let newer = -1;
  let older = -1;
  for (let i = 0; i < chunks.length; i++) {
    const c = chunks[i]!;
    if (c.min <= day && day <= c.max) return i;
    if (c.min > day) newer = i;
    else if (older === -1) older = i;
  }
  if (newer === -1) return older;
  if (older === -1) return newer;
  return chunks[newer]!.n <= chunks[older]!.n ? newer : older;
}

/** Split a chunk's postings in two at the day boundary nearest the middle (null: one day only). */
export function splitChunk(postings: Posting[]): [Posting[], Posting[]] | null {
  const sorted = [...postings].sort(byDayDesc);
  const mid = Math.floor(sorted.length / 2);
  for (let d = 0; d <= mid; d++) {
    for (const i of [mid + d, mid - d]) {
      if (i > 0 && i < sorted.length && sorted[i - 1]!.day !== sorted[i]!.day)
        return [sorted.slice(0, i), sorted.slice(i)];
    }
  }
  return null;
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
  // Every published document, weighted by its publication minute: the list browsed newest first.
  const minute = p.publishedAt ? Math.floor(p.publishedAt.getTime() / 60_000) : 0;
  postings.set(ALL_LIST, encodePosting(id, minute, encodeFacets({ ...base, title: false })));
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
    /** Head and chunk sizes (tests use small ones to exercise the tails). */
    readonly sizes: { head: number; chunk: number } = { head: HEAD, chunk: CHUNK },
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

  private enc(list: Posting[]): string {
    return list.map((p) => encodePosting(p.id, p.w, p.facets)).join(';');
  }

  /** Read a whole posting list (head and every chunk). */
  private async readList(key: string): Promise<{ head: IndexDoc | null; list: Posting[] }> {
    const head = await this.get(key);
    if (!head) return { head, list: [] };
    const list = parsePostings(head.p);
    const chunks = await Promise.all(chunksOf(head).map((c) => this.get(`${key}#${c.no}`)));
    for (const c of chunks) list.push(...parsePostings(c?.p));
    return { head, list };
  }

  /** Write a whole list in the current layout, removing the chunks it no longer has. */
  private async writeLayout(key: string, list: Posting[], old: IndexDoc | null): Promise<void> {
    const oldNos = new Set(chunksOf(old).map((c) => c.no));
    if (!list.length) {
      if (old) await this.col.deleteOne({ _id: key } as never);
      for (const no of oldNos) await this.col.deleteOne({ _id: `${key}#${no}` } as never);
      return;
    }
    const l = layoutList(list, this.sizes);
    for (const c of l.chunks) {
      oldNos.delete(c.chunk.no);
      await this.col.replaceOne(
        { _id: `${key}#${c.chunk.no}` } as never,
        { p: this.enc(c.postings) } as never,
        {
          upsert: true,
        },
      );
    }
    for (const no of oldNos) await this.col.deleteOne({ _id: `${key}#${no}` } as never);
    await this.col.replaceOne(
      { _id: key } as never,
      this.headBody(
        list.length,
        l.head,
        l.tw,
        l.chunks.map((c) => c.chunk),
      ) as never,
      {
        upsert: true,
      },
    );
  }

  private headBody(n: number, head: Posting[], tw: number, chunks: Chunk[]) {
    return { n, p: this.enc(head), tw, c: chunks.map((c) => `${c.no}:${c.min}:${c.max}:${c.n}`).join(',') };
  }

  /**
   * Set (or remove, with null) one owner's posting in one list. Caller holds the
   * index lock. Touches the head and the chunk of the posting's day (two when a
   * head posting moves to the tail, and a split); an old-layout list is rewritten whole.
   */
  private async writeList(key: string, id: string, enc: string | null, oldDay: number | undefined) {
    const head = await this.get(key);
    const next = enc === null ? null : parsePostings(enc)[0]!;
    if (!head) {
      if (next) await this.writeLayout(key, [next], null);
      return;
    }
    if (head.c === undefined && head.k) {
      const { list } = await this.readList(key);
      const rest = list.filter((p) => p.id !== id);
      await this.writeLayout(key, next ? [...rest, next] : rest, head);
      return;
    }
    const chunks = chunksOf(head);
    const loaded = new Map<number, Posting[]>();
    const dirty = new Set<number>();
    const load = async (no: number) => {
      let l = loaded.get(no);
      if (!l) loaded.set(no, (l = parsePostings((await this.get(`${key}#${no}`))?.p)));
      return l;
    };
    let n = head.n ?? 0;
    let tw = head.tw ?? 0;
    let hp = parsePostings(head.p);
    let headDirty = false;

    // Remove the old posting: from the head, or from the chunk of its day (every chunk if the day is unknown).
    const at = hp.findIndex((p) => p.id === id);
    if (at >= 0) {
      hp.splice(at, 1);
      n--;
      headDirty = true;
    } else {
      const candidates =
        oldDay === undefined ? chunks : chunks.filter((c) => c.min <= oldDay && oldDay <= c.max);
      for (const c of candidates) {
        const l = await load(c.no);
        const i = l.findIndex((p) => p.id === id);
        if (i < 0) continue;
        l.splice(i, 1);
        c.n--;
        n--;
        dirty.add(c.no);
        break;
      }
    }

    const toTail = async (p: Posting) => {
      let i = chunkFor(chunks, p.day);
      if (i === -1) {
        const no = Math.max(0, ...chunks.map((c) => c.no)) + 1;
        chunks.push({ no, min: p.day, max: p.day, n: 0 });
        chunks.sort((x, y) => y.max - x.max);
        loaded.set(no, []);
        i = chunks.findIndex((c) => c.no === no);
      }
      const c = chunks[i]!;
      (await load(c.no)).push(p);
      c.n++;
      c.min = Math.min(c.min, p.day);
      c.max = Math.max(c.max, p.day);
      tw = Math.max(tw, p.w);
      dirty.add(c.no);
    };

    if (next) {
      n++;
      if (next.w > tw || !chunks.length) {
        hp.push(next);
        headDirty = true;
        if (hp.length > this.sizes.head) {
          hp = sortPostings(hp);
          await toTail(hp.pop()!);
        }
      } else await toTail(next);
    }

    if (n <= 0 && !hp.length && chunks.every((c) => c.n <= 0)) {
      await this.col.deleteOne({ _id: key } as never);
      for (const c of chunks) await this.col.deleteOne({ _id: `${key}#${c.no}` } as never);
      return;
    }
    // Split chunks grown to twice the size; drop empty ones.
    for (const no of [...dirty]) {
      const c = chunks.find((x) => x.no === no)!;
      const l = loaded.get(no)!;
      if (!l.length) {
        chunks.splice(chunks.indexOf(c), 1);
        await this.col.deleteOne({ _id: `${key}#${no}` } as never);
        dirty.delete(no);
        headDirty = true;
        continue;
      }
      const halves = l.length >= 2 * this.sizes.chunk ? splitChunk(l) : null;
      if (!halves) continue;
      const [newer, older] = halves;
      const no2 = Math.max(...chunks.map((x) => x.no)) + 1;
      Object.assign(c, { min: newer[newer.length - 1]!.day, max: newer[0]!.day, n: newer.length });
      chunks.push({ no: no2, min: older[older.length - 1]!.day, max: older[0]!.day, n: older.length });
      chunks.sort((x, y) => y.max - x.max);
      loaded.set(no, newer);
      loaded.set(no2, older);
      dirty.add(no2);
    }
    for (const no of dirty)
      await this.col.replaceOne({ _id: `${key}#${no}` } as never, { p: this.enc(loaded.get(no)!) } as never, {
        upsert: true,
      });
    if (headDirty || dirty.size)
      await this.col.replaceOne(
        { _id: key } as never,
        this.headBody(n, hp, chunks.length ? tw : 0, chunks) as never,
        {
          upsert: true,
        },
      );
  }

  /**
   * Make the postings of one owner (`s:<policy>` / `fs:<faq>`) equal to
   * `wanted`. The state document keeps the owner's postings (hashes) and their
   * day, so only the lists whose posting changed are rewritten, each in place.
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
      const oldDay = typeof state?.d === 'number' ? state.d : undefined;
      await mapLimit(changed, 2, (key) => this.writeList(key, ownerId, wanted.get(key) ?? null, oldDay));
      const first = wanted.values().next().value;
      if (wanted.size)
        await this.col.replaceOne(
          { _id: stateId } as never,
          { e: stateString(wanted), d: first ? (parsePostings(first)[0]?.day ?? 0) : 0 } as never,
          { upsert: true },
        );
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
    return (await this.get('#meta'))?.v === 3;
  }

  async markCurrent(): Promise<void> {
    await this.locked('#index', async () => {
      const meta = await this.get('#meta');
      await this.col.replaceOne({ _id: '#meta' } as never, { count: meta?.count ?? 0, v: 3 } as never, {
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
    const ids = (xs: { _id: Types.ObjectId }[]) => xs.map((x) => String(x._id)).join(',');
    const interpIds = interps.map((i) => i._id);
    const faqIds = faqs.map((f) => f._id);
    if (
      p.interpText !== interpText ||
      p.interpCount !== interps.length ||
      ids((p.interpIds ?? []).map((_id) => ({ _id }))) !== ids(interps) ||
      !p.faqIds ||
      ids(p.faqIds.map((_id) => ({ _id }))) !== ids(faqs)
    )
      await this.m.Policy.updateOne(
        { _id: id },
        { $set: { interpText, interpCount: interps.length, interpIds, faqIds } },
      );
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
        const first = o.postings.values().next().value;
        states.push({
          _id: `${prefix}${o.id}`,
          e: stateString(o.postings),
          d: first ? (parsePostings(first)[0]?.day ?? 0) : 0,
        });
      }
    }
    const t0 = Date.now();
    const phase = (name: string) => this.onPhase?.(name, Date.now() - t0);
    await this.locked('#index', async () => {
      const heads: Record<string, unknown>[] = [];
      const tails = new Map<string, Record<string, unknown>[]>();
      for (const [key, changes] of lists) {
        const l = layoutList(
          [...changes.values()].map((e) => parsePostings(e)[0]!),
          this.sizes,
        );
        const chunks = l.chunks.map((c) => c.chunk);
        heads.push({ _id: key, ...this.headBody(changes.size, l.head, l.tw, chunks) });
        if (l.chunks.length)
          tails.set(
            key,
            l.chunks.map((c) => ({ _id: `${key}#${c.chunk.no}`, p: this.enc(c.postings) })),
          );
      }
      phase(`grouped ${lists.size} lists`);
      const existing = await this.insertAll(heads);
      phase(`inserted ${heads.length - existing.size} new list heads`);
      for (const [key, t] of tails) if (!existing.has(key)) await this.insertAll(t);
      phase('inserted tails');
      // One writer at a time: SQLite has a single write lock, parallel large writes only contend.
      await mapLimit([...existing], 1, async (key) => {
        const changes = lists.get(key)!;
        const { head, list } = await this.readList(key);
        const merged = list.filter((p) => !changes.has(p.id));
        for (const e of changes.values()) merged.push(parsePostings(e)[0]!);
        await this.writeLayout(key, merged, head);
      });
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
   * bonus for covering more of the query, 失效/废止 ranked lower).
   *
   * By relevance: reads the heads of the posting lists, and tail chunks (newest
   * first) only while fewer than `need` hits pass the filter. By date
   * (`byDate`): the hits are the documents holding every term of the query that
   * the index knows (all of them again if none does), and tail chunks are read
   * newest first until `need` hits are certain — newer than the oldest day read
   * in every list — so the first `need` by date are exact. Chunks outside the
   * filter's date range are not read.
   */
  async searchPolicies(
    terms: string[],
    opts: {
      filter?: FacetFilter;
      need?: number;
      byDate?: boolean;
      docNoNorm?: string | null;
      /** Read these lists instead of the terms' (browsing reads ALL_LIST). */
      lists?: string[];
    } = {},
  ): Promise<SearchHit[]> {
    const filter = opts.filter ?? {};
    const need = opts.need ?? 50;
    const keys = opts.lists ?? terms.map((t) => `t:${t}`);
    if (opts.lists) terms = opts.lists;
    const [heads, total, exact] = await Promise.all([
      Promise.all(keys.map((k) => this.get(k))),
      this.publishedCount(),
      opts.docNoNorm ? this.readList(`#d:${opts.docNoNorm}`) : Promise.resolve(null),
    ]);
    const lists = heads.map((h) => parsePostings(h?.p));
    const df = new Map(terms.map((t, i) => [t, heads[i]?.n ?? 0]));
    const known = terms.filter((t) => (df.get(t) ?? 0) > 0).length;
    const run = () => {
      const rows: { t: string; id: string; w: number }[] = [];
      const meta = new Map<string, Posting>();
      const covered = new Map<string, number>();
      lists.forEach((list, i) => {
        for (const p of list) {
          if (!facetsMatch(p, filter)) continue;
          rows.push({ t: terms[i]!, id: p.id, w: p.w });
          meta.set(p.id, p);
          covered.set(p.id, (covered.get(p.id) ?? 0) + 1);
        }
      });
      const scores = opts.lists
        ? new Map(rows.map((x) => [x.id, x.w]))
        : score(rows, terms, Math.max(total, 1), Number.MAX_SAFE_INTEGER, df);
      const exactIds = new Set<string>();
      for (const p of exact?.list ?? []) {
        if (!facetsMatch(p, filter)) continue;
        meta.set(p.id, p);
        exactIds.add(p.id);
        scores.set(p.id, 1_000_000 + (scores.get(p.id) ?? 0));
      }
      const all: SearchHit[] = [];
      const every: SearchHit[] = [];
      for (const [id, s] of scores) {
        const p = meta.get(id)!;
        const validity = validityOf(p);
        const hit = {
          id,
          score: opts.lists ? s : Math.round(s * (VALIDITY_RANK[validity] ?? 1) * 1000) / 1000,
          day: p.day,
          facets: p.facets,
          validity,
        };
        all.push(hit);
        if (exactIds.has(id) || (covered.get(id) ?? 0) >= known) every.push(hit);
      }
      return { all, every };
    };

    // Tail reading state: chunks newest first, skipping those outside the date filter.
    const chunks = heads.map((h) => {
      const all = chunksOf(h);
      if (!all.known) return all;
      return all.filter(
        (c) =>
          (filter.toDay === undefined || c.min <= filter.toDay) &&
          (filter.fromDay === undefined || c.max >= filter.fromDay),
      );
    });
    const read = terms.map(() => 0);
    /** Every posting of list i on this day or later has been read (the unread chunks hold older days). */
    const frontier = (i: number) => {
      const c = chunks[i]!;
      if (read[i]! >= c.length) return -Infinity;
      const next = c[read[i]!]!;
      return Number.isFinite(next.max) ? next.max + 1 : Infinity;
    };
    const readNext = async (i: number) => {
      const c = chunks[i]![read[i]!]!;
      read[i]!++;
      lists[i]!.push(...parsePostings((await this.get(`${keys[i]}#${c.no}`))?.p));
    };

    let r = run();
    for (;;) {
      let todo: number[];
      if (opts.byDate) {
        const f = Math.max(-Infinity, ...terms.map((_, i) => frontier(i)));
        if (f === -Infinity || r.every.filter((h) => h.day >= f).length >= need) break;
        todo = terms.map((_, i) => i).filter((i) => frontier(i) === f && read[i]! < chunks[i]!.length);
      } else {
        if (r.all.length >= need) break;
        todo = terms.map((_, i) => i).filter((i) => read[i]! < chunks[i]!.length);
      }
      if (!todo.length) break;
      await Promise.all(todo.map(readNext));
      r = run();
    }
    if (!opts.byDate) return r.all;
    return r.every.length ? r.every : r.all;
  }

  /**
   * Published documents newest first (by publication minute, then id), with the
   * filter: the ALL_LIST read newest first until the first `need` are certain.
   * `score` carries the publication minute.
   */
  async latest(filter: FacetFilter, need: number): Promise<SearchHit[]> {
    return this.searchPolicies([], { filter, need, byDate: true, lists: [ALL_LIST] });
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
    if (!(await claim('policy-index:layout-v3'))) return 0;
    const published = await this.m.Policy.find({ status: 'published' }, { _id: 1 }).lean();
    for (const p of published) await this.rebuild(p._id);
    const standalone = await this.m.Faq.find({ policyId: null }, { _id: 1 }).lean();
    for (const f of standalone) await this.rebuildFaq(f._id);
    await this.markCurrent();
    return published.length;
  }
}

export { queryTerms };
