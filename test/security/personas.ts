/** The people the authorization matrix tries every route as. */
import { bearer, loginDev, loginPassword, type TestApp } from '../support/app';

export const PERSONAS = [
  'anonymous',
  'citizen',
  'otherCitizen',
  'organizer',
  'staff',
  'otherStaff',
  'reviewer',
  'admin',
] as const;
export type Persona = (typeof PERSONAS)[number];

export interface PersonaInfo {
  token: string | null;
  id: string | null;
  roles: string[];
  organIds: string[];
}

/**
 * Demo users plus a staff member of another organ (JX-FGW) and a tester holding every role in
 * every organ (used by the hostile-input suite to get past every gate to validation).
 */
export async function makePersonas(t: TestApp) {
  const admin = await loginPassword(t, 'admin');
  const organs = (await t.api.get('/api/v1/organs').expect(200)).body.items as { id: string; code: string }[];
  const organ = (code: string) => organs.find((o) => o.code === code)!.id;
  const create = async (username: string, roles: string[], organIds: string[]) => {
    await t.api
      .post('/api/v1/admin/users')
      .set(bearer(admin.token))
      .send({ username, displayName: username, password: 'Test-pass-2026', roles, organIds })
      .expect(201);
    return loginPassword(t, username, 'Test-pass-2026');
  };
  const otherStaff = await create('staff_fgw', ['staff'], [organ('JX-FGW')]);
  const everyone = await create(
    'all_roles',
    ['admin', 'organizer', 'staff', 'reviewer'],
    organs.map((o) => o.id),
  );
  const citizen = await loginDev(t, '矩阵群众甲');
  const otherCitizen = await loginDev(t, '矩阵群众乙');
  const organizer = await loginPassword(t, 'organizer1');
  const staff = await loginPassword(t, 'staff1');
  const reviewer = await loginPassword(t, 'reviewer1');
  const info = (l: { token: string; user: { id: string; roles: string[]; organIds?: string[] } }) => ({
    token: l.token,
    id: l.user.id,
    roles: l.user.roles,
    organIds: l.user.organIds ?? [],
  });
  const personas: Record<Persona, PersonaInfo> = {
    anonymous: { token: null, id: null, roles: [], organIds: [] },
    citizen: info(citizen),
    otherCitizen: info(otherCitizen),
    organizer: info(organizer),
    staff: info(staff),
    otherStaff: info(otherStaff),
    reviewer: info(reviewer),
    admin: info(admin),
  };
  return { personas, everyone: info(everyone), organ };
}
