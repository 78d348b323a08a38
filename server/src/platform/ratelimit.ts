import type { Middleware } from 'koa';
import { ErrorCodes } from '@zwgk/types';
import { AppError } from './errors';

/**
 * Fixed-window limiter kept in this process. Behind a load balancer each API
 * instance limits on its own; the window is short, so the effective limit is
 * at most instances × limit.
 */
export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();
  private readonly sweep: NodeJS.Timeout;
  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
  ) {
    this.sweep = setInterval(() => this.prune(), windowMs).unref();
  }

  /** Count a hit; returns remaining hits and when the window resets. */
  hit(key: string, now = Date.now()) {
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    w.count += 1;
    return {
      allowed: w.count <= this.limit,
      remaining: Math.max(0, this.limit - w.count),
      resetMs: w.start + this.windowMs - now,
    };
  }

  private prune(now = Date.now()) {
    for (const [k, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(k);
  }

  close() {
    clearInterval(this.sweep);
  }

  middleware(bucket: string, enabled: boolean): Middleware {
    return async (ctx, next) => {
      if (!enabled) return next();
      const r = this.hit(`${bucket}:${ctx.ip}`);
      ctx.set('RateLimit-Limit', String(this.limit));
      ctx.set('RateLimit-Remaining', String(r.remaining));
      ctx.set('RateLimit-Reset', String(Math.ceil(r.resetMs / 1000)));
      if (!r.allowed) {
        throw new AppError(429, ErrorCodes.RATE_LIMITED, '操作过于频繁，请稍后再试', undefined, {
          'Retry-After': String(Math.ceil(r.resetMs / 1000)),
        });
      }
      return next();
    };
  }
}
