import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { DISCLOSURE_STATUS_LABELS, type DisclosureListItem, type User } from '@zwgk/types';
import PageShell from '../../../components/PageShell';
import Section from '../../../components/Section';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { DISCLOSURE_ROUTES, disclosureApi } from '../../../api/disclosure';
import { useApiData } from '../../../hooks/useApiData';
import { useSession } from '../../../store/session';
import WorkbenchGuard from '../../components/WorkbenchGuard';
import '../../workbench.scss';
import '../disclosure-wb.scss';

type View_ = 'open' | 'due_soon' | 'overdue' | 'review' | 'all';
const TABS: { key: View_; label: string; reviewer?: boolean }[] = [
  { key: 'open', label: '待办' },
  { key: 'due_soon', label: '即将到期' },
  { key: 'overdue', label: '已超期' },
  { key: 'review', label: '待审核', reviewer: true },
  { key: 'all', label: '全部' },
];

function Deadline({ i }: { i: DisclosureListItem }) {
  if (!i.dueOn)
    return <Text className="zw-list-item__desc">{i.status === 'submitted' ? '待登记受理' : '期限暂停'}</Text>;
  const left =
    i.workingDaysLeft === null
      ? ''
      : i.overdue
        ? `，已超期${-i.workingDaysLeft}个工作日`
        : `，剩余${i.workingDaysLeft}个工作日`;
  return (
    <Text className="zw-list-item__desc">
      答复期限 {i.dueOn}
      {left}
      {i.provisional ? '（预计）' : ''}
    </Text>
  );
}

function Queue() {
  const session = useSession();
  const isReviewer = session?.user.roles.includes('reviewer') ?? false;
  const [tab, setTab] = useState<View_>(
    isReviewer && !session?.user.roles.includes('staff') ? 'review' : 'open',
  );
  const [mineOnly, setMineOnly] = useState(false);
  const { data, loading, error, reload } = useApiData(
    () =>
      tab === 'review'
        ? disclosureApi.reviewQueue({ toast: false })
        : disclosureApi.queue(tab, { toast: false, ...(mineOnly ? { assignee: 'me' } : {}) }),
    [tab, mineOnly],
  );
  useDidShow(() => void reload());
  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh());
  });

  return (
    <>
      <View className="dq-tabs">
        {TABS.filter((t) => !t.reviewer || isReviewer).map((t) => (
          <View
            key={t.key}
            id={`dq-tab-${t.key}`}
            className={`zw-chip ${tab === t.key ? 'zw-chip--active' : ''}`}
            onClick={() => setTab(t.key)}
          >
            {t.label}
          </View>
        ))}
        {tab !== 'review' ? (
          <View
            id="dq-mine"
            className={`zw-chip ${mineOnly ? 'zw-chip--active' : ''}`}
            role="checkbox"
            aria-checked={mineOnly}
            onClick={() => setMineOnly(!mineOnly)}
          >
            只看指派给我的
          </View>
        ) : null}
      </View>
      <Section title="按紧急程度排列" className="dq-list">
        {loading && !data ? <LoadingState /> : null}
        {error ? <ErrorState message={error} onRetry={() => void reload()} /> : null}
        {data && data.items.length === 0 ? (
          <EmptyState title="暂无申请" description="本机关当前没有此类申请" />
        ) : null}
        {data?.items.map((i) => (
          <View
            key={i.id}
            className="zw-list-item dq-item"
            onClick={() => void Taro.navigateTo({ url: `${DISCLOSURE_ROUTES.staffDetail}?id=${i.id}` })}
          >
            <View className="zw-list-item__main">
              <View className="dq-item__head">
                <Text className="dq-item__title">{i.title}</Text>
                {i.overdue ? <Text className="zw-tag zw-tag--red dq-overdue">已超期</Text> : null}
                {i.dueSoon ? <Text className="zw-tag zw-tag--soon dq-due-soon">即将到期</Text> : null}
                {i.extensionPending ? <Text className="zw-tag zw-tag--blue">延期待批</Text> : null}
                {i.feeExpired ? <Text className="zw-tag zw-tag--red">缴费逾期</Text> : null}
              </View>
              <Text className="zw-list-item__desc">
                {i.number} · {i.applicantName}（{i.applicantIdMasked}）· {DISCLOSURE_STATUS_LABELS[i.status]}
                {i.assignee ? ` · 经办：${i.assignee.name}` : ''}
              </Text>
              <Deadline i={i} />
            </View>
            <Text className="zw-list-item__arrow">›</Text>
          </View>
        ))}
      </Section>
    </>
  );
}

function MoreLinks({ user }: { user: User }) {
  const links = [
    {
      id: 'dq-report',
      title: '年度报告统计',
      desc: '收到和处理政府信息公开申请情况（表三）、行政复议和诉讼情况（表四），可导出Excel',
      url: DISCLOSURE_ROUTES.report,
    },
    ...(user.roles.includes('admin')
      ? [
          {
            id: 'dq-calendar',
            title: '工作日历管理',
            desc: '录入国务院放假通知，调整工作日',
            url: DISCLOSURE_ROUTES.calendar,
          },
        ]
      : []),
  ];
  return (
    <Section title="统计与设置" className="dq-more">
      {links.map((l) => (
        <View
          key={l.id}
          id={l.id}
          className="zw-list-item"
          onClick={() => void Taro.navigateTo({ url: l.url })}
        >
          <View className="zw-list-item__main">
            <Text className="zw-list-item__title">{l.title}</Text>
            <Text className="zw-list-item__desc">{l.desc}</Text>
          </View>
          <Text className="zw-list-item__arrow">›</Text>
        </View>
      ))}
    </Section>
  );
}

export default function DisclosureQueuePage() {
  return (
    <PageShell className="workbench-page disclosure-queue-page">
      <WorkbenchGuard need="staff">
        {(user) => (
          <>
            {user.roles.some((r) => r === 'staff' || r === 'reviewer') ? <Queue /> : null}
            <MoreLinks user={user} />
          </>
        )}
      </WorkbenchGuard>
    </PageShell>
  );
}
