import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { RosterEntry } from '@zwgk/types';
import PageShell from '../../components/PageShell';
import Section from '../../components/Section';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { ApiRequestError, NETWORK_ERROR_MESSAGE } from '../../api';
import { useApiData } from '../../hooks/useApiData';
import { SESSION_ROUTES, beijing, downloadRoster, sessionTime, sessionsApi } from '../../api/sessions';
import OrganizerOnly from './OrganizerOnly';
import '../workbench.scss';
import './sessions.scss';

const IS_WEAPP = process.env.TARO_ENV === 'weapp';

function entryState(e: RosterEntry): { text: string; tone: string } {
  if (e.status === 'cancelled') return { text: '已取消', tone: 'grey' };
  if (e.status === 'waitlisted') return { text: `候补第${e.waitlistPosition}位`, tone: 'soon' };
  if (e.checkedInAt) return { text: `${beijing(e.checkedInAt).hm} 已签到`, tone: 'blue' };
  if (e.noShow) return { text: '未到场', tone: 'grey' };
  return { text: '未签到', tone: 'red' };
}

function Roster({ id }: { id: string }) {
  const detail = useApiData(() => sessionsApi.get(id, { toast: false }), [id]);
  const roster = useApiData(() => sessionsApi.roster(id, { toast: false }), [id]);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ tone: 'ok' | 'again' | 'bad'; text: string } | null>(null);

  const check = async (input: { code?: string; qr?: string }) => {
    if (busy) return;
    setBusy(true);
    try {
      const r = await sessionsApi.checkin(id, input, { toast: false });
      setResult({
        tone: r.alreadyCheckedIn ? 'again' : 'ok',
        text: `${r.attendee.name}（${r.attendee.code}）：${r.message}`,
      });
      setCode('');
      void roster.reload();
    } catch (e) {
      setResult({ tone: 'bad', text: e instanceof ApiRequestError ? e.message : NETWORK_ERROR_MESSAGE });
    } finally {
      setBusy(false);
    }
  };

  const scan = async () => {
    try {
      const r = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] });
      await check({ qr: r.result });
    } catch {
      // Scanning was cancelled.
    }
  };

  const s = detail.data?.session;
  const a = roster.data?.attendance;
  return (
    <>
      {s ? (
        <View className="zw-card">
          <Text className="wb-item__name wbs-roster-title">{s.title}</Text>
          <Text className="wb-item__meta">{sessionTime(s.startsAt, s.endsAt)}</Text>
          <Text className="wb-item__meta">
            {s.zone.name} · {s.room}
          </Text>
          <View className="wbs-links">
            <Text
              className="wbs-link"
              id="roster-questions"
              onClick={() => void Taro.navigateTo({ url: `${SESSION_ROUTES.workbenchQuestions}?id=${id}` })}
            >
              会前提问{s.questionCount ? `（${s.questionCount}）` : ''} ›
            </Text>
            {s.feedback?.count ? (
              <Text className="wbs-link wbs-feedback" id="roster-feedback">
                评价 {s.feedback.average?.toFixed(1)} 分（{s.feedback.count}人）
              </Text>
            ) : null}
          </View>
        </View>
      ) : null}
      {a ? (
        <View className="zw-card wbs-stats" id="wbs-attendance">
          <View>
            <Text className="wbs-stats__num wbs-checked-count">{a.checkedIn}</Text>
            <Text className="wbs-stats__label">已签到</Text>
          </View>
          <View>
            <Text className="wbs-stats__num">{a.confirmed}</Text>
            <Text className="wbs-stats__label">已确认</Text>
          </View>
          <View>
            <Text className="wbs-stats__num">{a.waitlisted}</Text>
            <Text className="wbs-stats__label">候补</Text>
          </View>
          <View>
            <Text className="wbs-stats__num">{a.rate === null ? '-' : `${Math.round(a.rate * 100)}%`}</Text>
            <Text className="wbs-stats__label">签到率</Text>
          </View>
        </View>
      ) : null}
      <Section title="现场签到" className="wbs-checkin">
        <View className="wbs-checkin__row">
          <Input
            id="checkin-code"
            className="wbs-checkin__input"
            value={code}
            maxlength={8}
            placeholder="输入预约码"
            confirmType="done"
            onInput={(e) => setCode(e.detail.value.toUpperCase())}
            onConfirm={() => void check({ code: code.trim() })}
          />
          <Button
            id="checkin-submit"
            type="primary"
            loading={busy}
            onClick={() => void check({ code: code.trim() })}
          >
            签到
          </Button>
        </View>
        {IS_WEAPP ? (
          <View className="wbs-buttons">
            <Button id="checkin-scan" block fill="outline" onClick={() => void scan()}>
              扫描入场二维码
            </Button>
          </View>
        ) : null}
        {result ? (
          <Text className={`wbs-checkin__result wbs-checkin__result--${result.tone} checkin-result`}>
            {result.text}
          </Text>
        ) : null}
      </Section>
      <Section
        title="预约名单"
        className="wbs-roster"
        extra={roster.data ? <Text className="wb-count">共 {roster.data.items.length} 条</Text> : null}
      >
        {roster.data?.items.length ? (
          <View className="wbs-export">
            <Button
              id="roster-export-xlsx"
              size="small"
              fill="outline"
              onClick={() => void downloadRoster(id, 'xlsx', s?.title ?? '场次')}
            >
              导出 Excel
            </Button>
            <Button
              id="roster-export-csv"
              size="small"
              fill="outline"
              onClick={() => void downloadRoster(id, 'csv', s?.title ?? '场次')}
            >
              导出 CSV
            </Button>
            <Text className="wbs-export__note">手机号已脱敏</Text>
          </View>
        ) : null}
        {roster.loading && !roster.data ? <LoadingState /> : null}
        {roster.error ? <ErrorState message={roster.error} onRetry={() => void roster.reload()} /> : null}
        {roster.data && !roster.data.items.length ? <EmptyState title="暂无预约" /> : null}
        {roster.data?.items.map((e) => {
          const st = entryState(e);
          return (
            <View key={e.bookingId} className="zw-list-item roster-item" id={`roster-${e.code}`}>
              <View className="zw-list-item__main">
                <Text className="zw-list-item__title">
                  {e.name}
                  {e.seatNo ? `  ·  ${e.seatNo}号座` : ''}
                </Text>
                <Text className="zw-list-item__desc">
                  预约码 {e.code}
                  {e.phone ? `  ·  ${e.phone}` : ''}
                </Text>
              </View>
              <Text className={`zw-tag zw-tag--${st.tone} roster-state`}>{st.text}</Text>
            </View>
          );
        })}
      </Section>
    </>
  );
}

export default function WorkbenchRosterPage() {
  const id = useRouter().params.id ?? '';
  return (
    <PageShell className="wbs-roster-page">
      <OrganizerOnly>{() => (id ? <Roster id={id} /> : <ErrorState message="缺少场次编号" />)}</OrganizerOnly>
    </PageShell>
  );
}
