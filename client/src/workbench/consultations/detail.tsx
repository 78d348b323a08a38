import { useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { Image, Picker, Text, Textarea, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { CONSULTATION_STATUS_LABELS, scrubPersonalDetails, type Consultation } from '@zwgk/types';
import PageShell from '../../components/PageShell';
import Section from '../../components/Section';
import { ErrorState, LoadingState } from '../../components/States';
import { api } from '../../api';
import { beijingTime, consultationsApi, shortDay, statusTag } from '../../api/consultations';
import { fileHref, openFile } from '../../api/files';
import { useAction } from '../../hooks/useAction';
import { useApiData } from '../../hooks/useApiData';
import WorkbenchGuard from '../components/WorkbenchGuard';
import '../workbench.scss';
import './consult-wb.scss';

function Reply({ label, r }: { label: string; r: NonNullable<Consultation['answer']> }) {
  return (
    <View className="cw-block">
      <Text className="cw-block__label">
        {label} · {r.byName} · {beijingTime(r.at)} · 第{r.workdays}个工作日
      </Text>
      <Text className="cw-block__text">{r.text}</Text>
    </View>
  );
}

function Detail() {
  const id = useRouter().params.id ?? '';
  const { data, loading, error, reload } = useApiData(() => consultationsApi.get(id, { toast: false }), [id]);
  const organs = useApiData(() => api.organs.list({ toast: false }), []);
  const action = useAction(reload);
  const [text, setText] = useState('');
  const [organIndex, setOrganIndex] = useState(-1);
  const [reason, setReason] = useState('');
  const [showPublish, setShowPublish] = useState(false);

  if (loading && !data) return <LoadingState />;
  if (error || !data) return <ErrorState message={error ?? '咨询不存在'} onRetry={() => void reload()} />;
  const c = data.consultation;
  const open = c.status === 'pending' || c.status === 'followup';
  const others = (organs.data?.items ?? []).filter((o) => o.id !== c.organId);
  const names = c.askerName ? [c.askerName] : [];
  const previewQ = scrubPersonalDetails(c.question, names);
  const previewA = c.answer ? scrubPersonalDetails(c.answer.text, names) : '';

  return (
    <>
      <Section
        title="咨询内容"
        extra={
          <Text className={`zw-tag ${statusTag(c)} cw-status`}>
            {c.overdue ? '已超期' : CONSULTATION_STATUS_LABELS[c.status]}
          </Text>
        }
      >
        <View className="cw-block">
          <Text className="cw-block__label">
            {c.askerName ?? '提问人'} · {c.topic} · {beijingTime(c.askedAt)}
          </Text>
          <Text className="cw-block__text cw-question">{c.question}</Text>
        </View>
        {c.policy ? <Text className="zw-list-item__desc">咨询的政策文件：{c.policy.title}</Text> : null}
        {c.session ? <Text className="zw-list-item__desc">咨询的政务公开讲：{c.session.title}</Text> : null}
        {c.images.length ? (
          <View className="cs-images">
            {c.images.map((img) => (
              <View
                key={img.id}
                role="button"
                aria-label={`查看图片${img.name}`}
                onClick={() => void openFile(img)}
              >
                <Image style={{ width: '80px', height: '80px' }} src={fileHref(img)} mode="aspectFill" />
              </View>
            ))}
          </View>
        ) : null}
        <Text className="zw-list-item__desc">
          受理机关：{c.organName}
          {open ? ` · 承诺 ${shortDay(c.dueOn)} 前答复` : ''}
          {c.consentPublish ? ' · 同意公开' : ' · 不同意公开'}
        </Text>
        {c.transfers.map((t, i) => (
          <Text key={i} className="zw-list-item__desc">
            {beijingTime(t.at)} 由{t.fromOrganName}转办至{t.toOrganName}：{t.reason}
          </Text>
        ))}
      </Section>

      {c.answer || c.followUp ? (
        <Section title="答复记录">
          {c.answer ? <Reply label="答复" r={c.answer} /> : null}
          {c.followUp ? (
            <View className="cw-block">
              <Text className="cw-block__label">追问 · {beijingTime(c.followUp.askedAt)}</Text>
              <Text className="cw-block__text">{c.followUp.question}</Text>
            </View>
          ) : null}
          {c.followUp?.answer ? <Reply label="追问答复" r={c.followUp.answer} /> : null}
          {c.rating ? (
            <Text className="zw-list-item__desc">
              群众评价：{c.rating}
              {c.ratingComment ? `（${c.ratingComment}）` : ''}
            </Text>
          ) : null}
        </Section>
      ) : null}

      {c.canAnswer ? (
        <Section title={c.status === 'followup' ? '答复追问' : '答复'}>
          <Textarea
            id="cw-answer"
            className="cw-textarea"
            value={text}
            maxlength={3000}
            aria-label="答复内容"
            placeholder="请依据政策规定答复，写明办理渠道和所需材料"
            onInput={(e) => setText(e.detail.value)}
          />
          <View className="cw-actions">
            <Button
              id="cw-answer-submit"
              type="primary"
              block
              disabled={text.trim().length < 10 || action.busy}
              onClick={() =>
                void action.run(async () => {
                  await consultationsApi.answer(id, text.trim());
                  setText('');
                }, '已答复')
              }
            >
              提交答复
            </Button>
          </View>
        </Section>
      ) : null}

      {open ? (
        <Section title="转办">
          <Picker
            mode="selector"
            range={others.map((o) => o.name)}
            value={Math.max(0, organIndex)}
            onChange={(e) => setOrganIndex(Number(e.detail.value))}
          >
            <View className="zw-field__input cw-organ" role="button" aria-label="选择转办机关">
              {organIndex >= 0 && others[organIndex] ? others[organIndex]!.name : '选择转办机关'}
            </View>
          </Picker>
          <Textarea
            className="cw-textarea cw-actions"
            value={reason}
            maxlength={200}
            aria-label="转办原因"
            placeholder="转办原因，如：属教育部门职责"
            onInput={(e) => setReason(e.detail.value)}
          />
          <View className="cw-actions">
            <Button
              id="cw-assign"
              block
              disabled={organIndex < 0 || reason.trim().length < 2 || action.busy}
              onClick={() =>
                void action.run(async () => {
                  await consultationsApi.assign(id, others[organIndex]!.id, reason.trim());
                  setReason('');
                  setOrganIndex(-1);
                }, '已转办')
              }
            >
              转办
            </Button>
          </View>
        </Section>
      ) : null}

      {c.canPublish ? (
        <Section title="公开为常见问答">
          <Text className="zw-note">
            提问人已同意公开。发布前系统自动去除姓名、电话、证件号码和电子邮箱。
          </Text>
          {showPublish ? (
            <View className="cw-preview">
              <Text className="cw-block__label">问</Text>
              <Text className="cw-block__text cw-preview-q">{previewQ}</Text>
              <Text className="cw-block__label">答</Text>
              <Text className="cw-block__text">{previewA}</Text>
            </View>
          ) : null}
          <View className="cw-actions">
            {showPublish ? (
              <Button
                id="cw-publish"
                type="primary"
                block
                disabled={action.busy}
                onClick={() => void action.run(() => consultationsApi.publish(id, {}), '已公开')}
              >
                确认公开
              </Button>
            ) : (
              <Button id="cw-publish-preview" block onClick={() => setShowPublish(true)}>
                预览并公开
              </Button>
            )}
          </View>
        </Section>
      ) : c.published ? (
        <Section title="公开情况">
          <Text className="zw-list-item__desc">已于 {beijingTime(c.published.at)} 公开为常见问答</Text>
        </Section>
      ) : null}
      {action.error ? <View className="zw-form-error cw-error">{action.error}</View> : null}
    </>
  );
}

export default function ConsultationWorkDetailPage() {
  return (
    <PageShell className="consult-work-detail-page">
      <WorkbenchGuard need="staff">{() => <Detail />}</WorkbenchGuard>
    </PageShell>
  );
}
