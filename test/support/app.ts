/**
 * One app per test file, on its own database of the run's embedded FerretDB,
 * listening on a loopback port so every request goes over real HTTP.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import supertest from 'supertest';
import type { Connection } from 'mongoose';
import { loadConfig, type Config } from '../../config';
import { createApp, type App } from '../../server/src/app';
import { FixedClock, systemClock, type Clock } from '../../server/src/platform/clock';
import { connectDb } from '../../server/src/platform/db';
import { createLogger } from '../../server/src/platform/logger';
import { seedDemo } from '../../server/src/seed/demo';
import { ROOT } from './engine';

export const TEST_JWT_SECRET = 'test-secret-0123456789abcdef0123456789';
export const TEST_PII_KEY = Buffer.alloc(32, 42);

export interface TestApp {
  url: string;
  api: ReturnType<typeof supertest>;
  conn: Connection;
  built: App;
  config: Config;
  clock: Clock;
  close(): Promise<void>;
}

export async function startTestApp(
  env: Record<string, string> = {},
  opts: { clock?: FixedClock; seed?: boolean; dbUri?: string; piiKey?: Buffer; piiKeyPrevious?: Buffer } = {},
): Promise<TestApp> {
  const uri = opts.dbUri ?? process.env.TEST_DB_URI;
  if (!uri) throw new Error('TEST_DB_URI is not set: run API tests through their jest config');
  const config = loadConfig(
    {
      NODE_ENV: 'test',
      DB_NAME: `t_${randomBytes(6).toString('hex')}`,
      RATE_LIMIT_ENABLED: 'false',
      LOG_LEVEL: 'silent',
      FILES_DIR: path.join(os.tmpdir(), 'zwgk-test-files'),
      OUTBOX_INTERVAL_MS: '0',
      ...env,
    },
    ROOT,
  );
  const conn = await connectDb({ uri, dbName: config.db.name, timeoutMs: config.db.timeoutMs });
  const clock = opts.clock ?? systemClock;
  const built = createApp({
    config,
    conn,
    logger: createLogger(config.logLevel),
    jwtSecret: TEST_JWT_SECRET,
    piiKey: opts.piiKey ?? TEST_PII_KEY,
    piiKeyPrevious: opts.piiKeyPrevious,
    clock,
  });
  await Promise.all(Object.values(conn.models).map((m) => m.init()));
  if (opts.seed !== false) {
    await seedDemo(built.context, clock.now());
  }
  const server = http.createServer(built.app.callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    api: supertest(url),
    conn,
    built,
    config,
    clock,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      built.close();
      // A second app on another's database (env DB_NAME) leaves the database to its owner.
      if (!env.DB_NAME) await conn.dropDatabase().catch(() => undefined);
      await conn.close();
    },
  };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

export async function loginDev(t: TestApp, name: string) {
  const res = await t.api.post('/api/v1/auth/dev').send({ name }).expect(200);
  return res.body as { token: string; refreshToken: string; user: { id: string; roles: string[] } };
}

export async function loginPassword(t: TestApp, username: string, password = 'demo1234') {
  const res = await t.api.post('/api/v1/auth/password').send({ username, password }).expect(200);
  return res.body as {
    token: string;
    refreshToken: string;
    user: { id: string; roles: string[]; organIds: string[] };
  };
}

/** Log in through WeChat (needs WECHAT_API_BASE pointing at the fake): the user gets an openid. */
export async function loginWechat(t: TestApp, name: string) {
  const code = `${name}.${randomBytes(4).toString('hex')}`;
  const res = await t.api.post('/api/v1/auth/wechat').send({ code }).expect(200);
  return res.body as { token: string; refreshToken: string; user: { id: string; roles: string[] } };
}
