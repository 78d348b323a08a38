import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { SESSION_STATUS_LABELS, type SessionListItem } from '@zwgk/types';
import PageShell from '../../components/PageShell';
import Section from '../../components/Section';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { useApiData } from '../../hooks/useApiData';
import { newIdempotencyKey } from '../../api';
import { SESSION_ROUTES, sessionTime, sessionsApi } from '../../api/sessions';
import OrganizerOnly from './OrganizerOnly';
import '../workbench.scss';
import './sessions.scss';

const TONE: Record<SessionListItem['status'], string> = {
  draft: 'soon',
  published: 'blue',
  cancelled: 'grey',
  completed: 'grey',
};

async function duplicate(s: SessionListItem) {
  const { confirm } = await Taro.showModal({
    title: '复制场次',
    content: `将“${s.title}”复制为一周后同一时间的草稿，可再修改后发布。`,
    confirmText: '复制',
    confirmColor: '#b3261e',
  });
  if (!confirm) return;
  try {
    const { session } = await sessionsApi.duplicate(s.id, newIdempotencyKey());
    void Taro.showToast({ title: '已复制为草稿', icon: 'success' });
    void Taro.navigateTo({ url: `${SESSION_ROUTES.workbenchEdit}?id=${session.id}` });
  } catch {
    // The API client has shown the server's message.
  }
}

function SessionList({ isAdmin }: { isAdmin: boolean }) {
  const list = useApiData(() => sessionsApi.managed({ toast: false }), []);
  useDidShow(() => {
    if (!list.loading) void list.reload();
  });
  return (
    <>
      <View className="wb-toolbar">
        <Text className="wbs-intro">发布本机关的政务公开讲，管理预约名单，现场核验入场。</Text>
        <Button
          id="wbs-create"
          type="primary"
          onClick={() => void Taro.navigateTo({ url: SESSION_ROUTES.workbenchEdit })}
        >
          新建场次
        </Button>
      </View>
      <View className="wbs-links wbs-toolbar-links">
        <Text
          className="wbs-link"
          id="wbs-stats"
          onClick={() => void Taro.navigateTo({ url: SESSION_ROUTES.workbenchStats })}
        >
          签到率统计 ›
        </Text>
        {isAdmin ? (
          <Text
            className="wbs-link"
            id="wbs-zones"
            onClick={() => void Taro.navigateTo({ url: SESSION_ROUTES.workbenchZones })}
          >
            政务公开专区管理 ›
          </Text>
        ) : null}
      </View>
      <Section
        title="本机关场次"
        className="wbs-list"
        extra={list.data ? <Text className="wb-count">共 {list.data.items.length} 场</Text> : null}
      >
        {list.loading && !list.data ? <LoadingState /> : null}
        {list.error ? <ErrorState message={list.error} onRetry={() => void list.reload()} /> : null}
        {list.data && !list.data.items.length ? (
          <EmptyState title="还没有场次" description="点击“新建场次”发布第一场政务公开讲" />
        ) : null}
        {list.data?.items.map((s) => (
          <View key={s.id} className="zw-list-item wbs-item" id={`wbs-${s.id}`}>
            <View
              className="zw-list-item__main wb-item"
              onClick={() =>
                void Taro.navigateTo({
                  url: `${s.status === 'draft' ? SESSION_ROUTES.workbenchEdit : SESSION_ROUTES.workbenchRoster}?id=${s.id}`,
                })
              }
            >
              <View className="wb-item__head">
                <Text className="wb-item__name wbs-item__title">{s.title}</Text>
                <Text className={`zw-tag zw-tag--${TONE[s.status]}`}>{SESSION_STATUS_LABELS[s.status]}</Text>
              </View>
              <Text className="wb-item__meta">{sessionTime(s.startsAt, s.endsAt)}</Text>
              <Text className="wb-item__meta">
                {s.zone.name} · {s.room}
              </Text>
              <Text className="wb-item__meta">
                已确认 {s.capacity - s.seatsLeft}/{s.capacity} · 候补 {s.waitlistCount}
              </Text>
            </View>
            <View className="wbs-actions">
              {s.status !== 'draft' ? (
                <View
                  className="wb-item__action wb-item__action--primary wbs-roster"
                  onClick={() =>
                    void Taro.navigateTo({ url: `${SESSION_ROUTES.workbenchRoster}?id=${s.id}` })
                  }
                >
                  签到
                </View>
              ) : null}
              {s.status === 'draft' || s.status === 'published' ? (
                <View
                  className="wb-item__action wbs-edit"
                  onClick={() => void Taro.navigateTo({ url: `${SESSION_ROUTES.workbenchEdit}?id=${s.id}` })}
                >
                  编辑
                </View>
              ) : null}
              <View className="wb-item__action wbs-duplicate" onClick={() => void duplicate(s)}>
                复制
              </View>
            </View>
          </View>
        ))}
      </Section>
    </>
  );
}

export default function WorkbenchSessionsPage() {
  return (
    <PageShell className="wbs-page">
      <OrganizerOnly>{(user) => <SessionList isAdmin={user.roles.includes('admin')} />}</OrganizerOnly>
    </PageShell>
  );
}
