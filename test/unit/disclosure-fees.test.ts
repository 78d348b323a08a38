import { FeeNoticeInputSchema, feePerPage, feePerRequest } from '@zwgk/types';
import { CalendarRules } from '../../server/src/modules/calendar/days';
import { computeDeadline, feePause, feePayBy } from '../../server/src/modules/disclosure/deadline';

describe('按件计收: the n-th request of one applicant in a natural month', () => {
  test('1–10 free', () => {
    for (const n of [1, 5, 10])
      expect(feePerRequest(n)).toEqual({ basis: 'per_request', amount: 0, lines: [] });
  });
  test('11–30 at 100 yuan each', () => {
    expect(feePerRequest(11).amount).toBe(100);
    expect(feePerRequest(30).amount).toBe(100);
    expect(feePerRequest(11).lines).toEqual([
      { label: '本自然月第11件（11—30件档）', quantity: 1, unitPrice: 100, amount: 100 },
    ]);
  });
  test('from the 31st: +100 yuan per band of 10', () => {
    expect(feePerRequest(31).amount).toBe(200);
    expect(feePerRequest(40).amount).toBe(200);
    expect(feePerRequest(41).amount).toBe(300);
    expect(feePerRequest(50).amount).toBe(300);
    expect(feePerRequest(51).amount).toBe(400);
    expect(feePerRequest(41).lines[0]!.label).toBe('本自然月第41件（41—50件档）');
  });
  test('nonsense ordinals are refused', () => {
    expect(() => feePerRequest(0)).toThrow(RangeError);
    expect(() => feePerRequest(2.5)).toThrow(RangeError);
  });
});

describe('按量计收: pages, by band (only the pages within each band at its price)', () => {
  test('≤30 pages free', () => {
    expect(feePerPage(1).amount).toBe(0);
    expect(feePerPage(30)).toEqual({ basis: 'per_page', amount: 0, lines: [] });
  });
  test('31–100 at 10 yuan a page', () => {
    expect(feePerPage(31).amount).toBe(10);
    expect(feePerPage(100).amount).toBe(700);
  });
  test('101–200 at 20, from 201 at 40', () => {
    expect(feePerPage(101).amount).toBe(720);
    expect(feePerPage(200).amount).toBe(2700);
    expect(feePerPage(201).amount).toBe(2740);
    expect(feePerPage(250)).toEqual({
      basis: 'per_page',
      amount: 700 + 2000 + 50 * 40,
      lines: [
        { label: '31—100页部分', quantity: 70, unitPrice: 10, amount: 700 },
        { label: '101—200页部分', quantity: 100, unitPrice: 20, amount: 2000 },
        { label: '201页以上部分', quantity: 50, unitPrice: 40, amount: 2000 },
      ],
    });
  });
  test('the notice input needs pages for 按量', () => {
    expect(FeeNoticeInputSchema.safeParse({ basis: 'per_page' }).success).toBe(false);
    expect(FeeNoticeInputSchema.safeParse({ basis: 'per_page', pages: 120 }).success).toBe(true);
    expect(FeeNoticeInputSchema.safeParse({ basis: 'per_request' }).success).toBe(true);
  });
});

describe('the fee notice in the deadline engine (official 2026 calendar)', () => {
  const cal = new CalendarRules([], []);
  test('pay by the 20th working day after the notice, Labour Day skipped', () => {
    // Notice on Mon 2026-04-27: 5/1–5/5 off, Sat 5/9 a make-up working day.
    expect(feePayBy(cal, '2026-04-27')).toBe('2026-05-27');
  });
  test('the clock stops from the notice until payment', () => {
    const base = { receivedOn: '2026-04-20', extensionDays: 0, today: '2026-04-22' };
    expect(computeDeadline(cal, { ...base, pauses: [] }).dueOn).toBe('2026-05-20');
    // Notice 4/22, paid 4/24: two working days (4/23, 4/24) not counted.
    const paid = computeDeadline(cal, {
      ...base,
      today: '2026-04-24',
      pauses: [feePause({ noticeOn: '2026-04-22', paidOn: '2026-04-24' })],
    });
    expect(paid).toMatchObject({ dueOn: '2026-05-22', pausedDays: 2 });
    // Unpaid: it runs up to today, at most the 20 days allowed to pay.
    const unpaid = computeDeadline(cal, {
      ...base,
      today: '2026-07-01',
      pauses: [feePause({ noticeOn: '2026-04-22', paidOn: null })],
    });
    expect(unpaid.pausedDays).toBe(20);
  });
});
