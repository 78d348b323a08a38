/**
 * Pure rules of the bulk import: CSV parsing (RFC 4180: quoted fields, doubled
 * quotes, newlines inside quotes, CRLF, a UTF-8 BOM), header mapping (Chinese
 * labels or field names), and the check of one row with Chinese messages.
 * No Koa, no mongoose.
 */
import {
  DateOnlySchema,
  IMPORT_COLUMNS,
  KINDS_NEEDING_INTERPRETATION,
  POLICY_KINDS,
  POLICY_TOPICS,
  POLICY_VALIDITIES,
  normalizeDocNo,
  type ImportColumn,
  type ImportRowError,
  type PolicyKind,
  type PolicyTopic,
  type PolicyValidity,
} from '@zwgk/types';

export function parseCsv(text: string): string[][] {
  const s = text.replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw new Error('CSV_UNTERMINATED');
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const LABEL_TO_KEY = new Map<string, ImportColumn>(
  IMPORT_COLUMNS.flatMap((c) => [
    [c.label, c.key],
    [c.key.toLowerCase(), c.key],
  ]),
);

export interface RawRow {
  /** Row number as the user sees it (CSV: line of the file, header = 1; JSON: index + 1). */
  row: number;
  values: Record<string, unknown>;
}

/** Rows of a CSV text keyed by column; unknown headers are reported. */
export function csvRows(text: string): { rows: RawRow[]; errors: ImportRowError[] } {
  let table: string[][];
  try {
    table = parseCsv(text);
  } catch {
    return { rows: [], errors: [{ row: 0, field: null, message: 'CSV 格式错误：有未闭合的引号' }] };
  }
  // Physical line numbers: a quoted field may span lines, so count them.
  const header = table[0]?.map((h) => h.trim()) ?? [];
  if (!header.length || header.every((h) => !h))
    return { rows: [], errors: [{ row: 1, field: null, message: 'CSV 缺少表头' }] };
  const errors: ImportRowError[] = [];
  const keys = header.map((h) => LABEL_TO_KEY.get(h) ?? LABEL_TO_KEY.get(h.toLowerCase()) ?? null);
  header.forEach((h, i) => {
    if (h && !keys[i]) errors.push({ row: 1, field: h, message: `无法识别的列“${h}”` });
  });
  for (const c of IMPORT_COLUMNS)
    if (c.required && !keys.includes(c.key))
      errors.push({ row: 1, field: c.label, message: `缺少必填列“${c.label}”` });
  const rows: RawRow[] = [];
  let line = lineSpan(table[0]!);
  for (const cells of table.slice(1)) {
    const at = line + 1;
    line += lineSpan(cells);
    if (cells.every((c) => !c.trim())) continue;
    const values: Record<string, unknown> = {};
    cells.forEach((c, i) => {
      const k = keys[i];
      if (k) values[k] = c;
    });
    rows.push({ row: at, values });
  }
  return { rows, errors };
}

const lineSpan = (cells: string[]) =>
  1 + cells.reduce((n, c) => n + (c.match(/\r\n|\r|\n/g)?.length ?? 0), 0);

export interface ImportRow {
  row: number;
  title: string;
  docNo: string | null;
  docNoNorm: string | null;
  indexNo: string | null;
  writtenAt: string;
  publishedAt: string | null;
  category: string;
  topics: PolicyTopic[];
  kind: PolicyKind;
  validity: PolicyValidity;
  needsInterpretation: boolean;
  body: string;
  interpretation: null | {
    title: string;
    purpose: string;
    content: string;
    scope: string;
    process: string;
  };
}

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v).trim());
const INDEX_RE = /^[0-9A-Za-z]{6,20}\/\d{4}-\d{5}$/;

/** Check one row; `publish` adds the rules of a published import (date, interpretation). */
export function checkRow(
  raw: RawRow,
  publish: boolean,
): { value: ImportRow | null; errors: ImportRowError[] } {
  const v = raw.values;
  const errors: ImportRowError[] = [];
  const err = (field: ImportColumn | null, message: string) =>
    errors.push({
      row: raw.row,
      field: field ? (IMPORT_COLUMNS.find((c) => c.key === field)?.label ?? field) : null,
      message,
    });
  const title = str(v.title);
  if (title.length < 5) err('title', '标题至少5个字');
  else if (title.length > 150) err('title', '标题不超过150个字');
  const docNo = str(v.docNo) || null;
  if (docNo && docNo.length > 60) err('docNo', '发文字号不超过60个字');
  const indexNo = str(v.indexNo) || null;
  if (indexNo && !INDEX_RE.test(indexNo)) err('indexNo', '索引号格式应如 000014349/2023-00222');
  const writtenAt = str(v.writtenAt);
  if (!DateOnlySchema.safeParse(writtenAt).success)
    err('writtenAt', '成文日期应为 YYYY-MM-DD 格式的有效日期');
  const publishedAt = str(v.publishedAt) || null;
  if (publishedAt && !DateOnlySchema.safeParse(publishedAt).success)
    err('publishedAt', '发布日期应为 YYYY-MM-DD 格式的有效日期');
  if (publishedAt && !publish) err('publishedAt', '导入为草稿时不填发布日期（发布日期在审查通过时确定）');
  if (publish && !publishedAt) err('publishedAt', '作为已发布文件导入时须填写发布日期');
  if (publishedAt && writtenAt && publishedAt < writtenAt) err('publishedAt', '发布日期不能早于成文日期');
  const category = str(v.category);
  if (category.length < 2 || category.length > 60) err('category', '请填写主题分类（2至60个字）');
  const topicsRaw = Array.isArray(v.topics)
    ? v.topics.map(str)
    : str(v.topics)
        .split(/[;；,，、\s]+/)
        .filter(Boolean);
  const topics: PolicyTopic[] = [];
  for (const t of topicsRaw) {
    if ((POLICY_TOPICS as readonly string[]).includes(t)) topics.push(t as PolicyTopic);
    else err('topics', `主题“${t}”不在可选范围内（${POLICY_TOPICS.join('、')}）`);
  }
  if (topics.length > 5) err('topics', '最多选择5个主题');
  const kind = str(v.kind);
  if (!(POLICY_KINDS as readonly string[]).includes(kind))
    err('kind', `文件类型应为 ${POLICY_KINDS.join('、')} 之一`);
  const validity = str(v.validity) || '有效';
  if (!(POLICY_VALIDITIES as readonly string[]).includes(validity))
    err('validity', `有效性应为 ${POLICY_VALIDITIES.join('、')} 之一`);
  if (!publish && validity !== '有效') err('validity', '导入为草稿的文件有效性只能为“有效”');
  const ni = str(v.needsInterpretation);
  const needsInterpretation = ['是', 'true', '1', 'y', 'yes'].includes(ni.toLowerCase());
  if (ni && !needsInterpretation && !['否', 'false', '0', 'n', 'no'].includes(ni.toLowerCase()))
    err('needsInterpretation', '需同步解读请填写“是”或“否”');
  const body = str(v.body);
  if (body.length < 20) err('body', '正文至少20个字');
  else if (body.length > 200000) err('body', '正文过长');
  const interp = {
    title: str(v.interpTitle),
    purpose: str(v.interpPurpose),
    content: str(v.interpContent),
    scope: str(v.interpScope),
    process: str(v.interpProcess),
  };
  const hasInterp = Object.values(interp).some(Boolean);
  if (hasInterp) {
    if (interp.title.length < 4) err('interpTitle', '解读标题至少4个字');
    for (const k of ['purpose', 'content', 'scope'] as const)
      if (interp[k].length < 10)
        err(
          `interp${k[0]!.toUpperCase()}${k.slice(1)}` as ImportColumn,
          '出台目的、主要内容、适用范围每部分至少10个字',
        );
  }
  const needs = needsInterpretation || KINDS_NEEDING_INTERPRETATION.includes(kind as PolicyKind);
  if (publish && needs && !hasInterp)
    err(
      'interpTitle',
      '规章、规划、行政规范性文件及需同步解读的文件须与政策解读同步发布：请填写解读标题、出台目的、主要内容、适用范围',
    );
  if (errors.length) return { value: null, errors };
  return {
    errors,
    value: {
      row: raw.row,
      title,
      docNo,
      docNoNorm: docNo ? normalizeDocNo(docNo) : null,
      indexNo,
      writtenAt,
      publishedAt,
      category,
      topics: [...new Set(topics)],
      kind: kind as PolicyKind,
      validity: validity as PolicyValidity,
      needsInterpretation,
      body,
      interpretation: hasInterp ? interp : null,
    },
  };
}

/** Rows that repeat a 文号 or 索引号 of an earlier row of the same import. */
export function duplicatesWithin(rows: ImportRow[]): ImportRowError[] {
  const errors: ImportRowError[] = [];
  const seenDoc = new Map<string, number>();
  const seenIdx = new Map<string, number>();
  for (const r of rows) {
    if (r.docNoNorm) {
      const first = seenDoc.get(r.docNoNorm);
      if (first) errors.push({ row: r.row, field: '发文字号', message: `发文字号与第${first}行重复` });
      else seenDoc.set(r.docNoNorm, r.row);
    }
    if (r.indexNo) {
      const first = seenIdx.get(r.indexNo);
      if (first) errors.push({ row: r.row, field: '索引号', message: `索引号与第${first}行重复` });
      else seenIdx.set(r.indexNo, r.row);
    }
  }
  return errors;
}
