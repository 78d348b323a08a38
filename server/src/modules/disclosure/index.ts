import type { DomainModule, ModuleContext } from '../../platform/module';
import { createCalendarService } from '../calendar';
import { DEFAULT_LETTER_FONT } from './letter';
import { disclosureModels } from './model';
import { disclosureRoutes } from './routes';
import { DisclosureService } from './service';

export interface DisclosureModuleOptions {
  /** CJK font for PDF reply letters; defaults to the WenQuanYi Micro Hei the project's setup installs. */
  letterFontPath?: string;
}

export function createDisclosureService(ctx: ModuleContext): DisclosureService {
  return new DisclosureService({
    files: ctx.files,
    notifications: ctx.notifications,
    signingSecret: ctx.signingSecret,
    models: disclosureModels(ctx.conn),
    claims: ctx.claims,
    calendar: createCalendarService(ctx),
    accounts: ctx.accounts,
    now: ctx.now,
    piiKey: ctx.piiKey,
    piiKeyPrevious: ctx.piiKeyPrevious,
    accessLog: ctx.accessLog,
    logger: ctx.logger,
  });
}

export function createDisclosureModule(
  ctx: ModuleContext,
  opts: DisclosureModuleOptions = {},
): DomainModule & { service: DisclosureService } {
  const service = createDisclosureService(ctx);
  return {
    name: 'disclosure',
    routes: disclosureRoutes(service, { letterFontPath: opts.letterFontPath ?? DEFAULT_LETTER_FONT }),
    service,
    maintenance: async () => {
      await service.repairClaims();
      await service.backfillFacts();
    },
  };
}
