/**
 * The database process stopped for 5 seconds under load: the API answers 503 with Retry-After
 * within its configured timeout (no crash, no hang), and recovers on its own when the database
 * comes back. (SIGSTOP freezes the embedded FerretDB as a hung database server would.)
 */
import { call, devLogin, sleep, startCluster, until, type Cluster } from './cluster';

let c: Cluster;
beforeAll(async () => {
  c = await startCluster(1, { DB_TIMEOUT_MS: '1000' });
});
afterAll(async () => {
  await c?.close();
});

test('503 with Retry-After while the database is frozen, 200 again after, the process never dies', async () => {
  const base = c.nodes[0]!.url;
  const pid = Number(process.env.TEST_DB_PID);
  expect(pid).toBeGreaterThan(0);
  const me = await devLogin(base, '停库用户');
  expect((await call(base, 'GET', '/health')).status).toBe(200);

  const seen: { status: number; ms: number; retryAfter: string | null; code?: string }[] = [];
  let stop = false;
  const worker = async () => {
    while (!stop) {
      const t0 = Date.now();
      try {
        const r = await call(base, 'GET', '/me/bookings', { token: me.token, timeoutMs: 15000 });
        seen.push({
          status: r.status,
          ms: Date.now() - t0,
          retryAfter: r.headers.get('retry-after'),
          code: r.body?.error?.code,
        });
      } catch {
        seen.push({ status: 0, ms: Date.now() - t0, retryAfter: null });
      }
      await sleep(50);
    }
  };
  const load = Promise.all(Array.from({ length: 8 }, worker));
  await sleep(1000);
  process.kill(pid, 'SIGSTOP');
  let resumed = false;
  try {
    await sleep(5000);
  } finally {
    process.kill(pid, 'SIGCONT');
    resumed = true;
  }
  expect(resumed).toBe(true);
  await until(async () => (await call(base, 'GET', '/health')).status === 200, 20_000, 'health to recover');
  await sleep(1000);
  stop = true;
  await load;

  const outage = seen.filter((s) => s.status === 503);
  expect(outage.length).toBeGreaterThan(0);
  for (const s of outage) {
    expect(s.retryAfter).toBe('5');
    expect(s.code).toBe('DB_UNAVAILABLE');
  }
  // No hang beyond the configured timeout (1 s) plus the driver's own margin; no dropped connection.
  expect(seen.filter((s) => s.status === 0)).toEqual([]);
  expect(Math.max(...seen.map((s) => s.ms))).toBeLessThan(8000);
  expect(seen.every((s) => s.status === 200 || s.status === 503)).toBe(true);
  expect(seen[seen.length - 1]!.status).toBe(200);
  expect(c.nodes[0]!.child.exitCode).toBeNull();
});
