import {
  beijingMonthRange,
  computeStats,
  groupQuestions,
  maskPhone,
  monthsBetween,
  reminderTimes,
  toCsv,
  weeklyStarts,
} from '../../server/src/modules/sessions/analytics';
import type { SessionQuestion } from '@zwgk/types';

const A = '0123456789abcdef0123456a';
const B = '0123456789abcdef0123456b';
const ORG = '0123456789abcdef01234560';

describe('computeStats', () => {
  const now = new Date('2026-12-10T00:00:00Z');
  const sessions = [
    {
      id: A,
      title: '已结束',
      organId: ORG,
      startsAt: new Date('2026-12-01T02:00:00Z'),
      endsAt: new Date('2026-12-01T03:00:00Z'),
    },
    {
      id: B,
      title: '未结束',
      organId: ORG,
      startsAt: new Date('2026-12-20T02:00:00Z'),
      endsAt: new Date('2026-12-20T03:00:00Z'),
    },
  ];
  test('rates count ended sessions only; averages round to 2 places', () => {
    const st = computeStats(
      sessions,
      [
        { sessionId: A, checkedIn: true },
        { sessionId: A, checkedIn: false },
        { sessionId: A, checkedIn: true },
        { sessionId: B, checkedIn: false },
      ],
      [
        { sessionId: A, rating: 5 },
        { sessionId: A, rating: 4 },
        { sessionId: A, rating: 4 },
      ],
      new Map([[ORG, '江西省人力资源和社会保障厅']]),
      now,
    );
    expect(st).toMatchObject({ sessions: 2, booked: 4, attended: 2, noShows: 1, attendanceRate: 0.667 });
    expect(st.feedbackAverage).toBe(4.33);
    expect(st.list.map((x) => x.attendanceRate)).toEqual([0.667, null]);
    expect(st.byOrgan[0]).toMatchObject({ organName: '江西省人力资源和社会保障厅', sessions: 2, booked: 4 });
  });
  test('nothing → nulls, not zeros', () => {
    expect(computeStats([], [], [], new Map(), now)).toMatchObject({
      attendanceRate: null,
      feedbackAverage: null,
    });
  });
});

describe('reminderTimes', () => {
  test('09:00 Beijing the day before and one hour before', () => {
    // 2026-12-03 14:30 Beijing, booked 12-01 10:00.
    const r = reminderTimes(new Date('2026-12-03T06:30:00Z'), new Date('2026-12-01T02:00:00Z'));
    expect(r.day?.toISOString()).toBe('2026-12-02T01:00:00.000Z');
    expect(r.hour?.toISOString()).toBe('2026-12-03T05:30:00.000Z');
  });
  test('booked after 09:00 the day before → at once; within the last hour → only the hour one, now', () => {
    const start = new Date('2026-12-03T06:30:00Z');
    expect(reminderTimes(start, new Date('2026-12-02T08:00:00Z')).day?.toISOString()).toBe(
      '2026-12-02T08:00:00.000Z',
    );
    const late = reminderTimes(start, new Date('2026-12-03T06:00:00Z'));
    expect(late.day).toBeNull();
    expect(late.hour?.toISOString()).toBe('2026-12-03T06:00:00.000Z');
  });
  test('an early-morning session: the day before is computed in Beijing time', () => {
    // 2026-12-03 07:30 Beijing = 12-02 23:30 UTC.
    const r = reminderTimes(new Date('2026-12-02T23:30:00Z'), new Date('2026-11-30T00:00:00Z'));
    expect(r.day?.toISOString()).toBe('2026-12-02T01:00:00.000Z');
  });
});

test('maskPhone', () => {
  expect(maskPhone('13812345678')).toBe('138****5678');
  expect(maskPhone(null)).toBeNull();
  expect(maskPhone('0791-88912345')).toBe('***********45');
});

test('toCsv: BOM, quoting, no formula injection', () => {
  expect(
    toCsv([
      ['姓名', '备注'],
      ['张三', 'a,"b"'],
      ['=1+1', null],
    ]),
  ).toBe('\uFEFF姓名,备注\r\n张三,"a,""b"""\r\n\'=1+1,\r\n');
});

test('months and series', () => {
  expect(monthsBetween('2026-11', '2027-02')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
  expect(beijingMonthRange('2027-01').from.toISOString()).toBe('2026-12-31T16:00:00.000Z');
  expect(weeklyStarts(new Date('2026-12-02T06:30:00Z'), 3).map((d) => d.toISOString())).toEqual([
    '2026-12-02T06:30:00.000Z',
    '2026-12-09T06:30:00.000Z',
    '2026-12-16T06:30:00.000Z',
  ]);
});

test('groupQuestions: shared keywords form groups; the rest is 其他问题', () => {
  const q = (id: string, text: string): SessionQuestion => ({
    id,
    sessionId: A,
    text,
    askerName: '群众',
    createdAt: `2026-12-01T0${id}:00:00.000Z`,
    answered: false,
    answeredAt: null,
  });
  const groups = groupQuestions([
    q('1', '异地就医备案需要准备哪些材料？'),
    q('2', '退休后异地就医怎么报销？'),
    q('3', '门诊慢特病的报销比例是多少？'),
    q('4', '门诊慢特病怎么申请认定？'),
    q('5', '今天下雨吗'),
  ]);
  const of = (id: string) => groups.find((g) => g.items.some((x) => x.id === id))!;
  expect(of('1')).toBe(of('2'));
  expect(of('3')).toBe(of('4'));
  expect(of('1')).not.toBe(of('3'));
  expect(of('5').label).toBe('其他问题');
  expect(groups.at(-1)!.label).toBe('其他问题');
});
