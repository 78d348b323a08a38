/** 政策咨询: typed calls over apiRequest, and the pages that belong to it. */
import type {
  Consultation,
  ConsultationCreate,
  ConsultationListItem,
  ConsultationRoute,
  ConsultationTopic,
  PublishedQa,
  Rating,
} from '@zwgk/types';
import { apiRequest } from './http';

export const CONSULT_ROUTES = {
  ask: '/pages/consult-ask/index',
  mine: '/pages/consult-mine/index',
  detail: '/pages/consult-detail/index',
  published: '/pages/consult-public/index',
  queue: '/workbench/consultations/index',
  staffDetail: '/workbench/consultations/detail',
  routes: '/workbench/consultations/routes',
} as const;

interface CallOptions {
  toast?: boolean;
}

type One = { consultation: Consultation };
const path = (id: string, action = '') =>
  `/consultations/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;
const post = (id: string, action: string, body: object) =>
  apiRequest<One>(path(id, action), { method: 'POST', body, toast: false });

export interface QueueQuery {
  organ?: string;
  status?: 'open' | 'pending' | 'answered' | 'followup' | 'closed';
  topic?: ConsultationTopic;
  overdue?: 'true' | 'false';
  from?: string;
  to?: string;
  rating?: Rating;
}

export const consultationsApi = {
  create: (input: ConsultationCreate, idempotencyKey: string) =>
    apiRequest<One>('/consultations', { method: 'POST', body: input, idempotencyKey, toast: false }),
  mine: (o: CallOptions = {}) => apiRequest<{ items: ConsultationListItem[] }>('/me/consultations', o),
  get: (id: string, o: CallOptions = {}) => apiRequest<One>(path(id), o),
  rate: (id: string, rating: Rating, comment?: string) => post(id, 'rating', { rating, comment }),
  followUp: (id: string, question: string) => post(id, 'follow-up', { question }),
  answer: (id: string, text: string) => post(id, 'answer', { text }),
  assign: (id: string, organId: string, reason: string) => post(id, 'assign', { organId, reason }),
  publish: (id: string, input: { question?: string; answer?: string }) => post(id, 'publish', input),
  queue: (query: QueueQuery = {}, o: CallOptions = {}) =>
    apiRequest<{ items: ConsultationListItem[] }>('/work/consultations', { query: { ...query }, ...o }),
  published: (
    query: { topic?: ConsultationTopic; cursor?: string; limit?: number } = {},
    o: CallOptions = {},
  ) =>
    apiRequest<{ items: PublishedQa[]; nextCursor: string | null }>('/consultations/published', {
      query: { ...query },
      auth: false,
      ...o,
    }),
  routes: (o: CallOptions = {}) =>
    apiRequest<{ items: ConsultationRoute[]; replyWorkdays: number }>('/consultation-routes', {
      auth: false,
      ...o,
    }),
  setRoute: (topic: ConsultationTopic, organId: string) =>
    apiRequest<{ items: ConsultationRoute[]; replyWorkdays: number }>(
      `/consultation-routes/${encodeURIComponent(topic)}`,
      { method: 'PUT', body: { organId }, toast: false },
    ),
};

/** `2026-10-12` → `10月12日`. */
export function shortDay(day: string): string {
  return `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;
}

/** An ISO instant as Beijing `YYYY-MM-DD HH:mm`. */
export function beijingTime(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 16)}`;
}

/** The tag colour of a question's state: red overdue, blue waiting, grey done. */
export function statusTag(i: { status: string; overdue: boolean }): string {
  if (i.overdue) return 'zw-tag--red';
  return i.status === 'pending' || i.status === 'followup' ? 'zw-tag--blue' : 'zw-tag--grey';
}
