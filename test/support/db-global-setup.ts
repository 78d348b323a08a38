import { startTestDb } from './engine';

export default async function globalSetup() {
  const t = await startTestDb();
  (globalThis as { __ZWGK_DB__?: unknown }).__ZWGK_DB__ = t;
  process.env.TEST_DB_URI = t.uri;
  process.env.TEST_DB_ENGINE = t.engine;
  if (t.db) process.env.TEST_DB_PID = String(t.db.pid);
  console.log(`\n[test] database: ${t.engine} at ${t.uri}`);
}
