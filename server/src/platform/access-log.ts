/**
 * Who looked at whose personal data: an insert-only log (PIPL art. 51 asks for records of
 * processing). Services call `record` whenever they show a person's personal details (name, ID,
 * phone, address) to someone other than that person; admins read it by target or by actor.
 */
import { Schema, Types, type Connection, type Model } from 'mongoose';
import { modelOn } from './db';

export interface AccessLogDoc {
  _id: Types.ObjectId;
  actorId: string;
  /** What was seen, e.g. `disclosure:<requestId>`. */
  target: string;
  /** Which personal fields were shown, e.g. ['name', 'phone', 'idMasked']. */
  fields: string[];
  purpose: string;
  at: Date;
}

const AccessLogSchema = new Schema<AccessLogDoc>(
  {
    actorId: { type: String, required: true, index: true },
    target: { type: String, required: true, index: true },
    fields: { type: [String], default: [] },
    purpose: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'access_log' },
);

export interface AccessLogEntry {
  actorId: string;
  target: string;
  fields: string[];
  purpose: string;
  at: string;
}

export class AccessLog {
  readonly model: Model<AccessLogDoc>;
  constructor(
    conn: Connection,
    private readonly now: () => Date,
  ) {
    this.model = modelOn<AccessLogDoc>(conn, 'AccessLog', AccessLogSchema);
  }

  async record(e: { actorId: string; target: string; fields: string[]; purpose: string }): Promise<void> {
    await this.model.create({ ...e, at: this.now() });
  }

  async list(q: { target?: string; actorId?: string; limit?: number }): Promise<AccessLogEntry[]> {
    const filter: Record<string, string> = {};
    if (q.target) filter.target = q.target;
    if (q.actorId) filter.actorId = q.actorId;
    const docs = await this.model
      .find(filter)
      .sort({ at: -1 })
      .limit(q.limit ?? 100)
      .lean<AccessLogDoc[]>();
    return docs.map((d) => ({
      actorId: d.actorId,
      target: d.target,
      fields: d.fields,
      purpose: d.purpose,
      at: d.at.toISOString(),
    }));
  }
}
