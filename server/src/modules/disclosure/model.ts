import { Schema, Types, type Connection } from 'mongoose';
import type { AnswerKind, DisclosureStatus, IdType, OrgType } from '@zwgk/types';
import { modelOn } from '../../platform/db';

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
  } | null;
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
    outcome: { type: String, default: null },
    concludedOn: { type: String, default: null },
    timeline: { type: [TimelineSchema], default: [] },
  },
  { versionKey: false, collection: 'disclosure_requests' },
);
DisclosureSchema.index({ organId: 1, year: 1, seq: 1 }, { unique: true });
DisclosureSchema.index({ organId: 1, submittedOn: 1 });

export function disclosureModels(conn: Connection) {
  return { Request: modelOn<DisclosureDoc>(conn, 'DisclosureRequest', DisclosureSchema) };
}
export type DisclosureModels = ReturnType<typeof disclosureModels>;
