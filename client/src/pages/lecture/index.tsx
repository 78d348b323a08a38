import { useMemo, useState } from 'react';
import Taro, { useDidShow, useShareAppMessage } from '@tarojs/taro';
import { ScrollView, Text, View } from '@tarojs/components';
import { SESSION_TOPICS } from '@zwgk/types';
import PageShell from '../../components/PageShell';
import Section from '../../components/Section';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { useApiData } from '../../hooks/useApiData';
import { ROUTES } from '../../routes';
import { SESSION_ROUTES, beijing, sessionsApi } from '../../api/sessions';
import SessionCard from './SessionCard';
import './index.scss';

const DAYS = 14;

/** Today and the next two weeks, in Beijing time. */
function dateStrip(now: Date) {
  return Array.from({ length: DAYS }, (_, i) => {
    const b = beijing(new Date(now.getTime() + i * 86400_000));
    return {
      ymd: b.ymd,
      top: i === 0 ? '今天' : i === 1 ? '明天' : `周${b.weekday}`,
      bottom: `${b.m}/${b.d}`,
    };
  });
}

export default function LecturePage() {
  useShareAppMessage(() => ({ title: '政务公开讲 - 掌上政务公开专区', path: ROUTES.lecture }));
  const days = useMemo(() => dateStrip(new Date()), []);
  const [date, setDate] = useState<string | undefined>(undefined);
  const [zone, setZone] = useState<string | undefined>(undefined);
  const [topic, setTopic] = useState<(typeof SESSION_TOPICS)[number] | undefined>(undefined);

  const zones = useApiData(() => sessionsApi.zones({ toast: false }), []);
  const sessions = useApiData(
    () => sessionsApi.list({ date, zone, topic, limit: 50 }, { toast: false }),
    [date, zone, topic],
  );
  useDidShow(() => {
    // Back from a booking or 我的预约: seats and my state may have changed.
    if (!sessions.loading) void sessions.reload();
  });

  return (
    <PageShell className="lecture-page">
      <View className="zw-card lecture-intro">
        <View className="lecture-intro__head">
          <Text className="lecture-intro__title">政务公开讲</Text>
          <Text
            id="lecture-my-bookings"
            className="lecture-intro__link"
            onClick={() => void Taro.navigateTo({ url: SESSION_ROUTES.myBookings })}
          >
            我的预约 ›
          </Text>
        </View>
        <Text className="lecture-intro__text">
          各级行政机关在政务公开专区面对面解读政策、现场答疑。在线预约座位，凭预约码或二维码签到入场。
        </Text>
      </View>

      <ScrollView scrollX className="lecture-dates" id="lecture-dates">
        <View
          className={`lecture-date ${date ? '' : 'lecture-date--active'}`}
          onClick={() => setDate(undefined)}
        >
          <Text className="lecture-date__top">全部</Text>
          <Text className="lecture-date__bottom">近期</Text>
        </View>
        {days.map((d) => (
          <View
            key={d.ymd}
            className={`lecture-date lecture-date--${d.ymd} ${date === d.ymd ? 'lecture-date--active' : ''}`}
            onClick={() => setDate(date === d.ymd ? undefined : d.ymd)}
          >
            <Text className="lecture-date__top">{d.top}</Text>
            <Text className="lecture-date__bottom">{d.bottom}</Text>
          </View>
        ))}
      </ScrollView>

      <View className="zw-card lecture-filters">
        <Text className="lecture-filters__label">专区</Text>
        <View className="zw-chips">
          <View className={`zw-chip ${zone ? '' : 'zw-chip--active'}`} onClick={() => setZone(undefined)}>
            全部专区
          </View>
          {zones.data?.items.map((z) => (
            <View
              key={z.id}
              className={`zw-chip lecture-zone ${zone === z.id ? 'zw-chip--active' : ''}`}
              onClick={() => setZone(zone === z.id ? undefined : z.id)}
            >
              {z.name.replace('政务公开专区', '')}
            </View>
          ))}
        </View>
        <Text className="lecture-filters__label">主题</Text>
        <View className="zw-chips">
          <View className={`zw-chip ${topic ? '' : 'zw-chip--active'}`} onClick={() => setTopic(undefined)}>
            全部
          </View>
          {SESSION_TOPICS.map((t) => (
            <View
              key={t}
              className={`zw-chip lecture-topic ${topic === t ? 'zw-chip--active' : ''}`}
              onClick={() => setTopic(topic === t ? undefined : t)}
            >
              {t}
            </View>
          ))}
        </View>
      </View>

      <Section
        title={date ? `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日的场次` : '近期场次'}
        className="lecture-upcoming"
      >
        {sessions.loading && !sessions.data ? <LoadingState /> : null}
        {sessions.error ? (
          <ErrorState message={sessions.error} onRetry={() => void sessions.reload()} />
        ) : null}
        {sessions.data && sessions.data.items.length === 0 ? (
          <EmptyState
            title={date || zone || topic ? '没有符合条件的场次' : '暂无即将举办的政务公开讲'}
            description="可调整日期、专区或主题后再看看"
          />
        ) : null}
        <View className="lecture-list">
          {sessions.data?.items.map((s) => (
            <SessionCard key={s.id} session={s} onBooked={() => void sessions.reload()} />
          ))}
        </View>
      </Section>

      {zones.data && zones.data.items.length ? (
        <Section title="政务公开专区" className="lecture-zones">
          {zones.data.items.map((z) => (
            <View
              key={z.id}
              className="zw-list-item lecture-zone-item"
              onClick={() => void Taro.navigateTo({ url: `${SESSION_ROUTES.zone}?id=${z.id}` })}
            >
              <View className="zw-list-item__main">
                <Text className="zw-list-item__title">{z.name}</Text>
                <Text className="zw-list-item__desc">{z.address}</Text>
              </View>
              <Text className="zw-list-item__arrow">›</Text>
            </View>
          ))}
        </Section>
      ) : null}
    </PageShell>
  );
}
