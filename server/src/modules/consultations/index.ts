/** The policy consultation window (政策咨询): questions routed by topic, answered within working days. */
import { DEFAULT_REPLY_WORKDAYS } from '@zwgk/types';
import type { DomainModule, ModuleContext } from '../../platform/module';
import type { CalendarService } from '../calendar/service';
import type { PoliciesService } from '../policies/service';
import { consultationModels } from './model';
import { consultationRoutes } from './routes';
import { ConsultationsService, STAFF_NOTICE_JOB, type SessionLookup } from './service';

export interface ConsultationsOptions {
  policies: Pick<PoliciesService, 'createFaq' | 'getPublic' | 'listFaqs'>;
  calendar: CalendarService;
  sessions?: SessionLookup;
  /** Working days within which a reply is promised (default 5). */
  replyWorkdays?: number;
}

export function createConsultationsModule(
  ctx: ModuleContext,
  opts: ConsultationsOptions,
): DomainModule & { service: ConsultationsService } {
  const service = new ConsultationsService({
    models: consultationModels(ctx.conn),
    claims: ctx.claims,
    accounts: ctx.accounts,
    calendar: opts.calendar,
    policies: opts.policies,
    sessions: opts.sessions,
    notifications: ctx.notifications,
    outbox: ctx.outbox,
    files: ctx.files,
    now: ctx.now,
    logger: ctx.logger,
    replyWorkdays: opts.replyWorkdays ?? DEFAULT_REPLY_WORKDAYS,
  });
  // Notices to an organ's staff (new question, follow-up, re-assignment, overdue).
  ctx.outbox.handle(STAFF_NOTICE_JOB, (payload, job) => service.deliverStaffNotice(payload, job));
  return {
    name: 'consultations',
    routes: consultationRoutes(service),
    service,
    maintenance: async () => {
      await service.repair();
      await service.repairPublications();
      await service.noticeOverdue();
    },
  };
}
