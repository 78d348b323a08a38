/**
 * `npm run backup` taken while a booking rush runs, then `npm run restore` into an empty database:
 * a server on the restored database repairs what the dump caught mid-write, and the booking
 * invariants hold — seats held only by confirmed bookings that exist, never more than the capacity,
 * one active booking per person.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { ROOT } from '../support/engine';
import { startServerProcess, exited } from '../support/server-process';
import { call, devLogin, login, publishSession, startCluster, until, type Cluster } from './cluster';

let c: Cluster;
const dumpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zwgk-dump-'));
beforeAll(async () => {
  c = await startCluster(1);
});
afterAll(async () => {
  await c?.close();
  fs.rmSync(dumpDir, { recursive: true, force: true });
});

function npmScript(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/backup.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH!, HOME: process.env.HOME!, ...env },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
  });
}

test('a dump taken under load restores, and the booking invariants hold after the repair job', async () => {
  const base = c.nodes[0]!.url;
  const organizer = await login(base, 'organizer1');
  const sessionId = await publishSession(base, organizer, 25);
  const people = await Promise.all(Array.from({ length: 90 }, (_, i) => devLogin(base, `备份高峰${i}`)));

  const rush = Promise.all(
    people.map((p) =>
      call(base, 'POST', `/sessions/${sessionId}/bookings`, { token: p.token }).catch(() => null),
    ),
  );
  const backup = await npmScript(['backup', dumpDir], {
    MONGODB_URI: c.env.MONGODB_URI!,
    DB_NAME: c.env.DB_NAME!,
    DATA_DIR: c.env.DATA_DIR!,
  });
  await rush;
  expect(backup.out).toContain('已备份');
  expect(backup.code).toBe(0);

  const restoredName = `${c.env.DB_NAME}_restored`;
  const restoreEnv = { MONGODB_URI: c.env.MONGODB_URI!, DB_NAME: restoredName, DATA_DIR: c.env.DATA_DIR! };
  const restored = await npmScript(['restore', dumpDir], restoreEnv);
  expect(restored.out).toContain('已从');
  expect(restored.code).toBe(0);
  // Restoring over data is refused without --replace.
  const again = await npmScript(['restore', dumpDir], restoreEnv);
  expect(again.code).toBe(1);
  expect(again.out).toContain('--replace');

  const server = await startServerProcess({ ...c.env, DB_NAME: restoredName, SEED_DEMO: 'false' });
  const db = await mongoose.createConnection(c.env.MONGODB_URI!, { dbName: restoredName }).asPromise();
  try {
    const organizer2 = await login(server.url, 'organizer1');
    const invariantHolds = async () => {
      const roster = (await call(server.url, 'GET', `/sessions/${sessionId}/roster`, { token: organizer2 }))
        .body as {
        items: { bookingId: string; status: string; name: string }[];
      };
      const confirmed = new Set(roster.items.filter((x) => x.status === 'confirmed').map((x) => x.bookingId));
      const seats = await db
        .collection('claims')
        .find({ _id: { $regex: `^seat:${sessionId}:` } as never })
        .toArray();
      const active = roster.items.filter((x) => x.status !== 'cancelled');
      return (
        seats.length === confirmed.size &&
        seats.every((s) => confirmed.has(String(s.ref))) &&
        confirmed.size <= 25 &&
        new Set(active.map((x) => x.name)).size === active.length
      );
    };
    await until(invariantHolds, 150_000, 'the booking invariants on the restored database');
    const users = await db.collection('users').countDocuments();
    expect(users).toBeGreaterThanOrEqual(90);
  } finally {
    server.child.kill('SIGTERM');
    await exited(server.child);
    await db.dropDatabase();
    await db.close();
  }
});
