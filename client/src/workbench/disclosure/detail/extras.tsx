/** Workbench request detail: fees, assignment, contact log, 重复申请 hint, reconsideration/litigation. */
import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Picker, Text, Textarea, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import {
  CONTACT_KIND_LABELS,
  CONTACT_KINDS,
  DISCLOSURE_STATUS_LABELS,
  FEE_BASES,
  FEE_BASIS_LABELS,
  feePerPage,
  REMEDY_KIND_LABELS,
  REMEDY_KINDS,
  REMEDY_RESULT_LABELS,
  REMEDY_RESULTS,
  type DisclosureRequest,
  type FeeBasis,
  type RemedyKind,
  type RemedyResult,
} from '@zwgk/types';
import { DISCLOSURE_ROUTES, disclosureApi } from '../../../api/disclosure';
import { ApiRequestError, NETWORK_ERROR_MESSAGE } from '../../../api';
import { useApiData } from '../../../hooks/useApiData';
import { formatTime } from '../../../pages/disclosure-detail/parts';

type Run = (fn: () => Promise<unknown>, done: string) => Promise<void>;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** 发出收费通知 (processing, once) and, while unpaid, 登记缴费 / 逾期不再处理. */
export function FeeActions({
  r,
  busy,
  run,
  today,
}: {
  r: DisclosureRequest;
  busy: boolean;
  run: Run;
  today: string;
}) {
  const [basis, setBasis] = useState<FeeBasis>('per_page');
  const [pages, setPages] = useState('');
  const [paidOn, setPaidOn] = useState('');
  if (r.status === 'processing' && !r.fee) {
    const n = Number(pages);
    const preview =
      basis === 'per_page' && Number.isInteger(n) && n > 0
        ? feePerPage(n).amount
          ? `应缴 ${feePerPage(n).amount} 元`
          : '未超过30页，不收费'
        : basis === 'per_request'
          ? '按该申请人本自然月第几件申请计算（第11件起收费）'
          : '';
    return (
      <View className="dw-action dw-fee-box">
        <Text className="dw-action__title">信息处理费（超过免费标准时，缴费期间不计入答复期限）</Text>
        <Picker
          mode="selector"
          range={FEE_BASES.map((b) => FEE_BASIS_LABELS[b])}
          value={FEE_BASES.indexOf(basis)}
          onChange={(e) => setBasis(FEE_BASES[Number(e.detail.value)]!)}
        >
          <View className="zw-field__input" style={{ lineHeight: '88px' }} aria-label="计收方式">
            计收方式：{FEE_BASIS_LABELS[basis]}
          </View>
        </Picker>
        {basis === 'per_page' ? (
          <View className="zw-field">
            <Input
              id="dw-fee-pages"
              className="zw-field__input"
              type="number"
              value={pages}
              aria-label="页数"
              placeholder="提供的信息页数"
              onInput={(e) => setPages(e.detail.value)}
            />
          </View>
        ) : null}
        {preview ? <Text className="da-hint">{preview}</Text> : null}
        <Button
          id="dw-fee-notice"
          block
          loading={busy}
          onClick={() =>
            void run(
              () => disclosureApi.feeNotice(r.id, basis, basis === 'per_page' ? Number(pages) : undefined),
              '已发出收费通知',
            )
          }
        >
          发出缴费通知
        </Button>
      </View>
    );
  }
  if (r.status === 'fee_pending' && r.fee) {
    const expired = today > r.fee.payBy;
    return (
      <View className="dw-action dw-fee-box">
        <Text className="dw-action__title">
          待缴费：{r.fee.amount} 元（{r.fee.basisLabel}），截止 {r.fee.payBy}
        </Text>
        {expired ? (
          <>
            <Text className="da-hint">缴费期限已届满，申请人逾期未缴纳的，不再处理该申请（其他处理）。</Text>
            <Button
              id="dw-fee-close"
              block
              loading={busy}
              onClick={() => void run(() => disclosureApi.closeUnpaid(r.id), '已办结')}
            >
              逾期未缴费，不再处理
            </Button>
          </>
        ) : (
          <>
            <View className="zw-field">
              <Input
                id="dw-fee-paid-on"
                className="zw-field__input"
                value={paidOn}
                aria-label="缴费日期"
                placeholder={`缴费日期，默认今天（${today}）`}
                onInput={(e) => setPaidOn(e.detail.value.trim())}
              />
            </View>
            <Button
              id="dw-fee-paid"
              type="primary"
              block
              loading={busy}
              onClick={() =>
                void run(
                  () => disclosureApi.feePaid(r.id, DATE_RE.test(paidOn) ? paidOn : undefined),
                  '已登记缴费，恢复计时',
                )
              }
            >
              登记已缴费
            </Button>
          </>
        )}
      </View>
    );
  }
  return null;
}

/** 指派经办人员: any staff member of the organ, or nobody. */
export function AssignBox({ r, busy, run }: { r: DisclosureRequest; busy: boolean; run: Run }) {
  const staff = useApiData(() => disclosureApi.staff({ toast: false }), []);
  const people = staff.data?.items ?? [];
  const names = ['（不指派）', ...people.map((p) => p.name)];
  const current = r.assignee ? people.findIndex((p) => p.id === r.assignee!.id) + 1 : 0;
  return (
    <View className="dw-assign">
      <Picker
        mode="selector"
        range={names}
        value={Math.max(0, current)}
        disabled={busy || !people.length}
        onChange={(e) => {
          const i = Number(e.detail.value);
          const id = i === 0 ? null : people[i - 1]!.id;
          void run(() => disclosureApi.assign(r.id, id), id ? '已指派' : '已取消指派');
        }}
      >
        <View
          id="dw-assign"
          className="zw-field__input"
          style={{ lineHeight: '88px' }}
          aria-label="指派经办人员"
        >
          经办人员：{r.assignee?.name ?? '未指派'}（点击修改）
        </View>
      </Picker>
    </View>
  );
}

/** 沟通记录: calls, meetings and notes, newest first; staff add entries. */
export function ContactLog({ r, reload }: { r: DisclosureRequest; reload: () => Promise<unknown> }) {
  const [kind, setKind] = useState<(typeof CONTACT_KINDS)[number]>('call');
  const [summary, setSummary] = useState('');
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<string | null>(null);
  const add = async () => {
    setBusy(true);
    setErr(null);
    try {
      await disclosureApi.addContact(r.id, kind, summary);
      setSummary('');
      void Taro.showToast({ title: '已记录', icon: 'success' });
      await reload();
    } catch (e) {
      setErr(e instanceof ApiRequestError ? e.message : NETWORK_ERROR_MESSAGE);
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className="dw-contacts">
      {r.contacts.length === 0 ? <Text className="da-hint">暂无沟通记录。</Text> : null}
      {r.contacts.map((c) => (
        <View key={c.id} className="dw-contact">
          <Text className="dw-contact__meta">
            {formatTime(c.at)} · {c.kindLabel} · {c.by}
          </Text>
          <Text className="dw-contact__text">{c.summary}</Text>
        </View>
      ))}
      <Picker
        mode="selector"
        range={CONTACT_KINDS.map((k) => CONTACT_KIND_LABELS[k])}
        value={CONTACT_KINDS.indexOf(kind)}
        onChange={(e) => setKind(CONTACT_KINDS[Number(e.detail.value)]!)}
      >
        <View className="zw-field__input" style={{ lineHeight: '88px' }} aria-label="沟通方式">
          沟通方式：{CONTACT_KIND_LABELS[kind]}
        </View>
      </Picker>
      <Textarea
        id="dw-contact-summary"
        className="da-textarea"
        value={summary}
        maxlength={1000}
        aria-label="沟通内容"
        placeholder="沟通内容：了解到的真实需求、告知事项等"
        onInput={(e) => setSummary(e.detail.value)}
      />
      {err ? <View className="zw-form-error">{err}</View> : null}
      <Button id="dw-contact-add" block loading={busy} onClick={() => void add()}>
        添加沟通记录
      </Button>
    </View>
  );
}

/** 重复申请 candidates: the same applicant's alike requests in the last 12 months. */
export function Duplicates({ r }: { r: DisclosureRequest }) {
  if (!r.duplicates.length) return null;
  return (
    <View className="dw-duplicates">
      <Text className="da-hint">
        同一申请人近12个月内提出过内容相近的申请，请核对是否属于重复申请（《条例》第三十六条第（六）项）：
      </Text>
      {r.duplicates.map((d) => (
        <View
          key={d.id}
          className="dw-duplicate"
          role="link"
          aria-label={`查看申请${d.number}`}
          onClick={() => void Taro.navigateTo({ url: `${DISCLOSURE_ROUTES.staffDetail}?id=${d.id}` })}
        >
          <Text className="dw-duplicate__title">{d.title}</Text>
          <Text className="dw-duplicate__meta">
            {d.number} · {d.submittedOn} · {DISCLOSURE_STATUS_LABELS[d.status]} · 相似度{' '}
            {Math.round(d.score * 100)}%
          </Text>
        </View>
      ))}
    </View>
  );
}

/** 行政复议 / 行政诉讼 records against the request (table 四). */
export function Remedies({ r, reload }: { r: DisclosureRequest; reload: () => Promise<unknown> }) {
  const [kind, setKind] = useState<RemedyKind>('reconsideration');
  const [result, setResult] = useState<RemedyResult>('pending');
  const [filedOn, setFiledOn] = useState('');
  const [decidedOn, setDecidedOn] = useState('');
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<string | null>(null);
  const go = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setErr(null);
    try {
      await fn();
      void Taro.showToast({ title: '已保存', icon: 'success' });
      await reload();
    } catch (e) {
      setErr(e instanceof ApiRequestError ? e.message : NETWORK_ERROR_MESSAGE);
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className="dw-remedies">
      {r.remedies.map((m) => (
        <View key={m.id} className="dw-remedy">
          <Text className="dw-remedy__title">
            {m.kindLabel} · {m.body} · {m.resultLabel}
          </Text>
          <Text className="dw-remedy__meta">
            立案 {m.filedOn}
            {m.decidedOn ? ` · 审结 ${m.decidedOn}` : ''} · 登记人 {m.recordedBy}
          </Text>
          {m.result === 'pending' ? (
            <Picker
              mode="selector"
              range={REMEDY_RESULTS.filter((x) => x !== 'pending').map((x) => REMEDY_RESULT_LABELS[x])}
              onChange={(e) => {
                const res = REMEDY_RESULTS.filter((x) => x !== 'pending')[Number(e.detail.value)]!;
                const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
                void go(() => disclosureApi.updateRemedy(m.id, res, today));
              }}
            >
              <View className="dw-remedy__update" aria-label="登记审结结果">
                登记审结结果（审结日期记为今天）
              </View>
            </Picker>
          ) : null}
        </View>
      ))}
      <Picker
        mode="selector"
        range={REMEDY_KINDS.map((k) => REMEDY_KIND_LABELS[k])}
        value={REMEDY_KINDS.indexOf(kind)}
        onChange={(e) => setKind(REMEDY_KINDS[Number(e.detail.value)]!)}
      >
        <View className="zw-field__input" style={{ lineHeight: '88px' }} aria-label="类型">
          类型：{REMEDY_KIND_LABELS[kind]}
        </View>
      </Picker>
      <Input
        className="zw-field__input"
        value={body}
        aria-label="复议机关或人民法院"
        placeholder="复议机关或人民法院"
        onInput={(e) => setBody(e.detail.value)}
      />
      <Input
        className="zw-field__input"
        value={filedOn}
        aria-label="立案日期"
        placeholder="立案日期，如 2026-05-20"
        onInput={(e) => setFiledOn(e.detail.value.trim())}
      />
      <Picker
        mode="selector"
        range={REMEDY_RESULTS.map((k) => REMEDY_RESULT_LABELS[k])}
        value={REMEDY_RESULTS.indexOf(result)}
        onChange={(e) => setResult(REMEDY_RESULTS[Number(e.detail.value)]!)}
      >
        <View className="zw-field__input" style={{ lineHeight: '88px' }} aria-label="结果">
          结果：{REMEDY_RESULT_LABELS[result]}
        </View>
      </Picker>
      {result !== 'pending' ? (
        <Input
          className="zw-field__input"
          value={decidedOn}
          aria-label="审结日期"
          placeholder="审结日期，如 2026-06-10"
          onInput={(e) => setDecidedOn(e.detail.value.trim())}
        />
      ) : null}
      {err ? <View className="zw-form-error">{err}</View> : null}
      <Button
        id="dw-remedy-add"
        block
        loading={busy}
        onClick={() =>
          void go(() =>
            disclosureApi.addRemedy(r.id, {
              kind,
              filedOn,
              body,
              result,
              ...(result !== 'pending' && decidedOn ? { decidedOn } : {}),
            }),
          )
        }
      >
        登记复议或诉讼
      </Button>
    </View>
  );
}
