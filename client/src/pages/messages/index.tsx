import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { NOTIFICATION_KINDS, type Notification } from '@zwgk/types';
import PageShell from '../../components/PageShell';
import Section from '../../components/Section';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { beijingTime } from '../../api/consultations';
import { MESSAGE_ROUTES, notificationsApi, refreshUnreadBadge } from '../../api/notifications';
import { ApiRequestError, NETWORK_ERROR_MESSAGE } from '../../api';
import { ROUTES, TAB_ROUTES } from '../../routes';
import { useSession } from '../../store/session';
import './messages.scss';

export default function MessagesPage() {
  const session = useSession();
  const [items, setItems] = useState<Notification[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [unread, setUnread] = useState(0);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = async (more = false) => {
    if (!session) return;
    setLoading(true);
    setError(null);
    try {
      const page = await notificationsApi.list(more ? (cursor ?? undefined) : undefined, { toast: false });
      setItems((old) => (more && old ? [...old, ...page.items] : page.items));
      setCursor(page.nextCursor);
      setUnread(page.unread);
      void refreshUnreadBadge();
    } catch (e) {
      setError(e instanceof ApiRequestError ? e.message : NETWORK_ERROR_MESSAGE);
    } finally {
      setLoading(false);
    }
  };

  useDidShow(() => {
    void load();
  });
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(() => {
    if (cursor && !loading) void load(true);
  });

  const open = async (n: Notification) => {
    if (!n.read) {
      setItems((list) => list?.map((x) => (x.id === n.id ? { ...x, read: true } : x)) ?? null);
      setUnread((u) => Math.max(0, u - 1));
      await notificationsApi.markRead(n.id).catch(() => undefined);
      void refreshUnreadBadge();
    }
    if (n.link) {
      const path = n.link.split('?')[0]!;
      if (TAB_ROUTES.includes(path)) void Taro.switchTab({ url: path });
      else void Taro.navigateTo({ url: n.link });
    }
  };

  const readAll = async () => {
    try {
      await notificationsApi.markAllRead();
      setItems((list) => list?.map((x) => ({ ...x, read: true })) ?? null);
      setUnread(0);
      void refreshUnreadBadge();
      void Taro.showToast({ title: '已全部标为已读', icon: 'none' });
    } catch (e) {
      setError(e instanceof ApiRequestError ? e.message : NETWORK_ERROR_MESSAGE);
    }
  };

  if (!session) {
    return (
      <PageShell className="messages-page">
        <Section title="消息中心">
          <EmptyState title="请先登录" description="登录后可查看预约、提醒和答复通知" />
          <Button type="primary" block onClick={() => void Taro.navigateTo({ url: ROUTES.login })}>
            去登录
          </Button>
        </Section>
      </PageShell>
    );
  }

  return (
    <PageShell className="messages-page">
      <Section
        title={unread ? `消息中心（${unread}条未读）` : '消息中心'}
        extra={
          <View className="msg-toolbar">
            {unread ? (
              <View
                id="msg-read-all"
                role="button"
                className="zw-tag zw-tag--blue"
                onClick={() => void readAll()}
              >
                全部已读
              </View>
            ) : null}
            <View
              id="msg-settings"
              role="button"
              className="zw-tag zw-tag--grey"
              onClick={() => void Taro.navigateTo({ url: MESSAGE_ROUTES.settings })}
            >
              推送设置
            </View>
          </View>
        }
      >
        {loading && !items ? <LoadingState /> : null}
        {error ? <ErrorState message={error} onRetry={() => void load()} /> : null}
        {items && !items.length ? (
          <EmptyState title="暂无消息" description="预约成功、活动提醒、申请进度和咨询答复会在这里通知您" />
        ) : null}
        {items?.map((n) => (
          <View
            key={n.id}
            className={`zw-list-item msg-item ${n.read ? 'msg-item--read' : 'msg-item--unread'}`}
            role="link"
            aria-label={`${n.read ? '' : '未读，'}${n.title}`}
            onClick={() => void open(n)}
          >
            {n.read ? null : <View className="msg-item__dot" />}
            <View className="zw-list-item__main">
              <Text className="zw-list-item__title msg-item__title">{n.title}</Text>
              <Text className="msg-item__body">{n.body}</Text>
              <Text className="zw-list-item__desc">
                {NOTIFICATION_KINDS[n.kind]} · {beijingTime(n.createdAt)}
              </Text>
            </View>
            {n.link ? <Text className="zw-list-item__arrow">›</Text> : null}
          </View>
        ))}
        {cursor ? (
          <Text className="zw-note" onClick={() => void load(true)}>
            {loading ? '正在加载…' : '加载更多'}
          </Text>
        ) : null}
      </Section>
    </PageShell>
  );
}
