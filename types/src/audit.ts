/** The personal-data access log, for administrators. */
import { z } from 'zod';
import { IdSchema } from './common';

export const AccessLogEntrySchema = z
  .object({
    actorId: z.string(),
    target: z.string().meta({ description: '被查看的记录，如 disclosure:<申请编号>' }),
    fields: z.array(z.string()).meta({ description: '展示的个人信息字段' }),
    purpose: z.string(),
    at: z.string(),
  })
  .meta({ id: 'AccessLogEntry' });
export type AccessLogEntry = z.infer<typeof AccessLogEntrySchema>;

export const AccessLogQuerySchema = z
  .object({
    target: z
      .string()
      .regex(/^[a-z-]{2,30}:[0-9a-f]{24}$/, '查看对象格式为 类型:编号')
      .optional(),
    actorId: IdSchema.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
