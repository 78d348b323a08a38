import { useState } from 'react';
import Taro, { usePullDownRefresh, useShareAppMessage } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { CONSULTATION_TOPICS, type ConsultationTopic } from '@zwgk/types';
import PageShell from '../../components/PageShell';
import Section from '../../components/Section';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { CONSULT_ROUTES, consultationsApi } from '../../api/consultations';
import { useApiData } from '../../hooks/useApiData';
import '../consult-ask/consult.scss';

export default function ConsultPublicPage() {
  const [topic, setTopic] = useState<ConsultationTopic | null>(null);
  const { data, loading, error, reload } = useApiData(
    () => consultationsApi.published({ topic: topic ?? undefined, limit: 50 }, { toast: false }),
    [topic],
  );
  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh());
  });
  useShareAppMessage(() => ({ title: '政策咨询问答', path: CONSULT_ROUTES.published }));

  return (
    <PageShell className="consult-public-page">
      <View className="zw-card">
        <View className="zw-chips" role="radiogroup" aria-label="按主题筛选">
          <View
            role="radio"
            aria-checked={topic === null}
            className={`zw-chip ${topic === null ? 'zw-chip--active' : ''}`}
            onClick={() => setTopic(null)}
          >
            全部
          </View>
          {CONSULTATION_TOPICS.map((t) => (
            <View
              key={t}
              role="radio"
              aria-checked={topic === t}
              className={`zw-chip ${topic === t ? 'zw-chip--active' : ''}`}
              onClick={() => setTopic(t)}
            >
              {t}
            </View>
          ))}
        </View>
      </View>
      <Section title="咨询问答公开">
        {loading && !data ? <LoadingState /> : null}
        {error ? <ErrorState message={error} onRetry={() => void reload()} /> : null}
        {data && !data.items.length ? (
          <EmptyState title="暂无公开的问答" description="经提问人同意、去除个人信息后的问答将在此公开" />
        ) : null}
        {data?.items.map((qa) => (
          <View key={qa.id} className="cs-qa cp-item">
            <Text className="cs-qa__q">问：{qa.question}</Text>
            <Text className="cs-qa__a">答：{qa.answer}</Text>
            <Text className="cs-qa__meta">
              {qa.topic} · {qa.organName} · {qa.publishedAt.slice(0, 10)}
            </Text>
          </View>
        ))}
      </Section>
    </PageShell>
  );
}
