/**
 * The database goes away and comes back: health answers 503 while it is down
 * (quickly, no hang), API calls answer 503 DB_UNAVAILABLE with Retry-After,
 * and both recover without restarting the server.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ensureFerretdbBinary, startFerretdb, type EmbeddedDb } from '../../server/src/platform/ferretdb';
import { ROOT } from '../support/engine';
import { startTestApp, type TestApp } from '../support/app';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

let db: EmbeddedDb;
let t: TestApp;
let dir: string;
let port: number;
let bin: string;

beforeAll(async () => {
  bin = ensureFerretdbBinary(ROOT);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zwgk-outage-'));
  port = await freePort();
  db = await startFerretdb({ bin, sqliteDir: dir, port });
  t = await startTestApp({ DB_TIMEOUT_MS: '1000' }, { dbUri: db.uri });
});

afterAll(async () => {
  await t.close().catch(() => undefined);
  await db.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function waitFor(check: () => Promise<boolean>, ms: number) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

test('health goes 503 when the database is killed and back to 200 when it returns', async () => {
  await t.api.get('/api/v1/health').expect(200, { status: 'ok', db: 'ok' });
  const orgCount = (await t.api.get('/api/v1/organs').expect(200)).body.items.length;

  db.kill();
  await new Promise((r) => db.child.once('exit', r));

  const started = Date.now();
  const down = await t.api.get('/api/v1/health');
  expect(Date.now() - started).toBeLessThan(5000);
  expect(down.status).toBe(503);
  expect(down.body).toEqual({ status: 'unavailable', db: 'down' });
  expect(down.headers['retry-after']).toBe('5');

  const call = await t.api.get('/api/v1/organs');
  expect(call.status).toBe(503);
  expect(call.body.error.code).toBe('DB_UNAVAILABLE');
  expect(call.body.error.message).toBe('系统暂时无法访问数据，请稍后重试');

  db = await startFerretdb({ bin, sqliteDir: dir, port });
  const recovered = await waitFor(async () => (await t.api.get('/api/v1/health')).status === 200, 20000);
  expect(recovered).toBe(true);
  const after = await t.api.get('/api/v1/organs').expect(200);
  expect(after.body.items).toHaveLength(orgCount);
});
