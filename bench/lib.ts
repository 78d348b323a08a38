/**
 * Benchmark helpers: a real app on a fresh embedded FerretDB (rate limits
 * off), a bare Koa baseline in the same process, and a loopback load
 * generator that reports latency percentiles and throughput.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { loadConfig } from '../config';
import { createApp, type App } from '../server/src/app';
import { connectDb } from '../server/src/platform/db';
import { ensureFerretdbBinary, startFerretdb, type EmbeddedDb } from '../server/src/platform/ferretdb';
import { createLogger } from '../server/src/platform/logger';
import { seedDemo } from '../server/src/seed/demo';

export const ROOT = path.resolve(__dirname, '..');

export interface BenchServer {
  url: string;
  built: App;
  engine: string;
  close(): Promise<void>;
}

async function listen(server: http.Server) {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The real app on its own embedded database (or BENCH_MONGODB_URI), demo data loaded. */
export async function startBenchServer(): Promise<BenchServer> {
  let db: EmbeddedDb | undefined;
  let dir: string | undefined;
  let uri = process.env.BENCH_MONGODB_URI;
  if (!uri) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zwgk-bench-'));
    db = await startFerretdb({ bin: ensureFerretdbBinary(ROOT), sqliteDir: dir });
    uri = db.uri;
  }
  const config = loadConfig(
    { NODE_ENV: 'test', RATE_LIMIT_ENABLED: 'false', LOG_LEVEL: 'silent', DB_NAME: 'bench' },
    ROOT,
  );
  const conn = await connectDb({ uri, dbName: config.db.name, timeoutMs: config.db.timeoutMs });
  await conn.dropDatabase();
  const built = createApp({
    config,
    conn,
    logger: createLogger('silent'),
    jwtSecret: 'bench-secret-0123456789abcdef0123456789',
    piiKey: Buffer.alloc(32, 9),
  });
  await Promise.all(Object.values(conn.models).map((m) => m.init()));
  await seedDemo(built.context, new Date());
  const server = http.createServer(built.app.callback());
  server.keepAliveTimeout = 30_000;
  const url = await listen(server);
  return {
    url,
    built,
    engine: db ? 'FerretDB 1.24 (SQLite), embedded' : 'MongoDB (BENCH_MONGODB_URI)',
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      built.close();
      await conn.close();
      await db?.stop();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A bare Koa route returning `body`: the floor any endpoint is compared with. */
export async function startBaseline(body: unknown): Promise<{ url: string; close(): Promise<void> }> {
  const app = new Koa();
  const json = JSON.stringify(body);
  app.use((ctx) => {
    ctx.type = 'application/json';
    ctx.body = json;
  });
  const server = http.createServer(app.callback());
  server.keepAliveTimeout = 30_000;
  const url = await listen(server);
  return {
    url,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

export interface LoadResult {
  label: string;
  concurrency: number;
  requests: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  rps: number;
}

const pct = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;

/**
 * Send `requests` requests with `concurrency` in flight; a request counts as an
 * error unless its status is `expect`. Warm-up requests are not counted.
 */
export async function load(opts: {
  label: string;
  url: string | ((i: number) => string);
  init?: RequestInit | ((i: number) => RequestInit);
  concurrency: number;
  requests: number;
  expect?: number;
  warmup?: number;
}): Promise<LoadResult> {
  const urlOf = typeof opts.url === 'function' ? opts.url : () => opts.url as string;
  const initOf =
    typeof opts.init === 'function' ? opts.init : () => (opts.init as RequestInit | undefined) ?? {};
  const expect = opts.expect ?? 200;
  for (let i = 0; i < (opts.warmup ?? 20); i++) await (await fetch(urlOf(i), initOf(i))).arrayBuffer();
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < opts.requests) {
      const i = next++;
      const t0 = performance.now();
      try {
        const res = await fetch(urlOf(i), initOf(i));
        await res.arrayBuffer();
        if (res.status !== expect) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    label: opts.label,
    concurrency: opts.concurrency,
    requests: opts.requests,
    errors,
    p50: pct(latencies, 50),
    p95: pct(latencies, 95),
    p99: pct(latencies, 99),
    rps: opts.requests / seconds,
  };
}

/** Print results as a table, with each row's throughput and p50 against `baseline`. */
export function printTable(
  title: string,
  rows: LoadResult[],
  baseline?: (r: LoadResult) => LoadResult | undefined,
) {
  const f = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '-');
  console.log(`\n${title}`);
  console.log(
    '| case | conc. | requests | errors | p50 ms | p95 ms | p99 ms | req/s | × baseline req/s | × baseline p50 |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const b = baseline?.(r);
    const ratioRps = b && b !== r ? f(r.rps / b.rps) : '1.00';
    const ratioP50 = b && b !== r ? f(r.p50 / b.p50) : '1.00';
    console.log(
      `| ${r.label} | ${r.concurrency} | ${r.requests} | ${r.errors} | ${f(r.p50)} | ${f(r.p95)} | ${f(r.p99)} | ${r.rps.toFixed(0)} | ${ratioRps} | ${ratioP50} |`,
    );
  }
}

export function machineLine() {
  return `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
}
