import type { LoginResult, Role, User } from '@zwgk/types';
import { STAFF_SIDE_ROLES } from '@zwgk/types';
import { observable, useObservable } from './observable';
import { STORAGE_KEYS, readStorage, removeStorage, writeStorage } from './storage';

export interface Session {
  token: string;
  refreshToken: string;
  /** Epoch milliseconds when the access token expires. */
  expiresAt: number;
  user: User;
}

function isSession(value: unknown): value is Session {
  if (!value || typeof value !== 'object') return false;
  const v = value as Partial<Session>;
  return (
    typeof v.token === 'string' &&
    typeof v.refreshToken === 'string' &&
    !!v.user &&
    Array.isArray(v.user.roles)
  );
}

const sessionStore = observable<Session | null>(() => {
  const stored = readStorage<unknown>(STORAGE_KEYS.session);
  return isSession(stored) ? stored : null;
});

export function getSession(): Session | null {
  return sessionStore.get();
}

export function saveLogin(result: LoginResult): Session {
  const session: Session = {
    token: result.token,
    refreshToken: result.refreshToken,
    expiresAt: Date.now() + result.expiresIn * 1000,
    user: result.user,
  };
  writeStorage(STORAGE_KEYS.session, session);
  sessionStore.set(session);
  return session;
}

export function updateSessionUser(user: User): void {
  const current = sessionStore.get();
  if (!current) return;
  const next = { ...current, user };
  writeStorage(STORAGE_KEYS.session, next);
  sessionStore.set(next);
}

export function clearSession(): void {
  removeStorage(STORAGE_KEYS.session);
  sessionStore.set(null);
}

export function useSession(): Session | null {
  return useObservable(sessionStore);
}

export function isStaffSide(roles: readonly Role[] | undefined): boolean {
  return !!roles && roles.some((role) => STAFF_SIDE_ROLES.includes(role));
}
