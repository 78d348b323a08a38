import { hashPassword, verifyPassword } from '../../server/src/modules/accounts/passwords';
import { TokenService, hashToken, newOpaqueToken } from '../../server/src/platform/tokens';
import { RateLimiter } from '../../server/src/platform/ratelimit';
import { AppError } from '../../server/src/platform/errors';
import { parseOr422 } from '../../server/src/platform/validation';
import { UserCreateSchema } from '@zwgk/types';

describe('passwords', () => {
  test('scrypt hashes verify, differ per salt, and refuse wrong or missing hashes', async () => {
    const a = await hashPassword('demo1234');
    const b = await hashPassword('demo1234');
    expect(a).not.toBe(b);
    expect(a.split('$').slice(0, 4)).toEqual(['scrypt', '32768', '8', '1']);
    await expect(verifyPassword('demo1234', a)).resolves.toBe(true);
    await expect(verifyPassword('demo12345', a)).resolves.toBe(false);
    await expect(verifyPassword('demo1234', null)).resolves.toBe(false);
    await expect(verifyPassword('demo1234', 'md5$abc')).resolves.toBe(false);
  });
});

describe('tokens', () => {
  const now = new Date('2026-11-29T00:00:00Z');
  const svc = new TokenService('s'.repeat(40), 900, () => now);

  test('an access token round-trips its subject and version', async () => {
    const tok = await svc.signAccess('0123456789abcdef01234567', 3);
    await expect(svc.verifyAccess(tok)).resolves.toEqual({ sub: '0123456789abcdef01234567', ver: 3 });
  });

  test('a token signed with another secret is refused with TOKEN_INVALID', async () => {
    const other = new TokenService('o'.repeat(40), 900, () => now);
    const tok = await other.signAccess('0123456789abcdef01234567', 0);
    await expect(svc.verifyAccess(tok)).rejects.toMatchObject({ status: 401, code: 'TOKEN_INVALID' });
  });

  test('a token past its lifetime is refused with TOKEN_EXPIRED', async () => {
    const tok = await svc.signAccess('0123456789abcdef01234567', 0);
    const later = new TokenService('s'.repeat(40), 900, () => new Date(now.getTime() + 901_000));
    await expect(later.verifyAccess(tok)).rejects.toMatchObject({ status: 401, code: 'TOKEN_EXPIRED' });
  });

  test('refresh tokens are stored only as their hash', () => {
    const { token, hash } = newOpaqueToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hash).toBe(hashToken(token));
    expect(hash).not.toContain(token);
  });
});

describe('rate limiter', () => {
  test('a fixed window: limit hits pass, the next is refused, a new window passes again', () => {
    const rl = new RateLimiter(3, 1000);
    const t0 = 1_000_000;
    expect([1, 2, 3, 4].map(() => rl.hit('ip', t0).allowed)).toEqual([true, true, true, false]);
    expect(rl.hit('other-ip', t0).allowed).toBe(true);
    expect(rl.hit('ip', t0 + 1000).allowed).toBe(true);
    rl.close();
  });
});

describe('validation', () => {
  test('zod failures become 422 with Chinese field messages', () => {
    try {
      parseOr422(UserCreateSchema, { username: 'a', displayName: '', password: '1', roles: [] }, 'body');
      throw new Error('not thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      const err = e as AppError;
      expect(err.status).toBe(422);
      expect(err.code).toBe('VALIDATION_FAILED');
      const fields = (err.details as { fields: { path: string; message: string }[] }).fields;
      expect(fields).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            path: 'username',
            message: '用户名为3到32位字母、数字、下划线、点或短横线',
          }),
          expect.objectContaining({ path: 'password', message: '密码至少8位' }),
          expect.objectContaining({ path: 'roles', message: '至少选择一个角色' }),
        ]),
      );
    }
  });

  test('query validation answers 400', () => {
    expect(() => parseOr422(UserCreateSchema, {}, 'query')).toThrow(expect.objectContaining({ status: 400 }));
  });
});
