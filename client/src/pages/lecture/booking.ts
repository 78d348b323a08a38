/** Booking from a card or the detail page: login first, confirm, then book once (Idempotency-Key). */
import Taro from '@tarojs/taro';
import type { Booking, SessionListItem } from '@zwgk/types';
import { ROUTES } from '../../routes';
import { getSession } from '../../store/session';
import { newIdempotencyKey } from '../../api';
import { SESSION_ROUTES, sessionTime, sessionsApi } from '../../api/sessions';

export async function bookSession(
  s: Pick<SessionListItem, 'id' | 'title' | 'startsAt' | 'endsAt' | 'bookingState'>,
): Promise<Booking | null> {
  if (!getSession()) {
    const { confirm } = await Taro.showModal({
      title: '请先登录',
      content: '预约政务公开讲需要先登录，是否前往登录？',
      confirmText: '去登录',
      confirmColor: '#b3261e',
    });
    if (confirm) void Taro.navigateTo({ url: ROUTES.login });
    return null;
  }
  const waitlist = s.bookingState === 'waitlist';
  const { confirm } = await Taro.showModal({
    title: waitlist ? '加入候补' : '确认预约',
    content: waitlist
      ? `“${s.title}”名额已满。加入候补后，有人取消时将按候补顺序自动为您递补。`
      : `${s.title}\n${sessionTime(s.startsAt, s.endsAt)}\n请准时凭预约码入场。`,
    confirmText: waitlist ? '加入候补' : '确认预约',
    confirmColor: '#b3261e',
  });
  if (!confirm) return null;
  try {
    const { booking } = await sessionsApi.book(s.id, newIdempotencyKey());
    void Taro.showToast({
      title: booking.status === 'confirmed' ? '预约成功' : `已加入候补，第${booking.waitlistPosition}位`,
      icon: booking.status === 'confirmed' ? 'success' : 'none',
    });
    return booking;
  } catch {
    // The API client has shown the server's message.
    return null;
  }
}

export function openMyBookings() {
  void Taro.navigateTo({ url: SESSION_ROUTES.myBookings });
}
