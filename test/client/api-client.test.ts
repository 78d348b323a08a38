import Taro from '@tarojs/taro';
import { resetTaroMock, storage, type MockRequestOptions } from './mocks/taro';
import { ApiRequestError, api, apiRequest } from '../../client/src/api';
import { clearSession, getSession, saveLogin } from '../../client/src/store/session';
import { STORAGE_KEYS } from '../../client/src/store/storage';
import { STAFF1, apiError, json, loginResult, makeUser } from './fixtures';

const request = Taro.request as unknown as jest.Mock<
  Promise<{ statusCode: number; data: unknown }>,
  [MockRequestOptions]
>;

beforeEach(() => {
  resetTaroMock();
  clearSession();
});

test('sends the bearer token to the same-origin /api/v1 on H5', async () => {
  saveLogin(loginResult(STAFF1, 'tok-abc'));
  request.mockImplementation(() => json(200, { user: STAFF1 }));

  const result = await api.me();

  expect(result.user.displayName).toBe('李经办');
  expect(request).toHaveBeenCalledTimes(1);
  const call = request.mock.calls[0][0];
  expect(call.url).toBe('/api/v1/me');
  expect(call.method).toBe('GET');
  expect(call.header?.Authorization).toBe('Bearer tok-abc');
});

test('public calls send no token and drop empty query values', async () => {
  saveLogin(loginResult(STAFF1, 'tok-abc'));
  request.mockImplementation(() => json(200, { items: [] }));

  await api.organs.list();
  await api.admin.users({ role: 'staff', q: '' });

  expect(request.mock.calls[0][0].header?.Authorization).toBeUndefined();
  expect(request.mock.calls[1][0].url).toBe('/api/v1/admin/users?role=staff');
  expect(request.mock.calls[1][0].header?.Authorization).toBe('Bearer tok-abc');
});

test('on TOKEN_EXPIRED it refreshes once, stores the rotated tokens and retries', async () => {
  saveLogin(loginResult(STAFF1, 'old-token', 'refresh-old-123'));
  request.mockImplementation((opts) => {
    if (opts.url === '/api/v1/auth/refresh') {
      return json(200, loginResult(STAFF1, 'new-token', 'refresh-new-456'));
    }
    if (opts.header?.Authorization === 'Bearer old-token') {
      return apiError(401, 'TOKEN_EXPIRED', '登录已过期');
    }
    return json(200, { user: STAFF1 });
  });

  const result = await api.me();

  expect(result.user.username).toBe('staff1');
  expect(request.mock.calls.map((c) => c[0].url)).toEqual([
    '/api/v1/me',
    '/api/v1/auth/refresh',
    '/api/v1/me',
  ]);
  expect(request.mock.calls[1][0].data).toEqual({ refreshToken: 'refresh-old-123' });
  expect(request.mock.calls[2][0].header?.Authorization).toBe('Bearer new-token');
  expect(getSession()?.refreshToken).toBe('refresh-new-456');
  expect((storage.get(STORAGE_KEYS.session) as { token: string }).token).toBe('new-token');
});

test('a token that is still expired after the refresh is not refreshed again', async () => {
  saveLogin(loginResult(STAFF1, 'old-token', 'refresh-old-123'));
  request.mockImplementation((opts) =>
    opts.url === '/api/v1/auth/refresh'
      ? json(200, loginResult(STAFF1, 'new-token', 'refresh-new-456'))
      : apiError(401, 'TOKEN_EXPIRED', '登录已过期'),
  );

  await expect(api.me()).rejects.toMatchObject({ status: 401, code: 'TOKEN_EXPIRED' });
  expect(request.mock.calls.filter((c) => c[0].url === '/api/v1/auth/refresh')).toHaveLength(1);
  expect(request).toHaveBeenCalledTimes(3);
});

test('concurrent expired calls share a single refresh', async () => {
  saveLogin(loginResult(STAFF1, 'old-token', 'refresh-old-123'));
  request.mockImplementation((opts) => {
    if (opts.url === '/api/v1/auth/refresh')
      return json(200, loginResult(STAFF1, 'new-token', 'refresh-new-456'));
    if (opts.header?.Authorization === 'Bearer old-token')
      return apiError(401, 'TOKEN_EXPIRED', '登录已过期');
    return json(200, { items: [] });
  });

  await Promise.all([
    api.organs.create({ name: '某县人民政府', code: 'county-gov', level: '县' }, 'k1'),
    api.me(),
  ]);

  expect(request.mock.calls.filter((c) => c[0].url === '/api/v1/auth/refresh')).toHaveLength(1);
});

test('a failed refresh logs the user out with a Chinese message', async () => {
  saveLogin(loginResult(STAFF1, 'old-token', 'refresh-old-123'));
  request.mockImplementation((opts) =>
    opts.url === '/api/v1/auth/refresh'
      ? apiError(401, 'TOKEN_INVALID', '登录凭证无效')
      : apiError(401, 'TOKEN_EXPIRED', '登录已过期'),
  );

  await expect(api.me()).rejects.toThrow('登录已过期，请重新登录');
  expect(getSession()).toBeNull();
  expect(storage.has(STORAGE_KEYS.session)).toBe(false);
});

test("surfaces the server's error.message as the error and as a toast", async () => {
  request.mockImplementation(() => apiError(401, 'BAD_CREDENTIALS', '用户名或密码错误'));

  const failure = apiRequest('/auth/password', { method: 'POST', body: { username: 'x', password: 'y' } });

  await expect(failure).rejects.toBeInstanceOf(ApiRequestError);
  await expect(failure).rejects.toMatchObject({
    status: 401,
    code: 'BAD_CREDENTIALS',
    message: '用户名或密码错误',
  });
  expect(Taro.showToast).toHaveBeenCalledWith({ title: '用户名或密码错误', icon: 'none', duration: 2500 });
});

test('toast: false keeps the error for the page to show inline', async () => {
  request.mockImplementation(() => apiError(429, 'LOGIN_LOCKED', '登录失败次数过多，请15分钟后再试'));

  await expect(api.auth.password('admin', 'wrong', { toast: false })).rejects.toThrow(
    '登录失败次数过多，请15分钟后再试',
  );
  expect(Taro.showToast).not.toHaveBeenCalled();
});

test('a network failure reads 网络异常，请稍后重试', async () => {
  request.mockImplementation(() => Promise.reject(new Error('request:fail')));

  await expect(api.meta()).rejects.toMatchObject({ code: 'NETWORK_ERROR', message: '网络异常，请稍后重试' });
  expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '网络异常，请稍后重试' }));
});

test('creating POSTs carry the Idempotency-Key they are given', async () => {
  saveLogin(loginResult(makeUser({ roles: ['admin'], username: 'admin' })));
  request.mockImplementation(() => json(201, { user: STAFF1 }));

  await api.admin.createUser(
    { username: 'staff2', displayName: '王五', password: 'password1', roles: ['staff'], organIds: [] },
    'key-123',
  );

  const call = request.mock.calls[0][0];
  expect(call.method).toBe('POST');
  expect(call.header?.['Idempotency-Key']).toBe('key-123');
  expect(call.header?.['Content-Type']).toBe('application/json');
});
