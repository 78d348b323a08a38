import { Types } from 'mongoose';
import type { Context } from 'koa';
import {
  STAFF_SIDE_ROLES,
  type LoginResult,
  type Organ,
  type OrganCreate,
  type OrganUpdate,
  type Role,
  type User,
  type UserCreate,
  type UserUpdate,
} from '@zwgk/types';
import type { Claims } from '../../platform/claims';
import {
  AppError,
  conflict,
  forbidden,
  isDuplicateKey,
  notFound,
  unauthenticated,
  unprocessable,
} from '../../platform/errors';
import type { AuthUser } from '../../platform/routing';
import { hashToken, newOpaqueToken, type TokenService } from '../../platform/tokens';
import type { AccountModels, OrganDoc, UserDoc } from './model';
import { hashPassword, verifyPassword } from './passwords';
import { jscode2session, type WechatConfig } from './wechat';

export interface AccountsDeps {
  models: AccountModels;
  claims: Claims;
  tokens: TokenService;
  now: () => Date;
  wechat: WechatConfig;
  refreshTtlDays: number;
  devLoginEnabled: boolean;
  loginMaxFailures: number;
  loginLockMinutes: number;
}

const LEVEL_RANK = { 省: 0, 市: 1, 县: 2 } as const;
const ORGAN_BOUND_ROLES: readonly Role[] = ['organizer', 'staff', 'reviewer'];

export function escapeRegex(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function organToDto(o: Pick<OrganDoc, '_id' | 'name' | 'code' | 'level' | 'parentId'>): Organ {
  return {
    id: o._id.toHexString(),
    name: o.name,
    code: o.code,
    level: o.level,
    parentId: o.parentId ? o.parentId.toHexString() : null,
  };
}

export function assertAdmin(actor: AuthUser | null) {
  if (!actor?.roles.includes('admin')) throw forbidden('仅系统管理员可以进行此操作');
}

export class AccountsService {
  constructor(private readonly d: AccountsDeps) {}

  private get m() {
    return this.d.models;
  }

  // ---------- authentication ----------

  /** The user behind `Authorization: Bearer …`, or null without the header. */
  async authenticate(ctx: Context): Promise<AuthUser | null> {
    const cached = ctx.state.authUser as AuthUser | null | undefined;
    if (cached !== undefined) return cached;
    const header = ctx.get('Authorization');
    if (!header) {
      ctx.state.authUser = null;
      return null;
    }
    const m = /^Bearer ([A-Za-z0-9_\-.]{10,2000})$/.exec(header);
    if (!m) throw unauthenticated('TOKEN_INVALID', '登录状态无效，请重新登录');
    const claims = await this.d.tokens.verifyAccess(m[1]!);
    if (!Types.ObjectId.isValid(claims.sub))
      throw unauthenticated('TOKEN_INVALID', '登录状态无效，请重新登录');
    const user = await this.m.User.findById(claims.sub).lean<UserDoc>();
    if (!user || user.tokenVersion !== claims.ver)
      throw unauthenticated('TOKEN_INVALID', '登录状态无效，请重新登录');
    if (user.disabled) throw unauthenticated('ACCOUNT_DISABLED', '该账号已停用，请联系管理员');
    const auth: AuthUser = {
      id: user._id.toHexString(),
      displayName: user.displayName,
      roles: user.roles,
      organIds: user.organIds.map((o) => o.toHexString()),
    };
    ctx.state.authUser = auth;
    return auth;
  }

  private async issue(user: UserDoc): Promise<LoginResult> {
    const token = await this.d.tokens.signAccess(user._id.toHexString(), user.tokenVersion);
    const refresh = newOpaqueToken();
    const now = this.d.now();
    await this.m.RefreshToken.create({
      _id: refresh.hash,
      userId: user._id,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.d.refreshTtlDays * 86400_000),
    });
    await this.m.User.updateOne({ _id: user._id }, { $set: { lastLoginAt: now } });
    const [dto] = await this.toDtos([user]);
    return { token, expiresIn: this.d.tokens.accessTtlSeconds, refreshToken: refresh.token, user: dto! };
  }

  /**
   * Find the user held by claim `key`, or create it with `make` — exactly one
   * user per key, however many requests race.
   */
  private async findOrCreateByClaim(
    key: string,
    make: (id: Types.ObjectId) => Partial<UserDoc>,
  ): Promise<UserDoc> {
    const id = new Types.ObjectId();
    const { won, ref } = await this.d.claims.claimOrGet(key, id.toHexString());
    if (won) {
      const doc = await this.m.User.create({ _id: id, createdAt: this.d.now(), ...make(id) });
      return doc.toObject() as UserDoc;
    }
    for (let i = 0; i < 50; i++) {
      const user = await this.m.User.findById(ref).lean<UserDoc>();
      if (user) return user;
      await new Promise((r) => setTimeout(r, 40));
    }
    throw new AppError(503, 'TRY_AGAIN', '系统繁忙，请稍后重试', undefined, { 'Retry-After': '1' });
  }

  async loginWechat(code: string): Promise<LoginResult> {
    const session = await jscode2session(this.d.wechat, code);
    const user = await this.findOrCreateByClaim(`openid:${session.openid}`, () => ({
      displayName: '微信用户',
      wechatOpenid: session.openid,
      roles: ['citizen'],
    }));
    if (user.disabled) throw unauthenticated('ACCOUNT_DISABLED', '该账号已停用，请联系管理员');
    return this.issue(user);
  }

  async loginDev(name: string): Promise<LoginResult> {
    if (!this.d.devLoginEnabled) throw notFound('接口不存在', 'ROUTE_NOT_FOUND');
    const user = await this.findOrCreateByClaim(`devname:${name}`, () => ({
      displayName: name,
      roles: ['citizen'],
    }));
    if (user.disabled) throw unauthenticated('ACCOUNT_DISABLED', '该账号已停用，请联系管理员');
    return this.issue(user);
  }

  async loginPassword(usernameRaw: string, password: string): Promise<LoginResult> {
    const username = usernameRaw.trim().toLowerCase();
    const since = new Date(this.d.now().getTime() - this.d.loginLockMinutes * 60_000);
    const failures = await this.m.LoginFailure.countDocuments({ username, at: { $gte: since } });
    if (failures >= this.d.loginMaxFailures) {
      throw new AppError(
        429,
        'LOGIN_LOCKED',
        `密码错误次数过多，账号已临时锁定，请${this.d.loginLockMinutes}分钟后再试`,
        undefined,
        { 'Retry-After': String(this.d.loginLockMinutes * 60) },
      );
    }
    const user = await this.m.User.findOne({ username }).lean<UserDoc>();
    const ok = await verifyPassword(password, user?.passwordHash ?? null);
    if (!user || !ok) {
      await this.m.LoginFailure.create({ username, at: this.d.now() });
      const left = this.d.loginMaxFailures - failures - 1;
      throw new AppError(
        401,
        'BAD_CREDENTIALS',
        left > 0 ? `用户名或密码错误，还可尝试${left}次` : '用户名或密码错误，账号已临时锁定',
      );
    }
    if (user.disabled) throw unauthenticated('ACCOUNT_DISABLED', '该账号已停用，请联系管理员');
    await this.m.LoginFailure.deleteMany({ username });
    return this.issue(user);
  }

  async refresh(refreshToken: string): Promise<LoginResult> {
    const hash = hashToken(refreshToken);
    const doc = await this.m.RefreshToken.findById(hash).lean();
    const invalid = () => unauthenticated('REFRESH_INVALID', '登录已过期，请重新登录');
    if (!doc || doc.expiresAt <= this.d.now()) throw invalid();
    // Single use: the first refresh claims the token; a replay loses.
    if (!(await this.d.claims.claim(`refresh-used:${hash}`, doc.userId.toHexString()))) throw invalid();
    await this.m.RefreshToken.deleteOne({ _id: hash });
    const user = await this.m.User.findById(doc.userId).lean<UserDoc>();
    if (!user) throw invalid();
    if (user.disabled) throw unauthenticated('ACCOUNT_DISABLED', '该账号已停用，请联系管理员');
    return this.issue(user);
  }

  async logout(refreshToken: string) {
    await this.m.RefreshToken.deleteOne({ _id: hashToken(refreshToken) });
  }

  /** How to reach a user outside the app (WeChat openid), for the message centre. */
  async contactOf(userId: string): Promise<{ openid: string | null; disabled: boolean } | null> {
    if (!Types.ObjectId.isValid(userId)) return null;
    const u = await this.m.User.findById(userId, { wechatOpenid: 1, disabled: 1 }).lean<UserDoc>();
    return u ? { openid: u.wechatOpenid ?? null, disabled: u.disabled } : null;
  }

  async me(actor: AuthUser): Promise<User> {
    const user = await this.m.User.findById(actor.id).lean<UserDoc>();
    if (!user) throw unauthenticated('TOKEN_INVALID', '登录状态无效，请重新登录');
    const [dto] = await this.toDtos([user]);
    return dto!;
  }

  // ---------- organs ----------

  async listOrgans(): Promise<Organ[]> {
    const organs = await this.m.Organ.find().sort({ level: 1, code: 1 }).limit(1000).lean<OrganDoc[]>();
    return organs
      .sort((a, b) => LEVEL_RANK[a.level] - LEVEL_RANK[b.level] || a.code.localeCompare(b.code))
      .map(organToDto);
  }

  async getOrgan(id: string): Promise<Organ> {
    const o = await this.m.Organ.findById(id).lean<OrganDoc>();
    if (!o) throw notFound('机关不存在');
    return organToDto(o);
  }

  private async checkParent(level: OrganDoc['level'], parentId: string | null | undefined, selfId?: string) {
    if (!parentId) return null;
    if (parentId === selfId) throw unprocessable('ORGAN_PARENT_INVALID', '上级机关不能是其本身');
    const parent = await this.m.Organ.findById(parentId).lean<OrganDoc>();
    if (!parent) throw unprocessable('ORGAN_PARENT_INVALID', '上级机关不存在');
    // A department sits at its government's level (南昌市人社局 under 南昌市人民政府); a parent is never lower.
    if (LEVEL_RANK[parent.level] > LEVEL_RANK[level]) {
      throw unprocessable(
        'ORGAN_PARENT_INVALID',
        `上级机关的层级（${parent.level}级）不能低于本机关（${level}级）`,
      );
    }
    return parent._id;
  }

  async createOrgan(actor: AuthUser | null, input: OrganCreate): Promise<Organ> {
    assertAdmin(actor);
    const parentId = await this.checkParent(input.level, input.parentId);
    try {
      const doc = await this.m.Organ.create({ ...input, parentId, createdAt: this.d.now() });
      return organToDto(doc);
    } catch (e) {
      if (isDuplicateKey(e)) throw conflict('ORGAN_CODE_TAKEN', `机关代码 ${input.code} 已被使用`);
      throw e;
    }
  }

  async updateOrgan(actor: AuthUser | null, id: string, input: OrganUpdate): Promise<Organ> {
    assertAdmin(actor);
    const organ = await this.m.Organ.findById(id).lean<OrganDoc>();
    if (!organ) throw notFound('机关不存在');
    const level = input.level ?? organ.level;
    const parentId =
      input.parentId === undefined
        ? await this.checkParent(level, organ.parentId?.toHexString(), id)
        : await this.checkParent(level, input.parentId, id);
    const set: Partial<OrganDoc> = { level, parentId };
    if (input.name) set.name = input.name;
    await this.m.Organ.updateOne({ _id: organ._id }, { $set: set });
    return organToDto({ ...organ, ...set });
  }

  // ---------- users ----------

  private async checkRolesAndOrgans(roles: Role[], organIds: string[]) {
    const unique = [...new Set(organIds)];
    if (unique.length) {
      const found = await this.m.Organ.countDocuments({
        _id: { $in: unique.map((i) => new Types.ObjectId(i)) },
      });
      if (found !== unique.length) throw unprocessable('ORGAN_NOT_FOUND', '所选机关不存在');
    }
    if (roles.some((r) => ORGAN_BOUND_ROLES.includes(r)) && unique.length === 0) {
      throw unprocessable('ORGAN_REQUIRED', '组织者、工作人员和审核人员须至少属于一个机关');
    }
    if (roles.includes('citizen') && roles.some((r) => STAFF_SIDE_ROLES.includes(r))) {
      throw unprocessable('ROLE_CONFLICT', '群众账号不能同时拥有工作人员角色');
    }
    return unique.map((i) => new Types.ObjectId(i));
  }

  async listUsers(
    actor: AuthUser | null,
    q: { role?: Role; organId?: string; q?: string; limit: number; cursor?: string },
  ): Promise<{ items: User[]; nextCursor: string | null }> {
    assertAdmin(actor);
    const filter: Record<string, unknown> = {};
    if (q.role) filter.roles = q.role;
    if (q.organId) filter.organIds = new Types.ObjectId(q.organId);
    if (q.q) {
      const re = new RegExp(escapeRegex(q.q), 'i');
      filter.$or = [{ displayName: re }, { username: re }];
    }
    if (q.cursor) {
      if (!Types.ObjectId.isValid(q.cursor)) throw new AppError(400, 'CURSOR_INVALID', '分页参数无效');
      filter._id = { $lt: new Types.ObjectId(q.cursor) };
    }
    const docs = await this.m.User.find(filter)
      .sort({ _id: -1 })
      .limit(q.limit + 1)
      .lean<UserDoc[]>();
    const page = docs.slice(0, q.limit);
    return {
      items: await this.toDtos(page),
      nextCursor: docs.length > q.limit ? page[page.length - 1]!._id.toHexString() : null,
    };
  }

  async createUser(actor: AuthUser | null, input: UserCreate): Promise<User> {
    assertAdmin(actor);
    const organIds = await this.checkRolesAndOrgans(input.roles, input.organIds);
    const username = input.username.toLowerCase();
    const id = new Types.ObjectId();
    if (!(await this.d.claims.claim(`username:${username}`, id.toHexString()))) {
      throw conflict('USERNAME_TAKEN', `用户名 ${username} 已被使用`);
    }
    const doc = await this.m.User.create({
      _id: id,
      username,
      displayName: input.displayName,
      passwordHash: await hashPassword(input.password),
      roles: [...new Set(input.roles)],
      organIds,
      createdAt: this.d.now(),
    });
    const [dto] = await this.toDtos([doc.toObject() as UserDoc]);
    return dto!;
  }

  async updateUser(actor: AuthUser | null, id: string, input: UserUpdate): Promise<User> {
    assertAdmin(actor);
    const user = await this.m.User.findById(id).lean<UserDoc>();
    if (!user) throw notFound('用户不存在');
    const isSelf = actor!.id === id;
    if (isSelf && input.disabled) throw unprocessable('CANNOT_DISABLE_SELF', '不能停用自己的账号');
    if (isSelf && input.roles && !input.roles.includes('admin')) {
      throw unprocessable('CANNOT_DEMOTE_SELF', '不能取消自己的系统管理员角色');
    }
    const roles = input.roles ? [...new Set(input.roles)] : user.roles;
    const organIds = await this.checkRolesAndOrgans(
      roles,
      input.organIds ?? user.organIds.map((o) => o.toHexString()),
    );
    const set: Partial<UserDoc> = { roles, organIds };
    if (input.displayName) set.displayName = input.displayName;
    if (input.disabled !== undefined) set.disabled = input.disabled;
    if (input.password) set.passwordHash = await hashPassword(input.password);
    const revoke = input.disabled === true || input.password !== undefined;
    const update: Record<string, unknown> = { $set: set };
    if (revoke) update.$inc = { tokenVersion: 1 };
    await this.m.User.updateOne({ _id: user._id }, update);
    if (revoke) await this.m.RefreshToken.deleteMany({ userId: user._id });
    const fresh = await this.m.User.findById(id).lean<UserDoc>();
    const [dto] = await this.toDtos([fresh!]);
    return dto!;
  }

  /** Users as the API shows them, with organ names in one query. */
  async toDtos(users: UserDoc[]): Promise<User[]> {
    const ids = [...new Set(users.flatMap((u) => u.organIds.map((o) => o.toHexString())))];
    const organs = ids.length
      ? await this.m.Organ.find({ _id: { $in: ids.map((i) => new Types.ObjectId(i)) } }).lean<OrganDoc[]>()
      : [];
    const names = new Map(organs.map((o) => [o._id.toHexString(), o.name]));
    return users.map((u) => ({
      id: u._id.toHexString(),
      displayName: u.displayName,
      username: u.username ?? null,
      roles: u.roles,
      organIds: u.organIds.map((o) => o.toHexString()),
      organs: u.organIds.map((o) => ({ id: o.toHexString(), name: names.get(o.toHexString()) ?? '' })),
      disabled: Boolean(u.disabled),
      createdAt: u.createdAt.toISOString(),
    }));
  }

  // ---------- maintenance ----------

  /**
   * Repair after a crash between a claim and its record: remove account
   * claims older than a minute whose user never appeared, and spent
   * refresh-token claims past the refresh lifetime.
   */
  async repairClaims(): Promise<number> {
    const now = this.d.now().getTime();
    const cutoff = new Date(now - 60_000);
    let removed = 0;
    const claims = await this.d.claims.model
      .find({ kind: { $in: ['openid', 'devname', 'username'] }, createdAt: { $lt: cutoff } })
      .lean();
    const refs = claims.filter((c) => Types.ObjectId.isValid(c.ref)).map((c) => new Types.ObjectId(c.ref));
    const existing = new Set(
      (await this.m.User.find({ _id: { $in: refs } }, { _id: 1 }).lean()).map((u) => u._id.toHexString()),
    );
    for (const c of claims) {
      if (!existing.has(c.ref)) {
        await this.d.claims.release(c._id);
        removed++;
      }
    }
    const spent = await this.d.claims.model.deleteMany({
      kind: 'refresh-used',
      createdAt: { $lt: new Date(now - this.d.refreshTtlDays * 86400_000) },
    });
    await this.m.RefreshToken.deleteMany({ expiresAt: { $lt: new Date(now) } });
    return removed + (spent.deletedCount ?? 0);
  }
}
