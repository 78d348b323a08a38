/**
 * The working-day calendar as pure rules (no Koa, no mongoose).
 *
 * Three sources, in order of precedence:
 * 1. staff overrides per date (an admin enters a new year's State Council notice, or a local change);
 * 2. the official calendar from `chinese-days` (State Council notices, 2004 through 2026), plus
 *    years an admin has marked confirmed after entering their notice as overrides;
 * 3. for any other year a *provisional* calendar: weekends plus the statutory holidays of
 *    《全国年节及纪念日放假办法》 (元旦 1 day, 春节 除夕 to 初三, 清明 1, 劳动节 5/1-5/2, 端午 1,
 *    中秋 1, 国庆 10/1-10/3), without make-up working days, marked provisional.
 *
 * Dates are `YYYY-MM-DD` strings in China time; arithmetic runs on UTC midnights.
 */
import official from 'chinese-days/dist/chinese-days.json';

export interface DayInfo {
  date: string;
  workday: boolean;
  provisional: boolean;
  name?: string;
}

export interface DayOverride {
  date: string;
  workday: boolean;
  name: string;
}

/** What the deadline engine needs from a calendar. */
export interface WorkCalendar {
  day(date: string): DayInfo;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isValidDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
  return d.toISOString().slice(0, 10) === s;
}

export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** The calendar date in China (UTC+8, no daylight saving) of an instant. */
export function chinaDate(t: Date): string {
  return new Date(t.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

const yearOf = (date: string) => Number(date.slice(0, 4));

// ---------- official (chinese-days) ----------

const OFFICIAL_HOLIDAYS = official.holidays as Record<string, string>;
const OFFICIAL_WORKDAYS = official.workdays as Record<string, string>;

/**
 * Corrections to `chinese-days` where it disagrees with a State Council notice. Its 2026 data was
 * checked day by day against 国办发明电〔2025〕7号 (元旦 1/1-1/3, 1/4 上班; 春节 2/15-2/23, 2/14 and
 * 2/28 上班; 清明 4/4-4/6; 劳动节 5/1-5/5, 5/9 上班; 端午 6/19-6/21; 中秋 9/25-9/27; 国庆 10/1-10/7,
 * 9/20 and 10/10 上班) and agrees on every date, so the list is empty; a future disagreement goes here
 * with the notice it follows.
 */
const NOTICE_CORRECTIONS: Record<string, { workday: boolean; name: string }> = {};

/** Years covered by a published notice in `chinese-days`. */
export const OFFICIAL_YEARS: ReadonlySet<number> = new Set(
  Object.keys(OFFICIAL_HOLIDAYS).map((d) => yearOf(d)),
);

const holidayName = (raw: string) => raw.split(',')[1] ?? raw;

function officialDay(date: string): DayInfo {
  const fix = NOTICE_CORRECTIONS[date];
  if (fix) return { date, workday: fix.workday, provisional: false, name: fix.name };
  const work = OFFICIAL_WORKDAYS[date];
  if (work) return { date, workday: true, provisional: false, name: `${holidayName(work)}调休上班` };
  const hol = OFFICIAL_HOLIDAYS[date];
  if (hol) return { date, workday: false, provisional: false, name: holidayName(hol) };
  const wd = weekday(date);
  return { date, workday: wd !== 0 && wd !== 6, provisional: false };
}

// ---------- provisional (statutory holidays, lunar dates computed) ----------

/**
 * 正月初一, 五月初五 and 八月十五 in the Gregorian calendar, 2027-2035 (from the Purple Mountain
 * Observatory's tables; cross-checked against the lunar algorithm shipped in `chinese-days`).
 */
const LUNAR_FESTIVALS: Record<number, { spring: string; dragonBoat: string; midAutumn: string }> = {
  2027: { spring: '2027-02-06', dragonBoat: '2027-06-09', midAutumn: '2027-09-15' },
  2028: { spring: '2028-01-26', dragonBoat: '2028-05-28', midAutumn: '2028-10-03' },
  2029: { spring: '2029-02-13', dragonBoat: '2029-06-16', midAutumn: '2029-09-22' },
  2030: { spring: '2030-02-03', dragonBoat: '2030-06-05', midAutumn: '2030-09-12' },
  2031: { spring: '2031-01-23', dragonBoat: '2031-06-24', midAutumn: '2031-10-01' },
  2032: { spring: '2032-02-11', dragonBoat: '2032-06-12', midAutumn: '2032-09-19' },
  2033: { spring: '2033-01-31', dragonBoat: '2033-06-01', midAutumn: '2033-09-08' },
  2034: { spring: '2034-02-19', dragonBoat: '2034-06-20', midAutumn: '2034-09-27' },
  2035: { spring: '2035-02-08', dragonBoat: '2035-06-10', midAutumn: '2035-09-16' },
};

/** 清明 by the solar-term formula for the 21st century: [Y·0.2422 + 4.81] − [Y/4], Y = year mod 100. */
export function qingming(year: number): string {
  const y = year % 100;
  const day = Math.floor(y * 0.2422 + 4.81) - Math.floor(y / 4);
  return `${year}-04-${String(day).padStart(2, '0')}`;
}

/** The statutory holidays of a year without a notice (date → name). */
export function statutoryHolidays(year: number): Map<string, string> {
  const out = new Map<string, string>();
  const put = (d: string, name: string) => {
    if (!out.has(d)) out.set(d, name);
  };
  const y = String(year);
  put(`${y}-01-01`, '元旦');
  const lunar = LUNAR_FESTIVALS[year];
  if (lunar) {
    for (let i = -1; i <= 2; i++) put(addDays(lunar.spring, i), '春节');
    put(lunar.dragonBoat, '端午节');
    put(lunar.midAutumn, '中秋节');
  }
  put(qingming(year), '清明节');
  put(`${y}-05-01`, '劳动节');
  put(`${y}-05-02`, '劳动节');
  for (const d of ['01', '02', '03']) put(`${y}-10-${d}`, '国庆节');
  return out;
}

const provisionalCache = new Map<number, Map<string, string>>();

function provisionalDay(date: string): DayInfo {
  const year = yearOf(date);
  let hols = provisionalCache.get(year);
  if (!hols) {
    hols = statutoryHolidays(year);
    provisionalCache.set(year, hols);
  }
  const name = hols.get(date);
  if (name) return { date, workday: false, provisional: true, name };
  const wd = weekday(date);
  return { date, workday: wd !== 0 && wd !== 6, provisional: true };
}

/** The calendar at one moment: overrides and confirmed years as staff left them. */
export class CalendarRules implements WorkCalendar {
  private readonly overrides: Map<string, DayOverride>;
  private readonly confirmed: Set<number>;

  constructor(overrides: DayOverride[] = [], confirmedYears: number[] = []) {
    this.overrides = new Map(overrides.map((o) => [o.date, o]));
    this.confirmed = new Set(confirmedYears);
  }

  isProvisionalYear(year: number): boolean {
    return !OFFICIAL_YEARS.has(year) && !this.confirmed.has(year);
  }

  day(date: string): DayInfo {
    const year = yearOf(date);
    const provisional = this.isProvisionalYear(year);
    const o = this.overrides.get(date);
    if (o) return { date, workday: o.workday, provisional, ...(o.name ? { name: o.name } : {}) };
    if (OFFICIAL_YEARS.has(year)) return officialDay(date);
    if (!provisional) {
      // Confirmed by staff: their overrides carry the notice; other days follow the week.
      const wd = weekday(date);
      return { date, workday: wd !== 0 && wd !== 6, provisional: false };
    }
    return provisionalDay(date);
  }

  hasOverride(date: string): boolean {
    return this.overrides.has(date);
  }
}

// ---------- working-day arithmetic ----------

/** The n-th working day after `from` (`from` itself not counted); n = 0 gives `from`. */
export function addWorkdays(
  cal: WorkCalendar,
  from: string,
  n: number,
): { date: string; provisional: boolean } {
  let d = from;
  let left = n;
  let provisional = false;
  while (left > 0) {
    d = addDays(d, 1);
    const info = cal.day(d);
    if (info.provisional) provisional = true;
    if (info.workday) left--;
  }
  return { date: d, provisional };
}

/** `date` when it is a working day, else the next working day. */
export function sameOrNextWorkday(cal: WorkCalendar, date: string): string {
  let d = date;
  while (!cal.day(d).workday) d = addDays(d, 1);
  return d;
}

/** Working days d with from < d ≤ to (0 when to ≤ from). */
export function workdaysBetween(cal: WorkCalendar, from: string, to: string): number {
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (cal.day(d).workday) n++;
  return n;
}

/** Whether any day in [from, to] is provisional. */
export function anyProvisional(cal: WorkCalendar, from: string, to: string): boolean {
  for (let d = from; d <= to; d = addDays(d, 1)) if (cal.day(d).provisional) return true;
  return false;
}

/** Every day of a year. */
export function daysOfYear(cal: WorkCalendar, year: number): DayInfo[] {
  const out: DayInfo[] = [];
  for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) out.push(cal.day(d));
  return out;
}
