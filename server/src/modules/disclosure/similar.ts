/**
 * 重复申请 hint, pure: how alike two requests' wording is. Chinese has no spaces, so a text becomes
 * the set of its CJK character pairs (bigrams) plus its Latin/number words; two requests are alike
 * when their document numbers are the same, or their titles share most pairs, or their whole
 * wording overlaps enough.
 */

/** Pairs that say nothing about the subject of a request. */
const STOP = new Set([
  '请提',
  '提供',
  '供本',
  '公开',
  '申请',
  '相关',
  '有关',
  '信息',
  '政府',
  '府信',
  '的相',
  '关信',
  '以及',
  '情况',
  '内容',
]);

const BRACKETS = /[〔〕[\]()（）【】\s]/g;

export function normalizeDocNumber(s: string | null | undefined): string {
  return (s ?? '').replace(BRACKETS, '').toUpperCase();
}

export function terms(text: string): Set<string> {
  const out = new Set<string>();
  const lower = text.toLowerCase();
  for (const run of lower.match(/[\u4e00-\u9fff]+/g) ?? []) {
    if (run.length === 1) out.add(run);
    for (let i = 0; i + 1 < run.length; i++) {
      const bi = run.slice(i, i + 2);
      if (!STOP.has(bi)) out.add(bi);
    }
  }
  for (const w of lower.match(/[a-z0-9]+/g) ?? []) if (w.length >= 2) out.add(w);
  return out;
}

function overlap(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  let n = 0;
  for (const t of a) if (b.has(t)) n++;
  return n / Math.min(a.size, b.size);
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  let n = 0;
  for (const t of a) if (b.has(t)) n++;
  return n / (a.size + b.size - n);
}

export interface Wording {
  title: string;
  documentNumber: string | null;
  description: string;
}

export const TITLE_THRESHOLD = 0.6;
export const TEXT_THRESHOLD = 0.3;

/** A score in [0, 1]; `similar` when it reaches the thresholds above (same 文号 = 1). */
export function similarity(a: Wording, b: Wording): { score: number; similar: boolean } {
  const na = normalizeDocNumber(a.documentNumber);
  if (na && na === normalizeDocNumber(b.documentNumber)) return { score: 1, similar: true };
  const title = overlap(terms(a.title), terms(b.title));
  const text = jaccard(terms(`${a.title} ${a.description}`), terms(`${b.title} ${b.description}`));
  const similar = title >= TITLE_THRESHOLD || text >= TEXT_THRESHOLD;
  return { score: Math.round(Math.max(title, text) * 100) / 100, similar };
}
