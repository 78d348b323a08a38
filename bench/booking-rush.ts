/**
 * `npm run bench -- booking-rush [citizens] [seats]` (default 2000 and 100): that many distinct
 * citizens book one session at once over loopback. Prints confirmed, waitlisted, errors, p50/p99
 * latency and throughput, against a baseline measured the same way in the same run: an
 * authenticated plain insert of one document through the same HTTP server, Koa app, auth and
 * database. Then 30 confirmed bookings are cancelled at once and the first 30 waiting must be
 * promoted. Citizens and their tokens are created directly (not through login) to keep setup short.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Types } from 'mongoose';
import { loadConfig } from '../config';
import { createApp } from '../server/src/app';
import { connectDb } from '../server/src/platform/db';
import { ensureFerretdbBinary, startFerretdb, type EmbeddedDb } from '../server/src/platform/ferretdb';
import { createLogger } from '../server/src/platform/logger';
import { TokenService } from '../server/src/platform/tokens';
import { seedAccounts } from '../server/src/seed/demo';
import { seedSessions } from '../server/src/seed/sessions';
import { machineLine, ROOT } from './lib';

const CITIZENS = Number(process.argv[2] ?? process.env.BENCH_CITIZENS ?? 2000);
const SEATS = Number(process.argv[3] ?? process.env.BENCH_SEATS ?? 100);
const CANCEL = Math.min(30, SEATS, Math.max(0, CITIZENS - SEATS));
/** Sockets in flight (every request is issued at once and queues for a socket, as behind a proxy). */
const CONC = Number(process.env.BENCH_CONCURRENCY ?? 200);
/** Baseline requests (fewer than the rush: it only sets the floor). */
const BASE_N = Math.min(CITIZENS, Number(process.env.BENCH_BASELINE ?? 500));
const SECRET = 'bench-secret-0123456789abcdef0123456789';

interface Timed {
  status: number;
  ms: number;
  body: { booking?: { id: string; status: string }; error?: { code: string } } | null;
}

const pct = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;

/**
 * Fire `n` requests at once through a pool of `conc` sockets (no client timeouts: on a busy
 * FerretDB-SQLite a request may wait minutes); latency of each from when it was issued.
 */
async function burst(
  n: number,
  req: (i: number) => { method: string; url: string; token: string; body?: string },
) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONC });
  const started = performance.now();
  const out: Timed[] = await Promise.all(
    Array.from(
      { length: n },
      (_, i) =>
        new Promise<Timed>((resolve) => {
          const r = req(i);
          const t0 = performance.now();
          const u = new URL(r.url);
          const q = http.request(
            {
              agent,
              host: u.hostname,
              port: u.port,
              path: u.pathname + u.search,
              method: r.method,
              headers: {
                Authorization: `Bearer ${r.token}`,
                ...(r.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
              },
            },
            (res) => {
              const chunks: Buffer[] = [];
              res.on('data', (c: Buffer) => chunks.push(c));
              res.on('end', () => {
                let body: Timed['body'] = null;
                try {
                  body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Timed['body'];
                } catch {
                  body = null;
                }
                resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0, body });
              });
            },
          );
          q.on('error', () => resolve({ status: 0, ms: performance.now() - t0, body: null }));
          q.end(r.body);
        }),
    ),
  );
  agent.destroy();
  const seconds = (performance.now() - started) / 1000;
  const lat = out.map((r) => r.ms).sort((a, b) => a - b);
  return { out, seconds, p50: pct(lat, 50), p99: pct(lat, 99), rps: n / seconds };
}

async function main() {
  const t0 = performance.now();
  let db: EmbeddedDb | undefined;
  let dir: string | undefined;
  let uri = process.env.BENCH_MONGODB_URI;
  if (!uri) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zwgk-bench-'));
    db = await startFerretdb({ bin: ensureFerretdbBinary(ROOT), sqliteDir: dir });
    uri = db.uri;
  }
  const config = loadConfig(
    {
      NODE_ENV: 'test',
      RATE_LIMIT_ENABLED: 'false',
      LOG_LEVEL: 'silent',
      DB_NAME: 'bench_rush',
      ACCESS_TOKEN_TTL_SECONDS: '86400',
    },
    ROOT,
  );
  const conn = await connectDb({ uri, dbName: config.db.name, timeoutMs: 60_000 });
  await conn.dropDatabase();
  const built = createApp({
    config,
    conn,
    logger: createLogger('silent'),
    jwtSecret: SECRET,
    piiKey: Buffer.alloc(32, 9),
  });
  await Promise.all(Object.values(conn.models).map((m) => m.init()));
  const c = built.context;
  await seedAccounts(c.conn, c.claims, new Date());
  await seedSessions({ conn: c.conn, claims: c.claims, now: new Date(), accounts: c.accounts, module: c });

  // The baseline: an authenticated plain insert through the same server, app and database.
  built.app.middleware.unshift(async (ctx, next) => {
    if (ctx.path !== '/bench/insert' || ctx.method !== 'POST') return next();
    const user = await built.services.accounts.authenticate(ctx);
    if (!user) {
      ctx.status = 401;
      return;
    }
    const id = new Types.ObjectId();
    await conn.collection('bench_inserts').insertOne({ _id: id, userId: user.id, createdAt: new Date() });
    ctx.status = 201;
    ctx.body = { id: id.toHexString() };
  });
  const server = http.createServer(built.app.callback());
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 600_000;
  server.requestTimeout = 600_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  const json = { 'Content-Type': 'application/json' };

  // An organizer publishes a session with SEATS seats.
  const login = (await (
    await fetch(`${url}/auth/password`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ username: 'organizer1', password: 'demo1234' }),
    })
  ).json()) as { token: string };
  const org = { ...json, Authorization: `Bearer ${login.token}` };
  const zones = (await (await fetch(`${url}/zones`)).json()) as { items: { id: string }[] };
  const start = Date.now() + 3 * 86400_000;
  const created = (await (
    await fetch(`${url}/sessions`, {
      method: 'POST',
      headers: org,
      body: JSON.stringify({
        title: '2027年度个人所得税汇算清缴政策解读',
        description: '基准测试场次：大量群众同时预约有限名额。',
        topic: '纳税',
        zoneId: zones.items[0]!.id,
        room: '三楼报告厅',
        startsAt: new Date(start).toISOString(),
        endsAt: new Date(start + 2 * 3600_000).toISOString(),
        capacity: SEATS,
      }),
    })
  ).json()) as { session: { id: string } };
  const sid = created.session.id;
  await fetch(`${url}/sessions/${sid}/publish`, { method: 'POST', headers: org });

  // Citizens and tokens, directly.
  const now = new Date();
  const users = Array.from({ length: CITIZENS * 2 }, (_, i) => ({
    _id: new Types.ObjectId(),
    displayName: `群众${String(i + 1).padStart(4, '0')}`,
    username: null,
    passwordHash: null,
    wechatOpenid: null,
    roles: ['citizen'],
    organIds: [],
    disabled: false,
    tokenVersion: 0,
    createdAt: now,
    lastLoginAt: null,
  }));
  for (let i = 0; i < users.length; i += 500)
    await conn.collection('users').insertMany(users.slice(i, i + 500));
  const tokens = new TokenService(SECRET, 86400, () => new Date());
  const auth = await Promise.all(users.map((u) => tokens.signAccess(u._id.toHexString(), 0)));
  const bookers = auth.slice(0, CITIZENS);
  const inserters = auth.slice(CITIZENS);
  const setupS = (performance.now() - t0) / 1000;

  // The rush.
  const rush = await burst(CITIZENS, (i) => ({
    method: 'POST',
    url: `${url}/sessions/${sid}/bookings`,
    token: bookers[i]!,
    body: '{}',
  }));
  // The baseline, the same way (distinct users, all at once).
  const base = await burst(BASE_N, (i) => ({
    method: 'POST',
    url: `${url.replace('/api/v1', '')}/bench/insert`,
    token: inserters[i]!,
    body: '{}',
  }));

  const ok = rush.out.filter((r) => r.status === 201);
  const confirmed = ok.filter((r) => r.body?.booking?.status === 'confirmed');
  const waitlisted = ok.filter((r) => r.body?.booking?.status === 'waitlisted');
  const errors = rush.out.length - ok.length;
  const inDb = await conn
    .collection('session_bookings')
    .countDocuments({ sessionId: new Types.ObjectId(sid), status: 'confirmed' });
  const baseErrors = base.out.filter((r) => r.status !== 201).length;

  const f = (n: number) => n.toFixed(1);
  console.log(`machine: ${machineLine()}; engine: ${db ? 'FerretDB 1.24 (SQLite), embedded' : 'MongoDB'}`);
  console.log(`setup (database, demo accounts, ${CITIZENS * 2} citizens and tokens): ${f(setupS)} s`);
  console.log(
    `\nbooking-rush: ${CITIZENS} citizens book ${SEATS} seats at once over loopback (${CONC} sockets in flight)`,
  );
  console.log('| case | requests | errors | p50 ms | p99 ms | req/s | × baseline req/s | × baseline p50 |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  console.log(
    `| baseline: authenticated insert of one document | ${BASE_N} | ${baseErrors} | ${f(base.p50)} | ${f(base.p99)} | ${base.rps.toFixed(0)} | 1.00 | 1.00 |`,
  );
  console.log(
    `| POST /sessions/:id/bookings | ${CITIZENS} | ${errors} | ${f(rush.p50)} | ${f(rush.p99)} | ${rush.rps.toFixed(0)} | ${(rush.rps / base.rps).toFixed(3)} | ${(rush.p50 / base.p50).toFixed(1)} |`,
  );
  console.log(`rush took ${f(rush.seconds)} s; baseline ${f(base.seconds)} s`);
  console.log(
    `errors by status: ${JSON.stringify(countBy(rush.out.filter((r) => r.status !== 201).map((r) => `${r.status} ${r.body?.error?.code ?? ''}`)))}`,
  );
  console.log(`confirmed ${confirmed.length}, waitlisted ${waitlisted.length}`);
  const rushRight = confirmed.length === SEATS && waitlisted.length === CITIZENS - SEATS && inDb === SEATS;
  if (!rushRight)
    console.log(
      `WRONG: expected confirmed ${SEATS}, waitlisted ${CITIZENS - SEATS} (database: ${inDb} confirmed)`,
    );

  // Cancel CANCEL confirmed bookings at once: the first CANCEL waiting must be promoted.
  const bookings = conn.collection('session_bookings');
  const head = await bookings
    .find({ sessionId: new Types.ObjectId(sid), status: 'waitlisted' })
    .sort({ waitSeq: 1 })
    .limit(CANCEL + 1)
    .toArray();
  const leaving = rush.out
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => r.body?.booking?.status === 'confirmed')
    .slice(0, CANCEL);
  const cancel = await burst(leaving.length, (k) => ({
    method: 'DELETE',
    url: `${url}/sessions/${sid}/bookings/${leaving[k]!.r.body!.booking!.id}`,
    token: bookers[leaving[k]!.i]!,
  }));
  const after = await bookings.find({ _id: { $in: head.map((h) => h._id) } }).toArray();
  const statusOf = new Map(after.map((b) => [String(b._id), b.status as string]));
  const promoted = head.slice(0, CANCEL).filter((h) => statusOf.get(String(h._id)) === 'confirmed').length;
  const nextStillWaiting = head[CANCEL] ? statusOf.get(String(head[CANCEL]._id)) === 'waitlisted' : true;
  const confirmedAfter = await bookings.countDocuments({
    sessionId: new Types.ObjectId(sid),
    status: 'confirmed',
  });
  console.log(
    `\ncancelled ${cancel.out.filter((r) => r.status === 200).length} confirmed bookings at once in ${f(cancel.seconds)} s (p50 ${f(cancel.p50)} ms): ` +
      `first ${CANCEL} waiting promoted ${promoted}/${CANCEL}, next one still waiting: ${nextStillWaiting ? 'yes' : 'NO'}, confirmed now ${confirmedAfter}`,
  );
  const cancelErrors = cancel.out.filter((r) => r.status !== 200);
  if (cancelErrors.length)
    console.log(
      `cancellation errors: ${JSON.stringify(countBy(cancelErrors.map((r) => `${r.status} ${r.body?.error?.code ?? ''}`)))}`,
    );
  const right = rushRight && promoted === CANCEL && nextStillWaiting && confirmedAfter === SEATS;
  console.log(right ? 'result: correct' : 'result: WRONG');

  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  built.close();
  await conn.close();
  await db?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  process.exitCode = right ? 0 : 1;
}

function countBy(items: string[]) {
  const m: Record<string, number> = {};
  for (const k of items) m[k] = (m[k] ?? 0) + 1;
  return m;
}

void main();
