import { Schema, Types, type Connection } from 'mongoose';
import type { ConsultationStatus, ConsultationTopic, Rating } from '@zwgk/types';
import { modelOn } from '../../platform/db';

export interface ReplyDoc {
  text: string;
  at: Date;
  on: string;
  byId: string;
  byName: string;
  organName: string;
  workdays: number;
}

export interface ConsultationDoc {
  _id: Types.ObjectId;
  userId: Types.ObjectId;
  askerName: string;
  topic: ConsultationTopic;
  question: string;
  policy: { id: string; title: string; organId: string } | null;
  session: { id: string; title: string } | null;
  imageIds: string[];
  organId: Types.ObjectId;
  status: ConsultationStatus;
  /** Bumped by every staff transition; the step to version n+1 is claimed first. */
  version: number;
  askedAt: Date;
  askedOn: string;
  dueOn: string;
  answer: ReplyDoc | null;
  followUp: {
    question: string;
    askedAt: Date;
    askedOn: string;
    dueOn: string;
    answer: ReplyDoc | null;
  } | null;
  rating: Rating | null;
  ratingComment: string | null;
  ratedAt: Date | null;
  consentPublish: boolean;
  published: { faqId: string; at: Date; question: string; answer: string; byId: string } | null;
  transfers: { fromOrganId: string; toOrganId: string; reason: string; at: Date; byId: string }[];
}

const ConsultationSchema = new Schema<ConsultationDoc>(
  {
    userId: { type: Schema.Types.ObjectId, required: true, index: true },
    askerName: { type: String, required: true },
    topic: { type: String, required: true },
    question: { type: String, required: true },
    policy: { type: Schema.Types.Mixed, default: null },
    session: { type: Schema.Types.Mixed, default: null },
    imageIds: { type: [String], default: [] },
    organId: { type: Schema.Types.ObjectId, required: true, index: true },
    status: { type: String, required: true },
    version: { type: Number, required: true },
    askedAt: { type: Date, required: true },
    askedOn: { type: String, required: true },
    dueOn: { type: String, required: true },
    answer: { type: Schema.Types.Mixed, default: null },
    followUp: { type: Schema.Types.Mixed, default: null },
    rating: { type: String, default: null },
    ratingComment: { type: String, default: null },
    ratedAt: { type: Date, default: null },
    consentPublish: { type: Boolean, required: true },
    published: { type: Schema.Types.Mixed, default: null },
    transfers: { type: Schema.Types.Mixed, default: () => [] },
  },
  { versionKey: false, collection: 'consultations' },
);
ConsultationSchema.index({ organId: 1, askedOn: 1 });

/** The topic → organ table: `_id` is the topic. */
export interface ConsultationRouteDoc {
  _id: string;
  organId: Types.ObjectId;
  updatedBy: string;
  updatedAt: Date;
}

const RouteSchema = new Schema<ConsultationRouteDoc>(
  {
    _id: { type: String, required: true },
    organId: { type: Schema.Types.ObjectId, required: true },
    updatedBy: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'consultation_routes' },
);

/**
 * What a publication as FAQ is about to write, stored (under the consultation's id) once the
 * `cstfaq:<id>` claim is taken and before the FAQ is created: after a crash the repair job finds the
 * FAQ it made (by `faqId`, or by its text when the crash came before `faqId` was recorded).
 */
export interface ConsultationPublicationDoc {
  _id: string;
  organId: string;
  policyId: string | null;
  question: string;
  answer: string;
  byId: string;
  at: Date;
  faqId: string | null;
}

const PublicationSchema = new Schema<ConsultationPublicationDoc>(
  {
    _id: { type: String, required: true },
    organId: { type: String, required: true },
    policyId: { type: String, default: null },
    question: { type: String, required: true },
    answer: { type: String, required: true },
    byId: { type: String, required: true },
    at: { type: Date, required: true },
    faqId: { type: String, default: null },
  },
  { versionKey: false, collection: 'consultation_publications' },
);

export function consultationModels(conn: Connection) {
  return {
    Consultation: modelOn<ConsultationDoc>(conn, 'Consultation', ConsultationSchema),
    Route: modelOn<ConsultationRouteDoc>(conn, 'ConsultationRoute', RouteSchema),
    Publication: modelOn<ConsultationPublicationDoc>(conn, 'ConsultationPublication', PublicationSchema),
  };
}
export type ConsultationModels = ReturnType<typeof consultationModels>;
