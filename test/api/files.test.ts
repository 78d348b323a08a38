/**
 * Stored files: uploads checked on their bytes, size and uploader role; reading only by grant,
 * by a signed link, or when public; nothing escapes the storage folder.
 */
import fs from 'node:fs';
import { seedAccounts } from '../../server/src/seed/demo';
import { startTestApp, bearer, loginDev, loginPassword, type TestApp } from '../support/app';

const PDF = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(64, 7),
]);

let t: TestApp;
let citizen: string;
let other: string;
let staff: { token: string; user: { id: string; organIds: string[] } };
beforeAll(async () => {
  t = await startTestApp({}, { seed: false });
  await seedAccounts(t.conn, t.built.services.claims, new Date());
  citizen = (await loginDev(t, '上传群众')).token;
  other = (await loginDev(t, '旁观群众')).token;
  staff = await loginPassword(t, 'staff1');
});
afterAll(() => t.close());

const upload = (token: string, purpose: string, body: Buffer, name: string) =>
  t.api.post('/api/v1/files').set(bearer(token)).field('purpose', purpose).attach('file', body, name);

test('a citizen uploads an ID proof: 201 with metadata from the bytes and a signed URL', async () => {
  const res = await upload(citizen, 'disclosure-id-proof', PDF, '../../身份证复印件.pdf');
  expect(res.status).toBe(201);
  expect(res.body.file).toMatchObject({
    purpose: 'disclosure-id-proof',
    name: '身份证复印件.pdf',
    kind: 'pdf',
    mime: 'application/pdf',
    size: PDF.length,
  });
  expect(res.body.file.url).toMatch(/^\/api\/v1\/files\/[0-9a-f]{24}\/content\?exp=\d+&sig=[\w-]+$/);
  // The signed URL works without a login; a tampered one does not.
  const got = await t.api.get(res.body.file.url).expect(200);
  expect(got.headers['content-type']).toBe('application/pdf');
  expect(Buffer.from(got.body as Buffer).equals(PDF)).toBe(true);
  await t.api.get(res.body.file.url.replace(/sig=[\w-]+/, 'sig=forged')).expect(404);
  await t.api.get(`/api/v1/files/${res.body.file.id}/content`).expect(404);
  // Another citizen cannot read it; the uploader can.
  await t.api.get(`/api/v1/files/${res.body.file.id}`).set(bearer(other)).expect(404);
  await t.api.get(`/api/v1/files/${res.body.file.id}`).set(bearer(citizen)).expect(200);
});

test('refused uploads: wrong type by content, too large, wrong role, no purpose, not multipart', async () => {
  const before = await t.conn.collection('files').countDocuments();
  const fake = await upload(citizen, 'disclosure-id-proof', Buffer.from('MZ\x90\x00 not a pdf'), 'a.pdf');
  expect(fake.status).toBe(415);
  expect(fake.body.error.code).toBe('FILE_TYPE_NOT_ALLOWED');
  const big = await upload(
    citizen,
    'consultation-image',
    Buffer.concat([PNG, Buffer.alloc(5 * 1048576)]),
    'b.png',
  );
  expect(big.status).toBe(413);
  expect(big.body.error.code).toBe('FILE_TOO_LARGE');
  const role = await upload(citizen, 'policy-attachment', PDF, 'c.pdf');
  expect(role.status).toBe(403);
  const none = await t.api.post('/api/v1/files').set(bearer(citizen)).attach('file', PDF, 'd.pdf');
  expect(none.status).toBe(422);
  expect(none.body.error.code).toBe('FILE_PURPOSE_INVALID');
  const json = await t.api
    .post('/api/v1/files')
    .set(bearer(citizen))
    .send({ purpose: 'disclosure-id-proof' });
  expect(json.status).toBe(415);
  const anon = await t.api
    .post('/api/v1/files')
    .field('purpose', 'disclosure-id-proof')
    .attach('file', PDF, 'e.pdf');
  expect(anon.status).toBe(401);
  expect(await t.conn.collection('files').countDocuments()).toBe(before);
});

test('attach grants organ staff access, checks uploader and purpose, and public files are open to all', async () => {
  const files = t.built.services.files;
  const up = await upload(citizen, 'disclosure-supplement', PNG, '补正材料.png');
  expect(up.status).toBe(201);
  const id = up.body.file.id as string;
  const citizenId = (await t.api.get('/api/v1/me').set(bearer(citizen))).body.user.id as string;
  const otherId = (await t.api.get('/api/v1/me').set(bearer(other))).body.user.id as string;

  await expect(files.attach([id], { uploaderId: otherId })).rejects.toMatchObject({ code: 'FILE_INVALID' });
  await expect(files.attach([id], { purpose: 'disclosure-id-proof' })).rejects.toMatchObject({
    code: 'FILE_INVALID',
  });
  await expect(files.attach(['0123456789abcdef01234567'], {})).rejects.toMatchObject({ status: 422 });

  await t.api.get(`/api/v1/files/${id}`).set(bearer(staff.token)).expect(404);
  await files.attach([id], {
    uploaderId: citizenId,
    purpose: 'disclosure-supplement',
    organIds: staff.user.organIds,
  });
  const seen = await t.api.get(`/api/v1/files/${id}`).set(bearer(staff.token)).expect(200);
  expect(seen.body.file.name).toBe('补正材料.png');

  const pub = await upload(staff.token, 'policy-attachment', PDF, '附件1.pdf');
  await files.attach([pub.body.file.id], { public: true });
  const [meta] = await files.describe([pub.body.file.id], null);
  expect(meta!.url).toBe(`/api/v1/files/${pub.body.file.id}/content`);
  const dl = await t.api.get(meta!.url).expect(200);
  expect(dl.headers['content-disposition']).toContain("filename*=UTF-8''%E9%99%84%E4%BB%B61.pdf");
});

test('stored bytes live under the files folder with server-made names only', async () => {
  const res = await upload(citizen, 'consultation-image', PNG, '../../../etc/passwd.png');
  expect(res.status).toBe(201);
  expect(res.body.file.name).toBe('passwd.png');
  const doc = await t.conn.collection('files').findOne({ sha256: res.body.file.sha256 });
  expect(doc!.storageKey).toMatch(/^[0-9a-f]{32}$/);
  expect(fs.existsSync(`${t.config.files.dir}/${doc!.storageKey.slice(0, 2)}/${doc!.storageKey}`)).toBe(true);
});
