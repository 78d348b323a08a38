/**
 * `_id` reads on the embedded FerretDB-SQLite use an index: the launcher adds one on the
 * expression FerretDB 1.24's queries use (its own index is written differently, so SQLite
 * scanned the table for every `_id` lookup). Checked with FerretDB's `explain`, which returns
 * SQLite's query plan; a collection created at run time gets the index within a second or so.
 */
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({}, { seed: false });
});
afterAll(() => t.close());

test('a new collection gets the _id index and lookups use it', async () => {
  const col = t.conn.collection('id_index_probe');
  await col.insertMany(Array.from({ length: 3000 }, (_, i) => ({ _id: `k${i}`, v: i })) as never[]);
  const explain = async () =>
    (await t.conn.db!.command({ explain: { find: 'id_index_probe', filter: { _id: 'k2999' } } })) as {
      queryPlanner: { Plan?: string[] };
      filterPushdown: boolean;
    };
  if (process.env.TEST_ENGINE === 'postgres') {
    // The PostgreSQL engine's _id index matches its queries already.
    expect((await explain()).filterPushdown).toBe(true);
    return;
  }
  let plan = '';
  for (let i = 0; i < 50 && !plan.includes('USING INDEX'); i++) {
    // A real read first: a connection notices a schema change (the new index) when it reads a
    // table, which EXPLAIN QUERY PLAN alone does not.
    await col.findOne({ _id: 'k0' } as never);
    plan = ((await explain()).queryPlanner.Plan ?? []).join(' ');
    if (!plan.includes('USING INDEX')) await new Promise((r) => setTimeout(r, 100));
  }
  expect(plan).toMatch(/SEARCH \S+ USING INDEX \S+_zwgk_id \(<expr>=\?\)/);
  expect(await col.findOne({ _id: 'k2999' } as never)).toEqual({ _id: 'k2999', v: 2999 });
});
