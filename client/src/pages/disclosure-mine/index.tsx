import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { DISCLOSURE_STATUS_LABELS } from '@zwgk/types';
import PageShell from '../../components/PageShell';
import Section from '../../components/Section';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { DISCLOSURE_ROUTES, disclosureApi } from '../../api/disclosure';
import { useApiData } from '../../hooks/useApiData';
import { ROUTES } from '../../routes';
import { useSession } from '../../store/session';
import '../disclosure-apply/disclosure.scss';

export default function DisclosureMinePage() {
  const session = useSession();
  const { data, loading, error, reload } = useApiData(
    () => disclosureApi.mine({ toast: false }),
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
      <PageShell className="disclosure-mine-page">
        <Section title="我的申请">
          <EmptyState title="请先登录" description="登录后可查看您提交的政府信息公开申请及办理进度" />
          <Button type="primary" block onClick={() => void Taro.navigateTo({ url: ROUTES.login })}>
            去登录
          </Button>
        </Section>
      </PageShell>
    );
  }

  return (
    <PageShell className="disclosure-mine-page">
      <Section
        title="我的申请"
        extra={
          <Text
            id="dm-new"
            className="zw-tag zw-tag--red"
            onClick={() => void Taro.navigateTo({ url: DISCLOSURE_ROUTES.apply })}
          >
            新申请
          </Text>
        }
      >
        {loading && !data ? <LoadingState /> : null}
        {error ? <ErrorState message={error} onRetry={() => void reload()} /> : null}
        {data && data.items.length === 0 ? (
          <EmptyState title="还没有提交过申请" description="点击右上角“新申请”，向行政机关申请获取政府信息" />
        ) : null}
        {data?.items.map((i) => (
          <View
            key={i.id}
            className="zw-list-item dm-item"
            onClick={() => void Taro.navigateTo({ url: `${DISCLOSURE_ROUTES.detail}?id=${i.id}` })}
          >
            <View className="zw-list-item__main">
              <View className="dm-item__head">
                <Text className="zw-list-item__title dm-item__title">{i.title}</Text>
                <Text className={`zw-tag ${i.overdue ? 'zw-tag--red' : 'zw-tag--blue'} dm-item__status`}>
                  {DISCLOSURE_STATUS_LABELS[i.status]}
                </Text>
              </View>
              <Text className="zw-list-item__desc">
                {i.number} · {i.organ.name}
              </Text>
              {i.dueOn ? (
                <Text className="zw-list-item__desc">
                  答复期限：{i.dueOn}
                  {i.provisional ? '（预计）' : ''}
                </Text>
              ) : null}
            </View>
            <Text className="zw-list-item__arrow">›</Text>
          </View>
        ))}
      </Section>
    </PageShell>
  );
}
