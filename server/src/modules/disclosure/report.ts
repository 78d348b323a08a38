/**
 * Annual report table 三 (国办公开办函〔2021〕30号), pure: rows and columns exactly as the template,
 * and the check 一 + 二 = 三(七) + 四 for every column.
 */
import {
  ANSWER_KINDS,
  REMEDY_RESULT_LABELS,
  REMEDY_RESULTS,
  REPORT_COLUMNS,
  type AnswerKind,
  type OrgType,
  type RemedyKind,
  type RemedyResult,
  type ReportColumn,
} from '@zwgk/types';

export interface ReportInput {
  kind: 'natural' | 'organization';
  orgType: OrgType | null;
  submittedOn: string;
  concludedOn: string | null;
  outcome: AnswerKind | null;
}

export interface ReportRow {
  key: string;
  label: string;
  level: number;
  values: Record<ReportColumn, number>;
}

const GROUPS: { key: string; label: string; kinds: AnswerKind[] }[] = [];
for (const [k, v] of Object.entries(ANSWER_KINDS) as [AnswerKind, (typeof ANSWER_KINDS)[AnswerKind]][]) {
  let g = GROUPS.find((x) => x.label === v.group);
  if (!g) {
    g = { key: k.split('_')[0]!, label: v.group, kinds: [] };
    GROUPS.push(g);
  }
  g.kinds.push(k);
}

/**
 * The few fields of a request the annual report needs, kept as a small document of its own
 * (`disclosure_facts`, `_id` = request id). FerretDB decodes every document a query scans, so the
 * report scans these (~100 bytes) instead of the requests (~1–2 KB with their timelines).
 */
export interface ReportFact {
  _id: string;
  /** organ id */
  o: string;
  /** column of table 三 */
  c: Exclude<ReportColumn, 'total'>;
  /** submitted on */
  s: string;
  /** concluded on */
  e: string | null;
  /** outcome (answer kind) */
  k: AnswerKind | null;
}

export function factOf(r: ReportInput & { id: string; organId: string }): ReportFact {
  return { _id: r.id, o: r.organId, c: columnOf(r), s: r.submittedOn, e: r.concludedOn, k: r.outcome };
}

export function inputOfFact(f: Pick<ReportFact, 'c' | 's' | 'e' | 'k'>): ReportInput {
  return f.c === 'natural'
    ? { kind: 'natural', orgType: null, submittedOn: f.s, concludedOn: f.e, outcome: f.k }
    : { kind: 'organization', orgType: f.c, submittedOn: f.s, concludedOn: f.e, outcome: f.k };
}

export function columnOf(r: Pick<ReportInput, 'kind' | 'orgType'>): Exclude<ReportColumn, 'total'> {
  return r.kind === 'natural' ? 'natural' : (r.orgType ?? 'other');
}

const zero = (): Record<ReportColumn, number> =>
  Object.fromEntries(REPORT_COLUMNS.map((c) => [c.key, 0])) as Record<ReportColumn, number>;

export function buildTable3(year: number, requests: ReportInput[]) {
  const start = `${year}-01-01`;
  const end = `${year}-12-31`;
  const prevEnd = `${year - 1}-12-31`;
  const isOpenAt = (r: ReportInput, day: string) =>
    r.submittedOn <= day && (!r.concludedOn || r.concludedOn > day);

  const newRow = zero();
  const carriedIn = zero();
  const carriedOut = zero();
  const byKind = new Map<AnswerKind, Record<ReportColumn, number>>();
  for (const k of Object.keys(ANSWER_KINDS) as AnswerKind[]) byKind.set(k, zero());

  const add = (row: Record<ReportColumn, number>, col: Exclude<ReportColumn, 'total'>) => {
    row[col]++;
    row.total++;
  };
  for (const r of requests) {
    const col = columnOf(r);
    if (r.submittedOn >= start && r.submittedOn <= end) add(newRow, col);
    if (isOpenAt(r, prevEnd)) add(carriedIn, col);
    if (r.concludedOn && r.concludedOn >= start && r.concludedOn <= end && r.outcome)
      add(byKind.get(r.outcome)!, col);
    if (isOpenAt(r, end)) add(carriedOut, col);
  }

  const rows: ReportRow[] = [
    { key: 'new', label: '一、本年新收政府信息公开申请数量', level: 0, values: newRow },
    { key: 'carried_in', label: '二、上年结转政府信息公开申请数量', level: 0, values: carriedIn },
    { key: 'results', label: '三、本年度办理结果', level: 0, values: zero() },
  ];
  const total = zero();
  for (const g of GROUPS) {
    const gv = zero();
    for (const k of g.kinds) for (const c of REPORT_COLUMNS) gv[c.key] += byKind.get(k)![c.key];
    for (const c of REPORT_COLUMNS) total[c.key] += gv[c.key];
    if (g.kinds.length === 1) {
      rows.push({ key: g.kinds[0]!, label: g.label, level: 1, values: gv });
    } else {
      rows.push({ key: g.key, label: g.label, level: 1, values: gv });
      for (const k of g.kinds)
        rows.push({ key: k, label: ANSWER_KINDS[k].label, level: 2, values: byKind.get(k)! });
    }
  }
  rows.push({ key: 'results_total', label: '（七）总计', level: 1, values: total });
  rows.push({ key: 'carried_out', label: '四、结转下年度继续办理', level: 0, values: carriedOut });
  // The heading row 三 carries no numbers of its own in the template; show its total.
  rows[2]!.values = { ...total };

  const columns = REPORT_COLUMNS.map((c) => {
    const left = newRow[c.key] + carriedIn[c.key];
    const right = total[c.key] + carriedOut[c.key];
    return { key: c.key, left, right, ok: left === right };
  });
  return {
    columns: REPORT_COLUMNS.map((c) => ({ key: c.key, label: c.label })),
    rows,
    check: {
      formula: '一 + 二 = 三（七） + 四',
      balanced: columns.every((c) => c.ok),
      columns,
    },
  };
}

export interface RemedyInput {
  kind: RemedyKind;
  filedOn: string;
  result: RemedyResult;
  decidedOn: string | null;
}

export const TABLE4_BLOCKS: { key: RemedyKind; label: string }[] = [
  { key: 'reconsideration', label: '行政复议' },
  { key: 'litigation_direct', label: '行政诉讼：未经复议直接起诉' },
  { key: 'litigation_after_reconsideration', label: '行政诉讼：复议后起诉' },
];

/**
 * Table 四 (行政复议、行政诉讼): a case counts in `year` under its result when it was decided that
 * year, and as 尚未审结 when it was filed by the end of the year and not decided by then.
 */
export function buildTable4(year: number, remedies: RemedyInput[]) {
  const start = `${year}-01-01`;
  const end = `${year}-12-31`;
  const blocks = TABLE4_BLOCKS.map((b) => ({
    key: b.key,
    label: b.label,
    values: { upheld: 0, corrected: 0, other: 0, pending: 0, total: 0 } as Record<
      RemedyResult | 'total',
      number
    >,
  }));
  for (const r of remedies) {
    const block = blocks.find((b) => b.key === r.kind);
    if (!block || r.filedOn > end) continue;
    let col: RemedyResult | null = null;
    if (r.result !== 'pending' && r.decidedOn && r.decidedOn >= start && r.decidedOn <= end) col = r.result;
    else if (r.result === 'pending' || (r.decidedOn && r.decidedOn > end)) col = 'pending';
    if (!col) continue;
    block.values[col]++;
    block.values.total++;
  }
  return {
    columns: [
      ...REMEDY_RESULTS.map((k) => ({ key: k, label: REMEDY_RESULT_LABELS[k] })),
      { key: 'total', label: '总计' },
    ],
    blocks,
  };
}
