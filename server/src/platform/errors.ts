import { ErrorCodes } from '@zwgk/types';

/** An error the API answers with `{ error: { code, message, details } }` and `status`. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (code: string, message: string, details?: unknown) =>
  new AppError(400, code, message, details);
export const unauthenticated = (code: string = ErrorCodes.UNAUTHENTICATED, message = '请先登录') =>
  new AppError(401, code, message);
export const forbidden = (message = '您没有权限进行此操作') =>
  new AppError(403, ErrorCodes.FORBIDDEN, message);
export const notFound = (message = '您要找的内容不存在或已删除', code: string = ErrorCodes.NOT_FOUND) =>
  new AppError(404, code, message);
export const conflict = (code: string, message: string, details?: unknown) =>
  new AppError(409, code, message, details);
export const unprocessable = (code: string, message: string, details?: unknown) =>
  new AppError(422, code, message, details);

/** Duplicate-key error on every engine (MongoDB and FerretDB both answer 11000 to an insert). */
export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

/** The driver could not reach the database (server selection, network, or pool closed). */
export function isDbUnavailable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const name = (err as { name?: string }).name ?? '';
  const msg = (err as { message?: string }).message ?? '';
  return (
    /MongoServerSelectionError|MongoNetworkError|MongoNetworkTimeoutError|MongoTopologyClosedError|MongoPoolClearedError|MongoNotConnectedError/.test(
      name,
    ) || /connection .* closed|ECONNREFUSED|Client must be connected|Topology is closed/i.test(msg)
  );
}
