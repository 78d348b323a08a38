import { Schema, Types, type Connection } from 'mongoose';
import type {
  AnswerKind,
  DisclosureStatus,
  FeeBasis,
  FeeLine,
  IdType,
  OrgType,
  RemedyKind,
  RemedyResult,
} from '@zwgk/types';
import { modelOn } from '../../platform/db';
import type { ReportFact } from './report';

export interface TimelineDoc {
  at: Date;
  action: string;
  actorId: string;
  actorName: string;
  from: DisclosureStatus | null;
  to: DisclosureStatus;
  note: string | null;
  public: boolean;
}

export interface FeeDoc {
  basis: FeeBasis;
  pages: number | null;
  monthOrdinal: number | null;
  amount: number;
  lines: FeeLine[];
  noticeOn: string;
  payBy: string;
  paidOn: string | null;
  status: 'unpaid' | 'paid' | 'lapsed';
  /** The day the clock stopped for nothing more (lapsed): the closing day. */
  endedOn: string | null;
}

export interface DisclosureDoc {
  _id: Types.ObjectId;
  number: string;
  year: number;
  seq: number;
  organId: Types.ObjectId;
  applicantUserId: Types.ObjectId;
  applicant: {
    kind: 'natural' | 'organization';
    orgType: OrgType | null;
    name: string;
    idType: IdType;
    /** AES-256-GCM envelope; the plain number is never stored. */
    idEnc: string;
    idMasked: string;
    idFingerprint: string;
    /** Keyed hash of the phone number (digits only), to find the same applicant again. */
    phoneFingerprint?: string;
    legalRepresentative: string | null;
    contactName: string | null;
    phone: string;
    email: string | null;
    address: string | null;
  };
  info: { title: string; documentNumber: string | null; description: string };
  delivery: { form: 'paper' | 'electronic'; way: 'post' | 'email' | 'pickup' | 'online' };
  status: DisclosureStatus;
  /** Bumped by every transition; the transition to version n+1 is claimed first. */
  version: number;
  submittedAt: Date;
  submittedOn: string;
  receivedOn: string | null;
  supplement: {
    requestedOn: string;
    items: string;
    dueOn: string;
    suppliedOn: string | null;
    text: string | null;
    fileIds?: string[];
  } | null;
  consultations: {
    party: string;
    note: string;
    startedOn: string;
    endedOn: string | null;
    result: string | null;
  }[];
  extension: {
    days: number;
    reason: string;
    status: 'pending' | 'approved' | 'rejected';
    requestedOn: string;
    decidedOn: string | null;
    decidedBy: string | null;
  } | null;
  reply: {
    answerKind: AnswerKind;
    content: string;
    legalBasis: string;
    draftedOn: string;
    draftedBy: string;
    review: 'pending' | 'approved' | 'returned';
    reviewNote: string | null;
    reviewedBy: string | null;
    repliedOn: string | null;
    fileIds?: string[];
  } | null;
  fee?: FeeDoc | null;
  /** 身份证明材料 (file ids; files module). */
  idProofFileIds?: string[];
  assigneeId?: string | null;
  assigneeName?: string | null;
  /** The table 三 row this request ended in, and the day (China time) it ended. */
  outcome: AnswerKind | null;
  concludedOn: string | null;
  timeline: TimelineDoc[];
}

const TimelineSchema = new Schema<TimelineDoc>(
  {
    at: Date,
    action: String,
    actorId: String,
    actorName: String,
    from: { type: String, default: null },
    to: String,
    note: { type: String, default: null },
    public: Boolean,
  },
  { _id: false },
);

const DisclosureSchema = new Schema<DisclosureDoc>(
  {
    number: { type: String, required: true },
    year: { type: Number, required: true },
    seq: { type: Number, required: true },
    organId: { type: Schema.Types.ObjectId, required: true, index: true },
    applicantUserId: { type: Schema.Types.ObjectId, required: true, index: true },
    applicant: { type: Schema.Types.Mixed, required: true },
    info: { type: Schema.Types.Mixed, required: true },
    delivery: { type: Schema.Types.Mixed, required: true },
    status: { type: String, required: true, index: true },
    version: { type: Number, required: true },
    submittedAt: { type: Date, required: true },
    submittedOn: { type: String, required: true },
    receivedOn: { type: String, default: null },
    supplement: { type: Schema.Types.Mixed, default: null },
    consultations: { type: Schema.Types.Mixed, default: () => [] },
    extension: { type: Schema.Types.Mixed, default: null },
    reply: { type: Schema.Types.Mixed, default: null },
    fee: { type: Schema.Types.Mixed, default: null },
    idProofFileIds: { type: [String], default: () => [] },
    assigneeId: { type: String, default: null },
    assigneeName: { type: String, default: null },
    outcome: { type: String, default: null },
    concludedOn: { type: String, default: null },
    timeline: { type: [TimelineSchema], default: [] },
  },
  { versionKey: false, collection: 'disclosure_requests' },
);
DisclosureSchema.index({ organId: 1, year: 1, seq: 1 }, { unique: true });
DisclosureSchema.index({ organId: 1, submittedOn: 1 });

/** 沟通记录: one document per entry (inserts only, so concurrent entries never overwrite each other). */
export interface ContactDoc {
  _id: Types.ObjectId;
  requestId: Types.ObjectId;
  organId: Types.ObjectId;
  kind: 'call' | 'meeting' | 'note';
  at: Date;
  summary: string;
  byId: string;
  byName: string;
  createdAt: Date;
}
const ContactSchemaM = new Schema<ContactDoc>(
  {
    requestId: { type: Schema.Types.ObjectId, required: true, index: true },
    organId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, required: true },
    at: { type: Date, required: true },
    summary: { type: String, required: true },
    byId: String,
    byName: String,
    createdAt: Date,
  },
  { versionKey: false, collection: 'disclosure_contacts' },
);

/** 行政复议 / 行政诉讼 against a request: the source of table 四. */
export interface RemedyDoc {
  _id: Types.ObjectId;
  requestId: Types.ObjectId;
  organId: Types.ObjectId;
  kind: RemedyKind;
  filedOn: string;
  body: string;
  caseNumber: string | null;
  result: RemedyResult;
  decidedOn: string | null;
  note: string | null;
  recordedById: string;
  recordedBy: string;
  createdAt: Date;
  updatedAt: Date;
}
const RemedySchemaM = new Schema<RemedyDoc>(
  {
    requestId: { type: Schema.Types.ObjectId, required: true, index: true },
    organId: { type: Schema.Types.ObjectId, required: true, index: true },
    kind: { type: String, required: true },
    filedOn: { type: String, required: true },
    body: String,
    caseNumber: { type: String, default: null },
    result: { type: String, required: true },
    decidedOn: { type: String, default: null },
    note: { type: String, default: null },
    recordedById: String,
    recordedBy: String,
    createdAt: Date,
    updatedAt: Date,
  },
  { versionKey: false, collection: 'disclosure_remedies' },
);

/** The report's view of a request (see ReportFact in report.ts); rewritten with every change. */
const FactSchema = new Schema(
  {
    _id: { type: String, required: true },
    o: { type: String, required: true },
    c: { type: String, required: true },
    s: { type: String, required: true },
    e: { type: String, default: null },
    k: { type: String, default: null },
  },
  { versionKey: false, collection: 'disclosure_facts' },
);

/**
 * Annual reports already computed, per organ and year (`_id` `<organ>:<year>`), valid while the
 * organ's stamp (`disclosure_report_stamps`, `_id` = organ) is the one they were computed under.
 * Every change to the organ's facts or remedies writes a new stamp. Both are read by `_id` only.
 */
const ReportCacheSchema = new Schema(
  { _id: String, stamp: String, report: Schema.Types.Mixed, at: Date },
  { versionKey: false, collection: 'disclosure_report_cache' },
);
const ReportStampSchema = new Schema(
  { _id: String, stamp: String },
  { versionKey: false, collection: 'disclosure_report_stamps' },
);

export function disclosureModels(conn: Connection) {
  return {
    ReportCache: modelOn<{ _id: string; stamp: string; report: unknown; at: Date }>(
      conn,
      'DisclosureReportCache',
      ReportCacheSchema,
    ),
    ReportStamp: modelOn<{ _id: string; stamp: string }>(conn, 'DisclosureReportStamp', ReportStampSchema),
    Fact: modelOn<ReportFact>(conn, 'DisclosureFact', FactSchema),
    Request: modelOn<DisclosureDoc>(conn, 'DisclosureRequest', DisclosureSchema),
    Contact: modelOn<ContactDoc>(conn, 'DisclosureContact', ContactSchemaM),
    Remedy: modelOn<RemedyDoc>(conn, 'DisclosureRemedy', RemedySchemaM),
  };
}
export type DisclosureModels = ReturnType<typeof disclosureModels>;
