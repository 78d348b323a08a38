/** 数据看板: figures of disclosure, sessions and consultations for an organ and a date range. */
import type { DomainModule, ModuleContext } from '../../platform/module';
import type { ConsultationsService } from '../consultations/service';
import type { DisclosureService } from '../disclosure/service';
import type { SessionsService } from '../sessions/service';
import { dashboardRoutes } from './routes';
import { DashboardService } from './service';

export function createDashboardModule(
  ctx: ModuleContext,
  deps: {
    sessions: Pick<SessionsService, 'stats'>;
    disclosure: Pick<DisclosureService, 'stats'>;
    consultations: Pick<ConsultationsService, 'stats'>;
  },
): DomainModule & { service: DashboardService } {
  const service = new DashboardService({ ...deps, accounts: ctx.accounts, now: ctx.now });
  return { name: 'dashboard', routes: dashboardRoutes(service), service };
}
