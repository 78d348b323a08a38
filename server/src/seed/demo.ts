/**
 * Demo data for `npm start` (never in production): the provincial open-government
 * office, a few provincial departments, Nanchang city and one county, and the
 * staff-side demo accounts. Loaded once per database, guarded by a claim.
 */
import { Types, type Connection } from 'mongoose';
import { DEMO_PASSWORD, type Role } from '@zwgk/types';
import type { Claims } from '../platform/claims';
import { accountModels } from '../modules/accounts/model';
import type { AccountsService } from '../modules/accounts/service';
import type { ModuleContext } from '../platform/module';
import { hashPassword } from '../modules/accounts/passwords';
import { seedPolicies } from './policies';
import { seedSessions } from './sessions';
import { seedDisclosure } from './disclosure';
import { seedConsultations } from './consultations';

export { DEMO_PASSWORD };

const ORGANS = [
  { code: 'JX-GOV', name: '江西省人民政府', level: '省', parent: null },
  { code: 'JX-GKB', name: '江西省人民政府政务公开办公室', level: '省', parent: 'JX-GOV' },
  { code: 'JX-FGW', name: '江西省发展和改革委员会', level: '省', parent: 'JX-GOV' },
  { code: 'JX-RST', name: '江西省人力资源和社会保障厅', level: '省', parent: 'JX-GOV' },
  { code: 'JX-JYT', name: '江西省教育厅', level: '省', parent: 'JX-GOV' },
  { code: 'JX-WJW', name: '江西省卫生健康委员会', level: '省', parent: 'JX-GOV' },
  { code: 'NC-GOV', name: '南昌市人民政府', level: '市', parent: 'JX-GOV' },
  { code: 'NCX-GOV', name: '南昌县人民政府', level: '县', parent: 'NC-GOV' },
] as const;

const USERS: { username: string; displayName: string; roles: Role[]; organs: string[] }[] = [
  { username: 'admin', displayName: '张明', roles: ['admin'], organs: ['JX-GKB'] },
  { username: 'organizer1', displayName: '李华', roles: ['organizer'], organs: ['JX-RST'] },
  { username: 'staff1', displayName: '王芳', roles: ['staff'], organs: ['JX-GKB'] },
  { username: 'reviewer1', displayName: '陈静', roles: ['reviewer'], organs: ['JX-GKB'] },
];

export interface SeedContext {
  conn: Connection;
  claims: Claims;
  now: Date;
  accounts: AccountsService;
  /** The app's module context, for parts that load data through a module's service. */
  module: ModuleContext;
}

/**
 * Demo data, once per database: each part is guarded by its own claim, so a
 * part added later is loaded into an existing development database too.
 * Parts depend on earlier ones (policies need the organs), so a process that
 * lost a part's claim waits until the winner marks it done before going on —
 * two servers starting together on one database must not race ahead.
 * Returns true when this process loaded anything.
 */
export async function seedDemo(module: ModuleContext, now: Date, waitMs = 120_000): Promise<boolean> {
  const ctx: SeedContext = {
    conn: module.conn,
    claims: module.claims,
    now,
    accounts: module.accounts,
    module,
  };
  const parts: [string, () => Promise<boolean>][] = [
    ['accounts', () => seedAccounts(ctx.conn, ctx.claims, ctx.now)],
    ['policies', () => seedPolicies(ctx)],
    ['sessions', () => seedSessions(ctx)],
    ['disclosure', () => seedDisclosure(ctx)],
    // seed: consultations
    ['consultations', () => seedConsultations(ctx)],
  ];
  let loaded = false;
  for (const [name, run] of parts) {
    const done = `seed-done:${name}`;
    if (await run()) {
      loaded = true;
      await ctx.claims.claim(done, 'demo');
    } else if (!(await waitForClaim(ctx.claims, done, waitMs))) {
      throw new Error(`demo data part "${name}" was started by another process that did not finish it`);
    }
  }
  return loaded;
}

async function waitForClaim(claims: Claims, key: string, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await claims.holder(key)) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

export async function seedAccounts(conn: Connection, claims: Claims, now: Date): Promise<boolean> {
  if (!(await claims.claim('seed:demo-v1', 'demo'))) return false;
  const m = accountModels(conn);
  const ids = new Map<string, Types.ObjectId>();
  for (const o of ORGANS) {
    const existing = await m.Organ.findOne({ code: o.code }).lean();
    if (existing) {
      ids.set(o.code, existing._id);
      continue;
    }
    const doc = await m.Organ.create({
      name: o.name,
      code: o.code,
      level: o.level,
      parentId: o.parent ? ids.get(o.parent) : null,
      createdAt: now,
    });
    ids.set(o.code, doc._id);
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const u of USERS) {
    const id = new Types.ObjectId();
    if (!(await claims.claim(`username:${u.username}`, id.toHexString()))) continue;
    await m.User.create({
      _id: id,
      username: u.username,
      displayName: u.displayName,
      passwordHash,
      roles: u.roles,
      organIds: u.organs.map((c) => ids.get(c)!),
      createdAt: now,
    });
  }
  return true;
}
