// Builds the embedded FerretDB once into the cache (rebuilt only when server/ferretdb changes).
import path from 'node:path';
import { EmbeddedDbError, ensureFerretdbBinary } from '../server/src/platform/ferretdb';

try {
  const bin = ensureFerretdbBinary(path.resolve(__dirname, '..'), { log: (s) => console.log(s) });
  console.log(`FerretDB: ${bin}`);
} catch (e) {
  if (e instanceof EmbeddedDbError) {
    console.error(e.message);
    process.exit(2);
  }
  throw e;
}
