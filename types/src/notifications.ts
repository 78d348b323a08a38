/** Message centre: every notice the system sends, its kinds and the user's choices. */
import { z } from 'zod';
import { IsoDateTime } from './common';

export const NOTIFICATION_KINDS = {
  'booking.confirmed': '预约成功',
  'booking.waitlisted': '进入候补',
  'booking.promoted': '候补转正',
  'session.reminder': '活动提醒',
  'session.cancelled': '活动取消',
  'session.changed': '活动变更',
  'disclosure.correction': '补正通知',
  'disclosure.progress': '申请进度',
  'disclosure.replied': '答复已出具',
  'consultation.answered': '咨询已答复',
  system: '系统通知',
} as const;
export type NotificationKind = keyof typeof NOTIFICATION_KINDS;
export const NotificationKindSchema = z.enum(
  Object.keys(NOTIFICATION_KINDS) as [NotificationKind, ...NotificationKind[]],
);

export const NotificationSchema = z
  .object({
    id: z.string(),
    kind: NotificationKindSchema,
    title: z.string(),
    body: z.string(),
    link: z.string().nullable().meta({ description: '点开后进入的页面路径，如 /pages/my-bookings/index' }),
    createdAt: IsoDateTime.meta({ description: '通知时间（定时提醒为到点时间）' }),
    read: z.boolean(),
  })
  .meta({ id: 'Notification' });
export type Notification = z.infer<typeof NotificationSchema>;

export const NotificationPageSchema = z.object({
  items: z.array(NotificationSchema),
  nextCursor: z.string().nullable(),
  unread: z.number().int(),
});
export type NotificationPage = z.infer<typeof NotificationPageSchema>;

export const NotificationPreferenceSchema = z
  .object({
    kind: NotificationKindSchema,
    label: z.string(),
    wechat: z.boolean().meta({ description: '是否通过微信订阅消息推送（站内消息始终保留）' }),
    templateId: z.string().nullable().meta({ description: '小程序 requestSubscribeMessage 使用的模板 ID' }),
  })
  .meta({ id: 'NotificationPreference' });
export type NotificationPreference = z.infer<typeof NotificationPreferenceSchema>;

export const NotificationPreferencesUpdateSchema = z
  .object({
    muted: z.array(NotificationKindSchema).max(20).meta({ description: '不再推送微信订阅消息的通知类型' }),
  })
  .strict();
export type NotificationPreferencesUpdate = z.infer<typeof NotificationPreferencesUpdateSchema>;

export const NotificationIdParams = z.object({
  id: z.string().regex(/^n[0-9a-f]{31}$/, '消息编号格式不正确'),
});
