import { useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { RichText, Text, Textarea, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import {
  INTERPRETATION_FORM_LABELS,
  POLICY_STATUS_LABELS,
  type PolicyStatus,
  type PolicyWorkDetail,
  type Review,
} from '@zwgk/types';
import PageShell from '../../components/PageShell';
import Section from '../../components/Section';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { ApiRequestError, NETWORK_ERROR_MESSAGE } from '../../api';
import { POLICY_ROUTES, beijingDate, beijingDateTime, policiesApi } from '../../api/policies';
import { chooseAndUpload, formatSize, openFile } from '../../api/files';
import FaqEditor from './FaqEditor';
import ValidityForm from './ValidityForm';
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

const STATE_LABELS: Record<string, string> = { ...POLICY_STATUS_LABELS };

function Detail({ id }: { id: string }) {
  const detail = useApiData(() => policiesApi.work.get(id, { toast: false }), [id], !!id);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [editingFaq, setEditingFaq] = useState<string | null>(null);

  useDidShow(() => {
    if (!detail.loading) void detail.reload();
  });

  const act = async (run: () => Promise<PolicyWorkDetail>, done: string) => {
    if (busy) return;
    setBusy(true);
    setActionError(null);
    try {
      await run();
      void Taro.showToast({ title: done, icon: 'success' });
      setReason('');
      await detail.reload();
    } catch (e) {
      setActionError(e instanceof ApiRequestError ? e.message : NETWORK_ERROR_MESSAGE);
    } finally {
      setBusy(false);
    }
  };

  const review = (input: Review) =>
    act(
      () => policiesApi.work.review(id, input, { toast: false }),
      input.verdict === 'approve' ? '已发布' : '已退回',
    );

  if (detail.loading && !detail.data) return <LoadingState />;
  if (detail.error) return <ErrorState message={detail.error} onRetry={() => void detail.reload()} />;
  const d = detail.data;
  if (!d) return <EmptyState title="文件不存在" />;
  const p = d.policy;
  const editable = d.canEdit && (p.status === 'draft' || p.status === 'returned');
  const reviewable = d.canReview && p.status === 'submitted';

  return (
    <>
      <Section
        title="文件信息"
        className="wbp-detail"
        extra={
          <Text className={`zw-tag ${STATUS_TAG[p.status]} wbp-detail-status`}>
            {POLICY_STATUS_LABELS[p.status]}
          </Text>
        }
      >
        {p.status === 'returned' && p.returnReason ? (
          <View className="wbp-reason wbp-return-reason">审核人员退回理由：{p.returnReason}</View>
        ) : null}
        <Text className="wb-item__name wbp-detail-title">{p.title}</Text>
        {(
          [
            ['索引号', p.indexNo ?? '发布时自动编制'],
            ['发文机关', p.organName],
            ['发文字号', p.docNo ?? '—'],
            ['文件类型', p.kind],
            ['主题分类', p.category],
            ['群众主题', p.topics.join('、') || '—'],
            ['成文日期', p.writtenAt],
            ['发布日期', beijingDate(p.publishedAt)],
            ['有效性', p.validity],
            ['同步解读', p.needsInterpretation || p.kind !== '其他政策文件' ? '须与解读同步发布' : '不强制'],
          ] as [string, string][]
        ).map(([k, v]) => (
          <View key={k} className="wbp-meta-row">
            <Text className="wbp-meta-row__key">{k}</Text>
            <Text className="wbp-meta-row__value">{v}</Text>
          </View>
        ))}
      </Section>

      <Section title="正文预览" className="wbp-body-preview">
        <RichText className="wbp-body" nodes={p.body} />
      </Section>

      <Section
        title="附件"
        className="wbp-files"
        extra={
          editable ? (
            <View
              id="wbp-upload"
              className="wbp-interp__btn"
              role="button"
              aria-label="上传附件"
              onClick={() =>
                void act(async () => {
                  const added = await chooseAndUpload('policy-attachment', 5);
                  if (!added.length) throw new ApiRequestError('未选择文件', 0, 'CANCELLED');
                  return policiesApi.work.update(
                    id,
                    { attachmentIds: [...p.attachmentIds, ...added.map((f) => f.id)] },
                    { toast: false },
                  );
                }, '附件已上传')
              }
            >
              + 上传附件
            </View>
          ) : null
        }
      >
        {d.attachments.length === 0 ? (
          <Text className="wbp-hint">暂无附件。发布前仅本机关工作人员可见，发布后向公众公开。</Text>
        ) : null}
        {d.attachments.map((f) => (
          <View key={f.id} className="wbp-file">
            <Text className="wbp-file__name" onClick={() => void openFile(f)}>
              {f.name}
            </Text>
            <Text className="wb-item__meta">
              {f.kind.toUpperCase()} · {formatSize(f.size)}
            </Text>
            {editable ? (
              <View
                className="wbp-interp__btn"
                role="button"
                aria-label={`移除附件 ${f.name}`}
                onClick={() =>
                  void act(
                    () =>
                      policiesApi.work.update(
                        id,
                        { attachmentIds: p.attachmentIds.filter((x) => x !== f.id) },
                        { toast: false },
                      ),
                    '已移除',
                  )
                }
              >
                移除
              </View>
            ) : null}
          </View>
        ))}
      </Section>

      <Section
        title="政策解读"
        className="wbp-interps"
        extra={
          d.canEdit ? (
            <Text
              id="wbp-add-interp"
              className="wbp-interp__btn"
              onClick={() => void Taro.navigateTo({ url: `${POLICY_ROUTES.workInterp}?policyId=${id}` })}
            >
              + 新增解读
            </Text>
          ) : null
        }
      >
        {d.interpretations.length === 0 ? (
          <EmptyState title="尚无解读" description="规章、规划、行政规范性文件须与解读同步审签、同步发布" />
        ) : null}
        {d.interpretations.map((i) => (
          <View key={i.id} className="wbp-interp">
            <Text className="wbp-interp__title">{i.title}</Text>
            <View className="wbp-interp__row">
              <Text className={`zw-tag ${STATUS_TAG[i.status]} wbp-interp-status`}>
                {POLICY_STATUS_LABELS[i.status]}
              </Text>
              <Text className="zw-tag zw-tag--grey">{INTERPRETATION_FORM_LABELS[i.form]}</Text>
              {d.canEdit && (i.status === 'draft' || i.status === 'returned') ? (
                <>
                  <Text
                    className="wbp-interp__btn wbp-interp-edit"
                    onClick={() =>
                      void Taro.navigateTo({ url: `${POLICY_ROUTES.workInterp}?policyId=${id}&id=${i.id}` })
                    }
                  >
                    编辑
                  </Text>
                  {p.status === 'published' ? (
                    <Text
                      className="wbp-interp__btn wbp-interp-submit"
                      onClick={() =>
                        void act(() => policiesApi.work.submitInterpretation(i.id), '已提交审查')
                      }
                    >
                      提交审查
                    </Text>
                  ) : null}
                </>
              ) : null}
              {d.canReview && p.status === 'published' && i.status === 'submitted' ? (
                <Text
                  className="wbp-interp__btn wbp-interp-approve"
                  onClick={() =>
                    void act(
                      () => policiesApi.work.reviewInterpretation(i.id, { verdict: 'approve' }),
                      '解读已发布',
                    )
                  }
                >
                  审查通过并发布
                </Text>
              ) : null}
            </View>
            {i.returnReason ? <Text className="wbp-item__reason">退回理由：{i.returnReason}</Text> : null}
          </View>
        ))}
      </Section>

      <Section title="常见问题解答" className="wbp-faqs">
        {d.faqs.map((f) =>
          editingFaq === f.id ? (
            <FaqEditor
              key={f.id}
              organId={p.organId}
              policyId={id}
              faq={f}
              onCancel={() => setEditingFaq(null)}
              onDone={() => {
                setEditingFaq(null);
                void detail.reload();
              }}
            />
          ) : (
            <View key={f.id} className="wbp-faq">
              <Text className="wbp-faq__q">问：{f.question}</Text>
              <Text className="wbp-faq__a">答：{f.answer}</Text>
              {d.canEdit ? (
                <View className="wbp-faq__foot">
                  <Text className="wb-item__meta">
                    {p.status === 'published' ? '已公开' : '随文件发布后公开'}
                  </Text>
                  <View
                    className="wbp-interp__btn"
                    role="button"
                    aria-label={`编辑问答：${f.question}`}
                    onClick={() => setEditingFaq(f.id)}
                  >
                    编辑
                  </View>
                </View>
              ) : null}
            </View>
          ),
        )}
        {d.faqs.length === 0 ? <Text className="wbp-hint">暂无问答。</Text> : null}
        {d.canEdit ? (
          <FaqEditor organId={p.organId} policyId={id} onDone={() => void detail.reload()} />
        ) : null}
      </Section>

      {d.canEdit && p.status === 'published' && (p.validity === '有效' || p.validity === '已修改') ? (
        <ValidityForm policyId={id} onDone={() => void detail.reload()} />
      ) : null}

      {actionError ? <View className="zw-form-error wbp-action-error">{actionError}</View> : null}

      {editable ? (
        <View className="wbp-actions">
          <Button
            id="wbp-edit"
            onClick={() => void Taro.navigateTo({ url: `${POLICY_ROUTES.workEdit}?id=${id}` })}
          >
            修改文件
          </Button>
          <Button
            id="wbp-submit"
            type="primary"
            loading={busy}
            onClick={() => void act(() => policiesApi.work.submit(id), '已提交审查')}
          >
            提交保密审查（解读一并提交）
          </Button>
        </View>
      ) : null}

      {reviewable ? (
        <Section title="保密审查" className="wbp-review">
          <Textarea
            id="wbp-review-reason"
            className="wbp-textarea"
            value={reason}
            maxlength={500}
            placeholder="退回时请填写退回理由；审查通过可留空"
            onInput={(e) => setReason(e.detail.value)}
          />
          <View className="wbp-actions">
            <Button
              id="wbp-approve"
              type="primary"
              loading={busy}
              onClick={() => void review({ verdict: 'approve', reason: reason.trim() || undefined })}
            >
              审查通过并发布
            </Button>
            <Button
              id="wbp-return"
              loading={busy}
              onClick={() => {
                if (reason.trim().length < 4) {
                  setActionError('退回时请填写退回理由（至少4个字）');
                  return;
                }
                void review({ verdict: 'return', reason: reason.trim() });
              }}
            >
              退回修改
            </Button>
          </View>
        </Section>
      ) : null}

      <Section title="审计记录" className="wbp-audit-list">
        {d.audit.map((a) => (
          <View key={a.rev} className="wbp-audit">
            <Text className="wbp-audit__head">
              {a.actionLabel}
              {a.from !== a.to
                ? `：${STATE_LABELS[a.from ?? ''] ?? a.from ?? '—'} → ${STATE_LABELS[a.to] ?? a.to}`
                : ''}
            </Text>
            <Text className="wbp-audit__meta">
              {a.actorName} · {beijingDateTime(a.at)}
              {a.target === 'interpretation' ? ' · 解读' : ''}
            </Text>
            {a.reason ? <Text className="wbp-audit__reason">理由：{a.reason}</Text> : null}
          </View>
        ))}
      </Section>
    </>
  );
}

export default function WorkbenchPolicyDetailPage() {
  const id = useRouter().params.id ?? '';
  return (
    <PageShell className="wb-policy-detail-page">
      <WorkbenchGuard need="staff">{() => <Detail id={id} />}</WorkbenchGuard>
    </PageShell>
  );
}
