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
