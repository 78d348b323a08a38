import { useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { CalendarOverrideInputSchema, DateStringSchema } from '@zwgk/types';
import PageShell from '../../../components/PageShell';
import Section from '../../../components/Section';
import { ErrorState, LoadingState } from '../../../components/States';
import { calendarApi } from '../../../api/disclosure';
import { useApiData } from '../../../hooks/useApiData';
import { useAction } from '../../../hooks/useAction';
import WorkbenchGuard from '../../components/WorkbenchGuard';
import '../../workbench.scss';
import '../../../pages/disclosure-apply/disclosure.scss';
import '../disclosure-wb.scss';

const WEEK = ['日', '一', '二', '三', '四', '五', '六'];
const weekdayOf = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

function CalendarAdmin() {
  const thisYear = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
  const [year, setYear] = useState(thisYear + 1);
  const { data, loading, error, reload } = useApiData(() => calendarApi.year(year, { toast: false }), [year]);
  const { busy, error: formError, setError: setFormError, run } = useAction(reload);
  const [date, setDate] = useState('');
  const [workday, setWorkday] = useState(false);
  const [name, setName] = useState('');

  const save = () => {
    const d = DateStringSchema.safeParse(date);
    const body = CalendarOverrideInputSchema.safeParse({ workday, name });
    if (!d.success) return setFormError(d.error.issues[0]!.message);
    if (!body.success) return setFormError(body.error.issues[0]!.message);
    void run(() => calendarApi.setDay(d.data, workday, body.data.name), '已保存');
  };

  // Days that differ from the plain week: holidays on weekdays, make-up working days on weekends.
  const special =
    data?.days.filter((d) => {
      const wd = weekdayOf(d.date);
      const weekend = wd === 0 || wd === 6;
      return d.overridden || d.name || d.workday === weekend;
    }) ?? [];

  return (
    <>
      <View className="dq-tabs">
        {[thisYear, thisYear + 1, thisYear + 2].map((y) => (
          <View
            key={y}
            id={`dc-year-${y}`}
            className={`zw-chip ${y === year ? 'zw-chip--active' : ''}`}
            onClick={() => setYear(y)}
          >
            {y}年
          </View>
        ))}
      </View>
      {loading && !data ? <LoadingState /> : null}
      {error ? <ErrorState message={error} onRetry={() => void reload()} /> : null}
      {data ? (
        <>
          <Section title={`${data.year}年放假安排`} className="dc-status">
            <View className={`dd-due ${data.provisional ? 'dd-due--soon' : ''}`}>
              <Text className="dd-due__main">
                {data.provisional ? '预计安排（通知尚未公布）' : '已按国务院通知确定'}
              </Text>
              <Text className="dd-due__sub">
                全年工作日 {data.workdays} 天。
                {data.provisional
                  ? '目前按法定节假日推算，不含调休；国务院通知公布后，请逐日录入放假和调休上班日期，再确认全年安排。'
                  : ''}
              </Text>
            </View>
            {data.provisional ? (
              <View style={{ marginTop: '20px' }}>
                <Button
                  id="dc-confirm"
                  block
                  loading={busy}
                  onClick={() => void run(() => calendarApi.confirmYear(year), '已确认全年安排')}
                >
                  已录入通知，确认全年安排
                </Button>
              </View>
            ) : null}
          </Section>

          <Section title="录入或调整某日" className="dc-form">
            {formError ? <View className="zw-form-error dc-error">{formError}</View> : null}
            <View className="zw-field">
              <Text className="zw-field__label">日期（YYYY-MM-DD）</Text>
              <Input
                id="dc-date"
                className="zw-field__input"
                value={date}
                maxlength={10}
                placeholder={`${year}-02-06`}
                onInput={(e) => setDate(e.detail.value)}
              />
            </View>
            <View className="zw-field">
              <View className="zw-chips">
                <View
                  id="dc-off"
                  className={`zw-chip ${!workday ? 'zw-chip--active' : ''}`}
                  onClick={() => setWorkday(false)}
                >
                  放假
                </View>
                <View
                  id="dc-on"
                  className={`zw-chip ${workday ? 'zw-chip--active' : ''}`}
                  onClick={() => setWorkday(true)}
                >
                  调休上班
                </View>
              </View>
            </View>
            <View className="zw-field">
              <Input
                id="dc-name"
                className="zw-field__input"
                value={name}
                maxlength={30}
                placeholder="说明，如：春节、国庆节调休上班"
                onInput={(e) => setName(e.detail.value)}
              />
            </View>
            <Button id="dc-save" type="primary" block loading={busy} onClick={save}>
              保存
            </Button>
          </Section>

          <Section title="节假日与调休" className="dc-days">
            {special.map((d) => (
              <View key={d.date} className="zw-list-item dc-day">
                <View className="zw-list-item__main">
                  <Text className="zw-list-item__title">
                    {d.date}（周{WEEK[weekdayOf(d.date)]}）{d.workday ? '上班' : '休息'}
                  </Text>
                  <Text className="zw-list-item__desc">
                    {d.name ?? ''}
                    {d.overridden ? ' · 人工录入' : ''}
                    {d.provisional ? ' · 预计' : ''}
                  </Text>
                </View>
                {d.overridden ? (
                  <Text
                    className="zw-tag zw-tag--grey"
                    onClick={() => void run(() => calendarApi.clearDay(d.date), '已取消调整')}
                  >
                    取消
                  </Text>
                ) : null}
              </View>
            ))}
          </Section>
        </>
      ) : null}
    </>
  );
}

export default function CalendarAdminPage() {
  return (
    <PageShell className="workbench-page disclosure-calendar-page">
      <WorkbenchGuard need="admin">{() => <CalendarAdmin />}</WorkbenchGuard>
    </PageShell>
  );
}
