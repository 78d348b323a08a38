import Taro, { useDidShow, useRouter, useShareAppMessage } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import PageShell from '../../components/PageShell';
import Section from '../../components/Section';
import { ErrorState, LoadingState } from '../../components/States';
import { useApiData } from '../../hooks/useApiData';
import { SESSION_ROUTES, dayTime, sessionTime, sessionsApi } from '../../api/sessions';
import { openMyBookings } from '../lecture/booking';
import { useBooking } from '../lecture/BookingSheet';
import { bookingButton, seatsText } from '../lecture/SessionCard';
import Questions from './Questions';
import { CONSULT_ROUTES } from '../../api/consultations';
import '../lecture/index.scss';
import './index.scss';

export default function SessionDetailPage() {
  const id = useRouter().params.id ?? '';
  const detail = useApiData(() => sessionsApi.get(id, { toast: false }), [id], !!id);
  const s = detail.data?.session ?? null;
  const booking = useBooking(() => void detail.reload());
  useShareAppMessage(() => ({
    title: s ? `政务公开讲：${s.title}` : '政务公开讲',
    path: `${SESSION_ROUTES.detail}?id=${id}`,
  }));
  useDidShow(() => {
    if (detail.data) void detail.reload();
  });

  if (!id)
    return (
      <PageShell>
        <ErrorState message="缺少场次编号" />
      </PageShell>
    );
  if (detail.error) {
    return (
      <PageShell className="session-detail-page">
        <ErrorState message={detail.error} onRetry={() => void detail.reload()} />
      </PageShell>
    );
  }
  if (!s)
    return (
      <PageShell className="session-detail-page">
        <LoadingState />
      </PageShell>
    );

  const button = bookingButton(s);
  const act = async () => {
    if (button.mine) return openMyBookings();
    if (!button.active) return;
    await booking.start(s);
  };
  // Only documents the public can open (an organizer also gets unpublished ids, for the editor).
  const policies = s.relatedPolicies.filter((p) => p.title !== null);
  let hint = '';
  if (s.myBooking) hint = '您已预约本场次，预约码和入场二维码请在“我的预约”中查看。';
  else if (s.bookingState === 'not_open') hint = `预约将于 ${dayTime(s.bookingOpensAt)} 开放。`;
  else if (s.bookingState === 'closed') hint = '本场次预约已截止。';
  else if (s.bookingState === 'waitlist') hint = '名额已满，可加入候补；有人取消时按候补顺序自动递补。';
  else if (s.bookingState === 'open') hint = `${dayTime(s.cancelCutoff)} 前可在“我的预约”中取消。`;

  return (
    <PageShell className="session-detail-page">
      <View className="zw-card session-head">
        <View className="session-card__tags">
          <Text className="zw-tag zw-tag--blue">{s.topic}</Text>
          {s.status === 'cancelled' ? <Text className="zw-tag zw-tag--grey">已取消</Text> : null}
          {s.status === 'completed' ? <Text className="zw-tag zw-tag--grey">已结束</Text> : null}
        </View>
        <Text className="session-head__title" id="session-title">
          {s.title}
        </Text>
        {s.status === 'cancelled' && s.cancelReason ? (
          <Text className="zw-form-error session-head__cancelled">本场次已取消：{s.cancelReason}</Text>
        ) : null}
        <View className="session-info">
          <Text className="session-info__label">时间</Text>
          <Text className="session-info__value">{sessionTime(s.startsAt, s.endsAt)}</Text>
        </View>
        <View
          className="session-info"
          onClick={() => void Taro.navigateTo({ url: `${SESSION_ROUTES.zone}?id=${s.zone.id}` })}
        >
          <Text className="session-info__label">地点</Text>
          <Text className="session-info__value session-info__link">
            {s.zone.name}（{s.room}）›
          </Text>
        </View>
        <View className="session-info">
          <Text className="session-info__label">地址</Text>
          <Text className="session-info__value">{s.zone.address}</Text>
        </View>
        <View className="session-info">
          <Text className="session-info__label">主办</Text>
          <Text className="session-info__value">{s.organName}</Text>
        </View>
        {s.speakers.length ? (
          <View className="session-info">
            <Text className="session-info__label">主讲</Text>
            <View className="session-info__value">
              {s.speakers.map((p) => (
                <Text key={p.name} className="session-speaker">
                  {p.name}
                  {p.title ? `  ${p.title}` : ''}
                </Text>
              ))}
            </View>
          </View>
        ) : null}
        <View className="session-info">
          <Text className="session-info__label">名额</Text>
          <Text className="session-info__value session-seats">{seatsText(s)}</Text>
        </View>
      </View>

      <Section title="活动简介" className="session-desc">
        <Text className="session-desc__text">{s.description}</Text>
      </Section>

      {policies.length ? (
        <Section title="相关政策" className="session-policies">
          {policies.map((p) => (
            <View
              key={p.id}
              className="zw-list-item session-policy"
              onClick={() => void Taro.navigateTo({ url: p.link })}
            >
              <View className="zw-list-item__main">
                <Text className="zw-list-item__title session-policy__title">{p.title}</Text>
                {p.docNo ? <Text className="zw-list-item__desc session-policy__docno">{p.docNo}</Text> : null}
              </View>
              <Text className="zw-list-item__arrow">›</Text>
            </View>
          ))}
        </Section>
      ) : null}

      <Questions s={s} />

      <View
        id="session-consult"
        className="zw-list-item session-consult"
        onClick={() =>
          void Taro.navigateTo({
            url: `${CONSULT_ROUTES.ask}?sessionId=${s.id}&sessionTitle=${encodeURIComponent(s.title)}`,
          })
        }
      >
        <View className="zw-list-item__main">
          <Text className="zw-list-item__title">还有疑问？向政策咨询窗口留言</Text>
          <Text className="zw-list-item__desc">工作人员将在承诺时限内答复，答复后会通知您</Text>
        </View>
        <Text className="zw-list-item__arrow">›</Text>
      </View>

      <View className="session-action">
        {hint ? <Text className="session-action__hint">{hint}</Text> : null}
        <View
          id="session-book"
          className={`session-action__btn ${button.mine ? 'session-action__btn--mine' : ''} ${button.active ? '' : 'session-action__btn--off'}`}
          onClick={() => void act()}
        >
          {button.mine ? `${button.label} · 查看预约码` : button.label}
        </View>
      </View>
      {booking.sheet}
    </PageShell>
  );
}
