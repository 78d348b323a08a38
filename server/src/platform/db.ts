import mongoose, { type Connection, type Model, type Schema } from 'mongoose';

export interface DbOptions {
  uri: string;
  dbName: string;
  timeoutMs: number;
}

/** One mongoose connection per app (tests run several apps with their own databases). */
export async function connectDb(opts: DbOptions): Promise<Connection> {
  const conn = mongoose.createConnection(opts.uri, {
    dbName: opts.dbName,
    serverSelectionTimeoutMS: opts.timeoutMs,
    connectTimeoutMS: opts.timeoutMs,
    socketTimeoutMS: 30000,
    heartbeatFrequencyMS: 1000,
    maxPoolSize: 50,
    bufferCommands: false,
    autoIndex: true,
  });
  await conn.asPromise();
  return conn;
}

/** Ping with a hard timeout: true when the database answers. */
export async function pingDb(conn: Connection, timeoutMs: number): Promise<boolean> {
  if (!conn.db) return false;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      conn.db.admin().command({ ping: 1 }),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('ping timeout')), timeoutMs);
      }),
    ]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** The connection's model `name`, registered on first use. */
export function modelOn<T>(conn: Connection, name: string, schema: Schema<T>): Model<T> {
  return (conn.models[name] as Model<T> | undefined) ?? conn.model<T>(name, schema);
}

/**
 * Replace the document `_id`, creating it if missing. FerretDB 1.x runs an upsert as read-then-
 * insert, so two writers creating the same `_id` at once make one fail with a duplicate key; the
 * loser's write then applies as a plain replace (last writer wins, as on MongoDB).
 */
export async function replaceOrInsert<T>(
  model: Model<T>,
  id: unknown,
  doc: Record<string, unknown>,
): Promise<void> {
  try {
    await model.replaceOne({ _id: id } as never, doc as never, { upsert: true });
  } catch (e) {
    if ((e as { code?: unknown }).code !== 11000) throw e;
    await model.replaceOne({ _id: id } as never, doc as never);
  }
}
