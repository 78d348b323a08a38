/**
 * Pure rules of 政务公开讲 reporting: attendance and feedback statistics, grouping of
 * questions asked in advance, phone masking, CSV, reminder times, weekly series.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import type { QuestionGroup, SessionQuestion, SessionStats } from '@zwgk/types';

const BEIJING_OFFSET_MS = 8 * 3600_000;

// ---------- statistics ----------

export interface StatSession {
  id: string;
  title: string;
  organId: string;
  startsAt: Date;
  endsAt: Date;
}
export interface StatBooking {
  sessionId: string;
  checkedIn: boolean;
}
export interface StatFeedback {
  sessionId: string;
  rating: number;
}

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 1000 : null);
const avg = (sum: number, n: number) => (n > 0 ? Math.round((sum / n) * 100) / 100 : null);

/**
 * Attendance and feedback over a set of sessions. `bookings` are the confirmed ones.
 * Attendance rates count only sessions that have ended (before that nobody is a no-show).
 */
export function computeStats(
  sessions: StatSession[],
  bookings: StatBooking[],
  feedback: StatFeedback[],
  organNames: Map<string, string>,
  now: Date,
): SessionStats {
  interface Acc {
    booked: number;
    attended: number;
    endedBooked: number;
    endedAttended: number;
    fbSum: number;
    fbN: number;
  }
  const zero = (): Acc => ({ booked: 0, attended: 0, endedBooked: 0, endedAttended: 0, fbSum: 0, fbN: 0 });
  const per = new Map<string, Acc>(sessions.map((s) => [s.id, zero()]));
  const ended = new Set(sessions.filter((s) => s.endsAt.getTime() <= now.getTime()).map((s) => s.id));
  for (const b of bookings) {
    const a = per.get(b.sessionId);
    if (!a) continue;
    a.booked++;
    if (b.checkedIn) a.attended++;
    if (ended.has(b.sessionId)) {
      a.endedBooked++;
      if (b.checkedIn) a.endedAttended++;
    }
  }
  for (const f of feedback) {
    const a = per.get(f.sessionId);
    if (!a) continue;
    a.fbSum += f.rating;
    a.fbN++;
  }
  const total = zero();
  const organs = new Map<string, Acc & { sessions: number }>();
  const sorted = [...sessions].sort(
    (x, y) => x.startsAt.getTime() - y.startsAt.getTime() || (x.id < y.id ? -1 : 1),
  );
  for (const s of sorted) {
    const a = per.get(s.id)!;
    const o = organs.get(s.organId) ?? { ...zero(), sessions: 0 };
    o.sessions++;
    for (const k of Object.keys(total) as (keyof Acc)[]) {
      total[k] += a[k];
      o[k] += a[k];
    }
    organs.set(s.organId, o);
  }
  return {
    sessions: sessions.length,
    booked: total.booked,
    attended: total.attended,
    noShows: total.endedBooked - total.endedAttended,
    attendanceRate: ratio(total.endedAttended, total.endedBooked),
    feedbackCount: total.fbN,
    feedbackAverage: avg(total.fbSum, total.fbN),
    byOrgan: [...organs.entries()]
      .map(([organId, o]) => ({
        organId,
        organName: organNames.get(organId) ?? '',
        sessions: o.sessions,
        booked: o.booked,
        attended: o.attended,
        attendanceRate: ratio(o.endedAttended, o.endedBooked),
        feedbackAverage: avg(o.fbSum, o.fbN),
      }))
      .sort((a, b) => b.sessions - a.sessions || a.organName.localeCompare(b.organName, 'zh')),
    list: sorted.map((s) => {
      const a = per.get(s.id)!;
      return {
        id: s.id,
        title: s.title,
        startsAt: s.startsAt.toISOString(),
        organName: organNames.get(s.organId) ?? '',
        booked: a.booked,
        attended: a.attended,
        attendanceRate: ended.has(s.id) ? ratio(a.attended, a.booked) : null,
        feedbackAverage: avg(a.fbSum, a.fbN),
      };
    }),
  };
}

/** `YYYY-MM-DD` (Beijing) → the UTC instant the day starts. */
export function beijingDayStart(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}

/** `YYYY-MM` (Beijing) → [start, end) as UTC instants. */
export function beijingMonthRange(month: string): { from: Date; to: Date } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const from = new Date(Date.UTC(y, m - 1, 1) - BEIJING_OFFSET_MS);
  const to = new Date(Date.UTC(y, m, 1) - BEIJING_OFFSET_MS);
  return { from, to };
}

/** The months from `from` to `to` inclusive, `YYYY-MM`. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    if (++m > 12) {
      m = 1;
      y++;
    }
    if (out.length > 120) break;
  }
  return out;
}

/** The Beijing month `YYYY-MM` of an instant. */
export function beijingMonth(d: Date): string {
  return new Date(d.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 7);
}

// ---------- reminders ----------

/**
 * When to remind a booking: 09:00 Beijing time the day before the start (or at once
 * if that has passed), and one hour before the start. A reminder already past the
 * start is dropped.
 */
export function reminderTimes(startsAt: Date, now: Date): { day: Date | null; hour: Date | null } {
  const start = startsAt.getTime();
  const b = new Date(start + BEIJING_OFFSET_MS);
  const dayBefore9 = Date.UTC(b.getUTCFullYear(), b.getUTCMonth(), b.getUTCDate() - 1, 9) - BEIJING_OFFSET_MS;
  const t = now.getTime();
  const hourBefore = start - 3600_000;
  let day: Date | null = new Date(Math.max(dayBefore9, t));
  // Booked within the last hour before the start: the hour reminder covers it.
  if (day.getTime() >= hourBefore) day = null;
  const hour = t < start ? new Date(Math.max(hourBefore, t)) : null;
  return { day, hour };
}

// ---------- series ----------

/** Instants of a weekly series: the first and then every 7 days (N in all). */
export function weeklyStarts(first: Date, weeks: number): Date[] {
  return Array.from({ length: weeks }, (_, i) => new Date(first.getTime() + i * 7 * 86400_000));
}

// ---------- exports ----------

/** 13812345678 → 138****5678. Anything else is masked but for its last two characters. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  if (/^1\d{10}$/.test(phone)) return `${phone.slice(0, 3)}****${phone.slice(7)}`;
  return phone.length > 2 ? `${'*'.repeat(phone.length - 2)}${phone.slice(-2)}` : '**';
}

/** RFC 4180 CSV with a UTF-8 BOM (so Excel opens Chinese correctly); formula-leading cells are quoted with '. */
export function toCsv(rows: (string | number | null)[][]): string {
  const cell = (v: string | number | null) => {
    let s = v === null ? '' : String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `\uFEFF${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

/** "2026-12-03 14:02" in Beijing time. */
export function beijingDateTime(d: Date | null): string {
  if (!d) return '';
  return new Date(d.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

// ---------- questions ----------

let jieba: Jieba | null = null;
function segmenter(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

const QUESTION_STOPWORDS = new Set(
  (
    '的 了 和 与 及 是 在 对 等 或 我 我们 你 您 他 她 怎么 怎么办 怎样 如何 什么 哪些 哪里 哪个 可以 能否 能不能 是否 有没有 ' +
    '需要 一下 请问 以及 关于 有关 相关 这个 那个 这些 如果 还是 还有 现在 今年 明年 可能 应该 已经 没有 时候 问题 情况 政策 ' +
    '一个 什么样 多少 为什么 吗 呢 吧 啊 能 会 要 想 去 有 就 都 也 还 但 被 让 给 把 从 到 为 以 而 很 最 多 该 其'
  ).split(' '),
);

/** The meaningful words of a question (2+ characters, no stopwords). */
export function questionKeywords(text: string): string[] {
  const words = segmenter().cut(text, true);
  const out = new Set<string>();
  for (const w of words) {
    const t = w.trim().toLowerCase();
    if (t.length < 2 || QUESTION_STOPWORDS.has(t) || /^[\p{P}\p{S}\d\s]+$/u.test(t)) continue;
    out.add(t);
  }
  return [...out];
}

/**
 * Group questions by shared keywords: repeatedly take the keyword shared by the
 * most ungrouped questions (2 or more) as a group; the rest go to 其他问题.
 * Groups are ordered by size, questions inside by time.
 */
export function groupQuestions(questions: SessionQuestion[]): QuestionGroup[] {
  const words = new Map(questions.map((q) => [q.id, questionKeywords(q.text)]));
  let left = [...questions];
  const groups: QuestionGroup[] = [];
  for (let guard = 0; guard < 50 && left.length > 1; guard++) {
    const df = new Map<string, number>();
    for (const q of left) for (const w of words.get(q.id)!) df.set(w, (df.get(w) ?? 0) + 1);
    const best = [...df.entries()]
      .filter(([, n]) => n >= 2)
      .sort((a, b) => b[1] - a[1] || b[0].length - a[0].length || a[0].localeCompare(b[0]))[0]?.[0];
    if (!best) break;
    const inGroup = left.filter((q) => words.get(q.id)!.includes(best));
    // Other keywords most of the group shares, for a fuller label.
    const co = new Map<string, number>();
    for (const q of inGroup)
      for (const w of words.get(q.id)!) if (w !== best) co.set(w, (co.get(w) ?? 0) + 1);
    const shared = [...co.entries()]
      .filter(([, n]) => n >= Math.max(2, Math.ceil(inGroup.length * 0.6)))
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 2)
      .map(([w]) => w);
    groups.push({ label: [best, ...shared].join(' · '), keywords: [best, ...shared], items: inGroup });
    left = left.filter((q) => !inGroup.includes(q));
  }
  groups.sort((a, b) => b.items.length - a.items.length);
  if (left.length) groups.push({ label: '其他问题', keywords: [], items: left });
  for (const g of groups) g.items.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return groups;
}
