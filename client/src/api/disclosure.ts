/** 依申请公开: typed calls over apiRequest, and the pages that belong to it. */
import Taro from '@tarojs/taro';
import type {
  AnswerKind,
  CalendarDay,
  CalendarYear,
  DisclosureContact,
  DisclosureCreate,
  DisclosureListItem,
  DisclosureRemedy,
  DisclosureReport,
  DisclosureRequest,
  FeeBasis,
  RemedyKind,
  RemedyResult,
} from '@zwgk/types';
import { getSession } from '../store/session';
import { fileHref } from './files';
import { apiRequest, showErrorToast } from './http';

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
  queue: (view: 'open' | 'due_soon' | 'overdue' | 'all', o: CallOptions & { assignee?: string } = {}) =>
    apiRequest<{ items: DisclosureListItem[] }>('/disclosure/queue', {
      query: o.assignee ? { view, assignee: o.assignee } : { view },
      toast: o.toast,
    }),
  staff: (o: CallOptions = {}) =>
    apiRequest<{ items: { id: string; name: string }[] }>('/disclosure/staff', o),
  reviewQueue: (o: CallOptions = {}) =>
    apiRequest<{ items: DisclosureListItem[] }>('/disclosure/review-queue', o),
  report: (year: number, organ: string, o: CallOptions = {}) =>
    apiRequest<DisclosureReport>(`/disclosure/reports/${year}`, { query: { organ }, ...o }),

  receive: (id: string) => post(id, 'receive'),
  requestSupplement: (id: string, items: string) => post(id, 'supplement-request', { items }),
  supplement: (id: string, text: string, fileIds: string[] = []) =>
    post(id, 'supplement', fileIds.length ? { text, fileIds } : { text }),
  closeUnsupplemented: (id: string) => post(id, 'close-unsupplemented'),
  startConsultation: (id: string, party: string, note: string) => post(id, 'consultation', { party, note }),
  endConsultation: (id: string, note: string) => post(id, 'consultation/end', { note }),
  requestExtension: (id: string, days: number, reason: string) => post(id, 'extension', { days, reason }),
  decideExtension: (id: string, approve: boolean, note?: string) =>
    post(id, 'extension/decision', note ? { approve, note } : { approve }),
  draftReply: (id: string, answerKind: AnswerKind, content: string, fileIds: string[] = []) =>
    post(id, 'reply-draft', fileIds.length ? { answerKind, content, fileIds } : { answerKind, content }),
  feeNotice: (id: string, basis: FeeBasis, pages?: number) =>
    post(id, 'fee-notice', basis === 'per_page' ? { basis, pages } : { basis }),
  feePaid: (id: string, paidOn?: string) => post(id, 'fee-paid', paidOn ? { paidOn } : {}),
  closeUnpaid: (id: string) => post(id, 'close-unpaid'),
  assign: (id: string, assigneeId: string | null) => post(id, 'assign', { assigneeId }),
  addContact: (id: string, kind: DisclosureContact['kind'], summary: string) =>
    apiRequest<{ contact: DisclosureContact }>(path(id, 'contacts'), {
      method: 'POST',
      body: { kind, summary },
      toast: false,
    }),
  addRemedy: (
    id: string,
    input: {
      kind: RemedyKind;
      filedOn: string;
      body: string;
      caseNumber?: string;
      result: RemedyResult;
      decidedOn?: string;
    },
  ) =>
    apiRequest<{ remedy: DisclosureRemedy }>(path(id, 'remedies'), {
      method: 'POST',
      body: input,
      toast: false,
    }),
  updateRemedy: (remedyId: string, result: RemedyResult, decidedOn?: string) =>
    apiRequest<{ remedy: DisclosureRemedy }>(`/disclosure/remedies/${encodeURIComponent(remedyId)}`, {
      method: 'PUT',
      body: decidedOn ? { result, decidedOn } : { result },
      toast: false,
    }),
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

/**
 * Open a server document (reply letter, report export): on weapp download it and open it with the
 * system viewer (Taro.downloadFile + Taro.openDocument); on H5 open the link in a new tab.
 * `url` is a server path such as a signed `/api/v1/...` link.
 */
export async function openServerDocument(url: string, fileType: 'pdf' | 'xlsx', withToken = false) {
  const href = fileHref({ url });
  if (process.env.TARO_ENV === 'h5' && !withToken) {
    window.open(href, '_blank', 'noopener');
    return;
  }
  const token = getSession()?.token;
  try {
    void Taro.showLoading({ title: '正在下载…' });
    if (process.env.TARO_ENV === 'h5') {
      // A token-protected download on H5: fetch it, then hand the browser a blob.
      const res = await fetch(href, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
      if (!res.ok) throw new Error(String(res.status));
      const blob = await res.blob();
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = fileType === 'xlsx' ? '年度报表.xlsx' : '答复书.pdf';
      document.body.appendChild(a);
      a.click();
      a.remove();
      return;
    }
    const res = await Taro.downloadFile({
      url: href,
      header: withToken && token ? { Authorization: `Bearer ${token}` } : {},
    });
    if (res.statusCode !== 200) throw new Error(String(res.statusCode));
    await Taro.openDocument({ filePath: res.tempFilePath, fileType, showMenu: true });
  } catch {
    showErrorToast('下载失败，请稍后重试');
  } finally {
    void Taro.hideLoading();
  }
}

/** The annual report workbook for download (a server path; staff token required). */
export function reportXlsxUrl(year: number, organ: string) {
  return `/api/v1/disclosure/reports/${year}?organ=${encodeURIComponent(organ)}&format=xlsx`;
}
