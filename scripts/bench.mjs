// `npm run bench -- <name>` runs bench/<name>.ts; without a name, every benchmark in bench/.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureFerretdb, ensureNodeModules } from './setup.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const available = fs
  .readdirSync(path.join(root, 'bench'))
  .filter((f) => f.endsWith('.ts') && f !== 'lib.ts')
  .map((f) => f.slice(0, -3));
const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !available.includes(w));
if (unknown.length) {
  console.error(`没有这个基准测试：${unknown.join(', ')}。可选：${available.join(', ')}`);
  process.exit(2);
}
ensureNodeModules();
ensureFerretdb();
let failed = false;
for (const name of wanted.length ? wanted : available) {
  console.log(`\n━━━ bench: ${name} ━━━`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', `bench/${name}.ts`], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
