import type { LoginResult, User } from '@zwgk/types';

export function makeUser(overrides: Partial<User> = {}): User {
  return {
    id: '64b7f0c2a1b2c3d4e5f60718',
    displayName: '张三',
    username: null,
    roles: ['citizen'],
    organIds: [],
    organs: [],
    disabled: false,
    createdAt: '2026-11-01T02:00:00.000Z',
    ...overrides,
  };
}

export const STAFF1 = makeUser({
  id: '64b7f0c2a1b2c3d4e5f60719',
  displayName: '李经办',
  username: 'staff1',
  roles: ['staff', 'reviewer'],
  organIds: ['64b7f0c2a1b2c3d4e5f60001'],
  organs: [{ id: '64b7f0c2a1b2c3d4e5f60001', name: '某市人民政府办公室' }],
});

export function loginResult(user: User, token = 'access-1', refreshToken = 'refresh-token-1'): LoginResult {
  return { token, expiresIn: 900, refreshToken, user };
}

export function json(statusCode: number, data: unknown) {
  return Promise.resolve({ statusCode, data });
}

export function apiError(statusCode: number, code: string, message: string) {
  return json(statusCode, { error: { code, message } });
}
