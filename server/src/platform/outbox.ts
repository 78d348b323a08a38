/**
 * The durable outbox: work that must happen once, later or elsewhere (WeChat subscribe messages,
 * scheduled reminders). A job is a document whose `_id` is its key, so enqueuing the same key twice
 * keeps one job. Every attempt is taken by a claim `job:<key>:<attempt>` before it runs, so with
 * several API instances polling, each attempt runs on exactly one of them; a failed attempt is
 * retried with backoff under the next attempt number.
 *
 * A process killed between taking an attempt and recording its outcome leaves the attempt claimed
 * and the job pending; `repair()` gives such a job a new attempt after `staleAfterMs`. That is the one
 * case where a message may go out twice (the send may have happened before the crash).
 */
import { Schema, type Connection, type Model } from 'mongoose';
import type { Claims } from './claims';
import { modelOn } from './db';
import { isDuplicateKey } from './errors';
import type { Logger } from './logger';

export type JobState = 'pending' | 'done' | 'failed' | 'cancelled';

export interface OutboxJob {
  _id: string;
  kind: string;
  payload: Record<string, unknown>;
  state: JobState;
  /** Attempts made so far; the next attempt is number `attempts`. */
  attempts: number;
  /** When the next attempt may run. */
  dueAt: Date;
  lastError: string | null;
  createdAt: Date;
  doneAt: Date | null;
}

const JobSchema = new Schema<OutboxJob>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    payload: { type: Schema.Types.Mixed, default: {} },
    state: { type: String, required: true, index: true },
    attempts: { type: Number, required: true },
    dueAt: { type: Date, required: true, index: true },
    lastError: { type: String, default: null },
    createdAt: { type: Date, required: true },
    doneAt: { type: Date, default: null },
  },
  { versionKey: false, collection: 'outbox', minimize: false },
);

/** Throw this from a handler when retrying cannot help (e.g. the user refused the message). */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

export type JobHandler = (payload: Record<string, unknown>, job: OutboxJob) => Promise<void>;

/** Seconds to wait after attempt n fails (n = 1, 2, …); the job fails for good after the last. */
export const BACKOFF_SECONDS = [30, 120, 600, 3600, 6 * 3600];

export interface RunResult {
  done: number;
  retried: number;
  failed: number;
  skipped: number;
}

export class Outbox {
  readonly model: Model<OutboxJob>;
  private readonly handlers = new Map<string, JobHandler>();
  private running: Promise<RunResult> | null = null;

  constructor(
    conn: Connection,
    private readonly claims: Claims,
    private readonly now: () => Date,
    private readonly logger: Logger,
    private readonly backoffSeconds: readonly number[] = BACKOFF_SECONDS,
    private readonly staleAfterMs = 10 * 60_000,
  ) {
    this.model = modelOn<OutboxJob>(conn, 'OutboxJob', JobSchema);
  }

  handle(kind: string, handler: JobHandler) {
    this.handlers.set(kind, handler);
  }

  /** Add a job; false when a job with this key exists already (whatever its state). */
  async enqueue(job: {
    key: string;
    kind: string;
    payload: Record<string, unknown>;
    dueAt?: Date;
  }): Promise<boolean> {
    const now = this.now();
    try {
      await this.model.create({
        _id: job.key,
        kind: job.kind,
        payload: job.payload,
        state: 'pending',
        attempts: 0,
        dueAt: job.dueAt ?? now,
        lastError: null,
        createdAt: now,
        doneAt: null,
      });
      return true;
    } catch (e) {
      if (isDuplicateKey(e)) return false;
      throw e;
    }
  }

  /**
   * Withdraw a job that has not run. The cancellation takes the job's next attempt claim, so a
   * worker cannot start it afterwards; one already running finishes.
   */
  async cancel(key: string): Promise<boolean> {
    const job = await this.model.findById(key).lean<OutboxJob>();
    if (!job || job.state !== 'pending') return false;
    if (!(await this.claims.claim(this.attemptKey(key, job.attempts), 'cancel'))) return false;
    await this.model.updateOne({ _id: key }, { $set: { state: 'cancelled', doneAt: this.now() } });
    return true;
  }

  async get(key: string): Promise<OutboxJob | null> {
    return this.model.findById(key).lean<OutboxJob>();
  }

  /** Run the jobs that are due (one pass; concurrent calls in one process share the pass). */
  runDue(limit = 100): Promise<RunResult> {
    if (!this.running) {
      this.running = this.pass(limit).finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  private attemptKey(key: string, attempt: number) {
    return `job:${key}:${attempt}`;
  }

  private async pass(limit: number): Promise<RunResult> {
    const result: RunResult = { done: 0, retried: 0, failed: 0, skipped: 0 };
    const due = await this.model
      .find({ state: 'pending', dueAt: { $lte: this.now() } })
      .sort({ dueAt: 1 })
      .limit(limit)
      .lean<OutboxJob[]>();
    for (const job of due) {
      const outcome = await this.runOne(job);
      result[outcome]++;
    }
    return result;
  }

  private async runOne(job: OutboxJob): Promise<keyof RunResult> {
    const handler = this.handlers.get(job.kind);
    if (!handler) return 'skipped';
    if (!(await this.claims.claim(this.attemptKey(job._id, job.attempts), 'run'))) return 'skipped';
    // Re-read: another instance may have finished this attempt and moved on since our query.
    const fresh = await this.model.findById(job._id).lean<OutboxJob>();
    if (!fresh || fresh.state !== 'pending' || fresh.attempts !== job.attempts) return 'skipped';
    const attempt = job.attempts + 1;
    const outcome = await this.attempt(job, fresh, handler, attempt);
    // Recorded: the attempt's claim has done its work (whoever takes it now re-reads the job and
    // sees it moved on), so only attempts a dead process left stay claimed, for repair() to find.
    await this.claims.release(this.attemptKey(job._id, job.attempts));
    return outcome;
  }

  private async attempt(
    job: OutboxJob,
    fresh: OutboxJob,
    handler: JobHandler,
    attempt: number,
  ): Promise<keyof RunResult> {
    try {
      await handler(fresh.payload ?? {}, fresh);
      await this.model.updateOne(
        { _id: job._id },
        { $set: { state: 'done', attempts: attempt, doneAt: this.now(), lastError: null } },
      );
      return 'done';
    } catch (e) {
      const message = (e as Error)?.message?.slice(0, 300) ?? 'error';
      const permanent = e instanceof PermanentJobError;
      const wait = this.backoffSeconds[attempt - 1];
      if (permanent || wait === undefined) {
        await this.model.updateOne(
          { _id: job._id },
          { $set: { state: 'failed', attempts: attempt, lastError: message, doneAt: this.now() } },
        );
        this.logger.warn({ job: job._id, kind: job.kind, attempt, err: message }, 'outbox job failed');
        return 'failed';
      }
      await this.model.updateOne(
        { _id: job._id },
        {
          $set: {
            attempts: attempt,
            lastError: message,
            dueAt: new Date(this.now().getTime() + wait * 1000),
          },
        },
      );
      this.logger.info({ job: job._id, kind: job.kind, attempt, retryInS: wait }, 'outbox job will retry');
      return 'retried';
    }
  }

  /**
   * Jobs whose current attempt was claimed long ago but never recorded (the process died): record
   * the attempt as interrupted, so the next attempt can run. Guarded by its own claim per attempt.
   */
  async repair(): Promise<number> {
    const cutoff = new Date(this.now().getTime() - this.staleAfterMs);
    const stale = await this.claims.model
      .find({ kind: 'job', createdAt: { $lt: cutoff } })
      .limit(200)
      .lean();
    let repaired = 0;
    for (const c of stale) {
      const m = /^job:(.+):(\d+)$/.exec(c._id);
      if (!m || c.ref === 'cancel') continue;
      const [, key, n] = m;
      const job = await this.model.findById(key).lean<OutboxJob>();
      if (!job || job.state !== 'pending' || job.attempts !== Number(n)) continue;
      if (!(await this.claims.claim(`jobrepair:${key}:${n}`, 'repair'))) continue;
      await this.model.updateOne(
        { _id: key },
        { $set: { attempts: job.attempts + 1, lastError: 'interrupted', dueAt: this.now() } },
      );
      repaired++;
    }
    return repaired;
  }

  /** Remove finished jobs and their claims after `days`. */
  async prune(days = 30): Promise<void> {
    const cutoff = new Date(this.now().getTime() - days * 86400_000);
    const old = await this.model
      .find(
        { state: { $in: ['done', 'failed', 'cancelled'] }, doneAt: { $lt: cutoff } },
        { _id: 1, attempts: 1 },
      )
      .limit(500)
      .lean<{ _id: string; attempts: number }[]>();
    for (const j of old) {
      // One _id each (a $in scans on FerretDB-SQLite): the job, then any claim of its attempts.
      await this.model.deleteOne({ _id: j._id });
      for (let n = 0; n <= j.attempts; n++) {
        await this.claims.release(this.attemptKey(j._id, n));
        await this.claims.release(`jobrepair:${j._id}:${n}`);
      }
    }
  }
}
