import { DashboardExportQuerySchema, DashboardQuerySchema, DashboardSchema } from '@zwgk/types';
import { Reply, route, type RouteSpec } from '../../platform/routing';
import type { DashboardService } from './service';

const TAG = '数据看板';
const STAFF_SIDE = ['staff', 'reviewer', 'organizer', 'admin'] as const;

export function dashboardRoutes(svc: DashboardService): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/dashboard',
      tag: TAG,
      summary: '数据看板：依申请公开、政务公开讲、政策咨询',
      description:
        '按机关和日期区间统计。工作人员只能查看本人所属机关；系统管理员可查看任一机关，不指定机关时查看全部机关并附各机关排名。',
      access: STAFF_SIDE,
      query: DashboardQuerySchema,
      response: DashboardSchema,
      errors: [400, 401, 403, 422],
      handler: async ({ user, query }) => svc.get(user!, query),
    }),
    route({
      method: 'get',
      path: '/dashboard/export.csv',
      tag: TAG,
      summary: '导出看板中的一张表（CSV，UTF-8）',
      access: STAFF_SIDE,
      query: DashboardExportQuerySchema,
      errors: [400, 401, 403, 422],
      handler: async ({ user, query }) => {
        const { table, ...q } = query;
        const { filename, body } = await svc.csv(user!, q, table);
        return new Reply(200, body, {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="dashboard.csv"; filename*=UTF-8''${encodeURIComponent(filename)}`,
          'Cache-Control': 'no-store',
        });
      },
    }),
  ];
}
