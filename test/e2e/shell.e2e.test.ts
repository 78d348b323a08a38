/// <reference lib="dom" />
/**
 * The H5 app in real Chromium, served by the real server with its embedded
 * database: home page, citizen demo login and 我的, the large-font mode that
 * persists, staff1 reaching 工作台, and an admin managing users.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launchBrowser, newPhonePage, citizenLogin, personaLogin } from '../support/browser';
import { ROOT } from '../support/engine';

let browser: Browser;
const shots = path.join(ROOT, 'test-results', 'e2e');

beforeAll(async () => {
  browser = await launchBrowser();
  fs.mkdirSync(shots, { recursive: true });
});
afterAll(() => browser?.close());

async function open(p: string): Promise<{ page: Page; errors: string[] }> {
  const r = await newPhonePage(browser);
  const cspViolations: string[] = [];
  r.page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/.test(m.text())) cspViolations.push(m.text());
  });
  await r.page.goto(`${baseUrl()}${p}`);
  return { page: r.page, errors: [...r.errors, ...cspViolations] };
}

test('the home page renders topics, service entries, upcoming sessions, latest policies and the phone', async () => {
  const { page, errors } = await open('/');
  await page.locator('#entry-disclosure').waitFor();
  await expect(page.locator('.zw-page').first().innerText()).resolves.toContain('掌上政务公开专区');
  for (const topic of ['生育', '上学', '就业', '创业', '养老', '医疗', '纳税', '社保', '住房']) {
    await expect(page.getByText(topic, { exact: true }).first().isVisible()).resolves.toBe(true);
  }
  await expect(page.locator('#entry-disclosure').isVisible()).resolves.toBe(true);
  await page.locator('.home-session').first().waitFor();
  await page.screenshot({ path: path.join(shots, 'home.png') });
  await expect(page.locator('#entry-consult').isVisible()).resolves.toBe(true);
  await expect(page.locator('.home-phone').innerText()).resolves.toContain('0791-12345');
  // Upcoming sessions and the latest policies come from the demo data: three of each.
  await page.locator('.home-session').first().waitFor();
  expect(await page.locator('.home-session').count()).toBe(3);
  await expect(page.locator('.home-session__seats').first().innerText()).resolves.toMatch(/席|满/);
  await page.locator('.home-policy').first().waitFor();
  expect(await page.locator('.home-policy').count()).toBe(3);
  await page.locator('.home-policy__title').first().click();
  await page.waitForURL(/\/pages\/policy-detail\/index\?id=[0-9a-f]{24}/);
  expect(errors).toEqual([]);
});

test('a citizen logs in with the demo login and sees 我的 without 工作台', async () => {
  const { page, errors } = await open('/pages/mine/index');
  await citizenLogin(page, '张三');
  await expect(page.locator('.mine-name').innerText()).resolves.toBe('张三');
  await expect(page.locator('.mine-roles').innerText()).resolves.toContain('群众');
  expect(await page.locator('.workbench-entry').count()).toBe(0);
  await page.screenshot({ path: path.join(shots, 'mine-citizen.png') });
  expect(errors).toEqual([]);
});

test('the large-font mode switches on and survives a reload', async () => {
  const { page } = await open('/pages/mine/index');
  await citizenLogin(page, '李大爷');
  expect(await page.locator('.zw-page.zw-large').count()).toBe(0);
  const before = await page.locator('.mine-name').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  await page.locator('#large-font-switch').click();
  await page.locator('.zw-page.zw-large').first().waitFor();
  await expect(page.locator('#large-font-switch').getAttribute('aria-checked')).resolves.toBe('true');
  const after = await page.locator('.mine-name').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(after).toBeGreaterThan(before);
  await page.reload();
  await page.locator('.zw-page.zw-large').first().waitFor();
  await expect(page.locator('#large-font-switch').getAttribute('aria-checked')).resolves.toBe('true');
});

test('staff1 / demo1234 sees 工作台 with its organ', async () => {
  const { page, errors } = await open('/pages/login/index');
  await personaLogin(page, 'staff1');
  await expect(page.locator('.mine-name').innerText()).resolves.toBe('王芳');
  await expect(page.locator('.mine-roles').innerText()).resolves.toContain('工作人员');
  await page.locator('.workbench-entry').click();
  await page.waitForURL(/\/workbench\/index\/index/);
  await expect(page.locator('.workbench-name').innerText()).resolves.toContain('王芳');
  await expect(page.locator('.workbench-organ').first().innerText()).resolves.toContain(
    '江西省人民政府政务公开办公室',
  );
  await page.screenshot({ path: path.join(shots, 'workbench-staff.png') });
  expect(errors).toEqual([]);
});

test('a wrong password shows the server message in Chinese', async () => {
  const { page } = await open('/pages/login/index');
  await page.locator('.login-persona--reviewer1').click();
  await page.locator('#login-password input').fill('wrong-password');
  await page.locator('#login-password-submit').click();
  await expect(page.locator('.login-error').innerText()).resolves.toContain('用户名或密码错误');
});

test('the admin sees the user list in 工作台', async () => {
  const { page } = await open('/pages/login/index');
  await personaLogin(page, 'admin');
  await page.locator('.workbench-entry').click();
  await page.locator('#wb-users').click();
  await page.locator('.user-item').first().waitFor();
  // Citizens sign up every day; the role chips find the staff-side accounts.
  await page.locator('.users-role-filter--staff').click();
  await page.locator('.user-item__name', { hasText: '王芳' }).waitFor();
  await page.locator('.users-role-filter--reviewer').click();
  await page.locator('.user-item__name', { hasText: '陈静' }).waitFor();
  const names = await page.locator('.user-item__name').allInnerTexts();
  expect(names).not.toContain('王芳');
});
