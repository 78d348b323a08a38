/** 政策咨询窗口: a citizen's question, routed by topic to an organ, answered within working days. */
import { z } from 'zod';
import { IdSchema, IsoDateTime } from './common';
import { FileIdsSchema, FileMetaSchema } from './files';
import type { PolicyTopic } from './policies';

// ---------- enums and labels ----------

export const CONSULTATION_TOPICS = [
  '生育',
  '上学',
  '就业',
  '创业',
  '养老',
  '医疗',
  '纳税',
  '社保',
  '住房',
  '其他',
] as const;
export const ConsultationTopicSchema = z.enum(CONSULTATION_TOPICS, { message: '请选择咨询主题' });
export type ConsultationTopic = z.infer<typeof ConsultationTopicSchema>;

/** The policy-library topic an FAQ made from a consultation is filed under (其他 has none). */
export function faqTopicsOf(topic: ConsultationTopic): PolicyTopic[] {
  return topic === '其他' ? [] : [topic];
}

export const CONSULTATION_STATUSES = ['pending', 'answered', 'followup', 'closed'] as const;
export const ConsultationStatusSchema = z.enum(CONSULTATION_STATUSES);
export type ConsultationStatus = z.infer<typeof ConsultationStatusSchema>;
export const CONSULTATION_STATUS_LABELS: Record<ConsultationStatus, string> = {
  pending: '待答复',
  answered: '已答复',
  followup: '追问待答复',
  closed: '已办结',
};

export const RATINGS = ['满意', '基本满意', '不满意'] as const;
export const RatingSchema = z.enum(RATINGS, { message: '请选择评价' });
export type Rating = z.infer<typeof RatingSchema>;

/** Working days within which a reply is promised, unless the server is configured otherwise. */
export const DEFAULT_REPLY_WORKDAYS = 5;

// ---------- personal details ----------

const ID18 =
  /(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])/g;
const ID15 = /(?<![0-9A-Za-z])[1-9]\d{5}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}(?![0-9A-Za-z])/g;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
const MOBILE = /(?<!\d)(?:(?:\+|00)?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?!\d)/g;
const LANDLINE = /(?<!\d)(?:\(0\d{2,3}\)|（0\d{2,3}）|0\d{2,3})[\s-]?[2-9]\d{6,7}(?:-\d{1,5})?(?!\d)/g;
const CARD = /(?<!\d)\d{16,19}(?!\d)/g;
const NAMED =
  /(我叫|名叫|姓名[:：]?|联系人[:：]?|申请人[:：]?|本人姓名[:：]?)\s*[\u4e00-\u9fa5·]{2,4}(?=[\s，,。.；;、！!？?）)]|$)/g;
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤欧熊';
const TITLED = new RegExp(`[${SURNAMES}](?=先生|女士|小姐|阿姨|师傅|大爷|大妈)`, 'g');

/**
 * Removes personal details from a question or an answer before it is published: ID numbers,
 * mobile and landline numbers, e-mail addresses, bank card numbers, self-introduced names
 * (“我叫张三”) and the given names (the asker's). Pure, so the workbench can preview the result.
 */
export function scrubPersonalDetails(text: string, names: readonly string[] = []): string {
  let s = text;
  for (const n of names) {
    const name = n.trim();
    if (name.length >= 2) s = s.split(name).join('[姓名]');
  }
  s = s
    .replace(EMAIL, '[邮箱]')
    .replace(ID18, '[身份证号]')
    .replace(ID15, '[身份证号]')
    .replace(MOBILE, '[电话]')
    .replace(LANDLINE, '[电话]')
    .replace(CARD, '[卡号]')
    .replace(NAMED, (_m, lead: string) => `${lead}[姓名]`)
    .replace(TITLED, '某');
  return s;
}

// ---------- records ----------

export const ConsultationRefSchema = z.object({ id: IdSchema, title: z.string() });

export const ConsultationReplySchema = z.object({
  text: z.string(),
  at: IsoDateTime,
  byName: z.string().meta({ description: '答复单位（对群众只显示机关名称）' }),
  workdays: z.number().int().meta({ description: '提问后第几个工作日答复' }),
});

export const ConsultationSchema = z
  .object({
    id: IdSchema,
    topic: ConsultationTopicSchema,
    question: z.string(),
    policy: ConsultationRefSchema.nullable(),
    session: ConsultationRefSchema.nullable(),
    images: z.array(FileMetaSchema),
    organId: IdSchema,
    organName: z.string(),
    status: ConsultationStatusSchema,
    askedAt: IsoDateTime,
    dueOn: z.string().meta({ description: '承诺答复日期（YYYY-MM-DD，北京时间，按工作日计算）' }),
    overdue: z.boolean(),
    answer: ConsultationReplySchema.nullable(),
    followUp: z
      .object({
        question: z.string(),
        askedAt: IsoDateTime,
        dueOn: z.string(),
        answer: ConsultationReplySchema.nullable(),
      })
      .nullable(),
    rating: RatingSchema.nullable(),
    ratingComment: z.string().nullable(),
    consentPublish: z.boolean().meta({ description: '提问人同意去除个人信息后公开问答' }),
    published: z.object({ faqId: IdSchema, at: IsoDateTime }).nullable(),
    /** Only for staff: who asked, and the transfers between organs. */
    askerName: z.string().nullable(),
    transfers: z.array(
      z.object({ fromOrganName: z.string(), toOrganName: z.string(), reason: z.string(), at: IsoDateTime }),
    ),
    canAnswer: z.boolean(),
    canRate: z.boolean(),
    canFollowUp: z.boolean(),
    canPublish: z.boolean(),
  })
  .meta({ id: 'Consultation' });
export type Consultation = z.infer<typeof ConsultationSchema>;

export const ConsultationReplyBodySchema = z.object({ consultation: ConsultationSchema });

export const ConsultationListItemSchema = z
  .object({
    id: IdSchema,
    topic: ConsultationTopicSchema,
    question: z.string(),
    organId: IdSchema,
    organName: z.string(),
    status: ConsultationStatusSchema,
    askedAt: IsoDateTime,
    dueOn: z.string(),
    overdue: z.boolean(),
    rating: RatingSchema.nullable(),
    published: z.boolean(),
  })
  .meta({ id: 'ConsultationListItem' });
export type ConsultationListItem = z.infer<typeof ConsultationListItemSchema>;

export const ConsultationListSchema = z.object({ items: z.array(ConsultationListItemSchema) });

export const PublishedQaSchema = z
  .object({
    id: IdSchema,
    faqId: IdSchema,
    topic: ConsultationTopicSchema,
    question: z.string(),
    answer: z.string(),
    organName: z.string(),
    publishedAt: IsoDateTime,
  })
  .meta({ id: 'PublishedQa' });
export type PublishedQa = z.infer<typeof PublishedQaSchema>;

export const PublishedQaPageSchema = z.object({
  items: z.array(PublishedQaSchema),
  nextCursor: z.string().nullable(),
});

// ---------- inputs ----------

const optionalEmpty = <T extends z.ZodType>(s: T) =>
  z.preprocess((v) => (v === '' || v === null ? undefined : v), s.optional());

export const ConsultationCreateSchema = z
  .object({
    topic: ConsultationTopicSchema,
    question: z.string().trim().min(10, '请把问题描述清楚，至少10个字').max(1000, '问题不超过1000个字'),
    policyId: IdSchema.nullable().optional(),
    sessionId: IdSchema.nullable().optional(),
    imageIds: FileIdsSchema.max(6, '图片不超过6张').default([]),
    consentPublish: z.boolean({ message: '请选择是否同意公开问答' }),
  })
  .strict()
  .meta({ id: 'ConsultationCreate' });
export type ConsultationCreate = z.input<typeof ConsultationCreateSchema>;

export const ConsultationAnswerSchema = z
  .object({ text: z.string().trim().min(10, '答复至少10个字').max(3000, '答复不超过3000个字') })
  .strict()
  .meta({ id: 'ConsultationAnswer' });

export const ConsultationAssignSchema = z
  .object({
    organId: IdSchema,
    reason: z.string().trim().min(2, '请填写转办原因').max(200, '转办原因不超过200个字'),
  })
  .strict()
  .meta({ id: 'ConsultationAssign' });

export const ConsultationRateSchema = z
  .object({
    rating: RatingSchema,
    comment: z.string().trim().max(200, '评价内容不超过200个字').optional(),
  })
  .strict()
  .meta({ id: 'ConsultationRate' });

export const ConsultationFollowUpSchema = z
  .object({
    question: z.string().trim().min(5, '追问至少5个字').max(500, '追问不超过500个字'),
  })
  .strict()
  .meta({ id: 'ConsultationFollowUp' });

export const ConsultationPublishSchema = z
  .object({
    question: z.string().trim().min(5, '问题至少5个字').max(200, '问题不超过200个字').optional(),
    answer: z.string().trim().min(10, '答复至少10个字').max(3000, '答复不超过3000个字').optional(),
  })
  .strict()
  .meta({ id: 'ConsultationPublish' });

export const ConsultationQueueQuerySchema = z.object({
  organ: optionalEmpty(IdSchema),
  status: optionalEmpty(z.enum(['open', ...CONSULTATION_STATUSES])),
  topic: optionalEmpty(ConsultationTopicSchema),
  overdue: optionalEmpty(z.enum(['true', 'false'])),
  from: optionalEmpty(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')),
  to: optionalEmpty(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')),
  rating: optionalEmpty(RatingSchema),
});
export type ConsultationQueueQuery = z.infer<typeof ConsultationQueueQuerySchema>;

export const PublishedQaQuerySchema = z.object({
  topic: optionalEmpty(ConsultationTopicSchema),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  cursor: optionalEmpty(z.string().regex(/^\d{1,6}$/, '分页参数不正确')),
});

// ---------- routing table ----------

export const ConsultationRouteSchema = z
  .object({
    topic: ConsultationTopicSchema,
    organId: IdSchema.nullable(),
    organName: z.string().nullable(),
  })
  .meta({ id: 'ConsultationRoute' });
export type ConsultationRoute = z.infer<typeof ConsultationRouteSchema>;

export const ConsultationRoutesSchema = z.object({
  items: z.array(ConsultationRouteSchema),
  replyWorkdays: z.number().int(),
});

export const ConsultationRouteUpdateSchema = z
  .object({ organId: IdSchema })
  .strict()
  .meta({ id: 'ConsultationRouteUpdate' });

// ---------- statistics ----------

export const ConsultationStatsSchema = z
  .object({
    total: z.number().int(),
    byTopic: z.array(z.object({ topic: ConsultationTopicSchema, count: z.number().int() })),
    answered: z.number().int(),
    onTimeAnswered: z.number().int(),
    medianReplyWorkdays: z.number().nullable(),
    satisfaction: z.object({
      rated: z.number().int(),
      满意: z.number().int(),
      基本满意: z.number().int(),
      不满意: z.number().int(),
      satisfiedShare: z.number().nullable().meta({ description: '满意+基本满意 占已评价的比例' }),
    }),
    overdue: z.number().int(),
    overdueList: z.array(ConsultationListItemSchema),
    byOrgan: z.array(
      z.object({
        organId: IdSchema,
        organName: z.string(),
        total: z.number().int(),
        answered: z.number().int(),
        onTimeAnswered: z.number().int(),
        medianReplyWorkdays: z.number().nullable(),
        satisfiedShare: z.number().nullable(),
        overdue: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'ConsultationStats' });
export type ConsultationStats = z.infer<typeof ConsultationStatsSchema>;
