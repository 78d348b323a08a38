/**
 * `npm run bench -- platform`: what the platform costs per request. An
 * authenticated `GET /api/v1/me` (JWT check, user read, organ names) and the
 * public organ list, against a bare Koa route returning the same JSON, at
 * concurrency 1 and 32, in one run.
 */
import { load, machineLine, printTable, startBaseline, startBenchServer, type LoadResult } from './lib';

async function main() {
  const server = await startBenchServer();
  const login = await fetch(`${server.url}/api/v1/auth/password`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'staff1', password: 'demo1234' }),
  });
  const { token } = (await login.json()) as { token: string };
  const auth = { headers: { Authorization: `Bearer ${token}` } };
  const meBody = await (await fetch(`${server.url}/api/v1/me`, auth)).json();
  const organsBody = await (await fetch(`${server.url}/api/v1/organs`)).json();
  const meBase = await startBaseline(meBody);
  const organsBase = await startBaseline(organsBody);

  const rows: LoadResult[] = [];
  const base = new Map<string, LoadResult>();
  for (const concurrency of [1, 32]) {
    const requests = concurrency === 1 ? 500 : 3000;
    const b1 = await load({ label: 'baseline: bare Koa, /me JSON', url: meBase.url, concurrency, requests });
    const me = await load({
      label: 'GET /api/v1/me (auth + DB)',
      url: `${server.url}/api/v1/me`,
      init: auth,
      concurrency,
      requests,
    });
    const b2 = await load({
      label: 'baseline: bare Koa, organs JSON',
      url: organsBase.url,
      concurrency,
      requests,
    });
    const organs = await load({
      label: 'GET /api/v1/organs (DB)',
      url: `${server.url}/api/v1/organs`,
      concurrency,
      requests,
    });
    rows.push(b1, me, b2, organs);
    base.set(me.label + concurrency, b1);
    base.set(organs.label + concurrency, b2);
  }
  console.log(`machine: ${machineLine()}; engine: ${server.engine}`);
  printTable(
    'platform: request cost against a bare Koa route',
    rows,
    (r) => base.get(r.label + r.concurrency) ?? r,
  );
  await meBase.close();
  await organsBase.close();
  await server.close();
}

void main();
