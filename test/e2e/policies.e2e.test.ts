/// <reference lib="dom" />
/**
 * The policy library in Chromium on the demo data: search with highlighted
 * results, open a document, read its 解读, ask on 问答 (a match and a miss
 * pointing to 政策咨询); the search page with suggestions and history, 收藏
 * and 我的收藏; and a reviewer opening the review queue in 工作台.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { baseUrl, citizenLogin, launchBrowser, newPhonePage } from '../support/browser';

let browser: Browser;
const shots = '/tmp';

beforeAll(async () => {
  browser = await launchBrowser();
  fs.mkdirSync(shots, { recursive: true });
});
afterAll(() => browser?.close());

test('search, open a document, read the 解读 and ask a question on 问答', async () => {
  const { page, errors } = await newPhonePage(browser);
  await page.goto(`${baseUrl()}/pages/policy/index`);
  await page.locator('.policy-item').first().waitFor();
  await page.screenshot({ path: path.join(shots, 'policies-tab.png') });

  await page.locator('#policy-search-input input').fill('养老保险');
  await page.locator('#policy-search-button').click();
  await page.locator('.policy-result .policy-item').first().waitFor();
  const first = page.locator('.policy-result .policy-item').first();
  await expect(first.locator('.policy-item__title').innerText()).resolves.toBe(
    '江西省城乡居民基本养老保险实施办法',
  );
  await expect(first.locator('.policy-item__title em').first().innerText()).resolves.toBe('养老保险');
  await page.screenshot({ path: path.join(shots, 'policies-search.png') });

  await first.click();
  await page.locator('.pd-title').waitFor();
  await expect(page.locator('.pd-title').innerText()).resolves.toBe('江西省城乡居民基本养老保险实施办法');
  await expect(page.locator('.pd-meta__value--发文字号').innerText()).resolves.toBe(
    '江西省人民政府令第258号',
  );
  await expect(page.locator('.pd-body').innerText()).resolves.toContain(
    '第三条 城乡居民基本养老保险基金由个人缴费',
  );
  await page.screenshot({ path: path.join(shots, 'policies-detail.png'), fullPage: true });

  await page.locator('#policy-tab-interp').click();
  await page.locator('.pd-interp__section--purpose').waitFor();
  await expect(page.locator('.pd-interp__title').innerText()).resolves.toBe(
    '《江西省城乡居民基本养老保险实施办法》政策解读',
  );
  await expect(page.locator('.pd-interp__section--changes').innerText()).resolves.toContain(
    '最高档由2000元提高到6000元',
  );
  await page.screenshot({ path: path.join(shots, 'policies-interp.png'), fullPage: true });

  await page.locator('#policy-tab-faq').click();
  await page.locator('.pd-faq').first().waitFor();
  expect(await page.locator('.pd-faq').count()).toBe(2);
  await page.locator('#policy-ask-input textarea').fill('城乡居民养老保险交满多少年可以领养老金');
  await page.locator('#policy-ask-submit').click();
  await page.locator('.pd-ask-result').first().waitFor();
  await expect(page.locator('.pd-ask-result__q').first().innerText()).resolves.toBe(
    '问：城乡居民养老保险交满多少年可以领养老金？',
  );
  await expect(page.locator('.pd-ask-result__source').first().innerText()).resolves.toBe(
    '来源：《江西省城乡居民基本养老保险实施办法》',
  );
  await page.screenshot({ path: path.join(shots, 'policies-ask.png'), fullPage: true });

  await page.locator('#policy-ask-input textarea').fill('火星旅游签证如何办理');
  await page.locator('#policy-ask-submit').click();
  await page.locator('.pd-ask__nomatch').waitFor();
  await expect(page.locator('.pd-ask__hint').innerText()).resolves.toContain('政策咨询');
  expect(await page.locator('#policy-ask-consult').isVisible()).toBe(true);
  expect(errors).toEqual([]);
});

test('a 失效 document shows what replaced it; a 文号 typed with [] finds the source document', async () => {
  const { page, errors } = await newPhonePage(browser);
  await page.goto(`${baseUrl()}/pages/policy/index`);
  await page.locator('#policy-search-input input').fill('赣府公开办字[2023]2号');
  await page.locator('#policy-search-button').click();
  await page.locator('.policy-result .policy-item').first().waitFor();
  await expect(page.locator('.policy-result .policy-item__title').first().innerText()).resolves.toBe(
    '2023年江西省政务公开工作要点',
  );
  await page.locator('#policy-search-input input').fill('赣教规[2021]4号');
  await page.locator('#policy-search-button').click();
  await page
    .locator('.policy-result .policy-item__title', { hasText: '江西省义务教育招生入学工作实施意见' })
    .waitFor();
  await page.locator('.policy-result .policy-item').first().click();
  await page.locator('.pd-replaced-by').waitFor();
  await expect(page.locator('.pd-notice').innerText()).resolves.toContain('本文件已失效');
  await page.locator('.pd-replaced-by').click();
  await page.locator('.pd-title', { hasText: '江西省义务教育学校招生入学工作办法' }).waitFor();
  expect(errors).toEqual([]);
});

test('a reviewer sees the review queue and the audit trail in 工作台', async () => {
  const { page, errors } = await newPhonePage(browser);
  await page.goto(`${baseUrl()}/pages/login/index`);
  await page.locator('.login-persona--reviewer1').click();
  await page.locator('#login-password-submit').click();
  await page.locator('.mine-name').waitFor();
  await page.goto(`${baseUrl()}/workbench/index/index`);
  await page.locator('#wb-policies').click();
  await page.locator('.wbp-item').first().waitFor();
  await expect(page.locator('.wbp-list').innerText()).resolves.toContain('江西省掌上政务公开专区建设指引');
  await page.screenshot({ path: path.join(shots, 'policies-workbench-queue.png') });
  await page.getByText('江西省掌上政务公开专区建设指引').first().click();
  await page.locator('.wbp-audit').first().waitFor();
  expect(await page.locator('#wbp-approve').isVisible()).toBe(true);
  await expect(page.locator('.wbp-audit-list').innerText()).resolves.toContain('提交审查');
  await page.screenshot({ path: path.join(shots, 'policies-workbench-detail.png'), fullPage: true });
  expect(errors).toEqual([]);
});

test('a reviewer returns a document with a reason and its author sees it', async () => {
  const reviewer = await newPhonePage(browser);
  await reviewer.page.goto(`${baseUrl()}/pages/login/index`);
  await reviewer.page.locator('.login-persona--reviewer1').click();
  await reviewer.page.locator('#login-password-submit').click();
  await reviewer.page.locator('.mine-name').waitFor();
  await reviewer.page.goto(`${baseUrl()}/workbench/policies/index`);
  await reviewer.page.locator('.wbp-item__title', { hasText: '江西省掌上政务公开专区建设指引' }).click();
  await reviewer.page.locator('#wbp-return').waitFor();
  await reviewer.page.locator('#wbp-review-reason textarea').fill('第二条服务清单请与省级专区目录保持一致');
  await reviewer.page.locator('#wbp-return').click();
  await reviewer.page.locator('.wbp-return-reason').waitFor();
  await expect(reviewer.page.locator('.wbp-detail-status').innerText()).resolves.toBe('已退回');
  await expect(reviewer.page.locator('.wbp-audit-list').innerText()).resolves.toContain(
    '理由：第二条服务清单请与省级专区目录保持一致',
  );
  expect(reviewer.errors).toEqual([]);

  const author = await newPhonePage(browser);
  await author.page.goto(`${baseUrl()}/pages/login/index`);
  await author.page.locator('.login-persona--staff1').click();
  await author.page.locator('#login-password-submit').click();
  await author.page.locator('.mine-name').waitFor();
  await author.page.goto(`${baseUrl()}/workbench/policies/index`);
  await author.page.locator('.wbp-status--returned').click();
  await author.page
    .locator('.wbp-item__reason', { hasText: '第二条服务清单请与省级专区目录保持一致' })
    .waitFor();
  await author.page.screenshot({ path: path.join(shots, 'policies-workbench-returned.png') });
  expect(author.errors).toEqual([]);
});

test('search page: suggestions as you type, history; open, read 解读, ask, favourite, see it in 我的收藏', async () => {
  const { page, errors } = await newPhonePage(browser);
  await citizenLogin(page, '赵敏');
  await page.goto(`${baseUrl()}/pages/policy/index`);
  await page.locator('#policy-open-search').click();
  await page.locator('#ps-input input').waitFor();
  await page.locator('#ps-input input').fill('养老保险');
  // Suggestions arrive after a pause in typing.
  await page.locator('.ps-suggest__item--title', { hasText: '江西省城乡居民基本养老保险实施办法' }).waitFor();
  await page.screenshot({ path: path.join(shots, 'policies-suggest.png') });
  await page.locator('#ps-go').click();
  await page.locator('.ps-result .policy-item').first().waitFor();
  const first = page.locator('.ps-result .policy-item').first();
  await expect(first.locator('.policy-item__title').innerText()).resolves.toBe(
    '江西省城乡居民基本养老保险实施办法',
  );
  await expect(first.locator('.policy-item__title em').first().innerText()).resolves.toBe('养老保险');

  await first.click();
  await page.locator('.pd-title').waitFor();
  await page.locator('#policy-tab-interp').click();
  await page.locator('.pd-interp__section--purpose').waitFor();
  await page.locator('#policy-tab-faq').click();
  await page.locator('#policy-ask-input textarea').fill('城乡居民养老保险交满多少年可以领养老金');
  await page.locator('#policy-ask-submit').click();
  await page.locator('.pd-ask-result').first().waitFor();

  await expect(page.locator('#policy-favorite').innerText()).resolves.toContain('收藏');
  await page.locator('#policy-favorite').click();
  await page.locator('#policy-favorite.pd-fav--on').waitFor();
  await expect(page.locator('#policy-favorite').innerText()).resolves.toContain('已收藏');

  await page.goto(`${baseUrl()}/pages/mine/index`);
  await page.locator('#mine-favorites').click();
  await page
    .locator('.pf-item .policy-item__title', { hasText: '江西省城乡居民基本养老保险实施办法' })
    .waitFor();
  await page.screenshot({ path: path.join(shots, 'policies-favorites.png') });

  // History stays on the phone and can be cleared.
  await page.goto(`${baseUrl()}/pages/policy-search/index`);
  await page.locator('.ps-history__item', { hasText: '养老保险' }).waitFor();
  await page.locator('#ps-history-clear').click();
  await page.locator('.ps-history__item').first().waitFor({ state: 'detached' });
  expect(errors).toEqual([]);
});
