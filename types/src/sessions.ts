/** 政务公开讲: zones (政务公开专区), sessions, bookings with waiting list, check-in. */
import { z } from 'zod';
import { IdSchema, IsoDateTime } from './common';
import { FileMetaSchema } from './files';

// ---------- zones ----------

export const ZONE_SERVICES = [
  '信息查阅',
  '政府信息申请',
  '政务自助办理',
  '互动展示',
  '政策咨询窗口',
] as const;
export const ZoneServiceSchema = z.enum(ZONE_SERVICES);

export const ZoneSchema = z
  .object({
    id: IdSchema,
    name: z.string(),
    organId: IdSchema,
    organName: z.string(),
    address: z.string(),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    openingHours: z.string(),
    phone: z.string(),
    services: z.array(ZoneServiceSchema),
    description: z.string(),
    photos: z.array(FileMetaSchema).meta({ description: '专区照片（公开）' }),
  })
  .meta({ id: 'Zone' });
export type Zone = z.infer<typeof ZoneSchema>;

const zoneFields = {
  name: z.string().trim().min(4, '专区名称至少4个字').max(60, '专区名称不超过60个字'),
  address: z.string().trim().min(4, '请填写详细地址').max(120, '地址不超过120个字'),
  latitude: z.number().min(-90).max(90).nullable(),
  longitude: z.number().min(-180).max(180).nullable(),
  openingHours: z.string().trim().min(2, '请填写开放时间').max(120, '开放时间不超过120个字'),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9-]{7,20}$/, '电话号码格式不正确'),
  services: z.array(ZoneServiceSchema).max(ZONE_SERVICES.length),
  description: z.string().trim().max(500, '简介不超过500个字'),
  photoIds: z.array(IdSchema).max(9, '照片不超过9张').meta({ description: '用途为 zone-photo 的已上传文件' }),
};

export const ZoneCreateSchema = z
  .object({
    ...zoneFields,
    organId: IdSchema,
    latitude: zoneFields.latitude.optional(),
    longitude: zoneFields.longitude.optional(),
    services: zoneFields.services.default([]),
    description: zoneFields.description.default(''),
    photoIds: zoneFields.photoIds.default([]),
  })
  .strict()
  .meta({ id: 'ZoneCreate' });
export type ZoneCreate = z.input<typeof ZoneCreateSchema>;

/** Only the fields sent change. */
export const ZoneUpdateSchema = z.object(zoneFields).partial().strict().meta({ id: 'ZoneUpdate' });
export type ZoneUpdate = z.input<typeof ZoneUpdateSchema>;

export const ZoneBriefSchema = z.object({ id: IdSchema, name: z.string(), address: z.string() });
export type ZoneBrief = z.infer<typeof ZoneBriefSchema>;

// ---------- sessions ----------

export const SESSION_STATUSES = ['draft', 'published', 'cancelled', 'completed'] as const;
export const SessionStatusSchema = z.enum(SESSION_STATUSES);
export type SessionStatus = z.infer<typeof SessionStatusSchema>;
export const SESSION_STATUS_LABELS: Record<SessionStatus, string> = {
  draft: '草稿',
  published: '已发布',
  cancelled: '已取消',
  completed: '已结束',
};

export const SESSION_TOPICS = [
  '就业创业',
  '社会保障',
  '教育',
  '医疗健康',
  '养老',
  '住房',
  '营商环境',
  '纳税',
  '生育',
  '政务公开',
] as const;
export const SessionTopicSchema = z.enum(SESSION_TOPICS);
export type SessionTopic = z.infer<typeof SessionTopicSchema>;

/**
 * What a citizen can do with a session right now, decided by the server's clock:
 * not_open 未开放, open 立即预约, waitlist 已满，加入候补, closed 已截止, cancelled 已取消, ended 已结束.
 */
export const BOOKING_STATES = ['not_open', 'open', 'waitlist', 'closed', 'cancelled', 'ended'] as const;
export const BookingStateSchema = z.enum(BOOKING_STATES);
export type BookingState = z.infer<typeof BookingStateSchema>;

export const BOOKING_STATUSES = ['confirmed', 'waitlisted', 'cancelled'] as const;
export const BookingStatusSchema = z.enum(BOOKING_STATUSES);
export type BookingStatus = z.infer<typeof BookingStatusSchema>;

export const MyBookingBriefSchema = z.object({
  id: IdSchema,
  status: BookingStatusSchema,
  checkedIn: z.boolean(),
});

export const SpeakerSchema = z.object({
  name: z.string().trim().min(2, '主讲人姓名至少2个字').max(20, '主讲人姓名不超过20个字'),
  title: z.string().trim().max(40, '职务不超过40个字').default(''),
});

export const SessionListItemSchema = z
  .object({
    id: IdSchema,
    title: z.string(),
    topic: SessionTopicSchema,
    organName: z.string(),
    startsAt: IsoDateTime,
    endsAt: IsoDateTime,
    zone: ZoneBriefSchema,
    room: z.string(),
    capacity: z.number().int(),
    seatsLeft: z.number().int(),
    waitlistCount: z.number().int(),
    status: SessionStatusSchema,
    bookingState: BookingStateSchema,
    bookingOpensAt: IsoDateTime,
    myBooking: MyBookingBriefSchema.nullable().meta({ description: '当前登录群众在本场次的有效预约' }),
  })
  .meta({ id: 'SessionListItem' });
export type SessionListItem = z.infer<typeof SessionListItemSchema>;

export const LectureSessionSchema = SessionListItemSchema.extend({
  description: z.string(),
  organId: IdSchema,
  speakers: z.array(z.object({ name: z.string(), title: z.string() })),
  bookingClosesAt: IsoDateTime,
  cancelCutoff: IsoDateTime,
  confirmedCount: z.number().int(),
  checkedInCount: z.number().int(),
  cancelReason: z.string().nullable(),
  relatedPolicies: z
    .array(
      z.object({
        id: IdSchema,
        title: z.string().nullable().meta({
          description: '政策标题；null 表示该文件尚未发布或已不存在（此类条目仅主办机关组织者可见）',
        }),
        docNo: z.string().nullable().meta({ description: '发文字号，如 赣府公开办字〔2023〕2号' }),
        link: z.string(),
      }),
    )
    .meta({ description: '关联政策：群众只看到已发布的政策文件' }),
  questionCount: z.number().int(),
  feedback: z
    .object({ count: z.number().int(), average: z.number().nullable() })
    .nullable()
    .meta({ description: '评价汇总（仅主办机关组织者可见）' }),
}).meta({ id: 'Session' });
export type LectureSession = z.infer<typeof LectureSessionSchema>;

export const SessionListQuerySchema = z.object({
  zone: IdSchema.optional(),
  topic: SessionTopicSchema.optional(),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
    .optional()
    .meta({ description: '举办日期（北京时间）' }),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z
    .string()
    .regex(/^\d{1,6}$/, '翻页参数不正确')
    .optional(),
});
export type SessionListQuery = z.input<typeof SessionListQuerySchema>;

const title = z.string().trim().min(4, '标题至少4个字').max(60, '标题不超过60个字');
const description = z.string().trim().min(10, '简介至少10个字').max(2000, '简介不超过2000个字');
const capacity = z
  .number({ message: '请填写名额' })
  .int('名额须为整数')
  .min(1, '名额至少为1')
  .max(2000, '名额不超过2000');
const room = z.string().trim().min(2, '请填写会场').max(40, '会场不超过40个字');

const SessionFields = {
  title,
  description,
  topic: SessionTopicSchema,
  speakers: z.array(SpeakerSchema).max(6, '主讲人不超过6位').default([]),
  zoneId: IdSchema,
  room,
  startsAt: IsoDateTime,
  endsAt: IsoDateTime,
  capacity,
  bookingOpensAt: IsoDateTime.optional().meta({ description: '默认为创建时' }),
  bookingClosesAt: IsoDateTime.optional().meta({ description: '默认为开始时间' }),
  cancelCutoff: IsoDateTime.optional().meta({ description: '群众可取消预约的截止时间，默认为开始前2小时' }),
  policyIds: z
    .array(IdSchema)
    .max(10, '关联政策不超过10件')
    .default([])
    .meta({ description: '关联的已发布政策文件' }),
};

export const SessionCreateSchema = z
  .object({
    ...SessionFields,
    organId: IdSchema.optional().meta({ description: '主办机关，默认为组织者所属的第一个机关' }),
  })
  .strict()
  .meta({ id: 'SessionCreate' });
export type SessionCreate = z.input<typeof SessionCreateSchema>;

export const SessionUpdateSchema = z
  .object({
    title: title.optional(),
    description: description.optional(),
    topic: SessionTopicSchema.optional(),
    speakers: z.array(SpeakerSchema).max(6, '主讲人不超过6位').optional(),
    zoneId: IdSchema.optional(),
    room: room.optional(),
    startsAt: IsoDateTime.optional(),
    endsAt: IsoDateTime.optional(),
    capacity: capacity.optional(),
    bookingOpensAt: IsoDateTime.optional(),
    bookingClosesAt: IsoDateTime.optional(),
    cancelCutoff: IsoDateTime.optional(),
    policyIds: z.array(IdSchema).max(10, '关联政策不超过10件').optional(),
  })
  .strict()
  .meta({ id: 'SessionUpdate' });
export type SessionUpdate = z.input<typeof SessionUpdateSchema>;

export const SessionCancelSchema = z
  .object({ reason: z.string().trim().min(2, '请填写取消原因').max(200, '取消原因不超过200个字') })
  .strict();

// ---------- bookings ----------

export const BookingSchema = z
  .object({
    id: IdSchema,
    sessionId: IdSchema,
    status: BookingStatusSchema,
    code: z.string().meta({ description: '预约码：6位易辨认字符（不含 0/O/1/I/L）' }),
    seatNo: z.number().int().nullable(),
    waitlistPosition: z.number().int().nullable().meta({ description: '候补排位（1 为下一位递补）' }),
    qr: z.string().meta({ description: '签名的入场二维码内容' }),
    createdAt: IsoDateTime,
    checkedInAt: IsoDateTime.nullable(),
    cancelledAt: IsoDateTime.nullable(),
    noShow: z.boolean().meta({ description: '活动结束时仍未签到（爽约）' }),
  })
  .meta({ id: 'Booking' });

/** Optional contact phone given when booking (shown masked in the roster). */
export const BookingCreateSchema = z
  .object({
    phone: z
      .string()
      .trim()
      .regex(/^1[3-9]\d{9}$/, '请输入正确的11位手机号码')
      .optional(),
  })
  .strict()
  .meta({ id: 'BookingCreate' });
export type BookingCreate = z.input<typeof BookingCreateSchema>;
export type Booking = z.infer<typeof BookingSchema>;

export const MyBookingSchema = BookingSchema.extend({
  session: z.object({
    id: IdSchema,
    title: z.string(),
    startsAt: IsoDateTime,
    endsAt: IsoDateTime,
    zone: ZoneBriefSchema,
    room: z.string(),
    status: SessionStatusSchema,
    cancelCutoff: IsoDateTime,
  }),
  cancellable: z.boolean(),
  feedback: z.object({ rating: z.number().int(), comment: z.string() }).nullable(),
  canGiveFeedback: z.boolean().meta({ description: '已签到、活动已开始且尚未评价' }),
  canAsk: z.boolean().meta({ description: '活动开始前可以提交问题' }),
}).meta({ id: 'MyBooking' });
export type MyBooking = z.infer<typeof MyBookingSchema>;

export const CheckinSchema = z
  .object({
    code: z
      .string()
      .trim()
      .min(4, '请输入预约码')
      .max(12, '预约码格式不正确')
      .transform((s) => s.toUpperCase())
      .optional(),
    qr: z.string().trim().min(10, '二维码内容不正确').max(300, '二维码内容不正确').optional(),
  })
  .strict()
  .refine((v) => !!v.code || !!v.qr, { message: '请输入预约码或扫描二维码', path: ['code'] });
export type CheckinInput = z.input<typeof CheckinSchema>;

export const CheckinResultSchema = z
  .object({
    alreadyCheckedIn: z.boolean(),
    checkedInAt: IsoDateTime,
    message: z.string(),
    attendee: z.object({
      bookingId: IdSchema,
      name: z.string(),
      code: z.string(),
      seatNo: z.number().int().nullable(),
    }),
  })
  .meta({ id: 'CheckinResult' });
export type CheckinResult = z.infer<typeof CheckinResultSchema>;

export const RosterEntrySchema = z.object({
  bookingId: IdSchema,
  name: z.string(),
  status: BookingStatusSchema,
  code: z.string(),
  seatNo: z.number().int().nullable(),
  waitlistPosition: z.number().int().nullable(),
  createdAt: IsoDateTime,
  checkedInAt: IsoDateTime.nullable(),
  phone: z.string().nullable().meta({ description: '手机号（脱敏，如 138****5678）' }),
  noShow: z.boolean(),
});
export type RosterEntry = z.infer<typeof RosterEntrySchema>;

export const RosterSchema = z
  .object({
    items: z.array(RosterEntrySchema),
    attendance: z.object({
      confirmed: z.number().int(),
      checkedIn: z.number().int(),
      waitlisted: z.number().int(),
      rate: z.number().nullable().meta({ description: '签到率（已签到 / 已确认），无确认预约时为 null' }),
    }),
  })
  .meta({ id: 'Roster' });
export type Roster = z.infer<typeof RosterSchema>;

/** Letters and digits that cannot be confused when read aloud or typed: no 0/O/1/I/L. */
export const BOOKING_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const BOOKING_CODE_LENGTH = 6;

// ---------- statistics (dashboard, attendance) ----------

const rate = z.number().nullable();
export const SessionStatsSchema = z
  .object({
    sessions: z.number().int().meta({ description: '期间开始的已发布场次数（不含草稿和已取消）' }),
    booked: z.number().int().meta({ description: '确认预约人数（含已签到）' }),
    attended: z.number().int(),
    noShows: z.number().int().meta({ description: '已结束场次中确认预约但未签到的人数' }),
    attendanceRate: rate.meta({ description: '已结束场次的签到率（已签到 / 确认预约），无数据时为 null' }),
    feedbackCount: z.number().int(),
    feedbackAverage: rate,
    byOrgan: z.array(
      z.object({
        organId: IdSchema,
        organName: z.string(),
        sessions: z.number().int(),
        booked: z.number().int(),
        attended: z.number().int(),
        attendanceRate: rate,
        feedbackAverage: rate,
      }),
    ),
    list: z.array(
      z.object({
        id: IdSchema,
        title: z.string(),
        startsAt: IsoDateTime,
        organName: z.string(),
        booked: z.number().int(),
        attended: z.number().int(),
        attendanceRate: rate,
        feedbackAverage: rate,
      }),
    ),
  })
  .meta({ id: 'SessionStats' });
export type SessionStats = z.infer<typeof SessionStatsSchema>;

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');
export const AttendanceQuerySchema = z.object({
  from: Month.meta({ description: '起始月份（北京时间）' }),
  to: Month.optional().meta({ description: '截止月份，默认与起始月份相同；最多12个月' }),
  organ: IdSchema.optional().meta({ description: '机关（系统管理员可选任一机关）' }),
});
export type AttendanceQuery = z.input<typeof AttendanceQuerySchema>;

export const AttendanceReportSchema = z
  .object({
    months: z.array(
      z.object({
        month: z.string(),
        sessions: z.number().int(),
        booked: z.number().int(),
        attended: z.number().int(),
        noShows: z.number().int(),
        attendanceRate: rate,
      }),
    ),
    sessions: SessionStatsSchema.shape.list,
  })
  .meta({ id: 'AttendanceReport' });
export type AttendanceReport = z.infer<typeof AttendanceReportSchema>;

// ---------- questions in advance ----------

export const QuestionCreateSchema = z
  .object({
    text: z.string().trim().min(5, '问题至少5个字').max(300, '问题不超过300个字'),
  })
  .strict()
  .meta({ id: 'QuestionCreate' });
export type QuestionCreate = z.input<typeof QuestionCreateSchema>;

export const SessionQuestionSchema = z
  .object({
    id: IdSchema,
    sessionId: IdSchema,
    text: z.string(),
    askerName: z.string(),
    createdAt: IsoDateTime,
    answered: z.boolean(),
    answeredAt: IsoDateTime.nullable(),
  })
  .meta({ id: 'SessionQuestion' });
export type SessionQuestion = z.infer<typeof SessionQuestionSchema>;

export const QuestionGroupSchema = z.object({
  label: z.string().meta({ description: '分组名称（共同关键词）' }),
  keywords: z.array(z.string()),
  items: z.array(SessionQuestionSchema),
});
export type QuestionGroup = z.infer<typeof QuestionGroupSchema>;

export const QuestionBoardSchema = z
  .object({
    total: z.number().int(),
    answered: z.number().int(),
    groups: z.array(QuestionGroupSchema),
  })
  .meta({ id: 'QuestionBoard' });
export type QuestionBoard = z.infer<typeof QuestionBoardSchema>;

export const QuestionAnsweredSchema = z.object({ answered: z.boolean().default(true) }).strict();

// ---------- feedback ----------

export const FeedbackCreateSchema = z
  .object({
    rating: z
      .number({ message: '请选择评分' })
      .int('评分须为1-5的整数')
      .min(1, '评分须为1-5的整数')
      .max(5, '评分须为1-5的整数'),
    comment: z.string().trim().max(500, '评价不超过500个字').default(''),
  })
  .strict()
  .meta({ id: 'FeedbackCreate' });
export type FeedbackCreate = z.input<typeof FeedbackCreateSchema>;

export const FeedbackSchema = z
  .object({
    id: IdSchema,
    sessionId: IdSchema,
    rating: z.number().int(),
    comment: z.string(),
    createdAt: IsoDateTime,
  })
  .meta({ id: 'Feedback' });
export type Feedback = z.infer<typeof FeedbackSchema>;

export const FeedbackSummarySchema = z
  .object({
    count: z.number().int(),
    average: rate,
    distribution: z.array(z.number().int()).meta({ description: '1-5 分各自的人数' }),
    items: z.array(FeedbackSchema.omit({ sessionId: true })),
  })
  .meta({ id: 'FeedbackSummary' });
export type FeedbackSummary = z.infer<typeof FeedbackSummarySchema>;

// ---------- duplicate and weekly series ----------

export const SessionDuplicateSchema = z
  .object({
    startsAt: IsoDateTime.optional().meta({ description: '新场次开始时间，默认为原场次一周后' }),
  })
  .strict();
export type SessionDuplicate = z.input<typeof SessionDuplicateSchema>;

export const SERIES_MAX_WEEKS = 12;
export const SessionSeriesSchema = z
  .object({
    ...SessionFields,
    organId: IdSchema.optional(),
    weeks: z.number({ message: '请填写周数' }).int('周数须为整数').min(2, '系列至少2周').max(52, '周数过多'),
  })
  .strict()
  .meta({ id: 'SessionSeries' });
export type SessionSeries = z.input<typeof SessionSeriesSchema>;
