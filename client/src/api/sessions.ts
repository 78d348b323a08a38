/** 政务公开讲: typed calls for zones, sessions, bookings and check-in. */
import type {
  AttendanceReport,
  Booking,
  Feedback,
  FeedbackSummary,
  QuestionBoard,
  SessionQuestion,
  SessionSeries,
  ZoneCreate,
  ZoneUpdate,
  BookingState,
  CheckinResult,
  LectureSession,
  MyBooking,
  Roster,
  SessionCreate,
  SessionListItem,
  SessionTopic,
  SessionUpdate,
  Zone,
} from '@zwgk/types';
import Taro from '@tarojs/taro';
import { getSession } from '../store/session';
import { apiBase } from './base';
import { apiRequest, showErrorToast } from './http';

interface CallOptions {
  /** Show failures as a toast (default true). */
  toast?: boolean;
}

const enc = encodeURIComponent;

export interface SessionQuery {
  zone?: string;
  topic?: SessionTopic;
  /** YYYY-MM-DD, Beijing time. */
  date?: string;
  limit?: number;
  cursor?: string;
}

/** Pages of this feature (citizen pages in the main package, organizer pages in the workbench). */
export const SESSION_ROUTES = {
  detail: '/pages/session-detail/index',
  zone: '/pages/zone-detail/index',
  myBookings: '/pages/my-bookings/index',
  workbenchList: '/workbench/sessions/index',
  workbenchEdit: '/workbench/sessions/edit',
  workbenchRoster: '/workbench/sessions/roster',
  workbenchQuestions: '/workbench/sessions/questions',
  workbenchStats: '/workbench/sessions/stats',
  workbenchZones: '/workbench/zones/index',
  workbenchZoneEdit: '/workbench/zones/edit',
  policyDetail: '/pages/policy-detail/index',
} as const;

/** The label of the booking button for each state. */
export const BOOKING_BUTTON: Record<BookingState, string> = {
  not_open: '未开放',
  open: '立即预约',
  waitlist: '已满，加入候补',
  closed: '已截止',
  cancelled: '已取消',
  ended: '已结束',
};

export const sessionsApi = {
  zones: (o: CallOptions = {}) => apiRequest<{ items: Zone[] }>('/zones', { auth: false, ...o }),
  zone: (id: string, o: CallOptions = {}) =>
    apiRequest<{ zone: Zone }>(`/zones/${enc(id)}`, { auth: false, ...o }),
  list: (query: SessionQuery = {}, o: CallOptions = {}) =>
    apiRequest<{ items: SessionListItem[]; nextCursor: string | null }>('/sessions', {
      query: { ...query },
      ...o,
    }),
  get: (id: string, o: CallOptions = {}) =>
    apiRequest<{ session: LectureSession }>(`/sessions/${enc(id)}`, o),
  book: (id: string, idempotencyKey: string, o: CallOptions & { phone?: string } = {}) =>
    apiRequest<{ booking: Booking }>(`/sessions/${enc(id)}/bookings`, {
      method: 'POST',
      body: o.phone ? { phone: o.phone } : {},
      idempotencyKey,
      toast: o.toast,
    }),
  ask: (id: string, text: string, idempotencyKey: string, o: CallOptions = {}) =>
    apiRequest<{ question: SessionQuestion }>(`/sessions/${enc(id)}/questions`, {
      method: 'POST',
      body: { text },
      idempotencyKey,
      ...o,
    }),
  myQuestions: (id: string, o: CallOptions = {}) =>
    apiRequest<{ items: SessionQuestion[] }>(`/sessions/${enc(id)}/questions/mine`, o),
  giveFeedback: (
    id: string,
    input: { rating: number; comment: string },
    idempotencyKey: string,
    o: CallOptions = {},
  ) =>
    apiRequest<{ feedback: Feedback }>(`/sessions/${enc(id)}/feedback`, {
      method: 'POST',
      body: input,
      idempotencyKey,
      ...o,
    }),
  cancelBooking: (sessionId: string, bookingId: string, o: CallOptions = {}) =>
    apiRequest<{ booking: Booking }>(`/sessions/${enc(sessionId)}/bookings/${enc(bookingId)}`, {
      method: 'DELETE',
      ...o,
    }),
  myBookings: (o: CallOptions = {}) => apiRequest<{ items: MyBooking[] }>('/me/bookings', o),

  // Organizers (工作台)
  managed: (o: CallOptions = {}) => apiRequest<{ items: SessionListItem[] }>('/organizer/sessions', o),
  create: (input: SessionCreate, idempotencyKey: string, o: CallOptions = {}) =>
    apiRequest<{ session: LectureSession }>('/sessions', {
      method: 'POST',
      body: input,
      idempotencyKey,
      ...o,
    }),
  update: (id: string, input: SessionUpdate, o: CallOptions = {}) =>
    apiRequest<{ session: LectureSession }>(`/sessions/${enc(id)}`, { method: 'PATCH', body: input, ...o }),
  publish: (id: string, o: CallOptions = {}) =>
    apiRequest<{ session: LectureSession }>(`/sessions/${enc(id)}/publish`, { method: 'POST', ...o }),
  cancelSession: (id: string, reason: string, o: CallOptions = {}) =>
    apiRequest<{ session: LectureSession }>(`/sessions/${enc(id)}/cancel`, {
      method: 'POST',
      body: { reason },
      ...o,
    }),
  roster: (id: string, o: CallOptions = {}) => apiRequest<Roster>(`/sessions/${enc(id)}/roster`, o),
  /** Path (under the API base) of the roster export, for a download with the user's token. */
  rosterExportPath: (id: string, format: 'csv' | 'xlsx') =>
    `/sessions/${enc(id)}/roster/export?format=${format}`,
  questions: (id: string, o: CallOptions = {}) =>
    apiRequest<QuestionBoard>(`/sessions/${enc(id)}/questions`, o),
  markAnswered: (id: string, questionId: string, answered: boolean, o: CallOptions = {}) =>
    apiRequest<{ question: SessionQuestion }>(`/sessions/${enc(id)}/questions/${enc(questionId)}/answered`, {
      method: 'POST',
      body: { answered },
      ...o,
    }),
  feedbackSummary: (id: string, o: CallOptions = {}) =>
    apiRequest<FeedbackSummary>(`/sessions/${enc(id)}/feedback`, o),
  duplicate: (id: string, idempotencyKey: string, startsAt?: string, o: CallOptions = {}) =>
    apiRequest<{ session: LectureSession }>(`/sessions/${enc(id)}/duplicate`, {
      method: 'POST',
      body: startsAt ? { startsAt } : {},
      idempotencyKey,
      ...o,
    }),
  series: (input: SessionSeries, idempotencyKey: string, o: CallOptions = {}) =>
    apiRequest<{ items: LectureSession[] }>('/sessions/series', {
      method: 'POST',
      body: input,
      idempotencyKey,
      ...o,
    }),
  attendance: (from: string, to: string, o: CallOptions = {}) =>
    apiRequest<AttendanceReport>('/organizer/attendance', { query: { from, to }, ...o }),
  createZone: (input: ZoneCreate, idempotencyKey: string, o: CallOptions = {}) =>
    apiRequest<{ zone: Zone }>('/zones', { method: 'POST', body: input, idempotencyKey, ...o }),
  updateZone: (id: string, input: ZoneUpdate, o: CallOptions = {}) =>
    apiRequest<{ zone: Zone }>(`/zones/${enc(id)}`, { method: 'PATCH', body: input, ...o }),
  checkin: (id: string, input: { code?: string; qr?: string }, o: CallOptions = {}) =>
    apiRequest<CheckinResult>(`/sessions/${enc(id)}/checkins`, { method: 'POST', body: input, ...o }),
};

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The parts of an instant in Beijing time (the zones are all in 江西). */
export function beijing(isoOrDate: string | Date) {
  const d = new Date(new Date(isoOrDate).getTime() + 8 * 3600_000);
  return {
    y: d.getUTCFullYear(),
    m: d.getUTCMonth() + 1,
    d: d.getUTCDate(),
    hm: `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`,
    weekday: '日一二三四五六'[d.getUTCDay()]!,
    ymd: `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`,
  };
}

/** "12月3日（周四）14:30-16:00" */
export function sessionTime(startsAt: string, endsAt: string): string {
  const s = beijing(startsAt);
  return `${s.m}月${s.d}日（周${s.weekday}）${s.hm}-${beijing(endsAt).hm}`;
}

/** "12月2日 09:00" */
export function dayTime(iso: string): string {
  const b = beijing(iso);
  return `${b.m}月${b.d}日 ${b.hm}`;
}

/**
 * Download the roster of a session as CSV or Excel with the organizer's token: a file download on
 * H5; on weapp, download and open it (Excel) or send it to a chat (CSV).
 */
export async function downloadRoster(
  sessionId: string,
  format: 'csv' | 'xlsx',
  title: string,
): Promise<void> {
  const token = getSession()?.token;
  const url = `${apiBase()}${sessionsApi.rosterExportPath(sessionId, format)}`;
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  const fileName = `${title}-预约名单.${format}`;
  try {
    if (process.env.TARO_ENV === 'h5') {
      const res = await fetch(url, { headers });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        throw new Error(body?.error?.message ?? '导出失败，请稍后重试');
      }
      const blob = await res.blob();
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = fileName;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
      return;
    }
    const res = await Taro.downloadFile({ url, header: headers });
    if (res.statusCode !== 200) throw new Error('导出失败，请稍后重试');
    if (format === 'xlsx') {
      await Taro.openDocument({ filePath: res.tempFilePath, fileType: 'xlsx', showMenu: true });
    } else {
      await (
        Taro as unknown as { shareFileMessage: (o: { filePath: string; fileName: string }) => Promise<void> }
      ).shareFileMessage({ filePath: res.tempFilePath, fileName });
    }
  } catch (e) {
    showErrorToast(e instanceof Error && e.message ? e.message : '导出失败，请稍后重试');
  }
}
