import type { z } from 'zod';
import { ErrorCodes } from '@zwgk/types';
import { AppError } from './errors';

export interface FieldIssue {
  path: string;
  message: string;
  code: string;
}

export function issuesOf(err: z.ZodError): FieldIssue[] {
  return err.issues.map((i) => ({
    path: i.path.map(String).join('.'),
    message: friendly(i),
    code: i.code,
  }));
}

function friendly(i: z.core.$ZodIssue): string {
  switch (i.code) {
    case 'invalid_type':
      return i.input === undefined ? '此项为必填项' : '格式不正确';
    case 'unrecognized_keys':
      return `不接受的字段：${i.keys.join('、')}`;
    case 'invalid_value':
      return '取值不在允许范围内';
    default:
      // Messages written in the schemas are already Chinese; zod's built-in ones are not.
      return /[\u4e00-\u9fa5]/.test(i.message) ? i.message : '格式不正确';
  }
}

/** Parse `input` with `schema`, or throw 422 with field details. */
export function parseOr422<T extends z.ZodType>(
  schema: T,
  input: unknown,
  where: 'body' | 'query' | 'params',
): z.output<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const status = where === 'body' ? 422 : 400;
  const fields = issuesOf(r.error);
  const first = fields[0];
  const msg = first
    ? `提交的内容有误：${first.path ? `${first.path} ` : ''}${first.message}`
    : '提交的内容有误';
  throw new AppError(status, ErrorCodes.VALIDATION_FAILED, msg, { where, fields });
}

/**
 * The path of the first key that could act as a database operator (`$gt`, `$where`, `a.b`), in
 * any object of `input`, or null. Checked on every body and query before validation, so no such
 * key reaches a query even through a schema that passes unknown keys along.
 */
export function operatorKey(input: unknown, depth = 0, at = ''): string | null {
  if (depth > 20 || input === null || typeof input !== 'object') return null;
  if (Array.isArray(input)) {
    for (let i = 0; i < input.length; i++) {
      const found = operatorKey(input[i], depth + 1, `${at}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  for (const [k, v] of Object.entries(input as Record<string, unknown>)) {
    const here = at ? `${at}.${k}` : k;
    if (k.startsWith('$') || k.includes('.') || k.includes('[') || k === '__proto__') return here;
    const found = operatorKey(v, depth + 1, here);
    if (found) return found;
  }
  return null;
}

export function refuseOperators(input: unknown, where: 'body' | 'query') {
  const key = operatorKey(input);
  if (key)
    throw new AppError(where === 'body' ? 422 : 400, 'OPERATOR_NOT_ALLOWED', '提交的内容含有不允许的字段名', {
      where,
      key: key.slice(0, 100),
    });
}
