import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { MyBooking } from '@zwgk/types';
import PageShell from '../../components/PageShell';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { useApiData } from '../../hooks/useApiData';
import { ROUTES } from '../../routes';
import { useSession } from '../../store/session';
import { SESSION_ROUTES, dayTime, sessionTime, sessionsApi } from '../../api/sessions';
import QrCode from './QrCode';
import FeedbackForm from './FeedbackForm';
import './index.scss';

function statusOf(b: MyBooking): { text: string; tone: 'blue' | 'red' | 'grey' | 'soon' } {
  if (b.status === 'cancelled') return { text: '已取消', tone: 'grey' };
  if (b.session.status === 'cancelled') return { text: '场次已取消', tone: 'grey' };
  if (b.checkedInAt) return { text: '已签到', tone: 'blue' };
  if (b.status === 'waitlisted') return { text: `候补第 ${b.waitlistPosition ?? '-'} 位`, tone: 'soon' };
  if (b.noShow || b.session.status === 'completed') return { text: '未到场', tone: 'grey' };
  return { text: '预约成功', tone: 'red' };
}

function BookingCard({ b, onChanged }: { b: MyBooking; onChanged: () => void }) {
  const [busy, setBusy] = useState(false);
  const status = statusOf(b);
  const showPass = b.status === 'confirmed' && b.session.status === 'published' && !b.checkedInAt;
  const cancel = async () => {
    const { confirm } = await Taro.showModal({
      title: b.status === 'waitlisted' ? '退出候补' : '取消预约',
      content:
        b.status === 'waitlisted'
          ? '退出后将失去候补排位，确定退出吗？'
          : '取消后名额将自动递补给候补群众，确定取消预约吗？',
      confirmText: '确定',
      confirmColor: '#b3261e',
    });
    if (!confirm) return;
    setBusy(true);
    try {
      await sessionsApi.cancelBooking(b.sessionId, b.id);
      void Taro.showToast({ title: '已取消', icon: 'success' });
      onChanged();
    } catch {
      // The API client has shown the server's message.
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className={`zw-card booking-card booking-card--${b.status}`} id={`booking-${b.id}`}>
      <View className="booking-card__head">
        <Text
          className="booking-card__title"
          onClick={() => void Taro.navigateTo({ url: `${SESSION_ROUTES.detail}?id=${b.session.id}` })}
        >
          {b.session.title}
        </Text>
        <Text className={`zw-tag zw-tag--${status.tone} booking-status`}>{status.text}</Text>
      </View>
      <Text className="booking-card__line">{sessionTime(b.session.startsAt, b.session.endsAt)}</Text>
      <Text className="booking-card__line">
        {b.session.zone.name} · {b.session.room}
      </Text>
      {b.status !== 'cancelled' ? (
        <View className="booking-pass">
          <Text className="booking-pass__label">预约码</Text>
          <Text className="booking-pass__code booking-code">{b.code}</Text>
          {b.status === 'confirmed' && b.seatNo ? (
            <Text className="booking-pass__seat">座位号 {b.seatNo}</Text>
          ) : null}
          {showPass ? <QrCode text={b.qr} size={360} className="booking-qr" /> : null}
          {b.checkedInAt ? (
            <Text className="booking-pass__note booking-checked">已于 {dayTime(b.checkedInAt)} 签到入场</Text>
          ) : null}
          {b.status === 'waitlisted' ? (
            <Text className="booking-pass__note">
              名额已满，您在候补第 {b.waitlistPosition}{' '}
              位。有人取消时将按顺序自动递补，递补成功后预约码即可入场。
            </Text>
          ) : null}
          {showPass ? (
            <Text className="booking-pass__note">入场时请出示二维码或报预约码，由工作人员核验签到。</Text>
          ) : null}
        </View>
      ) : null}
      {b.feedback ? (
        <View className="feedback-given">
          <Text className="feedback-given__stars" aria-label={`我的评分 ${b.feedback.rating} 分`}>
            {'★'.repeat(b.feedback.rating)}
            {'☆'.repeat(5 - b.feedback.rating)}
          </Text>
          <Text className="feedback-given__text">{b.feedback.comment || '已评价，感谢您的反馈'}</Text>
        </View>
      ) : null}
      {b.canGiveFeedback ? <FeedbackForm sessionId={b.session.id} onDone={onChanged} /> : null}
      {b.canAsk ? (
        <View
          className="booking-ask"
          onClick={() =>
            void Taro.navigateTo({ url: `${SESSION_ROUTES.detail}?id=${b.session.id}#questions` })
          }
        >
          会前提问 ›
        </View>
      ) : null}
      {b.cancellable ? (
        <View className="booking-card__foot">
          <Text className="booking-card__cutoff">{dayTime(b.session.cancelCutoff)} 前可取消</Text>
          <View className="booking-cancel" onClick={() => (busy ? undefined : void cancel())}>
            {busy ? '处理中' : b.status === 'waitlisted' ? '退出候补' : '取消预约'}
          </View>
        </View>
      ) : null}
    </View>
  );
}

export default function MyBookingsPage() {
  const session = useSession();
  const data = useApiData(() => sessionsApi.myBookings({ toast: false }), [session?.user.id], !!session);
  useDidShow(() => {
    if (session && !data.loading) void data.reload();
  });

  if (!session) {
    return (
      <PageShell className="my-bookings-page">
        <View className="zw-card">
          <EmptyState title="请先登录" description="登录后可查看政务公开讲的预约记录和入场码" />
          <View className="zw-button" onClick={() => void Taro.navigateTo({ url: ROUTES.login })}>
            去登录
          </View>
        </View>
      </PageShell>
    );
  }
  const items = data.data?.items ?? [];
  const active = items.filter((b) => b.status !== 'cancelled' && b.session.status === 'published');
  const others = items.filter((b) => !active.includes(b));
  return (
    <PageShell className="my-bookings-page">
      {data.loading && !data.data ? <LoadingState /> : null}
      {data.error ? <ErrorState message={data.error} onRetry={() => void data.reload()} /> : null}
      {data.data && !items.length ? (
        <View className="zw-card">
          <EmptyState title="暂无预约" description="在“公开讲”中选择感兴趣的场次预约" />
          <View className="zw-button" onClick={() => void Taro.switchTab({ url: ROUTES.lecture })}>
            去看看近期场次
          </View>
        </View>
      ) : null}
      {active.map((b) => (
        <BookingCard key={b.id} b={b} onChanged={() => void data.reload()} />
      ))}
      {others.length ? <Text className="my-bookings__past">历史记录</Text> : null}
      {others.map((b) => (
        <BookingCard key={b.id} b={b} onChanged={() => void data.reload()} />
      ))}
    </PageShell>
  );
}
