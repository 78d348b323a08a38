/**
 * The server as `npm start` runs it: a real process with its embedded database.
 * Data survives a restart; SIGTERM stops both; kill -9 of the server leaves no
 * orphan database; without Go and MONGODB_URI one clear line says what to do;
 * two processes on one MONGODB_URI both serve (stateless).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../support/engine';
import { exited, startServerProcess } from '../support/server-process';

jest.setTimeout(60000);

const children: ChildProcess[] = [];
afterAll(() => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL')));

async function startServer(env: Record<string, string>) {
  const s = await startServerProcess(env);
  children.push(s.child);
  return s;
}

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function gone(pid: number, ms: number) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

const dirs: string[] = [];
function tmpDir() {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'zwgk-proc-'));
  dirs.push(d);
  return d;
}
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

test('npm start path: demo data, restart keeps data, SIGTERM stops the embedded database too', async () => {
  const dataDir = tmpDir();
  const a = await startServer({ DATA_DIR: dataDir });
  expect(a.output.join('\n')).toContain('已载入演示数据');
  expect(a.output.join('\n')).toContain('演示账号（密码均为 demo1234）');
  expect(await (await fetch(`${a.url}/api/v1/health`)).json()).toEqual({ status: 'ok', db: 'ok' });
  const login = await fetch(`${a.url}/api/v1/auth/dev`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: '重启测试' }),
  });
  const first = (await login.json()) as { user: { id: string }; token: string };
  const dbPid = (
    JSON.parse(fs.readFileSync(path.join(dataDir, 'db', 'ferretdb.json'), 'utf8')) as { pid: number }
  ).pid;
  expect(alive(dbPid)).toBe(true);

  a.child.kill('SIGTERM');
  expect(await exited(a.child)).toBe(0);
  expect(await gone(dbPid, 5000)).toBe(true);

  const b = await startServer({ DATA_DIR: dataDir });
  try {
    expect(b.output.join('\n')).not.toContain('已载入演示数据');
    const me = await fetch(`${b.url}/api/v1/me`, { headers: { Authorization: `Bearer ${first.token}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { id: string } }).user.id).toBe(first.user.id);
    const organs = (await (await fetch(`${b.url}/api/v1/organs`)).json()) as { items: unknown[] };
    expect(organs.items).toHaveLength(8);
  } finally {
    b.child.kill('SIGTERM');
    await exited(b.child);
  }
});

test('kill -9 of the server leaves no orphan database process', async () => {
  const dataDir = tmpDir();
  const a = await startServer({ DATA_DIR: dataDir });
  const dbPid = (
    JSON.parse(fs.readFileSync(path.join(dataDir, 'db', 'ferretdb.json'), 'utf8')) as { pid: number }
  ).pid;
  expect(alive(dbPid)).toBe(true);
  a.child.kill('SIGKILL');
  await exited(a.child);
  expect(await gone(dbPid, 5000)).toBe(true);
});

test('without Go and without MONGODB_URI: one clear line with both ways out', async () => {
  const nodeOnly = tmpDir();
  fs.symlinkSync(process.execPath, path.join(nodeOnly, 'node'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: nodeOnly,
      HOME: process.env.HOME!,
      DATA_DIR: tmpDir(),
      FERRETDB_CACHE_DIR: tmpDir(),
      PORT: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  expect(await exited(child)).toBe(2);
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain('Go');
  expect(lines[0]).toContain('MONGODB_URI');
});

test('two server processes on one MONGODB_URI both serve, and share logins', async () => {
  const dataDir = tmpDir();
  const env = { DATA_DIR: dataDir, MONGODB_URI: process.env.TEST_DB_URI!, DB_NAME: `proc_${Date.now()}` };
  const [a, b] = await Promise.all([startServer(env), startServer(env)]);
  try {
    expect(a.url).not.toBe(b.url);
    const res = await fetch(`${a.url}/api/v1/auth/password`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'staff1', password: 'demo1234' }),
    });
    expect(res.status).toBe(200);
    const { token } = (await res.json()) as { token: string };
    const me = await fetch(`${b.url}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    const users = (await (await fetch(`${b.url}/api/v1/organs`)).json()) as { items: unknown[] };
    expect(users.items).toHaveLength(8);
  } finally {
    a.child.kill('SIGTERM');
    b.child.kill('SIGTERM');
    await Promise.all([exited(a.child), exited(b.child)]);
  }
});
