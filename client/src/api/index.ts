import type {
  LoginResult,
  Meta,
  Organ,
  OrganCreate,
  OrganUpdate,
  Role,
  User,
  UserCreate,
  UserUpdate,
} from '@zwgk/types';
import { apiRequest } from './http';

export {
  ApiRequestError,
  NETWORK_ERROR_MESSAGE,
  apiRequest,
  newIdempotencyKey,
  showErrorToast,
} from './http';

export type { Meta } from '@zwgk/types';

interface CallOptions {
  /** Show failures as a toast (default true). */
  toast?: boolean;
}

export const api = {
  auth: {
    wechat: (code: string, o: CallOptions = {}) =>
      apiRequest<LoginResult>('/auth/wechat', { method: 'POST', body: { code }, auth: false, ...o }),
    password: (username: string, password: string, o: CallOptions = {}) =>
      apiRequest<LoginResult>('/auth/password', {
        method: 'POST',
        body: { username, password },
        auth: false,
        ...o,
      }),
    dev: (name: string, o: CallOptions = {}) =>
      apiRequest<LoginResult>('/auth/dev', { method: 'POST', body: { name }, auth: false, ...o }),
    logout: (refreshToken: string) =>
      apiRequest<void>('/auth/logout', { method: 'POST', body: { refreshToken }, auth: false, toast: false }),
  },
  me: (o: CallOptions = {}) => apiRequest<{ user: User }>('/me', o),
  meta: (o: CallOptions = {}) => apiRequest<Meta>('/meta', { auth: false, ...o }),
  organs: {
    list: (o: CallOptions = {}) => apiRequest<{ items: Organ[] }>('/organs', { auth: false, ...o }),
    create: (input: OrganCreate, idempotencyKey: string) =>
      apiRequest<{ organ: Organ }>('/organs', { method: 'POST', body: input, idempotencyKey }),
    update: (id: string, input: OrganUpdate) =>
      apiRequest<{ organ: Organ }>(`/organs/${encodeURIComponent(id)}`, { method: 'PATCH', body: input }),
  },
  admin: {
    users: (query: { role?: Role; organId?: string; q?: string } = {}, o: CallOptions = {}) =>
      apiRequest<{ items: User[] }>('/admin/users', { query, ...o }),
    createUser: (input: UserCreate, idempotencyKey: string) =>
      apiRequest<{ user: User }>('/admin/users', { method: 'POST', body: input, idempotencyKey }),
    updateUser: (id: string, input: UserUpdate) =>
      apiRequest<{ user: User }>(`/admin/users/${encodeURIComponent(id)}`, { method: 'PATCH', body: input }),
  },
};
