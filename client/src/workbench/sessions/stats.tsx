/** Organizers: attendance by month and by session for their organ (admins: every organ). */
import { useState } from 'react';
import { Picker, Text, View } from '@tarojs/components';
import PageShell from '../../components/PageShell';
import Section from '../../components/Section';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { useApiData } from '../../hooks/useApiData';
import { beijing, sessionsApi } from '../../api/sessions';
import OrganizerOnly from './OrganizerOnly';
import '../workbench.scss';
import './sessions.scss';

const pct = (r: number | null) => (r === null ? '-' : `${Math.round(r * 100)}%`);

function monthsBack(n: number): string[] {
  const now = beijing(new Date());
  const out: string[] = [];
  let y = now.y;
  let m = now.m;
  for (let i = 0; i < n; i++) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    if (--m === 0) {
      m = 12;
      y--;
    }
  }
  return out;
}

function Stats() {
  const choices = monthsBack(12);
  const [from, setFrom] = useState(choices[5]!);
  const to = choices[0]!;
  const rep = useApiData(() => sessionsApi.attendance(from, to, { toast: false }), [from, to]);
  const r = rep.data;
  return (
    <>
      <View className="zw-card wbs-range">
        <Text className="wb-item__meta">统计区间</Text>
        <Picker
          mode="selector"
          range={choices}
          value={Math.max(0, choices.indexOf(from))}
          onChange={(e) => setFrom(choices[Number(e.detail.value)]!)}
        >
          <View className="zw-field__input" id="stats-from" aria-label="起始月份">
            {from} 至 {to}
          </View>
        </Picker>
        <Text className="zw-note">
          签到率 = 已签到 ÷ 确认预约，只计已结束的场次；未签到的确认预约记为未到场。
        </Text>
      </View>
      {rep.loading && !r ? <LoadingState /> : null}
      {rep.error ? <ErrorState message={rep.error} onRetry={() => void rep.reload()} /> : null}
      {r ? (
        <Section title="按月统计" className="wbs-months">
          {r.months.map((m) => (
            <View key={m.month} className="zw-list-item wbs-month" id={`month-${m.month}`}>
              <View className="zw-list-item__main">
                <Text className="zw-list-item__title">{m.month}</Text>
                <Text className="zw-list-item__desc">
                  {m.sessions} 场 · 预约 {m.booked} 人 · 签到 {m.attended} 人 · 未到场 {m.noShows} 人
                </Text>
              </View>
              <Text className="zw-tag zw-tag--blue">{pct(m.attendanceRate)}</Text>
            </View>
          ))}
        </Section>
      ) : null}
      {r ? (
        <Section title="按场次统计" className="wbs-session-stats">
          {!r.sessions.length ? <EmptyState title="该区间没有已发布的场次" /> : null}
          {r.sessions.map((x) => (
            <View key={x.id} className="zw-list-item">
              <View className="zw-list-item__main">
                <Text className="zw-list-item__title">{x.title}</Text>
                <Text className="zw-list-item__desc">
                  {beijing(x.startsAt).ymd} · 预约 {x.booked} · 签到 {x.attended}
                  {x.feedbackAverage !== null ? ` · 评分 ${x.feedbackAverage.toFixed(1)}` : ''}
                </Text>
              </View>
              <Text className="zw-tag zw-tag--grey">{pct(x.attendanceRate)}</Text>
            </View>
          ))}
        </Section>
      ) : null}
    </>
  );
}

export default function WorkbenchSessionStatsPage() {
  return (
    <PageShell className="wbs-stats-page">
      <OrganizerOnly>{() => <Stats />}</OrganizerOnly>
    </PageShell>
  );
}
