import Taro from '@tarojs/taro';
import type { ApiError, LoginResult } from '@zwgk/types';
import { clearSession, getSession, saveLogin } from '../store/session';
import { apiBase } from './base';

export const NETWORK_ERROR_MESSAGE = '网络异常，请稍后重试';
export const SESSION_EXPIRED_MESSAGE = '登录已过期，请重新登录';
const SERVER_ERROR_MESSAGE = '服务暂时不可用，请稍后重试';
const TIMEOUT_MS = 15000;

/** An API failure with the server's error code and its Chinese message. */
export class ApiRequestError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(message: string, status: number, code: string, details?: unknown) {
    super(message);
    this.name = 'ApiRequestError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: HttpMethod;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Send the bearer token when logged in (default true). */
  auth?: boolean;
  /** For creating POSTs: the same key on a retry returns the first result. */
  idempotencyKey?: string;
  /** Show the error as a toast (default true). Pages that show errors inline pass false. */
  toast?: boolean;
}

interface RawResponse {
  statusCode: number;
  data: unknown;
}

function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  let url = `${apiBase()}${path}`;
  if (query) {
    const parts = Object.entries(query)
      .filter(([, value]) => value !== undefined && value !== null && value !== '')
      .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
    if (parts.length) url += `${url.includes('?') ? '&' : '?'}${parts.join('&')}`;
  }
  return url;
}

function errorBody(data: unknown): ApiError['error'] | null {
  if (data && typeof data === 'object' && 'error' in data) {
    const error = (data as { error: unknown }).error;
    if (error && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string') {
      return error as ApiError['error'];
    }
  }
  return null;
}

async function send(path: string, options: RequestOptions, token: string | null): Promise<RawResponse> {
  const method = options.method ?? 'GET';
  const header: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) header['Content-Type'] = 'application/json';
  if (token) header.Authorization = `Bearer ${token}`;
  if (options.idempotencyKey) header['Idempotency-Key'] = options.idempotencyKey;
  try {
    const res = await Taro.request({
      url: buildUrl(path, options.query),
      method,
      data: options.body as TaroGeneral.IAnyObject | undefined,
      header,
      timeout: TIMEOUT_MS,
      dataType: 'json',
    });
    return { statusCode: res.statusCode, data: res.data as unknown };
  } catch {
    throw new ApiRequestError(NETWORK_ERROR_MESSAGE, 0, 'NETWORK_ERROR');
  }
}

let refreshing: Promise<boolean> | null = null;

/** Exchange the refresh token once; concurrent callers share the same attempt. */
function refreshSession(): Promise<boolean> {
  if (!refreshing) {
    refreshing = (async () => {
      const session = getSession();
      if (!session) return false;
      try {
        const res = await send(
          '/auth/refresh',
          { method: 'POST', body: { refreshToken: session.refreshToken } },
          null,
        );
        if (res.statusCode === 200 && res.data && typeof res.data === 'object' && 'token' in res.data) {
          saveLogin(res.data as LoginResult);
          return true;
        }
        if (res.statusCode >= 400 && res.statusCode < 500) clearSession();
        return false;
      } catch {
        return false;
      }
    })().finally(() => {
      refreshing = null;
    });
  }
  return refreshing;
}

export function showErrorToast(message: string): void {
  void Taro.showToast({ title: message, icon: 'none', duration: 2500 });
}

function toError(res: RawResponse): ApiRequestError {
  const body = errorBody(res.data);
  if (body) return new ApiRequestError(body.message, res.statusCode, body.code, body.details);
  return new ApiRequestError(
    SERVER_ERROR_MESSAGE,
    res.statusCode,
    res.statusCode >= 500 ? 'INTERNAL' : 'HTTP_ERROR',
  );
}

/** Call the API; resolves with the parsed JSON body, rejects with ApiRequestError. */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const useAuth = options.auth !== false;
  try {
    let token = useAuth ? (getSession()?.token ?? null) : null;
    let res = await send(path, options, token);
    if (res.statusCode === 401 && token && errorBody(res.data)?.code === 'TOKEN_EXPIRED') {
      const refreshed = await refreshSession();
      if (!refreshed) {
        throw new ApiRequestError(SESSION_EXPIRED_MESSAGE, 401, 'TOKEN_EXPIRED');
      }
      token = getSession()?.token ?? null;
      res = await send(path, options, token);
    }
    if (res.statusCode >= 200 && res.statusCode < 300) {
      return (res.statusCode === 204 ? undefined : res.data) as T;
    }
    if (res.statusCode === 401 && token) {
      const code = errorBody(res.data)?.code;
      if (code === 'TOKEN_INVALID' || code === 'TOKEN_EXPIRED' || code === 'UNAUTHENTICATED') clearSession();
    }
    throw toError(res);
  } catch (error) {
    const apiError =
      error instanceof ApiRequestError
        ? error
        : new ApiRequestError(NETWORK_ERROR_MESSAGE, 0, 'NETWORK_ERROR');
    if (options.toast !== false) showErrorToast(apiError.message);
    throw apiError;
  }
}

/** A fresh Idempotency-Key for one user action (keep it while retrying the same action). */
export function newIdempotencyKey(): string {
  const hex = (n: number) =>
    Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  return `${Date.now().toString(16)}-${hex(8)}-${hex(8)}-${hex(8)}`;
}
