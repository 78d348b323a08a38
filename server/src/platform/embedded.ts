import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../../config';
import { ensureFerretdbBinary, startFerretdb, waitForPing, type EmbeddedDb } from './ferretdb';

/**
 * Start the embedded FerretDB, or reuse the one a sibling `npm start` already
 * runs on the same data folder (recorded in db/ferretdb.json).
 */
export async function embeddedDb(
  config: Config,
  log: (s: string) => void,
): Promise<{ uri: string; db?: EmbeddedDb }> {
  const stateFile = path.join(config.embedded.dbDir, 'ferretdb.json');
  try {
    const prev = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as { pid: number; uri: string };
    process.kill(prev.pid, 0);
    await waitForPing(prev.uri, 1500);
    log(`使用已在运行的内置数据库 ${prev.uri}`);
    return { uri: prev.uri };
  } catch {
    /* none running: start ours */
  }
  const bin =
    config.embedded.bin ?? ensureFerretdbBinary(config.root, { cacheDir: config.embedded.cacheDir, log });
  const db = await startFerretdb({
    bin,
    sqliteDir: config.embedded.postgresqlUrl ? undefined : config.embedded.dbDir,
    postgresqlUrl: config.embedded.postgresqlUrl,
  });
  fs.mkdirSync(config.embedded.dbDir, { recursive: true });
  fs.writeFileSync(stateFile, JSON.stringify({ pid: db.pid, uri: db.uri }));
  return { uri: db.uri, db };
}
