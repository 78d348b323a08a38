/** Debian's Chromium driven by playwright-core, as ARCHITECTURE.md prescribes. */
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

/** A phone-sized page with its own storage, failing the test on any page error. */
export async function newPhonePage(browser: Browser): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    locale: 'zh-CN',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, errors };
}

export const baseUrl = () => {
  const u = process.env.E2E_BASE_URL;
  if (!u) throw new Error('E2E_BASE_URL is not set: run through test/e2e/jest.config.cjs');
  return u;
};

/** Demo login as a citizen on H5: 我的 → 登录 → a name. */
export async function citizenLogin(page: Page, name: string) {
  await page.goto(`${baseUrl()}/pages/mine/index`);
  await page.locator('#mine-login').click();
  await page.locator('#login-name input').fill(name);
  await page.locator('#login-submit').click();
  await afterLogin(page);
}

/**
 * The login page goes back (or switches tab) to 我的 once signed in. Wait until that navigation
 * has finished — the URL is 我的 again and its name shows — so that the test's next `goto` does not
 * abort it halfway (net::ERR_ABORTED).
 */
async function afterLogin(page: Page) {
  await page.waitForURL(/\/pages\/mine\/index/);
  await page.locator('.mine-name').waitFor();
  await page.waitForLoadState('load');
}

/** Password login as one of the staff-side demo personas (one tap on the H5 login page). */
export async function personaLogin(page: Page, username: string) {
  await page.goto(`${baseUrl()}/pages/login/index`);
  await page.locator(`.login-persona--${username}`).click();
  await page.locator('#login-password-submit').click();
  await afterLogin(page);
}
