import { useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Picker, Text, View } from '@tarojs/components';
import { DASHBOARD_TABLES, RATINGS, type Dashboard, type DashboardTable } from '@zwgk/types';
import PageShell from '../../components/PageShell';
import Section from '../../components/Section';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import BarChart from '../../components/charts/BarChart';
import StatTile, { StatRow } from '../../components/charts/StatTile';
import { CONSULT_ROUTES } from '../../api/consultations';
import { dashboardApi, exportCsv, type DashboardParams } from '../../api/dashboard';
import { DISCLOSURE_ROUTES } from '../../api/disclosure';
import { SESSION_ROUTES } from '../../api/sessions';
import { useApiData } from '../../hooks/useApiData';
import { useSession } from '../../store/session';
import WorkbenchGuard from '../components/WorkbenchGuard';
import '../workbench.scss';
import './dashboard.scss';

const pct = (r: number | null | undefined) =>
  r === null || r === undefined ? '—' : `${Math.round(r * 1000) / 10}%`;
const go = (url: string) => void Taro.navigateTo({ url });

function chinaToday(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

function Export({ q, table, d }: { q: DashboardParams; table: DashboardTable; d: Dashboard }) {
  const title = `${DASHBOARD_TABLES[table]}（${d.organ?.name ?? '全部机关'} ${d.from}至${d.to}）`;
  return (
    <View
      className={`db-export db-export--${table}`}
      role="button"
      aria-label={`导出“${DASHBOARD_TABLES[table]}”CSV`}
      onClick={() => void exportCsv(q, table, title)}
    >
      导出CSV
    </View>
  );
}

function Board() {
  const today = chinaToday();
  const [q, setQ] = useState<DashboardParams>({ from: `${today.slice(0, 4)}-01-01`, to: today });
  const { data, loading, error, reload } = useApiData(
    () => dashboardApi.get(q, { toast: false }),
    [q.organ, q.from, q.to],
  );
  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh());
  });
  const session = useSession();
  const isAdmin = session?.user.roles.includes('admin') ?? false;
  const organs = data?.organs ?? [];
  const organOptions = organs;
  const allLabel = isAdmin ? '全部机关' : '本人所属机关';
  const pickerRange = [allLabel, ...organOptions.map((o) => o.name)];
  const pickerIndex = q.organ ? organOptions.findIndex((o) => o.id === q.organ) + 1 : 0;
  const link = (base: string, extra: Record<string, string | undefined> = {}) => {
    const params = { organ: q.organ, from: data?.from, to: data?.to, ...extra };
    const s = Object.entries(params)
      .filter(([, v]) => v)
      .map(([k, v]) => `${k}=${encodeURIComponent(v!)}`)
      .join('&');
    return s ? `${base}?${s}` : base;
  };

  return (
    <>
      <View className="db-filters">
        <View className="db-row">
          <Picker
            mode="selector"
            range={pickerRange}
            value={Math.max(0, pickerIndex)}
            onChange={(e) => {
              const i = Number(e.detail.value);
              setQ((old) => ({ ...old, organ: i === 0 ? undefined : organOptions[i - 1]?.id }));
            }}
          >
            <View
              className="db-picker db-organ"
              role="button"
              aria-label={`统计机关：${pickerRange[pickerIndex] ?? allLabel}`}
            >
              {pickerRange[Math.max(0, pickerIndex)] ?? allLabel} ▾
            </View>
          </Picker>
        </View>
        <View className="db-row">
          <Picker
            mode="date"
            value={q.from ?? today}
            end={q.to ?? today}
            onChange={(e) => setQ((o) => ({ ...o, from: e.detail.value }))}
          >
            <View className="db-picker db-from" role="button" aria-label={`起始日期：${q.from}`}>
              {q.from}
            </View>
          </Picker>
          <Text>至</Text>
          <Picker
            mode="date"
            value={q.to ?? today}
            start={q.from}
            onChange={(e) => setQ((o) => ({ ...o, to: e.detail.value }))}
          >
            <View className="db-picker db-to" role="button" aria-label={`截止日期：${q.to}`}>
              {q.to}
            </View>
          </Picker>
        </View>
        <View className="zw-chips">
          {[
            { label: '本年', from: `${today.slice(0, 4)}-01-01`, to: today },
            {
              label: '上一年',
              from: `${Number(today.slice(0, 4)) - 1}-01-01`,
              to: `${Number(today.slice(0, 4)) - 1}-12-31`,
            },
            {
              label: '近30天',
              from: new Date(Date.parse(`${today}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10),
              to: today,
            },
          ].map((p) => (
            <View
              key={p.label}
              role="button"
              className={`zw-chip ${q.from === p.from && q.to === p.to ? 'zw-chip--active' : ''}`}
              onClick={() => setQ((o) => ({ ...o, from: p.from, to: p.to }))}
            >
              {p.label}
            </View>
          ))}
        </View>
      </View>

      {loading && !data ? <LoadingState text="正在统计…" /> : null}
      {error ? <ErrorState message={error} onRetry={() => void reload()} /> : null}
      {data ? (
        <>
          <Section title="依申请公开" className="db-disclosure">
            <StatRow>
              <StatTile
                label="收到申请"
                value={String(data.disclosure.total)}
                onClick={() => go(DISCLOSURE_ROUTES.queue)}
              />
              <StatTile
                label="按时答复率"
                value={pct(data.disclosure.onTimeRate)}
                hint={`已答复 ${data.disclosure.replied} 件`}
                tone="blue"
              />
              <StatTile
                label="超期未答复"
                value={String(data.disclosure.overdue.length)}
                tone={data.disclosure.overdue.length ? 'red' : 'default'}
                onClick={() => go(DISCLOSURE_ROUTES.queue)}
              />
            </StatRow>
            <Text className="db-sub">按办理状态</Text>
            <BarChart
              title="依申请公开按办理状态"
              bars={data.disclosure.byStatus.map((s) => ({
                key: s.status,
                label: s.label,
                value: s.count,
                onClick: () => go(DISCLOSURE_ROUTES.queue),
              }))}
            />
            <Export q={q} table="disclosure-status" d={data} />
            {data.disclosure.overdue.length ? (
              <>
                <Text className="db-sub">超期未答复</Text>
                {data.disclosure.overdue.map((o) => (
                  <View
                    key={o.id}
                    className="zw-list-item"
                    onClick={() => go(`${DISCLOSURE_ROUTES.staffDetail}?id=${o.id}`)}
                  >
                    <View className="zw-list-item__main">
                      <Text className="zw-list-item__title">{o.number}</Text>
                      <Text className="zw-list-item__desc">
                        {o.organName} · 期限 {o.dueOn}
                      </Text>
                    </View>
                    <Text className="zw-list-item__arrow">›</Text>
                  </View>
                ))}
                <Export q={q} table="disclosure-overdue" d={data} />
              </>
            ) : null}
          </Section>

          <Section title="政务公开讲" className="db-sessions">
            <StatRow>
              <StatTile
                label="举办场次"
                value={String(data.sessions.sessions)}
                onClick={() => go(SESSION_ROUTES.workbenchList)}
              />
              <StatTile
                label="签到率"
                value={pct(data.sessions.attendanceRate)}
                hint={`预约 ${data.sessions.booked} 人，签到 ${data.sessions.attended} 人`}
                tone="blue"
              />
              <StatTile
                label="评价均分"
                value={
                  data.sessions.feedbackAverage === null ? '—' : data.sessions.feedbackAverage.toFixed(1)
                }
                hint={`${data.sessions.feedbackCount} 条评价`}
              />
            </StatRow>
            <Text className="db-sub">各场次签到率</Text>
            <BarChart
              title="各场次签到率"
              max={1}
              bars={data.sessions.list.slice(0, 20).map((s) => ({
                key: s.id,
                label: s.title,
                value: s.attendanceRate ?? 0,
                display: `${pct(s.attendanceRate)}（${s.attended}/${s.booked}）`,
                tone: 'green',
                onClick: () => go(`${SESSION_ROUTES.workbenchRoster}?id=${s.id}`),
              }))}
              emptyText="该期间没有已发布的场次"
            />
            <Export q={q} table="sessions" d={data} />
          </Section>

          <Section title="政策咨询" className="db-consultations">
            <StatRow>
              <StatTile
                label="咨询量"
                value={String(data.consultations.total)}
                onClick={() => go(link(CONSULT_ROUTES.queue, { tab: 'all' }))}
              />
              <StatTile
                label="答复用时中位数"
                value={
                  data.consultations.medianReplyWorkdays === null
                    ? '—'
                    : `${data.consultations.medianReplyWorkdays}个工作日`
                }
                hint={`已答复 ${data.consultations.answered} 件，按时 ${data.consultations.onTimeAnswered} 件`}
                tone="blue"
              />
              <StatTile
                label="满意率"
                value={pct(data.consultations.satisfaction.satisfiedShare)}
                hint={`${data.consultations.satisfaction.rated} 人评价`}
              />
              <StatTile
                label="超期未答复"
                value={String(data.consultations.overdue)}
                tone={data.consultations.overdue ? 'red' : 'default'}
                onClick={() => go(link(CONSULT_ROUTES.queue, { tab: 'overdue' }))}
              />
            </StatRow>
            <Text className="db-sub">按主题</Text>
            <BarChart
              title="政策咨询按主题"
              bars={data.consultations.byTopic.map((t) => ({
                key: t.topic,
                label: t.topic,
                value: t.count,
                tone: 'red',
                onClick: () => go(link(CONSULT_ROUTES.queue, { tab: 'all', topic: t.topic })),
              }))}
            />
            <Export q={q} table="consultation-topics" d={data} />
            <Text className="db-sub">满意度</Text>
            <BarChart
              title="政策咨询满意度"
              bars={RATINGS.map((r) => ({
                key: r,
                label: r,
                value: data.consultations.satisfaction[r],
                tone: r === '不满意' ? 'grey' : 'gold',
                onClick: () => go(link(CONSULT_ROUTES.queue, { tab: 'all', rating: r })),
              }))}
            />
            {data.consultations.overdueList.length ? (
              <Export q={q} table="consultation-overdue" d={data} />
            ) : null}
          </Section>

          {data.ranking ? (
            <Section title="各机关排名" className="db-ranking">
              <Text className="zw-note">
                综合得分为依申请公开按时答复率、公开讲签到率、咨询按时答复率和满意率的平均值。
              </Text>
              <BarChart
                title="各机关综合得分"
                max={100}
                bars={data.ranking.map((r, i) => ({
                  key: r.organId,
                  label: `${i + 1}. ${r.organName}`,
                  value: r.score ?? 0,
                  display: r.score === null ? '暂无数据' : `${r.score}分`,
                  tone: 'blue',
                  onClick: () => setQ((o) => ({ ...o, organ: r.organId })),
                }))}
              />
              <Export q={q} table="ranking" d={data} />
            </Section>
          ) : null}
          {!isAdmin && !organs.length ? <EmptyState title="暂无可查看的机关" /> : null}
        </>
      ) : null}
    </>
  );
}

export default function DashboardPage() {
  return (
    <PageShell className="dashboard-page">
      <WorkbenchGuard need="staff">{() => <Board />}</WorkbenchGuard>
    </PageShell>
  );
}
