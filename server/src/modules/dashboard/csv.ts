/** CSV for the dashboard's tables: UTF-8 with BOM (Excel opens it in Chinese), CRLF, RFC 4180 quoting. */
export type Cell = string | number | null | undefined;

/** A cell as text; a leading = + - @ is neutralised so a spreadsheet never runs it as a formula. */
export function csvCell(v: Cell): string {
  if (v === null || v === undefined) return '';
  let s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : v;
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: Cell[][]): string {
  return `\uFEFF${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** 0.8571 → "85.7%"; null → "". */
export function percent(r: number | null | undefined): string {
  return r === null || r === undefined ? '' : `${(Math.round(r * 1000) / 10).toFixed(1)}%`;
}
