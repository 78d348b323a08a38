/** 依申请公开: typed calls over apiRequest, and the pages that belong to it. */
import type {
  AnswerKind,
  CalendarDay,
  CalendarYear,
  DisclosureCreate,
  DisclosureListItem,
  DisclosureReport,
  DisclosureRequest,
} from '@zwgk/types';
import { apiRequest } from './http';

export const DISCLOSURE_ROUTES = {
  apply: '/pages/disclosure-apply/index',
  mine: '/pages/disclosure-mine/index',
  detail: '/pages/disclosure-detail/index',
  queue: '/workbench/disclosure/queue/index',
  staffDetail: '/workbench/disclosure/detail/index',
  report: '/workbench/disclosure/report/index',
  calendar: '/workbench/disclosure/calendar/index',
} as const;

interface CallOptions {
  toast?: boolean;
}

type One = { request: DisclosureRequest };
const path = (id: string, action = '') =>
  `/disclosure/requests/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;
const post = (id: string, action: string, body: object = {}) =>
  apiRequest<One>(path(id, action), { method: 'POST', body, toast: false });

export const disclosureApi = {
  create: (input: DisclosureCreate, idempotencyKey: string) =>
    apiRequest<One>('/disclosure/requests', { method: 'POST', body: input, idempotencyKey, toast: false }),
  mine: (o: CallOptions = {}) => apiRequest<{ items: DisclosureListItem[] }>('/me/disclosure-requests', o),
  get: (id: string, o: CallOptions = {}) => apiRequest<One>(path(id), o),
  queue: (view: 'open' | 'due_soon' | 'overdue' | 'all', o: CallOptions = {}) =>
    apiRequest<{ items: DisclosureListItem[] }>('/disclosure/queue', { query: { view }, ...o }),
  reviewQueue: (o: CallOptions = {}) =>
    apiRequest<{ items: DisclosureListItem[] }>('/disclosure/review-queue', o),
  report: (year: number, organ: string, o: CallOptions = {}) =>
    apiRequest<DisclosureReport>(`/disclosure/reports/${year}`, { query: { organ }, ...o }),

  receive: (id: string) => post(id, 'receive'),
  requestSupplement: (id: string, items: string) => post(id, 'supplement-request', { items }),
  supplement: (id: string, text: string) => post(id, 'supplement', { text }),
  closeUnsupplemented: (id: string) => post(id, 'close-unsupplemented'),
  startConsultation: (id: string, party: string, note: string) => post(id, 'consultation', { party, note }),
  endConsultation: (id: string, note: string) => post(id, 'consultation/end', { note }),
  requestExtension: (id: string, days: number, reason: string) => post(id, 'extension', { days, reason }),
  decideExtension: (id: string, approve: boolean, note?: string) =>
    post(id, 'extension/decision', note ? { approve, note } : { approve }),
  draftReply: (id: string, answerKind: AnswerKind, content: string) =>
    post(id, 'reply-draft', { answerKind, content }),
  legalReview: (id: string, approve: boolean, note?: string) =>
    post(id, 'legal-review', note ? { approve, note } : { approve }),
  close: (id: string) => post(id, 'close'),
  withdraw: (id: string, reason?: string) => post(id, 'withdraw', reason ? { reason } : {}),
};

export const calendarApi = {
  year: (year: number, o: CallOptions = {}) => apiRequest<CalendarYear>(`/calendar/years/${year}`, o),
  setDay: (date: string, workday: boolean, name: string) =>
    apiRequest<CalendarDay>(`/calendar/overrides/${date}`, {
      method: 'PUT',
      body: { workday, name },
      toast: false,
    }),
  clearDay: (date: string) =>
    apiRequest<CalendarDay>(`/calendar/overrides/${date}`, { method: 'DELETE', toast: false }),
  confirmYear: (year: number) =>
    apiRequest<CalendarYear>(`/calendar/years/${year}/confirm`, { method: 'POST', body: {}, toast: false }),
};
