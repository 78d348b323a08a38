/**
 * `npm run bench -- http`: read throughput of the two most-visited public pages' API calls — the
 * policy list (first page) and a session's detail — at concurrency 64, against a bare Koa route
 * returning the same JSON, in one run.
 */
import { load, machineLine, printTable, startBaseline, startBenchServer, type LoadResult } from './lib';

async function main() {
  const server = await startBenchServer();
  const policiesUrl = `${server.url}/api/v1/policies?limit=20`;
  const sessions = (await (await fetch(`${server.url}/api/v1/sessions`)).json()) as {
    items: { id: string }[];
  };
  const sessionUrl = `${server.url}/api/v1/sessions/${sessions.items[0]!.id}`;
  const policiesBody = await (await fetch(policiesUrl)).json();
  const sessionBody = await (await fetch(sessionUrl)).json();
  const policiesBase = await startBaseline(policiesBody);
  const sessionBase = await startBaseline(sessionBody);

  const rows: LoadResult[] = [];
  const base = new Map<string, LoadResult>();
  const requests = Number(process.env.BENCH_REQUESTS ?? 2000);
  for (const [label, url, baseUrl] of [
    ['GET /api/v1/policies?limit=20', policiesUrl, policiesBase.url],
    ['GET /api/v1/sessions/:id', sessionUrl, sessionBase.url],
  ] as const) {
    const b = await load({
      label: `baseline: bare Koa, same JSON as ${label}`,
      url: baseUrl,
      concurrency: 64,
      requests,
    });
    const r = await load({ label, url, concurrency: 64, requests });
    base.set(r.label, b);
    rows.push(b, r);
  }
  console.log(`machine: ${machineLine()}; database: ${server.engine}`);
  printTable(
    'Public reads at concurrency 64 (ratios against the bare Koa route in the same run)',
    rows,
    (r) => base.get(r.label),
  );
  await policiesBase.close();
  await sessionBase.close();
  await server.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
