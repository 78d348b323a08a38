import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { resetTaroMock, storage } from './mocks/taro';
import MinePage from '../../client/src/pages/mine/index';
import { setLargeFont } from '../../client/src/store/preferences';
import { clearSession, saveLogin } from '../../client/src/store/session';
import { STORAGE_KEYS } from '../../client/src/store/storage';
import { STAFF1, json, loginResult, makeUser } from './fixtures';

const request = Taro.request as unknown as jest.Mock;

beforeEach(() => {
  resetTaroMock();
  clearSession();
  setLargeFont(false);
  request.mockImplementation((opts: { url: string }) => {
    if (opts.url === '/api/v1/meta') {
      return json(200, {
        appName: '掌上政务公开专区',
        devLoginEnabled: true,
        publicPhone: '12345',
        version: '0.1.0',
      });
    }
    return json(401, { error: { code: 'UNAUTHENTICATED', message: '请先登录' } });
  });
});

test('a visitor sees the login button and no workbench entry', async () => {
  const { container } = render(<MinePage />);
  await act(async () => {});

  expect(screen.getByText('您尚未登录')).toBeTruthy();
  expect(container.querySelector('#mine-login')?.textContent).toBe('登录');
  expect(container.querySelector('.workbench-entry')).toBeNull();
  expect(container.querySelector('#logout-button')).toBeNull();

  fireEvent.click(container.querySelector('#mine-login')!);
  expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/login/index' });
});

test('a citizen sees name and 群众 label but no workbench entry', async () => {
  const citizen = makeUser({ displayName: '张三' });
  saveLogin(loginResult(citizen));
  request.mockImplementation(() => json(200, { user: citizen }));

  const { container } = render(<MinePage />);
  await act(async () => {});

  expect(container.querySelector('.mine-name')?.textContent).toBe('张三');
  expect(container.querySelector('.mine-roles')?.textContent).toBe('群众');
  expect(container.querySelector('.mine-organs')).toBeNull();
  expect(container.querySelector('.workbench-entry')).toBeNull();
  expect(container.querySelector('#logout-button')).not.toBeNull();
});

test('staff see their role labels, organs and the 工作台 entry', async () => {
  saveLogin(loginResult(STAFF1));
  request.mockImplementation(() => json(200, { user: STAFF1 }));

  const { container } = render(<MinePage />);
  await act(async () => {});

  expect(container.querySelector('.mine-name')?.textContent).toBe('李经办');
  const labels = Array.from(container.querySelectorAll('.mine-role')).map((el) => el.textContent);
  expect(labels).toEqual(['工作人员', '审核人员']);
  expect(container.querySelector('.mine-organs')?.textContent).toBe('某市人民政府办公室');
  const entry = container.querySelector('.workbench-entry');
  expect(entry?.textContent).toContain('工作台');

  fireEvent.click(entry!);
  expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/workbench/index/index' });
});

test('the page refreshes the user from /me when shown (roles may have changed)', async () => {
  saveLogin(loginResult(makeUser({ displayName: '张三' })));
  request.mockImplementation(() => json(200, { user: STAFF1 }));

  const { container } = render(<MinePage />);
  await act(async () => {});

  expect(container.querySelector('.mine-name')?.textContent).toBe('李经办');
  expect(container.querySelector('.workbench-entry')).not.toBeNull();
});

test('the large-font switch persists to storage and applies the class', async () => {
  const { container } = render(<MinePage />);
  await act(async () => {});
  const root = container.querySelector('.zw-page')!;
  const toggle = container.querySelector('#large-font-switch')!;

  expect(root.classList.contains('zw-large')).toBe(false);
  expect(toggle.getAttribute('aria-checked')).toBe('false');

  fireEvent.click(toggle);

  expect(storage.get(STORAGE_KEYS.largeFont)).toBe(true);
  expect(root.classList.contains('zw-large')).toBe(true);
  expect(toggle.getAttribute('aria-checked')).toBe('true');
  expect(document.documentElement.classList.contains('zw-large-root')).toBe(true);

  fireEvent.click(toggle);
  expect(storage.get(STORAGE_KEYS.largeFont)).toBe(false);
  expect(root.classList.contains('zw-large')).toBe(false);
});

test('the stored large-font setting is read at start-up', () => {
  jest.isolateModules(() => {
    // A fresh module registry is a fresh app launch, with storage as the last visit left it.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const taro = require('./mocks/taro') as typeof import('./mocks/taro');
    taro.storage.set(STORAGE_KEYS.largeFont, true);
    const prefs =
      require('../../client/src/store/preferences') as typeof import('../../client/src/store/preferences');
    /* eslint-enable @typescript-eslint/no-require-imports */
    expect(prefs.isLargeFont()).toBe(true);
  });
});

test('logout asks for confirmation, revokes the refresh token and shows the visitor view', async () => {
  saveLogin(loginResult(STAFF1, 'tok', 'refresh-token-xyz'));
  request.mockImplementation((opts: { url: string }) =>
    opts.url === '/api/v1/auth/logout' ? json(204, null) : json(200, { user: STAFF1 }),
  );

  const { container } = render(<MinePage />);
  await act(async () => {});
  await act(async () => {
    fireEvent.click(container.querySelector('#logout-button')!);
  });

  expect(Taro.showModal).toHaveBeenCalledTimes(1);
  const logoutCall = request.mock.calls.find((c) => c[0].url === '/api/v1/auth/logout');
  expect(logoutCall?.[0].data).toEqual({ refreshToken: 'refresh-token-xyz' });
  expect(storage.has(STORAGE_KEYS.session)).toBe(false);
  expect(container.querySelector('#mine-login')).not.toBeNull();
  expect(container.querySelector('.workbench-entry')).toBeNull();
});
