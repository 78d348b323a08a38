// `npm test`: unit, API (real HTTP against a fresh embedded FerretDB), client
// component and browser end-to-end tests, with a summary at the end.
//   node scripts/test.mjs [unit] [api] [client] [e2e] [--engine=postgres] [-- jest args]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBrowser, ensureFerretdb, ensureH5, ensureNodeModules, ensureServerBuild } from './setup.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ALL = ['unit', 'api', 'security', 'reliability', 'client', 'e2e'];
const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const own = dash === -1 ? argv : argv.slice(0, dash);
const passthrough = dash === -1 ? [] : argv.slice(dash + 1);
const engineArg = own.find((a) => a.startsWith('--engine='));
const engine = engineArg ? engineArg.slice('--engine='.length) : 'sqlite';
if (!['sqlite', 'postgres'].includes(engine)) {
  console.error(`未知的 --engine=${engine}（可选 sqlite、postgres）`);
  process.exit(2);
}
const suites = own.filter((a) => ALL.includes(a));
const run = suites.length ? suites : ALL;

ensureNodeModules();
if (run.some((s) => ['api', 'security', 'reliability', 'e2e'].includes(s))) ensureFerretdb();
if (run.includes('e2e')) {
  ensureBrowser();
  ensureH5();
  ensureServerBuild();
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zwgk-jest-'));
const results = [];
for (const suite of run) {
  console.log(`\n━━━ ${suite} tests${suite === 'api' ? ` (engine: ferretdb-${engine})` : ''} ━━━`);
  const out = path.join(tmp, `${suite}.json`);
  const r = spawnSync(
    process.execPath,
    [
      'node_modules/jest/bin/jest.js',
      '-c',
      `test/${suite}/jest.config.cjs`,
      '--ci',
      '--json',
      `--outputFile=${out}`,
      ...(suite === 'e2e' || suite === 'reliability' ? ['--runInBand'] : ['--maxWorkers=2']),
      ...passthrough,
    ],
    { cwd: root, stdio: 'inherit', env: { ...process.env, TEST_ENGINE: engine, NODE_ENV: 'test' } },
  );
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  try {
    const j = JSON.parse(fs.readFileSync(out, 'utf8'));
    passed = j.numPassedTests;
    failed = j.numFailedTests + (j.numRuntimeErrorTestSuites ?? 0);
    skipped = j.numPendingTests + j.numTodoTests;
  } catch {
    failed = 1;
  }
  if (r.status !== 0 && failed === 0) failed = 1;
  results.push({ suite, passed, failed, skipped, ok: r.status === 0 });
}
fs.rmSync(tmp, { recursive: true, force: true });

const total = results.reduce(
  (a, r) => ({ passed: a.passed + r.passed, failed: a.failed + r.failed, skipped: a.skipped + r.skipped }),
  {
    passed: 0,
    failed: 0,
    skipped: 0,
  },
);
console.log('\n测试汇总 (summary)');
for (const r of results) {
  console.log(
    `  ${r.ok ? '✔' : '✘'} ${r.suite.padEnd(11)} ${String(r.passed).padStart(4)} passed  ${String(r.failed).padStart(3)} failed  ${r.skipped} skipped`,
  );
}
console.log(
  `${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`,
);
process.exit(results.every((r) => r.ok) ? 0 : 1);
