/// <reference lib="dom" />
/**
 * Accessibility of the main citizen pages in real Chromium: axe-core (injected from
 * node_modules) reports no serious or critical violation on the home page, the policy list and a
 * policy, a session, the application form and the consultation ask page; the large-font mode
 * enlarges body text by at least 25% (screenshots of both modes are saved).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { baseUrl, citizenLogin, launchBrowser } from '../support/browser';

const OUT = process.env.E2E_OUTPUT_DIR ?? path.resolve(__dirname, '../../test-results/e2e');
const AXE = require.resolve('axe-core/axe.min.js');

interface AxeNode {
  target: string[];
  html: string;
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}

let browser: Browser;
let context: BrowserContext;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  fs.mkdirSync(OUT, { recursive: true });
  browser = await launchBrowser();
  // axe is injected as an inline script, which the app's strict CSP would block.
  context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    locale: 'zh-CN',
    bypassCSP: true,
  });
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await citizenLogin(page, '林小雨');
});
afterAll(() => browser?.close());

async function serious(): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<{ violations: unknown[] }> } }
    ).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations;
  });
  return (violations as AxeViolation[]).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

function describe_(v: AxeViolation[]): string {
  return v
    .map(
      (x) =>
        `${x.id} (${x.impact}): ${x.help}\n${x.nodes.map((n) => `  ${n.target.join(' ')} ${n.html.slice(0, 160)}`).join('\n')}`,
    )
    .join('\n');
}

async function firstId(apiPath: string): Promise<string> {
  const res = await page.request.get(`${baseUrl()}/api/v1/${apiPath}`);
  const body = (await res.json()) as { items: { id: string }[] };
  return body.items[0]!.id;
}

const PAGES: [string, () => Promise<string>, string][] = [
  ['home', async () => '/pages/index/index', '.home-policy'],
  ['policy list', async () => '/pages/policy/index', '.zw-list-item, .policy-item, .policy-card'],
  [
    'policy detail',
    async () => `/pages/policy-detail/index?id=${await firstId('policies?limit=1')}`,
    '.zw-card',
  ],
  [
    'session detail',
    async () => `/pages/session-detail/index?id=${await firstId('sessions?limit=1')}`,
    '#session-title',
  ],
  ['application form', async () => '/pages/disclosure-apply/index', '.zw-card'],
  ['consultation ask', async () => '/pages/consult-ask/index', '#ca-question'],
];

test.each(PAGES)('axe: no serious or critical violation on the %s page', async (name, url, ready) => {
  await page.goto(`${baseUrl()}${await url()}`);
  await page.locator(ready).first().waitFor();
  // Let skeletons and lists settle before checking.
  await page.waitForLoadState('networkidle').catch(() => undefined);
  const found = await serious();
  if (found.length) console.log(`[a11y] ${name}\n${describe_(found)}`);
  expect(found.map((v) => v.id)).toEqual([]);
});

test('every button and link on the home page has an accessible name', async () => {
  await page.goto(`${baseUrl()}/pages/index/index`);
  await page.locator('.home-policy').first().waitFor();
  const unnamed = await page.evaluate(() =>
    Array.from(document.querySelectorAll('[role="button"], [role="link"], button, a, input, textarea'))
      .filter((el) => {
        const label = el.getAttribute('aria-label') ?? '';
        const text = (el as HTMLElement).innerText?.trim() ?? '';
        const placeholder = el.getAttribute('placeholder') ?? '';
        return !label.trim() && !text && !placeholder;
      })
      .map((el) => el.outerHTML.slice(0, 120)),
  );
  expect(unnamed).toEqual([]);
});

test('the large-font mode enlarges body text by at least 25%', async () => {
  const measure = async () => {
    await page.goto(`${baseUrl()}/pages/index/index`);
    await page.locator('.home-policy__title').first().waitFor();
    return page
      .locator('.home-policy__title')
      .first()
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  };
  const normal = await measure();
  await page.screenshot({ path: path.join(OUT, 'a11y-home-normal.png'), fullPage: true });

  await page.goto(`${baseUrl()}/pages/mine/index`);
  await page.locator('#large-font-switch').click();
  await page.locator('.zw-page.zw-large').first().waitFor();
  const large = await measure();
  await page.locator('.zw-page.zw-large').first().waitFor();
  await page.screenshot({ path: path.join(OUT, 'a11y-home-large.png'), fullPage: true });
  expect(large / normal).toBeGreaterThanOrEqual(1.25);

  // Nothing runs off the side of the phone in large-font mode.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.goto(`${baseUrl()}/pages/consult-ask/index`);
  await page.locator('#ca-question').waitFor();
  await page.screenshot({ path: path.join(OUT, 'a11y-consult-ask-large.png'), fullPage: true });
  const askFound = await serious();
  if (askFound.length) console.log(`[a11y] consult ask (large)\n${describe_(askFound)}`);
  expect(askFound.map((v) => v.id)).toEqual([]);

  // Back to normal for anyone reusing the browser profile.
  await page.goto(`${baseUrl()}/pages/mine/index`);
  await page.locator('#large-font-switch').click();
  expect(errors).toEqual([]);
});
