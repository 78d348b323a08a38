import { useEffect, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useShareAppMessage } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import PageShell from '../../components/PageShell';
import Section from '../../components/Section';
import Skeleton from '../../components/Skeleton';
import { EmptyState, ErrorState } from '../../components/States';
import { CITIZEN_TOPICS } from '../../constants';
import { useApiData } from '../../hooks/useApiData';
import { ROUTES } from '../../routes';
import { CONSULT_ROUTES } from '../../api/consultations';
import { DISCLOSURE_ROUTES } from '../../api/disclosure';
import { refreshUnreadBadge } from '../../api/notifications';
import { POLICY_ROUTES, policiesApi } from '../../api/policies';
import { SESSION_ROUTES, sessionTime, sessionsApi } from '../../api/sessions';
import { seatsText } from '../lecture/SessionCard';
import { loadMeta } from '../../store/meta';
import { setPolicyKeyword } from '../../store/policySearch';
import { formatDistance, nearestZone, type Point } from './geo';
import './index.scss';

function openPolicies(keyword: string) {
  setPolicyKeyword(keyword);
  void Taro.switchTab({ url: ROUTES.policy });
}

function call(phone: string | undefined) {
  if (phone) void Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined);
}

/** The position, only when the person has already allowed it (never prompts on load). */
async function positionIfAllowed(): Promise<Point | null> {
  try {
    if (process.env.TARO_ENV === 'weapp') {
      const s = await Taro.getSetting();
      if (s.authSetting['scope.userLocation'] !== true) return null;
    } else {
      const perms = (globalThis as { navigator?: Navigator }).navigator?.permissions;
      if (!perms) return null;
      const state = await perms.query({ name: 'geolocation' as PermissionName });
      if (state.state !== 'granted') return null;
    }
    return await locate();
  } catch {
    return null;
  }
}

async function locate(): Promise<Point | null> {
  try {
    const r = await Taro.getLocation({ type: 'gcj02' });
    return { latitude: r.latitude, longitude: r.longitude };
  } catch {
    return null;
  }
}

export default function HomePage() {
  const [keyword, setKeyword] = useState('');
  const [here, setHere] = useState<Point | null>(null);
  const [locating, setLocating] = useState(false);
  const meta = useApiData(loadMeta, []);
  const sessions = useApiData(() => sessionsApi.list({ limit: 3 }, { toast: false }), []);
  const policies = useApiData(() => policiesApi.list({ sort: 'date', limit: 3 }, { toast: false }), []);
  const zones = useApiData(() => sessionsApi.zones({ toast: false }), []);

  useEffect(() => {
    void positionIfAllowed().then((p) => p && setHere(p));
  }, []);
  useDidShow(() => {
    void refreshUnreadBadge();
  });
  usePullDownRefresh(() => {
    void Promise.all([sessions.reload(), policies.reload(), zones.reload(), meta.reload()]).finally(() =>
      Taro.stopPullDownRefresh(),
    );
  });
  useShareAppMessage(() => ({ title: '掌上政务公开专区', path: ROUTES.home }));

  const useMyLocation = async () => {
    setLocating(true);
    const p = await locate();
    setLocating(false);
    if (p) setHere(p);
    else void Taro.showToast({ title: '未能获取位置，已显示默认专区', icon: 'none' });
  };

  const nearest = zones.data ? nearestZone(zones.data.items, here) : null;

  return (
    <PageShell className="home-page">
      <View className="zw-banner">
        <Text className="zw-banner__title home-title">掌上政务公开专区</Text>
        <Text className="zw-banner__subtitle">权威发布 · 政策解读 · 便民服务</Text>
      </View>

      <View className="zw-card zw-card--overlap home-search" role="search">
        <Input
          id="home-search-input"
          className="home-search__input"
          value={keyword}
          aria-label="搜索政策文件"
          placeholder="搜索政策文件，如：育儿补贴"
          placeholderClass="home-search__placeholder"
          confirmType="search"
          onInput={(e) => setKeyword(e.detail.value)}
          onConfirm={() => openPolicies(keyword)}
        />
        <View
          id="home-search-button"
          className="home-search__button"
          role="button"
          onClick={() => openPolicies(keyword)}
        >
          搜索
        </View>
      </View>

      <Section title="主题服务" className="home-topics">
        <View className="home-topics__grid">
          {CITIZEN_TOPICS.map((topic, i) => (
            <View key={topic} className="home-topic" role="link" onClick={() => openPolicies(topic)}>
              <View
                className={`home-topic__icon ${i % 2 ? 'home-topic__icon--blue' : ''}`}
                aria-hidden="true"
              >
                {topic.slice(-1)}
              </View>
              <Text className="home-topic__label">{topic}</Text>
            </View>
          ))}
        </View>
      </Section>

      <View className="home-entries">
        <View
          id="entry-disclosure"
          className="home-entry home-entry--red"
          role="link"
          onClick={() => void Taro.navigateTo({ url: DISCLOSURE_ROUTES.apply })}
        >
          <Text className="home-entry__title">政府信息公开申请</Text>
          <Text className="home-entry__desc">依法申请获取政府信息</Text>
        </View>
        <View
          id="entry-consult"
          className="home-entry home-entry--blue"
          role="link"
          onClick={() => void Taro.navigateTo({ url: CONSULT_ROUTES.ask })}
        >
          <Text className="home-entry__title">政策咨询</Text>
          <Text className="home-entry__desc">政策问题留言咨询</Text>
        </View>
      </View>

      <Section
        title="近期政务公开讲"
        className="home-sessions"
        extra={
          <View
            role="link"
            aria-label="更多政务公开讲"
            onClick={() => void Taro.switchTab({ url: ROUTES.lecture })}
          >
            更多 ›
          </View>
        }
      >
        {sessions.loading && !sessions.data ? (
          <Skeleton rows={3} label="正在加载场次" />
        ) : sessions.error ? (
          <ErrorState message="场次暂时无法加载" onRetry={() => void sessions.reload()} />
        ) : sessions.data?.items.length ? (
          sessions.data.items.map((s) => (
            <View
              key={s.id}
              className="zw-list-item home-session"
              onClick={() => void Taro.navigateTo({ url: `${SESSION_ROUTES.detail}?id=${s.id}` })}
            >
              <View className="zw-list-item__main">
                <Text className="zw-list-item__title home-session__title">{s.title}</Text>
                <Text className="zw-list-item__desc">
                  {sessionTime(s.startsAt, s.endsAt)} · {s.zone.name}
                </Text>
                <Text className="zw-list-item__desc home-session__seats">{seatsText(s)}</Text>
              </View>
              <Text className="zw-list-item__arrow">›</Text>
            </View>
          ))
        ) : (
          <EmptyState title="暂无即将举办的政务公开讲" description="场次发布后将在此展示，并可在线预约" />
        )}
      </Section>

      <Section
        title="最新政策"
        className="home-policies"
        extra={
          <View role="link" aria-label="更多政策文件" onClick={() => openPolicies('')}>
            更多 ›
          </View>
        }
      >
        {policies.loading && !policies.data ? (
          <Skeleton rows={3} label="正在加载政策" />
        ) : policies.error ? (
          <ErrorState message="政策文件暂时无法加载" onRetry={() => void policies.reload()} />
        ) : policies.data?.items.length ? (
          policies.data.items.map((p) => (
            <View
              key={p.id}
              className="zw-list-item home-policy"
              onClick={() => void Taro.navigateTo({ url: `${POLICY_ROUTES.detail}?id=${p.id}` })}
            >
              <View className="zw-list-item__main">
                <Text className="zw-list-item__title home-policy__title">{p.title}</Text>
                <Text className="zw-list-item__desc">
                  {p.organName}
                  {p.publishedAt ? ` · ${p.publishedAt.slice(0, 10)}` : ''}
                </Text>
              </View>
              <Text className="zw-list-item__arrow">›</Text>
            </View>
          ))
        ) : (
          <EmptyState title="暂无最新发布的政策文件" />
        )}
      </Section>

      <Section
        title={here ? '离您最近的政务公开专区' : '政务公开专区'}
        className="home-zone"
        extra={
          here ? null : (
            <View
              id="home-locate"
              role="button"
              aria-label="使用我的位置查找最近的专区"
              onClick={() => void useMyLocation()}
            >
              {locating ? '定位中…' : '附近的专区 ›'}
            </View>
          )
        }
      >
        {zones.loading && !zones.data ? (
          <Skeleton rows={1} label="正在加载专区" />
        ) : zones.error ? (
          <ErrorState message="专区信息暂时无法加载" onRetry={() => void zones.reload()} />
        ) : nearest ? (
          <View className="home-zone__body">
            <View
              className="home-zone__main"
              role="link"
              onClick={() => void Taro.navigateTo({ url: `${SESSION_ROUTES.zone}?id=${nearest.zone.id}` })}
            >
              <Text className="home-zone__name">{nearest.zone.name}</Text>
              <Text className="zw-list-item__desc home-zone__address">
                {nearest.zone.address}
                {nearest.metres !== null ? ` · 距您 ${formatDistance(nearest.metres)}` : ''}
              </Text>
              <Text className="zw-list-item__desc home-zone__hours">
                开放时间：{nearest.zone.openingHours}
              </Text>
            </View>
            <View
              id="home-zone-call"
              className="home-contact__call"
              role="button"
              aria-label={`拨打${nearest.zone.name}电话 ${nearest.zone.phone}`}
              onClick={() => call(nearest.zone.phone)}
            >
              致电
            </View>
          </View>
        ) : (
          <EmptyState title="暂无专区信息" />
        )}
      </Section>

      <View className="zw-card home-contact">
        <Text className="home-contact__label">政务公开咨询电话</Text>
        {meta.loading && !meta.data ? (
          <Skeleton rows={1} label="正在获取咨询电话" />
        ) : meta.error ? (
          <ErrorState message="咨询电话暂时无法获取" onRetry={() => void meta.reload()} />
        ) : (
          <View
            className="home-contact__row"
            role="button"
            aria-label={`拨打咨询电话 ${meta.data?.publicPhone ?? ''}`}
            onClick={() => call(meta.data?.publicPhone)}
          >
            <Text className="home-phone">{meta.data?.publicPhone}</Text>
            <Text className="home-contact__call">拨打</Text>
          </View>
        )}
        <View
          className="home-contact__hint home-published"
          role="link"
          onClick={() => void Taro.navigateTo({ url: CONSULT_ROUTES.published })}
        >
          看看大家都在问什么 ›
        </View>
      </View>
    </PageShell>
  );
}
