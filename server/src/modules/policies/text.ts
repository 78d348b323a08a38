/**
 * Pure text rules of the policy library: safe rich text, Chinese segmentation
 * for the inverted index, highlighting and snippets. No Koa, no mongoose.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';

const ALLOWED_TAGS = new Set([
  'p',
  'br',
  'h3',
  'h4',
  'strong',
  'b',
  'em',
  'i',
  'u',
  'ol',
  'ul',
  'li',
  'blockquote',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'span',
  'div',
]);
const VOID_TAGS = new Set(['br']);
/** Elements dropped together with everything inside them. */
const DROP_WITH_CONTENT =
  /<(script|style|iframe|object|embed|noscript|template|svg|math|textarea|select|title|head)\b[\s\S]*?<\/\1\s*>/gi;
const TAG_RE = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
const ENTITY_RE = /&(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});/y;

/** Text between tags: keep valid entities, escape every other `&`, `<` and `>`. */
function safeText(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '&') {
      ENTITY_RE.lastIndex = i;
      const m = ENTITY_RE.exec(text);
      if (m) {
        out += m[0];
        i += m[0].length - 1;
      } else out += '&amp;';
    } else if (c === '<') out += '&lt;';
    else if (c === '>') out += '&gt;';
    else if (c === '"') out += '&quot;';
    else out += c;
  }
  return out;
}

/**
 * Keep the structure of a government document, drop everything that could run
 * or track: an allowlist of bare tags (no attributes except numeric
 * colspan/rowspan on table cells), script-like elements removed with their
 * content, comments removed, all other text escaped, and tags balanced.
 *
 * (sanitize-html 2.18 depends on htmlparser2 12, which is ESM-only and cannot
 * be loaded by the repository's CommonJS jest transform; this allowlist
 * sanitizer has no such dependency and produces markup without attributes.)
 */
export function sanitizeBody(html: string): string {
  const input = /<\/?[a-z][\s\S]*>/i.test(html) ? html : plainToHtml(html);
  const cleaned = input
    .replace(/<!--[\s\S]*?(-->|$)/g, '')
    .replace(/<!\[CDATA\[[\s\S]*?(\]\]>|$)/g, '')
    .replace(/<!doctype[^>]*>/gi, '')
    .replace(DROP_WITH_CONTENT, '');
  const open: string[] = [];
  let out = '';
  let last = 0;
  for (const m of cleaned.matchAll(TAG_RE)) {
    out += safeText(cleaned.slice(last, m.index));
    last = m.index + m[0].length;
    const closing = m[1] === '/';
    const tag = m[2]!.toLowerCase();
    if (!ALLOWED_TAGS.has(tag)) continue;
    if (VOID_TAGS.has(tag)) {
      if (!closing) out += `<${tag} />`;
      continue;
    }
    if (closing) {
      const at = open.lastIndexOf(tag);
      if (at < 0) continue;
      while (open.length > at) out += `</${open.pop()}>`;
      continue;
    }
    let attrs = '';
    if (tag === 'td' || tag === 'th') {
      for (const a of (m[3] ?? '').matchAll(/\b(colspan|rowspan)\s*=\s*["']?(\d{1,2})["']?/gi))
        attrs += ` ${a[1]!.toLowerCase()}="${a[2]}"`;
    }
    open.push(tag);
    out += `<${tag}${attrs}>`;
  }
  out += safeText(cleaned.slice(last));
  while (open.length) out += `</${open.pop()}>`;
  return out.trim();
}

/** Plain text typed without tags: one paragraph per line. */
export function plainToHtml(text: string): string {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => `<p>${escapeHtml(l)}</p>`)
    .join('');
}

/** Text content of sanitized HTML, paragraphs separated by newlines. */
export function htmlToText(html: string): string {
  return html
    .replace(/<\/(p|h3|h4|li|tr|div|blockquote)>/gi, '\n')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n+/g, '\n')
    .trim();
}

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

let jieba: Jieba | null = null;
function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

/** Words that carry no meaning for search. */
const STOPWORDS = new Set([
  '的',
  '了',
  '和',
  '与',
  '及',
  '是',
  '在',
  '对',
  '等',
  '或',
  '我',
  '我们',
  '你',
  '您',
  '怎么',
  '怎么办',
  '怎样',
  '如何',
  '什么',
  '哪些',
  '哪里',
  '可以',
  '能否',
  '能不能',
  '是否',
  '有没有',
  '需要',
  '一下',
  '请问',
  '以及',
  '关于',
  '进一步',
  '有关',
  '相关',
  '工作',
  '通知',
]);

const TOKEN_RE = /^[\p{Script=Han}A-Za-z0-9]+$/u;

/**
 * Search-mode segmentation (jieba cutForSearch): a long word also yields its
 * parts (城乡居民基本养老保险 → 城乡居民, 养老, 保险, 养老保险 …). Tokens of one
 * character, punctuation and stopwords are dropped; Latin letters are lower-cased.
 */
export function tokenize(text: string): string[] {
  if (!text) return [];
  const out: string[] = [];
  for (const raw of segmenter().cutForSearch(text, true)) {
    const t = raw.trim().toLowerCase();
    if (t.length < 2 || !TOKEN_RE.test(t) || STOPWORDS.has(t)) continue;
    out.push(t);
  }
  return out;
}

/** Distinct query terms, in the order typed. */
export function queryTerms(q: string): string[] {
  return [...new Set(tokenize(q))];
}

/** Term frequencies of a text. */
export function termFrequencies(text: string): Map<string, number> {
  const tf = new Map<string, number>();
  for (const t of tokenize(text)) tf.set(t, (tf.get(t) ?? 0) + 1);
  return tf;
}

function termRegex(terms: string[]): RegExp | null {
  const list = [...new Set(terms.filter(Boolean))].sort((a, b) => b.length - a.length);
  if (!list.length) return null;
  return new RegExp(list.map((t) => escapeHtml(t).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi');
}

/** Escaped text with each matched term wrapped in <em>. */
export function highlight(text: string, terms: string[]): string {
  const escaped = escapeHtml(text);
  const re = termRegex(terms);
  // Adjacent matches (零工 + 市场) read as one highlighted phrase.
  return re ? escaped.replace(re, (m) => `<em>${m}</em>`).replace(/<\/em><em>/g, '') : escaped;
}

/**
 * A short passage around the first match of the longest term (or the opening
 * of the text), escaped, with matched terms highlighted.
 */
export function snippet(texts: string[], terms: string[], size = 90): string {
  const sorted = [...terms].sort((a, b) => b.length - a.length);
  for (const text of texts) {
    if (!text) continue;
    const flat = text.replace(/\s+/g, ' ');
    const lower = flat.toLowerCase();
    for (const t of sorted) {
      const at = lower.indexOf(t.toLowerCase());
      if (at < 0) continue;
      const start = Math.max(0, at - Math.floor(size / 3));
      const end = Math.min(flat.length, start + size);
      const piece = flat.slice(start, end);
      return `${start > 0 ? '…' : ''}${highlight(piece, terms)}${end < flat.length ? '…' : ''}`;
    }
  }
  const first = (texts.find(Boolean) ?? '').replace(/\s+/g, ' ');
  return highlight(first.slice(0, size), terms) + (first.length > size ? '…' : '');
}
