import type { Context } from 'koa';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import {
  ConsultationEndInputSchema,
  ConsultationInputSchema,
  DecisionInputSchema,
  DisclosureCreateSchema,
  DisclosureListSchema,
  DisclosureQueueQuerySchema,
  DisclosureReportSchema,
  DisclosureRequestReplySchema,
  ExtensionInputSchema,
  IdSchema,
  ReplyDraftInputSchema,
  ReportParamsSchema,
  ReportQuerySchema,
  SupplementInputSchema,
  SupplementRequestInputSchema,
  WithdrawInputSchema,
  type DisclosureReport,
} from '@zwgk/types';
import { Reply, route, type RouteSpec } from '../../platform/routing';
import type { DisclosureService } from './service';

const TAG = '依申请公开';
const IdParams = z.object({ id: IdSchema });
const STAFF = ['staff'] as const;
const REVIEWER = ['reviewer'] as const;

function action<B extends z.ZodType | undefined>(
  path: string,
  summary: string,
  access: readonly ('staff' | 'reviewer' | 'citizen' | 'organizer' | 'admin')[] | 'authenticated',
  body: B,
  run: (
    svc: DisclosureService,
    user: Parameters<DisclosureService['get']>[0],
    id: string,
    body: B extends z.ZodType ? z.output<B> : undefined,
  ) => Promise<unknown>,
  svc: DisclosureService,
  description?: string,
): RouteSpec {
  return route({
    method: 'post',
    path: `/disclosure/requests/:id/${path}`,
    tag: TAG,
    summary,
    ...(description ? { description } : {}),
    access,
    params: IdParams,
    body: (body ?? z.object({}).strict()) as z.ZodType,
    status: 200,
    response: DisclosureRequestReplySchema,
    errors: [401, 403, 404, 409, 422],
    handler: async ({ params, body: b, user }) => ({
      request: await run(svc, user!, params.id, b as B extends z.ZodType ? z.output<B> : undefined),
    }),
  });
}

export function disclosureRoutes(svc: DisclosureService): RouteSpec[] {
  return [
    route({
      method: 'post',
      path: '/disclosure/requests',
      tag: TAG,
      summary: '提交政府信息公开申请',
      description:
        '按《政府信息公开条例》第二十九条填写申请人、所需信息和获取方式。支持 Idempotency-Key：重试返回首次结果。证件号码加密保存。',
      access: 'authenticated',
      body: DisclosureCreateSchema,
      response: DisclosureRequestReplySchema,
      idempotent: true,
      errors: [401, 422],
      handler: async ({ body, user }) => ({ request: await svc.create(user!, body) }),
    }),
    route({
      method: 'get',
      path: '/me/disclosure-requests',
      tag: TAG,
      summary: '我的申请',
      access: 'authenticated',
      response: DisclosureListSchema,
      errors: [401],
      handler: async ({ user }) => ({ items: await svc.mine(user!) }),
    }),
    route({
      method: 'get',
      path: '/disclosure/requests/:id',
      tag: TAG,
      summary: '申请详情',
      description: '申请人本人和受理机关工作人员可见；其他群众返回 404，其他机关工作人员返回 403。',
      access: 'authenticated',
      params: IdParams,
      response: DisclosureRequestReplySchema,
      errors: [401, 403, 404],
      handler: async ({ params, user }) => ({ request: await svc.get(user!, params.id) }),
    }),
    route({
      method: 'get',
      path: '/disclosure/queue',
      tag: TAG,
      summary: '本机关申请办理队列（按紧急程度排序）',
      access: ['staff', 'reviewer'],
      query: DisclosureQueueQuerySchema,
      response: DisclosureListSchema,
      errors: [401, 403],
      handler: async ({ query, user }) => ({ items: await svc.queue(user!, query.view) }),
    }),
    route({
      method: 'get',
      path: '/disclosure/review-queue',
      tag: TAG,
      summary: '待审核：合法性审查与延期审批',
      access: ['reviewer'],
      response: DisclosureListSchema,
      errors: [401, 403],
      handler: async ({ user }) => ({ items: await svc.reviewQueue(user!) }),
    }),
    action(
      'receive',
      '登记受理',
      STAFF,
      undefined,
      (s, u, id) => s.receive(u, id),
      svc,
      '收到申请之日：确认当日为工作日的为当日，否则为下一个工作日。',
    ),
    action(
      'supplement-request',
      '发出补正告知（仅一次，收到申请7个工作日内）',
      STAFF,
      SupplementRequestInputSchema,
      (s, u, id, b) => s.requestSupplement(u, id, b),
      svc,
    ),
    action(
      'supplement',
      '申请人补正',
      'authenticated',
      SupplementInputSchema,
      (s, u, id, b) => s.supplement(u, id, b.text),
      svc,
      '补正后的申请收到之日重新起算答复期限。',
    ),
    action(
      'close-unsupplemented',
      '逾期未补正，不再处理',
      STAFF,
      undefined,
      (s, u, id) => s.closeUnsupplemented(u, id),
      svc,
    ),
    action(
      'consultation',
      '征求第三方或有关机关意见（期间不计入答复期限，最长15个工作日）',
      STAFF,
      ConsultationInputSchema,
      (s, u, id, b) => s.startConsultation(u, id, b),
      svc,
    ),
    action(
      'consultation/end',
      '征求意见结束',
      STAFF,
      ConsultationEndInputSchema,
      (s, u, id, b) => s.endConsultation(u, id, b.note),
      svc,
    ),
    action(
      'extension',
      '申请延期答复（一次，最长20个工作日）',
      STAFF,
      ExtensionInputSchema,
      (s, u, id, b) => s.requestExtension(u, id, b),
      svc,
    ),
    action(
      'extension/decision',
      '审批延期答复',
      REVIEWER,
      DecisionInputSchema,
      (s, u, id, b) => s.decideExtension(u, id, b),
      svc,
    ),
    action(
      'reply-draft',
      '拟定答复',
      STAFF,
      ReplyDraftInputSchema,
      (s, u, id, b) => s.draftReply(u, id, b),
      svc,
    ),
    action(
      'legal-review',
      '合法性审查：通过即答复，或退回修改',
      REVIEWER,
      DecisionInputSchema,
      (s, u, id, b) => s.legalReview(u, id, b),
      svc,
    ),
    action('close', '办结归档', STAFF, undefined, (s, u, id) => s.close(u, id), svc),
    action(
      'withdraw',
      '申请人撤回申请',
      'authenticated',
      WithdrawInputSchema,
      (s, u, id, b) => s.withdraw(u, id, b.reason),
      svc,
    ),
    route({
      method: 'get',
      path: '/disclosure/reports/:year',
      tag: TAG,
      summary: '年度报告表三：收到和处理政府信息公开申请情况',
      description:
        '按国办公开办函〔2021〕30号模板；check 给出每一列“一 + 二 = 三（七） + 四”的核对结果。format=xlsx 导出 Excel。',
      access: ['staff', 'reviewer', 'admin'],
      params: ReportParamsSchema,
      query: ReportQuerySchema,
      response: DisclosureReportSchema,
      errors: [401, 403, 404, 422],
      handler: async ({ params, query, user, ctx }) => {
        const report = await svc.report(user!, params.year, query.organ);
        if (query.format !== 'xlsx') return report;
        return xlsxReply(ctx, report);
      },
    }),
  ];
}

async function xlsxReply(_ctx: Context, r: DisclosureReport): Promise<Reply> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('三、收到和处理政府信息公开申请情况');
  ws.addRow([`${r.organ.name} ${r.year}年度政府信息公开工作年度报告`]);
  ws.addRow(['三、收到和处理政府信息公开申请情况']);
  ws.addRow(['（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', '申请人情况']);
  ws.addRow(['', '自然人', '法人或其他组织', '', '', '', '', '总计']);
  ws.addRow(['', '', ...r.columns.slice(1, 6).map((c) => c.label), '']);
  ws.mergeCells('B3:H3');
  ws.mergeCells('C4:G4');
  ws.mergeCells('B4:B5');
  ws.mergeCells('H4:H5');
  ws.mergeCells('A3:A5');
  for (const row of r.rows) {
    const label = `${'  '.repeat(row.level)}${row.label}`;
    ws.addRow([label, ...r.columns.map((c) => (row.key === 'results' ? null : (row.values[c.key] ?? 0)))]);
  }
  ws.getColumn(1).width = 70;
  for (let i = 2; i <= 8; i++) ws.getColumn(i).width = 14;
  ws.getRow(1).font = { bold: true, size: 14 };
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  const file = encodeURIComponent(`${r.organ.name}${r.year}年度政府信息公开申请情况.xlsx`);
  return new Reply(200, buf, {
    'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'Content-Disposition': `attachment; filename="report-${r.year}.xlsx"; filename*=UTF-8''${file}`,
  });
}
