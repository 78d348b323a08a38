import { useState, type ReactNode } from 'react';
import { useRouter } from '@tarojs/taro';
import { Input, Picker, Text, Textarea, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import {
  ANSWER_KIND_KEYS,
  ANSWER_KINDS,
  APPLICANT_KIND_LABELS,
  DELIVERY_FORM_LABELS,
  DELIVERY_WAY_LABELS,
  DISCLOSURE_STATUS_LABELS,
  ID_TYPE_LABELS,
  ORG_TYPE_LABELS,
  type AnswerKind,
  type DisclosureRequest,
  type FileMeta,
  type User,
} from '@zwgk/types';
import PageShell from '../../../components/PageShell';
import Section from '../../../components/Section';
import { ErrorState, LoadingState } from '../../../components/States';
import { disclosureApi, openServerDocument } from '../../../api/disclosure';
import { chooseAndUpload, fileHref } from '../../../api/files';
import { useApiData } from '../../../hooks/useApiData';
import { useAction } from '../../../hooks/useAction';
import { DueBanner, FileList, Timeline } from '../../../pages/disclosure-detail/parts';
import { AssignBox, ContactLog, Duplicates, FeeActions, Remedies } from './extras';
import WorkbenchGuard from '../../components/WorkbenchGuard';
import '../../workbench.scss';
import '../../../pages/disclosure-apply/disclosure.scss';
import '../disclosure-wb.scss';

const OPEN_NOW: DisclosureRequest['status'][] = [
  'submitted',
  'supplement_requested',
  'processing',
  'consulting',
  'fee_pending',
  'in_review',
];

const KIND_OPTIONS = ANSWER_KIND_KEYS.map((k) => {
  const v = ANSWER_KINDS[k];
  return k === 'disclose' || k === 'partial' ? v.label : `${v.group.replace(/^（.）/, '')}·${v.label}`;
});

function Action({ title, children, className }: { title: string; children: ReactNode; className?: string }) {
  return (
    <View className={`dw-action ${className ?? ''}`}>
      <Text className="dw-action__title">{title}</Text>
      {children}
    </View>
  );
}

function Area(props: { id: string; value: string; placeholder: string; onInput: (v: string) => void }) {
  return (
    <View className="zw-field">
      <Textarea
        id={props.id}
        className="da-textarea"
        value={props.value}
        maxlength={2000}
        placeholder={props.placeholder}
        onInput={(e) => props.onInput(e.detail.value)}
      />
    </View>
  );
}

function Detail({ user, id }: { user: User; id: string }) {
  const { data, loading, error, reload } = useApiData(
    () => disclosureApi.get(id, { toast: false }),
    [id],
    !!id,
  );
  const { busy, error: actionError, run } = useAction(reload);
  const [v, setV] = useState({
    supplement: '',
    party: '',
    consultNote: '',
    consultResult: '',
    extDays: '',
    extReason: '',
    kind: 'disclose' as AnswerKind,
    content: '',
    reviewNote: '',
    extNote: '',
  });
  const set = (k: keyof typeof v, val: string) => setV((p) => ({ ...p, [k]: val }));
  const [replyFiles, setReplyFiles] = useState<FileMeta[]>([]);
  const addReplyFiles = async () => {
    const added = await chooseAndUpload('disclosure-reply', 10 - replyFiles.length);
    if (added.length) setReplyFiles((f) => [...f, ...added].slice(0, 10));
  };

  if (loading && !data) return <LoadingState />;
  if (error) return <ErrorState message={error} onRetry={() => void reload()} />;
  const r: DisclosureRequest | undefined = data?.request;
  if (!r) return null;
  const isStaff = user.roles.includes('staff');
  const isReviewer = user.roles.includes('reviewer');
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

  const staffActions: ReactNode[] = [];
  if (isStaff && r.status === 'submitted')
    staffActions.push(
      <Action key="receive" title="登记受理" className="dw-receive-box">
        <Text className="da-hint">
          确认收到申请后，自收到之日（非工作日顺延）起计算20个工作日的答复期限。
        </Text>
        <Button
          id="dw-receive"
          type="primary"
          block
          loading={busy}
          onClick={() => void run(() => disclosureApi.receive(id), '已登记受理')}
        >
          确认收到并受理
        </Button>
      </Action>,
    );
  if (
    isStaff &&
    r.status === 'processing' &&
    !r.supplement &&
    r.consultations.length === 0 &&
    !r.extension &&
    !r.reply &&
    !r.fee
  )
    staffActions.push(
      <Action key="supplement" title="补正告知（仅一次，收到申请7个工作日内）">
        <Area
          id="dw-supplement-items"
          value={v.supplement}
          placeholder="一次性列明需要补正的全部事项"
          onInput={(x) => set('supplement', x)}
        />
        <Button
          id="dw-supplement-request"
          block
          loading={busy}
          onClick={() => void run(() => disclosureApi.requestSupplement(id, v.supplement), '已发出补正告知')}
        >
          发出补正告知
        </Button>
      </Action>,
    );
  if (isStaff && r.status === 'supplement_requested' && r.supplement && today > r.supplement.dueOn)
    staffActions.push(
      <Action key="unsupplemented" title="逾期未补正">
        <Text className="da-hint">补正期限已于{r.supplement.dueOn}届满，申请人未补正的，视为放弃申请。</Text>
        <Button
          block
          loading={busy}
          onClick={() => void run(() => disclosureApi.closeUnsupplemented(id), '已办结')}
        >
          不再处理并办结
        </Button>
      </Action>,
    );
  if (isStaff && r.status === 'processing')
    staffActions.push(
      <Action key="consult" title="征求第三方或有关机关意见（期间不计入答复期限）">
        <View className="zw-field">
          <Input
            className="zw-field__input"
            value={v.party}
            placeholder="征求意见对象，如：南昌市自然资源和规划局"
            onInput={(e) => set('party', e.detail.value)}
          />
        </View>
        <Area
          id="dw-consult-note"
          value={v.consultNote}
          placeholder="征求意见事项"
          onInput={(x) => set('consultNote', x)}
        />
        <Button
          block
          loading={busy}
          onClick={() =>
            void run(() => disclosureApi.startConsultation(id, v.party, v.consultNote), '已开始征求意见')
          }
        >
          开始征求意见
        </Button>
      </Action>,
    );
  if (isStaff && r.status === 'consulting')
    staffActions.push(
      <Action key="consult-end" title="征求意见结束">
        <Area
          id="dw-consult-result"
          value={v.consultResult}
          placeholder="意见结果，如：第三方同意公开"
          onInput={(x) => set('consultResult', x)}
        />
        <Button
          block
          type="primary"
          loading={busy}
          onClick={() => void run(() => disclosureApi.endConsultation(id, v.consultResult), '已恢复计时')}
        >
          结束征求意见
        </Button>
      </Action>,
    );
  if (
    isStaff &&
    (r.status === 'processing' || r.status === 'consulting') &&
    (!r.extension || r.extension.status === 'rejected')
  )
    staffActions.push(
      <Action key="extension" title="申请延期答复（一次，最长20个工作日，须审核人员批准）">
        <View className="zw-field">
          <Input
            className="zw-field__input"
            type="number"
            value={v.extDays}
            placeholder="延长的工作日数（1-20）"
            onInput={(e) => set('extDays', e.detail.value)}
          />
        </View>
        <Area
          id="dw-ext-reason"
          value={v.extReason}
          placeholder="延期理由"
          onInput={(x) => set('extReason', x)}
        />
        <Button
          block
          loading={busy}
          onClick={() =>
            void run(
              () => disclosureApi.requestExtension(id, Number(v.extDays), v.extReason),
              '已提交延期申请',
            )
          }
        >
          提交延期申请
        </Button>
      </Action>,
    );
  if (isStaff && r.status === 'processing')
    staffActions.push(
      <Action key="draft" title="拟定答复">
        <Picker
          mode="selector"
          range={KIND_OPTIONS}
          value={ANSWER_KIND_KEYS.indexOf(v.kind)}
          onChange={(e) => set('kind', ANSWER_KIND_KEYS[Number(e.detail.value)]!)}
        >
          <View className="zw-field__input" style={{ lineHeight: '88px' }}>
            答复类型：{ANSWER_KINDS[v.kind].label}
          </View>
        </Picker>
        <Text className="da-hint" style={{ marginTop: '12px' }}>
          法律依据：{ANSWER_KINDS[v.kind].basis}
        </Text>
        <Area
          id="dw-reply-content"
          value={v.content}
          placeholder="答复内容"
          onInput={(x) => set('content', x)}
        />
        {v.kind === 'disclose' || v.kind === 'partial' ? (
          <View className="zw-field">
            <Text className="zw-field__label">公开的政府信息文件（审查通过后申请人可下载）</Text>
            <FileList
              files={replyFiles}
              idPrefix="dw-reply-file"
              onRemove={(fid) => setReplyFiles((f) => f.filter((x) => x.id !== fid))}
            />
            {replyFiles.length < 10 ? (
              <Button id="dw-reply-file-add" size="small" onClick={() => void addReplyFiles()}>
                上传文件
              </Button>
            ) : null}
          </View>
        ) : null}
        <Button
          id="dw-draft"
          type="primary"
          block
          loading={busy}
          onClick={() =>
            void run(
              () =>
                disclosureApi.draftReply(
                  id,
                  v.kind,
                  v.content,
                  v.kind === 'disclose' || v.kind === 'partial' ? replyFiles.map((f) => f.id) : [],
                ),
              '已提交合法性审查',
            )
          }
        >
          提交合法性审查
        </Button>
      </Action>,
    );
  if (isStaff && (r.status === 'processing' || r.status === 'fee_pending'))
    staffActions.push(<FeeActions key="fee" r={r} busy={busy} run={run} today={today} />);
  if (isStaff && r.status === 'replied')
    staffActions.push(
      <Action key="close" title="办结">
        <Button block loading={busy} onClick={() => void run(() => disclosureApi.close(id), '已办结归档')}>
          办结归档
        </Button>
      </Action>,
    );
  if (isReviewer && r.extension?.status === 'pending')
    staffActions.push(
      <Action key="ext-decision" title={`审批延期：延长${r.extension.days}个工作日`}>
        <Text className="da-hint">理由：{r.extension.reason}</Text>
        <Area
          id="dw-ext-note"
          value={v.extNote}
          placeholder="审批意见（不同意时必填）"
          onInput={(x) => set('extNote', x)}
        />
        <View className="dw-action__buttons">
          <Button
            loading={busy}
            onClick={() => void run(() => disclosureApi.decideExtension(id, false, v.extNote), '已退回')}
          >
            不同意
          </Button>
          <Button
            id="dw-ext-approve"
            type="primary"
            loading={busy}
            onClick={() =>
              void run(() => disclosureApi.decideExtension(id, true, v.extNote || undefined), '已批准延期')
            }
          >
            同意延期
          </Button>
        </View>
      </Action>,
    );
  if (isReviewer && r.status === 'in_review')
    staffActions.push(
      <Action key="review" title="合法性审查">
        <Area
          id="dw-review-note"
          value={v.reviewNote}
          placeholder="审查意见（退回时必填）"
          onInput={(x) => set('reviewNote', x)}
        />
        <View className="dw-action__buttons">
          <Button
            id="dw-review-return"
            loading={busy}
            onClick={() => void run(() => disclosureApi.legalReview(id, false, v.reviewNote), '已退回修改')}
          >
            退回修改
          </Button>
          <Button
            id="dw-review-approve"
            type="primary"
            loading={busy}
            onClick={() =>
              void run(
                () => disclosureApi.legalReview(id, true, v.reviewNote || undefined),
                '已审查通过并答复',
              )
            }
          >
            审查通过并答复
          </Button>
        </View>
      </Action>,
    );

  const a = r.applicant;
  return (
    <>
      <Section
        title={r.info.title}
        className="dw-head"
        extra={<Text className="zw-tag zw-tag--red dw-status">{DISCLOSURE_STATUS_LABELS[r.status]}</Text>}
      >
        <Text className="da-hint dw-number">{r.number}</Text>
        <DueBanner r={r} />
        {isStaff && OPEN_NOW.includes(r.status) ? <AssignBox r={r} busy={busy} run={run} /> : null}
        {!isStaff && r.assignee ? <Text className="da-hint">经办人员：{r.assignee.name}</Text> : null}
      </Section>
      {r.duplicates.length ? (
        <Section title="重复申请提示" className="dw-duplicates-section">
          <Duplicates r={r} />
        </Section>
      ) : null}
      {actionError ? <View className="zw-form-error dw-action-error">{actionError}</View> : null}
      {staffActions.length ? (
        <Section title="办理" className="dw-actions-section">
          <View className="dw-actions">{staffActions}</View>
        </Section>
      ) : null}
      {r.reply ? (
        <Section title="答复" className="dw-reply">
          <Text className="zw-tag zw-tag--blue">{r.reply.answerLabel}</Text>
          <View style={{ marginTop: '16px' }}>
            <Text className="dd-reply">{r.reply.content}</Text>
          </View>
          <Text className="da-hint" style={{ marginTop: '12px' }}>
            依据：{r.reply.legalBasis} · 审查：
            {r.reply.review === 'approved'
              ? '已通过'
              : r.reply.review === 'returned'
                ? `已退回（${r.reply.reviewNote ?? ''}）`
                : '待审查'}
          </Text>
          <FileList files={r.reply.files} idPrefix="dw-reply-attached" />
          {r.replyLetter ? (
            <View className="dd-letter">
              {process.env.TARO_ENV === 'h5' ? (
                <>
                  <a
                    id="dw-letter-html"
                    className="dd-letter__link"
                    href={fileHref({ url: r.replyLetter.htmlUrl })}
                    target="_blank"
                    rel="noopener noreferrer"
                  >
                    {r.reply.review === 'approved' ? '查看答复书' : '预览答复书（草稿）'}
                  </a>
                  <a
                    className="dd-letter__link"
                    href={fileHref({ url: r.replyLetter.pdfUrl })}
                    target="_blank"
                    rel="noopener noreferrer"
                  >
                    答复书PDF
                  </a>
                </>
              ) : (
                <Button
                  id="dw-letter-pdf"
                  block
                  onClick={() => void openServerDocument(r.replyLetter!.pdfUrl, 'pdf')}
                >
                  {r.reply.review === 'approved' ? '查看答复书' : '预览答复书（草稿）'}
                </Button>
              )}
            </View>
          ) : null}
        </Section>
      ) : null}
      <Section title="申请人与申请内容" className="dw-content">
        <View className="da-summary">
          {[
            [
              '申请人',
              `${a.name}（${APPLICANT_KIND_LABELS[a.kind]}${a.orgType ? `·${ORG_TYPE_LABELS[a.orgType]}` : ''}）`,
            ],
            [ID_TYPE_LABELS[a.idType], a.idNumber],
            ...(a.legalRepresentative ? [['法定代表人', a.legalRepresentative]] : []),
            ...(a.contactName ? [['联系人', a.contactName]] : []),
            ['联系电话', a.phone],
            ...(a.email ? [['电子邮箱', a.email]] : []),
            ...(a.address ? [['通信地址', a.address]] : []),
            ['文件编号', r.info.documentNumber ?? '—'],
            ['内容描述', r.info.description],
            ['获取方式', `${DELIVERY_FORM_LABELS[r.delivery.form]}·${DELIVERY_WAY_LABELS[r.delivery.way]}`],
            ...(r.supplement
              ? [
                  ['补正告知', r.supplement.items],
                  ['补正内容', r.supplement.text ?? '尚未补正'],
                ]
              : []),
          ].map(([label, value]) => (
            <View key={label} className="da-summary__row">
              <Text className="da-summary__label">{label}</Text>
              <Text className="da-summary__value">{value}</Text>
            </View>
          ))}
        </View>
        {r.idProofs.length ? (
          <View style={{ marginTop: '16px' }}>
            <Text className="zw-field__label">身份证明材料</Text>
            <FileList files={r.idProofs} idPrefix="dw-proof" />
          </View>
        ) : null}
        {r.supplement?.files.length ? (
          <View style={{ marginTop: '16px' }}>
            <Text className="zw-field__label">补正材料</Text>
            <FileList files={r.supplement.files} idPrefix="dw-supplement-file" />
          </View>
        ) : null}
      </Section>
      <Section title="沟通记录" className="dw-contacts-section">
        <ContactLog r={r} reload={reload} />
      </Section>
      {r.status !== 'submitted' ? (
        <Section title="行政复议、行政诉讼" className="dw-remedies-section">
          <Remedies r={r} reload={reload} />
        </Section>
      ) : null}
      <Section title="办理记录" className="dw-timeline">
        <Timeline r={r} />
      </Section>
    </>
  );
}

export default function DisclosureStaffDetailPage() {
  const { params } = useRouter();
  return (
    <PageShell className="workbench-page disclosure-staff-detail-page">
      <WorkbenchGuard need="staff">{(user) => <Detail user={user} id={params.id ?? ''} />}</WorkbenchGuard>
    </PageShell>
  );
}
