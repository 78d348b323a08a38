/**
 * Logical backup and restore through the wire protocol, so the same tool works on MongoDB and on
 * FerretDB (SQLite or PostgreSQL). Each collection is written as gzipped EJSON lines with its
 * index definitions; uploaded files are copied alongside.
 *
 * Taken while the service runs, a dump is not a point-in-time snapshot. Records are dumped before
 * `claims`, and every record is written after its claim, so each dumped record's claim is in the
 * dump; claims whose record was written after its collection was read come back as orphans, which
 * the repair jobs release (the same path as a crash between claim and record).
 */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import zlib from 'node:zlib';
import mongoose, { type Connection } from 'mongoose';

const { EJSON } = mongoose.mongo.BSON;

export interface Manifest {
  format: 'zwgk-backup-1';
  database: string;
  createdAt: string;
  collections: { name: string; count: number; indexes: Record<string, unknown>[] }[];
  files: number;
}

/** Collections written last (see the header). */
const LAST = ['claims', 'idempotency'];

function order(names: string[]) {
  return [...names.filter((n) => !LAST.includes(n)).sort(), ...LAST.filter((n) => names.includes(n))];
}

async function writeLines(file: string, lines: AsyncIterable<string>): Promise<void> {
  const gz = zlib.createGzip();
  const out = fs.createWriteStream(file);
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    gz.on('error', reject);
  });
  gz.pipe(out);
  for await (const line of lines) {
    if (!gz.write(`${line}\n`)) await new Promise((r) => gz.once('drain', r));
  }
  gz.end();
  await done;
}

function copyDir(from: string, to: string): number {
  if (!fs.existsSync(from)) return 0;
  let n = 0;
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const a = path.join(from, entry.name);
    const b = path.join(to, entry.name);
    if (entry.isDirectory()) n += copyDir(a, b);
    else if (entry.isFile() && !entry.name.endsWith('.tmp')) {
      fs.copyFileSync(a, b);
      n++;
    }
  }
  return n;
}

/** Dump every collection of `conn`'s database (and `filesDir`, if given) into `dir`. */
export async function dumpDatabase(conn: Connection, dir: string, filesDir?: string): Promise<Manifest> {
  const db = conn.db;
  if (!db) throw new Error('not connected');
  fs.mkdirSync(dir, { recursive: true });
  const names = (await db.listCollections({}, { nameOnly: true }).toArray())
    .map((c) => c.name)
    .filter((n) => !n.startsWith('system.'));
  const manifest: Manifest = {
    format: 'zwgk-backup-1',
    database: db.databaseName,
    createdAt: new Date().toISOString(),
    collections: [],
    files: 0,
  };
  for (const name of order(names)) {
    const coll = db.collection(name);
    const indexes = (await coll.indexes()).filter((i) => i.name !== '_id_') as Record<string, unknown>[];
    let count = 0;
    async function* lines() {
      for await (const doc of coll.find({}, { sort: { _id: 1 } })) {
        count++;
        yield EJSON.stringify(doc, { relaxed: false });
      }
    }
    await writeLines(path.join(dir, `${name}.jsonl.gz`), lines());
    manifest.collections.push({ name, count, indexes });
  }
  if (filesDir) manifest.files = copyDir(filesDir, path.join(dir, 'files'));
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return manifest;
}

/**
 * Load a dump into `conn`'s database. Refuses a database that holds data unless `replace` (which
 * drops the dumped collections first). Indexes are recreated before documents are loaded.
 */
export async function restoreDatabase(
  conn: Connection,
  dir: string,
  opts: { replace?: boolean; filesDir?: string } = {},
): Promise<Manifest> {
  const db = conn.db;
  if (!db) throw new Error('not connected');
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
  if (manifest.format !== 'zwgk-backup-1') throw new Error('不是本系统的备份（manifest 格式不符）');
  const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
  const clash = manifest.collections.filter((c) => existing.has(c.name));
  if (clash.length && !opts.replace) {
    for (const c of clash) {
      if ((await db.collection(c.name).estimatedDocumentCount()) > 0)
        throw new Error(`目标数据库已有数据（${c.name}）；确认覆盖请加 --replace`);
    }
  }
  for (const c of manifest.collections) {
    if (existing.has(c.name)) await db.collection(c.name).drop();
    const coll = db.collection(c.name);
    await db.createCollection(c.name).catch(() => undefined);
    for (const idx of c.indexes) {
      const { key, name, unique, sparse, expireAfterSeconds, partialFilterExpression } = idx as {
        key: Record<string, 1 | -1>;
        name: string;
        unique?: boolean;
        sparse?: boolean;
        expireAfterSeconds?: number;
        partialFilterExpression?: Record<string, unknown>;
      };
      await coll.createIndex(key, {
        name,
        ...(unique ? { unique } : {}),
        ...(sparse ? { sparse } : {}),
        ...(expireAfterSeconds !== undefined ? { expireAfterSeconds } : {}),
        ...(partialFilterExpression ? { partialFilterExpression } : {}),
      });
    }
    const input = fs.createReadStream(path.join(dir, `${c.name}.jsonl.gz`)).pipe(zlib.createGunzip());
    let batch: Record<string, unknown>[] = [];
    let loaded = 0;
    for await (const line of readline.createInterface({ input, crlfDelay: Infinity })) {
      if (!line) continue;
      batch.push(EJSON.parse(line, { relaxed: false }) as Record<string, unknown>);
      if (batch.length >= 500) {
        await coll.insertMany(batch, { ordered: true });
        loaded += batch.length;
        batch = [];
      }
    }
    if (batch.length) {
      await coll.insertMany(batch, { ordered: true });
      loaded += batch.length;
    }
    if (loaded !== c.count) throw new Error(`${c.name}: 备份中有 ${c.count} 条，恢复了 ${loaded} 条`);
  }
  if (opts.filesDir && fs.existsSync(path.join(dir, 'files')))
    copyDir(path.join(dir, 'files'), opts.filesDir);
  return manifest;
}
