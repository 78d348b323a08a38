/** Pure rules of the consultation window: timeliness and the figures of the dashboard. */
import type { ConsultationStatus, ConsultationTopic, Rating } from '@zwgk/types';
import { CONSULTATION_TOPICS, RATINGS } from '@zwgk/types';

/** Waiting for staff: a new question or a follow-up. */
export function isOpen(status: ConsultationStatus): boolean {
  return status === 'pending' || status === 'followup';
}

/**
 * Overdue: still waiting after the promised day has ended (China date `today` later than `dueOn`).
 * A question answered late is not "overdue" any more, but it counts as not on time.
 */
export function isOverdue(status: ConsultationStatus, dueOn: string, today: string): boolean {
  return isOpen(status) && today > dueOn;
}

export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export interface StatsRow {
  topic: ConsultationTopic;
  status: ConsultationStatus;
  dueOn: string;
  answerOn: string | null;
  answerWorkdays: number | null;
  rating: Rating | null;
}

export interface StatsFigures {
  total: number;
  byTopic: { topic: ConsultationTopic; count: number }[];
  answered: number;
  onTimeAnswered: number;
  medianReplyWorkdays: number | null;
  satisfaction: {
    rated: number;
    满意: number;
    基本满意: number;
    不满意: number;
    satisfiedShare: number | null;
  };
  overdue: number;
}

export function statsOf(rows: readonly StatsRow[], today: string): StatsFigures {
  const byTopic = new Map<ConsultationTopic, number>(CONSULTATION_TOPICS.map((t) => [t, 0]));
  const sat = { 满意: 0, 基本满意: 0, 不满意: 0 } as Record<Rating, number>;
  const replyDays: number[] = [];
  let answered = 0;
  let onTime = 0;
  let overdue = 0;
  for (const r of rows) {
    byTopic.set(r.topic, (byTopic.get(r.topic) ?? 0) + 1);
    if (r.answerOn !== null) {
      answered++;
      if (r.answerOn <= r.dueOn) onTime++;
      if (r.answerWorkdays !== null) replyDays.push(r.answerWorkdays);
    }
    if (r.rating) sat[r.rating]++;
    if (isOverdue(r.status, r.dueOn, today)) overdue++;
  }
  const rated = RATINGS.reduce((n, k) => n + sat[k], 0);
  const m = median(replyDays);
  return {
    total: rows.length,
    byTopic: [...byTopic].map(([topic, count]) => ({ topic, count })),
    answered,
    onTimeAnswered: onTime,
    medianReplyWorkdays: m,
    satisfaction: {
      rated,
      ...sat,
      satisfiedShare: rated ? Math.round(((sat.满意 + sat.基本满意) / rated) * 1000) / 1000 : null,
    },
    overdue,
  };
}
