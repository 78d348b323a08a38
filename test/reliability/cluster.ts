/** Several API processes on the run's database, started and killed like real deployments. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import { startServerProcess, exited, type ServerProcess } from '../support/server-process';

export interface Cluster {
  env: Record<string, string>;
  nodes: ServerProcess[];
  db: Connection;
  start(): Promise<ServerProcess>;
  kill9(node: ServerProcess): Promise<void>;
  close(): Promise<void>;
}

/** `n` server processes sharing one database and one data folder (so the same secrets). */
export async function startCluster(n: number, env: Record<string, string> = {}): Promise<Cluster> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zwgk-rel-'));
  const dbName = `rel_${Date.now().toString(36)}`;
  const full = {
    MONGODB_URI: process.env.TEST_DB_URI!,
    DB_NAME: dbName,
    DATA_DIR: dataDir,
    NODE_ENV: 'development',
    RATE_LIMIT_ENABLED: 'false',
    DB_TIMEOUT_MS: '1500',
    MAINTENANCE_INTERVAL_MS: '2000',
    OUTBOX_INTERVAL_MS: '300',
    OUTBOX_BACKOFF_SECONDS: '1,1,2,2',
    H5_DIR: path.join(dataDir, 'no-h5'),
    ...env,
  };
  const cluster: Cluster = {
    env: full,
    nodes: [],
    db: await mongoose.createConnection(full.MONGODB_URI, { dbName }).asPromise(),
    async start() {
      const node = await startServerProcess(full);
      cluster.nodes.push(node);
      return node;
    },
    async kill9(node) {
      node.child.kill('SIGKILL');
      await exited(node.child);
      cluster.nodes = cluster.nodes.filter((x) => x !== node);
    },
    async close() {
      for (const node of cluster.nodes) {
        node.child.kill('SIGTERM');
        await exited(node.child);
      }
      await cluster.db.dropDatabase().catch(() => undefined);
      await cluster.db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  // The first process loads the demo data; the others wait for it.
  await cluster.start();
  for (let i = 1; i < n; i++) await cluster.start();
  return cluster;
}

export async function call(
  base: string,
  method: string,
  p: string,
  opts: { token?: string; body?: unknown; timeoutMs?: number } = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test helper: JSON of any route
): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(`${base}/api/v1${p}`, {
    method,
    headers: {
      ...(opts.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...(opts.token ? { Authorization: `Bearer ${opts.token}` } : {}),
    },
    body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
    signal: AbortSignal.timeout(opts.timeoutMs ?? 30000),
  });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let body: any = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  return { status: res.status, body, headers: res.headers };
}

export async function login(base: string, username: string, password = 'demo1234') {
  const r = await call(base, 'POST', '/auth/password', { body: { username, password } });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token as string;
}

export async function devLogin(base: string, name: string) {
  const r = await call(base, 'POST', '/auth/dev', { body: { name } });
  if (r.status !== 200) throw new Error(`dev login ${name}: ${r.status}`);
  return { token: r.body.token as string, id: r.body.user.id as string };
}

/** Create and publish a session of organizer1's organ starting in three days. */
export async function publishSession(base: string, organizerToken: string, capacity: number) {
  const zones = await call(base, 'GET', '/zones');
  const start = Date.now() + 3 * 86400_000;
  const created = await call(base, 'POST', '/sessions', {
    token: organizerToken,
    body: {
      title: '城乡居民养老保险缴费政策解读',
      description: '讲解城乡居民养老保险的缴费档次、政府补贴和待遇领取条件，现场解答群众提问。',
      topic: '养老',
      speakers: [{ name: '周立新', title: '养老保险处副处长' }],
      zoneId: zones.body.items[0].id,
      room: '二楼多功能厅',
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 90 * 60_000).toISOString(),
      capacity,
    },
  });
  if (created.status !== 201)
    throw new Error(`create session: ${created.status} ${JSON.stringify(created.body)}`);
  const id = created.body.session.id as string;
  const pub = await call(base, 'POST', `/sessions/${id}/publish`, { token: organizerToken });
  if (pub.status !== 200) throw new Error(`publish: ${pub.status}`);
  return id;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until<T>(
  f: () => Promise<T | null | undefined | false>,
  timeoutMs: number,
  what: string,
) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}
