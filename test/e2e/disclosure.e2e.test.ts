/// <reference lib="dom" />
/**
 * 依申请公开 in Chromium: a citizen applies through the multi-step form; staff1 receives it and asks
 * for a supplement; the citizen supplements; staff1 drafts the reply, reviewer1 approves it after
 * legal review; the citizen sees the reply and the timeline, and downloads the reply letter.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { baseUrl, launchBrowser, newPhonePage, citizenLogin, personaLogin } from '../support/browser';
import { ROOT } from '../support/engine';

let browser: Browser;
const shots = path.join(ROOT, 'test-results', 'e2e');
/** Screenshot once the page has slid into place (Taro animates navigation on H5). */
async function shot(page: Page, name: string, settled = '.zw-card') {
  await page.waitForFunction((sel) => {
    const el = document.querySelector(sel);
    if (!el) return false;
    const left = el.getBoundingClientRect().left;
    return left >= 0 && left < 40;
  }, settled);
  await page.screenshot({ path: path.join(shots, `disclosure-${name}.png`), fullPage: true });
}

beforeAll(async () => {
  browser = await launchBrowser();
  fs.mkdirSync(shots, { recursive: true });
});
afterAll(() => browser?.close());

async function openStaffDetail(page: Page, title: string, tab = 'open') {
  await page.goto(`${baseUrl()}/workbench/disclosure/queue/index`);
  await page.locator('.dq-item').first().waitFor();
  if (tab !== 'open') await page.locator(`#dq-tab-${tab}`).click();
  await page.locator('.dq-item', { hasText: title }).click();
  await page.locator('.dw-head').waitFor();
}

test('a citizen applies, supplements on request, and receives the reply after legal review', async () => {
  const title = `南昌市公共租赁住房轮候名单（${Date.now().toString(36)}）`;
  const citizen = await newPhonePage(browser);
  const cp = citizen.page;
  await citizenLogin(cp, '刘洋');

  // Step 1: applicant. A wrong check digit is caught inline.
  await cp.goto(`${baseUrl()}/pages/disclosure-apply/index`);
  await cp.locator('#da-name input').fill('刘洋');
  await cp.locator('#da-id-number input').fill('360102199003071235');
  await cp.locator('#da-phone input').fill('13807001234');
  await cp.locator('#da-next').click();
  await expect(cp.locator('.da-id-number-error').innerText()).resolves.toBe(
    '居民身份证号码有误，请核对（含末位校验码）',
  );
  await cp.locator('#da-id-number input').fill('360102199003071236');
  await cp.locator('#da-next').click();

  // Step 2: information wanted.
  await cp.locator('#da-organ-JX-GKB').click();
  await cp.locator('#da-title input').fill(title);
  await cp.locator('#da-description textarea').fill('请提供南昌市2026年公共租赁住房轮候家庭名单及排序规则。');
  await cp.locator('#da-next').click();

  // Step 3: delivery; step 4: review and declaration.
  await cp.locator('#da-form-electronic').click();
  await cp.locator('#da-way-online').click();
  await cp.locator('#da-next').click();
  await cp.locator('#da-declaration').click();
  await shot(cp, 'apply-review');
  await cp.locator('#da-submit').click();
  await cp.locator('.dd-status').waitFor();
  await expect(cp.locator('.dd-status').innerText()).resolves.toBe('已提交，待受理');
  await expect(cp.locator('.dd-number').innerText()).resolves.toMatch(/赣公开申〔\d{4}〕\d{5}号/);
  const detailUrl = cp.url();

  // staff1 receives it and asks for a supplement.
  const staff = await newPhonePage(browser);
  await personaLogin(staff.page, 'staff1');
  await openStaffDetail(staff.page, title);
  await staff.page.locator('#dw-receive').click();
  await staff.page.locator('#dw-supplement-items textarea').waitFor();
  await expect(staff.page.locator('.dw-status').innerText()).resolves.toBe('办理中');
  await expect(staff.page.locator('.dd-due-banner').innerText()).resolves.toContain('剩余20个工作日');
  await shot(staff.page, 'staff-processing', '.dw-head');
  await staff.page
    .locator('#dw-supplement-items textarea')
    .fill('请说明所需名单的区域范围（全市或某一城区）。');
  await staff.page.locator('#dw-supplement-request').click();
  await staff.page.locator('.dw-status', { hasText: '待补正' }).waitFor();

  // The citizen sees the notice and supplements.
  await cp.goto(detailUrl);
  await cp.locator('#dd-supplement-text textarea').waitFor();
  await expect(cp.locator('.dd-supplement-items').innerText()).resolves.toContain('区域范围');
  await cp.locator('#dd-supplement-text textarea').fill('需要东湖区和西湖区的轮候名单。');
  await cp.locator('#dd-supplement-submit').click();
  await cp.locator('.dd-status', { hasText: '办理中' }).waitFor();
  await expect(cp.locator('.dd-progress').innerText()).resolves.toContain('申请人补正');

  // staff1 drafts the reply; reviewer1 approves it.
  await openStaffDetail(staff.page, title);
  await staff.page
    .locator('#dw-reply-content textarea')
    .fill('经审查，您申请的轮候名单属于公开范围，现予提供，请在本平台查看。');
  await staff.page.locator('#dw-draft').click();
  await staff.page.locator('.dw-status', { hasText: '答复审查中' }).waitFor();

  const reviewer = await newPhonePage(browser);
  await personaLogin(reviewer.page, 'reviewer1');
  await reviewer.page.goto(`${baseUrl()}/workbench/disclosure/queue/index`);
  await reviewer.page.locator('#dq-tab-review').click();
  await reviewer.page.locator('.dq-item', { hasText: title }).click();
  await reviewer.page.locator('#dw-review-approve').click();
  await reviewer.page.locator('.dw-status', { hasText: '已答复' }).waitFor();

  await cp.goto(detailUrl);
  await cp.locator('.dd-reply-section').waitFor();
  await expect(cp.locator('.dd-answer').innerText()).resolves.toBe('予以公开');
  const progress = await cp.locator('.dd-progress').innerText();
  for (const step of ['提交申请', '登记受理', '发出补正告知', '申请人补正', '合法性审查通过，已答复'])
    expect(progress).toContain(step);
  expect(progress).not.toContain('拟定答复');
  await shot(cp, 'citizen-detail');

  // The citizen downloads the reply letter (答复书): the printable page opens in a new tab, the PDF
  // link serves a PDF. The links are signed, so they work without the app's token.
  const htmlHref = await cp.locator('#dd-letter-html').getAttribute('href');
  const pdfHref = await cp.locator('#dd-letter-pdf').getAttribute('href');
  expect(htmlHref).toMatch(/\/reply-letter\.html\?exp=\d+&sig=/);
  const pdf = await cp.request.get(new URL(pdfHref!, baseUrl()).toString());
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  const [letter] = await Promise.all([
    cp.context().waitForEvent('page'),
    cp.locator('#dd-letter-html').click(),
  ]);
  await letter.locator('h2').waitFor();
  await expect(letter.locator('h2').innerText()).resolves.toBe('政府信息公开申请答复书');
  const letterText = await letter.locator('body').innerText();
  for (const s of [
    '江西省人民政府政务公开办公室',
    '刘洋：',
    title,
    '本机关决定予以公开',
    '行政复议',
    '行政诉讼',
  ])
    expect(letterText).toContain(s);
  await letter.screenshot({ path: path.join(shots, 'disclosure-reply-letter.png'), fullPage: true });
  await letter.close();

  await cp.goto(`${baseUrl()}/pages/disclosure-mine/index`);
  await cp.locator('.dm-item', { hasText: title }).waitFor();
  await shot(cp, 'mine');
  await openStaffDetail(staff.page, title, 'all');
  await expect(staff.page.locator('.dw-status').innerText()).resolves.toBe('已答复');
  await shot(staff.page, 'staff-detail', '.dw-head');
  await staff.page.goto(`${baseUrl()}/workbench/disclosure/queue/index`);
  await staff.page.locator('.dq-item').first().waitFor();
  await shot(staff.page, 'queue');

  expect([...citizen.errors, ...staff.errors, ...reviewer.errors]).toEqual([]);
}, 240_000);

test('staff1 reads the annual report table; admin enters a holiday of a year without a notice', async () => {
  const staff = await newPhonePage(browser);
  await personaLogin(staff.page, 'staff1');
  await staff.page.goto(`${baseUrl()}/workbench/disclosure/queue/index`);
  await staff.page.locator('#dq-report').click();
  await staff.page.locator('.dr-check').waitFor();
  await expect(staff.page.locator('.dr-check').innerText()).resolves.toContain('各列均平衡');
  await expect(staff.page.locator('.dr-row-new').innerText()).resolves.toContain(
    '一、本年新收政府信息公开申请数量',
  );
  await shot(staff.page, 'report', '.dr-report');
  await expect(staff.page.locator('.dr-table4').innerText()).resolves.toContain('行政诉讼：复议后起诉');
  const [download] = await Promise.all([
    staff.page.waitForEvent('download'),
    staff.page.locator('#dr-xlsx').click(),
  ]);
  expect(download.suggestedFilename()).toBe('年度报表.xlsx');
  const xlsx = fs.readFileSync((await download.path())!);
  expect(xlsx.subarray(0, 2).toString()).toBe('PK');

  const admin = await newPhonePage(browser);
  await personaLogin(admin.page, 'admin');
  await admin.page.goto(`${baseUrl()}/workbench/disclosure/calendar/index`);
  await admin.page.locator('#dc-year-2027').click();
  await admin.page.locator('.dc-status', { hasText: '2027年' }).waitFor();
  await expect(admin.page.locator('.dc-status').innerText()).resolves.toContain('预计安排（通知尚未公布）');
  await admin.page.locator('#dc-date input').fill('2027-02-04');
  await admin.page.locator('#dc-name input').fill('春节');
  await admin.page.locator('#dc-save').click();
  await admin.page.locator('.dc-day', { hasText: '2027-02-04' }).waitFor();
  await expect(admin.page.locator('.dc-day', { hasText: '2027-02-04' }).innerText()).resolves.toContain(
    '人工录入',
  );
  await shot(admin.page, 'calendar', '.dc-status');
  expect([...staff.errors, ...admin.errors]).toEqual([]);
});
