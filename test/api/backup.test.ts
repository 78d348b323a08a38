/**
 * Backup and restore through the wire protocol (the same tool on FerretDB and MongoDB): every
 * collection, its indexes and the uploaded files come back, and the restored database serves logins.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dumpDatabase, restoreDatabase } from '../../server/src/platform/backup';
import { seedAccounts } from '../../server/src/seed/demo';
import { startTestApp, bearer, loginDev, loginPassword, type TestApp } from '../support/app';

let t: TestApp;
let restored: TestApp;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zwgk-backup-'));
const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zwgk-backup-files-'));
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(32, 1),
]);

beforeAll(async () => {
  t = await startTestApp({}, { seed: false });
  await seedAccounts(t.conn, t.built.services.claims, new Date());
});
afterAll(async () => {
  await t.close();
  await restored?.close();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(filesDir, { recursive: true, force: true });
});

test('a dump restores into an empty database with the same records, indexes and files', async () => {
  const citizen = await loginDev(t, '备份群众');
  const up = await t.api
    .post('/api/v1/files')
    .set(bearer(citizen.token))
    .field('purpose', 'consultation-image')
    .attach('file', PNG, '照片.png')
    .expect(201);
  await t.built.services.notifications.notify({
    key: 'system:backup',
    userId: citizen.user.id,
    kind: 'system',
    title: '备份测试',
    body: '这条消息应当随备份恢复',
  });

  const manifest = await dumpDatabase(t.conn, dir, t.config.files.dir);
  const names = manifest.collections.map((c) => c.name);
  // Records before the claims that guard them (see platform/backup.ts).
  expect(names.slice(-2)).toEqual(['claims', 'idempotency']);
  expect(manifest.collections.find((c) => c.name === 'users')!.count).toBe(
    await t.conn.collection('users').countDocuments(),
  );
  expect(manifest.files).toBeGreaterThanOrEqual(1);

  restored = await startTestApp({ FILES_DIR: filesDir }, { seed: false });
  await restoreDatabase(restored.conn, dir, { replace: true, filesDir });
  for (const c of manifest.collections) {
    expect([c.name, await restored.conn.collection(c.name).countDocuments()]).toEqual([c.name, c.count]);
  }
  const userIndexes = (await restored.conn.collection('users').indexes()).map((i) => i.name).sort();
  expect(userIndexes).toEqual((await t.conn.collection('users').indexes()).map((i) => i.name).sort());

  // The restored database serves: a password login, the citizen's notice and file.
  await loginPassword(restored, 'staff1');
  const again = await loginDev(restored, '备份群众');
  expect(again.user.id).toBe(citizen.user.id);
  const list = await restored.api.get('/api/v1/notifications').set(bearer(again.token)).expect(200);
  expect(list.body.items.map((i: { title: string }) => i.title)).toEqual(['备份测试']);
  const meta = await restored.api
    .get(`/api/v1/files/${up.body.file.id}`)
    .set(bearer(again.token))
    .expect(200);
  const bytes = await restored.api.get(meta.body.file.url).expect(200);
  expect(Buffer.from(bytes.body as Buffer).equals(PNG)).toBe(true);
});

test('restore refuses a database that holds data unless told to replace it', async () => {
  await expect(restoreDatabase(restored.conn, dir)).rejects.toThrow(/已有数据/);
  expect(await restored.conn.collection('users').countDocuments()).toBeGreaterThan(0);
});
