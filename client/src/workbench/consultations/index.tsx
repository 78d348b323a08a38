import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { CONSULTATION_STATUS_LABELS } from '@zwgk/types';
import PageShell from '../../components/PageShell';
import Section from '../../components/Section';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import {
  CONSULT_ROUTES,
  beijingTime,
  consultationsApi,
  shortDay,
  statusTag,
  type QueueQuery,
} from '../../api/consultations';
import { useApiData } from '../../hooks/useApiData';
import { useSession } from '../../store/session';
import WorkbenchGuard from '../components/WorkbenchGuard';
import '../workbench.scss';
import './consult-wb.scss';

type Tab = 'open' | 'overdue' | 'answered' | 'all';
const TABS: { key: Tab; label: string }[] = [
  { key: 'open', label: '待答复' },
  { key: 'overdue', label: '已超期' },
  { key: 'answered', label: '已答复' },
  { key: 'all', label: '全部' },
];

function Queue() {
  const params = useRouter().params;
  const session = useSession();
  const isAdmin = session?.user.roles.includes('admin') ?? false;
  const initial = (TABS.find((t) => t.key === params.tab)?.key ?? 'open') as Tab;
  const [tab, setTab] = useState<Tab>(initial);
  // Filters passed from the dashboard (each figure links here).
  const base: QueueQuery = {
    organ: params.organ || undefined,
    topic: (params.topic ? decodeURIComponent(params.topic) : undefined) as QueueQuery['topic'],
    from: params.from || undefined,
    to: params.to || undefined,
    rating: (params.rating ? decodeURIComponent(params.rating) : undefined) as QueueQuery['rating'],
  };
  const query: QueueQuery =
    tab === 'open'
      ? { ...base, status: 'open' }
      : tab === 'overdue'
        ? { ...base, overdue: 'true' }
        : tab === 'answered'
          ? { ...base, status: 'answered' }
          : base;
  const { data, loading, error, reload } = useApiData(
    () => consultationsApi.queue(query, { toast: false }),
    [tab],
  );
  useDidShow(() => void reload());
  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh());
  });

  return (
    <>
      <View className="cq-tabs" role="tablist" aria-label="咨询分类">
        {TABS.map((t) => (
          <View
            key={t.key}
            id={`cq-tab-${t.key}`}
            role="tab"
            aria-selected={tab === t.key}
            className={`zw-chip ${tab === t.key ? 'zw-chip--active' : ''}`}
            onClick={() => setTab(t.key)}
          >
            {t.label}
          </View>
        ))}
      </View>
      {base.topic || base.from || base.rating ? (
        <Text className="zw-note">
          筛选：
          {[base.topic, base.rating, base.from && `${base.from} 至 ${base.to ?? ''}`]
            .filter(Boolean)
            .join(' · ')}
        </Text>
      ) : null}
      <Section title="已超期的排在最前" className="cq-list">
        {loading && !data ? <LoadingState /> : null}
        {error ? <ErrorState message={error} onRetry={() => void reload()} /> : null}
        {data && !data.items.length ? (
          <EmptyState title="暂无咨询" description="本机关当前没有此类咨询" />
        ) : null}
        {data?.items.map((i) => (
          <View
            key={i.id}
            className="zw-list-item cq-item"
            onClick={() => void Taro.navigateTo({ url: `${CONSULT_ROUTES.staffDetail}?id=${i.id}` })}
          >
            <View className="zw-list-item__main">
              <View className="cq-item__head">
                <Text className="cq-item__title">{i.question}</Text>
                <Text className={`zw-tag ${statusTag(i)} cq-item__status`}>
                  {i.overdue ? '已超期' : CONSULTATION_STATUS_LABELS[i.status]}
                </Text>
              </View>
              <Text className="zw-list-item__desc">
                {i.topic} · {i.organName} · {beijingTime(i.askedAt)}
              </Text>
              {i.status === 'pending' || i.status === 'followup' ? (
                <Text className="zw-list-item__desc">承诺 {shortDay(i.dueOn)} 前答复</Text>
              ) : i.rating ? (
                <Text className="zw-list-item__desc">评价：{i.rating}</Text>
              ) : null}
            </View>
            <Text className="zw-list-item__arrow">›</Text>
          </View>
        ))}
      </Section>
      {isAdmin ? (
        <Section title="设置">
          <View
            id="cq-routes"
            className="zw-list-item"
            onClick={() => void Taro.navigateTo({ url: CONSULT_ROUTES.routes })}
          >
            <View className="zw-list-item__main">
              <Text className="zw-list-item__title">咨询分办规则</Text>
              <Text className="zw-list-item__desc">设置各咨询主题的受理机关</Text>
            </View>
            <Text className="zw-list-item__arrow">›</Text>
          </View>
        </Section>
      ) : null}
    </>
  );
}

export default function ConsultationQueuePage() {
  return (
    <PageShell className="consult-queue-page">
      <WorkbenchGuard need="staff">{() => <Queue />}</WorkbenchGuard>
    </PageShell>
  );
}
