/** Admins: the open-government zones (政务公开专区). */
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import PageShell from '../../components/PageShell';
import Section from '../../components/Section';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { useApiData } from '../../hooks/useApiData';
import { SESSION_ROUTES, sessionsApi } from '../../api/sessions';
import WorkbenchGuard from '../components/WorkbenchGuard';
import '../workbench.scss';
import '../sessions/sessions.scss';

function ZoneList() {
  const list = useApiData(() => sessionsApi.zones({ toast: false }), []);
  useDidShow(() => {
    if (!list.loading) void list.reload();
  });
  return (
    <>
      <View className="wb-toolbar">
        <Text className="wbs-intro">维护各政务公开专区的地址、开放时间、服务项目和照片。</Text>
        <Button
          id="zones-create"
          type="primary"
          onClick={() => void Taro.navigateTo({ url: SESSION_ROUTES.workbenchZoneEdit })}
        >
          新增专区
        </Button>
      </View>
      <Section title="政务公开专区" className="wbz-list">
        {list.loading && !list.data ? <LoadingState /> : null}
        {list.error ? <ErrorState message={list.error} onRetry={() => void list.reload()} /> : null}
        {list.data && !list.data.items.length ? <EmptyState title="还没有专区" /> : null}
        {list.data?.items.map((z) => (
          <View
            key={z.id}
            className="zw-list-item wbz-item"
            onClick={() => void Taro.navigateTo({ url: `${SESSION_ROUTES.workbenchZoneEdit}?id=${z.id}` })}
          >
            <View className="zw-list-item__main">
              <Text className="zw-list-item__title">{z.name}</Text>
              <Text className="zw-list-item__desc">
                {z.organName} · {z.address} · 照片 {z.photos.length} 张
              </Text>
            </View>
            <Text className="zw-list-item__arrow">›</Text>
          </View>
        ))}
      </Section>
    </>
  );
}

export default function WorkbenchZonesPage() {
  return (
    <PageShell className="wbz-page">
      <WorkbenchGuard need="admin">{() => <ZoneList />}</WorkbenchGuard>
    </PageShell>
  );
}
