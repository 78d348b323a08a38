/**
 * The route table. Every HTTP route is declared once with its access rule and
 * zod schemas; the same declaration mounts it on the router, documents it in
 * OpenAPI, and drives the authorization tests.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { z } from 'zod';
import type { Role } from '@zwgk/types';
import { forbidden, unauthenticated } from './errors';
import { parseOr422, refuseOperators } from './validation';
import type { IdempotencyStore } from './idempotency';
import type { RateLimiter } from './ratelimit';

export type Access = 'public' | 'authenticated' | readonly Role[];

export interface AuthUser {
  id: string;
  displayName: string;
  roles: Role[];
  organIds: string[];
}

export interface Input<B, Q, P> {
  body: B;
  query: Q;
  params: P;
  user: AuthUser | null;
  ctx: Context;
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteSpec<B = unknown, Q = unknown, P = unknown> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Path under /api/v1, in @koa/router syntax (`/organs/:id`). */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  access: Access;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  /** Success status and schema (204 has none). */
  status?: number;
  response?: z.ZodType;
  /** Other statuses this route answers, documented in OpenAPI. */
  errors?: number[];
  /** A creating POST: honours `Idempotency-Key`. */
  idempotent?: boolean;
  /** Stricter rate-limit bucket (login routes). */
  rateLimit?: 'auth';
  handler: (input: Input<B, Q, P>) => Promise<unknown>;
}

/** Declare a route with typed input from its schemas. */
export function route<
  BS extends z.ZodType | undefined = undefined,
  QS extends z.ZodType | undefined = undefined,
  PS extends z.ZodType | undefined = undefined,
>(
  spec: Omit<RouteSpec<Out<BS>, Out<QS>, Out<PS>>, 'body' | 'query' | 'params'> & {
    body?: BS;
    query?: QS;
    params?: PS;
  },
): RouteSpec {
  return spec as unknown as RouteSpec;
}

/** A handler result with its own status and headers (e.g. health answering 503). */
export class Reply {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

export interface MountDeps {
  authenticate: (ctx: Context) => Promise<AuthUser | null>;
  idempotency: IdempotencyStore;
  authLimiter: RateLimiter;
  rateLimitEnabled: boolean;
}

export function hasAccess(user: AuthUser | null, access: Access): boolean {
  if (access === 'public') return true;
  if (!user) return false;
  if (access === 'authenticated') return true;
  return user.roles.some((r) => access.includes(r));
}

export function mountRoutes(router: Router, specs: RouteSpec[], deps: MountDeps) {
  const authMw = deps.authLimiter.middleware('auth', deps.rateLimitEnabled);
  for (const spec of specs) {
    const handler = async (ctx: Context) => {
      // A public route treats a bad token as no token; others answer 401.
      const user =
        spec.access === 'public'
          ? await deps.authenticate(ctx).catch(() => null)
          : await deps.authenticate(ctx);
      if (spec.access !== 'public') {
        if (!user) throw unauthenticated();
        if (!hasAccess(user, spec.access)) throw forbidden();
      }
      refuseOperators(ctx.query, 'query');
      refuseOperators((ctx.request as { body?: unknown }).body, 'body');
      const params = spec.params ? parseOr422(spec.params, ctx.params, 'params') : ctx.params;
      const query = spec.query ? parseOr422(spec.query, ctx.query, 'query') : undefined;
      const rawBody = (ctx.request as { body?: unknown }).body;
      const body = spec.body ? parseOr422(spec.body, rawBody ?? {}, 'body') : undefined;

      const status = spec.status ?? (spec.method === 'post' ? 201 : 200);
      const key = spec.idempotent ? ctx.get('Idempotency-Key') : '';
      let idemId: string | undefined;
      if (key) {
        const scope = `${user?.id ?? `ip-${ctx.ip}`}:${spec.method}:${ctx.path}`;
        const begun = await deps.idempotency.begin(scope, key, body);
        if (begun.kind === 'replay') {
          ctx.status = begun.status;
          ctx.set('Idempotent-Replayed', 'true');
          if (begun.status !== 204) ctx.body = begun.body;
          return;
        }
        idemId = begun.id;
      }
      try {
        let result = await spec.handler({ body, query, params, user, ctx } as Input<
          unknown,
          unknown,
          unknown
        >);
        let finalStatus = status;
        if (result instanceof Reply) {
          finalStatus = result.status;
          ctx.set(result.headers);
          result = result.body;
        }
        ctx.status = finalStatus;
        if (finalStatus !== 204) ctx.body = result;
        if (idemId) await deps.idempotency.finish(idemId, finalStatus, finalStatus === 204 ? null : result);
      } catch (e) {
        if (idemId) await deps.idempotency.abandon(idemId).catch(() => undefined);
        throw e;
      }
    };
    const mws = spec.rateLimit === 'auth' ? [authMw, handler] : [handler];
    router[spec.method](spec.path, ...mws);
  }
}
