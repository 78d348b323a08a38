/** The policy library module: documents, interpretations, FAQs, search. */
import type { DomainModule, ModuleContext } from '../../platform/module';
import { policyModels } from './model';
import { policyRoutes } from './routes';
import { PoliciesService } from './service';

export function createPoliciesModule(ctx: ModuleContext): DomainModule & { service: PoliciesService } {
  const svc = new PoliciesService({
    models: policyModels(ctx.conn),
    files: ctx.files,
    claims: ctx.claims,
    accounts: ctx.accounts,
    now: ctx.now,
  });
  return {
    name: 'policies',
    routes: policyRoutes(svc),
    service: svc,
    maintenance: async () => {
      await svc.repair();
    },
  };
}
