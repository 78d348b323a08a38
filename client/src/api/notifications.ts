/** 消息中心: the in-app list, unread count, read marks and which kinds are pushed through WeChat. */
import Taro from '@tarojs/taro';
import type { Notification, NotificationKind, NotificationPreference } from '@zwgk/types';
import { getSession } from '../store/session';
import { apiRequest } from './http';

export const MESSAGE_ROUTES = {
  list: '/pages/messages/index',
  settings: '/pages/messages-settings/index',
} as const;

interface CallOptions {
  toast?: boolean;
}

export const notificationsApi = {
  list: (cursor?: string, o: CallOptions = {}) =>
    apiRequest<{ items: Notification[]; nextCursor: string | null; unread: number }>('/notifications', {
      query: { cursor, limit: 20 },
      ...o,
    }),
  unreadCount: (o: CallOptions = {}) => apiRequest<{ unread: number }>('/notifications/unread-count', o),
  markRead: (id: string) =>
    apiRequest<{ notification: Notification }>(`/notifications/${encodeURIComponent(id)}/read`, {
      method: 'POST',
      body: {},
      toast: false,
    }),
  markAllRead: () =>
    apiRequest<{ updated: number }>('/notifications/read-all', { method: 'POST', body: {}, toast: false }),
  preferences: (o: CallOptions = {}) =>
    apiRequest<{ items: NotificationPreference[] }>('/notifications/preferences', o),
  setPreferences: (muted: NotificationKind[]) =>
    apiRequest<{ items: NotificationPreference[] }>('/notifications/preferences', {
      method: 'PUT',
      body: { muted },
      toast: false,
    }),
};

const MINE_TAB_INDEX = 4;

/** Show the unread count as a badge on 我的 (weapp and H5); nothing when logged out or all read. */
export async function refreshUnreadBadge(): Promise<number> {
  const setBadge = async (n: number) => {
    try {
      if (n > 0) await Taro.setTabBarBadge({ index: MINE_TAB_INDEX, text: n > 99 ? '99+' : String(n) });
      else await Taro.removeTabBarBadge({ index: MINE_TAB_INDEX });
    } catch {
      // Not on a tab page, or no tab bar (tests): nothing to show.
    }
  };
  if (!getSession()) {
    await setBadge(0);
    return 0;
  }
  try {
    const { unread } = await notificationsApi.unreadCount({ toast: false });
    const n = typeof unread === 'number' ? unread : 0;
    await setBadge(n);
    return n;
  } catch {
    return 0;
  }
}

/**
 * Ask WeChat for permission to send subscribe messages of these templates. Must run from a tap
 * (WeChat refuses it on load). Not available on H5, where it resolves with nothing.
 */
export async function requestSubscribe(templateIds: string[]): Promise<Record<string, string>> {
  const ids = [...new Set(templateIds.filter(Boolean))].slice(0, 3);
  if (process.env.TARO_ENV !== 'weapp' || !ids.length) return {};
  try {
    const res = (await Taro.requestSubscribeMessage({
      tmplIds: ids,
      entityIds: [],
    } as never)) as unknown as Record<string, string>;
    return res;
  } catch {
    return {};
  }
}
