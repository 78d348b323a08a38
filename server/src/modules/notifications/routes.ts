import { z } from 'zod';
import {
  NotificationIdParams,
  NotificationPageSchema,
  NotificationPreferenceSchema,
  NotificationPreferencesUpdateSchema,
  NotificationSchema,
  PageQuerySchema,
} from '@zwgk/types';
import { route, type RouteSpec } from '../../platform/routing';
import type { NotificationsService } from './service';

const Prefs = z.object({ items: z.array(NotificationPreferenceSchema) });

export function notificationRoutes(n: NotificationsService): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/notifications',
      tag: '消息中心',
      summary: '我的消息（新的在前）',
      access: 'authenticated',
      query: PageQuerySchema,
      response: NotificationPageSchema,
      errors: [400, 401],
      handler: async ({ user, query }) => n.list(user!, query),
    }),
    route({
      method: 'get',
      path: '/notifications/unread-count',
      tag: '消息中心',
      summary: '未读消息数',
      access: 'authenticated',
      response: z.object({ unread: z.number().int() }),
      errors: [401],
      handler: async ({ user }) => ({ unread: await n.unread(user!) }),
    }),
    route({
      method: 'post',
      path: '/notifications/read-all',
      tag: '消息中心',
      summary: '全部标为已读',
      access: 'authenticated',
      status: 200,
      response: z.object({ updated: z.number().int() }),
      errors: [401],
      handler: async ({ user }) => n.markAllRead(user!),
    }),
    route({
      method: 'post',
      path: '/notifications/:id/read',
      tag: '消息中心',
      summary: '标为已读',
      access: 'authenticated',
      params: NotificationIdParams,
      status: 200,
      response: z.object({ notification: NotificationSchema }),
      errors: [401, 404],
      handler: async ({ user, params }) => ({ notification: await n.markRead(user!, params.id) }),
    }),
    route({
      method: 'get',
      path: '/notifications/preferences',
      tag: '消息中心',
      summary: '消息推送设置',
      description: '站内消息始终保留；这里选择哪些类型同时通过微信订阅消息推送。',
      access: 'authenticated',
      response: Prefs,
      errors: [401],
      handler: async ({ user }) => n.preferences(user!),
    }),
    route({
      method: 'put',
      path: '/notifications/preferences',
      tag: '消息中心',
      summary: '修改消息推送设置',
      access: 'authenticated',
      body: NotificationPreferencesUpdateSchema,
      response: Prefs,
      errors: [401, 422],
      handler: async ({ user, body }) => n.setPreferences(user!, body.muted),
    }),
  ];
}
