import { CalendarRules } from '../../server/src/modules/calendar/days';
import {
  computeDeadline,
  pausedWorkdays,
  receiptDate,
  supplementDueOn,
  supplementNoticeLastDay,
} from '../../server/src/modules/disclosure/deadline';

const cal = new CalendarRules();
const due = (
  receivedOn: string,
  today = receivedOn,
  extensionDays = 0,
  pauses: { startedOn: string; endedOn: string | null }[] = [],
) => computeDeadline(cal, { receivedOn, extensionDays, pauses, today });

describe('deadline engine on the official 2026 calendar', () => {
  test('Spring Festival: 2/14 and 2/28 Saturdays count, 2/15-2/23 do not', () => {
    expect(due('2026-02-10')).toEqual({
      receivedOn: '2026-02-10',
      dueOn: '2026-03-16',
      workingDaysLeft: 20,
      dueSoon: false,
      overdue: false,
      provisional: false,
      pausedDays: 0,
    });
  });

  test('Labour Day: 5/1-5/5 off, Saturday 5/9 worked', () => {
    expect(due('2026-04-20').dueOn).toBe('2026-05-20');
  });

  test('National Day and Mid-Autumn: 9/20 Sunday and 10/10 Saturday worked', () => {
    expect(due('2026-09-18').dueOn).toBe('2026-10-22');
    expect(due('2026-09-20').dueOn).toBe('2026-10-23');
  });

  test('receipt date: a make-up working day counts as the day itself; a holiday moves to the next working day', () => {
    expect(receiptDate(cal, '2026-02-14')).toBe('2026-02-14');
    expect(due('2026-02-14').dueOn).toBe('2026-03-20');
    expect(receiptDate(cal, '2026-02-15')).toBe('2026-02-24');
    expect(receiptDate(cal, '2026-11-29')).toBe('2026-11-30');
    // Seen on the Sunday before the Monday receipt: the whole period is left.
    expect(due('2026-11-30', '2026-11-29')).toMatchObject({ dueOn: '2026-12-28', workingDaysLeft: 20 });
  });

  test('an extension of 20 working days', () => {
    expect(due('2026-09-18', '2026-09-18', 20).dueOn).toBe('2026-11-19');
    expect(due('2026-09-18', '2026-09-18', 5).dueOn).toBe('2026-10-29');
  });

  test('a consultation pauses the clock for its working days (at most 15)', () => {
    const ended = { startedOn: '2026-04-27', endedOn: '2026-05-11' };
    expect(pausedWorkdays(cal, ended, '2026-06-01')).toBe(8);
    expect(due('2026-04-20', '2026-05-12', 0, [ended])).toMatchObject({ dueOn: '2026-06-01', pausedDays: 8 });
    // Still running: paused up to today.
    const running = { startedOn: '2026-04-27', endedOn: null };
    expect(due('2026-04-20', '2026-04-30', 0, [running])).toMatchObject({
      dueOn: '2026-05-25',
      pausedDays: 3,
    });
    // Capped at 15 working days.
    expect(pausedWorkdays(cal, { startedOn: '2026-06-01', endedOn: '2026-07-31' }, '2026-08-01')).toBe(15);
  });

  test('a deadline that runs into 2027 is provisional', () => {
    expect(due('2026-12-15')).toMatchObject({ dueOn: '2027-01-13', provisional: true });
    expect(due('2026-11-30')).toMatchObject({ dueOn: '2026-12-28', provisional: false });
  });

  test('working days left, due soon and overdue', () => {
    expect(due('2026-02-10', '2026-03-06')).toMatchObject({
      workingDaysLeft: 6,
      dueSoon: false,
      overdue: false,
    });
    expect(due('2026-02-10', '2026-03-09')).toMatchObject({
      workingDaysLeft: 5,
      dueSoon: true,
      overdue: false,
    });
    expect(due('2026-02-10', '2026-03-16')).toMatchObject({
      workingDaysLeft: 0,
      dueSoon: true,
      overdue: false,
    });
    expect(due('2026-02-10', '2026-03-17')).toMatchObject({
      workingDaysLeft: -1,
      dueSoon: false,
      overdue: true,
    });
    expect(due('2026-02-10', '2026-03-21')).toMatchObject({ workingDaysLeft: -4, overdue: true });
  });

  test('补正: notice within 7 working days of receipt, reply in 15 working days', () => {
    expect(supplementNoticeLastDay(cal, '2026-09-28')).toBe('2026-10-13');
    expect(supplementDueOn(cal, '2026-04-28', 15)).toBe('2026-05-21');
  });

  test('an override entered by staff moves the due date', () => {
    const c = new CalendarRules([{ date: '2026-03-02', workday: false, name: '临时调整' }]);
    expect(
      computeDeadline(c, { receivedOn: '2026-02-10', extensionDays: 0, pauses: [], today: '2026-02-10' })
        .dueOn,
    ).toBe('2026-03-17');
  });
});
