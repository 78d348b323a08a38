/**
 * 政务公开讲: zones, sessions, bookings with a waiting list, check-in.
 *
 * Capacity is enforced with claims (platform/claims.ts), never with counters:
 * - `seat:<session>:<n>` for n in 1..capacity, held by a confirmed booking;
 * - `holder:<session>:<user>`: one active booking per person and session;
 * - `bookcode:<session>:<code>`: booking codes unique per session;
 * - `ticket:<session>:<k>`: the k-th place ever handed out on the waiting list (never released, so
 *   a later arrival never gets an earlier number); the booking's `waitSeq` is TICKET_BASE + k.
 *   Bookings from before tickets carry an arrival stamp (`wait:<session>:<n>`, smaller than
 *   TICKET_BASE), so they stay ahead;
 * - `job:promote:<booking>:1`: a waiting booking is promoted once;
 * - `checkin:<booking>`: a booking is checked in once.
 * Claims are written first and the booking record second; `repair()` removes
 * claims whose record never appeared and finishes interrupted promotions.
 */
import { randomInt } from 'node:crypto';
import { Types } from 'mongoose';
import type {
  Booking,
  BookingStatus,
  CheckinResult,
  LectureSession,
  MyBooking,
  Roster,
  SessionCreate,
  SessionListItem,
  SessionListQuery,
  SessionQuestion,
  SessionSeries,
  SessionStats,
  AttendanceReport,
  Feedback,
  FeedbackCreate,
  FeedbackSummary,
  QuestionBoard,
  SessionUpdate,
  Zone,
  ZoneCreate,
  ZoneUpdate,
} from '@zwgk/types';
import {
  FeedbackCreateSchema,
  SERIES_MAX_WEEKS,
  SessionCreateSchema,
  SessionListQuerySchema,
  SessionSeriesSchema,
  ZoneCreateSchema,
  ZoneUpdateSchema,
} from '@zwgk/types';
import type { Claims } from '../../platform/claims';
import { replaceOrInsert } from '../../platform/db';
import {
  AppError,
  conflict,
  forbidden,
  isDuplicateKey,
  notFound,
  unprocessable,
} from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import type { AuthUser } from '../../platform/routing';
import type { AccountsService } from '../accounts/service';
import type { FilesService } from '../files/service';
import type { NotificationsService } from '../notifications/service';
import type { BookingDoc, FeedbackDoc, QuestionDoc, SessionDoc, SessionModels, ZoneDoc } from './model';
import {
  beijingDateTime,
  beijingDayStart,
  beijingMonth,
  beijingMonthRange,
  computeStats,
  groupQuestions,
  maskPhone,
  monthsBetween,
  reminderTimes,
  weeklyStarts,
} from './analytics';
import {
  beijingDayHm,
  beijingDayRange,
  beijingHm,
  bookingState,
  freeSeats,
  newBookingCode,
  shuffle,
  shownStatus,
  signQr,
  verifyQr,
} from './rules';

export interface SessionsDeps {
  models: SessionModels;
  claims: Claims;
  accounts: AccountsService;
  now: () => Date;
  signingSecret: string;
  logger: Logger;
  files?: FilesService;
  notifications?: NotificationsService;
}

const ACTIVE: BookingStatus[] = ['confirmed', 'waitlisted'];
const iso = (d: Date) => d.toISOString();
const oid = (s: string) => new Types.ObjectId(s);
const pad = (n: number) => String(n).padStart(16, '0');
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** waitSeq of ticket k is TICKET_BASE + k: above every arrival stamp (those reach it in 2040). */
export const TICKET_BASE = 8e15;
/** Per process: the highest ticket of a session this process has tried or seen taken. */
const ticketHints = new Map<string, number>();
const ticketInit = new Map<string, Promise<number>>();

/**
 * Place on the waiting list of ticket `k`, from the ledger of the last change: the legacy
 * waiters ahead, plus the tickets before k that have not left. Pure, unit-tested.
 */
export function positionOf(
  k: number,
  ledger: { legacyWaiting: number; through: number; gone: number[] } | null,
): number {
  if (!ledger) return k;
  const goneBefore = ledger.gone.filter((g) => g < k).length;
  return ledger.legacyWaiting + Math.max(0, k - 1 - ledger.through - goneBefore) + 1;
}

/** The ledger of a waiting list from its bookings (status and waitSeq of each). Pure, unit-tested. */
export function ledgerOf(bookings: { status: string; waitSeq: number | null }[]): {
  legacyWaiting: number;
  through: number;
  gone: number[];
  maxTicket: number;
} {
  let legacyWaiting = 0;
  const waiting = new Set<number>();
  let maxTicket = 0;
  for (const b of bookings) {
    if (b.waitSeq === null) continue;
    if (b.waitSeq < TICKET_BASE) {
      if (b.status === 'waitlisted') legacyWaiting++;
      continue;
    }
    const k = b.waitSeq - TICKET_BASE;
    maxTicket = Math.max(maxTicket, k);
    if (b.status === 'waitlisted') waiting.add(k);
  }
  let through = 0;
  while (through < maxTicket && !waiting.has(through + 1)) through++;
  const gone: number[] = [];
  for (let k = through + 1; k <= maxTicket; k++) if (!waiting.has(k)) gone.push(k);
  return { legacyWaiting, through, gone, maxTicket };
}

const QUESTION_LIMIT = 5;
/** Seats this process saw taken, per session (a hint only: the seat claims decide). */
const seatHints = new Map<string, Map<number, number>>();
const SEAT_HINT_MS = 10_000;

const sessionNotFound = () => notFound('该场次不存在或尚未发布', 'SESSION_NOT_FOUND');

export class SessionsService {
  constructor(private readonly d: SessionsDeps) {}

  private get m() {
    return this.d.models;
  }

  // ---------- helpers ----------

  private async organNames(): Promise<Map<string, string>> {
    const organs = await this.d.accounts.listOrgans();
    return new Map(organs.map((o) => [o.id, o.name]));
  }

  private isManager(actor: AuthUser | null, organId: Types.ObjectId | string): boolean {
    if (!actor) return false;
    if (actor.roles.includes('admin')) return true;
    return actor.roles.includes('organizer') && actor.organIds.includes(String(organId));
  }

  private assertManager(actor: AuthUser | null, organId: Types.ObjectId | string) {
    if (!this.isManager(actor, organId)) throw forbidden('只有主办机关的活动组织者可以管理该场次');
  }

  private async loadSession(id: string): Promise<SessionDoc> {
    if (!Types.ObjectId.isValid(id)) throw sessionNotFound();
    const s = await this.m.Session.findById(id).lean<SessionDoc>();
    if (!s) throw sessionNotFound();
    return s;
  }

  /** A session as its manager may see it (drafts included). */
  private async loadManaged(actor: AuthUser | null, id: string): Promise<SessionDoc> {
    const s = await this.loadSession(id);
    this.assertManager(actor, s.organId);
    return s;
  }

  /** A session the actor may see: published/cancelled for everyone, drafts for its managers. */
  private async loadVisible(actor: AuthUser | null, id: string): Promise<SessionDoc> {
    const s = await this.loadSession(id);
    if (s.status === 'draft' && !this.isManager(actor, s.organId)) throw sessionNotFound();
    return s;
  }

  private seatPrefix(sessionId: string) {
    return `seat:${sessionId}:`;
  }

  private async takenSeats(sessionId: string): Promise<number[]> {
    const prefix = this.seatPrefix(sessionId);
    const docs = await this.d.claims.model
      .find({ _id: { $regex: `^${escapeRe(prefix)}` } }, { _id: 1 })
      .lean();
    return docs.map((c) => Number(c._id.slice(prefix.length)));
  }

  /** Claim a free seat in 1..capacity for `bookingId`, or null when none is left. */
  private async claimSeat(
    sessionId: string,
    capacity: number,
    bookingId: string,
    known?: number[],
  ): Promise<number | null> {
    for (let round = 0; round < 100; round++) {
      const taken = round === 0 && known ? known : await this.takenSeats(sessionId);
      if (taken.length >= capacity) return null;
      // The lowest free seat, then a couple of random ones, so people booking at the same
      // moment do not all race for the same number; then look again at what is taken.
      const free = freeSeats(capacity, taken);
      const candidates = free.length ? [free[0]!, ...shuffle(free.slice(1)).slice(0, 2)] : [];
      if (!candidates.length) return null;
      for (const n of candidates) {
        if (await this.d.claims.claim(`seat:${sessionId}:${n}`, bookingId)) return n;
      }
    }
    return null;
  }

  /**
   * Claim a seat without reading the seat claims: try seats this process has not seen taken
   * lately (one of the lowest few free, so people booking at once rarely race for one number);
   * a duplicate marks it taken. When every seat is known taken, mark the session full.
   */
  private async claimSeatFast(
    sessionId: string,
    capacity: number,
    bookingId: string,
  ): Promise<number | null> {
    let known = seatHints.get(sessionId);
    if (!known) {
      known = new Map();
      seatHints.set(sessionId, known);
      if (seatHints.size > 500) seatHints.delete(seatHints.keys().next().value!);
    }
    for (let attempt = 0; attempt < capacity + 10; attempt++) {
      const fresh = Date.now() - SEAT_HINT_MS;
      const free: number[] = [];
      for (let n = 1; n <= capacity && free.length < 4; n++) if (!((known.get(n) ?? 0) > fresh)) free.push(n);
      if (!free.length) break;
      const n = free[attempt === 0 ? 0 : randomInt(free.length)]!;
      const won = await this.d.claims.claim(`seat:${sessionId}:${n}`, bookingId);
      known.set(n, Date.now());
      if (won) return n;
    }
    await this.d.claims.claim(`seatsfull:${sessionId}`, String(capacity));
    return null;
  }

  /**
   * Take the next ticket on the waiting list: the smallest number not yet taken, by claim (so
   * across instances each number goes to one booking), starting from what this process last saw.
   * A process new to the session finds the last ticket by reading claims (about 2·log₂ n reads).
   */
  private async claimTicket(sessionId: string, bookingId: string): Promise<number> {
    let k = ticketHints.get(sessionId);
    if (k === undefined) {
      // Concurrent first arrivals in this process share one look-up.
      let init = ticketInit.get(sessionId);
      if (!init) {
        init = (async () => {
          const last = await this.lastTicket(sessionId, 0);
          if (last === 0) await this.refreshLedger(sessionId); // legacy waiters, if any, counted once
          return last;
        })();
        ticketInit.set(sessionId, init);
        void init.finally(() => ticketInit.delete(sessionId)).catch(() => undefined);
      }
      k = await init;
    }
    for (let attempt = 0; attempt < 1000; attempt++) {
      const next = Math.max(k, ticketHints.get(sessionId) ?? 0) + 1;
      ticketHints.set(sessionId, next);
      if (ticketHints.size > 500) ticketHints.delete(ticketHints.keys().next().value!);
      if (await this.d.claims.claim(`ticket:${sessionId}:${next}`, bookingId)) return next;
      // Another instance has it: find how far the others have got by reading, not by inserting.
      k = await this.lastTicket(sessionId, next);
    }
    throw new AppError(503, 'TRY_AGAIN', '系统繁忙，请稍后重试', undefined, { 'Retry-After': '1' });
  }

  /**
   * The highest ticket taken, knowing `from` is (0: none known). Tickets are taken in order, so
   * gallop then bisect on claim reads: about 2·log₂ of the distance.
   */
  private async lastTicket(sessionId: string, from: number): Promise<number> {
    const taken = async (n: number) => !!(await this.d.claims.holder(`ticket:${sessionId}:${n}`));
    if (from === 0 && !(await taken(1))) return 0;
    let lo = Math.max(1, from);
    let step = 1;
    let hi = lo + step;
    while (await taken(hi)) {
      lo = hi;
      step *= 2;
      hi = lo + step;
    }
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (await taken(mid)) lo = mid;
      else hi = mid;
    }
    return lo;
  }

  /** Recompute the waiting-list ledger from the session's bookings (after a change; scans). */
  private async refreshLedger(sessionId: string): Promise<void> {
    const rows = await this.m.Booking.find({ sessionId: oid(sessionId) }, { status: 1, waitSeq: 1 }).lean<
      Pick<BookingDoc, 'status' | 'waitSeq'>[]
    >();
    await replaceOrInsert(this.m.WaitLedger, sessionId, { ...ledgerOf(rows), at: this.d.now() });
  }

  /** Position of a new arrival with ticket k: from the ledger, without counting bookings. */
  private async ticketPosition(sessionId: string, k: number): Promise<number> {
    const ledger = await this.m.WaitLedger.findById(sessionId).lean();
    return positionOf(k, ledger);
  }

  private async counts(sessionIds: Types.ObjectId[]) {
    const out = new Map<string, { confirmed: number; waitlisted: number }>();
    for (const id of sessionIds) out.set(id.toHexString(), { confirmed: 0, waitlisted: 0 });
    if (!sessionIds.length) return out;
    const rows = await this.m.Booking.aggregate<{ _id: { s: Types.ObjectId; st: string }; n: number }>([
      { $match: { sessionId: { $in: sessionIds }, status: { $in: ACTIVE } } },
      { $group: { _id: { s: '$sessionId', st: '$status' }, n: { $sum: 1 } } },
    ]);
    for (const r of rows) {
      const c = out.get(String(r._id.s));
      if (c && (r._id.st === 'confirmed' || r._id.st === 'waitlisted')) c[r._id.st] = r.n;
    }
    return out;
  }

  /**
   * A signed-in person's active booking of one session (the detail page): their holder claim, then
   * the booking, two `_id` reads. A list asks once for all its sessions instead.
   */
  private async myActive(actor: AuthUser, ids: Types.ObjectId[]): Promise<Map<string, BookingDoc>> {
    const out = new Map<string, BookingDoc>();
    await Promise.all(
      ids.map(async (sid) => {
        const bid = await this.d.claims.holder(`holder:${sid.toHexString()}:${actor.id}`);
        if (!bid || !/^[0-9a-f]{24}$/.test(bid)) return;
        const b = await this.m.Booking.findById(oid(bid)).lean<BookingDoc>();
        if (b && ACTIVE.includes(b.status) && b.userId.toHexString() === actor.id)
          out.set(sid.toHexString(), b);
      }),
    );
    return out;
  }

  /** Zones by _id, one primary-key read each (a `$in` scans on FerretDB-SQLite). */
  private async zoneBriefs(ids: Types.ObjectId[]) {
    const zones = (
      await Promise.all(ids.map((id) => this.m.Zone.findById(id, { name: 1, address: 1 }).lean<ZoneDoc>()))
    ).filter((z): z is ZoneDoc => !!z);
    return new Map(
      zones.map((z) => [z._id.toHexString(), { id: z._id.toHexString(), name: z.name, address: z.address }]),
    );
  }

  private async toListItems(
    actor: AuthUser | null,
    docs: SessionDoc[],
    known?: Map<string, { confirmed: number; waitlisted: number }>,
  ): Promise<SessionListItem[]> {
    const now = this.d.now();
    const ids = docs.map((s) => s._id);
    const [counts, zones, organs, mine] = await Promise.all([
      known ?? this.counts(ids),
      this.zoneBriefs([...new Set(docs.map((s) => s.zoneId.toHexString()))].map(oid)),
      this.organNames(),
      !actor
        ? Promise.resolve(new Map<string, BookingDoc>())
        : docs.length === 1
          ? this.myActive(actor, ids)
          : this.m.Booking.find({ sessionId: { $in: ids }, userId: oid(actor.id), status: { $in: ACTIVE } })
              .lean<BookingDoc[]>()
              .then((bs) => new Map(bs.map((b) => [b.sessionId.toHexString(), b]))),
    ]);
    return docs.map((s) => {
      const id = s._id.toHexString();
      const c = counts.get(id)!;
      const seatsLeft = Math.max(0, s.capacity - c.confirmed);
      const my = mine.get(id);
      return {
        id,
        title: s.title,
        topic: s.topic as SessionListItem['topic'],
        organName: organs.get(s.organId.toHexString()) ?? '',
        startsAt: iso(s.startsAt),
        endsAt: iso(s.endsAt),
        zone: zones.get(s.zoneId.toHexString()) ?? { id: s.zoneId.toHexString(), name: '', address: '' },
        room: s.room,
        capacity: s.capacity,
        seatsLeft,
        waitlistCount: c.waitlisted,
        status: shownStatus(s, now),
        bookingState: bookingState(s, seatsLeft, now),
        bookingOpensAt: iso(s.bookingOpensAt),
        myBooking: my
          ? { id: my._id.toHexString(), status: my.status, checkedIn: my.checkedInAt !== null }
          : null,
      };
    });
  }

  private async toDetail(actor: AuthUser | null, s: SessionDoc): Promise<LectureSession> {
    // One read of the session's bookings for every count (each query scans on FerretDB-SQLite).
    const active = await this.m.Booking.find(
      { sessionId: s._id, status: { $in: ACTIVE } },
      { status: 1, checkedInAt: 1 },
    ).lean<Pick<BookingDoc, 'status' | 'checkedInAt'>[]>();
    const confirmed = active.filter((b) => b.status === 'confirmed');
    const known = new Map([
      [s._id.toHexString(), { confirmed: confirmed.length, waitlisted: active.length - confirmed.length }],
    ]);
    const [item] = await this.toListItems(actor, [s], known);
    const manager = this.isManager(actor, s.organId);
    const checkedInCount = confirmed.filter(
      (b) => b.checkedInAt !== null && b.checkedInAt !== undefined,
    ).length;
    const [questionCount, fb, relatedPolicies] = await Promise.all([
      this.m.Question.countDocuments({ sessionId: s._id }),
      manager
        ? this.m.Feedback.find({ sessionId: s._id }, { rating: 1 }).lean<FeedbackDoc[]>()
        : Promise.resolve([] as FeedbackDoc[]),
      this.relatedPolicies(s.policyIds ?? [], manager),
    ]);
    return {
      ...item!,
      description: s.description,
      organId: s.organId.toHexString(),
      speakers: s.speakers.map((p) => ({ name: p.name, title: p.title ?? '' })),
      bookingClosesAt: iso(s.bookingClosesAt),
      cancelCutoff: iso(s.cancelCutoff),
      confirmedCount: item!.capacity - item!.seatsLeft,
      checkedInCount,
      cancelReason: s.cancelReason ?? null,
      relatedPolicies,
      questionCount,
      feedback: manager
        ? {
            count: fb.length,
            average: fb.length
              ? Math.round((fb.reduce((a, f) => a + f.rating, 0) / fb.length) * 100) / 100
              : null,
          }
        : null,
    };
  }

  /**
   * Related policies with title and 文号, read one `_id` at a time. Everyone sees the published
   * ones; the session's organizers also get the others with title null (never a draft's title),
   * so the editor keeps their ids.
   */
  private async relatedPolicies(ids: string[], manager: boolean): Promise<LectureSession['relatedPolicies']> {
    const refs = await Promise.all(ids.map((id) => this.m.policy(id)));
    return ids.flatMap((id, i) => {
      const p = refs[i]?.published ? refs[i] : null;
      if (!p && !manager) return [];
      return [
        {
          id,
          title: p?.title ?? null,
          docNo: p?.docNo ?? null,
          link: `/pages/policy-detail/index?id=${id}`,
        },
      ];
    });
  }

  private async waitPositions(sessionId: Types.ObjectId): Promise<Map<string, number>> {
    const waiting = await this.m.Booking.find({ sessionId, status: 'waitlisted' }, { _id: 1, waitSeq: 1 })
      .sort({ waitSeq: 1 })
      .lean<Pick<BookingDoc, '_id' | 'waitSeq'>[]>();
    return new Map(waiting.map((b, i) => [b._id.toHexString(), i + 1]));
  }

  private toBooking(b: BookingDoc, position: number | null): Booking {
    const id = b._id.toHexString();
    const sessionId = b.sessionId.toHexString();
    return {
      id,
      sessionId,
      status: b.status,
      code: b.code,
      seatNo: b.status === 'confirmed' ? b.seatNo : null,
      waitlistPosition: b.status === 'waitlisted' ? position : null,
      qr: signQr(this.d.signingSecret, id, sessionId, b.code),
      createdAt: iso(b.createdAt),
      checkedInAt: b.checkedInAt ? iso(b.checkedInAt) : null,
      cancelledAt: b.cancelledAt ? iso(b.cancelledAt) : null,
      noShow: !!b.noShowAt && !b.checkedInAt,
    };
  }

  // ---------- notices (message centre + WeChat subscribe messages) ----------

  private sessionLink(sessionId: string) {
    return `/pages/session-detail/index?id=${sessionId}`;
  }

  /** Keys of a booking's two reminders; the start time is part of the key, so a moved session gets new ones. */
  private reminderKeys(bookingId: string, startsAt: Date) {
    const t = startsAt.getTime();
    return { day: `session.reminder:day:${bookingId}:${t}`, hour: `session.reminder:hour:${bookingId}:${t}` };
  }

  /** A notice must never undo the booking it is about: failures are logged (no personal data). */
  private async safely(what: string, fn: () => Promise<unknown>) {
    if (!this.d.notifications) return;
    try {
      await fn();
    } catch (e) {
      this.d.logger.warn({ what, err: (e as Error)?.message }, 'session notice failed');
    }
  }

  private async placeOf(s: SessionDoc): Promise<string> {
    const z = await this.m.Zone.findById(s.zoneId, { name: 1 }).lean<ZoneDoc>();
    return `${z?.name ?? ''}${s.room}`;
  }

  private async scheduleReminders(b: Pick<BookingDoc, '_id' | 'userId'>, s: SessionDoc, place?: string) {
    const n = this.d.notifications!;
    const bid = b._id.toHexString();
    const { day, hour } = reminderTimes(s.startsAt, this.d.now());
    const keys = this.reminderKeys(bid, s.startsAt);
    const where = place ?? (await this.placeOf(s));
    const link = '/pages/my-bookings/index';
    if (day) {
      await n.notify({
        key: keys.day,
        userId: b.userId.toHexString(),
        kind: 'session.reminder',
        title: `明天参加：${s.title}`,
        body: `${beijingDayHm(s.startsAt)}，${where}，请凭预约码或二维码签到入场`,
        link,
        at: day,
      });
    }
    if (hour) {
      await n.notify({
        key: keys.hour,
        userId: b.userId.toHexString(),
        kind: 'session.reminder',
        title: `1小时后开始：${s.title}`,
        body: `${beijingHm(s.startsAt)} 开始，${where}，请提前到场签到`,
        link,
        at: hour,
      });
    }
  }

  private async cancelReminders(bookingId: string, startsAt: Date, userId: string) {
    const keys = this.reminderKeys(bookingId, startsAt);
    await this.d.notifications!.cancel(keys.day, userId);
    await this.d.notifications!.cancel(keys.hour, userId);
  }

  private async noticeBooked(b: BookingDoc, s: SessionDoc, position: number | null) {
    const n = this.d.notifications!;
    const sid = s._id.toHexString();
    const bid = b._id.toHexString();
    if (b.status === 'confirmed') {
      const place = await this.placeOf(s);
      await n.notify({
        key: `booking.confirmed:${bid}`,
        userId: b.userId.toHexString(),
        kind: 'booking.confirmed',
        title: `预约成功：${s.title}`,
        body: `${beijingDayHm(s.startsAt)}，${place}${b.seatNo ? `，座位号 ${b.seatNo}` : ''}，预约码 ${b.code}`,
        link: this.sessionLink(sid),
      });
      await this.scheduleReminders(b, s, place);
    } else if (b.status === 'waitlisted') {
      await n.notify({
        key: `booking.waitlisted:${bid}`,
        userId: b.userId.toHexString(),
        kind: 'booking.waitlisted',
        title: `已加入候补：${s.title}`,
        body: `名额已满，您在候补第 ${position ?? '-'} 位；有人取消时按顺序自动递补并通知您`,
        link: '/pages/my-bookings/index',
      });
    }
  }

  private async noticePromoted(b: BookingDoc, s: SessionDoc) {
    const place = await this.placeOf(s);
    await this.d.notifications!.notify({
      key: `booking.promoted:${b._id.toHexString()}`,
      userId: b.userId.toHexString(),
      kind: 'booking.promoted',
      title: `候补成功：${s.title}`,
      body: `您已递补获得名额，${beijingDayHm(s.startsAt)}，${place}${b.seatNo ? `，座位号 ${b.seatNo}` : ''}`,
      link: '/pages/my-bookings/index',
    });
    await this.scheduleReminders(b, s, place);
  }

  /** Tell everyone holding a booking that the session was cancelled, and withdraw their reminders. */
  private async noticeSessionCancelled(s: SessionDoc, reason: string) {
    const sid = s._id.toHexString();
    const active = await this.m.Booking.find(
      { sessionId: s._id, status: { $in: ACTIVE } },
      { _id: 1, userId: 1, status: 1 },
    ).lean<BookingDoc[]>();
    for (const b of active) {
      await this.safely('session.cancelled', async () => {
        if (b.status === 'confirmed')
          await this.cancelReminders(b._id.toHexString(), s.startsAt, b.userId.toHexString());
        await this.d.notifications!.notify({
          key: `session.cancelled:${sid}`,
          userId: b.userId.toHexString(),
          kind: 'session.cancelled',
          title: `活动取消：${s.title}`,
          body: `原定${beijingDayHm(s.startsAt)}的活动已取消。原因：${reason}`,
          link: this.sessionLink(sid),
        });
      });
    }
  }

  /** Time or place changed: tell everyone holding a booking; move the reminders of confirmed ones. */
  private async noticeSessionChanged(before: SessionDoc, after: SessionDoc) {
    const sid = after._id.toHexString();
    const moved = before.startsAt.getTime() !== after.startsAt.getTime();
    const place = await this.placeOf(after);
    const active = await this.m.Booking.find(
      { sessionId: after._id, status: { $in: ACTIVE } },
      { _id: 1, userId: 1, status: 1 },
    ).lean<BookingDoc[]>();
    for (const b of active) {
      await this.safely('session.changed', async () => {
        await this.d.notifications!.notify({
          key: `session.changed:${sid}:${after.updatedAt.getTime()}`,
          userId: b.userId.toHexString(),
          kind: 'session.changed',
          title: `活动变更：${after.title}`,
          body: `时间地点调整为 ${beijingDayHm(after.startsAt)}-${beijingHm(after.endsAt)}，${place}`,
          link: this.sessionLink(sid),
        });
        if (moved && b.status === 'confirmed') {
          await this.cancelReminders(b._id.toHexString(), before.startsAt, b.userId.toHexString());
          await this.scheduleReminders(b, after, place);
        }
      });
    }
  }

  // ---------- zones ----------

  private async toZones(zones: ZoneDoc[]): Promise<Zone[]> {
    const organs = await this.organNames();
    const ids = zones.flatMap((z) => z.photoIds ?? []);
    const photos = ids.length && this.d.files ? await this.d.files.describe(ids, null) : [];
    const byId = new Map(photos.map((p) => [p.id, p]));
    return zones.map((z) => ({
      ...this.toZone(z, organs),
      photos: (z.photoIds ?? []).map((i) => byId.get(i)).filter((p) => p !== undefined),
    }));
  }

  private toZone(z: ZoneDoc, organs: Map<string, string>): Zone {
    return {
      photos: [],
      id: z._id.toHexString(),
      name: z.name,
      organId: z.organId.toHexString(),
      organName: organs.get(z.organId.toHexString()) ?? '',
      address: z.address,
      latitude: z.latitude ?? null,
      longitude: z.longitude ?? null,
      openingHours: z.openingHours,
      phone: z.phone,
      services: z.services as Zone['services'],
      description: z.description ?? '',
    };
  }

  async listZones(): Promise<Zone[]> {
    const zones = await this.m.Zone.find().sort({ createdAt: 1, _id: 1 }).limit(200).lean<ZoneDoc[]>();
    return this.toZones(zones);
  }

  async getZone(id: string): Promise<Zone> {
    const z = Types.ObjectId.isValid(id) ? await this.m.Zone.findById(id).lean<ZoneDoc>() : null;
    if (!z) throw notFound('该政务公开专区不存在', 'ZONE_NOT_FOUND');
    return (await this.toZones([z]))[0]!;
  }

  async createZone(actor: AuthUser | null, input: ZoneCreate): Promise<Zone> {
    if (!actor?.roles.includes('admin')) throw forbidden('仅系统管理员可以维护政务公开专区');
    const v = ZoneCreateSchema.parse(input);
    const organs = await this.organNames();
    if (!organs.has(v.organId)) throw unprocessable('ORGAN_NOT_FOUND', '所属机关不存在');
    await this.attachZonePhotos(actor, v.photoIds);
    const doc = await this.m.Zone.create({
      ...v,
      latitude: v.latitude ?? null,
      longitude: v.longitude ?? null,
      organId: oid(v.organId),
      createdAt: this.d.now(),
    });
    return (await this.toZones([doc.toObject() as ZoneDoc]))[0]!;
  }

  /** Zone photos: uploaded with purpose zone-photo, then readable by anyone. */
  private async attachZonePhotos(actor: AuthUser, ids: string[]) {
    if (!ids.length) return;
    if (!this.d.files) throw unprocessable('FILE_INVALID', '文件服务不可用');
    await this.d.files.attach(ids, { purpose: 'zone-photo', public: true });
  }

  async updateZone(actor: AuthUser | null, id: string, input: ZoneUpdate): Promise<Zone> {
    if (!actor?.roles.includes('admin')) throw forbidden('仅系统管理员可以维护政务公开专区');
    await this.getZone(id);
    const v = ZoneUpdateSchema.parse(input);
    if (v.photoIds) await this.attachZonePhotos(actor, v.photoIds);
    const set = Object.fromEntries(Object.entries(v).filter(([, value]) => value !== undefined));
    if (Object.keys(set).length) await this.m.Zone.updateOne({ _id: oid(id) }, { $set: set });
    return this.getZone(id);
  }

  // ---------- sessions ----------

  async list(actor: AuthUser | null, rawQuery: SessionListQuery) {
    const q = SessionListQuerySchema.parse(rawQuery);
    const now = this.d.now();
    const filter: Record<string, unknown> = { status: { $in: ['published', 'cancelled'] } };
    if (q.date) {
      const { from, to } = beijingDayRange(q.date);
      filter.startsAt = { $gte: from, $lt: to };
    } else {
      filter.endsAt = { $gt: now };
    }
    if (q.zone) filter.zoneId = oid(q.zone);
    if (q.topic) filter.topic = q.topic;
    const offset = q.cursor ? Number(q.cursor) : 0;
    const docs = await this.m.Session.find(filter)
      .sort({ startsAt: 1, _id: 1 })
      .skip(offset)
      .limit(q.limit + 1)
      .lean<SessionDoc[]>();
    const more = docs.length > q.limit;
    const page = docs.slice(0, q.limit);
    return {
      items: await this.toListItems(actor, page),
      nextCursor: more ? String(offset + q.limit) : null,
    };
  }

  /** Sessions of the actor's organs, every status, for the workbench. */
  async listManaged(actor: AuthUser): Promise<{ items: SessionListItem[] }> {
    const filter = actor.roles.includes('admin') ? {} : { organId: { $in: actor.organIds.map(oid) } };
    const docs = await this.m.Session.find(filter)
      .sort({ startsAt: -1, _id: -1 })
      .limit(200)
      .lean<SessionDoc[]>();
    return { items: await this.toListItems(null, docs) };
  }

  async get(actor: AuthUser | null, id: string): Promise<LectureSession> {
    return this.toDetail(actor, await this.loadVisible(actor, id));
  }

  private checkTimes(s: {
    startsAt: Date;
    endsAt: Date;
    bookingOpensAt: Date;
    bookingClosesAt: Date;
    cancelCutoff: Date;
  }) {
    const bad = (message: string, field: string) =>
      unprocessable('SESSION_TIMES_INVALID', message, [{ path: field, message }]);
    if (s.endsAt <= s.startsAt) throw bad('结束时间须晚于开始时间', 'endsAt');
    if (s.endsAt.getTime() - s.startsAt.getTime() > 12 * 3600_000)
      throw bad('单场活动时长不超过12小时', 'endsAt');
    if (s.bookingClosesAt <= s.bookingOpensAt) throw bad('预约截止时间须晚于开放时间', 'bookingClosesAt');
    if (s.bookingClosesAt > s.endsAt) throw bad('预约截止时间不能晚于活动结束时间', 'bookingClosesAt');
    if (s.cancelCutoff > s.startsAt) throw bad('取消截止时间不能晚于活动开始时间', 'cancelCutoff');
  }

  /** Check a new session's input; throws the 4xx a bad one deserves. */
  private async validateCreate(actor: AuthUser, input: SessionCreate) {
    const v = SessionCreateSchema.parse(input);
    const organId = v.organId ?? actor.organIds[0];
    if (!organId) throw forbidden('您尚未分配所属机关，无法创建场次');
    this.assertManager(actor, organId);
    const now = this.d.now();
    const startsAt = new Date(v.startsAt);
    if (startsAt <= now) {
      throw unprocessable('SESSION_TIMES_INVALID', '开始时间须晚于当前时间', [
        { path: 'startsAt', message: '开始时间须晚于当前时间' },
      ]);
    }
    const times = {
      startsAt,
      endsAt: new Date(v.endsAt),
      bookingOpensAt: v.bookingOpensAt ? new Date(v.bookingOpensAt) : now,
      bookingClosesAt: v.bookingClosesAt ? new Date(v.bookingClosesAt) : startsAt,
      cancelCutoff: v.cancelCutoff ? new Date(v.cancelCutoff) : new Date(startsAt.getTime() - 2 * 3600_000),
    };
    this.checkTimes(times);
    await this.getZone(v.zoneId).catch(() => {
      throw unprocessable('ZONE_NOT_FOUND', '所选政务公开专区不存在', [
        { path: 'zoneId', message: '所选政务公开专区不存在' },
      ]);
    });
    return { v, organId, times, now };
  }

  async create(actor: AuthUser, input: SessionCreate): Promise<LectureSession> {
    const { v, organId, times, now } = await this.validateCreate(actor, input);
    const doc = await this.m.Session.create({
      title: v.title,
      description: v.description,
      topic: v.topic,
      organId: oid(organId),
      speakers: v.speakers,
      zoneId: oid(v.zoneId),
      room: v.room,
      ...times,
      capacity: v.capacity,
      policyIds: [...new Set(v.policyIds)],
      status: 'draft',
      cancelReason: null,
      createdBy: oid(actor.id),
      createdAt: now,
      updatedAt: now,
    });
    return this.toDetail(actor, doc.toObject() as SessionDoc);
  }

  async update(actor: AuthUser, id: string, input: SessionUpdate): Promise<LectureSession> {
    const s = await this.loadManaged(actor, id);
    const now = this.d.now();
    if (s.status === 'cancelled') throw conflict('SESSION_CANCELLED', '该场次已取消，不能修改');
    if (s.endsAt <= now) throw conflict('SESSION_ENDED', '该场次已结束，不能修改');
    const times = {
      startsAt: input.startsAt ? new Date(input.startsAt) : s.startsAt,
      endsAt: input.endsAt ? new Date(input.endsAt) : s.endsAt,
      bookingOpensAt: input.bookingOpensAt ? new Date(input.bookingOpensAt) : s.bookingOpensAt,
      bookingClosesAt: input.bookingClosesAt ? new Date(input.bookingClosesAt) : s.bookingClosesAt,
      cancelCutoff: input.cancelCutoff ? new Date(input.cancelCutoff) : s.cancelCutoff,
    };
    this.checkTimes(times);
    if (input.zoneId) {
      await this.getZone(input.zoneId).catch(() => {
        throw unprocessable('ZONE_NOT_FOUND', '所选政务公开专区不存在');
      });
    }
    const capacity = input.capacity ?? s.capacity;
    if (capacity < s.capacity) {
      const confirmed = await this.m.Booking.countDocuments({ sessionId: s._id, status: 'confirmed' });
      if (capacity < confirmed) {
        throw conflict(
          'CAPACITY_BELOW_CONFIRMED',
          `已有 ${confirmed} 人确认预约，名额不能少于 ${confirmed} 个`,
          { confirmed },
        );
      }
    }
    const set: Record<string, unknown> = { ...times, capacity, updatedAt: now };
    for (const k of ['title', 'description', 'topic', 'speakers', 'room'] as const) {
      if (input[k] !== undefined) set[k] = input[k];
    }
    if (input.zoneId) set.zoneId = oid(input.zoneId);
    if (input.policyIds) set.policyIds = [...new Set(input.policyIds)];
    await this.m.Session.updateOne({ _id: s._id }, { $set: set });
    if (capacity < s.capacity) await this.compactSeats(s._id.toHexString(), capacity);
    if (capacity !== s.capacity) await this.d.claims.release(`seatsfull:${s._id.toHexString()}`);
    if (capacity > s.capacity) await this.promoteWaiting(s._id.toHexString());
    const after = await this.loadSession(id);
    const changed =
      after.startsAt.getTime() !== s.startsAt.getTime() ||
      after.endsAt.getTime() !== s.endsAt.getTime() ||
      after.zoneId.toHexString() !== s.zoneId.toHexString() ||
      after.room !== s.room;
    if (changed && s.status === 'published') await this.noticeSessionChanged(s, after);
    return this.toDetail(actor, after);
  }

  /** After lowering capacity: move confirmed bookings holding seats above it into free seats. */
  private async compactSeats(sessionId: string, capacity: number) {
    const prefix = this.seatPrefix(sessionId);
    const high = await this.d.claims.model.find({ _id: { $regex: `^${escapeRe(prefix)}` } }).lean();
    for (const c of high) {
      const n = Number(c._id.slice(prefix.length));
      if (n <= capacity) continue;
      const seat = await this.claimSeat(sessionId, capacity, c.ref);
      if (seat === null) continue;
      await this.m.Booking.updateOne({ _id: oid(c.ref) }, { $set: { seatNo: seat } });
      await this.d.claims.release(c._id);
    }
  }

  async publish(actor: AuthUser, id: string): Promise<LectureSession> {
    const s = await this.loadManaged(actor, id);
    if (s.status !== 'draft') throw conflict('SESSION_NOT_DRAFT', '只有草稿状态的场次可以发布');
    if (s.endsAt <= this.d.now()) throw conflict('SESSION_ENDED', '该场次的时间已过，不能发布');
    await this.m.Session.updateOne(
      { _id: s._id },
      { $set: { status: 'published', updatedAt: this.d.now() } },
    );
    return this.toDetail(actor, await this.loadSession(id));
  }

  async cancelSession(actor: AuthUser, id: string, reason: string): Promise<LectureSession> {
    const s = await this.loadManaged(actor, id);
    if (s.status === 'cancelled') throw conflict('SESSION_CANCELLED', '该场次已取消');
    if (s.endsAt <= this.d.now()) throw conflict('SESSION_ENDED', '该场次已结束，不能取消');
    await this.m.Session.updateOne(
      { _id: s._id },
      { $set: { status: 'cancelled', cancelReason: reason, updatedAt: this.d.now() } },
    );
    if (s.status === 'published') await this.noticeSessionCancelled(s, reason);
    return this.toDetail(actor, await this.loadSession(id));
  }

  // ---------- bookings ----------

  async book(actor: AuthUser, sessionId: string, input: { phone?: string } = {}): Promise<Booking> {
    const s = await this.loadVisible(actor, sessionId);
    const now = this.d.now();
    if (s.status === 'draft') throw sessionNotFound();
    if (s.status === 'cancelled') throw conflict('SESSION_CANCELLED', '该场次已取消，不能预约');
    if (s.endsAt <= now) throw conflict('SESSION_ENDED', '该场次已结束');
    if (now < s.bookingOpensAt)
      throw conflict('BOOKING_NOT_OPEN', `预约尚未开放，将于${beijingDayHm(s.bookingOpensAt)}开放`);
    if (now >= s.bookingClosesAt) throw conflict('BOOKING_CLOSED', '该场次预约已截止');

    const sid = s._id.toHexString();
    const bookingId = new Types.ObjectId();
    const bid = bookingId.toHexString();
    const holderKey = `holder:${sid}:${actor.id}`;
    if (!(await this.d.claims.claim(holderKey, bid))) {
      const held = await this.d.claims.holder(holderKey);
      throw conflict(
        'ALREADY_BOOKED',
        '您已预约本场次，请勿重复预约',
        held ? { bookingId: held } : undefined,
      );
    }
    const taken: string[] = [holderKey];
    let created: BookingDoc;
    let seatsFreeWhileWaiting = false;
    try {
      let code = '';
      for (let i = 0; i < 20 && !code; i++) {
        const c = newBookingCode();
        if (await this.d.claims.claim(`bookcode:${sid}:${c}`, bid)) code = c;
      }
      if (!code)
        throw new AppError(503, 'TRY_AGAIN', '系统繁忙，请稍后重试', undefined, { 'Retry-After': '1' });
      taken.push(`bookcode:${sid}:${code}`);

      // First come, first served: while people are waiting, newcomers queue behind them.
      // Only _id lookups and inserts here (FerretDB on SQLite scans for anything else): the
      // markers `seatsfull:<session>` and `haswait:<session>` are hints, the seat claims decide.
      const [fullRef, waitRef] = await Promise.all([
        this.d.claims.holder(`seatsfull:${sid}`),
        this.d.claims.holder(`haswait:${sid}`),
      ]);
      let seatNo: number | null = null;
      if (fullRef !== String(s.capacity)) {
        if (waitRef) seatsFreeWhileWaiting = true;
        else seatNo = await this.claimSeatFast(sid, s.capacity, bid);
      }
      let waitSeq: number | null = null;
      if (seatNo === null) {
        // A ticket is never released, even if this booking fails: a gap, never a reused number.
        waitSeq = TICKET_BASE + (await this.claimTicket(sid, bid));
        if (!waitRef) await this.d.claims.claim(`haswait:${sid}`, sid);
      } else {
        taken.push(`seat:${sid}:${seatNo}`);
      }
      const doc = await this.m.Booking.create({
        _id: bookingId,
        sessionId: s._id,
        userId: oid(actor.id),
        userName: actor.displayName,
        status: seatNo === null ? 'waitlisted' : 'confirmed',
        code,
        seatNo,
        waitSeq,
        createdAt: now,
        phone: input.phone ?? null,
      });
      created = doc.toObject() as BookingDoc;
    } catch (e) {
      for (const k of taken) await this.d.claims.release(k).catch(() => undefined);
      throw e;
    }
    let b = created;
    if (b.status === 'waitlisted' && seatsFreeWhileWaiting) {
      // Seats are free while people wait (a promotion is under way or was interrupted): hand them out.
      if ((await this.promoteWaiting(sid)) > 0)
        b = (await this.m.Booking.findById(bookingId).lean<BookingDoc>()) ?? b;
    }
    const position =
      b.status !== 'waitlisted'
        ? null
        : b.waitSeq !== null && b.waitSeq >= TICKET_BASE
          ? await this.ticketPosition(sid, b.waitSeq - TICKET_BASE)
          : (await this.m.Booking.countDocuments({
              sessionId: s._id,
              status: 'waitlisted',
              waitSeq: { $lt: b.waitSeq },
            })) + 1;
    // Promoted on the spot: promoteWaiting has told them already.
    if (!(created.status === 'waitlisted' && b.status === 'confirmed'))
      await this.safely('booked', () => this.noticeBooked(b, s, position));
    return this.toBooking(b, position);
  }

  /**
   * Give free seats to the head of the waiting list, in arrival order. Each
   * waiting booking is promoted at most once (claim `job:promote:<booking>:1`).
   */
  /**
   * Give freed seats to the waiting list, strictly in arrival order. One promoter per session at a
   * time, across instances: the claim `promoting:<session>`. A caller that finds it held returns at
   * once; the holder re-checks after releasing it, so a seat freed while it worked is never left
   * behind (every failed attempt to take the lock happens while a holder still has its re-check to
   * do). A lock left by a dead process is taken over after a minute.
   */
  async promoteWaiting(sessionId: string): Promise<number> {
    const lock = `promoting:${sessionId}`;
    let promoted = 0;
    for (let round = 0; round < 50; round++) {
      if (!(await this.d.claims.claim(lock, String(process.pid)))) {
        const held = await this.d.claims.model.findById(lock).lean();
        if (held && held.createdAt.getTime() < this.d.now().getTime() - 60_000) {
          await this.d.claims.release(lock);
          continue;
        }
        return promoted;
      }
      try {
        const n = await this.promoteInOrder(sessionId);
        if (n > 0) await this.refreshLedger(sessionId);
        promoted += n;
      } finally {
        await this.d.claims.release(lock);
      }
      // Re-check after letting go: a seat freed while we held the lock, by someone who then
      // found the lock taken, is ours to hand on.
      if (!(await this.promotionPending(sessionId))) return promoted;
    }
    return promoted;
  }

  /** True when the session has a free seat and someone waiting. */
  private async promotionPending(sessionId: string): Promise<boolean> {
    const s = await this.m.Session.findById(sessionId).lean<SessionDoc>();
    if (!s || s.status !== 'published' || s.endsAt <= this.d.now()) return false;
    if ((await this.takenSeats(sessionId)).length >= s.capacity) return false;
    return !!(await this.m.Booking.findOne({ sessionId: s._id, status: 'waitlisted' }, { _id: 1 }).lean());
  }

  /** With the promotion lock held: seat the head of the queue while seats are free. */
  private async promoteInOrder(sessionId: string): Promise<number> {
    let promoted = 0;
    for (let guard = 0; guard < 10_000; guard++) {
      const s = await this.m.Session.findById(sessionId).lean<SessionDoc>();
      if (!s || s.status !== 'published' || s.endsAt <= this.d.now()) return promoted;
      const taken = await this.takenSeats(sessionId);
      if (taken.length >= s.capacity) {
        await this.d.claims.claim(`seatsfull:${sessionId}`, String(s.capacity));
        return promoted;
      }
      await this.d.claims.release(`seatsfull:${sessionId}`);
      const heads = await this.m.Booking.find({ sessionId: s._id, status: 'waitlisted' })
        .sort({ waitSeq: 1 })
        .limit(s.capacity - taken.length)
        .lean<BookingDoc[]>();
      if (!heads.length) {
        await this.d.claims.release(`haswait:${sessionId}`);
        return promoted;
      }
      let known: number[] | undefined = taken;
      for (const head of heads) {
        const hid = head._id.toHexString();
        const seat = await this.claimSeat(sessionId, s.capacity, hid, known);
        known = undefined;
        if (seat === null) return promoted; // a new booking took the last seat
        await this.m.Booking.updateOne(
          { _id: head._id, status: 'waitlisted' },
          { $set: { status: 'confirmed', seatNo: seat, promotedAt: this.d.now() } },
        );
        const after = await this.m.Booking.findById(head._id).lean<BookingDoc>();
        if (after?.status !== 'confirmed' || after.seatNo !== seat) {
          // Cancelled meanwhile: hand the seat back and go on with the next in line.
          await this.d.claims.release(`seat:${sessionId}:${seat}`);
          continue;
        }
        if ((head.waitSeq ?? 0) < TICKET_BASE)
          await this.d.claims.release(`wait:${sessionId}:${pad(head.waitSeq ?? 0)}`);
        this.d.logger.info({ session: sessionId, booking: hid, seat }, 'waitlist promoted');
        await this.safely('promoted', () => this.noticePromoted(after, s));
        promoted++;
      }
    }
    return promoted;
  }

  async cancelBooking(actor: AuthUser, sessionId: string, bookingId: string): Promise<Booking> {
    const s = await this.loadSession(sessionId);
    const b = Types.ObjectId.isValid(bookingId)
      ? await this.m.Booking.findOne({ _id: oid(bookingId), sessionId: s._id }).lean<BookingDoc>()
      : null;
    if (!b || b.userId.toHexString() !== actor.id) throw notFound('预约记录不存在', 'BOOKING_NOT_FOUND');
    if (b.status === 'cancelled') throw conflict('BOOKING_ALREADY_CANCELLED', '该预约已取消');
    if (b.checkedInAt) throw conflict('BOOKING_CHECKED_IN', '您已签到入场，预约不能再取消');
    const now = this.d.now();
    if (s.status !== 'cancelled' && now >= s.cancelCutoff) {
      throw conflict(
        'CANCEL_CUTOFF_PASSED',
        `已过取消截止时间（${beijingDayHm(s.cancelCutoff)}），如不能到场请联系主办单位`,
      );
    }
    await this.m.Booking.updateOne({ _id: b._id }, { $set: { status: 'cancelled', cancelledAt: now } });
    const after = (await this.m.Booking.findById(b._id).lean<BookingDoc>())!;
    const sid = s._id.toHexString();
    if (after.seatNo !== null && (await this.d.claims.holder(`seat:${sid}:${after.seatNo}`)) === bookingId) {
      await this.d.claims.release(`seat:${sid}:${after.seatNo}`);
      seatHints.get(sid)?.delete(after.seatNo);
      await this.d.claims.release(`seatsfull:${sid}`);
    }
    if (after.waitSeq !== null && after.waitSeq < TICKET_BASE)
      await this.d.claims.release(`wait:${sid}:${pad(after.waitSeq)}`);
    await this.d.claims.release(`holder:${sid}:${actor.id}`);
    if (b.status === 'waitlisted' && after.seatNo === null)
      await this.safely('wait ledger', () => this.refreshLedger(sid));
    if (b.status === 'confirmed' || after.seatNo !== null)
      await this.safely('cancel reminders', () => this.cancelReminders(bookingId, s.startsAt, actor.id));
    if ((b.status === 'confirmed' || after.seatNo !== null) && s.status !== 'cancelled')
      await this.promoteWaiting(sid);
    return this.toBooking(after, null);
  }

  async myBookings(actor: AuthUser): Promise<{ items: MyBooking[] }> {
    const bookings = await this.m.Booking.find({ userId: oid(actor.id) })
      .sort({ createdAt: -1, _id: -1 })
      .limit(100)
      .lean<BookingDoc[]>();
    const sessionIds = [...new Set(bookings.map((b) => b.sessionId.toHexString()))].map(oid);
    const sessions = await this.m.Session.find({ _id: { $in: sessionIds } }).lean<SessionDoc[]>();
    const byId = new Map(sessions.map((s) => [s._id.toHexString(), s]));
    const zones = await this.zoneBriefs([...new Set(sessions.map((s) => s.zoneId.toHexString()))].map(oid));
    const attended = bookings.filter((b) => b.checkedInAt);
    const feedback = attended.length
      ? await this.m.Feedback.find({ _id: { $in: attended.map((b) => b._id) } }).lean<FeedbackDoc[]>()
      : [];
    const fbById = new Map(feedback.map((f) => [f._id.toHexString(), f]));
    const positions = new Map<string, number>();
    for (const sid of new Set(bookings.filter((b) => b.status === 'waitlisted').map((b) => b.sessionId))) {
      for (const [k, v] of await this.waitPositions(sid)) positions.set(k, v);
    }
    const now = this.d.now();
    const items: MyBooking[] = [];
    for (const b of bookings) {
      const s = byId.get(b.sessionId.toHexString());
      if (!s) continue;
      items.push({
        ...this.toBooking(b, positions.get(b._id.toHexString()) ?? null),
        session: {
          id: s._id.toHexString(),
          title: s.title,
          startsAt: iso(s.startsAt),
          endsAt: iso(s.endsAt),
          zone: zones.get(s.zoneId.toHexString()) ?? { id: s.zoneId.toHexString(), name: '', address: '' },
          room: s.room,
          status: shownStatus(s, now),
          cancelCutoff: iso(s.cancelCutoff),
        },
        cancellable:
          b.status !== 'cancelled' && !b.checkedInAt && (s.status === 'cancelled' || now < s.cancelCutoff),
        feedback: fbById.has(b._id.toHexString())
          ? {
              rating: fbById.get(b._id.toHexString())!.rating,
              comment: fbById.get(b._id.toHexString())!.comment,
            }
          : null,
        canGiveFeedback:
          b.status === 'confirmed' &&
          !!b.checkedInAt &&
          now >= s.startsAt &&
          !fbById.has(b._id.toHexString()),
        canAsk: b.status !== 'cancelled' && s.status === 'published' && now < s.startsAt,
      });
    }
    return { items };
  }

  // ---------- check-in ----------

  async checkin(
    actor: AuthUser,
    sessionId: string,
    input: { code?: string; qr?: string },
  ): Promise<{ created: boolean; result: CheckinResult }> {
    const s = await this.loadManaged(actor, sessionId);
    if (s.status === 'cancelled') throw conflict('SESSION_CANCELLED', '该场次已取消，无需签到');
    if (s.status === 'draft') throw conflict('SESSION_NOT_PUBLISHED', '该场次尚未发布');
    const sid = s._id.toHexString();
    let b: BookingDoc | null = null;
    if (input.qr) {
      const v = verifyQr(this.d.signingSecret, input.qr);
      if (!v.ok) throw unprocessable('CHECKIN_QR_INVALID', '无法识别该二维码，请改为输入预约码');
      if (v.sessionId !== sid) await this.wrongSession(v.sessionId);
      b = await this.m.Booking.findById(v.bookingId).lean<BookingDoc>();
      if (b && b.code !== v.code) b = null;
    } else {
      const code = (input.code ?? '').toUpperCase();
      b = await this.m.Booking.findOne({ sessionId: s._id, code }).lean<BookingDoc>();
      if (!b) {
        const elsewhere = await this.m.Booking.findOne({
          code,
          sessionId: { $ne: s._id },
        }).lean<BookingDoc>();
        if (elsewhere) await this.wrongSession(elsewhere.sessionId.toHexString());
      }
    }
    if (!b) throw notFound('未找到该预约码，请核对后重新输入', 'CHECKIN_CODE_NOT_FOUND');
    if (b.status === 'cancelled')
      throw conflict('CHECKIN_BOOKING_CANCELLED', '该预约已取消，不能签到', {
        cancelledAt: b.cancelledAt ? iso(b.cancelledAt) : null,
      });
    if (b.status === 'waitlisted')
      throw conflict('CHECKIN_WAITLISTED', '该预约仍在候补中，尚未获得名额，不能签到');

    const bid = b._id.toHexString();
    const attendee = { bookingId: bid, name: b.userName, code: b.code, seatNo: b.seatNo };
    const now = this.d.now();
    if (await this.d.claims.claim(`checkin:${bid}`, bid)) {
      await this.m.Booking.updateOne(
        { _id: b._id },
        { $set: { checkedInAt: now, checkedInBy: oid(actor.id), noShowAt: null } },
      );
      return {
        created: true,
        result: {
          alreadyCheckedIn: false,
          checkedInAt: iso(now),
          message: `签到成功${b.seatNo ? `，座位号 ${b.seatNo}` : ''}`,
          attendee,
        },
      };
    }
    const fresh = await this.m.Booking.findById(b._id).lean<BookingDoc>();
    const claim = await this.d.claims.model.findById(`checkin:${bid}`).lean();
    const at = fresh?.checkedInAt ?? claim?.createdAt ?? now;
    return {
      created: false,
      result: {
        alreadyCheckedIn: true,
        checkedInAt: iso(at),
        message: `已于 ${beijingHm(at)} 签到`,
        attendee,
      },
    };
  }

  private async wrongSession(otherSessionId: string): Promise<never> {
    const other = Types.ObjectId.isValid(otherSessionId)
      ? await this.m.Session.findById(otherSessionId, { title: 1, startsAt: 1 }).lean<SessionDoc>()
      : null;
    throw conflict(
      'CHECKIN_WRONG_SESSION',
      other
        ? `该预约码属于其他场次：${other.title}（${beijingDayHm(other.startsAt)}）`
        : '该预约码不属于本场次',
      other ? { sessionId: otherSessionId, title: other.title } : undefined,
    );
  }

  async roster(actor: AuthUser, sessionId: string): Promise<Roster> {
    const s = await this.loadManaged(actor, sessionId);
    const bookings = await this.m.Booking.find({ sessionId: s._id })
      .sort({ createdAt: 1, _id: 1 })
      .limit(5000)
      .lean<BookingDoc[]>();
    const positions = await this.waitPositions(s._id);
    const order = (b: BookingDoc) => (b.status === 'confirmed' ? 0 : b.status === 'waitlisted' ? 1 : 2);
    bookings.sort(
      (a, b) =>
        order(a) - order(b) ||
        (a.status === 'confirmed' ? (a.seatNo ?? 0) - (b.seatNo ?? 0) : 0) ||
        (a.status === 'waitlisted' ? (a.waitSeq ?? 0) - (b.waitSeq ?? 0) : 0),
    );
    const confirmed = bookings.filter((b) => b.status === 'confirmed');
    const checkedIn = confirmed.filter((b) => b.checkedInAt).length;
    return {
      items: bookings.map((b) => ({
        bookingId: b._id.toHexString(),
        name: b.userName,
        status: b.status,
        code: b.code,
        seatNo: b.status === 'confirmed' ? b.seatNo : null,
        waitlistPosition: b.status === 'waitlisted' ? (positions.get(b._id.toHexString()) ?? null) : null,
        createdAt: iso(b.createdAt),
        checkedInAt: b.checkedInAt ? iso(b.checkedInAt) : null,
        phone: maskPhone(b.phone),
        noShow: b.status === 'confirmed' && !b.checkedInAt && !!b.noShowAt,
      })),
      attendance: {
        confirmed: confirmed.length,
        checkedIn,
        waitlisted: positions.size,
        rate: confirmed.length ? Math.round((checkedIn / confirmed.length) * 1000) / 1000 : null,
      },
    };
  }

  // ---------- questions in advance ----------

  private toQuestion(q: QuestionDoc): SessionQuestion {
    return {
      id: q._id.toHexString(),
      sessionId: q.sessionId.toHexString(),
      text: q.text,
      askerName: q.userName,
      createdAt: iso(q.createdAt),
      answered: q.answeredAt !== null,
      answeredAt: q.answeredAt ? iso(q.answeredAt) : null,
    };
  }

  /** A citizen asks before the session starts; at most QUESTION_LIMIT per person and session (claims). */
  async ask(actor: AuthUser, sessionId: string, text: string): Promise<SessionQuestion> {
    const s = await this.loadVisible(actor, sessionId);
    if (s.status !== 'published') throw conflict('SESSION_CANCELLED', '该场次已取消，不再收集问题');
    if (this.d.now() >= s.startsAt) throw conflict('QUESTIONS_CLOSED', '活动已开始，请在现场直接提问');
    const sid = s._id.toHexString();
    const id = new Types.ObjectId();
    let slot = 0;
    for (let n = 1; n <= QUESTION_LIMIT && !slot; n++) {
      if (await this.d.claims.claim(`question:${sid}:${actor.id}:${n}`, id.toHexString())) slot = n;
    }
    if (!slot)
      throw conflict('QUESTION_LIMIT', `每人每场最多提交${QUESTION_LIMIT}个问题，其余问题请在现场提出`);
    try {
      const doc = await this.m.Question.create({
        _id: id,
        sessionId: s._id,
        userId: oid(actor.id),
        userName: actor.displayName,
        text,
        createdAt: this.d.now(),
        answeredAt: null,
        answeredBy: null,
      });
      return this.toQuestion(doc.toObject() as QuestionDoc);
    } catch (e) {
      await this.d.claims.release(`question:${sid}:${actor.id}:${slot}`).catch(() => undefined);
      throw e;
    }
  }

  async myQuestions(actor: AuthUser, sessionId: string): Promise<{ items: SessionQuestion[] }> {
    const s = await this.loadVisible(actor, sessionId);
    const qs = await this.m.Question.find({ sessionId: s._id, userId: oid(actor.id) })
      .sort({ createdAt: 1, _id: 1 })
      .limit(QUESTION_LIMIT)
      .lean<QuestionDoc[]>();
    return { items: qs.map((q) => this.toQuestion(q)) };
  }

  /** Organizers: every question of the session, grouped by shared keywords. */
  async questionBoard(actor: AuthUser, sessionId: string): Promise<QuestionBoard> {
    const s = await this.loadManaged(actor, sessionId);
    const qs = await this.m.Question.find({ sessionId: s._id })
      .sort({ createdAt: 1, _id: 1 })
      .limit(2000)
      .lean<QuestionDoc[]>();
    const items = qs.map((q) => this.toQuestion(q));
    return {
      total: items.length,
      answered: items.filter((q) => q.answered).length,
      groups: groupQuestions(items),
    };
  }

  async markAnswered(
    actor: AuthUser,
    sessionId: string,
    questionId: string,
    answered: boolean,
  ): Promise<SessionQuestion> {
    const s = await this.loadManaged(actor, sessionId);
    const q = Types.ObjectId.isValid(questionId)
      ? await this.m.Question.findOne({ _id: oid(questionId), sessionId: s._id }).lean<QuestionDoc>()
      : null;
    if (!q) throw notFound('问题不存在', 'QUESTION_NOT_FOUND');
    if (answered !== (q.answeredAt !== null)) {
      await this.m.Question.updateOne(
        { _id: q._id },
        {
          $set: answered
            ? { answeredAt: this.d.now(), answeredBy: oid(actor.id) }
            : { answeredAt: null, answeredBy: null },
        },
      );
    }
    return this.toQuestion((await this.m.Question.findById(q._id).lean<QuestionDoc>())!);
  }

  // ---------- feedback ----------

  /** Attendees (checked-in bookings) rate the session once, from its start on. */
  async giveFeedback(actor: AuthUser, sessionId: string, input: FeedbackCreate): Promise<Feedback> {
    const v = FeedbackCreateSchema.parse(input);
    const s = await this.loadVisible(actor, sessionId);
    const b = await this.m.Booking.findOne({
      sessionId: s._id,
      userId: oid(actor.id),
      status: 'confirmed',
      checkedInAt: { $ne: null },
    }).lean<BookingDoc>();
    if (!b) throw conflict('FEEDBACK_NOT_ATTENDED', '签到参加本场活动后才能评价');
    if (this.d.now() < s.startsAt) throw conflict('FEEDBACK_NOT_OPEN', '活动开始后才能评价');
    const now = this.d.now();
    try {
      // One per booking: the feedback's _id is the booking's, so a second insert fails.
      await this.m.Feedback.create({
        _id: b._id,
        sessionId: s._id,
        userId: oid(actor.id),
        rating: v.rating,
        comment: v.comment,
        createdAt: now,
      });
    } catch (e) {
      if (isDuplicateKey(e)) throw conflict('FEEDBACK_EXISTS', '您已评价过本场活动，感谢您的反馈');
      throw e;
    }
    return {
      id: b._id.toHexString(),
      sessionId: s._id.toHexString(),
      rating: v.rating,
      comment: v.comment,
      createdAt: iso(now),
    };
  }

  async feedbackSummary(actor: AuthUser, sessionId: string): Promise<FeedbackSummary> {
    const s = await this.loadManaged(actor, sessionId);
    const all = await this.m.Feedback.find({ sessionId: s._id })
      .sort({ createdAt: -1, _id: -1 })
      .limit(5000)
      .lean<FeedbackDoc[]>();
    const distribution = [0, 0, 0, 0, 0];
    for (const f of all) distribution[f.rating - 1]!++;
    const sum = all.reduce((a, f) => a + f.rating, 0);
    return {
      count: all.length,
      average: all.length ? Math.round((sum / all.length) * 100) / 100 : null,
      distribution,
      items: all.map((f) => ({
        id: f._id.toHexString(),
        rating: f.rating,
        comment: f.comment,
        createdAt: iso(f.createdAt),
      })),
    };
  }

  // ---------- after the session: no-shows, attendance, exports ----------

  /**
   * Mark confirmed bookings that were never checked in as no-shows, once per ended
   * session (claim `noshow:<session>`); a late check-in clears the mark.
   */
  async markNoShows(): Promise<number> {
    const now = this.d.now();
    const ended = await this.m.Session.find(
      { status: 'published', endsAt: { $lte: now, $gt: new Date(now.getTime() - 30 * 86400_000) } },
      { _id: 1 },
    )
      .limit(500)
      .lean<SessionDoc[]>();
    let marked = 0;
    for (const s of ended) {
      const key = `noshow:${s._id.toHexString()}`;
      if (!(await this.d.claims.claim(key, s._id.toHexString()))) continue;
      try {
        const res = await this.m.Booking.updateMany(
          { sessionId: s._id, status: 'confirmed', checkedInAt: null, noShowAt: null },
          { $set: { noShowAt: now } },
        );
        marked += res.modifiedCount;
      } catch (e) {
        await this.d.claims.release(key).catch(() => undefined);
        throw e;
      }
    }
    return marked;
  }

  /** Organizers: attendance by month for their organ (admins: any organ or all). */
  async attendance(
    actor: AuthUser,
    q: { from: string; to?: string; organ?: string },
  ): Promise<AttendanceReport> {
    const to = q.to ?? q.from;
    if (to < q.from) throw unprocessable('MONTH_RANGE_INVALID', '截止月份不能早于起始月份');
    const months = monthsBetween(q.from, to);
    if (months.length > 12) throw unprocessable('MONTH_RANGE_INVALID', '一次最多查询12个月');
    let organIds: string[] | null;
    if (actor.roles.includes('admin')) organIds = q.organ ? [q.organ] : null;
    else {
      if (q.organ && !actor.organIds.includes(q.organ)) throw forbidden('只能查看本机关的签到统计');
      organIds = q.organ ? [q.organ] : actor.organIds;
    }
    const all = await this.statsBetween(
      organIds,
      beijingMonthRange(months[0]!).from,
      beijingMonthRange(months[months.length - 1]!).to,
    );
    const now = this.d.now();
    const ended = new Set(
      (
        await this.m.Session.find(
          { _id: { $in: all.list.map((x) => oid(x.id)) }, endsAt: { $lte: now } },
          { _id: 1 },
        ).lean<SessionDoc[]>()
      ).map((x) => x._id.toHexString()),
    );
    return {
      months: months.map((month) => {
        const inMonth = all.list.filter((x) => beijingMonth(new Date(x.startsAt)) === month);
        const done = inMonth.filter((x) => ended.has(x.id));
        const booked = done.reduce((a, x) => a + x.booked, 0);
        const attended = done.reduce((a, x) => a + x.attended, 0);
        return {
          month,
          sessions: inMonth.length,
          booked: inMonth.reduce((a, x) => a + x.booked, 0),
          attended: inMonth.reduce((a, x) => a + x.attended, 0),
          noShows: booked - attended,
          attendanceRate: booked ? Math.round((attended / booked) * 1000) / 1000 : null,
        };
      }),
      sessions: all.list,
    };
  }

  /** Rows of the roster export: Chinese headers, phones masked, Beijing times. */
  async rosterExport(
    actor: AuthUser,
    sessionId: string,
  ): Promise<{ title: string; startsAt: Date; rows: (string | number | null)[][] }> {
    const s = await this.loadManaged(actor, sessionId);
    const roster = await this.roster(actor, sessionId);
    const label = (e: Roster['items'][number]) =>
      e.status === 'cancelled'
        ? '已取消'
        : e.status === 'waitlisted'
          ? '候补'
          : e.checkedInAt
            ? '已签到'
            : e.noShow
              ? '未到场'
              : '已预约';
    const rows: (string | number | null)[][] = [
      ['序号', '姓名', '手机号', '预约码', '状态', '座位号', '候补排位', '预约时间', '签到时间'],
      ...roster.items.map((e, i) => [
        i + 1,
        e.name,
        e.phone ?? '',
        e.code,
        label(e),
        e.seatNo,
        e.waitlistPosition,
        beijingDateTime(new Date(e.createdAt)),
        e.checkedInAt ? beijingDateTime(new Date(e.checkedInAt)) : '',
      ]),
    ];
    return { title: s.title, startsAt: s.startsAt, rows };
  }

  // ---------- duplicate and weekly series ----------

  private copyInput(s: SessionDoc, startsAt: Date) {
    const shift = startsAt.getTime() - s.startsAt.getTime();
    const at = (d: Date) => new Date(d.getTime() + shift).toISOString();
    const now = this.d.now();
    return {
      title: s.title,
      description: s.description,
      topic: s.topic as SessionCreate['topic'],
      speakers: s.speakers.map((p) => ({ name: p.name, title: p.title ?? '' })),
      zoneId: s.zoneId.toHexString(),
      room: s.room,
      startsAt: startsAt.toISOString(),
      endsAt: at(s.endsAt),
      capacity: s.capacity,
      // Booking opens now unless the original opened later relative to its start.
      bookingOpensAt: new Date(Math.max(now.getTime(), s.bookingOpensAt.getTime() + shift)).toISOString(),
      bookingClosesAt: at(s.bookingClosesAt),
      cancelCutoff: at(s.cancelCutoff),
      policyIds: s.policyIds ?? [],
      organId: s.organId.toHexString(),
    };
  }

  /** A draft copy of a session (default: one week later). */
  async duplicate(actor: AuthUser, id: string, startsAt?: string): Promise<LectureSession> {
    const s = await this.loadManaged(actor, id);
    const start = startsAt ? new Date(startsAt) : new Date(s.startsAt.getTime() + 7 * 86400_000);
    return this.create(actor, this.copyInput(s, start));
  }

  /** N weekly draft sessions at the same weekday and time (2..12 weeks). */
  async createSeries(actor: AuthUser, input: SessionSeries): Promise<{ items: LectureSession[] }> {
    const v = SessionSeriesSchema.parse(input);
    if (v.weeks > SERIES_MAX_WEEKS)
      throw unprocessable('SERIES_TOO_LONG', `每个系列最多${SERIES_MAX_WEEKS}周，请分批创建`, [
        { path: 'weeks', message: `每个系列最多${SERIES_MAX_WEEKS}周` },
      ]);
    const { weeks, ...first } = v;
    const starts = weeklyStarts(new Date(first.startsAt), weeks);
    const shiftOf = (d: string | undefined, i: number) =>
      d ? new Date(new Date(d).getTime() + i * 7 * 86400_000).toISOString() : undefined;
    const inputs = starts.map((start, i) => ({
      ...first,
      startsAt: start.toISOString(),
      endsAt: shiftOf(first.endsAt, i)!,
      bookingOpensAt: i === 0 ? first.bookingOpensAt : shiftOf(first.bookingOpensAt, i),
      bookingClosesAt: shiftOf(first.bookingClosesAt, i),
      cancelCutoff: shiftOf(first.cancelCutoff, i),
    }));
    // Check every week first, so a bad series creates nothing.
    await this.validateCreate(actor, inputs[0]!);
    const items: LectureSession[] = [];
    for (const one of inputs) items.push(await this.create(actor, one));
    return { items };
  }

  // ---------- statistics ----------

  /**
   * Attendance and feedback of the published sessions starting between `from` and `to`
   * (Beijing dates YYYY-MM-DD, both included); `organIds` null = every organ.
   */
  async stats(q: { organIds: string[] | null; from: string; to: string }): Promise<SessionStats> {
    const day = /^\d{4}-\d{2}-\d{2}$/;
    if (!day.test(q.from) || !day.test(q.to)) throw unprocessable('DATE_INVALID', '日期格式应为 YYYY-MM-DD');
    return this.statsBetween(q.organIds, beijingDayStart(q.from), beijingDayRange(q.to).to);
  }

  private async statsBetween(organIds: string[] | null, from: Date, to: Date): Promise<SessionStats> {
    const filter: Record<string, unknown> = { status: 'published', startsAt: { $gte: from, $lt: to } };
    if (organIds) filter.organId = { $in: organIds.filter((i) => Types.ObjectId.isValid(i)).map(oid) };
    const sessions = await this.m.Session.find(filter, { title: 1, organId: 1, startsAt: 1, endsAt: 1 })
      .limit(5000)
      .lean<SessionDoc[]>();
    const ids = sessions.map((x) => x._id);
    const [bookings, feedback, organs] = await Promise.all([
      ids.length
        ? this.m.Booking.find(
            { sessionId: { $in: ids }, status: 'confirmed' },
            { sessionId: 1, checkedInAt: 1 },
          ).lean<BookingDoc[]>()
        : [],
      ids.length
        ? this.m.Feedback.find({ sessionId: { $in: ids } }, { sessionId: 1, rating: 1 }).lean<FeedbackDoc[]>()
        : [],
      this.organNames(),
    ]);
    return computeStats(
      sessions.map((x) => ({
        id: x._id.toHexString(),
        title: x.title,
        organId: x.organId.toHexString(),
        startsAt: x.startsAt,
        endsAt: x.endsAt,
      })),
      bookings.map((b) => ({ sessionId: b.sessionId.toHexString(), checkedIn: b.checkedInAt !== null })),
      feedback.map((f) => ({ sessionId: f.sessionId.toHexString(), rating: f.rating })),
      organs,
      this.d.now(),
    );
  }

  // ---------- maintenance ----------

  /**
   * Repair after a crash between a claim and its record: release booking
   * claims older than a minute whose booking never appeared or no longer
   * needs them, finish check-ins, and hand free seats to waiting people.
   */
  async repair(): Promise<number> {
    const cutoff = new Date(this.d.now().getTime() - 60_000);
    const claims = await this.d.claims.model
      .find({
        kind: { $in: ['seat', 'holder', 'bookcode', 'wait', 'checkin', 'job'] },
        createdAt: { $lt: cutoff },
      })
      .limit(5000)
      .lean();
    const ours = claims.filter((c) => c.kind !== 'job' || c._id.startsWith('job:promote:'));
    const refs = [...new Set(ours.map((c) => c.ref).filter((r) => Types.ObjectId.isValid(r)))].map(oid);
    const bookings = new Map(
      (await this.m.Booking.find({ _id: { $in: refs } }).lean<BookingDoc[]>()).map((b) => [
        b._id.toHexString(),
        b,
      ]),
    );
    let fixed = 0;
    const touched = new Set<string>();
    for (const c of ours) {
      const b = bookings.get(c.ref);
      let release = !b;
      if (b) {
        const sid = b.sessionId.toHexString();
        if (c.kind === 'seat') release = b.status !== 'confirmed' || c._id !== `seat:${sid}:${b.seatNo}`;
        if (c.kind === 'holder') release = b.status === 'cancelled';
        if (c.kind === 'wait') release = b.status !== 'waitlisted';
        if (c.kind === 'checkin' && !b.checkedInAt) {
          await this.m.Booking.updateOne({ _id: b._id }, { $set: { checkedInAt: c.createdAt } });
          fixed++;
        }
        if (c.kind === 'job' && b.status === 'waitlisted') {
          // A promotion that stopped half-way: let it be retried.
          const seat = (await this.takenSeatsOf(sid, c.ref))[0];
          if (seat !== undefined) {
            await this.m.Booking.updateOne(
              { _id: b._id, status: 'waitlisted' },
              { $set: { status: 'confirmed', seatNo: seat, promotedAt: this.d.now() } },
            );
          } else release = true;
        }
        touched.add(sid);
      }
      if (release) {
        await this.d.claims.release(c._id);
        fixed++;
        if (b) touched.add(b.sessionId.toHexString());
      }
    }
    // Seats can also free without a crash (promotion gave up under contention).
    const waitingSessions = await this.m.Booking.distinct('sessionId', { status: 'waitlisted' });
    for (const sid of waitingSessions) touched.add(String(sid));
    for (const sid of touched) fixed += await this.promoteWaiting(sid);
    return fixed;
  }

  private async takenSeatsOf(sessionId: string, bookingId: string): Promise<number[]> {
    const prefix = this.seatPrefix(sessionId);
    const docs = await this.d.claims.model
      .find({ _id: { $regex: `^${escapeRe(prefix)}` }, ref: bookingId })
      .lean();
    return docs.map((c) => Number(c._id.slice(prefix.length)));
  }
}
