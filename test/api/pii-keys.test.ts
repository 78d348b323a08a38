/**
 * The ID-number key: rotation (old records open with the previous key; `rotatePii` moves them to
 * the new one and recomputes fingerprints; afterwards the previous key is not needed) and the
 * access log of staff looking at an applicant's personal data.
 */
import { Types } from 'mongoose';
import { decryptPii } from '../../server/src/modules/disclosure/pii';
import type { DisclosureService } from '../../server/src/modules/disclosure/service';
import { seedAccounts } from '../../server/src/seed/demo';
import { startTestApp, bearer, loginDev, loginPassword, type TestApp } from '../support/app';

const OLD = Buffer.alloc(32, 1);
const NEW = Buffer.alloc(32, 2);
const ID = '360102199003071236';
const apps: TestApp[] = [];
afterAll(async () => {
  for (const a of apps.reverse()) await a.close();
});

const disclosureOf = (t: TestApp) =>
  (t.built.modules.find((m) => m.name === 'disclosure') as unknown as { service: DisclosureService }).service;

test('rotate: previous key opens old records, rotatePii moves them, then the new key alone suffices', async () => {
  const before = await startTestApp({}, { seed: false, piiKey: OLD });
  apps.push(before);
  await seedAccounts(before.conn, before.built.services.claims, new Date());
  const organs = (await before.api.get('/api/v1/organs').expect(200)).body.items as {
    id: string;
    code: string;
  }[];
  const citizen = await loginDev(before, '轮换申请人');
  const created = await before.api
    .post('/api/v1/disclosure/requests')
    .set(bearer(citizen.token))
    .send({
      organId: organs.find((o) => o.code === 'JX-GKB')!.id,
      applicant: {
        kind: 'natural',
        name: '轮换申请人',
        idType: 'resident_id',
        idNumber: ID,
        phone: '13807001234',
      },
      info: {
        title: '2026年政府信息公开工作年度报告',
        description: '请提供本机关2026年政府信息公开工作年度报告全文。',
      },
      delivery: { form: 'electronic', way: 'online' },
      declaration: true,
    })
    .expect(201);
  const id = created.body.request.id as string;
  const raw = async (t: TestApp) =>
    (await t.conn.collection('disclosure_requests').findOne({ _id: new Types.ObjectId(id) }))!.applicant as {
      idEnc: string;
      idFingerprint: string;
    };
  const sealedOld = await raw(before);
  expect(decryptPii(OLD, sealedOld.idEnc)).toBe(ID);

  // New key deployed with the previous one: staff still see the number.
  const during = await startTestApp(
    { DB_NAME: before.config.db.name },
    { seed: false, piiKey: NEW, piiKeyPrevious: OLD },
  );
  apps.push(during);
  const staff = await loginPassword(during, 'staff1');
  const seen = await during.api.get(`/api/v1/disclosure/requests/${id}`).set(bearer(staff.token)).expect(200);
  expect(seen.body.request.applicant.idNumber).toBe(ID);

  expect(await disclosureOf(during).rotatePii()).toEqual({ checked: 1, rotated: 1 });
  expect(await disclosureOf(during).rotatePii()).toEqual({ checked: 1, rotated: 0 });
  const sealedNew = await raw(during);
  expect(decryptPii(NEW, sealedNew.idEnc)).toBe(ID);
  expect(() => decryptPii(OLD, sealedNew.idEnc)).toThrow();
  expect(sealedNew.idFingerprint).not.toBe(sealedOld.idFingerprint);

  // Previous key removed: everything still opens.
  const after = await startTestApp({ DB_NAME: before.config.db.name }, { seed: false, piiKey: NEW });
  apps.push(after);
  const staff2 = await loginPassword(after, 'staff1');
  const again = await after.api
    .get(`/api/v1/disclosure/requests/${id}`)
    .set(bearer(staff2.token))
    .expect(200);
  expect(again.body.request.applicant.idNumber).toBe(ID);

  // Every staff look at the applicant's data is in the access log; the applicant's own is not.
  await after.api
    .get(`/api/v1/disclosure/requests/${id}`)
    .set(bearer((await loginDev(after, '轮换申请人')).token))
    .expect(200);
  const admin = await loginPassword(after, 'admin');
  const log = await after.api
    .get('/api/v1/admin/access-log')
    .query({ target: `disclosure:${id}` })
    .set(bearer(admin.token))
    .expect(200);
  expect(log.body.items).toHaveLength(2);
  expect(log.body.items[0]).toMatchObject({
    actorId: staff2.user.id,
    target: `disclosure:${id}`,
    fields: ['name', 'idNumber', 'phone', 'email', 'address'],
    purpose: '办理政府信息公开申请',
  });
  await after.api.get('/api/v1/admin/access-log').set(bearer(staff2.token)).expect(403);
  await after.api.get('/api/v1/admin/access-log?target=x').set(bearer(admin.token)).expect(400);
});
