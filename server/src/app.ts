/** Builds the Koa app (no listen), so tests drive it over real HTTP. */
import { randomUUID } from 'node:crypto';
import Koa from 'koa';
import Router from '@koa/router';
import cors from '@koa/cors';
import helmet from 'koa-helmet';
import { bodyParser } from '@koa/bodyparser';
import type { Connection } from 'mongoose';
import {
  AccessLogEntrySchema,
  AccessLogQuerySchema,
  ErrorCodes,
  HealthSchema,
  MetaSchema,
} from '@zwgk/types';
import { z } from 'zod';
import type { Config } from '../../config';
import { Claims } from './platform/claims';
import { systemClock, type Clock } from './platform/clock';
import { pingDb } from './platform/db';
import { AppError, isDbUnavailable } from './platform/errors';
import { IdempotencyStore } from './platform/idempotency';
import type { Logger } from './platform/logger';
import { buildOpenApi } from './platform/openapi';
import { RateLimiter } from './platform/ratelimit';
import { mountRoutes, Reply, route, type RouteSpec } from './platform/routing';
import type { DomainModule, ModuleContext } from './platform/module';
import { inlineScriptHashes, serveDocs, serveH5 } from './platform/static';
import { TokenService } from './platform/tokens';
import { accountModels } from './modules/accounts/model';
import { accountRoutes } from './modules/accounts/routes';
import { AccountsService } from './modules/accounts/service';
import { createCalendarModule, createCalendarService } from './modules/calendar';
import { createFilesModule, FilesService } from './modules/files';
import { createNotificationsModule, NotificationsService, WechatMessenger } from './modules/notifications';
import { Outbox } from './platform/outbox';
import { AccessLog } from './platform/access-log';
import { LocalDiskStorage } from './platform/storage';
import { createConsultationsModule } from './modules/consultations';
import { createDashboardModule } from './modules/dashboard';
import { createDisclosureModule } from './modules/disclosure';
import { createPoliciesModule } from './modules/policies';
import { createSessionsModule } from './modules/sessions';

export interface AppOptions {
  config: Config;
  conn: Connection;
  logger: Logger;
  jwtSecret: string;
  /** 32-byte key for personal data at rest. */
  piiKey: Buffer;
  /** The key before `piiKey`, during a rotation (PII_ENCRYPTION_KEY_PREVIOUS). */
  piiKeyPrevious?: Buffer;
  clock?: Clock;
}

const VERSION = '0.1.0';
const REQUEST_ID_RE = /^[A-Za-z0-9._-]{1,64}$/;

export function createApp(opts: AppOptions) {
  const { config, conn, logger } = opts;
  const clock = opts.clock ?? systemClock;
  const now = () => clock.now();

  const claims = new Claims(conn, now);
  const idempotency = new IdempotencyStore(conn, now);
  const tokens = new TokenService(opts.jwtSecret, config.auth.accessTtlSeconds, now);
  const accounts = new AccountsService({
    models: accountModels(conn),
    claims,
    tokens,
    now,
    wechat: config.wechat,
    refreshTtlDays: config.auth.refreshTtlDays,
    devLoginEnabled: config.auth.devLoginEnabled,
    loginMaxFailures: config.auth.loginMaxFailures,
    loginLockMinutes: config.auth.loginLockMinutes,
  });

  const accessLog = new AccessLog(conn, now);
  const systemRoutes: RouteSpec[] = [
    route({
      method: 'get',
      path: '/health',
      tag: '系统',
      summary: '健康检查',
      description: '数据库不可达时返回 503，数据库恢复后自动恢复为 200。',
      access: 'public',
      response: HealthSchema,
      errors: [503],
      handler: async () =>
        (await pingDb(conn, Math.min(config.db.timeoutMs, 2000)))
          ? { status: 'ok', db: 'ok' }
          : new Reply(503, { status: 'unavailable', db: 'down' }, { 'Retry-After': '5' }),
    }),
    route({
      method: 'get',
      path: '/meta',
      tag: '系统',
      summary: '应用公开信息',
      access: 'public',
      response: MetaSchema,
      handler: async () => ({
        appName: config.appName,
        devLoginEnabled: config.auth.devLoginEnabled,
        publicPhone: config.publicPhone,
        version: VERSION,
      }),
    }),
    route({
      method: 'get',
      path: '/admin/access-log',
      tag: '系统',
      summary: '个人信息查看记录',
      description: '谁在何时查看了哪条记录中的个人信息（按查看对象或查看人筛选，新的在前）。',
      access: ['admin'],
      query: AccessLogQuerySchema,
      response: z.object({ items: z.array(AccessLogEntrySchema) }),
      errors: [400, 401, 403],
      handler: async ({ query }) => ({ items: await accessLog.list(query) }),
    }),
  ];

  const outbox = new Outbox(conn, claims, now, logger, config.outboxBackoffSeconds);
  const files = new FilesService(
    conn,
    new LocalDiskStorage(config.files.dir),
    opts.jwtSecret,
    now,
    config.files.urlTtlSeconds,
  );
  const messenger = new WechatMessenger(config.wechat, now);
  const notifications = new NotificationsService({
    conn,
    outbox,
    accounts,
    now,
    logger,
    templates: config.wechat.templates,
    send: (msg) => messenger.send(msg),
  });
  const filesModule = createFilesModule(files);
  const notificationsModule = createNotificationsModule(notifications);

  // Domain modules plug in here: each gets the shared context and returns its routes.
  const moduleContext: ModuleContext = {
    config,
    conn,
    clock,
    now,
    logger,
    claims,
    accounts,
    piiKey: opts.piiKey,
    piiKeyPrevious: opts.piiKeyPrevious,
    signingSecret: opts.jwtSecret,
    files,
    notifications,
    outbox,
    accessLog,
  };
  // Services every module may call: calendar (working days), then the modules in dependency order.
  const calendarService = createCalendarService(moduleContext);
  const policies = createPoliciesModule(moduleContext);
  // module: policies
  const sessions = createSessionsModule(moduleContext);
  // module: sessions
  const disclosure = createDisclosureModule(moduleContext);
  // module: disclosure
  // module: consultations
  const consultations = createConsultationsModule(moduleContext, {
    policies: policies.service,
    calendar: calendarService,
    sessions: sessions.service,
  });
  // module: dashboard
  const dashboard = createDashboardModule(moduleContext, {
    sessions: sessions.service,
    disclosure: disclosure.service,
    consultations: consultations.service,
  });
  const modules: DomainModule[] = [
    filesModule,
    notificationsModule,
    policies,
    sessions,
    createCalendarModule(moduleContext, calendarService),
    disclosure,
    // modules: list
    consultations,
    dashboard,
  ];
  const routes: RouteSpec[] = [
    ...systemRoutes,
    ...accountRoutes(accounts),
    ...modules.flatMap((m) => m.routes),
  ];
  const openapi = buildOpenApi(routes, { title: '掌上政务公开专区 API', version: VERSION });

  const app = new Koa({ proxy: config.trustProxy });
  // Errors Koa meets after the answer was decided (a client hanging up mid-body, e.g. on a 413).
  app.on('error', (err: NodeJS.ErrnoException) => {
    const hangUp =
      err.code === 'ECONNRESET' || err.code === 'EPIPE' || /Premature close|aborted/i.test(err.message);
    if (hangUp) logger.debug({ err: err.message }, 'client closed the connection');
    else logger.error({ err }, 'response error');
  });
  const limiter = new RateLimiter(config.rateLimit.perMinute);
  const authLimiter = new RateLimiter(config.rateLimit.authPerMinute);

  // Request id, access log, and the one error format.
  app.use(async (ctx, next) => {
    const incoming = ctx.get('X-Request-Id');
    const id = REQUEST_ID_RE.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = id;
    ctx.set('X-Request-Id', id);
    const log = logger.child({ reqId: id });
    ctx.state.log = log;
    const started = performance.now();
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined && ctx.path.startsWith('/api/')) {
        throw new AppError(404, ErrorCodes.ROUTE_NOT_FOUND, '接口不存在');
      }
    } catch (err) {
      const e = toAppError(err);
      if (e.status >= 500 && e.code === ErrorCodes.INTERNAL) log.error({ err }, 'unhandled error');
      ctx.status = e.status;
      if (e.headers) ctx.set(e.headers);
      ctx.body = {
        error: {
          code: e.code,
          message: e.message,
          ...(e.details === undefined ? {} : { details: e.details }),
        },
      };
    } finally {
      log.info(
        {
          method: ctx.method,
          path: ctx.path,
          status: ctx.status,
          ms: Math.round(performance.now() - started),
          user: (ctx.state.authUser as { id?: string } | null | undefined)?.id,
        },
        'request',
      );
    }
  });

  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", ...inlineScriptHashes(config.h5Dir)],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          connectSrc: ["'self'"],
          fontSrc: ["'self'", 'data:'],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );

  const allowed = new Set(config.corsOrigins);
  app.use(
    cors({
      origin: (ctx) => {
        const origin = ctx.get('Origin');
        return allowed.has(origin) ? origin : '';
      },
      allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id'],
      exposeHeaders: ['X-Request-Id', 'Retry-After', 'RateLimit-Remaining'],
      maxAge: 600,
    }),
  );

  app.use(async (ctx, next) => {
    if (!ctx.path.startsWith('/api/')) return next();
    return limiter.middleware('api', config.rateLimit.enabled)(ctx, next);
  });

  app.use(
    bodyParser({
      enableTypes: ['json'],
      jsonLimit: `${config.bodyLimitKb}kb`,
      encoding: 'utf-8',
    }),
  );

  app.use(serveDocs());

  const router = new Router({ prefix: '/api/v1' });
  router.get('/openapi.json', (ctx) => {
    ctx.body = openapi;
  });
  mountRoutes(router, routes, {
    authenticate: (ctx) => accounts.authenticate(ctx),
    idempotency,
    authLimiter,
    rateLimitEnabled: config.rateLimit.enabled,
  });
  app.use(router.routes());
  app.use(router.allowedMethods({ throw: true }));
  app.use(serveH5(config.h5Dir));

  return {
    app,
    routes,
    openapi,
    services: { accounts, claims, idempotency, files, notifications },
    /** Durable jobs: `runDue()` delivers what is due now (main.ts polls it; tests call it). */
    outbox,
    /** Periodic repair and pruning (claims without records, old idempotency keys). */
    modules,
    /** What modules were given; the demo-data loader uses it too. */
    context: moduleContext,
    async maintenance() {
      await accounts.repairClaims();
      await idempotency.prune();
      await outbox.repair();
      await outbox.prune();
      for (const m of modules) await m.maintenance?.();
    },
    close() {
      limiter.close();
      authLimiter.close();
      for (const m of modules) m.close?.();
    },
  };
}

export type App = ReturnType<typeof createApp>;

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = err as { status?: number; type?: string; name?: string; message?: string };
  if (e?.type === 'entity.parse.failed' || (e?.name === 'SyntaxError' && e.status === 400))
    return new AppError(400, ErrorCodes.MALFORMED_JSON, '请求内容不是有效的 JSON');
  if (e?.type === 'entity.too.large')
    return new AppError(413, ErrorCodes.PAYLOAD_TOO_LARGE, '提交的内容过大，请精简后重试');
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported')
    return new AppError(415, ErrorCodes.UNSUPPORTED_MEDIA_TYPE, '不支持的内容编码，请使用 UTF-8');
  if (isDbUnavailable(err))
    return new AppError(503, ErrorCodes.DB_UNAVAILABLE, '系统暂时无法访问数据，请稍后重试', undefined, {
      'Retry-After': '5',
    });
  if (e?.name === 'CastError') return new AppError(400, 'INVALID_ID', '编号格式不正确');
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    const codes: Record<number, [string, string]> = {
      404: [ErrorCodes.ROUTE_NOT_FOUND, '接口不存在'],
      405: ['METHOD_NOT_ALLOWED', '不支持该请求方法'],
      501: ['NOT_IMPLEMENTED', '不支持该请求方法'],
    };
    const [code, message] = codes[e.status] ?? ['BAD_REQUEST', '请求有误'];
    return new AppError(e.status, code, message);
  }
  return new AppError(500, ErrorCodes.INTERNAL, '系统繁忙，请稍后重试');
}
