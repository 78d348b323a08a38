import { startTestApp, loginDev, loginPassword, bearer, type TestApp } from '../support/app';

let t: TestApp;
let admin: string;
let organs: { id: string; code: string; level: string; name: string }[];

beforeAll(async () => {
  t = await startTestApp();
  admin = (await loginPassword(t, 'admin')).token;
  organs = (await t.api.get('/api/v1/organs').expect(200)).body.items;
});
afterAll(() => t.close());

const organ = (code: string) => organs.find((o) => o.code === code)!;

describe('organs', () => {
  test('the demo organs are listed province first, with parents', async () => {
    expect(organs.map((o) => o.code)).toEqual([
      'JX-FGW',
      'JX-GKB',
      'JX-GOV',
      'JX-JYT',
      'JX-RST',
      'JX-WJW',
      'NC-GOV',
      'NCX-GOV',
    ]);
    expect(organ('NCX-GOV')).toMatchObject({
      name: '南昌县人民政府',
      level: '县',
      parentId: organ('NC-GOV').id,
    });
  });

  test('admin creates an organ under its government; a lower-level parent is refused', async () => {
    const ok = await t.api
      .post('/api/v1/organs')
      .set(bearer(admin))
      .send({ name: '南昌市人力资源和社会保障局', code: 'NC-RSJ', level: '市', parentId: organ('NC-GOV').id })
      .expect(201);
    expect(ok.body.organ).toMatchObject({ code: 'NC-RSJ', level: '市', parentId: organ('NC-GOV').id });
    const bad = await t.api
      .post('/api/v1/organs')
      .set(bearer(admin))
      .send({ name: '某省级单位', code: 'JX-BAD', level: '省', parentId: ok.body.organ.id })
      .expect(422);
    expect(bad.body.error).toEqual({
      code: 'ORGAN_PARENT_INVALID',
      message: '上级机关的层级（市级）不能低于本机关（省级）',
    });
    expect(await t.conn.collection('organs').countDocuments({ code: 'JX-BAD' })).toBe(0);
  });

  test('a duplicate code → 409', async () => {
    const res = await t.api
      .post('/api/v1/organs')
      .set(bearer(admin))
      .send({ name: '重复', code: 'JX-RST', level: '省' })
      .expect(409);
    expect(res.body.error).toEqual({ code: 'ORGAN_CODE_TAKEN', message: '机关代码 JX-RST 已被使用' });
  });

  test('admin renames an organ; a citizen may not', async () => {
    const citizen = await loginDev(t, '林小雨');
    await t.api
      .patch(`/api/v1/organs/${organ('NCX-GOV').id}`)
      .set(bearer(citizen.token))
      .send({ name: 'x' })
      .expect(403);
    const res = await t.api
      .patch(`/api/v1/organs/${organ('NCX-GOV').id}`)
      .set(bearer(admin))
      .send({ name: '南昌县人民政府办公室' })
      .expect(200);
    expect(res.body.organ.name).toBe('南昌县人民政府办公室');
  });

  test('an unknown organ → 404', async () => {
    const res = await t.api.get('/api/v1/organs/0123456789abcdef01234567').expect(404);
    expect(res.body.error).toEqual({ code: 'NOT_FOUND', message: '机关不存在' });
  });
});

describe('users', () => {
  test('a citizen calling an admin route → 403; anonymous → 401', async () => {
    const citizen = await loginDev(t, '黄小明');
    const res = await t.api.get('/api/v1/admin/users').set(bearer(citizen.token)).expect(403);
    expect(res.body.error).toEqual({ code: 'FORBIDDEN', message: '您没有权限进行此操作' });
    await t.api.get('/api/v1/admin/users').expect(401);
    const staff = await loginPassword(t, 'staff1');
    await t.api.post('/api/v1/admin/users').set(bearer(staff.token)).send({}).expect(403);
  });

  test('admin creates a staff user who can then log in', async () => {
    const res = await t.api
      .post('/api/v1/admin/users')
      .set(bearer(admin))
      .send({
        username: 'Staff2',
        displayName: '刘洋',
        password: 'Secret-2026',
        roles: ['staff', 'reviewer'],
        organIds: [organ('JX-RST').id],
      })
      .expect(201);
    expect(res.body.user).toMatchObject({
      username: 'staff2',
      displayName: '刘洋',
      roles: ['staff', 'reviewer'],
      organs: [{ id: organ('JX-RST').id, name: '江西省人力资源和社会保障厅' }],
      disabled: false,
    });
    expect(res.body.user.passwordHash).toBeUndefined();
    const login = await loginPassword(t, 'staff2', 'Secret-2026');
    expect(login.user.id).toBe(res.body.user.id);
    const stored = await t.conn.collection('users').findOne({ username: 'staff2' });
    expect(stored!.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
  });

  test('staff roles need an organ; unknown organs and citizen+staff are refused', async () => {
    const base = { username: 'staff3', displayName: '何平', password: 'Secret-2026' };
    const noOrgan = await t.api
      .post('/api/v1/admin/users')
      .set(bearer(admin))
      .send({ ...base, roles: ['staff'] })
      .expect(422);
    expect(noOrgan.body.error.code).toBe('ORGAN_REQUIRED');
    const unknown = await t.api
      .post('/api/v1/admin/users')
      .set(bearer(admin))
      .send({ ...base, roles: ['staff'], organIds: ['0123456789abcdef01234567'] })
      .expect(422);
    expect(unknown.body.error.code).toBe('ORGAN_NOT_FOUND');
    const mixed = await t.api
      .post('/api/v1/admin/users')
      .set(bearer(admin))
      .send({ ...base, roles: ['citizen', 'staff'], organIds: [organ('JX-GKB').id] })
      .expect(422);
    expect(mixed.body.error.code).toBe('ROLE_CONFLICT');
    expect(await t.conn.collection('users').countDocuments({ username: 'staff3' })).toBe(0);
  });

  test('concurrent creates of one username: exactly one 201, the rest 409', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t.api
          .post('/api/v1/admin/users')
          .set(bearer(admin))
          .send({
            username: 'organizer9',
            displayName: `组织者${i}`,
            password: 'Secret-2026',
            roles: ['organizer'],
            organIds: [organ('JX-JYT').id],
          }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    expect(await t.conn.collection('users').countDocuments({ username: 'organizer9' })).toBe(1);
  });

  test('list filters by role and organ and pages with a cursor', async () => {
    const staff = await t.api.get('/api/v1/admin/users?role=staff').set(bearer(admin)).expect(200);
    expect(staff.body.items.map((u: { username: string }) => u.username).sort()).toEqual([
      'staff1',
      'staff2',
    ]);
    const byOrgan = await t.api
      .get(`/api/v1/admin/users?organId=${organ('JX-GKB').id}`)
      .set(bearer(admin))
      .expect(200);
    expect(byOrgan.body.items.map((u: { username: string }) => u.username).sort()).toEqual([
      'admin',
      'reviewer1',
      'staff1',
    ]);
    const p1 = await t.api.get('/api/v1/admin/users?limit=2').set(bearer(admin)).expect(200);
    expect(p1.body.items).toHaveLength(2);
    const p2 = await t.api
      .get(`/api/v1/admin/users?limit=2&cursor=${p1.body.nextCursor}`)
      .set(bearer(admin))
      .expect(200);
    expect(p2.body.items[0].id).not.toBe(p1.body.items[1].id);
    const bad = await t.api.get('/api/v1/admin/users?limit=1000').set(bearer(admin)).expect(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  });

  test('admin may not disable or demote themself', async () => {
    const me = (await t.api.get('/api/v1/me').set(bearer(admin)).expect(200)).body.user;
    const off = await t.api
      .patch(`/api/v1/admin/users/${me.id}`)
      .set(bearer(admin))
      .send({ disabled: true })
      .expect(422);
    expect(off.body.error.code).toBe('CANNOT_DISABLE_SELF');
    const demote = await t.api
      .patch(`/api/v1/admin/users/${me.id}`)
      .set(bearer(admin))
      .send({ roles: ['staff'] })
      .expect(422);
    expect(demote.body.error.code).toBe('CANNOT_DEMOTE_SELF');
  });

  test('mass assignment: a citizen cannot make itself admin through dev login fields', async () => {
    const res = await t.api
      .post('/api/v1/auth/dev')
      .send({ name: '冒充者', roles: ['admin'] })
      .expect(422);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(await t.conn.collection('users').countDocuments({ displayName: '冒充者' })).toBe(0);
  });
});
