import { useState } from 'react';
import { Picker, Text, View } from '@tarojs/components';
import type { ConsultationTopic } from '@zwgk/types';
import PageShell from '../../components/PageShell';
import Section from '../../components/Section';
import { ErrorState, LoadingState } from '../../components/States';
import { api, ApiRequestError, NETWORK_ERROR_MESSAGE } from '../../api';
import { consultationsApi } from '../../api/consultations';
import { useApiData } from '../../hooks/useApiData';
import WorkbenchGuard from '../components/WorkbenchGuard';
import '../workbench.scss';
import './consult-wb.scss';

function Table() {
  const routes = useApiData(() => consultationsApi.routes({ toast: false }), []);
  const organs = useApiData(() => api.organs.list({ toast: false }), []);
  const [error, setError] = useState<string | null>(null);
  if ((routes.loading && !routes.data) || (organs.loading && !organs.data)) return <LoadingState />;
  if (routes.error || !routes.data)
    return <ErrorState message={routes.error ?? '加载失败'} onRetry={() => void routes.reload()} />;
  const list = organs.data?.items ?? [];

  const change = async (topic: ConsultationTopic, index: number) => {
    setError(null);
    try {
      await consultationsApi.setRoute(topic, list[index]!.id);
      await routes.reload();
    } catch (e) {
      setError(e instanceof ApiRequestError ? e.message : NETWORK_ERROR_MESSAGE);
    }
  };

  return (
    <Section title={`各主题受理机关（承诺 ${routes.data.replyWorkdays} 个工作日内答复）`}>
      {routes.data.items.map((r) => (
        <Picker
          key={r.topic}
          mode="selector"
          range={list.map((o) => o.name)}
          value={Math.max(
            0,
            list.findIndex((o) => o.id === r.organId),
          )}
          onChange={(e) => void change(r.topic, Number(e.detail.value))}
        >
          <View
            className="zw-list-item cr-row"
            role="button"
            aria-label={`${r.topic}的受理机关：${r.organName ?? '未设置'}`}
          >
            <View className="zw-list-item__main">
              <Text className="zw-list-item__title">{r.topic}</Text>
              <Text className="zw-list-item__desc">
                {r.organName ?? '未设置（将由“其他”的受理机关受理）'}
              </Text>
            </View>
            <Text className="zw-list-item__arrow">›</Text>
          </View>
        </Picker>
      ))}
      {error ? <View className="zw-form-error">{error}</View> : null}
    </Section>
  );
}

export default function ConsultationRoutesPage() {
  return (
    <PageShell className="consult-routes-page">
      <WorkbenchGuard need="admin">{() => <Table />}</WorkbenchGuard>
    </PageShell>
  );
}
