/**
 * Embedded database launcher: builds (once, cached by go.sum) and starts the
 * FerretDB wrapper in server/ferretdb on a free loopback port, waits until it
 * answers ping, and stops it on exit. The child watches its stdin and parent,
 * so a crash of this process never leaves it running.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import mongoose from 'mongoose';

export class EmbeddedDbError extends Error {}

export const NO_GO_MESSAGE =
  '无法启动内置数据库：本机没有 Go 工具链。请安装 Go 1.24 以上版本（npm start 会自动构建内置 FerretDB），或设置 MONGODB_URI 连接已有的 MongoDB。 (No Go toolchain: install Go >= 1.24 to build the embedded FerretDB, or set MONGODB_URI.)';

export function ferretdbSourceDir(root: string) {
  return path.join(root, 'server', 'ferretdb');
}

/** Where the binary for the current sources (go.mod, go.sum, *.go) is cached. */
export function ferretdbBinaryPath(root: string, cacheDir?: string) {
  const dir = ferretdbSourceDir(root);
  const h = createHash('sha256');
  for (const f of fs.readdirSync(dir).sort())
    if (f === 'go.mod' || f === 'go.sum' || f.endsWith('.go'))
      h.update(f).update(fs.readFileSync(path.join(dir, f)));
  const hash = h.digest('hex').slice(0, 16);
  const base =
    cacheDir ?? path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'zwgk-ferretdb');
  return path.join(path.resolve(root, base), hash, 'ferretdb-embedded');
}

export function hasGo(): boolean {
  const r = spawnSync('go', ['version'], { stdio: 'ignore' });
  return r.status === 0;
}

/** Build the wrapper unless the cached binary for this go.sum exists. Returns its path. */
export function ensureFerretdbBinary(
  root: string,
  opts: { cacheDir?: string; log?: (s: string) => void } = {},
) {
  const bin = ferretdbBinaryPath(root, opts.cacheDir);
  if (fs.existsSync(bin)) return bin;
  if (!hasGo()) throw new EmbeddedDbError(NO_GO_MESSAGE);
  opts.log?.('正在构建内置数据库 FerretDB（首次约需2分钟）…');
  fs.mkdirSync(path.dirname(bin), { recursive: true });
  const tmp = `${bin}.${process.pid}.tmp`;
  const r = spawnSync('go', ['build', '-trimpath', '-o', tmp, '.'], {
    cwd: ferretdbSourceDir(root),
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, CGO_ENABLED: '0' },
  });
  if (r.status !== 0) throw new EmbeddedDbError(`构建 FerretDB 失败 (go build exited ${r.status})`);
  fs.renameSync(tmp, bin);
  return bin;
}

export interface EmbeddedDb {
  uri: string;
  pid: number;
  /** Stop it (SIGTERM, then SIGKILL after a grace period). */
  stop(): Promise<void>;
  /** Kill it abruptly (tests of database failures). */
  kill(): void;
  child: ChildProcess;
}

export interface StartOptions {
  bin: string;
  sqliteDir?: string;
  postgresqlUrl?: string;
  /** Fixed loopback port; default picks a free one. */
  port?: number;
  timeoutMs?: number;
}

export async function startFerretdb(opts: StartOptions): Promise<EmbeddedDb> {
  const args = ['--listen', `127.0.0.1:${opts.port ?? 0}`, '--watch-parent', '--log-level', 'error'];
  if (opts.postgresqlUrl) args.push('--postgresql-url', opts.postgresqlUrl);
  else if (opts.sqliteDir) args.push('--sqlite-dir', opts.sqliteDir);
  else throw new EmbeddedDbError('startFerretdb needs sqliteDir or postgresqlUrl');

  const child = spawn(opts.bin, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const timeoutMs = opts.timeoutMs ?? 30000;

  const uri = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new EmbeddedDbError(`FerretDB 未能在 ${timeoutMs} ms 内启动: ${stderr}`));
    }, timeoutMs);
    const rl = readline.createInterface({ input: child.stdout! });
    rl.on('line', (line) => {
      try {
        const msg = JSON.parse(line) as { ready?: boolean; uri?: string };
        if (msg.ready && msg.uri) {
          clearTimeout(timer);
          resolve(msg.uri);
        }
      } catch {
        /* not our line */
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new EmbeddedDbError(`FerretDB 启动失败 (exit ${code}): ${stderr.trim()}`));
    });
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(new EmbeddedDbError(`无法运行 FerretDB: ${e.message}`));
    });
  });
  child.removeAllListeners('exit');

  await waitForPing(uri, timeoutMs);

  let exited = child.exitCode !== null;
  const exitedP = new Promise<void>((r) => child.once('exit', () => ((exited = true), r())));
  return {
    uri,
    pid: child.pid!,
    child,
    kill: () => {
      child.kill('SIGKILL');
    },
    async stop() {
      if (exited) return;
      child.stdin?.end();
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exitedP;
      clearTimeout(t);
    },
  };
}

export async function waitForPing(uri: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    const client = new mongoose.mongo.MongoClient(uri, {
      serverSelectionTimeoutMS: 1000,
      directConnection: true,
    });
    try {
      await client.connect();
      await client.db('admin').command({ ping: 1 });
      return;
    } catch (e) {
      last = e;
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await client.close().catch(() => undefined);
    }
  }
  throw new EmbeddedDbError(`FerretDB 没有响应 ping: ${String(last)}`);
}
