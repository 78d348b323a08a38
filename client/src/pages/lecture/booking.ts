/**
 * Booking from a card or the detail page: login first, then the confirmation sheet
 * (BookingSheet.tsx) with an optional contact phone, then one booking per sheet (Idempotency-Key).
 */
import Taro from '@tarojs/taro';
import { BookingCreateSchema, type Booking, type SessionListItem } from '@zwgk/types';
import { ROUTES } from '../../routes';
import { getSession } from '../../store/session';
import { SESSION_ROUTES, sessionsApi } from '../../api/sessions';

/** What the confirmation sheet needs of a session. */
export type BookableSession = Pick<
  SessionListItem,
  'id' | 'title' | 'startsAt' | 'endsAt' | 'bookingState' | 'zone' | 'room'
>;

/** True when logged in; otherwise offers the login page and returns false. */
export async function ensureLoggedIn(): Promise<boolean> {
  if (getSession()) return true;
  const { confirm } = await Taro.showModal({
    title: '请先登录',
    content: '预约政务公开讲需要先登录，是否前往登录？',
    confirmText: '去登录',
    confirmColor: '#b3261e',
  });
  if (confirm) void Taro.navigateTo({ url: ROUTES.login });
  return false;
}

/** The phone as typed, without spaces and dashes ("138 1234-5678" → "13812345678"). */
export function normalizePhone(raw: string): string {
  return raw.replace(/[\s-]/g, '');
}

/** The Chinese message for a phone the server would refuse; '' when it is empty or valid. */
export function phoneError(phone: string): string {
  if (!phone) return '';
  const v = BookingCreateSchema.safeParse({ phone });
  return v.success ? '' : (v.error.issues[0]?.message ?? '请输入正确的11位手机号码');
}

/** Book with the sheet's Idempotency-Key; the toast says the outcome. Errors are thrown to the sheet. */
export async function submitBooking(
  s: BookableSession,
  phone: string,
  idempotencyKey: string,
): Promise<Booking> {
  const { booking } = await sessionsApi.book(s.id, idempotencyKey, {
    phone: phone || undefined,
    toast: false,
  });
  void Taro.showToast({
    title: booking.status === 'confirmed' ? '预约成功' : `已加入候补，第${booking.waitlistPosition}位`,
    icon: booking.status === 'confirmed' ? 'success' : 'none',
  });
  return booking;
}

export function openMyBookings() {
  void Taro.navigateTo({ url: SESSION_ROUTES.myBookings });
}
