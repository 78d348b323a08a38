import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Text, Textarea, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import {
  APPLICANT_KIND_LABELS,
  ApplicantSchema,
  DELIVERY_FORM_LABELS,
  DELIVERY_WAY_LABELS,
  DeliverySchema,
  DisclosureCreateSchema,
  ID_TYPE_LABELS,
  InfoWantedSchema,
  ORG_TYPE_LABELS,
  ORG_TYPES,
  FILE_RULES,
  type FileMeta,
  type IdType,
  type OrgType,
} from '@zwgk/types';
import PageShell from '../../components/PageShell';
import Section from '../../components/Section';
import { ErrorState, LoadingState } from '../../components/States';
import { ApiRequestError, NETWORK_ERROR_MESSAGE, api, newIdempotencyKey } from '../../api';
import { DISCLOSURE_ROUTES, disclosureApi } from '../../api/disclosure';
import { chooseAndUpload } from '../../api/files';
import { FileList } from '../disclosure-detail/parts';
import { useApiData } from '../../hooks/useApiData';
import { ROUTES } from '../../routes';
import { useSession } from '../../store/session';
import { readStorage, removeStorage, writeStorage } from '../../store/storage';
import './disclosure.scss';

const DRAFT_KEY = 'zwgk.disclosureDraft';
const STEPS = ['申请人信息', '所需信息', '获取方式', '确认提交'] as const;
const PERSONAL_ID_TYPES: IdType[] = ['resident_id', 'hk_macao_pass', 'taiwan_pass', 'passport'];

interface Form {
  kind: 'natural' | 'organization';
  orgType: OrgType | '';
  name: string;
  idType: IdType;
  idNumber: string;
  legalRepresentative: string;
  contactName: string;
  phone: string;
  email: string;
  address: string;
  organId: string;
  title: string;
  documentNumber: string;
  description: string;
  form: 'paper' | 'electronic' | '';
  way: 'post' | 'email' | 'pickup' | 'online' | '';
  declaration: boolean;
}

const EMPTY: Form = {
  kind: 'natural',
  orgType: '',
  name: '',
  idType: 'resident_id',
  idNumber: '',
  legalRepresentative: '',
  contactName: '',
  phone: '',
  email: '',
  address: '',
  organId: '',
  title: '',
  documentNumber: '',
  description: '',
  form: '',
  way: '',
  declaration: false,
};

const opt = (s: string) => (s.trim() ? s.trim() : undefined);

function toInput(f: Form) {
  return {
    organId: f.organId,
    applicant: {
      kind: f.kind,
      orgType: f.kind === 'organization' ? f.orgType || undefined : undefined,
      name: f.name,
      idType: f.idType,
      idNumber: f.idNumber,
      legalRepresentative: f.kind === 'organization' ? opt(f.legalRepresentative) : undefined,
      contactName: f.kind === 'organization' ? opt(f.contactName) : undefined,
      phone: f.phone,
      email: opt(f.email),
      address: opt(f.address),
    },
    info: { title: f.title, documentNumber: opt(f.documentNumber), description: f.description },
    delivery: { form: f.form || undefined, way: f.way || undefined },
    declaration: f.declaration,
  };
}

type Errors = Record<string, string>;

function collect(issues: { path: PropertyKey[]; message: string }[], prefix = ''): Errors {
  const out: Errors = {};
  for (const i of issues) {
    const key = (prefix ? [prefix, ...i.path] : i.path).map(String).join('.');
    if (!out[key]) out[key] = i.message;
  }
  return out;
}

/** Inline validation of one step, with the shared zod schemas. */
function validateStep(step: number, f: Form): Errors {
  const input = toInput(f);
  if (step === 0) {
    const r = ApplicantSchema.safeParse(input.applicant);
    return r.success ? {} : collect(r.error.issues, 'applicant');
  }
  if (step === 1) {
    const r = InfoWantedSchema.safeParse(input.info);
    const errs = r.success ? {} : collect(r.error.issues, 'info');
    if (!f.organId) errs.organId = '请选择受理机关';
    return errs;
  }
  if (step === 2) {
    const r = DeliverySchema.safeParse(input.delivery);
    const errs = r.success ? {} : collect(r.error.issues, 'delivery');
    if (f.way === 'post' && !f.address.trim()) errs['applicant.address'] = '选择邮寄时请填写通信地址';
    if (f.way === 'email' && !f.email.trim()) errs['applicant.email'] = '选择电子邮件时请填写邮箱';
    return errs;
  }
  const r = DisclosureCreateSchema.safeParse(input);
  return r.success ? {} : collect(r.error.issues);
}

function Field(props: {
  id: string;
  label: string;
  value: string;
  error?: string;
  placeholder?: string;
  maxlength?: number;
  type?: 'text' | 'number' | 'idcard';
  onInput: (v: string) => void;
}) {
  return (
    <View className="zw-field">
      <Text className="zw-field__label">{props.label}</Text>
      <Input
        id={props.id}
        className="zw-field__input"
        value={props.value}
        type={props.type ?? 'text'}
        maxlength={props.maxlength ?? 60}
        placeholder={props.placeholder}
        nativeProps={{ 'aria-label': props.label }}
        onInput={(e) => props.onInput(e.detail.value)}
      />
      {props.error ? <Text className={`zw-field__error ${props.id}-error`}>{props.error}</Text> : null}
    </View>
  );
}

function Chips<T extends string>(props: {
  idPrefix: string;
  options: readonly T[];
  labels: Record<T, string>;
  value: T | '';
  onChange: (v: T) => void;
}) {
  return (
    <View className="zw-chips">
      {props.options.map((o) => (
        <View
          key={o}
          id={`${props.idPrefix}-${o}`}
          className={`zw-chip ${props.value === o ? 'zw-chip--active' : ''}`}
          onClick={() => props.onChange(o)}
        >
          {props.labels[o]}
        </View>
      ))}
    </View>
  );
}

export default function DisclosureApplyPage() {
  const session = useSession();
  const organs = useApiData(() => api.organs.list({ toast: false }), []);
  const [f, setF] = useState<Form>(() => {
    const draft = readStorage<Partial<Form>>(DRAFT_KEY);
    return { ...EMPTY, ...(draft ?? {}), idNumber: '', declaration: false };
  });
  const [step, setStep] = useState(0);
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  // ID proofs are uploaded at once and sent as file ids; they are not kept in the phone's draft.
  const [proofs, setProofs] = useState<FileMeta[]>([]);
  const addProofs = async () => {
    const added = await chooseAndUpload('disclosure-id-proof', 5 - proofs.length);
    if (added.length) setProofs((p) => [...p, ...added].slice(0, 5));
  };
  const key = useRef(newIdempotencyKey());

  // The draft stays on this phone (without the ID number) until the request is submitted.
  useEffect(() => {
    const { idNumber: _omit, declaration: _d, ...rest } = f;
    writeStorage(DRAFT_KEY, rest);
  }, [f]);

  const set = <K extends keyof Form>(k: K, v: Form[K]) => {
    setF((prev) => ({ ...prev, [k]: v }));
    key.current = newIdempotencyKey();
  };

  const next = () => {
    const errs = validateStep(step, f);
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setStep(step + 1);
    void Taro.pageScrollTo({ scrollTop: 0, duration: 0 });
  };

  const submit = async () => {
    if (submitting) return;
    setFormError(null);
    const parsed = DisclosureCreateSchema.safeParse(toInput(f));
    if (!parsed.success) {
      setErrors(collect(parsed.error.issues));
      setFormError('请返回上一步核对标红的内容');
      return;
    }
    setSubmitting(true);
    try {
      const { request } = await disclosureApi.create(
        proofs.length ? { ...parsed.data, idProofFileIds: proofs.map((p) => p.id) } : parsed.data,
        key.current,
      );
      removeStorage(DRAFT_KEY);
      void Taro.showToast({ title: '申请已提交', icon: 'success' });
      void Taro.redirectTo({ url: `${DISCLOSURE_ROUTES.detail}?id=${request.id}` });
    } catch (e) {
      if (e instanceof ApiRequestError && e.code === 'VALIDATION_FAILED') {
        const fields =
          (e.details as { fields?: { path: string; message: string }[] } | undefined)?.fields ?? [];
        setErrors(Object.fromEntries(fields.map((x) => [x.path, x.message])));
      }
      setFormError(e instanceof ApiRequestError ? e.message : NETWORK_ERROR_MESSAGE);
    } finally {
      setSubmitting(false);
    }
  };

  if (!session) {
    return (
      <PageShell className="disclosure-apply-page">
        <Section title="政府信息公开申请">
          <Text className="da-hint">提交申请需要先登录，以便您随时查看办理进度和答复。</Text>
          <Button
            id="da-login"
            type="primary"
            block
            onClick={() => void Taro.navigateTo({ url: ROUTES.login })}
          >
            登录后申请
          </Button>
        </Section>
      </PageShell>
    );
  }

  const organName = organs.data?.items.find((o) => o.id === f.organId)?.name ?? '';
  const idTypes: IdType[] = f.kind === 'natural' ? PERSONAL_ID_TYPES : ['uscc'];

  return (
    <PageShell className="disclosure-apply-page">
      <View className="da-steps">
        {STEPS.map((s, i) => (
          <View
            key={s}
            className={`da-step ${i === step ? 'da-step--active' : ''} ${i < step ? 'da-step--done' : ''}`}
          >
            <Text className="da-step__dot">{i < step ? '✓' : i + 1}</Text>
            <Text>{s}</Text>
          </View>
        ))}
      </View>

      {step === 0 ? (
        <Section
          title="申请人信息"
          className="da-section-applicant"
          extra={
            <Text
              id="da-mine"
              className="zw-tag zw-tag--blue"
              onClick={() => void Taro.navigateTo({ url: DISCLOSURE_ROUTES.mine })}
            >
              我的申请
            </Text>
          }
        >
          <View className="zw-field">
            <Text className="zw-field__label">申请人类型</Text>
            <Chips
              idPrefix="da-kind"
              options={['natural', 'organization'] as const}
              labels={APPLICANT_KIND_LABELS}
              value={f.kind}
              onChange={(v) => {
                setF((p) => ({ ...p, kind: v, idType: v === 'natural' ? 'resident_id' : 'uscc' }));
                setErrors({});
              }}
            />
          </View>
          {f.kind === 'organization' ? (
            <View className="zw-field">
              <Text className="zw-field__label">组织类型</Text>
              <Chips
                idPrefix="da-org-type"
                options={ORG_TYPES}
                labels={ORG_TYPE_LABELS}
                value={f.orgType}
                onChange={(v) => set('orgType', v)}
              />
              {errors['applicant.orgType'] ? (
                <Text className="zw-field__error">{errors['applicant.orgType']}</Text>
              ) : null}
            </View>
          ) : null}
          <Field
            id="da-name"
            label={f.kind === 'natural' ? '姓名' : '名称'}
            value={f.name}
            placeholder={f.kind === 'natural' ? '与证件一致' : '与营业执照或登记证书一致'}
            error={errors['applicant.name']}
            onInput={(v) => set('name', v)}
          />
          {f.kind === 'natural' ? (
            <View className="zw-field">
              <Text className="zw-field__label">证件类型</Text>
              <Chips
                idPrefix="da-id-type"
                options={idTypes}
                labels={ID_TYPE_LABELS}
                value={f.idType}
                onChange={(v) => set('idType', v)}
              />
            </View>
          ) : null}
          <Field
            id="da-id-number"
            label={f.kind === 'natural' ? `${ID_TYPE_LABELS[f.idType]}号码` : '统一社会信用代码'}
            value={f.idNumber}
            type={f.idType === 'resident_id' ? 'idcard' : 'text'}
            maxlength={30}
            placeholder={f.kind === 'natural' ? '18位，末位可能为X' : '18位'}
            error={errors['applicant.idNumber'] ?? errors['applicant.idType']}
            onInput={(v) => set('idNumber', v)}
          />
          {f.kind === 'organization' ? (
            <>
              <Field
                id="da-legal-rep"
                label="法定代表人或负责人"
                value={f.legalRepresentative}
                maxlength={30}
                error={errors['applicant.legalRepresentative']}
                onInput={(v) => set('legalRepresentative', v)}
              />
              <Field
                id="da-contact"
                label="联系人"
                value={f.contactName}
                maxlength={30}
                error={errors['applicant.contactName']}
                onInput={(v) => set('contactName', v)}
              />
            </>
          ) : null}
          <Field
            id="da-phone"
            label="联系电话"
            value={f.phone}
            type="number"
            maxlength={13}
            placeholder="手机号码或带区号的固定电话"
            error={errors['applicant.phone']}
            onInput={(v) => set('phone', v)}
          />
          <Field
            id="da-email"
            label="电子邮箱（选填）"
            value={f.email}
            maxlength={100}
            error={errors['applicant.email']}
            onInput={(v) => set('email', v)}
          />
          <Field
            id="da-address"
            label="通信地址（邮寄时必填）"
            value={f.address}
            maxlength={120}
            error={errors['applicant.address']}
            onInput={(v) => set('address', v)}
          />
          <Text className="da-hint">证件号码加密保存，仅您本人和受理机关经办人员可见。</Text>
          <View className="zw-field da-proofs">
            <Text className="zw-field__label">身份证明材料（选填）</Text>
            <Text className="da-hint">
              可上传身份证件或营业执照的照片、扫描件（{FILE_RULES['disclosure-id-proof'].kinds.join('、')}
              ，每个不超过{FILE_RULES['disclosure-id-proof'].maxBytes / 1048576}
              MB，最多5个），仅受理机关可见。
            </Text>
            <FileList
              files={proofs}
              idPrefix="da-proof"
              onRemove={(id) => setProofs((p) => p.filter((x) => x.id !== id))}
            />
            {proofs.length < 5 ? (
              <Button id="da-proof-add" size="small" onClick={() => void addProofs()}>
                上传身份证明材料
              </Button>
            ) : null}
          </View>
        </Section>
      ) : null}

      {step === 1 ? (
        <Section title="所需政府信息" className="da-section-info">
          <View className="zw-field">
            <Text className="zw-field__label">受理机关</Text>
            {organs.loading ? <LoadingState /> : null}
            {organs.error ? <ErrorState message={organs.error} onRetry={() => void organs.reload()} /> : null}
            <View className="zw-chips">
              {organs.data?.items.map((o) => (
                <View
                  key={o.id}
                  id={`da-organ-${o.code}`}
                  className={`zw-chip da-organ ${f.organId === o.id ? 'zw-chip--active' : ''}`}
                  onClick={() => set('organId', o.id)}
                >
                  {o.name}
                </View>
              ))}
            </View>
            {errors.organId ? <Text className="zw-field__error">{errors.organId}</Text> : null}
          </View>
          <Field
            id="da-title"
            label="所需信息的名称"
            value={f.title}
            maxlength={100}
            placeholder="如：2026年南昌市保障性租赁住房筹集计划"
            error={errors['info.title']}
            onInput={(v) => set('title', v)}
          />
          <Field
            id="da-doc-number"
            label="文件编号（选填）"
            value={f.documentNumber}
            maxlength={50}
            placeholder="如：赣府字〔2026〕1号"
            error={errors['info.documentNumber']}
            onInput={(v) => set('documentNumber', v)}
          />
          <View className="zw-field">
            <Text className="zw-field__label">所需信息的内容描述</Text>
            <Textarea
              id="da-description"
              className="da-textarea"
              value={f.description}
              maxlength={1000}
              placeholder="请写明制作机关、大致时间、内容特征等，便于准确查找"
              onInput={(e) => set('description', e.detail.value)}
            />
            {errors['info.description'] ? (
              <Text className="zw-field__error da-description-error">{errors['info.description']}</Text>
            ) : null}
          </View>
        </Section>
      ) : null}

      {step === 2 ? (
        <Section title="获取信息的方式" className="da-section-delivery">
          <View className="zw-field">
            <Text className="zw-field__label">载体形式</Text>
            <Chips
              idPrefix="da-form"
              options={['electronic', 'paper'] as const}
              labels={DELIVERY_FORM_LABELS}
              value={f.form}
              onChange={(v) => set('form', v)}
            />
            {errors['delivery.form'] ? (
              <Text className="zw-field__error">{errors['delivery.form']}</Text>
            ) : null}
          </View>
          <View className="zw-field">
            <Text className="zw-field__label">获取方式</Text>
            <Chips
              idPrefix="da-way"
              options={['online', 'email', 'post', 'pickup'] as const}
              labels={DELIVERY_WAY_LABELS}
              value={f.way}
              onChange={(v) => set('way', v)}
            />
            {errors['delivery.way'] ? (
              <Text className="zw-field__error">{errors['delivery.way']}</Text>
            ) : null}
            {errors['applicant.address'] ? (
              <Text className="zw-field__error">{errors['applicant.address']}（请返回第一步填写）</Text>
            ) : null}
            {errors['applicant.email'] ? (
              <Text className="zw-field__error">{errors['applicant.email']}（请返回第一步填写）</Text>
            ) : null}
          </View>
          <Text className="da-hint">
            依申请提供政府信息，一般不收取费用；申请数量、页数明显超过合理范围的，按规定收取信息处理费，受理机关将另行告知。
          </Text>
        </Section>
      ) : null}

      {step === 3 ? (
        <Section title="核对并提交" className="da-section-review">
          {formError ? <View className="zw-form-error da-form-error">{formError}</View> : null}
          <View className="da-summary">
            {[
              [
                '申请人',
                `${f.name}（${APPLICANT_KIND_LABELS[f.kind]}${f.orgType ? `·${ORG_TYPE_LABELS[f.orgType]}` : ''}）`,
              ],
              ['证件号码', f.idNumber ? `${f.idNumber.slice(0, 4)}****${f.idNumber.slice(-4)}` : ''],
              ['联系电话', f.phone],
              ['身份证明材料', proofs.length ? `${proofs.length}个文件` : '未上传'],
              ['受理机关', organName],
              ['所需信息', f.title],
              ['文件编号', f.documentNumber || '—'],
              ['内容描述', f.description],
              [
                '获取方式',
                `${f.form ? DELIVERY_FORM_LABELS[f.form] : ''}·${f.way ? DELIVERY_WAY_LABELS[f.way] : ''}`,
              ],
            ].map(([label, value]) => (
              <View key={label} className="da-summary__row">
                <Text className="da-summary__label">{label}</Text>
                <Text className="da-summary__value">{value}</Text>
              </View>
            ))}
          </View>
          <View
            id="da-declaration"
            className={`da-declaration ${f.declaration ? 'da-declaration--checked' : ''}`}
            onClick={() => set('declaration', !f.declaration)}
          >
            <Text className="da-declaration__box">{f.declaration ? '✓' : ''}</Text>
            <Text>
              本人（本单位）承诺所填信息真实有效，了解申请获取的政府信息应当依法使用，不得用于违法用途。
            </Text>
          </View>
          {errors.declaration ? <Text className="zw-field__error">{errors.declaration}</Text> : null}
        </Section>
      ) : null}

      <View className="da-actions">
        {step > 0 ? (
          <Button id="da-prev" onClick={() => setStep(step - 1)}>
            上一步
          </Button>
        ) : null}
        {step < 3 ? (
          <Button id="da-next" type="primary" onClick={next}>
            下一步
          </Button>
        ) : (
          <Button id="da-submit" type="primary" loading={submitting} onClick={() => void submit()}>
            提交申请
          </Button>
        )}
      </View>
    </PageShell>
  );
}
