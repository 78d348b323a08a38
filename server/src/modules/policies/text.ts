/**
 * Pure text rules of the policy library: safe rich text, Chinese segmentation
 * for the inverted index, highlighting and snippets. No Koa, no mongoose.
 */
import { Jieba } from '@node-rs/jieba';
import sanitizeHtml from 'sanitize-html';
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
/** Elements dropped together with everything inside them. */
const DROP_WITH_CONTENT = [
  'script',
  'style',
  'iframe',
  'object',
  'embed',
  'noscript',
  'template',
  'svg',
  'math',
  'textarea',
  'select',
  'option',
  'title',
  'head',
];

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [...ALLOWED_TAGS],
  // Only numeric colspan/rowspan on table cells; no styles, classes, links or images.
  allowedAttributes: { td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] },
  allowedSchemes: [],
  nonTextTags: DROP_WITH_CONTENT,
  disallowedTagsMode: 'discard',
  selfClosing: ['br'],
  transformTags: {
    td: cellSpans,
    th: cellSpans,
  },
  // A stray closing tag parses as an empty element: drop empty paragraphs.
  exclusiveFilter: (frame) => frame.tag === 'p' && !frame.text.trim() && !frame.mediaChildren.length,
};

function cellSpans(tagName: string, attribs: sanitizeHtml.Attributes) {
  const kept: sanitizeHtml.Attributes = {};
  for (const a of ['colspan', 'rowspan']) if (/^\d{1,2}$/.test(attribs[a] ?? '')) kept[a] = attribs[a]!;
  return { tagName, attribs: kept };
}

/**
 * Keep the structure of a government document, drop everything that could run
 * or track (sanitize-html with an allowlist of bare tags): script-like elements
 * go with their content, comments go, all other text is escaped, tags balanced.
 */
export function sanitizeBody(html: string): string {
  const input = /<\/?[a-z][\s\S]*>/i.test(html) ? html : plainToHtml(html);
  return sanitizeHtml(input, SANITIZE).trim();
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
