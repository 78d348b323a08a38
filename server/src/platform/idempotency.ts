/**
 * `Idempotency-Key` for creating POSTs: the first request with a key claims
 * it (an insert, so two concurrent requests cannot both run); its answer is
 * stored and replayed to retries. A failed request releases the key so the
 * client can try again. Records older than a day are pruned by `prune()`.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import { modelOn } from './db';
import { createHash } from 'node:crypto';
import { AppError, isDuplicateKey } from './errors';
import { ErrorCodes } from '@zwgk/types';

interface IdemDoc {
  _id: string;
  requestHash: string;
  state: 'pending' | 'done';
  status?: number;
  body?: string;
  createdAt: Date;
}

const IdemSchema = new Schema<IdemDoc>(
  {
    _id: String,
    requestHash: String,
    state: String,
    status: Number,
    body: String,
    createdAt: { type: Date, index: true },
  },
  { versionKey: false, collection: 'idempotency' },
);

export const IDEMPOTENCY_KEY_RE = /^[A-Za-z0-9_-]{8,100}$/;

export type Begin = { kind: 'new'; id: string } | { kind: 'replay'; status: number; body: unknown };

export class IdempotencyStore {
  readonly model: Model<IdemDoc>;
  constructor(
    conn: Connection,
    private readonly now: () => Date,
  ) {
    this.model = modelOn<IdemDoc>(conn, 'Idempotency', IdemSchema);
  }

  async begin(scope: string, key: string, request: unknown): Promise<Begin> {
    if (!IDEMPOTENCY_KEY_RE.test(key)) {
      throw new AppError(
        400,
        'IDEMPOTENCY_KEY_INVALID',
        'Idempotency-Key 须为8到100位字母、数字、下划线或短横线',
      );
    }
    const id = `idem:${scope}:${key}`;
    const requestHash = createHash('sha256')
      .update(JSON.stringify(request ?? null))
      .digest('hex');
    try {
      await this.model.create({ _id: id, requestHash, state: 'pending', createdAt: this.now() });
      return { kind: 'new', id };
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
    const prev = await this.model.findById(id).lean();
    if (!prev) return this.begin(scope, key, request);
    if (prev.requestHash !== requestHash) {
      throw new AppError(
        422,
        ErrorCodes.IDEMPOTENCY_KEY_REUSED,
        '同一个 Idempotency-Key 不能用于不同的请求内容',
      );
    }
    if (prev.state !== 'done') {
      throw new AppError(409, ErrorCodes.IDEMPOTENCY_IN_PROGRESS, '相同的请求正在处理中，请稍候');
    }
    return { kind: 'replay', status: prev.status ?? 200, body: prev.body ? JSON.parse(prev.body) : null };
  }

  async finish(id: string, status: number, body: unknown) {
    await this.model.updateOne(
      { _id: id },
      { $set: { state: 'done', status, body: JSON.stringify(body ?? null) } },
    );
  }

  async abandon(id: string) {
    await this.model.deleteOne({ _id: id });
  }

  async prune(olderThanMs = 24 * 3600 * 1000) {
    await this.model.deleteMany({ createdAt: { $lt: new Date(this.now().getTime() - olderThanMs) } });
  }
}
