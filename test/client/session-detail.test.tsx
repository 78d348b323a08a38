/**
 * The session detail page: related policies by title and 文号 (never an unpublished one), and
 * booking through the confirmation sheet with a contact phone.
 */
import { act, fireEvent, render } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { LectureSession } from '@zwgk/types';
import { resetTaroMock } from './mocks/taro';
import SessionDetailPage from '../../client/src/pages/session-detail/index';
import { setLargeFont } from '../../client/src/store/preferences';
import { clearSession, saveLogin } from '../../client/src/store/session';
import { bookingOf, json, loginResult, makeUser, SESSION_ID, sessionItem } from './fixtures';

jest.mock('@tarojs/taro', () => {
  const actual = jest.requireActual('./mocks/taro');
  return { __esModule: true, ...actual, useRouter: () => ({ params: { id: '64b7f0c2a1b2c3d4e5f6a001' } }) };
});
jest.mock('@tarojs/components', () => {
  const actual = jest.requireActual('./mocks/components');
  return { __esModule: true, ...actual, Textarea: () => null };
});

const request = Taro.request as unknown as jest.Mock;
const SID = SESSION_ID;
const PUBLISHED = '64b7f0c2a1b2c3d4e5f6d001';
const DRAFT = '64b7f0c2a1b2c3d4e5f6d002';

function detail(overrides: Partial<LectureSession> = {}): LectureSession {
  return {
    ...sessionItem(),
    description: '讲解高校毕业生就业创业扶持政策，现场答疑。',
    organId: '64b7f0c2a1b2c3d4e5f60002',
    speakers: [],
    bookingClosesAt: '2026-12-03T06:30:00.000Z',
    cancelCutoff: '2026-12-03T04:30:00.000Z',
    confirmedCount: 3,
    checkedInCount: 0,
    cancelReason: null,
    relatedPolicies: [
      // What an organizer of the session gets for an unpublished document: the id only.
      { id: DRAFT, title: null, docNo: null, link: `/pages/policy-detail/index?id=${DRAFT}` },
      {
        id: PUBLISHED,
        title: '2023年江西省政务公开工作要点',
        docNo: '赣府公开办字〔2023〕2号',
        link: `/pages/policy-detail/index?id=${PUBLISHED}`,
      },
    ],
    questionCount: 0,
    feedback: null,
    ...overrides,
  };
}

beforeEach(() => {
  resetTaroMock();
  clearSession();
  setLargeFont(false);
  saveLogin(loginResult(makeUser({ displayName: '孙梅' })));
});

test('related policies show title and 文号; an unpublished one is not listed', async () => {
  request.mockImplementation((o: { url: string }) =>
    o.url === `/api/v1/sessions/${SID}` ? json(200, { session: detail() }) : json(200, { items: [] }),
  );
  const { container } = render(<SessionDetailPage />);
  await act(async () => {});
  const items = Array.from(container.querySelectorAll('.session-policy'));
  expect(items.map((i) => i.querySelector('.session-policy__title')!.textContent)).toEqual([
    '2023年江西省政务公开工作要点',
  ]);
  expect(items[0]!.querySelector('.session-policy__docno')!.textContent).toBe('赣府公开办字〔2023〕2号');
  expect(container.textContent).not.toContain('相关政策文件');
  fireEvent.click(items[0]!);
  expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/pages/policy-detail/index?id=${PUBLISHED}` });
});

test('no published related policy: no 相关政策 section', async () => {
  request.mockImplementation((o: { url: string }) =>
    o.url === `/api/v1/sessions/${SID}`
      ? json(200, { session: detail({ relatedPolicies: [detail().relatedPolicies[0]!] }) })
      : json(200, { items: [] }),
  );
  const { container } = render(<SessionDetailPage />);
  await act(async () => {});
  expect(container.querySelector('#session-title')!.textContent).toBe('高校毕业生就业创业扶持政策解读');
  expect(container.querySelector('.session-policies')).toBeNull();
});

test('立即预约 → sheet → phone → 确认预约; the page reloads and shows 已预约', async () => {
  let booked = false;
  request.mockImplementation((o: { url: string; method?: string }) => {
    if (o.url === `/api/v1/sessions/${SID}/bookings` && o.method === 'POST') {
      booked = true;
      return json(201, {
        booking: bookingOf({ qr: 'signed' }),
      });
    }
    if (o.url === `/api/v1/sessions/${SID}`) {
      return json(200, {
        session: detail(
          booked
            ? { myBooking: { id: '64b7f0c2a1b2c3d4e5f6c001', status: 'confirmed', checkedIn: false } }
            : {},
        ),
      });
    }
    return json(200, { items: [] });
  });
  const { container } = render(<SessionDetailPage />);
  await act(async () => {});
  const $ = (sel: string) => container.querySelector(sel);
  expect($('#session-book')!.textContent).toBe('立即预约');
  await act(async () => {
    fireEvent.click($('#session-book')!);
  });
  expect($('.booking-sheet__name')!.textContent).toBe('高校毕业生就业创业扶持政策解读');
  expect($('.booking-sheet__line:not(.booking-sheet__time)')!.textContent).toBe(
    '江西省政务服务中心政务公开专区（一楼政策解读室）',
  );
  fireEvent.change($('#booking-phone')!, { target: { value: '13812345678' } });
  await act(async () => {
    fireEvent.click($('#booking-confirm')!);
  });
  const posts = request.mock.calls.map(([o]) => o).filter((o) => o.method === 'POST');
  expect(posts.map((o) => [o.url, o.data])).toEqual([
    [`/api/v1/sessions/${SID}/bookings`, { phone: '13812345678' }],
  ]);
  expect($('.booking-sheet')).toBeNull();
  expect($('#session-book')!.textContent).toBe('已预约 · 查看预约码');
});
