import { useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Image, Text, Textarea, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { CONSULTATION_STATUS_LABELS, RATINGS, type Consultation, type Rating } from '@zwgk/types';
import PageShell from '../../components/PageShell';
import Section from '../../components/Section';
import { ErrorState, LoadingState } from '../../components/States';
import { beijingTime, consultationsApi, shortDay, statusTag } from '../../api/consultations';
import { fileHref, openFile } from '../../api/files';
import { POLICY_ROUTES } from '../../api/policies';
import { SESSION_ROUTES } from '../../api/sessions';
import { useAction } from '../../hooks/useAction';
import { useApiData } from '../../hooks/useApiData';
import '../consult-ask/consult.scss';

type Reply = NonNullable<Consultation['answer']>;

function ReplyBlock({ label, reply }: { label: string; reply: Reply }) {
  return (
    <View className="cs-block cs-answer cd-answer">
      <Text className="cs-block__label">{label}</Text>
      <Text className="cs-block__text cd-answer__text">{reply.text}</Text>
      <Text className="cs-block__meta">
        {reply.byName} · {beijingTime(reply.at)}
      </Text>
    </View>
  );
}

export default function ConsultDetailPage() {
  const id = useRouter().params.id ?? '';
  const { data, loading, error, reload } = useApiData(() => consultationsApi.get(id, { toast: false }), [id]);
  const action = useAction(reload);
  const [rating, setRating] = useState<Rating | null>(null);
  const [comment, setComment] = useState('');
  const [followUp, setFollowUp] = useState('');
  useDidShow(() => {
    if (data) void reload();
  });

  if (loading && !data)
    return (
      <PageShell className="consult-detail-page">
        <LoadingState />
      </PageShell>
    );
  if (error || !data)
    return (
      <PageShell className="consult-detail-page">
        <ErrorState message={error ?? '咨询不存在'} onRetry={() => void reload()} />
      </PageShell>
    );
  const c = data.consultation;
  const waiting = c.status === 'pending' || c.status === 'followup';

  return (
    <PageShell className="consult-detail-page">
      <Section
        title="我的咨询"
        extra={
          <Text className={`zw-tag ${statusTag(c)} cd-status`}>
            {c.overdue ? '已超期' : CONSULTATION_STATUS_LABELS[c.status]}
          </Text>
        }
      >
        <View className="cs-block">
          <Text className="cs-block__label">
            {c.topic} · {beijingTime(c.askedAt)}
          </Text>
          <Text className="cs-block__text cd-question">{c.question}</Text>
        </View>
        {c.policy ? (
          <View
            className="zw-list-item"
            onClick={() => void Taro.navigateTo({ url: `${POLICY_ROUTES.detail}?id=${c.policy!.id}` })}
          >
            <View className="zw-list-item__main">
              <Text className="zw-list-item__desc">咨询的政策文件</Text>
              <Text className="zw-list-item__title">{c.policy.title}</Text>
            </View>
            <Text className="zw-list-item__arrow">›</Text>
          </View>
        ) : null}
        {c.session ? (
          <View
            className="zw-list-item"
            onClick={() => void Taro.navigateTo({ url: `${SESSION_ROUTES.detail}?id=${c.session!.id}` })}
          >
            <View className="zw-list-item__main">
              <Text className="zw-list-item__desc">咨询的政务公开讲</Text>
              <Text className="zw-list-item__title">{c.session.title}</Text>
            </View>
            <Text className="zw-list-item__arrow">›</Text>
          </View>
        ) : null}
        {c.images.length ? (
          <View className="cs-images">
            {c.images.map((img) => (
              <View
                key={img.id}
                className="cs-image"
                role="button"
                aria-label={`查看图片${img.name}`}
                onClick={() => void openFile(img)}
              >
                <Image className="cs-image__img" src={fileHref(img)} mode="aspectFill" />
              </View>
            ))}
          </View>
        ) : null}
        <Text className="cs-block__meta cd-organ">
          受理机关：{c.organName}
          {waiting ? ` · 承诺${shortDay(c.dueOn)}前答复` : ''}
        </Text>
        {c.overdue ? (
          <Text className="zw-field__error">已超过承诺答复时间，我们已提醒受理机关尽快答复。</Text>
        ) : null}
      </Section>

      {c.answer || c.followUp ? (
        <Section title="答复" className="cd-reply">
          {c.answer ? <ReplyBlock label="答复" reply={c.answer} /> : null}
          {c.followUp ? (
            <View className="cs-block cd-followup">
              <Text className="cs-block__label">我的追问 · {beijingTime(c.followUp.askedAt)}</Text>
              <Text className="cs-block__text">{c.followUp.question}</Text>
            </View>
          ) : null}
          {c.followUp?.answer ? <ReplyBlock label="追问答复" reply={c.followUp.answer} /> : null}
          {c.rating ? (
            <Text className="cs-block__meta cd-rated">
              我的评价：{c.rating}
              {c.ratingComment ? `（${c.ratingComment}）` : ''}
            </Text>
          ) : null}
        </Section>
      ) : (
        <Section title="答复">
          <Text className="cs-hint cd-waiting">
            {c.organName}将于{shortDay(c.dueOn)}前答复，答复后会通过消息中心通知您。
          </Text>
        </Section>
      )}

      {c.canRate ? (
        <Section title="评价答复" className="cd-rate">
          <View className="zw-chips" role="radiogroup" aria-label="对答复的评价">
            {RATINGS.map((r) => (
              <View
                key={r}
                id={`cd-rate-${r}`}
                role="radio"
                aria-checked={rating === r}
                className={`zw-chip ${rating === r ? 'zw-chip--active' : ''}`}
                onClick={() => setRating(r)}
              >
                {r}
              </View>
            ))}
          </View>
          <Textarea
            className="cs-textarea cs-actions"
            value={comment}
            maxlength={200}
            aria-label="评价意见（选填）"
            placeholder="评价意见（选填）"
            onInput={(e) => setComment(e.detail.value)}
          />
          <View className="cs-actions">
            <Button
              id="cd-rate-submit"
              type="primary"
              block
              disabled={!rating || action.busy}
              onClick={() =>
                void action.run(
                  () => consultationsApi.rate(id, rating!, comment.trim() || undefined),
                  '感谢您的评价',
                )
              }
            >
              提交评价
            </Button>
          </View>
        </Section>
      ) : null}

      {c.canFollowUp ? (
        <Section title="追问" className="cd-followup-form">
          <Text className="cs-hint">对答复仍有疑问的，可以追问一次，答复时限与首次咨询相同。</Text>
          <Textarea
            id="cd-followup"
            className="cs-textarea"
            value={followUp}
            maxlength={500}
            aria-label="追问内容"
            placeholder="请写明仍不清楚的地方"
            onInput={(e) => setFollowUp(e.detail.value)}
          />
          <View className="cs-actions">
            <Button
              id="cd-followup-submit"
              type="primary"
              fill="outline"
              block
              disabled={followUp.trim().length < 5 || action.busy}
              onClick={() =>
                void action.run(async () => {
                  await consultationsApi.followUp(id, followUp.trim());
                  setFollowUp('');
                }, '已提交追问')
              }
            >
              提交追问
            </Button>
          </View>
        </Section>
      ) : null}
      {action.error ? <View className="zw-form-error cd-error">{action.error}</View> : null}
    </PageShell>
  );
}
