import {
  CONSULTATION_STATUS_LABELS,
  DASHBOARD_TABLES,
  type Dashboard,
  type DashboardQuery,
  type DashboardTable,
} from '@zwgk/types';
import type { AccountsService } from '../accounts/service';
import { chinaDate } from '../calendar/days';
import type { ConsultationsService } from '../consultations/service';
import type { DisclosureService } from '../disclosure/service';
import type { SessionsService } from '../sessions/service';
import { forbidden, unprocessable } from '../../platform/errors';
import type { AuthUser } from '../../platform/routing';
import { percent, toCsv, type Cell } from './csv';
import { rankOrgans } from './ranking';

export interface DashboardDeps {
  accounts: AccountsService;
  sessions: Pick<SessionsService, 'stats'>;
  disclosure: Pick<DisclosureService, 'stats'>;
  consultations: Pick<ConsultationsService, 'stats'>;
  now: () => Date;
}

const MAX_DAYS = 732;

export class DashboardService {
  constructor(private readonly d: DashboardDeps) {}

  /** Which organs the user may look at, and which the query picks (null = every organ, admins only). */
  private async scope(user: AuthUser, organ: string | undefined) {
    const all = await this.d.accounts.listOrgans();
    const admin = user.roles.includes('admin');
    const mine = admin ? all : all.filter((o) => user.organIds.includes(o.id));
    if (organ) {
      if (!mine.some((o) => o.id === organ)) throw forbidden('只能查看本机关的统计数据');
      return { organs: mine, picked: [organ], admin };
    }
    if (!admin && !mine.length) throw forbidden('您尚未分配所属机关，暂无可查看的统计数据');
    return { organs: mine, picked: admin ? null : mine.map((o) => o.id), admin };
  }

  private range(q: DashboardQuery) {
    const today = chinaDate(this.d.now());
    const to = q.to ?? today;
    const from = q.from ?? `${to.slice(0, 4)}-01-01`;
    if (from > to)
      throw unprocessable('DASHBOARD_RANGE_INVALID', '起始日期不能晚于截止日期', [
        { path: 'from', message: '起始日期不能晚于截止日期' },
      ]);
    const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
    if (days > MAX_DAYS)
      throw unprocessable('DASHBOARD_RANGE_TOO_LONG', '统计区间不超过两年', [
        { path: 'from', message: '统计区间不超过两年' },
      ]);
    return { from, to };
  }

  async get(user: AuthUser, q: DashboardQuery): Promise<Dashboard> {
    const { organs, picked, admin } = await this.scope(user, q.organ);
    const { from, to } = this.range(q);
    const [disclosure, sessions, consultations] = await Promise.all([
      this.d.disclosure.stats({ organIds: picked, from, to }),
      this.d.sessions.stats({ organIds: picked, from, to }),
      this.d.consultations.stats({ organIds: picked, from, to }),
    ]);
    const organ = picked?.length === 1 ? organs.find((o) => o.id === picked[0]) : undefined;
    return {
      organ: organ ? { id: organ.id, name: organ.name } : null,
      organs: organs.map((o) => ({ id: o.id, name: o.name })),
      from,
      to,
      disclosure,
      sessions,
      consultations,
      ranking: admin && !q.organ ? rankOrgans(organs, disclosure, sessions, consultations) : null,
    };
  }

  async csv(
    user: AuthUser,
    q: DashboardQuery,
    table: DashboardTable,
  ): Promise<{ filename: string; body: string }> {
    const d = await this.get(user, q);
    if (table === 'ranking' && !d.ranking) throw forbidden('各机关排名仅系统管理员可以导出');
    const [header, rows] = this.table(d, table);
    const who = d.organ?.name ?? (d.ranking ? '全部机关' : '本机关');
    return {
      filename: `${DASHBOARD_TABLES[table]}-${who}-${d.from}至${d.to}.csv`,
      body: toCsv(header, rows),
    };
  }

  private table(d: Dashboard, table: DashboardTable): [string[], Cell[][]] {
    switch (table) {
      case 'disclosure-status':
        return [
          ['办理状态', '申请数'],
          [...d.disclosure.byStatus.map((s) => [s.label, s.count]), ['合计', d.disclosure.total]],
        ];
      case 'disclosure-overdue':
        return [
          ['申请编号', '受理机关', '答复期限', '状态'],
          d.disclosure.overdue.map((o) => [o.number, o.organName, o.dueOn, o.status]),
        ];
      case 'sessions':
        return [
          ['场次', '主办机关', '开始时间', '确认预约', '签到', '签到率', '评价均分'],
          d.sessions.list.map((s) => [
            s.title,
            s.organName,
            chinaDateTime(s.startsAt),
            s.booked,
            s.attended,
            percent(s.attendanceRate),
            s.feedbackAverage,
          ]),
        ];
      case 'consultation-topics':
        return [
          ['咨询主题', '咨询量'],
          [...d.consultations.byTopic.map((t) => [t.topic, t.count]), ['合计', d.consultations.total]],
        ];
      case 'consultation-overdue':
        return [
          ['主题', '问题', '受理机关', '承诺答复日期', '状态'],
          d.consultations.overdueList.map((c) => [
            c.topic,
            c.question,
            c.organName,
            c.dueOn,
            CONSULTATION_STATUS_LABELS[c.status],
          ]),
        ];
      case 'ranking':
        return [
          [
            '名次',
            '机关',
            '综合得分',
            '依申请公开数',
            '按时答复率',
            '公开讲场次',
            '签到率',
            '咨询量',
            '咨询按时答复率',
            '满意率',
          ],
          (d.ranking ?? []).map((r, i) => [
            i + 1,
            r.organName,
            r.score,
            r.disclosureTotal,
            percent(r.disclosureOnTimeRate),
            r.sessions,
            percent(r.attendanceRate),
            r.consultations,
            percent(r.consultationOnTimeRate),
            percent(r.satisfiedShare),
          ]),
        ];
    }
  }
}

function chinaDateTime(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 16)}`;
}
