import type { DomainModule, ModuleContext } from '../../platform/module';
import { sessionModels } from './model';
import { sessionRoutes } from './routes';
import { SessionsService } from './service';

export function createSessionsModule(ctx: ModuleContext): DomainModule & { service: SessionsService } {
  const service = new SessionsService({
    models: sessionModels(ctx.conn),
    claims: ctx.claims,
    accounts: ctx.accounts,
    now: ctx.now,
    signingSecret: ctx.signingSecret,
    logger: ctx.logger,
    files: ctx.files,
    notifications: ctx.notifications,
  });
  return {
    name: 'sessions',
    routes: sessionRoutes(service),
    service,
    maintenance: async () => {
      await service.repair();
      await service.markNoShows();
    },
  };
}
