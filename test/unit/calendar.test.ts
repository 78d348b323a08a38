import {
  addWorkdays,
  CalendarRules,
  daysOfYear,
  qingming,
  sameOrNextWorkday,
  statutoryHolidays,
  workdaysBetween,
} from '../../server/src/modules/calendar/days';

const cal = new CalendarRules();
const off = (dates: string[]) => dates.map((d) => cal.day(d).workday);

describe('official 2026 calendar (State Council notice published 2025-11-04)', () => {
  test('holidays of the notice are days off', () => {
    const holidays = [
      '2026-01-01',
      '2026-01-02',
      '2026-01-03',
      '2026-02-15',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-02-21',
      '2026-02-22',
      '2026-02-23',
      '2026-04-04',
      '2026-04-05',
      '2026-04-06',
      '2026-05-01',
      '2026-05-02',
      '2026-05-03',
      '2026-05-04',
      '2026-05-05',
      '2026-06-19',
      '2026-06-20',
      '2026-06-21',
      '2026-09-25',
      '2026-09-26',
      '2026-09-27',
      '2026-10-01',
      '2026-10-02',
      '2026-10-03',
      '2026-10-04',
      '2026-10-05',
      '2026-10-06',
      '2026-10-07',
    ];
    expect(off(holidays).every((w) => w === false)).toBe(true);
    expect(holidays.every((d) => cal.day(d).provisional === false)).toBe(true);
    expect(cal.day('2026-02-17')).toEqual({
      date: '2026-02-17',
      workday: false,
      provisional: false,
      name: '春节',
    });
  });

  test('make-up working days on weekends are working days', () => {
    const makeUps = ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'];
    expect(off(makeUps)).toEqual([true, true, true, true, true, true]);
    expect(cal.day('2026-02-14')).toMatchObject({ workday: true, name: '春节调休上班' });
    // An ordinary weekend stays off, an ordinary weekday stays on.
    expect(off(['2026-03-07', '2026-03-08', '2026-03-09'])).toEqual([false, false, true]);
  });

  test('2026 has 248 working days (261 weekdays − 19 holidays + 6 make-up days); 2027 is provisional', () => {
    expect(daysOfYear(cal, 2026).filter((d) => d.workday)).toHaveLength(248);
    expect(cal.isProvisionalYear(2026)).toBe(false);
    expect(cal.isProvisionalYear(2027)).toBe(true);
  });
});

describe('provisional calendar for years without a notice', () => {
  test('2027: statutory holidays only, lunar dates computed, no make-up days', () => {
    const h = statutoryHolidays(2027);
    expect([...h.entries()].sort()).toEqual([
      ['2027-01-01', '元旦'],
      ['2027-02-05', '春节'],
      ['2027-02-06', '春节'],
      ['2027-02-07', '春节'],
      ['2027-02-08', '春节'],
      ['2027-04-05', '清明节'],
      ['2027-05-01', '劳动节'],
      ['2027-05-02', '劳动节'],
      ['2027-06-09', '端午节'],
      ['2027-09-15', '中秋节'],
      ['2027-10-01', '国庆节'],
      ['2027-10-02', '国庆节'],
      ['2027-10-03', '国庆节'],
    ]);
    expect(cal.day('2027-02-05')).toEqual({
      date: '2027-02-05',
      workday: false,
      provisional: true,
      name: '春节',
    });
    expect(cal.day('2027-02-09')).toEqual({ date: '2027-02-09', workday: true, provisional: true });
    expect(cal.day('2027-02-13')).toEqual({ date: '2027-02-13', workday: false, provisional: true });
  });

  test('清明 by the solar-term formula', () => {
    expect([2026, 2027, 2028, 2029, 2030, 2032, 2035].map(qingming)).toEqual([
      '2026-04-05',
      '2027-04-05',
      '2028-04-04',
      '2029-04-04',
      '2030-04-05',
      '2032-04-04',
      '2035-04-05',
    ]);
  });

  test('a staff override wins, and a confirmed year is no longer provisional', () => {
    const c = new CalendarRules(
      [
        { date: '2027-02-04', workday: false, name: '春节' },
        { date: '2027-02-20', workday: true, name: '春节调休上班' },
      ],
      [2027],
    );
    expect(c.day('2027-02-04')).toEqual({
      date: '2027-02-04',
      workday: false,
      provisional: false,
      name: '春节',
    });
    expect(c.day('2027-02-20')).toMatchObject({ workday: true, provisional: false });
    expect(c.day('2027-02-22').provisional).toBe(false);
    const unconfirmed = new CalendarRules([{ date: '2027-02-04', workday: false, name: '春节' }]);
    expect(unconfirmed.day('2027-02-04')).toMatchObject({ workday: false, provisional: true });
  });
});

describe('working-day arithmetic', () => {
  test('the N-th working day after a date, the date itself not counted', () => {
    expect(addWorkdays(cal, '2026-02-13', 1)).toEqual({ date: '2026-02-14', provisional: false });
    expect(addWorkdays(cal, '2026-02-14', 1)).toEqual({ date: '2026-02-24', provisional: false });
    expect(addWorkdays(cal, '2026-09-30', 1)).toEqual({ date: '2026-10-08', provisional: false });
    expect(addWorkdays(cal, '2026-12-31', 1)).toEqual({ date: '2027-01-04', provisional: true });
    expect(addWorkdays(cal, '2026-06-01', 0)).toEqual({ date: '2026-06-01', provisional: false });
  });

  test('same-or-next working day and working days between', () => {
    expect(sameOrNextWorkday(cal, '2026-10-01')).toBe('2026-10-08');
    expect(sameOrNextWorkday(cal, '2026-10-10')).toBe('2026-10-10');
    expect(workdaysBetween(cal, '2026-04-30', '2026-05-11')).toBe(5);
    expect(workdaysBetween(cal, '2026-05-11', '2026-04-30')).toBe(0);
  });
});
