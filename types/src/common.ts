import { z } from 'zod';

/** Error body of every 4xx/5xx answer: `{ error: { code, message, details? } }`. */
export const ApiErrorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: '稳定的错误代码，供程序判断', example: 'VALIDATION_FAILED' }),
      message: z.string().meta({ description: '给人看的中文说明', example: '提交的内容有误' }),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'ApiError' });
export type ApiError = z.infer<typeof ApiErrorSchema>;

/** A 24-hex-digit id as the API exposes it. */
export const IdSchema = z.string().regex(/^[0-9a-f]{24}$/, '编号格式不正确');

export const IsoDateTime = z.iso.datetime({ offset: true });

export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const HealthSchema = z
  .object({
    status: z.enum(['ok', 'unavailable']),
    db: z.enum(['ok', 'down']),
  })
  .meta({ id: 'Health' });
export type Health = z.infer<typeof HealthSchema>;

/** Stable error codes used by the platform (modules add their own). */
export const ErrorCodes = {
  NOT_FOUND: 'NOT_FOUND',
  ROUTE_NOT_FOUND: 'ROUTE_NOT_FOUND',
  MALFORMED_JSON: 'MALFORMED_JSON',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  TOKEN_INVALID: 'TOKEN_INVALID',
  FORBIDDEN: 'FORBIDDEN',
  RATE_LIMITED: 'RATE_LIMITED',
  IDEMPOTENCY_IN_PROGRESS: 'IDEMPOTENCY_IN_PROGRESS',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  DB_UNAVAILABLE: 'DB_UNAVAILABLE',
  INTERNAL: 'INTERNAL',
} as const;

export const MetaSchema = z
  .object({
    appName: z.string(),
    devLoginEnabled: z.boolean().meta({ description: '是否提供演示登录（生产环境为 false）' }),
    publicPhone: z.string().meta({ description: '对外公开的咨询电话' }),
    version: z.string(),
  })
  .meta({ id: 'Meta' });
export type Meta = z.infer<typeof MetaSchema>;
