/**
 * The statutory deadline of a disclosure request (art. 30, 31, 33 of the 2019 Regulations), as pure
 * functions over the working-day calendar. No Koa, no mongoose.
 */
import {
  addWorkdays,
  anyProvisional,
  sameOrNextWorkday,
  workdaysBetween,
  type WorkCalendar,
} from '../calendar/days';

/** Art. 33: reply within 20 working days of receipt. */
export const REPLY_WORKDAYS = 20;
/** Art. 33: one extension of at most 20 working days. */
export const MAX_EXTENSION_WORKDAYS = 20;
/** Art. 30: the 补正 notice goes out within 7 working days of receipt. */
export const SUPPLEMENT_NOTICE_WORKDAYS = 7;
/** Default time the applicant has to supplement. */
export const DEFAULT_SUPPLEMENT_REPLY_WORKDAYS = 15;
/** Art. 32/34: a consultation pauses the clock for at most 15 working days. */
export const MAX_CONSULTATION_WORKDAYS = 15;
/** `dueSoon` when this many working days or fewer are left. */
export const DUE_SOON_WORKDAYS = 5;

/** Receipt date: the day itself when a working day, else the next working day. */
export function receiptDate(cal: WorkCalendar, submittedOn: string): string {
  return sameOrNextWorkday(cal, submittedOn);
}

/** Fee measures art. 7 (2020): pay within 20 working days of the notice; the clock waits meanwhile. */
export const FEE_PAYMENT_WORKDAYS = 20;

export interface PausePeriod {
  startedOn: string;
  /** null while it runs: it pauses the clock up to `today`. */
  endedOn: string | null;
  /** Cap in working days: 15 for a consultation (default), 20 for an unpaid fee notice. */
  maxDays?: number;
}

/** Working days a pause kept the clock stopped (after its first day, capped). */
export function pausedWorkdays(cal: WorkCalendar, p: PausePeriod, today: string): number {
  const end = p.endedOn ?? today;
  return Math.min(p.maxDays ?? MAX_CONSULTATION_WORKDAYS, workdaysBetween(cal, p.startedOn, end));
}

/** The last day to pay a fee notice sent on `noticeOn`. */
export function feePayBy(cal: WorkCalendar, noticeOn: string): string {
  return addWorkdays(cal, noticeOn, FEE_PAYMENT_WORKDAYS).date;
}

/** The pause a fee notice causes: from the notice until payment (or the end, when it lapsed). */
export function feePause(fee: {
  noticeOn: string;
  paidOn: string | null;
  endedOn?: string | null;
}): PausePeriod {
  return {
    startedOn: fee.noticeOn,
    endedOn: fee.paidOn ?? fee.endedOn ?? null,
    maxDays: FEE_PAYMENT_WORKDAYS,
  };
}

export interface DeadlineInput {
  receivedOn: string;
  /** Approved extension in working days (0 without one). */
  extensionDays: number;
  pauses: PausePeriod[];
  /** Today in China time. */
  today: string;
}

export interface Deadline {
  receivedOn: string;
  dueOn: string;
  /** Working days after today up to the due date; 0 on the due date; negative once overdue. */
  workingDaysLeft: number;
  dueSoon: boolean;
  overdue: boolean;
  /** Some day counted falls in a year whose holiday notice is not yet published. */
  provisional: boolean;
  pausedDays: number;
}

export function computeDeadline(cal: WorkCalendar, input: DeadlineInput): Deadline {
  const paused = input.pauses.reduce((s, p) => s + pausedWorkdays(cal, p, input.today), 0);
  const total = REPLY_WORKDAYS + input.extensionDays + paused;
  const due = addWorkdays(cal, input.receivedOn, total);
  const overdue = input.today > due.date;
  // Before the receipt date (a weekend submission received on Monday) the full period is left.
  const from = input.today < input.receivedOn ? input.receivedOn : input.today;
  const workingDaysLeft = overdue
    ? -workdaysBetween(cal, due.date, input.today)
    : workdaysBetween(cal, from, due.date);
  return {
    receivedOn: input.receivedOn,
    dueOn: due.date,
    workingDaysLeft,
    dueSoon: !overdue && workingDaysLeft <= DUE_SOON_WORKDAYS,
    overdue,
    provisional: due.provisional || anyProvisional(cal, input.receivedOn, input.receivedOn),
    pausedDays: paused,
  };
}

/** The last day staff may send a 补正 notice (7th working day after receipt). */
export function supplementNoticeLastDay(cal: WorkCalendar, receivedOn: string): string {
  return addWorkdays(cal, receivedOn, SUPPLEMENT_NOTICE_WORKDAYS).date;
}

/** The day a 补正 reply is due: `days` working days after the notice. */
export function supplementDueOn(cal: WorkCalendar, noticeOn: string, days: number): string {
  return addWorkdays(cal, noticeOn, days).date;
}
