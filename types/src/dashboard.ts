/** 工作台数据看板: one organ (or, for admins, every organ) over a date range. */
import { z } from 'zod';
import { IdSchema } from './common';
import { ConsultationStatsSchema } from './consultations';
import { DisclosureStatsSchema } from './disclosure';
import { SessionStatsSchema } from './sessions';

const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, '日期不存在');
const optionalEmpty = <T extends z.ZodType>(s: T) =>
  z.preprocess((v) => (v === '' || v === null ? undefined : v), s.optional());

export const DashboardQuerySchema = z.object({
  organ: optionalEmpty(IdSchema).meta({
    description: '机关；不填时工作人员为本人所属机关，系统管理员为全部机关',
  }),
  from: optionalEmpty(Day).meta({ description: '起始日期（北京时间，含），默认当年1月1日' }),
  to: optionalEmpty(Day).meta({ description: '截止日期（北京时间，含），默认今天' }),
});
export type DashboardQuery = z.infer<typeof DashboardQuerySchema>;

export const DASHBOARD_TABLES = {
  'disclosure-status': '依申请公开：按办理状态',
  'disclosure-overdue': '依申请公开：超期未答复',
  sessions: '政务公开讲：场次签到与评价',
  'consultation-topics': '政策咨询：按主题',
  'consultation-overdue': '政策咨询：超期未答复',
  ranking: '各机关排名',
} as const;
export type DashboardTable = keyof typeof DASHBOARD_TABLES;
export const DashboardTableSchema = z.enum(
  Object.keys(DASHBOARD_TABLES) as [DashboardTable, ...DashboardTable[]],
  {
    message: '请选择要导出的表格',
  },
);

export const DashboardExportQuerySchema = DashboardQuerySchema.extend({ table: DashboardTableSchema });

export const RankingRowSchema = z.object({
  organId: IdSchema,
  organName: z.string(),
  score: z.number().nullable().meta({ description: '综合得分 0–100：各项比率的平均（无数据的项不计）' }),
  disclosureTotal: z.number().int(),
  disclosureOnTimeRate: z.number().nullable(),
  sessions: z.number().int(),
  attendanceRate: z.number().nullable(),
  consultations: z.number().int(),
  consultationOnTimeRate: z.number().nullable(),
  satisfiedShare: z.number().nullable(),
});
export type RankingRow = z.infer<typeof RankingRowSchema>;

export const DashboardSchema = z
  .object({
    organ: z.object({ id: IdSchema, name: z.string() }).nullable().meta({ description: 'null：全部机关' }),
    organs: z.array(z.object({ id: IdSchema, name: z.string() })).meta({ description: '可选择的机关' }),
    from: z.string(),
    to: z.string(),
    disclosure: DisclosureStatsSchema,
    sessions: SessionStatsSchema,
    consultations: ConsultationStatsSchema,
    ranking: z.array(RankingRowSchema).nullable().meta({ description: '仅系统管理员可见' }),
  })
  .meta({ id: 'Dashboard' });
export type Dashboard = z.infer<typeof DashboardSchema>;
