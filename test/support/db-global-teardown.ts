import { stopTestDb, type TestDb } from './engine';

export default async function globalTeardown() {
  const t = (globalThis as { __ZWGK_DB__?: TestDb }).__ZWGK_DB__;
  if (t) await stopTestDb(t);
}
