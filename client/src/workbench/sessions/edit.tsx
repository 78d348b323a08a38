import { useEffect, useRef, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Input, Picker, Text, Textarea, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { SESSION_TOPICS, type LectureSession, type Zone } from '@zwgk/types';
import PageShell from '../../components/PageShell';
import Section from '../../components/Section';
import { ErrorState, LoadingState } from '../../components/States';
import { ApiRequestError, NETWORK_ERROR_MESSAGE, newIdempotencyKey } from '../../api';
import { useApiData } from '../../hooks/useApiData';
import { beijing, dayTime, sessionsApi } from '../../api/sessions';
import OrganizerOnly from './OrganizerOnly';
import PolicyPicker, { type PolicyRef } from './PolicyPicker';
import '../workbench.scss';
import './sessions.scss';

type Topic = (typeof SESSION_TOPICS)[number];

interface Draft {
  title: string;
  description: string;
  topic: Topic;
  zoneId: string;
  room: string;
  date: string;
  start: string;
  end: string;
  capacity: string;
  speakers: string;
  /** Related policies, chosen by searching the library. */
  policies: PolicyRef[];
  /** New sessions only: 1 = a single session, 2-12 = a weekly series. */
  weeks: string;
}

const toIso = (date: string, hm: string) => new Date(`${date}T${hm}:00+08:00`).toISOString();

function fromSession(s: LectureSession): Draft {
  const start = beijing(s.startsAt);
  return {
    title: s.title,
    description: s.description,
    topic: s.topic,
    zoneId: s.zone.id,
    room: s.room,
    date: start.ymd,
    start: start.hm,
    end: beijing(s.endsAt).hm,
    capacity: String(s.capacity),
    speakers: s.speakers.map((p) => `${p.name} ${p.title}`.trim()).join('\n'),
    policies: s.relatedPolicies.map((p) => ({ id: p.id, title: p.title, docNo: p.docNo })),
    weeks: '1',
  };
}

function emptyDraft(zoneId: string): Draft {
  const week = beijing(new Date(Date.now() + 7 * 86400_000));
  return {
    title: '',
    description: '',
    topic: SESSION_TOPICS[0],
    zoneId,
    room: '',
    date: week.ymd,
    start: '14:30',
    end: '16:00',
    capacity: '50',
    speakers: '',
    policies: [],
    weeks: '1',
  };
}

function parseSpeakers(text: string) {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [name, ...rest] = line.split(/\s+/);
      return { name: name ?? '', title: rest.join(' ') };
    });
}

function Editor({ id, zones }: { id: string | undefined; zones: Zone[] }) {
  const [session, setSession] = useState<LectureSession | null>(null);
  const [d, setD] = useState<Draft>(() => emptyDraft(zones[0]?.id ?? ''));
  const [loading, setLoading] = useState(!!id);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [reason, setReason] = useState('');
  const key = useRef(newIdempotencyKey());

  useEffect(() => {
    if (!id) return;
    sessionsApi
      .get(id, { toast: false })
      .then(({ session: s }) => {
        setSession(s);
        setD(fromSession(s));
      })
      .catch((e) => setError(e instanceof ApiRequestError ? e.message : NETWORK_ERROR_MESSAGE))
      .finally(() => setLoading(false));
  }, [id]);

  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((prev) => ({ ...prev, [k]: v }));

  const run = async (work: () => Promise<{ session: LectureSession }>, done: string) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const { session: s } = await work();
      setSession(s);
      setD(fromSession(s));
      void Taro.showToast({ title: done, icon: 'success' });
    } catch (e) {
      setError(e instanceof ApiRequestError ? e.message : NETWORK_ERROR_MESSAGE);
    } finally {
      setBusy(false);
    }
  };

  const save = () => {
    if (!d.zoneId) return setError('请选择举办的政务公开专区');
    const capacity = Number(d.capacity);
    if (!Number.isInteger(capacity)) return setError('名额须为整数');
    const body = {
      title: d.title,
      description: d.description,
      topic: d.topic,
      zoneId: d.zoneId,
      room: d.room,
      startsAt: toIso(d.date, d.start),
      endsAt: toIso(d.date, d.end),
      capacity,
      speakers: parseSpeakers(d.speakers),
      policyIds: d.policies.map((p) => p.id),
    };
    if (session) {
      return run(
        () =>
          sessionsApi.update(
            session.id,
            body.startsAt === session.startsAt
              ? body
              : {
                  ...body,
                  // The time moved: keep the booking window in step with it.
                  bookingClosesAt: body.startsAt,
                  cancelCutoff: new Date(new Date(body.startsAt).getTime() - 2 * 3600_000).toISOString(),
                },
            { toast: false },
          ),
        '已保存',
      );
    }
    const weeks = Number(d.weeks || '1');
    if (!Number.isInteger(weeks) || weeks < 1) return setError('重复周数须为正整数');
    if (weeks > 12) return setError('每个系列最多12周，请分批创建');
    if (weeks > 1) {
      return run(async () => {
        const r = await sessionsApi.series({ ...body, weeks }, key.current, { toast: false });
        key.current = newIdempotencyKey();
        void Taro.showModal({
          title: '已创建系列场次',
          content: `已按周创建 ${r.items.length} 场草稿，请逐场核对后发布。`,
          showCancel: false,
        });
        return { session: r.items[0]! };
      }, '已创建');
    }
    return run(async () => {
      const r = await sessionsApi.create(body, key.current, { toast: false });
      key.current = newIdempotencyKey();
      return r;
    }, '已保存为草稿');
  };

  if (loading) return <LoadingState />;
  if (id && !session) return <ErrorState message={error ?? '场次不存在'} />;
  const editable = !session || session.status === 'draft' || session.status === 'published';
  const zoneIndex = Math.max(
    0,
    zones.findIndex((z) => z.id === d.zoneId),
  );
  const topicIndex = Math.max(0, SESSION_TOPICS.indexOf(d.topic));

  return (
    <>
      {session ? (
        <View className="zw-card">
          <Text className="wb-item__meta wbs-status">
            状态：
            {session.status === 'draft'
              ? '草稿（发布后群众才能看到和预约）'
              : session.status === 'published'
                ? `已发布 · 已确认 ${session.confirmedCount}/${session.capacity} · 候补 ${session.waitlistCount}`
                : session.status === 'cancelled'
                  ? `已取消：${session.cancelReason ?? ''}`
                  : '已结束'}
          </Text>
          <Text className="wb-item__meta">
            预约开放 {dayTime(session.bookingOpensAt)} · 截止 {dayTime(session.bookingClosesAt)} · 可取消至{' '}
            {dayTime(session.cancelCutoff)}
          </Text>
        </View>
      ) : null}
      <Section title={session ? '场次信息' : '新建场次'} className="wbs-form">
        {error ? <Text className="zw-form-error wbs-error">{error}</Text> : null}
        <View className="zw-field">
          <Text className="zw-field__label">标题</Text>
          <Input
            id="wbs-title"
            className="zw-field__input"
            value={d.title}
            maxlength={60}
            placeholder="如：2026年稳就业政策解读"
            onInput={(e) => set('title', e.detail.value)}
          />
        </View>
        <View className="wbs-form__row">
          <View className="zw-field">
            <Text className="zw-field__label">主题</Text>
            <Picker
              mode="selector"
              range={[...SESSION_TOPICS]}
              value={topicIndex}
              onChange={(e) => set('topic', SESSION_TOPICS[Number(e.detail.value)]!)}
            >
              <View className="zw-field__input" id="wbs-topic">
                {d.topic}
              </View>
            </Picker>
          </View>
          <View className="zw-field">
            <Text className="zw-field__label">名额</Text>
            <Input
              id="wbs-capacity"
              className="zw-field__input"
              type="number"
              value={d.capacity}
              onInput={(e) => set('capacity', e.detail.value)}
            />
          </View>
        </View>
        <View className="zw-field">
          <Text className="zw-field__label">政务公开专区</Text>
          <Picker
            mode="selector"
            range={zones.map((z) => z.name)}
            value={zoneIndex}
            onChange={(e) => set('zoneId', zones[Number(e.detail.value)]?.id ?? '')}
          >
            <View className="zw-field__input" id="wbs-zone">
              {zones.find((z) => z.id === d.zoneId)?.name ?? '请选择'}
            </View>
          </Picker>
        </View>
        <View className="zw-field">
          <Text className="zw-field__label">会场</Text>
          <Input
            id="wbs-room"
            className="zw-field__input"
            value={d.room}
            maxlength={40}
            placeholder="如：一楼政策解读室"
            onInput={(e) => set('room', e.detail.value)}
          />
        </View>
        <View className="zw-field">
          <Text className="zw-field__label">日期</Text>
          <Picker mode="date" value={d.date} onChange={(e) => set('date', e.detail.value)}>
            <View className="zw-field__input" id="wbs-date">
              {d.date}
            </View>
          </Picker>
        </View>
        <View className="wbs-form__row">
          <View className="zw-field">
            <Text className="zw-field__label">开始</Text>
            <Picker mode="time" value={d.start} onChange={(e) => set('start', e.detail.value)}>
              <View className="zw-field__input" id="wbs-start">
                {d.start}
              </View>
            </Picker>
          </View>
          <View className="zw-field">
            <Text className="zw-field__label">结束</Text>
            <Picker mode="time" value={d.end} onChange={(e) => set('end', e.detail.value)}>
              <View className="zw-field__input" id="wbs-end">
                {d.end}
              </View>
            </Picker>
          </View>
        </View>
        <View className="zw-field">
          <Text className="zw-field__label">主讲人（每行一位：姓名 职务）</Text>
          <Textarea
            id="wbs-speakers"
            className="wbs-form__textarea"
            value={d.speakers}
            maxlength={300}
            placeholder="刘志明 就业促进处处长"
            onInput={(e) => set('speakers', e.detail.value)}
          />
        </View>
        <View className="zw-field">
          <Text className="zw-field__label">活动简介</Text>
          <Textarea
            id="wbs-description"
            className="wbs-form__textarea"
            value={d.description}
            maxlength={2000}
            placeholder="解读的政策、适合参加的人群、现场答疑安排等"
            onInput={(e) => set('description', e.detail.value)}
          />
        </View>
        <View className="zw-field">
          <Text className="zw-field__label">相关政策（群众在活动页可直接打开阅读）</Text>
          <PolicyPicker value={d.policies} onChange={(v) => set('policies', v)} />
        </View>
        {!session ? (
          <View className="zw-field">
            <Text className="zw-field__label">每周重复（周数，1 为只办一场，最多12周）</Text>
            <Input
              id="wbs-weeks"
              className="zw-field__input"
              type="number"
              value={d.weeks}
              aria-label="每周重复的周数"
              onInput={(e) => set('weeks', e.detail.value)}
            />
          </View>
        ) : null}
        <Text className="zw-note">新建场次默认立即开放预约，开始时截止预约，开始前2小时截止取消。</Text>
      </Section>
      {editable ? (
        <View className="wbs-buttons">
          <Button id="wbs-save" type="primary" block loading={busy} onClick={() => void save()}>
            {session ? '保存修改' : '保存为草稿'}
          </Button>
          {session?.status === 'draft' ? (
            <Button
              id="wbs-publish"
              block
              fill="outline"
              onClick={() => void run(() => sessionsApi.publish(session.id, { toast: false }), '已发布')}
            >
              发布场次
            </Button>
          ) : null}
        </View>
      ) : null}
      {session && editable ? (
        <Section title="取消场次" className="wbs-cancel">
          <Input
            id="wbs-cancel-reason"
            className="zw-field__input"
            value={reason}
            maxlength={200}
            placeholder="请填写取消原因，将向已预约群众展示"
            onInput={(e) => setReason(e.detail.value)}
          />
          <View className="wbs-buttons">
            <Button
              id="wbs-cancel"
              block
              fill="outline"
              onClick={async () => {
                const { confirm } = await Taro.showModal({
                  title: '取消场次',
                  content: '取消后群众将不能再预约，确定取消本场次吗？',
                  confirmColor: '#b3261e',
                });
                if (confirm)
                  void run(
                    () => sessionsApi.cancelSession(session.id, reason, { toast: false }),
                    '已取消场次',
                  );
              }}
            >
              取消本场次
            </Button>
          </View>
        </Section>
      ) : null}
    </>
  );
}

export default function WorkbenchSessionEditPage() {
  const id = useRouter().params.id;
  const zones = useApiData(() => sessionsApi.zones({ toast: false }), []);
  return (
    <PageShell className="wbs-edit-page">
      <OrganizerOnly>
        {() =>
          zones.data ? (
            <Editor id={id} zones={zones.data.items} />
          ) : zones.error ? (
            <ErrorState message={zones.error} onRetry={() => void zones.reload()} />
          ) : (
            <LoadingState />
          )
        }
      </OrganizerOnly>
    </PageShell>
  );
}
