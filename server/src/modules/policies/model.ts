import { Schema, Types, type Connection } from 'mongoose';
import type { PolicyKind, PolicyStatus, PolicyTopic, PolicyValidity } from '@zwgk/types';
import { modelOn } from '../../platform/db';

export interface PolicyDoc {
  _id: Types.ObjectId;
  indexNo: string | null;
  title: string;
  organId: Types.ObjectId;
  docNo: string | null;
  /** normalizeDocNo(docNo), for exact matching whatever brackets were typed. */
  docNoNorm: string | null;
  writtenAt: string;
  publishedAt: Date | null;
  category: string;
  topics: PolicyTopic[];
  kind: PolicyKind;
  validity: PolicyValidity;
  replacedBy: Types.ObjectId | null;
  amendedBy: Types.ObjectId | null;
  needsInterpretation: boolean;
  status: PolicyStatus;
  returnReason: string | null;
  /** Sanitized rich text. */
  body: string;
  /** Plain text of the body, for snippets. */
  bodyText: string;
  /** Plain text of the published interpretations (a cache rebuilt with the search index). */
  interpText: string;
  /** Number of published interpretations (a cache rebuilt with the search index). */
  interpCount?: number;
  /**
   * Ids of the published interpretations and of the FAQs of a published
   * policy (a cache rebuilt with the search index), so its page reads them by
   * `_id` instead of searching the interpretation and FAQ collections.
   */
  interpIds?: Types.ObjectId[];
  faqIds?: Types.ObjectId[];
  createdBy: Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
  /** Revision: every change claims the audit entry `<id>:<rev+1>` first. */
  rev: number;
  /** Stored file ids of the attachments (ctx.files). */
  attachmentIds?: string[];
  /** The import batch that created it (while `status` is `importing`). */
  importBatch?: string | null;
}

export interface InterpretationDoc {
  _id: Types.ObjectId;
  policyId: Types.ObjectId;
  organId: Types.ObjectId;
  title: string;
  form: 'text' | 'image' | 'video';
  sections: {
    purpose: string;
    content: string;
    scope: string;
    process: string;
    changes: string;
    glossary: string;
  };
  imageUrl: string | null;
  videoUrl: string | null;
  /** Stored file ids of 图解 images (ctx.files, purpose policy-image). */
  imageIds?: string[];
  status: PolicyStatus;
  returnReason: string | null;
  publishedAt: Date | null;
  createdBy: Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

export interface FaqDoc {
  _id: Types.ObjectId;
  policyId: Types.ObjectId | null;
  organId: Types.ObjectId;
  question: string;
  answer: string;
  topics: PolicyTopic[];
  createdBy: Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

/** A change to the database the audit entry stands for (re-applied by the repair job after a crash). */
export interface AuditPatch {
  policy?: Record<string, unknown>;
  interpretations?: { id: string; set: Record<string, unknown> }[];
  /** A new interpretation inserted by this change. */
  insertInterpretation?: Record<string, unknown>;
}

export interface AuditDoc {
  /** `<policyId>:<rev zero-padded>`: inserting it claims the revision. */
  _id: string;
  policyId: Types.ObjectId;
  rev: number;
  action: string;
  target: 'policy' | 'interpretation';
  targetId: Types.ObjectId;
  from: string | null;
  to: string;
  actorId: Types.ObjectId;
  actorName: string;
  reason: string | null;
  at: Date;
  patch: AuditPatch;
  applied: boolean;
}

const PolicySchema = new Schema<PolicyDoc>(
  {
    indexNo: { type: String, default: null },
    title: { type: String, required: true },
    organId: { type: Schema.Types.ObjectId, required: true, index: true },
    docNo: { type: String, default: null },
    docNoNorm: { type: String, default: null, index: true },
    writtenAt: { type: String, required: true },
    publishedAt: { type: Date, default: null },
    category: { type: String, required: true },
    topics: { type: [String], default: [], index: true },
    kind: { type: String, required: true },
    validity: { type: String, required: true, default: '有效' },
    replacedBy: { type: Schema.Types.ObjectId, default: null },
    amendedBy: { type: Schema.Types.ObjectId, default: null },
    needsInterpretation: { type: Boolean, default: false },
    status: { type: String, required: true, index: true },
    returnReason: { type: String, default: null },
    body: { type: String, required: true },
    bodyText: { type: String, required: true },
    interpText: { type: String, default: '' },
    interpCount: { type: Number },
    interpIds: { type: [Schema.Types.ObjectId], default: undefined },
    faqIds: { type: [Schema.Types.ObjectId], default: undefined },
    createdBy: { type: Schema.Types.ObjectId, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    rev: { type: Number, required: true, default: 0 },
    attachmentIds: { type: [String], default: [] },
    importBatch: { type: String, default: null },
  },
  { versionKey: false, collection: 'policies' },
);
PolicySchema.index({ status: 1, publishedAt: -1, _id: -1 });
PolicySchema.index({ organId: 1, updatedAt: -1 });

const InterpretationSchema = new Schema<InterpretationDoc>(
  {
    policyId: { type: Schema.Types.ObjectId, required: true, index: true },
    organId: { type: Schema.Types.ObjectId, required: true },
    title: { type: String, required: true },
    form: { type: String, required: true },
    sections: {
      purpose: { type: String, default: '' },
      content: { type: String, default: '' },
      scope: { type: String, default: '' },
      process: { type: String, default: '' },
      changes: { type: String, default: '' },
      glossary: { type: String, default: '' },
    },
    imageUrl: { type: String, default: null },
    videoUrl: { type: String, default: null },
    imageIds: { type: [String], default: [] },
    status: { type: String, required: true },
    returnReason: { type: String, default: null },
    publishedAt: { type: Date, default: null },
    createdBy: { type: Schema.Types.ObjectId, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'policy_interpretations' },
);

const FaqSchema = new Schema<FaqDoc>(
  {
    policyId: { type: Schema.Types.ObjectId, default: null, index: true },
    organId: { type: Schema.Types.ObjectId, required: true },
    question: { type: String, required: true },
    answer: { type: String, required: true },
    topics: { type: [String], default: [] },
    createdBy: { type: Schema.Types.ObjectId, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true, index: true },
  },
  { versionKey: false, collection: 'policy_faqs' },
);

const AuditSchema = new Schema<AuditDoc>(
  {
    _id: { type: String, required: true },
    policyId: { type: Schema.Types.ObjectId, required: true, index: true },
    rev: { type: Number, required: true },
    action: { type: String, required: true },
    target: { type: String, required: true },
    targetId: { type: Schema.Types.ObjectId, required: true },
    from: { type: String, default: null },
    to: { type: String, required: true },
    actorId: { type: Schema.Types.ObjectId, required: true },
    actorName: { type: String, required: true },
    reason: { type: String, default: null },
    at: { type: Date, required: true },
    patch: { type: Schema.Types.Mixed, default: {} },
    applied: { type: Boolean, default: false, index: true },
  },
  { versionKey: false, collection: 'policy_audit', minimize: false },
);

/** A favourite (收藏): `_id: "<userId>:<policyId>"`, so adding twice is one document. */
export interface FavoriteDoc {
  _id: string;
  userId: Types.ObjectId;
  policyId: Types.ObjectId;
  title: string;
  at: Date;
}

const FavoriteSchema = new Schema<FavoriteDoc>(
  {
    _id: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true, index: true },
    policyId: { type: Schema.Types.ObjectId, required: true },
    title: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'policy_favorites' },
);

/**
 * A bulk import in flight: written before its documents, marked done after
 * them. The repair job finishes (all documents there) or rolls back (some
 * missing) a batch left pending by a crash, so an import is never half-visible.
 */
export interface ImportBatchDoc {
  _id: string;
  organId: Types.ObjectId;
  ids: Types.ObjectId[];
  claims: string[];
  status: 'pending' | 'done' | 'rolled-back';
  target: 'draft' | 'published';
  at: Date;
}

const ImportBatchSchema = new Schema<ImportBatchDoc>(
  {
    _id: { type: String, required: true },
    organId: { type: Schema.Types.ObjectId, required: true },
    ids: { type: [Schema.Types.ObjectId], default: [] },
    claims: { type: [String], default: [] },
    status: { type: String, required: true, index: true },
    target: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'policy_imports' },
);

export function policyModels(conn: Connection) {
  return {
    Policy: modelOn<PolicyDoc>(conn, 'Policy', PolicySchema),
    Interpretation: modelOn<InterpretationDoc>(conn, 'PolicyInterpretation', InterpretationSchema),
    Faq: modelOn<FaqDoc>(conn, 'PolicyFaq', FaqSchema),
    Audit: modelOn<AuditDoc>(conn, 'PolicyAudit', AuditSchema),
    Favorite: modelOn<FavoriteDoc>(conn, 'PolicyFavorite', FavoriteSchema),
    ImportBatch: modelOn<ImportBatchDoc>(conn, 'PolicyImportBatch', ImportBatchSchema),
  };
}
export type PolicyModels = ReturnType<typeof policyModels>;

export { Types };
