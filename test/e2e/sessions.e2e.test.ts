/// <reference lib="dom" />
/**
 * 政务公开讲 in real Chromium: a citizen books a seat from the 公开讲 tab, confirming
 * with a contact phone, and sees the booking code and QR in 我的预约; an organizer in a
 * second browser context sees the phone masked in the roster and checks them in by code
 * (a second scan says when); the citizen then sees 已签到.
 */
import type { Browser } from 'playwright-core';
import { baseUrl, launchBrowser, newPhonePage, citizenLogin, personaLogin } from '../support/browser';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const TITLE = '高校毕业生就业创业扶持政策解读'; // a demo session of JX-RST, organizer1's organ

test('a citizen books, an organizer checks them in by code, the citizen sees 已签到', async () => {
  const citizen = await newPhonePage(browser);
  const c = citizen.page;
  await citizenLogin(c, '孙梅');

  // 公开讲: cards with seats and clear button states.
  await c.goto(`${baseUrl()}/pages/lecture/index`);
  const card = c.locator('.session-card', { hasText: TITLE });
  await card.waitFor();
  await expect(
    c.locator('.session-card', { hasText: '城乡居民基本养老保险' }).locator('.session-book').innerText(),
  ).resolves.toBe('已满，加入候补');
  await expect(
    c.locator('.session-card', { hasText: '优化营商环境' }).locator('.session-book').innerText(),
  ).resolves.toBe('未开放');
  await expect(card.locator('.session-card__seats').innerText()).resolves.toBe('余 57 席 / 共 60 席');
  await c.screenshot({ path: '/tmp/sessions-lecture.png' });
  const sessionId = (await card.getAttribute('id'))!.replace('session-', '');

  // Detail page, then book.
  await card.locator('.session-card__title').click();
  await c.locator('#session-title').waitFor();
  await expect(c.locator('#session-book').innerText()).resolves.toBe('立即预约');
  await c.screenshot({ path: '/tmp/sessions-detail.png' });
  await c.locator('#session-book').click();
  // The confirmation sheet: what is booked, an optional phone and why it is asked.
  const sheet = c.locator('.booking-sheet__panel');
  await sheet.waitFor();
  await expect(sheet.locator('.booking-sheet__name').innerText()).resolves.toBe(TITLE);
  await expect(sheet.locator('.booking-sheet__why').innerText()).resolves.toBe(
    '用于活动变更时联系您，仅主办单位可见，名单中脱敏显示。',
  );
  await c.locator('#booking-phone input').fill('1381234567');
  await c.locator('#booking-confirm').click();
  await c.locator('.booking-phone-error', { hasText: '请输入正确的11位手机号码' }).waitFor();
  await c.locator('#booking-phone input').fill('13812345678');
  await c.screenshot({ path: '/tmp/sessions-booking-sheet.png' });
  await c.locator('#booking-confirm').click();
  await c.locator('#session-book', { hasText: '已预约' }).waitFor();
  expect(await c.locator('.booking-sheet').count()).toBe(0);

  // 我的预约: code and QR.
  await c.goto(`${baseUrl()}/pages/my-bookings/index`);
  const booking = c.locator('.booking-card', { hasText: TITLE });
  await booking.locator('.booking-code').waitFor();
  const code = (await booking.locator('.booking-code').innerText()).trim();
  expect(code).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
  await booking.locator('.booking-qr').waitFor();
  await expect(booking.locator('.booking-status').innerText()).resolves.toBe('预约成功');
  await c.screenshot({ path: '/tmp/sessions-my-bookings.png' });

  // The organizer, in a second browser context.
  const organizer = await newPhonePage(browser);
  const o = organizer.page;
  await personaLogin(o, 'organizer1');
  await o.goto(`${baseUrl()}/workbench/sessions/index`);
  await o.locator(`#wbs-${sessionId}`).waitFor();
  await o.screenshot({ path: '/tmp/sessions-workbench.png' });
  await o.locator(`#wbs-${sessionId} .wbs-roster`).click();
  await o.locator(`#roster-${code}`).waitFor();
  await expect(o.locator(`#roster-${code} .roster-state`).innerText()).resolves.toBe('未签到');
  // The phone typed at booking, masked.
  await expect(o.locator(`#roster-${code} .zw-list-item__desc`).innerText()).resolves.toMatch(
    new RegExp(`^预约码 ${code}\\s+·\\s+138\\*{4}5678$`),
  );
  await o.locator('#checkin-code input').fill(code.toLowerCase());
  await o.locator('#checkin-submit').click();
  await o.locator('.checkin-result', { hasText: '签到成功' }).waitFor();
  await expect(o.locator('.checkin-result').innerText()).resolves.toContain('孙梅');
  await o.locator(`#roster-${code} .roster-state`, { hasText: '已签到' }).waitFor();
  await o.locator('#checkin-code input').fill(code);
  await o.locator('#checkin-submit').click();
  await o.locator('.checkin-result', { hasText: /已于 \d{2}:\d{2} 签到/ }).waitFor();
  await expect(o.locator('.wbs-checked-count').innerText()).resolves.toBe('1');
  await o.locator('#checkin-code input').fill('ZZZZZZ');
  await o.locator('#checkin-submit').click();
  await o.locator('.checkin-result', { hasText: '未找到该预约码' }).waitFor();
  await o.screenshot({ path: '/tmp/sessions-roster.png' });

  // The citizen sees 已签到.
  await c.reload();
  await booking.locator('.booking-status', { hasText: '已签到' }).waitFor();
  await expect(booking.locator('.booking-checked').innerText()).resolves.toMatch(/^已于 .+ 签到入场$/);
  expect(await booking.locator('.booking-qr').count()).toBe(0);
  await c.screenshot({ path: '/tmp/sessions-checked-in.png' });

  expect(citizen.errors).toEqual([]);
  expect(organizer.errors).toEqual([]);
});

test('an organizer creates a session in the editor, publishes it, and citizens can see it', async () => {
  const { page: o, errors } = await newPhonePage(browser);
  await personaLogin(o, 'organizer1');
  await o.goto(`${baseUrl()}/workbench/sessions/index`);
  await o.locator('#wbs-create').click();
  await o.locator('#wbs-title input').waitFor();
  await o.locator('#wbs-title input').fill('工伤保险待遇申领政策解读');
  await o.locator('#wbs-room input').fill('一楼政策解读室');
  await o.locator('#wbs-capacity input').fill('40');
  await o.locator('#wbs-speakers textarea').fill('陈晓燕 工伤保险处处长');
  await o
    .locator('#wbs-description textarea')
    .fill('讲解工伤认定、劳动能力鉴定和工伤保险待遇申领流程，现场答疑。');
  await o.locator('#wbs-save').click();
  await o.locator('.wbs-status', { hasText: '草稿' }).waitFor();
  await o.locator('#wbs-publish').click();
  await o.locator('.wbs-status', { hasText: '已发布' }).waitFor();
  await o.screenshot({ path: '/tmp/sessions-editor.png' });

  const { page: c } = await newPhonePage(browser);
  await c.goto(`${baseUrl()}/pages/lecture/index`);
  const card = c.locator('.session-card', { hasText: '工伤保险待遇申领政策解读' });
  await card.waitFor();
  await expect(card.locator('.session-card__seats').innerText()).resolves.toBe('余 40 席 / 共 40 席');
  await expect(card.locator('.session-book').innerText()).resolves.toBe('立即预约');
  expect(errors).toEqual([]);
});

test('a citizen asks a question in advance; the organizer sees it grouped and marks it answered', async () => {
  const citizen = await newPhonePage(browser);
  const c = citizen.page;
  await citizenLogin(c, '周强');
  await c.goto(`${baseUrl()}/pages/lecture/index`);
  const card = c.locator('.session-card', { hasText: TITLE });
  await card.waitFor();
  const sessionId = (await card.getAttribute('id'))!.replace('session-', '');
  await c.goto(`${baseUrl()}/pages/session-detail/index?id=${sessionId}`);
  await c.locator('#question-text textarea').waitFor();
  await c.locator('#question-submit').click();
  await c.locator('.question-error', { hasText: '问题至少5个字' }).waitFor();
  const text = '应届毕业生灵活就业的社保补贴怎么申请？';
  await c.locator('#question-text textarea').fill(text);
  await c.locator('#question-submit').click();
  const mine = c.locator('.session-question', { hasText: text });
  await mine.waitFor();
  await expect(mine.locator('.zw-tag').innerText()).resolves.toBe('待解答');
  await c.screenshot({ path: '/tmp/sessions-question.png' });

  const organizer = await newPhonePage(browser);
  const o = organizer.page;
  await personaLogin(o, 'organizer1');
  await o.goto(`${baseUrl()}/workbench/sessions/questions?id=${sessionId}`);
  const q = o.locator('.wbs-question', { hasText: text });
  await q.waitFor();
  await q.locator(`[aria-label="标记已解答：${text}"]`).click();
  await o.locator('#questions-count', { hasText: /已解答 1\// }).waitFor();
  await o.screenshot({ path: '/tmp/sessions-questions-board.png' });

  await c.reload();
  await c
    .locator('.session-question', { hasText: text })
    .locator('.zw-tag', { hasText: '已现场解答' })
    .waitFor();
  expect(citizen.errors).toEqual([]);
  expect(organizer.errors).toEqual([]);
}, 180000);
