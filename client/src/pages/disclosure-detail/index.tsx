import { useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Text, Textarea, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { DELIVERY_FORM_LABELS, DELIVERY_WAY_LABELS, DISCLOSURE_STATUS_LABELS } from '@zwgk/types';
import PageShell from '../../components/PageShell';
import Section from '../../components/Section';
import { ErrorState, LoadingState } from '../../components/States';
import { disclosureApi } from '../../api/disclosure';
import { useApiData } from '../../hooks/useApiData';
import { useAction } from '../../hooks/useAction';
import { DueBanner, OPEN_STATUSES as OPEN, Timeline } from './parts';
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
              <Button
                id="dd-supplement-submit"
                type="primary"
                block
                loading={busy}
                onClick={() => void run(() => disclosureApi.supplement(id, text), '补正已提交')}
              >
                提交补正
              </Button>
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
