import type { DomainModule, ModuleContext } from '../../platform/module';
import { createCalendarService } from '../calendar';
import { disclosureModels } from './model';
import { disclosureRoutes } from './routes';
import { DisclosureService } from './service';

export function createDisclosureService(ctx: ModuleContext): DisclosureService {
  return new DisclosureService({
    models: disclosureModels(ctx.conn),
    claims: ctx.claims,
    calendar: createCalendarService(ctx),
    accounts: ctx.accounts,
    now: ctx.now,
    piiKey: ctx.piiKey,
    logger: ctx.logger,
  });
}

export function createDisclosureModule(ctx: ModuleContext): DomainModule {
  const service = createDisclosureService(ctx);
  return {
    name: 'disclosure',
    routes: disclosureRoutes(service),
    maintenance: async () => {
      await service.repairClaims();
    },
  };
}
