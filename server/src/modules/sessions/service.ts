/**
 * 政务公开讲: zones, sessions, bookings with a waiting list, check-in.
 *
 * Capacity is enforced with claims (platform/claims.ts), never with counters:
 * - `seat:<session>:<n>` for n in 1..capacity, held by a confirmed booking;
 * - `holder:<session>:<user>`: one active booking per person and session;
 * - `bookcode:<session>:<code>`: booking codes unique per session;
 * - `wait:<session>:<n>`: arrival number on the waiting list;
 * - `job:promote:<booking>:1`: a waiting booking is promoted once;
 * - `checkin:<booking>`: a booking is checked in once.
 * Claims are written first and the booking record second; `repair()` removes
 * claims whose record never appeared and finishes interrupted promotions.
 */
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
  SessionUpdate,
  Zone,
  ZoneCreate,
  ZoneUpdate,
} from '@zwgk/types';
import { SessionCreateSchema, SessionListQuerySchema, ZoneCreateSchema, ZoneUpdateSchema } from '@zwgk/types';
import type { Claims } from '../../platform/claims';
import { AppError, conflict, forbidden, notFound, unprocessable } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import type { AuthUser } from '../../platform/routing';
import type { AccountsService } from '../accounts/service';
import type { BookingDoc, SessionDoc, SessionModels, ZoneDoc } from './model';
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
}

const ACTIVE: BookingStatus[] = ['confirmed', 'waitlisted'];
const iso = (d: Date) => d.toISOString();
const oid = (s: string) => new Types.ObjectId(s);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pad = (n: number) => String(n).padStart(16, '0');
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Microseconds since 2025 ×16 + a per-process nibble: increasing within a process, rarely equal across processes. */
const STAMP_EPOCH_MS = Date.UTC(2025, 0, 1);
const PROCESS_NIBBLE = Math.floor(Math.random() * 16);
let lastStamp = 0;
function arrivalStamp(): number {
  const us = Math.floor((performance.timeOrigin + performance.now() - STAMP_EPOCH_MS) * 1000);
  lastStamp = Math.max(lastStamp + 1, us);
  return lastStamp * 16 + PROCESS_NIBBLE;
}

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
   * Take an arrival number on the waiting list: the arrival instant in
   * microseconds, made unique per session by its claim (a collision takes a
   * fresh number). Measured with the monotonic wall clock rather than the
   * business clock, because it only orders arrivals.
   */
  private async claimWaitSeq(sessionId: string, bookingId: string): Promise<number> {
    for (let attempt = 0; attempt < 1000; attempt++) {
      const n = arrivalStamp();
      if (await this.d.claims.claim(`wait:${sessionId}:${pad(n)}`, bookingId)) return n;
    }
    throw new AppError(503, 'TRY_AGAIN', '系统繁忙，请稍后重试', undefined, { 'Retry-After': '1' });
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

  private async zoneBriefs(ids: Types.ObjectId[]) {
    const zones = await this.m.Zone.find({ _id: { $in: ids } }, { name: 1, address: 1 }).lean<ZoneDoc[]>();
    return new Map(
      zones.map((z) => [z._id.toHexString(), { id: z._id.toHexString(), name: z.name, address: z.address }]),
    );
  }

  private async toListItems(actor: AuthUser | null, docs: SessionDoc[]): Promise<SessionListItem[]> {
    const now = this.d.now();
    const ids = docs.map((s) => s._id);
    const [counts, zones, organs, mine] = await Promise.all([
      this.counts(ids),
      this.zoneBriefs([...new Set(docs.map((s) => s.zoneId.toHexString()))].map(oid)),
      this.organNames(),
      actor
        ? this.m.Booking.find({ sessionId: { $in: ids }, userId: oid(actor.id), status: { $in: ACTIVE } })
            .lean<BookingDoc[]>()
            .then((bs) => new Map(bs.map((b) => [b.sessionId.toHexString(), b])))
        : Promise.resolve(new Map<string, BookingDoc>()),
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
    const [item] = await this.toListItems(actor, [s]);
    const checkedInCount = await this.m.Booking.countDocuments({
      sessionId: s._id,
      status: 'confirmed',
      checkedInAt: { $ne: null },
    });
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
    };
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
    };
  }

  // ---------- zones ----------

  private toZone(z: ZoneDoc, organs: Map<string, string>): Zone {
    return {
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
    const [zones, organs] = await Promise.all([
      this.m.Zone.find().sort({ createdAt: 1, _id: 1 }).limit(200).lean<ZoneDoc[]>(),
      this.organNames(),
    ]);
    return zones.map((z) => this.toZone(z, organs));
  }

  async getZone(id: string): Promise<Zone> {
    const z = Types.ObjectId.isValid(id) ? await this.m.Zone.findById(id).lean<ZoneDoc>() : null;
    if (!z) throw notFound('该政务公开专区不存在', 'ZONE_NOT_FOUND');
    return this.toZone(z, await this.organNames());
  }

  async createZone(actor: AuthUser | null, input: ZoneCreate): Promise<Zone> {
    if (!actor?.roles.includes('admin')) throw forbidden('仅系统管理员可以维护政务公开专区');
    const v = ZoneCreateSchema.parse(input);
    const organs = await this.organNames();
    if (!organs.has(v.organId)) throw unprocessable('ORGAN_NOT_FOUND', '所属机关不存在');
    const doc = await this.m.Zone.create({
      ...v,
      latitude: v.latitude ?? null,
      longitude: v.longitude ?? null,
      organId: oid(v.organId),
      createdAt: this.d.now(),
    });
    return this.toZone(doc.toObject() as ZoneDoc, organs);
  }

  async updateZone(actor: AuthUser | null, id: string, input: ZoneUpdate): Promise<Zone> {
    if (!actor?.roles.includes('admin')) throw forbidden('仅系统管理员可以维护政务公开专区');
    await this.getZone(id);
    const v = ZoneUpdateSchema.parse(input);
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

  async create(actor: AuthUser, input: SessionCreate): Promise<LectureSession> {
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
    await this.m.Session.updateOne({ _id: s._id }, { $set: set });
    if (capacity < s.capacity) await this.compactSeats(s._id.toHexString(), capacity);
    if (capacity > s.capacity) await this.promoteWaiting(s._id.toHexString());
    return this.toDetail(actor, await this.loadSession(id));
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
    return this.toDetail(actor, await this.loadSession(id));
  }

  // ---------- bookings ----------

  async book(actor: AuthUser, sessionId: string): Promise<Booking> {
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
      const seats = await this.takenSeats(sid);
      let seatNo: number | null = null;
      if (seats.length < s.capacity) {
        const waiting = await this.m.Booking.countDocuments({ sessionId: s._id, status: 'waitlisted' });
        if (waiting === 0) seatNo = await this.claimSeat(sid, s.capacity, bid, seats);
        else seatsFreeWhileWaiting = true;
      }
      let waitSeq: number | null = null;
      if (seatNo === null) {
        waitSeq = await this.claimWaitSeq(sid, bid);
        taken.push(`wait:${sid}:${pad(waitSeq)}`);
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
      b.status === 'waitlisted'
        ? (await this.m.Booking.countDocuments({
            sessionId: s._id,
            status: 'waitlisted',
            waitSeq: { $lt: b.waitSeq },
          })) + 1
        : null;
    return this.toBooking(b, position);
  }

  /**
   * Give free seats to the head of the waiting list, in arrival order. Each
   * waiting booking is promoted at most once (claim `job:promote:<booking>:1`).
   */
  async promoteWaiting(sessionId: string): Promise<number> {
    let promoted = 0;
    let contended = 0;
    for (let guard = 0; guard < 10_000; guard++) {
      const s = await this.m.Session.findById(sessionId).lean<SessionDoc>();
      if (!s || s.status !== 'published' || s.endsAt <= this.d.now()) return promoted;
      const taken = await this.takenSeats(sessionId);
      if (taken.length >= s.capacity) return promoted;
      const head = await this.m.Booking.findOne({ sessionId: s._id, status: 'waitlisted' })
        .sort({ waitSeq: 1 })
        .lean<BookingDoc>();
      if (!head) return promoted;
      const hid = head._id.toHexString();
      const jobKey = `job:promote:${hid}:1`;
      if (!(await this.d.claims.claim(jobKey, hid))) {
        // Another instance is promoting this person right now; look again shortly.
        if (++contended > 100) return promoted;
        await sleep(15);
        continue;
      }
      const seat = await this.claimSeat(sessionId, s.capacity, hid);
      if (seat === null) {
        await this.d.claims.release(jobKey);
        return promoted;
      }
      await this.m.Booking.updateOne(
        { _id: head._id, status: 'waitlisted' },
        { $set: { status: 'confirmed', seatNo: seat, promotedAt: this.d.now() } },
      );
      const after = await this.m.Booking.findById(head._id).lean<BookingDoc>();
      if (after?.status !== 'confirmed' || after.seatNo !== seat) {
        // Cancelled meanwhile: hand the seat back.
        await this.d.claims.release(`seat:${sessionId}:${seat}`);
        continue;
      }
      await this.d.claims.release(`wait:${sessionId}:${pad(head.waitSeq ?? 0)}`);
      this.d.logger.info({ session: sessionId, booking: hid, seat }, 'waitlist promoted');
      promoted++;
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
    }
    if (after.waitSeq !== null) await this.d.claims.release(`wait:${sid}:${pad(after.waitSeq)}`);
    await this.d.claims.release(`holder:${sid}:${actor.id}`);
    if (b.status === 'confirmed' || after.seatNo !== null) await this.promoteWaiting(sid);
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
        { $set: { checkedInAt: now, checkedInBy: oid(actor.id) } },
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
      })),
      attendance: {
        confirmed: confirmed.length,
        checkedIn,
        waitlisted: positions.size,
        rate: confirmed.length ? Math.round((checkedIn / confirmed.length) * 1000) / 1000 : null,
      },
    };
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
