import type { Connection } from 'mongoose';
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

/** The service of the app on `conn`, for the demo-data loader (which has no PII key of its own). */
const byConnection = new WeakMap<Connection, DisclosureService>();
export function disclosureServiceFor(conn: Connection): DisclosureService | undefined {
  return byConnection.get(conn);
}

export function createDisclosureModule(ctx: ModuleContext): DomainModule {
  const service = createDisclosureService(ctx);
  byConnection.set(ctx.conn, service);
  return {
    name: 'disclosure',
    routes: disclosureRoutes(service),
    maintenance: async () => {
      await service.repairClaims();
    },
  };
}
