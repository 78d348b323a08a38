/**
 * Starts the embedded FerretDB for a test run: SQLite in a fresh temp folder,
 * or (TEST_ENGINE=postgres) the machine's PostgreSQL in a fresh database.
 * With TEST_MONGODB_URI set (a real MongoDB), nothing is started.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureFerretdbBinary, startFerretdb, type EmbeddedDb } from '../../server/src/platform/ferretdb';

export const ROOT = path.resolve(__dirname, '..', '..');

export interface TestDb {
  uri: string;
  engine: string;
  db?: EmbeddedDb;
  dir?: string;
  pgDatabase?: string;
}

function pgUrl(db: string) {
  return `postgres://postgres@127.0.0.1:5432/${db}`;
}

export async function startTestDb(): Promise<TestDb> {
  if (process.env.TEST_MONGODB_URI) return { uri: process.env.TEST_MONGODB_URI, engine: 'mongodb' };
  const bin = ensureFerretdbBinary(ROOT, { log: (s) => console.log(s) });
  if (process.env.TEST_ENGINE === 'postgres') {
    const name = `zwgk_test_${process.pid}_${Date.now()}`;
    execFileSync('psql', [
      '-h',
      '127.0.0.1',
      '-U',
      'postgres',
      '-d',
      'postgres',
      '-qc',
      `CREATE DATABASE ${name}`,
    ]);
    const db = await startFerretdb({ bin, postgresqlUrl: pgUrl(name) });
    return { uri: db.uri, engine: 'ferretdb-postgresql', db, pgDatabase: name };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zwgk-test-db-'));
  const db = await startFerretdb({ bin, sqliteDir: dir });
  return { uri: db.uri, engine: 'ferretdb-sqlite', db, dir };
}

export async function stopTestDb(t: TestDb) {
  await t.db?.stop();
  if (t.dir) fs.rmSync(t.dir, { recursive: true, force: true });
  if (t.pgDatabase) {
    execFileSync('psql', [
      '-h',
      '127.0.0.1',
      '-U',
      'postgres',
      '-d',
      'postgres',
      '-qc',
      `DROP DATABASE IF EXISTS ${t.pgDatabase}`,
    ]);
  }
}
