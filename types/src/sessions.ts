/** 政务公开讲: zones (政务公开专区), sessions, bookings with waiting list, check-in. */
import { z } from 'zod';
import { IdSchema, IsoDateTime } from './common';

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
};

export const ZoneCreateSchema = z
  .object({
    ...zoneFields,
    organId: IdSchema,
    latitude: zoneFields.latitude.optional(),
    longitude: zoneFields.longitude.optional(),
    services: zoneFields.services.default([]),
    description: zoneFields.description.default(''),
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
  })
  .meta({ id: 'Booking' });
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
