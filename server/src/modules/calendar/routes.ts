import { z } from 'zod';
import {
  AddWorkdaysQuerySchema,
  AddWorkdaysResultSchema,
  CalendarDayParamsSchema,
  CalendarDaySchema,
  CalendarOverrideInputSchema,
  CalendarYearParamsSchema,
  CalendarYearSchema,
} from '@zwgk/types';
import { route, type RouteSpec } from '../../platform/routing';
import type { CalendarService } from './service';

const TAG = '工作日历';

export function calendarRoutes(cal: CalendarService): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/calendar/days/:date',
      tag: TAG,
      summary: '查询某日是否为工作日',
      description:
        '按国务院放假通知（含调休上班日）；尚未公布通知的年份按法定节假日推算，provisional 为 true。',
      access: 'public',
      params: CalendarDayParamsSchema,
      response: CalendarDaySchema,
      errors: [422],
      handler: async ({ params }) => cal.day(params.date),
    }),
    route({
      method: 'get',
      path: '/calendar/add-workdays',
      tag: TAG,
      summary: '推算第 N 个工作日',
      description: '返回 from 之后的第 N 个工作日（from 当日不计）。',
      access: 'public',
      query: AddWorkdaysQuerySchema,
      response: AddWorkdaysResultSchema,
      errors: [422],
      handler: async ({ query }) => cal.addWorkdays(query.from, query.days),
    }),
    route({
      method: 'get',
      path: '/calendar/years/:year',
      tag: TAG,
      summary: '全年日历（管理员）',
      access: ['admin'],
      params: CalendarYearParamsSchema,
      response: CalendarYearSchema,
      errors: [401, 403, 422],
      handler: async ({ params, user }) => cal.year(user, params.year),
    }),
    route({
      method: 'put',
      path: '/calendar/overrides/:date',
      tag: TAG,
      summary: '设置某日为工作日或休息日（管理员）',
      access: ['admin'],
      params: CalendarDayParamsSchema,
      body: CalendarOverrideInputSchema,
      response: CalendarDaySchema,
      errors: [401, 403, 422],
      handler: async ({ params, body, user }) => cal.setOverride(user, params.date, body),
    }),
    route({
      method: 'delete',
      path: '/calendar/overrides/:date',
      tag: TAG,
      summary: '取消某日的调整（管理员）',
      access: ['admin'],
      params: CalendarDayParamsSchema,
      response: CalendarDaySchema,
      errors: [401, 403, 422],
      handler: async ({ params, user }) => cal.clearOverride(user, params.date),
    }),
    route({
      method: 'post',
      path: '/calendar/years/:year/confirm',
      tag: TAG,
      summary: '确认某年放假安排已按通知录入（管理员）',
      access: ['admin'],
      params: CalendarYearParamsSchema,
      body: z.object({}).strict(),
      status: 200,
      response: CalendarYearSchema,
      errors: [401, 403, 422],
      handler: async ({ params, user }) => cal.confirmYear(user, params.year),
    }),
  ];
}
