import { act, render } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { resetTaroMock } from './mocks/taro';
import WorkbenchIndexPage from '../../client/src/workbench/index/index';
import WorkbenchUsersPage from '../../client/src/workbench/users/index';
import { clearSession, saveLogin } from '../../client/src/store/session';
import { STAFF1, json, loginResult, makeUser } from './fixtures';

const request = Taro.request as unknown as jest.Mock;

beforeEach(() => {
  resetTaroMock();
  clearSession();
});

test('a citizen who reaches the workbench sees 无权访问', async () => {
  const citizen = makeUser();
  saveLogin(loginResult(citizen));
  request.mockImplementation(() => json(200, { user: citizen }));

  const { container } = render(<WorkbenchIndexPage />);
  await act(async () => {});

  expect(container.querySelector('.workbench-forbidden')?.textContent).toContain('无权访问');
  expect(container.querySelector('.workbench-name')).toBeNull();
});

test('a visitor is asked to log in', async () => {
  const { container } = render(<WorkbenchIndexPage />);
  await act(async () => {});
  expect(container.querySelector('.wb-login-required')?.textContent).toContain('请先登录');
});

test('staff see who they are, their organs and no admin links', async () => {
  saveLogin(loginResult(STAFF1));
  request.mockImplementation(() => json(200, { user: STAFF1 }));

  const { container } = render(<WorkbenchIndexPage />);
  await act(async () => {});

  expect(container.querySelector('.workbench-name')?.textContent).toBe('李经办');
  expect(container.querySelector('.workbench-roles')?.textContent).toBe('工作人员审核人员');
  expect(container.querySelector('.workbench-organ')?.textContent).toBe('某市人民政府办公室');
  expect(container.querySelector('#wb-users')).toBeNull();
});

test('user management is for admins only', async () => {
  saveLogin(loginResult(STAFF1));
  request.mockImplementation(() => json(200, { user: STAFF1 }));

  const { container } = render(<WorkbenchUsersPage />);
  await act(async () => {});

  expect(container.querySelector('.workbench-forbidden')?.textContent).toContain('该功能仅限系统管理员使用');
  expect(request.mock.calls.some((c) => String(c[0].url).startsWith('/api/v1/admin/'))).toBe(false);
});

test('an admin sees the user list from /admin/users', async () => {
  const admin = makeUser({ displayName: '系统管理员', username: 'admin', roles: ['admin'] });
  saveLogin(loginResult(admin));
  request.mockImplementation((opts: { url: string }) =>
    opts.url.startsWith('/api/v1/admin/users')
      ? json(200, { items: [admin, { ...STAFF1, disabled: true }] })
      : json(200, { user: admin }),
  );

  const { container } = render(<WorkbenchUsersPage />);
  await act(async () => {});

  const names = Array.from(container.querySelectorAll('.user-item__name')).map((el) => el.textContent);
  expect(names).toEqual(['系统管理员', '李经办']);
  expect(container.querySelectorAll('.user-item__disabled')).toHaveLength(1);
  expect(Array.from(container.querySelectorAll('.user-toggle')).map((el) => el.textContent)).toEqual([
    '停用',
    '启用',
  ]);
});
