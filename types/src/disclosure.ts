/** 依申请公开: the application (art. 29), its lifecycle, answer kinds and the annual report table 三. */
import { z } from 'zod';
import { DateStringSchema } from './calendar';
import { IdSchema, IsoDateTime } from './common';
import { FileIdsSchema, FileMetaSchema } from './files';

// ---------- identity numbers ----------

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** 居民身份证号码 (GB 11643-1999): 18 characters, a real birth date and the ISO 7064 MOD 11-2 check. */
export function isValidResidentId(raw: string): boolean {
  const s = raw.toUpperCase();
  if (!/^[1-9]\d{16}[\dX]$/.test(s)) return false;
  const birth = `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`;
  const d = new Date(`${birth}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== birth || +s.slice(6, 10) < 1900)
    return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(s[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11] === s[17];
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** 统一社会信用代码 (GB 32100-2015): 18 characters from its 31-letter alphabet and the MOD 31 check. */
export function isValidUscc(raw: string): boolean {
  const s = raw.toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(s[i]!) * USCC_WEIGHTS[i]!;
  const c = (31 - (sum % 31)) % 31;
  return USCC_CHARS[c] === s[17];
}

/** `3601**********1234`: the first four and last four characters. */
export function maskIdNumber(s: string): string {
  if (s.length <= 8) return `${s.slice(0, 1)}${'*'.repeat(Math.max(0, s.length - 1))}`;
  return `${s.slice(0, 4)}${'*'.repeat(s.length - 8)}${s.slice(-4)}`;
}

// ---------- enums and labels ----------

export const APPLICANT_KINDS = ['natural', 'organization'] as const;
export const APPLICANT_KIND_LABELS: Record<(typeof APPLICANT_KINDS)[number], string> = {
  natural: '自然人',
  organization: '法人或其他组织',
};
export const ORG_TYPES = ['commercial', 'research', 'public_interest', 'legal_service', 'other'] as const;
export type OrgType = (typeof ORG_TYPES)[number];
export const ORG_TYPE_LABELS: Record<OrgType, string> = {
  commercial: '商业企业',
  research: '科研机构',
  public_interest: '社会公益组织',
  legal_service: '法律服务机构',
  other: '其他',
};
export const ID_TYPES = ['resident_id', 'hk_macao_pass', 'taiwan_pass', 'passport', 'uscc'] as const;
export type IdType = (typeof ID_TYPES)[number];
export const ID_TYPE_LABELS: Record<IdType, string> = {
  resident_id: '居民身份证',
  hk_macao_pass: '港澳居民来往内地通行证',
  taiwan_pass: '台湾居民来往大陆通行证',
  passport: '护照',
  uscc: '统一社会信用代码',
};
export const DELIVERY_FORMS = ['paper', 'electronic'] as const;
export const DELIVERY_FORM_LABELS: Record<(typeof DELIVERY_FORMS)[number], string> = {
  paper: '纸质',
  electronic: '电子',
};
export const DELIVERY_WAYS = ['post', 'email', 'pickup', 'online'] as const;
export const DELIVERY_WAY_LABELS: Record<(typeof DELIVERY_WAYS)[number], string> = {
  post: '邮寄',
  email: '电子邮件',
  pickup: '当面领取',
  online: '网上获取',
};

export const DISCLOSURE_STATUSES = [
  'submitted',
  'supplement_requested',
  'processing',
  'consulting',
  'fee_pending',
  'in_review',
  'replied',
  'closed',
  'withdrawn',
] as const;
export type DisclosureStatus = (typeof DISCLOSURE_STATUSES)[number];
export const DISCLOSURE_STATUS_LABELS: Record<DisclosureStatus, string> = {
  submitted: '已提交，待受理',
  supplement_requested: '待补正',
  processing: '办理中',
  consulting: '征求意见中',
  fee_pending: '待缴纳信息处理费',
  in_review: '答复审查中',
  replied: '已答复',
  closed: '已办结',
  withdrawn: '已撤回',
};

/** Answer kinds: the rows of table 三 (三、本年度办理结果). */
export const ANSWER_KINDS = {
  disclose: { group: '（一）予以公开', label: '予以公开', basis: '《条例》第三十六条第（二）项' },
  partial: {
    group: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
    label: '部分公开',
    basis: '《条例》第三十七条',
  },
  refuse_1: { group: '（三）不予公开', label: '1.属于国家秘密', basis: '《条例》第十四条' },
  refuse_2: { group: '（三）不予公开', label: '2.其他法律行政法规禁止公开', basis: '《条例》第十四条' },
  refuse_3: { group: '（三）不予公开', label: '3.危及“三安全一稳定”', basis: '《条例》第十四条' },
  refuse_4: { group: '（三）不予公开', label: '4.保护第三方合法权益', basis: '《条例》第十五条' },
  refuse_5: { group: '（三）不予公开', label: '5.属于三类内部事务信息', basis: '《条例》第十六条第一款' },
  refuse_6: { group: '（三）不予公开', label: '6.属于四类过程性信息', basis: '《条例》第十六条第二款' },
  refuse_7: { group: '（三）不予公开', label: '7.属于行政执法案卷', basis: '《条例》第十六条第二款' },
  refuse_8: { group: '（三）不予公开', label: '8.属于行政查询事项', basis: '《条例》第三十六条第（七）项' },
  unable_1: {
    group: '（四）无法提供',
    label: '1.本机关不掌握相关政府信息',
    basis: '《条例》第三十六条第（四）项、第（五）项',
  },
  unable_2: { group: '（四）无法提供', label: '2.没有现成信息需要另行制作', basis: '《条例》第三十八条' },
  unable_3: { group: '（四）无法提供', label: '3.补正后申请内容仍不明确', basis: '《条例》第三十条' },
  reject_1: { group: '（五）不予处理', label: '1.信访举报投诉类申请', basis: '《条例》第三十九条第一款' },
  reject_2: { group: '（五）不予处理', label: '2.重复申请', basis: '《条例》第三十六条第（六）项' },
  reject_3: { group: '（五）不予处理', label: '3.要求提供公开出版物', basis: '《条例》第三十九条第二款' },
  reject_4: { group: '（五）不予处理', label: '4.无正当理由大量反复申请', basis: '《条例》第三十五条' },
  reject_5: {
    group: '（五）不予处理',
    label: '5.要求行政机关确认或重新出具已获取信息',
    basis: '《条例》第三十九条第二款',
  },
  other_1: {
    group: '（六）其他处理',
    label: '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
    basis: '《条例》第三十条',
  },
  other_2: {
    group: '（六）其他处理',
    label: '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
    basis: '《政府信息公开信息处理费管理办法》第七条',
  },
  other_3: { group: '（六）其他处理', label: '3.其他', basis: '《条例》' },
} as const;
export type AnswerKind = keyof typeof ANSWER_KINDS;
export const ANSWER_KIND_KEYS = Object.keys(ANSWER_KINDS) as [AnswerKind, ...AnswerKind[]];
export const AnswerKindSchema = z.enum(ANSWER_KIND_KEYS);

// ---------- application (art. 29) ----------

const phone = z
  .string()
  .trim()
  .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, '请填写11位手机号码或带区号的固定电话');

const ApplicantInputSchema = z
  .object({
    kind: z.enum(APPLICANT_KINDS, '请选择申请人类型'),
    orgType: z.enum(ORG_TYPES, '请选择组织类型').optional(),
    name: z.string().trim().min(2, '姓名或名称至少2个字').max(60, '姓名或名称不超过60个字'),
    idType: z.enum(ID_TYPES, '请选择证件类型'),
    idNumber: z
      .string()
      .trim()
      .min(5, '请填写证件号码')
      .max(30, '证件号码不超过30位')
      .transform((s) => s.toUpperCase()),
    legalRepresentative: z.string().trim().max(30, '法定代表人姓名不超过30个字').optional(),
    contactName: z.string().trim().max(30, '联系人姓名不超过30个字').optional(),
    phone,
    email: z
      .email('邮箱格式不正确')
      .max(100)
      .optional()
      .or(z.literal('').transform(() => undefined)),
    address: z.string().trim().max(120, '通信地址不超过120个字').optional(),
  })
  .strict();

/** Field-level rules shared by the server and the form's inline validation. */
export function applicantIssues(
  a: z.infer<typeof ApplicantInputSchema>,
): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  if (a.kind === 'natural') {
    if (a.idType === 'uscc') out.push({ path: 'idType', message: '自然人请选择个人身份证件' });
    else if (a.idType === 'resident_id' && !isValidResidentId(a.idNumber))
      out.push({ path: 'idNumber', message: '居民身份证号码有误，请核对（含末位校验码）' });
  } else {
    if (!a.orgType) out.push({ path: 'orgType', message: '请选择组织类型' });
    if (a.idType !== 'uscc') out.push({ path: 'idType', message: '法人或其他组织请填写统一社会信用代码' });
    else if (!isValidUscc(a.idNumber))
      out.push({ path: 'idNumber', message: '统一社会信用代码有误，请核对（含末位校验码）' });
    if (!a.legalRepresentative) out.push({ path: 'legalRepresentative', message: '请填写法定代表人' });
    if (!a.contactName) out.push({ path: 'contactName', message: '请填写联系人' });
  }
  return out;
}

export const ApplicantSchema = ApplicantInputSchema.superRefine((a, ctx) => {
  for (const i of applicantIssues(a)) ctx.addIssue({ code: 'custom', path: [i.path], message: i.message });
});

export const InfoWantedSchema = z
  .object({
    title: z.string().trim().min(2, '请填写所需信息的名称').max(100, '信息名称不超过100个字'),
    documentNumber: z.string().trim().max(50, '文号不超过50个字').optional(),
    description: z
      .string()
      .trim()
      .min(10, '请至少用10个字描述所需信息（如制作机关、时间、内容特征）')
      .max(1000, '描述不超过1000个字'),
  })
  .strict();

export const DeliverySchema = z
  .object({
    form: z.enum(DELIVERY_FORMS, '请选择获取信息的载体形式'),
    way: z.enum(DELIVERY_WAYS, '请选择获取信息的方式'),
  })
  .strict();

export const DisclosureCreateSchema = z
  .object({
    organId: IdSchema,
    applicant: ApplicantSchema,
    info: InfoWantedSchema,
    delivery: DeliverySchema,
    idProofFileIds: FileIdsSchema.max(5, '身份证明材料不超过5个').optional(),
    declaration: z.literal(true, '请阅读并确认申请声明'),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.delivery.way === 'post' && !v.applicant.address)
      ctx.addIssue({ code: 'custom', path: ['applicant', 'address'], message: '选择邮寄时请填写通信地址' });
    if (v.delivery.way === 'email' && !v.applicant.email)
      ctx.addIssue({ code: 'custom', path: ['applicant', 'email'], message: '选择电子邮件时请填写邮箱' });
  })
  .meta({ id: 'DisclosureCreate' });
export type DisclosureCreate = z.infer<typeof DisclosureCreateSchema>;
export type DisclosureCreateInput = z.input<typeof DisclosureCreateSchema>;

// ---------- lifecycle inputs ----------

const note = (min: number, what: string, max = 500) =>
  z.string().trim().min(min, `请填写${what}`).max(max, `${what}不超过${max}个字`);

export const SupplementRequestInputSchema = z
  .object({
    items: note(5, '需要补正的内容', 1000),
    replyWorkdays: z
      .number()
      .int()
      .min(5, '补正期限不少于5个工作日')
      .max(30, '补正期限不超过30个工作日')
      .optional(),
  })
  .strict()
  .meta({ id: 'SupplementRequestInput' });

export const SupplementInputSchema = z
  .object({
    text: note(5, '补正内容', 2000),
    fileIds: FileIdsSchema.max(5, '补正材料不超过5个').optional(),
  })
  .strict()
  .meta({ id: 'SupplementInput' });

export const ConsultationInputSchema = z
  .object({ party: note(2, '征求意见对象', 100), note: note(2, '征求意见事项') })
  .strict()
  .meta({ id: 'ConsultationInput' });

export const ConsultationEndInputSchema = z
  .object({ note: note(2, '意见结果') })
  .strict()
  .meta({ id: 'ConsultationEndInput' });

export const ExtensionInputSchema = z
  .object({
    days: z.number().int().min(1, '延长期限至少1个工作日').max(20, '延长期限最长不超过20个工作日'),
    reason: note(5, '延期理由'),
  })
  .strict()
  .meta({ id: 'ExtensionInput' });

export const DecisionInputSchema = z
  .object({ approve: z.boolean(), note: z.string().trim().max(500, '意见不超过500个字').optional() })
  .strict()
  .superRefine((v, ctx) => {
    if (!v.approve && !v.note)
      ctx.addIssue({ code: 'custom', path: ['note'], message: '不同意时请填写理由' });
  })
  .meta({ id: 'DecisionInput' });

export const ReplyDraftInputSchema = z
  .object({
    answerKind: AnswerKindSchema,
    content: note(10, '答复内容', 5000),
    legalBasis: z.string().trim().max(200, '法律依据不超过200个字').optional(),
    fileIds: FileIdsSchema.optional().meta({ description: '公开的政府信息文件（用途 disclosure-reply）' }),
  })
  .strict()
  .meta({ id: 'ReplyDraftInput' });

export const WithdrawInputSchema = z
  .object({ reason: z.string().trim().max(200, '撤回理由不超过200个字').optional() })
  .strict()
  .meta({ id: 'WithdrawInput' });

// ---------- information processing fees (《政府信息公开信息处理费管理办法》, 2020) ----------

export const FEE_BASES = ['per_request', 'per_page'] as const;
export type FeeBasis = (typeof FEE_BASES)[number];
export const FEE_BASIS_LABELS: Record<FeeBasis, string> = {
  per_request: '按件计收',
  per_page: '按量计收',
};
/** Days the applicant has to pay, counted from the notice; unpaid after that = 其他处理-2. */
export const FEE_PAYMENT_WORKDAYS = 20;

export interface FeeLine {
  label: string;
  quantity: number;
  unitPrice: number;
  amount: number;
}
export interface FeeQuote {
  basis: FeeBasis;
  amount: number;
  lines: FeeLine[];
}

/**
 * 按件计收: the n-th request of the same applicant in one natural month. 1–10 free; 11–30 100 yuan
 * each; from the 31st, each further band of 10 requests costs 100 yuan more per request.
 */
export function feePerRequest(ordinal: number): FeeQuote {
  if (!Number.isInteger(ordinal) || ordinal < 1) throw new RangeError('ordinal must be a positive integer');
  if (ordinal <= 10) return { basis: 'per_request', amount: 0, lines: [] };
  const unit = ordinal <= 30 ? 100 : 100 + 100 * Math.ceil((ordinal - 30) / 10);
  const band =
    ordinal <= 30
      ? '11—30件'
      : `${31 + 10 * (Math.ceil((ordinal - 30) / 10) - 1)}—${30 + 10 * Math.ceil((ordinal - 30) / 10)}件`;
  return {
    basis: 'per_request',
    amount: unit,
    lines: [{ label: `本自然月第${ordinal}件（${band}档）`, quantity: 1, unitPrice: unit, amount: unit }],
  };
}

const PAGE_BANDS = [
  { from: 31, to: 100, unit: 10, label: '31—100页部分' },
  { from: 101, to: 200, unit: 20, label: '101—200页部分' },
  { from: 201, to: Infinity, unit: 40, label: '201页以上部分' },
];

/** 按量计收: ≤30 pages free; the pages 31–100 at 10 yuan, 101–200 at 20, from 201 at 40 (marginal). */
export function feePerPage(pages: number): FeeQuote {
  if (!Number.isInteger(pages) || pages < 1) throw new RangeError('pages must be a positive integer');
  const lines: FeeLine[] = [];
  for (const b of PAGE_BANDS) {
    const n = Math.min(pages, b.to) - b.from + 1;
    if (n > 0) lines.push({ label: b.label, quantity: n, unitPrice: b.unit, amount: n * b.unit });
  }
  return { basis: 'per_page', amount: lines.reduce((s, l) => s + l.amount, 0), lines };
}

export const FeeNoticeInputSchema = z
  .object({
    basis: z.enum(FEE_BASES, '请选择计收方式（按件或按量）'),
    pages: z.number().int('页数须为整数').min(1, '页数至少为1').max(100000, '页数过大').optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.basis === 'per_page' && !v.pages)
      ctx.addIssue({ code: 'custom', path: ['pages'], message: '按量计收请填写页数' });
  })
  .meta({ id: 'FeeNoticeInput' });

export const FeePaidInputSchema = z
  .object({ paidOn: DateStringSchema.optional().meta({ description: '缴费日期，默认今天' }) })
  .strict()
  .meta({ id: 'FeePaidInput' });

// ---------- staff queue: assignment and contact log ----------

export const AssignInputSchema = z
  .object({ assigneeId: IdSchema.nullable().meta({ description: 'null 取消指派' }) })
  .strict()
  .meta({ id: 'DisclosureAssignInput' });

export const CONTACT_KINDS = ['call', 'meeting', 'note'] as const;
export const CONTACT_KIND_LABELS: Record<(typeof CONTACT_KINDS)[number], string> = {
  call: '电话沟通',
  meeting: '当面沟通',
  note: '备注',
};
export const ContactInputSchema = z
  .object({
    kind: z.enum(CONTACT_KINDS, '请选择沟通方式'),
    at: IsoDateTime.optional().meta({ description: '沟通时间，默认现在' }),
    summary: note(2, '沟通内容', 1000),
  })
  .strict()
  .meta({ id: 'DisclosureContactInput' });

export const ContactSchema = z
  .object({
    id: IdSchema,
    kind: z.enum(CONTACT_KINDS),
    kindLabel: z.string(),
    at: z.string(),
    summary: z.string(),
    by: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'DisclosureContact' });
export type DisclosureContact = z.infer<typeof ContactSchema>;

// ---------- administrative reconsideration and litigation (table 四) ----------

export const REMEDY_KINDS = [
  'reconsideration',
  'litigation_direct',
  'litigation_after_reconsideration',
] as const;
export type RemedyKind = (typeof REMEDY_KINDS)[number];
export const REMEDY_KIND_LABELS: Record<RemedyKind, string> = {
  reconsideration: '行政复议',
  litigation_direct: '行政诉讼（未经复议直接起诉）',
  litigation_after_reconsideration: '行政诉讼（复议后起诉）',
};
export const REMEDY_RESULTS = ['upheld', 'corrected', 'other', 'pending'] as const;
export type RemedyResult = (typeof REMEDY_RESULTS)[number];
export const REMEDY_RESULT_LABELS: Record<RemedyResult, string> = {
  upheld: '结果维持',
  corrected: '结果纠正',
  other: '其他结果',
  pending: '尚未审结',
};

const remedyDates = (
  v: { result: RemedyResult; decidedOn?: string | null; filedOn?: string },
  ctx: z.RefinementCtx,
) => {
  if (v.result !== 'pending' && !v.decidedOn)
    ctx.addIssue({ code: 'custom', path: ['decidedOn'], message: '已审结的请填写审结日期' });
  if (v.result === 'pending' && v.decidedOn)
    ctx.addIssue({ code: 'custom', path: ['decidedOn'], message: '尚未审结的不填写审结日期' });
  if (v.filedOn && v.decidedOn && v.decidedOn < v.filedOn)
    ctx.addIssue({ code: 'custom', path: ['decidedOn'], message: '审结日期不能早于立案日期' });
};

export const RemedyInputSchema = z
  .object({
    kind: z.enum(REMEDY_KINDS, '请选择救济类型'),
    filedOn: DateStringSchema,
    body: z.string().trim().min(2, '请填写复议机关或人民法院').max(60, '名称不超过60个字'),
    caseNumber: z.string().trim().max(60, '案号不超过60个字').optional(),
    result: z.enum(REMEDY_RESULTS, '请选择结果'),
    decidedOn: DateStringSchema.optional(),
    note: z.string().trim().max(500, '说明不超过500个字').optional(),
  })
  .strict()
  .superRefine(remedyDates)
  .meta({ id: 'RemedyInput' });

export const RemedyUpdateSchema = z
  .object({
    result: z.enum(REMEDY_RESULTS, '请选择结果'),
    decidedOn: DateStringSchema.optional(),
    note: z.string().trim().max(500, '说明不超过500个字').optional(),
  })
  .strict()
  .superRefine(remedyDates)
  .meta({ id: 'RemedyUpdate' });

export const RemedySchema = z
  .object({
    id: IdSchema,
    requestId: IdSchema,
    kind: z.enum(REMEDY_KINDS),
    kindLabel: z.string(),
    filedOn: z.string(),
    body: z.string(),
    caseNumber: z.string().nullable(),
    result: z.enum(REMEDY_RESULTS),
    resultLabel: z.string(),
    decidedOn: z.string().nullable(),
    note: z.string().nullable(),
    recordedBy: z.string(),
  })
  .meta({ id: 'DisclosureRemedy' });
export type DisclosureRemedy = z.infer<typeof RemedySchema>;
export const RemedyReplySchema = z.object({ remedy: RemedySchema });
export const RemedyParamsSchema = z.object({ remedyId: IdSchema });

// ---------- outputs ----------

export const TimelineEntrySchema = z.object({
  at: z.string(),
  action: z.string(),
  label: z.string(),
  actor: z.string().meta({ description: '申请人 / 经办人员姓名 / 审核人员姓名' }),
  from: z.string().nullable(),
  to: z.string(),
  note: z.string().nullable(),
  public: z.boolean(),
});
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

export const DisclosureRequestSchema = z
  .object({
    id: IdSchema,
    number: z.string().meta({ example: '赣公开申〔2026〕00042号' }),
    organ: z.object({ id: IdSchema, name: z.string() }),
    applicant: z.object({
      kind: z.enum(APPLICANT_KINDS),
      orgType: z.enum(ORG_TYPES).nullable(),
      name: z.string(),
      idType: z.enum(ID_TYPES),
      idNumber: z.string().meta({ description: '申请人本人和经办机关工作人员可见完整号码，其他情形脱敏' }),
      legalRepresentative: z.string().nullable(),
      contactName: z.string().nullable(),
      phone: z.string(),
      email: z.string().nullable(),
      address: z.string().nullable(),
    }),
    info: z.object({ title: z.string(), documentNumber: z.string().nullable(), description: z.string() }),
    delivery: z.object({ form: z.enum(DELIVERY_FORMS), way: z.enum(DELIVERY_WAYS) }),
    status: z.enum(DISCLOSURE_STATUSES),
    submittedAt: z.string(),
    receivedOn: z.string().nullable(),
    dueOn: z.string().nullable(),
    provisional: z.boolean(),
    workingDaysLeft: z.number().int().nullable(),
    dueSoon: z.boolean(),
    overdue: z.boolean(),
    supplement: z
      .object({
        requestedOn: z.string(),
        items: z.string(),
        dueOn: z.string(),
        suppliedOn: z.string().nullable(),
        text: z.string().nullable(),
        files: z.array(FileMetaSchema),
      })
      .nullable(),
    consultations: z.array(
      z.object({
        party: z.string(),
        note: z.string(),
        startedOn: z.string(),
        endedOn: z.string().nullable(),
      }),
    ),
    extension: z
      .object({
        days: z.number().int(),
        reason: z.string(),
        status: z.enum(['pending', 'approved', 'rejected']),
        requestedOn: z.string(),
        decidedOn: z.string().nullable(),
      })
      .nullable(),
    reply: z
      .object({
        answerKind: AnswerKindSchema,
        answerLabel: z.string(),
        content: z.string(),
        legalBasis: z.string(),
        draftedOn: z.string(),
        review: z.enum(['pending', 'approved', 'returned']),
        reviewNote: z.string().nullable(),
        repliedOn: z.string().nullable(),
        files: z.array(FileMetaSchema),
      })
      .nullable(),
    fee: z
      .object({
        basis: z.enum(FEE_BASES),
        basisLabel: z.string(),
        pages: z.number().int().nullable(),
        monthOrdinal: z.number().int().nullable(),
        amount: z.number().meta({ description: '应缴金额（元）' }),
        lines: z.array(
          z.object({
            label: z.string(),
            quantity: z.number(),
            unitPrice: z.number(),
            amount: z.number(),
          }),
        ),
        noticeOn: z.string(),
        payBy: z.string().meta({ description: '缴费截止日（通知之日起第20个工作日）' }),
        paidOn: z.string().nullable(),
        status: z.enum(['unpaid', 'paid', 'lapsed']),
      })
      .nullable(),
    idProofs: z.array(FileMetaSchema).meta({ description: '身份证明材料（申请人本人和受理机关可见）' }),
    replyLetter: z
      .object({ htmlUrl: z.string(), pdfUrl: z.string() })
      .nullable()
      .meta({ description: '答复书下载地址（已答复后提供，带签名，1 小时内有效）' }),
    assignee: z.object({ id: IdSchema, name: z.string() }).nullable(),
    contacts: z.array(ContactSchema).meta({ description: '沟通记录（仅机关工作人员可见）' }),
    remedies: z.array(RemedySchema).meta({ description: '行政复议、行政诉讼记录（仅机关工作人员可见）' }),
    duplicates: z
      .array(
        z.object({
          id: IdSchema,
          number: z.string(),
          title: z.string(),
          submittedOn: z.string(),
          status: z.enum(DISCLOSURE_STATUSES),
          outcome: AnswerKindSchema.nullable(),
          score: z.number(),
        }),
      )
      .meta({ description: '同一申请人近12个月内内容相近的申请（重复申请提示，仅机关工作人员可见）' }),
    outcome: AnswerKindSchema.nullable(),
    concludedOn: z.string().nullable(),
    timeline: z.array(TimelineEntrySchema),
  })
  .meta({ id: 'DisclosureRequest' });
export type DisclosureRequest = z.infer<typeof DisclosureRequestSchema>;

export const DisclosureListItemSchema = DisclosureRequestSchema.pick({
  id: true,
  number: true,
  organ: true,
  status: true,
  submittedAt: true,
  receivedOn: true,
  dueOn: true,
  provisional: true,
  workingDaysLeft: true,
  dueSoon: true,
  overdue: true,
})
  .extend({
    title: z.string(),
    applicantName: z.string(),
    applicantIdMasked: z.string(),
    extensionPending: z.boolean(),
    reviewPending: z.boolean(),
    assignee: z.object({ id: IdSchema, name: z.string() }).nullable(),
    feeExpired: z.boolean().meta({ description: '缴费期限已届满仍未缴费' }),
  })
  .meta({ id: 'DisclosureListItem' });
export type DisclosureListItem = z.infer<typeof DisclosureListItemSchema>;

export const DisclosureListSchema = z.object({ items: z.array(DisclosureListItemSchema) });

export const DisclosureRequestReplySchema = z.object({ request: DisclosureRequestSchema });

export const DisclosureQueueQuerySchema = z.object({
  view: z.enum(['open', 'due_soon', 'overdue', 'all']).default('open'),
  assignee: z
    .union([z.enum(['me', 'none']), IdSchema])
    .optional()
    .meta({ description: 'me 指派给我的；none 未指派的；或经办人员编号' }),
});

export const StaffListSchema = z.object({
  items: z.array(z.object({ id: IdSchema, name: z.string() })),
});

// ---------- annual report, table 三 ----------

export const REPORT_COLUMNS = [
  { key: 'natural', label: '自然人' },
  { key: 'commercial', label: '商业企业' },
  { key: 'research', label: '科研机构' },
  { key: 'public_interest', label: '社会公益组织' },
  { key: 'legal_service', label: '法律服务机构' },
  { key: 'other', label: '其他' },
  { key: 'total', label: '总计' },
] as const;
export type ReportColumn = (typeof REPORT_COLUMNS)[number]['key'];

export const ReportRowSchema = z.object({
  key: z.string(),
  label: z.string(),
  level: z.number().int().meta({ description: '0 大项，1 （一）…，2 1.…' }),
  values: z.record(z.string(), z.number().int()),
});

export const DisclosureReportSchema = z
  .object({
    year: z.number().int(),
    organ: z.object({ id: IdSchema, name: z.string() }),
    columns: z.array(z.object({ key: z.string(), label: z.string() })),
    rows: z.array(ReportRowSchema),
    table4: z
      .object({
        columns: z.array(z.object({ key: z.string(), label: z.string() })),
        blocks: z.array(
          z.object({ key: z.string(), label: z.string(), values: z.record(z.string(), z.number().int()) }),
        ),
      })
      .meta({ description: '表四：行政复议、行政诉讼情况' }),
    check: z.object({
      formula: z.string(),
      balanced: z.boolean(),
      columns: z.array(
        z.object({ key: z.string(), left: z.number().int(), right: z.number().int(), ok: z.boolean() }),
      ),
    }),
  })
  .meta({ id: 'DisclosureReport' });
export type DisclosureReport = z.infer<typeof DisclosureReportSchema>;

export const ReportParamsSchema = z.object({
  year: z.coerce.number().int().min(2019, '年份不早于2019年').max(2100),
});
export const ReportQuerySchema = z.object({
  organ: IdSchema,
  format: z.enum(['json', 'xlsx']).default('json'),
});

// ---------- dashboard statistics ----------

export const DisclosureStatsSchema = z
  .object({
    total: z.number().int(),
    byStatus: z.array(z.object({ status: z.string(), label: z.string(), count: z.number().int() })),
    replied: z.number().int().meta({ description: '已出具答复的申请数' }),
    repliedOnTime: z.number().int().meta({ description: '在法定期限（含延期、暂停）内答复的申请数' }),
    onTimeRate: z.number().nullable().meta({ description: '按时答复率 0–1；尚无答复时为 null' }),
    overdue: z.array(
      z.object({
        id: IdSchema,
        number: z.string(),
        organName: z.string(),
        dueOn: z.string(),
        status: z.string(),
      }),
    ),
    byOrgan: z.array(
      z.object({
        organId: IdSchema,
        organName: z.string(),
        total: z.number().int(),
        replied: z.number().int(),
        repliedOnTime: z.number().int(),
        onTimeRate: z.number().nullable(),
        overdue: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'DisclosureStats' });
export type DisclosureStats = z.infer<typeof DisclosureStatsSchema>;
