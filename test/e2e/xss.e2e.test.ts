/// <reference lib="dom" />
/**
 * Script in what people type is stored as text and rendered inert: a consultation whose question
 * carries <script> and an <img onerror> shows those characters literally to the citizen and to the
 * staff member answering it, and nothing runs (no dialog, no global set, no page error).
 */
import type { Browser } from 'playwright-core';
import { baseUrl, citizenLogin, launchBrowser, newPhonePage, personaLogin } from '../support/browser';

const PAYLOAD =
  '请问纳税<script>window.__xss=1;alert(1)</script><img src=x onerror="window.__xss=2">怎么办理？';
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

async function api(path: string, init: { method?: string; token?: string; body?: unknown } = {}) {
  const res = await fetch(`${baseUrl()}/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: {
      'Content-Type': 'application/json',
      ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

test('a question with script tags is shown as text to the citizen and to staff; nothing runs', async () => {
  const login = await api('/auth/dev', { method: 'POST', body: { name: '脚本测试群众' } });
  const created = await api('/consultations', {
    method: 'POST',
    token: login.body.token,
    body: { topic: '纳税', question: PAYLOAD, consentPublish: false },
  });
  expect(created.status).toBe(201);
  const id = (created.body.consultation ?? created.body).id as string;

  const check = async (who: 'citizen' | 'staff') => {
    const { page, errors } = await newPhonePage(browser);
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    if (who === 'citizen') {
      await citizenLogin(page, '脚本测试群众');
      await page.goto(`${baseUrl()}/pages/consult-detail/index?id=${id}`);
      await page.locator('.cd-question').waitFor();
      await expect(page.locator('.cd-question').innerText()).resolves.toBe(PAYLOAD);
    } else {
      await personaLogin(page, 'staff1');
      await page.goto(`${baseUrl()}/workbench/consultations/detail?id=${id}`);
      await page.locator('.cw-question').waitFor();
      await expect(page.locator('.cw-question').innerText()).resolves.toContain('<script>window.__xss=1;');
    }
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  };
  await check('citizen');
  await check('staff');
});
