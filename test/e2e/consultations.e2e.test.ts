/// <reference lib="dom" />
/**
 * 首页 and 政策咨询 in real Chromium: the home page shows the demo sessions and policies; a citizen
 * asks a question, sees suggested FAQ answers before sending, sends it; staff answer it in a second
 * browser context; the citizen sees the answer and the unread badge (我的 tab and 消息中心).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { baseUrl, citizenLogin, launchBrowser, newPhonePage, personaLogin } from '../support/browser';

const OUT = process.env.E2E_OUTPUT_DIR ?? path.resolve(__dirname, '../../test-results/e2e');
let browser: Browser;

beforeAll(async () => {
  fs.mkdirSync(OUT, { recursive: true });
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

test('the home page shows upcoming sessions, latest policies and a zone hall', async () => {
  const { page, errors } = await newPhonePage(browser);
  await page.goto(`${baseUrl()}/pages/index/index`);
  await page.locator('.home-session').first().waitFor();
  expect(await page.locator('.home-session').count()).toBe(3);
  await expect(page.locator('.home-session__seats').first().innerText()).resolves.toMatch(/席|满/);
  await page.locator('.home-policy').first().waitFor();
  expect(await page.locator('.home-policy').count()).toBe(3);
  // No position allowed: the first zone, its opening hours and a call button.
  await page.locator('.home-zone__name').waitFor();
  await expect(page.locator('.home-zone__hours').innerText()).resolves.toMatch(/^开放时间：/);
  await expect(page.locator('#home-zone-call').getAttribute('aria-label')).resolves.toMatch(/^拨打.+电话/);
  await expect(page.locator('.home-phone').innerText()).resolves.toContain('0791-12345');
  await page.screenshot({ path: path.join(OUT, 'home.png'), fullPage: true });
  // The consultation entry opens the ask page (which asks a visitor to log in first).
  await page.locator('#entry-consult').click();
  await page.locator('.consult-ask-page .zw-empty__title', { hasText: '请先登录' }).waitFor();
  expect(errors).toEqual([]);
});

test('a citizen asks, sees suggested answers, sends; staff answer; the citizen sees the answer and the badge', async () => {
  const citizen = await newPhonePage(browser);
  const c = citizen.page;
  await citizenLogin(c, '何晓东');

  // 办事 → 政策咨询
  await c.goto(`${baseUrl()}/pages/service/index`);
  await c.locator('#service-consultation').click();
  await c.locator('#ca-topic-纳税').waitFor();

  // Sending without a topic or consent says what is missing.
  await c.locator('#ca-submit').click();
  await expect(c.locator('.ca-topic-error').innerText()).resolves.toBe('请选择咨询主题');

  await c.locator('#ca-topic-纳税').click();
  await c.locator('.ca-route', { hasText: '江西省人民政府政务公开办公室受理' }).waitFor();
  const question = '个人申请创业担保贷款最多能贷多少？贷款贴息部分需要缴纳个人所得税吗？';
  await c.locator('#ca-question textarea').fill(question);
  // The knowledge base answers first: the demo FAQ made from an earlier consultation.
  const suggest = c.locator('.ca-suggest');
  await suggest.waitFor();
  await expect(suggest.innerText()).resolves.toContain('创业担保贷款');
  await c.screenshot({ path: path.join(OUT, 'consult-ask-suggestions.png'), fullPage: true });

  await c.locator('#ca-consent-yes').click();
  await c.locator('#ca-submit').click();
  await c.locator('.cd-question').waitFor();
  await expect(c.locator('.cd-question').innerText()).resolves.toBe(question);
  await expect(c.locator('.cd-status').innerText()).resolves.toBe('待答复');
  await expect(c.locator('.cd-waiting').innerText()).resolves.toMatch(
    /江西省人民政府政务公开办公室将于\d+月\d+日前答复/,
  );

  // Staff of the organ answer in a second browser context.
  const staff = await newPhonePage(browser);
  const s = staff.page;
  await personaLogin(s, 'staff1');
  await s.goto(`${baseUrl()}/workbench/index/index`);
  await s.locator('#wb-consultations').click();
  const item = s.locator('.cq-item', { hasText: '贴息部分需要缴纳个人所得税' });
  await item.waitFor();
  await s.screenshot({ path: path.join(OUT, 'consult-queue.png'), fullPage: true });
  await item.click();
  await s.locator('.cw-question').waitFor();
  await expect(s.locator('.consult-work-detail-page').innerText()).resolves.toContain('何晓东');
  const answer = '您好！符合条件的个人可申请最高30万元的创业担保贷款，财政贴息部分不计入个人应纳税所得额。';
  await s.locator('#cw-answer textarea').fill(answer);
  await s.locator('#cw-answer-submit').click();
  await s.locator('.cw-status', { hasText: '已答复' }).waitFor();
  // Consent was given: staff preview and publish the Q&A.
  await s.locator('#cw-publish-preview').click();
  await s.locator('.cw-preview-q').waitFor();
  await s.locator('#cw-publish').click();
  await s.locator('text=公开为常见问答').last().waitFor();
  expect(staff.errors).toEqual([]);

  // The citizen: the unread badge on 我的 and in the 消息中心 row.
  await c.goto(`${baseUrl()}/pages/mine/index`);
  await c.locator('#mine-messages .mine-unread', { hasText: '1' }).waitFor();
  await c.locator('.taro-tabbar-badge', { hasText: '1' }).waitFor();
  await c.screenshot({ path: path.join(OUT, 'mine-unread-badge.png'), fullPage: true });

  // 消息中心 → the notice → the answer.
  await c.locator('#mine-messages').click();
  const notice = c.locator('.msg-item--unread', { hasText: '您的政策咨询已答复' });
  await notice.waitFor();
  await c.screenshot({ path: path.join(OUT, 'messages.png'), fullPage: true });
  await notice.click();
  await c.locator('.cd-answer__text').waitFor();
  await expect(c.locator('.cd-answer__text').innerText()).resolves.toBe(answer);
  await expect(c.locator('.cd-status').innerText()).resolves.toBe('已答复');

  // Rate it.
  await c.locator('#cd-rate-满意').click();
  await c.locator('#cd-rate-submit').click();
  await c.locator('.cd-rated', { hasText: '我的评价：满意' }).waitFor();
  await c.screenshot({ path: path.join(OUT, 'consult-detail-answered.png'), fullPage: true });

  // The badge is gone once read.
  await c.goto(`${baseUrl()}/pages/mine/index`);
  await c.locator('#mine-messages').waitFor();
  await c.waitForFunction(() => !document.querySelector('#mine-messages .mine-unread'));
  expect(citizen.errors).toEqual([]);
});
