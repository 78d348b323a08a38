import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { CONSULTATION_STATUS_LABELS } from '@zwgk/types';
import PageShell from '../../components/PageShell';
import Section from '../../components/Section';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { CONSULT_ROUTES, beijingTime, consultationsApi, shortDay, statusTag } from '../../api/consultations';
import { useApiData } from '../../hooks/useApiData';
import { ROUTES } from '../../routes';
import { useSession } from '../../store/session';
import '../consult-ask/consult.scss';

export default function ConsultMinePage() {
  const session = useSession();
  const { data, loading, error, reload } = useApiData(
    () => consultationsApi.mine({ toast: false }),
    [session?.user.id],
    !!session,
  );
  useDidShow(() => {
    if (session) void reload();
  });
  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh());
  });

  if (!session) {
    return (
      <PageShell className="consult-mine-page">
        <Section title="我的咨询">
          <EmptyState title="请先登录" description="登录后可查看您提出的政策咨询和答复" />
          <Button type="primary" block onClick={() => void Taro.navigateTo({ url: ROUTES.login })}>
            去登录
          </Button>
        </Section>
      </PageShell>
    );
  }

  return (
    <PageShell className="consult-mine-page">
      <Section
        title="我的咨询"
        extra={
          <View
            id="cm-new"
            role="button"
            className="zw-tag zw-tag--red"
            onClick={() => void Taro.navigateTo({ url: CONSULT_ROUTES.ask })}
          >
            我要咨询
          </View>
        }
      >
        {loading && !data ? <LoadingState /> : null}
        {error ? <ErrorState message={error} onRetry={() => void reload()} /> : null}
        {data && data.items.length === 0 ? (
          <EmptyState title="还没有提过咨询" description="点击右上角“我要咨询”，向主管部门咨询政策问题" />
        ) : null}
        {data?.items.map((i) => (
          <View
            key={i.id}
            className="zw-list-item cm-item"
            onClick={() => void Taro.navigateTo({ url: `${CONSULT_ROUTES.detail}?id=${i.id}` })}
          >
            <View className="zw-list-item__main">
              <View className="cs-item__head">
                <Text className="zw-list-item__title cs-item__title cm-item__title">{i.question}</Text>
                <Text className={`zw-tag ${statusTag(i)} cs-item__status cm-item__status`}>
                  {i.overdue ? '已超期' : CONSULTATION_STATUS_LABELS[i.status]}
                </Text>
              </View>
              <Text className="zw-list-item__desc">
                {i.topic} · {i.organName}
              </Text>
              <Text className="zw-list-item__desc">
                {beijingTime(i.askedAt)} 提问
                {i.status === 'pending' || i.status === 'followup' ? ` · ${shortDay(i.dueOn)}前答复` : ''}
                {i.rating ? ` · 评价：${i.rating}` : ''}
              </Text>
            </View>
            <Text className="zw-list-item__arrow">›</Text>
          </View>
        ))}
      </Section>
    </PageShell>
  );
}
