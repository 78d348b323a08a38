/**
 * Personal data: an applicant's ID number and phone never appear in plain text in the database or
 * in the server's logs (info level, as in production), and lists show them masked.
 */
import { startCluster, call, devLogin, login, type Cluster } from '../reliability/cluster';

const ID = '360102199003071236';
const PHONE = '13807001234';
let c: Cluster;
beforeAll(async () => {
  c = await startCluster(1, { LOG_LEVEL: 'debug' });
});
afterAll(() => c?.close());

test('no plaintext ID number or phone in any collection or log line; lists show them masked', async () => {
  const base = c.nodes[0]!.url;
  const citizen = await devLogin(base, '隐私测试人');
  const organs = (await call(base, 'GET', '/organs')).body.items as { id: string; code: string }[];
  const organId = organs.find((o) => o.code === 'JX-GKB')!.id;
  const created = await call(base, 'POST', '/disclosure/requests', {
    token: citizen.token,
    body: {
      organId,
      applicant: { kind: 'natural', name: '隐私测试人', idType: 'resident_id', idNumber: ID, phone: PHONE },
      info: {
        title: '2026年度政府信息公开工作报告',
        description: '请提供本机关2026年度政府信息公开工作年度报告全文。',
      },
      delivery: { form: 'electronic', way: 'online' },
      declaration: true,
    },
  });
  expect(created.status).toBe(201);
  const staff = await login(base, 'staff1');
  const detail = await call(base, 'GET', `/disclosure/requests/${created.body.request.id}`, { token: staff });
  expect(detail.status).toBe(200);
  const queue = await call(base, 'GET', '/disclosure/queue', { token: staff });
  expect(queue.status).toBe(200);
  const text = JSON.stringify(queue.body);
  expect(text).not.toContain(ID);
  expect(text).toContain('3601**********1236');

  const db = c.db.db!;
  for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
    const docs = await db.collection(name).find({}).toArray();
    const dump = JSON.stringify(docs);
    expect([name, dump.includes(ID)]).toEqual([name, false]);
  }
  const logs = c.nodes[0]!.output.join('\n');
  expect(logs.length).toBeGreaterThan(0);
  expect(logs).toContain('"path":"/api/v1/disclosure/requests"');
  expect(logs).not.toContain(ID);
  expect(logs).not.toContain(PHONE);
});
