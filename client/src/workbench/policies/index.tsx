import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { POLICY_STATUSES, POLICY_STATUS_LABELS, type PolicyStatus, type User } from '@zwgk/types';
import PageShell from '../../components/PageShell';
import Section from '../../components/Section';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { POLICY_ROUTES, beijingDateTime, policiesApi } from '../../api/policies';
import { useApiData } from '../../hooks/useApiData';
import WorkbenchGuard from '../components/WorkbenchGuard';
import '../workbench.scss';
import './policies.scss';

const STATUS_TAG: Record<PolicyStatus, string> = {
  draft: 'zw-tag--grey',
  submitted: 'zw-tag--blue',
  returned: 'zw-tag--red',
  published: 'wbp-tag--green',
};

function PolicyList({ user }: { user: User }) {
  const isReviewer = user.roles.includes('reviewer');
  const [status, setStatus] = useState<PolicyStatus | undefined>(isReviewer ? 'submitted' : undefined);
  const list = useApiData(() => policiesApi.work.list({ status, limit: 50 }, { toast: false }), [status]);

  useDidShow(() => {
    if (!list.loading) void list.reload();
  });

  return (
    <>
      <View className="wb-toolbar">
        <Text className="wbp-hint">
          {isReviewer
            ? '审核本机关提交的文件和解读，审查通过即发布'
            : '起草本机关的政策文件和解读，提交保密审查'}
        </Text>
        <Button
          id="wbp-create"
          type="primary"
          onClick={() => void Taro.navigateTo({ url: POLICY_ROUTES.workEdit })}
        >
          起草文件
        </Button>
      </View>
      <View className="zw-chips wb-filter">
        <View
          id="wbp-open-import"
          className="zw-chip"
          role="link"
          aria-label="批量导入"
          onClick={() => void Taro.navigateTo({ url: POLICY_ROUTES.workImport })}
        >
          批量导入
        </View>
        <View
          id="wbp-open-faqs"
          className="zw-chip"
          role="link"
          aria-label="独立问答管理"
          onClick={() => void Taro.navigateTo({ url: POLICY_ROUTES.workFaqs })}
        >
          独立问答
        </View>
      </View>
      <View className="zw-chips wb-filter">
        <View
          className={`zw-chip wbp-status wbp-status--all ${status ? '' : 'zw-chip--active'}`}
          onClick={() => setStatus(undefined)}
        >
          全部
        </View>
        {POLICY_STATUSES.map((s) => (
          <View
            key={s}
            className={`zw-chip wbp-status wbp-status--${s} ${status === s ? 'zw-chip--active' : ''}`}
            onClick={() => setStatus(status === s ? undefined : s)}
          >
            {s === 'submitted' && isReviewer ? '待我审查' : POLICY_STATUS_LABELS[s]}
          </View>
        ))}
      </View>
      <Section
        title={status === 'submitted' && isReviewer ? '审查队列' : '本机关文件'}
        className="wbp-list"
        extra={list.data ? <Text className="wb-count">共 {list.data.items.length} 件</Text> : null}
      >
        {list.loading && !list.data ? <LoadingState /> : null}
        {list.error ? <ErrorState message={list.error} onRetry={() => void list.reload()} /> : null}
        {list.data && list.data.items.length === 0 ? (
          <EmptyState
            title={status === 'submitted' ? '没有待审查的文件' : '暂无文件'}
            description={status === 'submitted' ? '工作人员提交审查后将出现在这里' : '点击“起草文件”开始'}
          />
        ) : null}
        {list.data?.items.map((p) => (
          <View
            key={p.id}
            className="zw-list-item wbp-item"
            onClick={() => void Taro.navigateTo({ url: `${POLICY_ROUTES.workDetail}?id=${p.id}` })}
          >
            <View className="zw-list-item__main wb-item">
              <View className="wb-item__head">
                <Text className="wb-item__name wbp-item__title">{p.title}</Text>
              </View>
              <Text className="wb-item__meta">
                {p.docNo ?? '无发文字号'} · {p.kind} · 更新于 {beijingDateTime(p.updatedAt)}
              </Text>
              <View className="wb-item__tags">
                <Text className={`zw-tag ${STATUS_TAG[p.status]} wbp-item__status`}>
                  {POLICY_STATUS_LABELS[p.status]}
                </Text>
                {p.status === 'published' && p.validity !== '有效' ? (
                  <Text className="zw-tag zw-tag--grey">{p.validity}</Text>
                ) : null}
                {p.interpretationCount ? (
                  <Text className="zw-tag zw-tag--blue">解读 {p.interpretationCount}</Text>
                ) : null}
              </View>
              {p.status === 'returned' && p.returnReason ? (
                <Text className="wbp-item__reason">退回理由：{p.returnReason}</Text>
              ) : null}
            </View>
            <Text className="zw-list-item__arrow">›</Text>
          </View>
        ))}
      </Section>
    </>
  );
}

export default function WorkbenchPoliciesPage() {
  return (
    <PageShell className="wb-policies-page">
      <WorkbenchGuard need="staff">{(user) => <PolicyList user={user} />}</WorkbenchGuard>
    </PageShell>
  );
}
