import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, Textarea, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import {
  DELIVERY_FORM_LABELS,
  DELIVERY_WAY_LABELS,
  DISCLOSURE_STATUS_LABELS,
  type FileMeta,
} from '@zwgk/types';
import PageShell from '../../components/PageShell';
import Section from '../../components/Section';
import { ErrorState, LoadingState } from '../../components/States';
import { disclosureApi, openServerDocument } from '../../api/disclosure';
import { chooseAndUpload, fileHref } from '../../api/files';
import { useApiData } from '../../hooks/useApiData';
import { useAction } from '../../hooks/useAction';
import { DueBanner, FileList, OPEN_STATUSES as OPEN, Timeline } from './parts';
import '../disclosure-apply/disclosure.scss';

export default function DisclosureDetailPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const { data, loading, error, reload } = useApiData(
    () => disclosureApi.get(id, { toast: false }),
    [id],
    !!id,
  );
  const { busy, error: actionError, run } = useAction(reload);
  const [text, setText] = useState('');
  const [files, setFiles] = useState<FileMeta[]>([]);
  const addFiles = async () => {
    const added = await chooseAndUpload('disclosure-supplement', 5 - files.length);
    if (added.length) setFiles((f) => [...f, ...added].slice(0, 5));
  };

  const withdraw = async () => {
    const { confirm } = await Taro.showModal({
      title: '撤回申请',
      content: '撤回后本申请将终止办理，如仍需要该信息须重新提交申请。确定撤回吗？',
      confirmText: '撤回',
      confirmColor: '#b3261e',
    });
    if (confirm) await run(() => disclosureApi.withdraw(id), '已撤回');
  };

  const r = data?.request;
  return (
    <PageShell className="disclosure-detail-page">
      {loading && !r ? <LoadingState /> : null}
      {error ? <ErrorState message={error} onRetry={() => void reload()} /> : null}
      {r ? (
        <>
          <Section
            title={r.info.title}
            className="dd-head"
            extra={<Text className="zw-tag zw-tag--red dd-status">{DISCLOSURE_STATUS_LABELS[r.status]}</Text>}
          >
            <Text className="da-hint dd-number">
              申请编号：{r.number} · 受理机关：{r.organ.name}
            </Text>
            <DueBanner r={r} />
          </Section>

          {actionError ? <View className="zw-form-error dd-action-error">{actionError}</View> : null}

          {r.status === 'supplement_requested' && r.supplement ? (
            <Section title="补正告知" className="dd-supplement">
              <Text className="dd-reply dd-supplement-items">{r.supplement.items}</Text>
              <View className="zw-field" style={{ marginTop: '24px' }}>
                <Text className="zw-field__label">补正内容</Text>
                <Textarea
                  id="dd-supplement-text"
                  className="da-textarea"
                  value={text}
                  maxlength={2000}
                  placeholder="请按告知要求补充说明所需信息"
                  onInput={(e) => setText(e.detail.value)}
                />
              </View>
              <View className="zw-field">
                <Text className="zw-field__label">补正材料（选填，最多5个）</Text>
                <FileList
                  files={files}
                  idPrefix="dd-supplement-file"
                  onRemove={(fid) => setFiles((f) => f.filter((x) => x.id !== fid))}
                />
                {files.length < 5 ? (
                  <Button id="dd-supplement-add" size="small" onClick={() => void addFiles()}>
                    上传补正材料
                  </Button>
                ) : null}
              </View>
              <Button
                id="dd-supplement-submit"
                type="primary"
                block
                loading={busy}
                onClick={() =>
                  void run(
                    () =>
                      disclosureApi.supplement(
                        id,
                        text,
                        files.map((f) => f.id),
                      ),
                    '补正已提交',
                  )
                }
              >
                提交补正
              </Button>
            </Section>
          ) : null}

          {r.fee ? (
            <Section title="信息处理费" className="dd-fee">
              <View className="da-summary">
                {[
                  ['计收方式', r.fee.basisLabel],
                  ...r.fee.lines.map((l) => [l.label, `${l.quantity} × ${l.unitPrice}元 = ${l.amount}元`]),
                  ['应缴金额', `${r.fee.amount}元`],
                  ['通知日期', r.fee.noticeOn],
                  ['缴费截止', r.fee.payBy],
                  [
                    '缴费状态',
                    r.fee.status === 'paid'
                      ? `已缴纳（${r.fee.paidOn}）`
                      : r.fee.status === 'lapsed'
                        ? '逾期未缴纳'
                        : '待缴纳，请按收费通知缴纳后联系受理机关',
                  ],
                ].map(([label, value]) => (
                  <View key={label} className="da-summary__row">
                    <Text className="da-summary__label">{label}</Text>
                    <Text className="da-summary__value">{value}</Text>
                  </View>
                ))}
              </View>
            </Section>
          ) : null}

          {r.reply ? (
            <Section title="答复" className="dd-reply-section">
              <Text className="zw-tag zw-tag--blue dd-answer">{r.reply.answerLabel}</Text>
              <View style={{ marginTop: '16px' }}>
                <Text className="dd-reply">{r.reply.content}</Text>
              </View>
              <Text className="da-hint" style={{ marginTop: '16px' }}>
                依据：{r.reply.legalBasis}。答复日期：{r.reply.repliedOn}
                。如对答复不服，可以自收到答复之日起60日内依法申请行政复议，或者6个月内依法提起行政诉讼。
              </Text>
              {r.reply.files.length ? (
                <View style={{ marginTop: '16px' }}>
                  <Text className="zw-field__label">公开的政府信息</Text>
                  <FileList files={r.reply.files} idPrefix="dd-reply-file" />
                </View>
              ) : null}
              {r.replyLetter ? (
                <View className="dd-letter">
                  {process.env.TARO_ENV === 'h5' ? (
                    <>
                      <a
                        id="dd-letter-html"
                        className="dd-letter__link"
                        href={fileHref({ url: r.replyLetter.htmlUrl })}
                        target="_blank"
                        rel="noopener noreferrer"
                      >
                        查看答复书（可打印）
                      </a>
                      <a
                        id="dd-letter-pdf"
                        className="dd-letter__link"
                        href={fileHref({ url: r.replyLetter.pdfUrl })}
                        target="_blank"
                        rel="noopener noreferrer"
                      >
                        下载答复书PDF
                      </a>
                    </>
                  ) : (
                    <Button
                      id="dd-letter-pdf"
                      type="primary"
                      block
                      onClick={() => void openServerDocument(r.replyLetter!.pdfUrl, 'pdf')}
                    >
                      下载答复书
                    </Button>
                  )}
                </View>
              ) : null}
            </Section>
          ) : null}

          <Section title="办理进度" className="dd-progress">
            <Timeline r={r} />
          </Section>

          <Section title="申请内容" className="dd-content">
            <View className="da-summary">
              {[
                ['申请人', r.applicant.name],
                ['证件号码', r.applicant.idNumber],
                ['联系电话', r.applicant.phone],
                ['文件编号', r.info.documentNumber ?? '—'],
                ['内容描述', r.info.description],
                [
                  '获取方式',
                  `${DELIVERY_FORM_LABELS[r.delivery.form]}·${DELIVERY_WAY_LABELS[r.delivery.way]}`,
                ],
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
                <FileList files={r.idProofs} idPrefix="dd-proof" />
              </View>
            ) : null}
          </Section>

          {OPEN.includes(r.status) ? (
            <View className="da-actions">
              <Button id="dd-withdraw" loading={busy} onClick={() => void withdraw()}>
                撤回申请
              </Button>
            </View>
          ) : null}
        </>
      ) : null}
    </PageShell>
  );
}
