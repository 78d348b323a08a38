/**
 * Claims: small documents whose `_id` is the claim key. Claim = insert (a
 * duplicate `_id` fails with 11000 on MongoDB and FerretDB alike); release =
 * delete. Every invariant concurrent users can break is enforced this way,
 * never with a conditional update (FerretDB 1.x runs those as read-then-write).
 */
import { Schema, type Connection, type Model } from 'mongoose';
import { modelOn } from './db';
import { isDuplicateKey } from './errors';

export interface ClaimDoc {
  _id: string;
  ref: string;
  kind: string;
  createdAt: Date;
}

const ClaimSchema = new Schema<ClaimDoc>(
  {
    _id: { type: String, required: true },
    ref: { type: String, required: true },
    kind: { type: String, required: true, index: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'claims' },
);

export class Claims {
  readonly model: Model<ClaimDoc>;
  constructor(
    conn: Connection,
    private readonly now: () => Date,
  ) {
    this.model = modelOn<ClaimDoc>(conn, 'Claim', ClaimSchema);
  }

  /** Try to take `key` for `ref`. True when taken now, false when someone holds it. */
  async claim(key: string, ref: string): Promise<boolean> {
    try {
      await this.model.create({ _id: key, ref, kind: key.split(':')[0], createdAt: this.now() });
      return true;
    } catch (e) {
      if (isDuplicateKey(e)) return false;
      throw e;
    }
  }

  /** The ref that holds `key`, or null. */
  async holder(key: string): Promise<string | null> {
    const doc = await this.model.findById(key).lean();
    return doc?.ref ?? null;
  }

  async release(key: string): Promise<void> {
    await this.model.deleteOne({ _id: key });
  }

  /**
   * Take `key` for a new record, or return who already has it. Retries
   * reading when the holder is mid-creation.
   */
  async claimOrGet(key: string, ref: string): Promise<{ won: boolean; ref: string }> {
    if (await this.claim(key, ref)) return { won: true, ref };
    const holder = await this.holder(key);
    if (holder) return { won: false, ref: holder };
    // Released between our insert and our read: try once more.
    if (await this.claim(key, ref)) return { won: true, ref };
    const again = await this.holder(key);
    if (!again) throw new Error(`claim ${key} is contended`);
    return { won: false, ref: again };
  }
}
