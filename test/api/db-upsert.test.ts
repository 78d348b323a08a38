/**
 * replaceOrInsert: many writers creating the same `_id` at once (FerretDB runs an upsert as
 * read-then-insert) all succeed and leave one document holding one of their values.
 */
import { Schema } from 'mongoose';
import { modelOn, replaceOrInsert } from '../../server/src/platform/db';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({}, { seed: false });
});
afterAll(() => t.close());

test('20 concurrent first writes of one _id: no error, one document', async () => {
  const M = modelOn<{ _id: string; v: number }>(
    t.conn,
    'UpsertProbe',
    new Schema({ _id: String, v: Number }, { versionKey: false, collection: 'upsert_probe' }),
  );
  for (let round = 0; round < 3; round++) {
    const id = `stamp-${round}`;
    const values = Array.from({ length: 20 }, (_, i) => i);
    await Promise.all(values.map((v) => replaceOrInsert(M, id, { v })));
    const docs = await M.find({ _id: id }).lean();
    expect(docs).toHaveLength(1);
    expect(values).toContain(docs[0]!.v);
  }
});
