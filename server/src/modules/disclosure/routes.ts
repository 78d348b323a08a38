import type { Context } from 'koa';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import {
  AssignInputSchema,
  ContactInputSchema,
  ContactSchema,
  FeeNoticeInputSchema,
  FeePaidInputSchema,
  REMEDY_KIND_LABELS,
  REMEDY_RESULT_LABELS,
  RemedyInputSchema,
  RemedyParamsSchema,
  RemedyReplySchema,
  RemedyUpdateSchema,
  StaffListSchema,
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
import { AppError } from '../../platform/errors';
import { Reply, route, type RouteSpec } from '../../platform/routing';
import { buildLetter, LetterFontMissing, renderLetterHtml, renderLetterPdf } from './letter';
import type { DisclosureService } from './service';

export interface DisclosureRouteOptions {
  /** CJK font for the PDF reply letter (a .ttc/.ttf/.otf file). */
  letterFontPath: string;
}

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

export function disclosureRoutes(svc: DisclosureService, opts: DisclosureRouteOptions): RouteSpec[] {
  const LetterQuery = z.object({
    exp: z.string().max(20).optional(),
    sig: z.string().max(100).optional(),
  });
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
      handler: async ({ query, user }) => ({ items: await svc.queue(user!, query.view, query.assignee) }),
    }),
    route({
      method: 'get',
      path: '/disclosure/staff',
      tag: TAG,
      summary: '本机关经办人员（用于指派）',
      access: ['staff', 'reviewer'],
      response: StaffListSchema,
      errors: [401, 403],
      handler: async ({ user }) => ({ items: await svc.staffOf(user!) }),
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
      (s, u, id, b) => s.supplement(u, id, b.text, b.fileIds),
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
      'fee-notice',
      '发出信息处理费缴纳通知（按件或按量计收，缴费期间不计入答复期限）',
      STAFF,
      FeeNoticeInputSchema,
      (s, u, id, b) => s.feeNotice(u, id, b),
      svc,
      '按《政府信息公开信息处理费管理办法》计算：按件计收为同一申请人一个自然月内第11件起收费，按量计收为31页起分段收费。应缴金额为0时答复 409 FEE_NOT_DUE。',
    ),
    action(
      'fee-paid',
      '登记申请人已缴费（恢复计算答复期限）',
      STAFF,
      FeePaidInputSchema,
      (s, u, id, b) => s.feePaid(u, id, b),
      svc,
    ),
    action(
      'close-unpaid',
      '逾期未缴费，不再处理（其他处理-2）',
      STAFF,
      undefined,
      (s, u, id) => s.closeUnpaid(u, id),
      svc,
      '缴费期限（通知之日起20个工作日）届满后由经办人员操作。',
    ),
    action(
      'assign',
      '指派经办人员',
      STAFF,
      AssignInputSchema,
      (s, u, id, b) => s.assign(u, id, b.assigneeId),
      svc,
    ),
    route({
      method: 'post',
      path: '/disclosure/requests/:id/contacts',
      tag: TAG,
      summary: '记录与申请人的沟通（电话、当面、备注）',
      access: ['staff', 'reviewer'],
      params: IdParams,
      body: ContactInputSchema,
      response: z.object({ contact: ContactSchema }),
      idempotent: true,
      errors: [401, 403, 404, 422],
      handler: async ({ params, body, user }) => ({ contact: await svc.addContact(user!, params.id, body) }),
    }),
    route({
      method: 'post',
      path: '/disclosure/requests/:id/remedies',
      tag: TAG,
      summary: '登记行政复议或行政诉讼',
      description: `类型：${Object.values(REMEDY_KIND_LABELS).join('、')}；结果：${Object.values(REMEDY_RESULT_LABELS).join('、')}。计入年度报告表四。`,
      access: ['staff', 'reviewer'],
      params: IdParams,
      body: RemedyInputSchema,
      response: RemedyReplySchema,
      idempotent: true,
      errors: [401, 403, 404, 422],
      handler: async ({ params, body, user }) => ({ remedy: await svc.addRemedy(user!, params.id, body) }),
    }),
    route({
      method: 'put',
      path: '/disclosure/remedies/:remedyId',
      tag: TAG,
      summary: '更新行政复议或行政诉讼结果',
      access: ['staff', 'reviewer'],
      params: RemedyParamsSchema,
      body: RemedyUpdateSchema,
      response: RemedyReplySchema,
      errors: [401, 403, 404, 422],
      handler: async ({ params, body, user }) => ({
        remedy: await svc.updateRemedy(user!, params.remedyId, body),
      }),
    }),
    route({
      method: 'get',
      path: '/disclosure/requests/:id/reply-letter.html',
      tag: TAG,
      summary: '答复书（可打印网页）',
      description:
        '申请详情中的 replyLetter.htmlUrl 带签名，1 小时内可直接打开；也可凭登录令牌访问。受理机关工作人员可预览待审查的草稿。',
      access: 'public',
      params: IdParams,
      query: LetterQuery,
      errors: [404],
      handler: async ({ params, query, user }) => {
        const letter = buildLetter(await svc.letterData(user, params.id, query));
        return new Reply(200, renderLetterHtml(letter), {
          'Content-Type': 'text/html; charset=utf-8',
          'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
          'Cache-Control': 'private, no-store',
        });
      },
    }),
    route({
      method: 'get',
      path: '/disclosure/requests/:id/reply-letter.pdf',
      tag: TAG,
      summary: '答复书（PDF）',
      description: '与网页版相同的答复书，A4 版式，使用服务器上的中文字体；字体缺失时答复 503。',
      access: 'public',
      params: IdParams,
      query: LetterQuery,
      errors: [404, 503],
      handler: async ({ params, query, user }) => {
        const data = await svc.letterData(user, params.id, query);
        let pdf: Buffer;
        try {
          pdf = await renderLetterPdf(buildLetter(data), opts.letterFontPath);
        } catch (e) {
          if (e instanceof LetterFontMissing)
            throw new AppError(
              503,
              'LETTER_FONT_MISSING',
              '服务器缺少生成答复书所需的中文字体，暂时无法提供PDF版本，请先查看网页版答复书或联系受理机关',
            );
          throw e;
        }
        const file = encodeURIComponent(`政府信息公开申请答复书-${data.number}.pdf`);
        return new Reply(200, pdf, {
          'Content-Type': 'application/pdf',
          'Content-Disposition': `inline; filename="reply-letter.pdf"; filename*=UTF-8''${file}`,
          'Cache-Control': 'private, no-store',
        });
      },
    }),
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

  // 四、政府信息公开行政复议、行政诉讼情况
  const w4 = wb.addWorksheet('四、行政复议、行政诉讼情况');
  w4.addRow([`${r.organ.name} ${r.year}年度政府信息公开工作年度报告`]);
  w4.addRow(['四、政府信息公开行政复议、行政诉讼情况']);
  w4.addRow(['行政复议', '', '', '', '', '行政诉讼']);
  w4.addRow(['', '', '', '', '', '未经复议直接起诉', '', '', '', '', '复议后起诉']);
  const labels = r.table4.columns.map((c) => c.label);
  w4.addRow([...labels, ...labels, ...labels]);
  w4.addRow(r.table4.blocks.flatMap((b) => r.table4.columns.map((c) => b.values[c.key] ?? 0)));
  w4.mergeCells('A3:E4');
  w4.mergeCells('F3:O3');
  w4.mergeCells('F4:J4');
  w4.mergeCells('K4:O4');
  for (let i = 1; i <= 15; i++) w4.getColumn(i).width = 11;
  w4.getRow(1).font = { bold: true, size: 14 };
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  const file = encodeURIComponent(`${r.organ.name}${r.year}年度政府信息公开申请情况.xlsx`);
  return new Reply(200, buf, {
    'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'Content-Disposition': `attachment; filename="report-${r.year}.xlsx"; filename*=UTF-8''${file}`,
  });
}
