/**
 * The outbox's attempt claims: a recorded attempt lets go of its claim, so the claims left are
 * the attempts a dead process never recorded — which repair() must still find after hundreds of
 * finished jobs — and pruning old jobs removes their claims with them.
 */
import { Claims } from '../../server/src/platform/claims';
import { FixedClock } from '../../server/src/platform/clock';
import { createLogger } from '../../server/src/platform/logger';
import { Outbox } from '../../server/src/platform/outbox';
import { startTestApp, type TestApp } from '../support/app';

const clock = new FixedClock(new Date('2026-12-01T02:00:00Z'));
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({}, { seed: false, clock });
});
afterAll(() => t.close());

test('finished attempts leave no claim; a crashed one is repaired after 300 finished jobs; prune cleans up', async () => {
  const now = () => clock.now();
  const claims = new Claims(t.conn, now);
  const outbox = new Outbox(t.conn, claims, now, createLogger('silent'), [30], 60_000);
  const ran: string[] = [];
  let failOnce = true;
  outbox.handle('probe', async (payload) => {
    if (payload.n === 1 && failOnce) {
      failOnce = false;
      throw new Error('WeChat busy');
    }
    ran.push(String(payload.n));
  });
  const jobClaims = () => claims.model.countDocuments({ kind: 'job' });

  for (let n = 0; n < 300; n++) await outbox.enqueue({ key: `probe:${n}`, kind: 'probe', payload: { n } });
  for (let pass = 0; pass < 3; pass++) await outbox.runDue(100);
  expect(ran).toHaveLength(299); // probe:1 failed once and waits 30 s
  expect(await jobClaims()).toBe(0);
  clock.advance(31_000);
  expect(await outbox.runDue()).toMatchObject({ done: 1, retried: 0 });
  expect((await outbox.get('probe:1'))!.attempts).toBe(2);
  expect(await jobClaims()).toBe(0);

  // A process took attempt 0 of this job and died before recording it.
  await outbox.enqueue({ key: 'probe:crashed', kind: 'probe', payload: { n: 'crashed' } });
  expect(await claims.claim('job:probe:crashed:0', 'run')).toBe(true);
  expect(await outbox.runDue()).toMatchObject({ done: 0, skipped: 1 });
  clock.advance(61_000);
  expect(await outbox.repair()).toBe(1);
  expect(await outbox.runDue()).toMatchObject({ done: 1 });
  expect(ran.filter((x) => x === 'crashed')).toHaveLength(1);

  // A cancelled job keeps its claim (that is what stops it) until pruning.
  await outbox.enqueue({
    key: 'probe:withdrawn',
    kind: 'probe',
    payload: { n: 'withdrawn' },
    dueAt: new Date(now().getTime() + 3600_000),
  });
  expect(await outbox.cancel('probe:withdrawn')).toBe(true);
  expect(await jobClaims()).toBe(2); // the repaired attempt's guard is a `jobrepair:` claim; `job:probe:crashed:0` and the cancel remain

  clock.advance(31 * 86400_000);
  for (let i = 0; i < 4; i++) await outbox.prune(30);
  expect(await outbox.model.countDocuments({})).toBe(0);
  expect(await claims.model.countDocuments({ kind: { $in: ['job', 'jobrepair'] } })).toBe(0);
});
