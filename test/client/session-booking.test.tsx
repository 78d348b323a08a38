/**
 * Booking from a session card: the button states, the login prompt, and the confirmation
 * sheet with its optional contact phone (checked here before the server sees it).
 */
import { act, fireEvent, render } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { SessionListItem } from '@zwgk/types';
import { resetTaroMock } from './mocks/taro';
import PageShell from '../../client/src/components/PageShell';
import SessionCard from '../../client/src/pages/lecture/SessionCard';
import { PHONE_NOTE } from '../../client/src/pages/lecture/BookingSheet';
import { setLargeFont } from '../../client/src/store/preferences';
import { clearSession, saveLogin } from '../../client/src/store/session';
import { apiError, bookingOf, json, loginResult, makeUser, SESSION_ID, sessionItem } from './fixtures';

const request = Taro.request as unknown as jest.Mock;
const SID = SESSION_ID;

const session = sessionItem;
const booking = bookingOf;

function renderCard(s: SessionListItem, onBooked = jest.fn()) {
  const view = render(
    <PageShell>
      <SessionCard session={s} onBooked={onBooked} />
    </PageShell>,
  );
  const $ = (sel: string) => view.container.querySelector(sel);
  return { ...view, $, onBooked };
}

const bookingCalls = () =>
  request.mock.calls
    .map(([o]) => o as { url: string; method?: string; data?: unknown; header: Record<string, string> })
    .filter((o) => o.url === `/api/v1/sessions/${SID}/bookings`);

function typePhone($: (sel: string) => Element | null, value: string) {
  fireEvent.change($('#booking-phone')!, { target: { value } });
}

beforeEach(() => {
  resetTaroMock();
  clearSession();
  setLargeFont(false);
  saveLogin(loginResult(makeUser({ displayName: '孙梅' })));
});

test('the button says what the citizen can do; only 立即预约 and 加入候补 open the sheet', async () => {
  const cases: [SessionListItem['bookingState'], string, boolean][] = [
    ['not_open', '未开放', false],
    ['open', '立即预约', true],
    ['waitlist', '已满，加入候补', true],
    ['closed', '已截止', false],
    ['cancelled', '已取消', false],
  ];
  for (const [state, label, opens] of cases) {
    const { $, unmount } = renderCard(session({ bookingState: state }));
    const btn = $('.session-book')!;
    expect(btn.textContent).toBe(label);
    expect(btn.classList.contains('session-card__btn--off')).toBe(!opens);
    await act(async () => {
      fireEvent.click(btn);
    });
    expect(!!$('.booking-sheet')).toBe(opens);
    unmount();
  }
  expect(Taro.navigateTo).not.toHaveBeenCalled();
  expect(request).not.toHaveBeenCalled();
});

test('已预约 opens 我的预约 instead of the sheet', async () => {
  const { $ } = renderCard(
    session({ myBooking: { id: '64b7f0c2a1b2c3d4e5f6c001', status: 'confirmed', checkedIn: false } }),
  );
  expect($('.session-book')!.textContent).toBe('已预约');
  await act(async () => {
    fireEvent.click($('.session-book')!);
  });
  expect(Taro.navigateTo).toHaveBeenCalledTimes(1);
  expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/my-bookings/index' });
  expect($('.booking-sheet')).toBeNull();
});

test('the sheet shows the session and why the phone is asked; a bad phone is refused before sending', async () => {
  const { $ } = renderCard(session());
  await act(async () => {
    fireEvent.click($('.session-book')!);
  });
  expect($('#booking-sheet-title')!.textContent).toBe('确认预约');
  expect($('.booking-sheet__name')!.textContent).toBe('高校毕业生就业创业扶持政策解读');
  expect($('.booking-sheet__time')!.textContent).toBe('12月3日（周四）14:30-16:00');
  expect($('.booking-sheet .zw-field__label')!.textContent).toBe('联系电话（选填）');
  expect($('.booking-sheet__why')!.textContent).toBe(
    '用于活动变更时联系您，仅主办单位可见，名单中脱敏显示。',
  );
  expect(PHONE_NOTE).toBe($('.booking-sheet__why')!.textContent);
  expect(($('#booking-phone') as HTMLInputElement).value).toBe('');
  expect($('#booking-confirm')!.textContent).toBe('确认预约');
  expect($('#booking-cancel')!.textContent).toBe('取消');
  // A tap inside the sheet does not open the detail page behind it.
  fireEvent.click($('.booking-sheet__panel')!);
  expect(Taro.navigateTo).not.toHaveBeenCalled();

  for (const bad of ['1381234567', '23812345678', '138123456789', '1381234567a']) {
    typePhone($, bad);
    await act(async () => {
      fireEvent.click($('#booking-confirm')!);
    });
    expect($('.booking-phone-error')?.textContent).toBe('请输入正确的11位手机号码');
  }
  expect(bookingCalls()).toEqual([]);
  // Typing again clears the message.
  typePhone($, '138');
  expect($('.booking-phone-error')).toBeNull();
});

test('确认预约 sends the typed phone (spaces removed) once, then closes and refreshes', async () => {
  request.mockImplementation(() => json(201, { booking: booking() }));
  const { $, onBooked } = renderCard(session());
  await act(async () => {
    fireEvent.click($('.session-book')!);
  });
  typePhone($, '138 1234 5678');
  await act(async () => {
    fireEvent.click($('#booking-confirm')!);
  });
  const calls = bookingCalls();
  expect(calls).toHaveLength(1);
  expect(calls[0]!.method).toBe('POST');
  expect(calls[0]!.data).toEqual({ phone: '13812345678' });
  expect(calls[0]!.header['Idempotency-Key']).toMatch(/^[0-9a-f]+-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/);
  expect(calls[0]!.header.Authorization).toBe('Bearer access-1');
  expect(Taro.showToast).toHaveBeenCalledWith({ title: '预约成功', icon: 'success' });
  expect($('.booking-sheet')).toBeNull();
  expect(onBooked).toHaveBeenCalledTimes(1);
});

test('without a phone the body is empty; 加入候补 says the waiting position', async () => {
  request.mockImplementation(() =>
    json(201, { booking: booking({ status: 'waitlisted', seatNo: null, waitlistPosition: 3 }) }),
  );
  const { $, onBooked } = renderCard(session({ bookingState: 'waitlist', seatsLeft: 0, waitlistCount: 2 }));
  await act(async () => {
    fireEvent.click($('.session-book')!);
  });
  expect($('#booking-sheet-title')!.textContent).toBe('加入候补');
  expect($('#booking-confirm')!.textContent).toBe('加入候补');
  await act(async () => {
    fireEvent.click($('#booking-confirm')!);
  });
  expect(bookingCalls().map((c) => c.data)).toEqual([{}]);
  expect(Taro.showToast).toHaveBeenCalledWith({ title: '已加入候补，第3位', icon: 'none' });
  expect(onBooked).toHaveBeenCalledTimes(1);
});

test('取消 and the mask close the sheet without booking', async () => {
  const { $, onBooked } = renderCard(session());
  await act(async () => {
    fireEvent.click($('.session-book')!);
  });
  typePhone($, '13812345678');
  fireEvent.click($('#booking-cancel')!);
  expect($('.booking-sheet')).toBeNull();
  await act(async () => {
    fireEvent.click($('.session-book')!);
  });
  // A new sheet starts empty.
  expect(($('#booking-phone') as HTMLInputElement).value).toBe('');
  fireEvent.click($('.booking-sheet__mask')!);
  expect($('.booking-sheet')).toBeNull();
  expect(request).not.toHaveBeenCalled();
  expect(onBooked).not.toHaveBeenCalled();
  expect(Taro.navigateTo).not.toHaveBeenCalled();
});

test("the server's refusal shows in the sheet; a 409 refreshes the list when it closes", async () => {
  request.mockImplementationOnce(() =>
    json(422, {
      error: {
        code: 'VALIDATION_FAILED',
        message: '提交的内容有误：phone 请输入正确的11位手机号码',
        details: { where: 'body', fields: [{ path: 'phone', message: '请输入正确的11位手机号码' }] },
      },
    }),
  );
  request.mockImplementationOnce(() => apiError(409, 'BOOKING_CLOSED', '该场次预约已截止'));
  const { $, onBooked } = renderCard(session());
  await act(async () => {
    fireEvent.click($('.session-book')!);
  });
  typePhone($, '13812345678');
  await act(async () => {
    fireEvent.click($('#booking-confirm')!);
  });
  expect($('.booking-phone-error')!.textContent).toBe('请输入正确的11位手机号码');
  expect($('.booking-sheet__error')).toBeNull();
  await act(async () => {
    fireEvent.click($('#booking-confirm')!);
  });
  expect($('.booking-sheet__error')!.textContent).toBe('该场次预约已截止');
  expect(Taro.showToast).not.toHaveBeenCalled();
  expect(onBooked).not.toHaveBeenCalled();
  fireEvent.click($('#booking-cancel')!);
  expect($('.booking-sheet')).toBeNull();
  expect(onBooked).toHaveBeenCalledTimes(1);
});

test('a visitor is asked to log in first, and no sheet opens', async () => {
  clearSession();
  (Taro.showModal as jest.Mock).mockResolvedValueOnce({ confirm: true, cancel: false });
  const { $ } = renderCard(session());
  await act(async () => {
    fireEvent.click($('.session-book')!);
  });
  expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '请先登录' }));
  expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/login/index' });
  expect($('.booking-sheet')).toBeNull();
  expect(request).not.toHaveBeenCalled();
});

test('in large-font mode the sheet sits inside the large-font page', async () => {
  setLargeFont(true);
  const { $ } = renderCard(session());
  await act(async () => {
    fireEvent.click($('.session-book')!);
  });
  expect($('.booking-sheet')!.closest('.zw-page')!.classList.contains('zw-large')).toBe(true);
});
