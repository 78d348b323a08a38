/**
 * A crash between writing a claim and writing its record leaves a claim with
 * no record. The repair job removes such claims once they are a minute old,
 * and the blocked key works again.
 */
import { Types } from 'mongoose';
import { FixedClock } from '../../server/src/platform/clock';
import { startTestApp, type TestApp } from '../support/app';

const clock = new FixedClock(new Date('2026-11-29T02:00:00Z'));
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({}, { clock });
});
afterAll(() => t.close());

test('an orphaned login claim blocks that login until the repair job removes it', async () => {
  const ghost = new Types.ObjectId().toHexString();
  await t.built.services.claims.claim('devname:断电用户', ghost);

  const blocked = await t.api.post('/api/v1/auth/dev').send({ name: '断电用户' });
  expect(blocked.status).toBe(503);
  expect(blocked.body.error.code).toBe('TRY_AGAIN');

  // Too young to be judged orphaned: the writer may still be on its way.
  await t.built.maintenance();
  expect(await t.built.services.claims.holder('devname:断电用户')).toBe(ghost);

  clock.advance(61_000);
  await t.built.maintenance();
  expect(await t.built.services.claims.holder('devname:断电用户')).toBeNull();

  const ok = await t.api.post('/api/v1/auth/dev').send({ name: '断电用户' }).expect(200);
  expect(ok.body.user.displayName).toBe('断电用户');
  expect(await t.built.services.claims.holder('devname:断电用户')).toBe(ok.body.user.id);
});

test('claims of users that exist are kept, and spent refresh claims expire with the refresh lifetime', async () => {
  const login = await t.api.post('/api/v1/auth/dev').send({ name: '正常用户' }).expect(200);
  await t.api.post('/api/v1/auth/refresh').send({ refreshToken: login.body.refreshToken }).expect(200);
  const spent = () => t.conn.collection('claims').countDocuments({ kind: 'refresh-used' });
  expect(await spent()).toBe(1);
  clock.advance(120_000);
  await t.built.maintenance();
  expect(await t.built.services.claims.holder('devname:正常用户')).toBe(login.body.user.id);
  expect(await spent()).toBe(1);
  clock.advance(31 * 86400_000);
  await t.built.maintenance();
  expect(await spent()).toBe(0);
});
