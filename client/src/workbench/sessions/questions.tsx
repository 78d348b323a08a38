/** Organizers: questions asked in advance, grouped by shared keywords, marked answered on site; feedback. */
import { useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import PageShell from '../../components/PageShell';
import Section from '../../components/Section';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { useApiData } from '../../hooks/useApiData';
import { beijing, sessionTime, sessionsApi } from '../../api/sessions';
import OrganizerOnly from './OrganizerOnly';
import '../workbench.scss';
import './sessions.scss';

function Board({ id }: { id: string }) {
  const detail = useApiData(() => sessionsApi.get(id, { toast: false }), [id]);
  const board = useApiData(() => sessionsApi.questions(id, { toast: false }), [id]);
  const feedback = useApiData(() => sessionsApi.feedbackSummary(id, { toast: false }), [id]);
  const [busy, setBusy] = useState<string | null>(null);
  const mark = async (qid: string, answered: boolean) => {
    setBusy(qid);
    try {
      await sessionsApi.markAnswered(id, qid, answered);
      await board.reload();
    } catch {
      // The API client has shown the server's message.
    } finally {
      setBusy(null);
    }
  };
  const s = detail.data?.session;
  const b = board.data;
  const f = feedback.data;
  return (
    <>
      {s ? (
        <View className="zw-card">
          <Text className="wb-item__name">{s.title}</Text>
          <Text className="wb-item__meta">{sessionTime(s.startsAt, s.endsAt)}</Text>
        </View>
      ) : null}
      <Section
        title="会前提问"
        className="wbs-questions"
        extra={
          b ? (
            <Text className="wb-count" id="questions-count">
              已解答 {b.answered}/{b.total}
            </Text>
          ) : null
        }
      >
        {board.loading && !b ? <LoadingState /> : null}
        {board.error ? <ErrorState message={board.error} onRetry={() => void board.reload()} /> : null}
        {b && !b.total ? (
          <EmptyState title="暂无提问" description="群众可在场次详情页开始前提交问题" />
        ) : null}
        {b?.groups.map((g) => (
          <View key={g.label} className="wbs-qgroup">
            <Text className="wbs-qgroup__label">
              {g.label}（{g.items.length}）
            </Text>
            {g.items.map((q) => (
              <View key={q.id} className="zw-list-item wbs-question" id={`q-${q.id}`}>
                <View className="zw-list-item__main">
                  <Text className="zw-list-item__title wbs-question__text">{q.text}</Text>
                  <Text className="zw-list-item__desc">
                    {q.askerName} · {beijing(q.createdAt).m}月{beijing(q.createdAt).d}日{' '}
                    {beijing(q.createdAt).hm}
                  </Text>
                </View>
                <Button
                  className="wbs-answer"
                  size="small"
                  type={q.answered ? 'default' : 'primary'}
                  fill={q.answered ? 'outline' : 'solid'}
                  loading={busy === q.id}
                  aria-label={q.answered ? `撤销已解答：${q.text}` : `标记已解答：${q.text}`}
                  onClick={() => void mark(q.id, !q.answered)}
                >
                  {q.answered ? '已解答' : '标记已解答'}
                </Button>
              </View>
            ))}
          </View>
        ))}
      </Section>
      <Section title="活动评价" className="wbs-feedback-summary">
        {feedback.loading && !f ? <LoadingState /> : null}
        {feedback.error ? (
          <ErrorState message={feedback.error} onRetry={() => void feedback.reload()} />
        ) : null}
        {f && !f.count ? (
          <EmptyState title="暂无评价" description="签到参加的群众在活动开始后可以评价" />
        ) : null}
        {f?.count ? (
          <>
            <View className="wbs-stats">
              <View>
                <Text className="wbs-stats__num" id="feedback-average">
                  {f.average?.toFixed(1)}
                </Text>
                <Text className="wbs-stats__label">平均分</Text>
              </View>
              <View>
                <Text className="wbs-stats__num">{f.count}</Text>
                <Text className="wbs-stats__label">评价人数</Text>
              </View>
              {f.distribution
                .map((n, i) => ({ n, star: i + 1 }))
                .reverse()
                .slice(0, 2)
                .map((x) => (
                  <View key={x.star}>
                    <Text className="wbs-stats__num">{x.n}</Text>
                    <Text className="wbs-stats__label">{x.star}分</Text>
                  </View>
                ))}
            </View>
            {f.items
              .filter((x) => x.comment)
              .map((x) => (
                <View key={x.id} className="zw-list-item">
                  <View className="zw-list-item__main">
                    <Text className="zw-list-item__title">{'★'.repeat(x.rating)}</Text>
                    <Text className="zw-list-item__desc">{x.comment}</Text>
                  </View>
                </View>
              ))}
          </>
        ) : null}
      </Section>
    </>
  );
}

export default function WorkbenchQuestionsPage() {
  const id = useRouter().params.id ?? '';
  return (
    <PageShell className="wbs-questions-page">
      <OrganizerOnly>{() => (id ? <Board id={id} /> : <ErrorState message="缺少场次编号" />)}</OrganizerOnly>
    </PageShell>
  );
}
