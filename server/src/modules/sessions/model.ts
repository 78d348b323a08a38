import { Schema, Types, type Connection } from 'mongoose';
import type { BookingStatus, SessionStatus } from '@zwgk/types';
import { modelOn } from '../../platform/db';

export interface ZoneDoc {
  _id: Types.ObjectId;
  name: string;
  organId: Types.ObjectId;
  address: string;
  latitude: number | null;
  longitude: number | null;
  openingHours: string;
  phone: string;
  services: string[];
  description: string;
  photoIds: string[];
  createdAt: Date;
}

export interface SessionDoc {
  _id: Types.ObjectId;
  title: string;
  description: string;
  topic: string;
  organId: Types.ObjectId;
  speakers: { name: string; title: string }[];
  zoneId: Types.ObjectId;
  room: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  bookingOpensAt: Date;
  bookingClosesAt: Date;
  cancelCutoff: Date;
  /** Stored status: draft, published or cancelled ("completed" is derived from endsAt). */
  status: Exclude<SessionStatus, 'completed'>;
  cancelReason: string | null;
  /** Related published policy documents (ids in the policy library). */
  policyIds: string[];
  /** The organizer who created it; null for demo data. */
  createdBy: Types.ObjectId | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface BookingDoc {
  _id: Types.ObjectId;
  sessionId: Types.ObjectId;
  userId: Types.ObjectId;
  userName: string;
  status: BookingStatus;
  code: string;
  seatNo: number | null;
  /** Arrival number on the waiting list (claim `wait:<session>:<n>`); kept after promotion. */
  waitSeq: number | null;
  createdAt: Date;
  promotedAt: Date | null;
  cancelledAt: Date | null;
  checkedInAt: Date | null;
  checkedInBy: Types.ObjectId | null;
  /** Contact phone given when booking (shown masked). */
  phone: string | null;
  /** Set by the maintenance job when the session ended without a check-in. */
  noShowAt: Date | null;
}

export interface QuestionDoc {
  _id: Types.ObjectId;
  sessionId: Types.ObjectId;
  userId: Types.ObjectId;
  userName: string;
  text: string;
  createdAt: Date;
  answeredAt: Date | null;
  answeredBy: Types.ObjectId | null;
}

/** One per booking: `_id` is the booking id, so a second insert fails (11000). */
export interface FeedbackDoc {
  _id: Types.ObjectId;
  sessionId: Types.ObjectId;
  userId: Types.ObjectId;
  rating: number;
  comment: string;
  createdAt: Date;
}

const ZoneSchema = new Schema<ZoneDoc>(
  {
    name: { type: String, required: true },
    organId: { type: Schema.Types.ObjectId, required: true, index: true },
    address: { type: String, required: true },
    latitude: { type: Number, default: null },
    longitude: { type: Number, default: null },
    openingHours: { type: String, required: true },
    phone: { type: String, required: true },
    services: { type: [String], default: [] },
    description: { type: String, default: '' },
    photoIds: { type: [String], default: [] },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'zones' },
);

const SessionSchema = new Schema<SessionDoc>(
  {
    title: { type: String, required: true },
    description: { type: String, required: true },
    topic: { type: String, required: true, index: true },
    organId: { type: Schema.Types.ObjectId, required: true, index: true },
    speakers: { type: [{ _id: false, name: String, title: String }], default: [] },
    zoneId: { type: Schema.Types.ObjectId, required: true, index: true },
    room: { type: String, required: true },
    startsAt: { type: Date, required: true, index: true },
    endsAt: { type: Date, required: true },
    capacity: { type: Number, required: true },
    bookingOpensAt: { type: Date, required: true },
    bookingClosesAt: { type: Date, required: true },
    cancelCutoff: { type: Date, required: true },
    status: { type: String, required: true, index: true },
    cancelReason: { type: String, default: null },
    policyIds: { type: [String], default: [] },
    createdBy: { type: Schema.Types.ObjectId, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'lecture_sessions' },
);

const BookingSchema = new Schema<BookingDoc>(
  {
    sessionId: { type: Schema.Types.ObjectId, required: true, index: true },
    userId: { type: Schema.Types.ObjectId, required: true, index: true },
    userName: { type: String, required: true },
    status: { type: String, required: true },
    code: { type: String, required: true, index: true },
    seatNo: { type: Number, default: null },
    waitSeq: { type: Number, default: null },
    createdAt: { type: Date, required: true },
    promotedAt: { type: Date, default: null },
    cancelledAt: { type: Date, default: null },
    checkedInAt: { type: Date, default: null },
    checkedInBy: { type: Schema.Types.ObjectId, default: null },
    phone: { type: String, default: null },
    noShowAt: { type: Date, default: null },
  },
  { versionKey: false, collection: 'session_bookings' },
);
BookingSchema.index({ sessionId: 1, status: 1, waitSeq: 1 });

const QuestionSchema = new Schema<QuestionDoc>(
  {
    sessionId: { type: Schema.Types.ObjectId, required: true, index: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    userName: { type: String, required: true },
    text: { type: String, required: true },
    createdAt: { type: Date, required: true },
    answeredAt: { type: Date, default: null },
    answeredBy: { type: Schema.Types.ObjectId, default: null },
  },
  { versionKey: false, collection: 'session_questions' },
);

const FeedbackSchema = new Schema<FeedbackDoc>(
  {
    sessionId: { type: Schema.Types.ObjectId, required: true, index: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    rating: { type: Number, required: true },
    comment: { type: String, default: '' },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'session_feedback' },
);

/**
 * What the waiting list of a session looked like at its last change (a promotion or a waiting
 * person's cancellation), so a new arrival's position is arithmetic instead of a count over
 * every booking (FerretDB-SQLite scans the whole collection for that).
 */
export interface WaitLedgerDoc {
  _id: string;
  /** Waiting people who arrived before tickets (legacy arrival stamps). */
  legacyWaiting: number;
  /** Every ticket up to this one has left the list (promoted, cancelled, or never used). */
  through: number;
  /** Tickets after `through` that have left, ascending. */
  gone: number[];
  /** The highest ticket seen at the refresh; later ones are assumed waiting. */
  maxTicket: number;
  at: Date;
}

const WaitLedgerSchema = new Schema<WaitLedgerDoc>(
  {
    _id: { type: String, required: true },
    legacyWaiting: { type: Number, required: true },
    through: { type: Number, required: true },
    gone: { type: [Number], default: [] },
    maxTicket: { type: Number, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'session_wait_ledgers' },
);

/** What a session may show of a related policy document. */
export interface PolicyRef {
  title: string;
  docNo: string | null;
  published: boolean;
}

/**
 * Reads one document of the policy library by `_id` (the only indexed read on FerretDB-SQLite),
 * straight from the collection, so this module does not depend on the policies module.
 */
export function policyReader(conn: Connection) {
  return async (id: string): Promise<PolicyRef | null> => {
    if (!/^[0-9a-f]{24}$/.test(id)) return null;
    const p = await conn
      .collection('policies')
      .findOne({ _id: new Types.ObjectId(id) }, { projection: { title: 1, docNo: 1, status: 1 } });
    if (!p || typeof p.title !== 'string') return null;
    return {
      title: p.title,
      docNo: typeof p.docNo === 'string' && p.docNo ? p.docNo : null,
      published: p.status === 'published',
    };
  };
}

export function sessionModels(conn: Connection) {
  return {
    /** Related policies: see policyReader. */
    policy: policyReader(conn),
    Zone: modelOn<ZoneDoc>(conn, 'Zone', ZoneSchema),
    WaitLedger: modelOn<WaitLedgerDoc>(conn, 'SessionWaitLedger', WaitLedgerSchema),
    Session: modelOn<SessionDoc>(conn, 'LectureSession', SessionSchema),
    Booking: modelOn<BookingDoc>(conn, 'SessionBooking', BookingSchema),
    Question: modelOn<QuestionDoc>(conn, 'SessionQuestion', QuestionSchema),
    Feedback: modelOn<FeedbackDoc>(conn, 'SessionFeedback', FeedbackSchema),
  };
}
export type SessionModels = ReturnType<typeof sessionModels>;
