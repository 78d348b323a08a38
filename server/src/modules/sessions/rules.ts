/** Pure rules of 政务公开讲: booking state, booking codes, signed QR payloads, Beijing time. */
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import {
  BOOKING_CODE_ALPHABET,
  BOOKING_CODE_LENGTH,
  type BookingState,
  type SessionStatus,
} from '@zwgk/types';

const BEIJING_OFFSET_MS = 8 * 3600_000;

export interface SessionTimes {
  status: Exclude<SessionStatus, 'completed'>;
  endsAt: Date;
  bookingOpensAt: Date;
  bookingClosesAt: Date;
}

/** The status shown to people: a published session whose end has passed is 已结束 (completed). */
export function shownStatus(s: Pick<SessionTimes, 'status' | 'endsAt'>, now: Date): SessionStatus {
  if (s.status === 'published' && s.endsAt.getTime() <= now.getTime()) return 'completed';
  return s.status;
}

/** What a citizen can do now. `seatsLeft` is derived from the confirmed bookings. */
export function bookingState(s: SessionTimes, seatsLeft: number, now: Date): BookingState {
  if (s.status === 'cancelled') return 'cancelled';
  const t = now.getTime();
  if (s.endsAt.getTime() <= t) return 'ended';
  if (t < s.bookingOpensAt.getTime()) return 'not_open';
  if (t >= s.bookingClosesAt.getTime()) return 'closed';
  return seatsLeft > 0 ? 'open' : 'waitlist';
}

/** A booking code of unambiguous characters (no 0/O/1/I/L). */
export function newBookingCode(length = BOOKING_CODE_LENGTH): string {
  let s = '';
  for (let i = 0; i < length; i++) s += BOOKING_CODE_ALPHABET[randomInt(BOOKING_CODE_ALPHABET.length)];
  return s;
}

export function isBookingCode(s: string): boolean {
  return new RegExp(`^[${BOOKING_CODE_ALPHABET}]{6,8}$`).test(s);
}

const QR_PREFIX = 'ZWGK1';

function qrSignature(secret: string, bookingId: string, sessionId: string, code: string): string {
  return createHmac('sha256', secret)
    .update(`booking|${bookingId}|${sessionId}|${code}`)
    .digest('base64url')
    .slice(0, 22);
}

/** The QR content shown to the citizen: ids, code and an HMAC so it cannot be forged. */
export function signQr(secret: string, bookingId: string, sessionId: string, code: string): string {
  return `${QR_PREFIX}.${bookingId}.${sessionId}.${code}.${qrSignature(secret, bookingId, sessionId, code)}`;
}

export type QrCheck =
  | { ok: true; bookingId: string; sessionId: string; code: string }
  | { ok: false; reason: 'malformed' | 'bad_signature' };

export function verifyQr(secret: string, payload: string): QrCheck {
  const parts = payload.trim().split('.');
  if (parts.length !== 5 || parts[0] !== QR_PREFIX) return { ok: false, reason: 'malformed' };
  const [, bookingId, sessionId, code, sig] = parts as [string, string, string, string, string];
  if (!/^[0-9a-f]{24}$/.test(bookingId) || !/^[0-9a-f]{24}$/.test(sessionId) || !isBookingCode(code))
    return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(qrSignature(secret, bookingId, sessionId, code));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'bad_signature' };
  return { ok: true, bookingId, sessionId, code };
}

/** "14:02" in Beijing time. */
export function beijingHm(d: Date): string {
  return new Date(d.getTime() + BEIJING_OFFSET_MS).toISOString().slice(11, 16);
}

/** "11月29日 14:02" in Beijing time. */
export function beijingDayHm(d: Date): string {
  const b = new Date(d.getTime() + BEIJING_OFFSET_MS);
  return `${b.getUTCMonth() + 1}月${b.getUTCDate()}日 ${beijingHm(d)}`;
}

/** The UTC instants bounding a Beijing calendar day `YYYY-MM-DD`. */
export function beijingDayRange(day: string): { from: Date; to: Date } {
  const from = new Date(`${day}T00:00:00+08:00`);
  return { from, to: new Date(from.getTime() + 86400_000) };
}

/** Seat numbers 1..capacity not in `taken`, in order. */
export function freeSeats(capacity: number, taken: Iterable<number>): number[] {
  const t = new Set(taken);
  const out: number[] = [];
  for (let n = 1; n <= capacity; n++) if (!t.has(n)) out.push(n);
  return out;
}

/** A shuffled copy (Fisher-Yates). */
export function shuffle<T>(items: readonly T[]): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}
