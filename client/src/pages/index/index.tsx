import { useState } from 'react';
import Taro, { useShareAppMessage } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import PageShell from '../../components/PageShell';
import Section from '../../components/Section';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { CITIZEN_TOPICS } from '../../constants';
import { useApiData } from '../../hooks/useApiData';
import { ROUTES } from '../../routes';
import { DISCLOSURE_ROUTES } from '../../api/disclosure';
import { POLICY_ROUTES, policiesApi } from '../../api/policies';
import { SESSION_ROUTES, sessionTime, sessionsApi } from '../../api/sessions';
import { seatsText } from '../lecture/SessionCard';
import { loadMeta } from '../../store/meta';
import { setPolicyKeyword } from '../../store/policySearch';
import './index.scss';

function openPolicies(keyword: string) {
  setPolicyKeyword(keyword);
  void Taro.switchTab({ url: ROUTES.policy });
}

export default function HomePage() {
  const [keyword, setKeyword] = useState('');
  const meta = useApiData(loadMeta, []);
  const sessions = useApiData(() => sessionsApi.list({ limit: 3 }, { toast: false }), []);
  const policies = useApiData(() => policiesApi.list({ sort: 'date', limit: 3 }, { toast: false }), []);

  useShareAppMessage(() => ({ title: '掌上政务公开专区', path: ROUTES.home }));

  const callPhone = () => {
    if (meta.data?.publicPhone) void Taro.makePhoneCall({ phoneNumber: meta.data.publicPhone });
  };

  return (
    <PageShell className="home-page">
      <View className="zw-banner">
        <Text className="zw-banner__title home-title">掌上政务公开专区</Text>
        <Text className="zw-banner__subtitle">权威发布 · 政策解读 · 便民服务</Text>
      </View>

      <View className="zw-card zw-card--overlap home-search">
        <Input
          id="home-search-input"
          className="home-search__input"
          value={keyword}
          placeholder="搜索政策文件，如：育儿补贴"
          placeholderClass="home-search__placeholder"
          confirmType="search"
          onInput={(e) => setKeyword(e.detail.value)}
          onConfirm={() => openPolicies(keyword)}
        />
        <View id="home-search-button" className="home-search__button" onClick={() => openPolicies(keyword)}>
          搜索
        </View>
      </View>

      <Section title="主题服务" className="home-topics">
        <View className="home-topics__grid">
          {CITIZEN_TOPICS.map((topic, i) => (
            <View key={topic} className="home-topic" onClick={() => openPolicies(topic)}>
              <View className={`home-topic__icon ${i % 2 ? 'home-topic__icon--blue' : ''}`}>
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
          onClick={() => void Taro.navigateTo({ url: DISCLOSURE_ROUTES.apply })}
        >
          <Text className="home-entry__title">政府信息公开申请</Text>
          <Text className="home-entry__desc">依法申请获取政府信息</Text>
        </View>
        <View
          id="entry-consult"
          className="home-entry home-entry--blue"
          onClick={() => void Taro.switchTab({ url: ROUTES.service })}
        >
          <Text className="home-entry__title">政策咨询</Text>
          <Text className="home-entry__desc">政策问题留言咨询</Text>
        </View>
      </View>

      <Section
        title="近期政务公开讲"
        className="home-sessions"
        extra={<Text onClick={() => void Taro.switchTab({ url: ROUTES.lecture })}>更多 ›</Text>}
      >
        {sessions.loading ? (
          <LoadingState text="正在加载场次…" />
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
        extra={<Text onClick={() => openPolicies('')}>更多 ›</Text>}
      >
        {policies.loading ? (
          <LoadingState text="正在加载政策…" />
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

      <View className="zw-card home-contact">
        <Text className="home-contact__label">政务公开咨询电话</Text>
        {meta.loading ? (
          <LoadingState text="正在获取咨询电话…" />
        ) : meta.error ? (
          <ErrorState message="咨询电话暂时无法获取" onRetry={() => void meta.reload()} />
        ) : (
          <View className="home-contact__row" onClick={callPhone}>
            <Text className="home-phone">{meta.data?.publicPhone}</Text>
            <Text className="home-contact__call">拨打</Text>
          </View>
        )}
      </View>
    </PageShell>
  );
}
