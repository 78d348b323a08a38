import {
  beijingDayHm,
  beijingDayRange,
  beijingHm,
  bookingState,
  freeSeats,
  isBookingCode,
  newBookingCode,
  shownStatus,
  shuffle,
  signQr,
  verifyQr,
} from '../../server/src/modules/sessions/rules';
import { ledgerOf, positionOf, TICKET_BASE } from '../../server/src/modules/sessions/service';

const base = {
  status: 'published' as const,
  bookingOpensAt: new Date('2026-12-01T00:00:00Z'),
  bookingClosesAt: new Date('2026-12-03T06:30:00Z'),
  endsAt: new Date('2026-12-03T08:00:00Z'),
};

describe('booking state', () => {
  test.each([
    ['2026-11-30T23:59:59Z', 5, 'not_open'],
    ['2026-12-01T00:00:00Z', 5, 'open'],
    ['2026-12-02T00:00:00Z', 0, 'waitlist'],
    ['2026-12-03T06:30:00Z', 5, 'closed'],
    ['2026-12-03T08:00:00Z', 5, 'ended'],
  ])('at %s with %i seats left → %s', (now, left, state) => {
    expect(bookingState(base, left, new Date(now))).toBe(state);
  });

  test('a cancelled session is cancelled whatever the time', () => {
    expect(bookingState({ ...base, status: 'cancelled' }, 5, new Date('2026-12-02T00:00:00Z'))).toBe(
      'cancelled',
    );
  });

  test('a published session is shown as completed once it has ended', () => {
    expect(shownStatus(base, new Date('2026-12-03T07:59:59Z'))).toBe('published');
    expect(shownStatus(base, new Date('2026-12-03T08:00:00Z'))).toBe('completed');
    expect(shownStatus({ ...base, status: 'draft' }, new Date('2026-12-04T00:00:00Z'))).toBe('draft');
  });
});

describe('booking codes', () => {
  test('six characters without 0/O/1/I/L', () => {
    for (let i = 0; i < 500; i++) {
      const code = newBookingCode();
      expect(code).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
      expect(isBookingCode(code)).toBe(true);
    }
    expect(isBookingCode('ABC0EF')).toBe(false);
    expect(isBookingCode('ABCLEF')).toBe(false);
    expect(isBookingCode('ABCDE')).toBe(false);
  });
});

describe('signed QR payload', () => {
  const b = '0123456789abcdef01234567';
  const s = 'fedcba9876543210fedcba98';
  test('round-trips and rejects tampering or another secret', () => {
    const qr = signQr('secret-1', b, s, 'KF723B');
    expect(verifyQr('secret-1', qr)).toEqual({ ok: true, bookingId: b, sessionId: s, code: 'KF723B' });
    expect(verifyQr('secret-2', qr)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyQr('secret-1', qr.replace('KF723B', 'KF723C'))).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(verifyQr('secret-1', 'hello')).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('Beijing time and seats', () => {
  test('formats and day ranges in UTC+8', () => {
    expect(beijingHm(new Date('2026-12-01T06:02:00Z'))).toBe('14:02');
    expect(beijingDayHm(new Date('2026-12-31T16:30:00Z'))).toBe('1月1日 00:30');
    expect(beijingDayRange('2026-12-04')).toEqual({
      from: new Date('2026-12-03T16:00:00Z'),
      to: new Date('2026-12-04T16:00:00Z'),
    });
  });

  test('free seats and shuffle', () => {
    expect(freeSeats(5, [2, 4, 9])).toEqual([1, 3, 5]);
    expect(freeSeats(2, [1, 2])).toEqual([]);
    expect(shuffle([1, 2, 3, 4, 5]).sort()).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('waiting-list tickets', () => {
  const T = TICKET_BASE;
  test('ledgerOf: leading departures fold into `through`, later ones are listed, legacy waiters counted', () => {
    const rows = [
      { status: 'waitlisted', waitSeq: 123 }, // legacy stamp, still waiting
      { status: 'confirmed', waitSeq: 456 }, // legacy stamp, promoted
      { status: 'confirmed', waitSeq: T + 1 },
      { status: 'cancelled', waitSeq: T + 2 },
      // ticket 3 never used (a failed booking): a gap
      { status: 'waitlisted', waitSeq: T + 4 },
      { status: 'cancelled', waitSeq: T + 5 },
      { status: 'waitlisted', waitSeq: T + 6 },
      { status: 'confirmed', waitSeq: null },
    ];
    expect(ledgerOf(rows)).toEqual({ legacyWaiting: 1, through: 3, gone: [5], maxTicket: 6 });
    expect(ledgerOf([])).toEqual({ legacyWaiting: 0, through: 0, gone: [], maxTicket: 0 });
  });

  test('positionOf: tickets ahead that have not left, plus legacy waiters', () => {
    const ledger = { legacyWaiting: 1, through: 3, gone: [5] };
    expect(positionOf(4, ledger)).toBe(2); // legacy, then ticket 4
    expect(positionOf(6, ledger)).toBe(3); // legacy, 4, then 6 (5 left)
    expect(positionOf(9, ledger)).toBe(6); // legacy, 4, 6, 7, 8, then 9
    expect(positionOf(7, null)).toBe(7); // no change yet: everyone before is still waiting
  });
});
