import { z } from 'zod';
import { IdSchema } from './common';
import { FileIdsSchema, FileMetaSchema } from './files';

/** 文件类型 (DOMAIN.md §1). */
export const POLICY_KINDS = ['规章', '规划', '行政规范性文件', '其他政策文件'] as const;
export const PolicyKindSchema = z.enum(POLICY_KINDS);
export type PolicyKind = z.infer<typeof PolicyKindSchema>;
/** Kinds that are drafted, reviewed and published together with their interpretation. */
export const KINDS_NEEDING_INTERPRETATION: readonly PolicyKind[] = ['规章', '规划', '行政规范性文件'];

/** 有效性. */
export const POLICY_VALIDITIES = ['有效', '已修改', '失效', '废止'] as const;
export const PolicyValiditySchema = z.enum(POLICY_VALIDITIES);
export type PolicyValidity = z.infer<typeof PolicyValiditySchema>;

/** Citizen topics (主题服务) a document can be filed under. */
export const POLICY_TOPICS = [
  '生育',
  '上学',
  '就业',
  '创业',
  '养老',
  '医疗',
  '纳税',
  '社保',
  '住房',
  '政务公开',
] as const;
export const PolicyTopicSchema = z.enum(POLICY_TOPICS);
export type PolicyTopic = z.infer<typeof PolicyTopicSchema>;

/** Workflow status of a document or an interpretation. Only `published` is shown to the public. */
export const POLICY_STATUSES = ['draft', 'submitted', 'returned', 'published'] as const;
export const PolicyStatusSchema = z.enum(POLICY_STATUSES);
export type PolicyStatus = z.infer<typeof PolicyStatusSchema>;
export const POLICY_STATUS_LABELS: Record<PolicyStatus, string> = {
  draft: '草稿',
  submitted: '待审查',
  returned: '已退回',
  published: '已发布',
};

export const INTERPRETATION_FORMS = ['text', 'image', 'video'] as const;
export const InterpretationFormSchema = z.enum(INTERPRETATION_FORMS);
export const INTERPRETATION_FORM_LABELS: Record<(typeof INTERPRETATION_FORMS)[number], string> = {
  text: '文字解读',
  image: '图解',
  video: '视频解读',
};

/** The sections of an interpretation, in reading order. */
export const INTERPRETATION_SECTIONS = [
  { key: 'purpose', label: '出台目的' },
  { key: 'content', label: '主要内容' },
  { key: 'scope', label: '适用范围' },
  { key: 'process', label: '办理流程' },
  { key: 'changes', label: '新旧政策差异' },
  { key: 'glossary', label: '关键词注释' },
] as const;

export const PolicyErrorCodes = {
  INTERPRETATION_REQUIRED: 'INTERPRETATION_REQUIRED',
  POLICY_STATE_CONFLICT: 'POLICY_STATE_CONFLICT',
  POLICY_CONCURRENT_CHANGE: 'POLICY_CONCURRENT_CHANGE',
  INDEX_NO_TAKEN: 'INDEX_NO_TAKEN',
} as const;

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
export const DateOnlySchema = z
  .string()
  .regex(DATE_RE, '日期格式应为 YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, '日期不存在');

const httpsUrl = z
  .string()
  .trim()
  .max(500)
  .regex(/^https?:\/\/[^\s]+$/, '请输入以 http:// 或 https:// 开头的网址');

/** 索引号 like 000014349/2023-00222. */
const indexNo = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z]{6,20}\/\d{4}-\d{5}$/, '索引号格式应如 000014349/2023-00222');

export const PolicyRefSchema = z
  .object({ id: IdSchema, title: z.string(), docNo: z.string().nullable() })
  .meta({ id: 'PolicyRef' });
export type PolicyRef = z.infer<typeof PolicyRefSchema>;

export const PolicySchema = z
  .object({
    id: IdSchema,
    indexNo: z.string().nullable().meta({ description: '索引号，发布时未填写则自动编制' }),
    title: z.string(),
    organId: IdSchema,
    organName: z.string(),
    docNo: z.string().nullable().meta({ description: '发文字号，如 赣府公开办字〔2023〕2号' }),
    writtenAt: z.string().meta({ description: '成文日期 YYYY-MM-DD' }),
    publishedAt: z.string().nullable().meta({ description: '发布时间（ISO 8601）' }),
    category: z.string().meta({ description: '主题分类，如 综合政务\\政务公开' }),
    topics: z.array(PolicyTopicSchema),
    kind: PolicyKindSchema,
    validity: PolicyValiditySchema,
    replacedBy: PolicyRefSchema.nullable(),
    amendedBy: PolicyRefSchema.nullable(),
    needsInterpretation: z.boolean(),
    status: PolicyStatusSchema,
    returnReason: z.string().nullable(),
    body: z.string().meta({ description: '正文（经服务端净化的富文本 HTML）' }),
    interpretationCount: z.number().int(),
    attachmentIds: z.array(IdSchema).meta({ description: '附件的文件编号（ctx.files）' }),
    updatedAt: z.string(),
  })
  .meta({ id: 'Policy' });
export type Policy = z.infer<typeof PolicySchema>;

export const PolicyListItemSchema = PolicySchema.omit({ body: true })
  .extend({
    score: z.number().nullable().meta({ description: '检索相关度（按关键词检索时）' }),
    titleHtml: z.string().meta({ description: '标题，命中词以 <em> 标出（已转义）' }),
    snippet: z.string().meta({ description: '摘要，命中词以 <em> 标出（已转义）' }),
  })
  .meta({ id: 'PolicyListItem' });
export type PolicyListItem = z.infer<typeof PolicyListItemSchema>;

const sectionText = z.string().trim().max(5000, '每部分不超过5000字').default('');

export const InterpretationSectionsSchema = z.object({
  purpose: sectionText,
  content: sectionText,
  scope: sectionText,
  process: sectionText,
  changes: sectionText,
  glossary: sectionText,
});

export const InterpretationSchema = z
  .object({
    id: IdSchema,
    policyId: IdSchema,
    title: z.string(),
    form: InterpretationFormSchema,
    sections: InterpretationSectionsSchema,
    imageUrl: z.string().nullable(),
    videoUrl: z.string().nullable(),
    imageIds: z.array(IdSchema),
    images: z.array(FileMetaSchema).meta({ description: '图解图片（带下载地址）' }),
    status: PolicyStatusSchema,
    returnReason: z.string().nullable(),
    publishedAt: z.string().nullable(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Interpretation' });
export type Interpretation = z.infer<typeof InterpretationSchema>;

const interpretationFields = {
  title: z.string().trim().min(4, '解读标题至少4个字').max(100, '解读标题不超过100个字'),
  form: InterpretationFormSchema.default('text'),
  sections: InterpretationSectionsSchema,
  imageUrl: httpsUrl.nullable().optional(),
  videoUrl: httpsUrl.nullable().optional(),
  imageIds: FileIdsSchema.optional().meta({ description: '图解图片的文件编号（上传用途 policy-image）' }),
};

function checkInterpretation(
  v: {
    form?: string;
    sections?: { purpose?: string; content?: string; scope?: string };
    imageUrl?: string | null;
    videoUrl?: string | null;
    imageIds?: string[];
  },
  ctx: z.RefinementCtx,
) {
  if (v.sections) {
    for (const key of ['purpose', 'content', 'scope'] as const) {
      if (!v.sections[key] || v.sections[key].length < 10)
        ctx.addIssue({
          code: 'custom',
          path: ['sections', key],
          message: '出台目的、主要内容、适用范围每部分至少10个字',
        });
    }
  }
  if (v.form === 'image' && !v.imageUrl && !v.imageIds?.length)
    ctx.addIssue({ code: 'custom', path: ['imageIds'], message: '图解形式的解读请上传图解图片' });
  if (v.form === 'video' && !v.videoUrl)
    ctx.addIssue({ code: 'custom', path: ['videoUrl'], message: '视频解读请提供视频链接' });
}

export const InterpretationCreateSchema = z
  .object(interpretationFields)
  .strict()
  .superRefine(checkInterpretation)
  .meta({ id: 'InterpretationCreate' });
export type InterpretationCreate = z.input<typeof InterpretationCreateSchema>;

export const InterpretationUpdateSchema = z
  .object({
    title: interpretationFields.title.optional(),
    form: InterpretationFormSchema.optional(),
    sections: InterpretationSectionsSchema.optional(),
    imageUrl: httpsUrl.nullable().optional(),
    videoUrl: httpsUrl.nullable().optional(),
    imageIds: FileIdsSchema.optional(),
  })
  .strict()
  .superRefine(checkInterpretation)
  .meta({ id: 'InterpretationUpdate' });
export type InterpretationUpdate = z.input<typeof InterpretationUpdateSchema>;

export const FaqSchema = z
  .object({
    id: IdSchema,
    policyId: IdSchema.nullable(),
    organId: IdSchema,
    question: z.string(),
    answer: z.string(),
    topics: z.array(PolicyTopicSchema),
    updatedAt: z.string(),
  })
  .meta({ id: 'Faq' });
export type Faq = z.infer<typeof FaqSchema>;

export const FaqCreateSchema = z
  .object({
    organId: IdSchema,
    policyId: IdSchema.nullable().optional(),
    question: z.string().trim().min(5, '问题至少5个字').max(200, '问题不超过200个字'),
    answer: z.string().trim().min(10, '答复至少10个字').max(3000, '答复不超过3000个字'),
    topics: z.array(PolicyTopicSchema).max(5, '最多选择5个主题').default([]),
  })
  .strict()
  .meta({ id: 'FaqCreate' });
export type FaqCreate = z.input<typeof FaqCreateSchema>;

export const FaqUpdateSchema = FaqCreateSchema.omit({ organId: true, policyId: true })
  .partial()
  .strict()
  .meta({ id: 'FaqUpdate' });
export type FaqUpdate = z.input<typeof FaqUpdateSchema>;

export const PolicyDetailSchema = z
  .object({
    policy: PolicySchema,
    attachments: z.array(FileMetaSchema).meta({ description: '附件（类型、大小、下载地址）' }),
    interpretations: z.array(InterpretationSchema),
    faqs: z.array(FaqSchema),
  })
  .meta({ id: 'PolicyDetail' });
export type PolicyDetail = z.infer<typeof PolicyDetailSchema>;

export const AuditEntrySchema = z
  .object({
    rev: z.number().int(),
    action: z.string(),
    actionLabel: z.string(),
    target: z.enum(['policy', 'interpretation']),
    targetId: IdSchema,
    from: z.string().nullable(),
    to: z.string(),
    actorId: IdSchema,
    actorName: z.string(),
    reason: z.string().nullable(),
    at: z.string(),
  })
  .meta({ id: 'PolicyAuditEntry' });
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const PolicyWorkDetailSchema = PolicyDetailSchema.extend({
  audit: z.array(AuditEntrySchema),
  canEdit: z.boolean(),
  canReview: z.boolean(),
}).meta({ id: 'PolicyWorkDetail' });
export type PolicyWorkDetail = z.infer<typeof PolicyWorkDetailSchema>;

const policyFields = {
  title: z.string().trim().min(5, '标题至少5个字').max(150, '标题不超过150个字'),
  organId: IdSchema,
  indexNo: indexNo.nullable().optional(),
  docNo: z.string().trim().max(60, '发文字号不超过60个字').nullable().optional(),
  writtenAt: DateOnlySchema,
  category: z.string().trim().min(2, '请填写主题分类').max(60),
  topics: z.array(PolicyTopicSchema).max(5, '最多选择5个主题').default([]),
  kind: PolicyKindSchema,
  needsInterpretation: z.boolean().default(false),
  body: z.string().trim().min(20, '正文至少20个字').max(200000, '正文过长'),
  attachmentIds: FileIdsSchema.optional().meta({
    description: '附件的文件编号（上传用途 policy-attachment）',
  }),
};

export const PolicyCreateSchema = z.object(policyFields).strict().meta({ id: 'PolicyCreate' });
export type PolicyCreate = z.input<typeof PolicyCreateSchema>;

export const PolicyUpdateSchema = z
  .object({
    title: policyFields.title.optional(),
    indexNo: policyFields.indexNo,
    docNo: policyFields.docNo,
    writtenAt: DateOnlySchema.optional(),
    category: policyFields.category.optional(),
    topics: z.array(PolicyTopicSchema).max(5, '最多选择5个主题').optional(),
    kind: PolicyKindSchema.optional(),
    needsInterpretation: z.boolean().optional(),
    body: policyFields.body.optional(),
    attachmentIds: policyFields.attachmentIds,
  })
  .strict()
  .meta({ id: 'PolicyUpdate' });
export type PolicyUpdate = z.input<typeof PolicyUpdateSchema>;

export const ReviewSchema = z
  .object({
    verdict: z.enum(['approve', 'return']),
    reason: z.string().trim().max(500, '理由不超过500个字').optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.verdict === 'return' && (!v.reason || v.reason.length < 4))
      ctx.addIssue({ code: 'custom', path: ['reason'], message: '退回时请填写退回理由（至少4个字）' });
  })
  .meta({ id: 'PolicyReview' });
export type Review = z.input<typeof ReviewSchema>;

export const ValidityChangeSchema = z
  .object({
    validity: z.enum(['已修改', '失效', '废止']),
    relatedId: IdSchema.nullable().optional().meta({
      description: '已修改：修改它的文件；失效：替代它的文件；废止可不填',
    }),
    reason: z.string().trim().min(4, '请说明变更原因（至少4个字）').max(500),
  })
  .strict()
  .meta({ id: 'PolicyValidityChange' });
export type ValidityChange = z.input<typeof ValidityChangeSchema>;

const optionalEmpty = <T extends z.ZodType>(s: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), s.optional());

export const PolicyListQuerySchema = z.object({
  q: optionalEmpty(z.string().trim().max(60, '检索词不超过60个字')),
  organ: optionalEmpty(IdSchema),
  kind: optionalEmpty(PolicyKindSchema),
  topic: optionalEmpty(PolicyTopicSchema),
  validity: optionalEmpty(PolicyValiditySchema),
  from: optionalEmpty(DateOnlySchema),
  to: optionalEmpty(DateOnlySchema),
  sort: optionalEmpty(z.enum(['relevance', 'date'])),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  cursor: optionalEmpty(z.string().max(200)),
});
export type PolicyListQuery = z.output<typeof PolicyListQuerySchema>;

export const WorkFaqListQuerySchema = z.object({
  standalone: optionalEmpty(z.enum(['true', 'false'])),
});

export const WorkPolicyListQuerySchema = z.object({
  status: optionalEmpty(PolicyStatusSchema),
  q: optionalEmpty(z.string().trim().max(60)),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  cursor: optionalEmpty(z.string().max(200)),
});

export const FaqAskSchema = z
  .object({ question: z.string().trim().min(2, '请描述您的问题').max(200, '问题不超过200个字') })
  .strict()
  .meta({ id: 'FaqAsk' });

export const FaqAnswerSchema = z
  .object({
    faq: FaqSchema,
    score: z.number().meta({ description: '0 到 1 的匹配度' }),
    policy: PolicyRefSchema.nullable(),
  })
  .meta({ id: 'FaqAnswer' });
export type FaqAnswer = z.infer<typeof FaqAnswerSchema>;

export const FaqAskResultSchema = z
  .object({
    matched: z.boolean(),
    answers: z.array(FaqAnswerSchema),
    hint: z.string().nullable(),
  })
  .meta({ id: 'FaqAskResult' });
export type FaqAskResult = z.infer<typeof FaqAskResultSchema>;

export const FaqExportQuerySchema = z.object({
  since: optionalEmpty(z.iso.datetime({ offset: true, message: '时间格式应为 ISO 8601' })),
});

export const FaqExportSchema = z
  .object({
    exportedAt: z.string(),
    since: z.string().nullable(),
    items: z.array(FaqSchema.extend({ policy: PolicyRefSchema.nullable(), organName: z.string() })),
  })
  .meta({ id: 'FaqExport' });
export type FaqExport = z.infer<typeof FaqExportSchema>;

/** Normalise a 发文字号 for exact matching: any bracket pair around the year becomes 〔〕, spaces go. */
export function normalizeDocNo(s: string): string {
  return s
    .replace(/\s+/g, '')
    .replace(/[[［【(（〔{]/g, '〔')
    .replace(/[\]］】)）〕}]/g, '〕');
}

/** True when the text looks like a 发文字号 (赣府发〔2023〕12号, also typed with other brackets). */
export function looksLikeDocNo(s: string): boolean {
  return /^[\u4e00-\u9fa5A-Za-z]{1,20}〔\d{4}〕\d{1,4}号$/.test(normalizeDocNo(s));
}

// ---------- favourites (收藏) ----------

export const FavoriteStateSchema = z
  .object({ policyId: IdSchema, favorited: z.boolean(), favoritedAt: z.string().nullable() })
  .meta({ id: 'PolicyFavoriteState' });
export type FavoriteState = z.infer<typeof FavoriteStateSchema>;

export const FavoriteListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(20),
  cursor: optionalEmpty(z.string().max(200)),
});

export const FavoriteItemSchema = z
  .object({
    favoritedAt: z.string(),
    policy: PolicyListItemSchema.nullable().meta({ description: '文件已撤回或不再公开时为 null' }),
    policyId: IdSchema,
    title: z.string().meta({ description: '收藏时的标题（文件不再公开时仍可显示）' }),
  })
  .meta({ id: 'PolicyFavorite' });
export type FavoriteItem = z.infer<typeof FavoriteItemSchema>;

// ---------- suggestions ----------

export const SuggestQuerySchema = z.object({
  q: z.string().trim().min(1, '请输入检索词').max(60, '检索词不超过60个字'),
});

export const SuggestionSchema = z
  .object({
    text: z.string(),
    kind: z.enum(['title', 'docNo', 'topic']),
    policyId: IdSchema.nullable(),
  })
  .meta({ id: 'PolicySuggestion' });
export type Suggestion = z.infer<typeof SuggestionSchema>;

export const SuggestResultSchema = z
  .object({ items: z.array(SuggestionSchema) })
  .meta({ id: 'PolicySuggestions' });

// ---------- bulk import ----------

/** Columns of an import (CSV header in Chinese or the JSON field name). */
export const IMPORT_COLUMNS = [
  { key: 'title', label: '标题', required: true },
  { key: 'docNo', label: '发文字号', required: false },
  { key: 'indexNo', label: '索引号', required: false },
  { key: 'writtenAt', label: '成文日期', required: true },
  { key: 'publishedAt', label: '发布日期', required: false },
  { key: 'category', label: '主题分类', required: true },
  { key: 'topics', label: '主题', required: false },
  { key: 'kind', label: '文件类型', required: true },
  { key: 'validity', label: '有效性', required: false },
  { key: 'needsInterpretation', label: '需同步解读', required: false },
  { key: 'body', label: '正文', required: true },
  { key: 'interpTitle', label: '解读标题', required: false },
  { key: 'interpPurpose', label: '出台目的', required: false },
  { key: 'interpContent', label: '主要内容', required: false },
  { key: 'interpScope', label: '适用范围', required: false },
  { key: 'interpProcess', label: '办理流程', required: false },
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number]['key'];

export const IMPORT_MAX_ROWS = 500;

/** One row as given (JSON) — values are strings or, for topics, an array; checked row by row. */
export const ImportRowInputSchema = z.record(z.string(), z.unknown());

export const PolicyImportSchema = z
  .object({
    organId: IdSchema,
    rows: z
      .array(ImportRowInputSchema)
      .max(IMPORT_MAX_ROWS, `一次最多导入${IMPORT_MAX_ROWS}条`)
      .optional()
      .meta({ description: 'JSON 数组形式的文件列表（与 csv 二选一）' }),
    csv: z
      .string()
      .max(2_000_000)
      .optional()
      .meta({ description: 'CSV 文本（UTF-8，首行为表头，列名见 IMPORT_COLUMNS，中英文均可）' }),
    publish: z
      .boolean()
      .default(false)
      .meta({ description: 'true：作为已发布的历史文件导入（仅本机关审核人员）；默认导入为草稿' }),
    dryRun: z.boolean().default(false).meta({ description: 'true：只校验，不保存' }),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (!v.rows === !v.csv)
      ctx.addIssue({
        code: 'custom',
        path: ['rows'],
        message: '请提供 rows（JSON 数组）或 csv（CSV 文本）之一',
      });
  })
  .meta({ id: 'PolicyImport' });
export type PolicyImport = z.input<typeof PolicyImportSchema>;

export const ImportRowErrorSchema = z
  .object({
    row: z
      .number()
      .int()
      .meta({ description: '行号：CSV 为文件中的行号（表头为第1行），JSON 为数组序号加1' }),
    field: z.string().nullable(),
    message: z.string(),
  })
  .meta({ id: 'PolicyImportRowError' });
export type ImportRowError = z.infer<typeof ImportRowErrorSchema>;

export const ImportReportSchema = z
  .object({
    dryRun: z.boolean(),
    imported: z.boolean(),
    total: z.number().int(),
    status: PolicyStatusSchema,
    errors: z.array(ImportRowErrorSchema),
    rows: z.array(z.object({ row: z.number().int(), title: z.string(), id: IdSchema.nullable() })),
  })
  .meta({ id: 'PolicyImportReport' });
export type ImportReport = z.infer<typeof ImportReportSchema>;
