// `npm run bench -- <name>` runs bench/<name>.ts; without a name, every benchmark in bench/, and
// then writes docs/PERFORMANCE.md with their output, the machine, and the client package sizes.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { ensureFerretdb, ensureNodeModules } from './setup.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const available = fs
  .readdirSync(path.join(root, 'bench'))
  .filter((f) => f.endsWith('.ts') && f !== 'lib.ts')
  .map((f) => f.slice(0, -3));
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-') && !/^\d+$/.test(a));
const extra = process.argv.slice(2).filter((a) => /^\d+$/.test(a));
const unknown = wanted.filter((w) => !available.includes(w));
if (unknown.length) {
  console.error(`没有这个基准测试：${unknown.join(', ')}。可选：${available.join(', ')}`);
  process.exit(2);
}
ensureNodeModules();
ensureFerretdb();

function runOne(name) {
  return new Promise((resolve) => {
    let out = '';
    const child = spawn(process.execPath, ['--import', 'tsx', `bench/${name}.ts`, ...extra], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout.on('data', (c) => {
      process.stdout.write(c);
      out += c.toString('utf8');
    });
    child.on('close', (code) => resolve({ name, code: code ?? 1, out }));
  });
}

const report = wanted.length === 0;
const results = [];
for (const name of wanted.length ? wanted : available) {
  console.log(`\n━━━ bench: ${name} ━━━`);
  results.push(await runOne(name));
}

function dirSize(dir, filter = () => true) {
  let total = 0;
  let gz = 0;
  if (!fs.existsSync(dir)) return { total, gz };
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      const s = dirSize(p, filter);
      total += s.total;
      gz += s.gz;
    } else if (filter(p)) {
      const buf = fs.readFileSync(p);
      total += buf.length;
      gz += zlib.gzipSync(buf).length;
    }
  }
  return { total, gz };
}
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;

if (report) {
  const weapp = path.join(root, 'client/dist/weapp');
  if (!fs.existsSync(path.join(weapp, 'app.json'))) {
    console.log('\n构建小程序以统计包体积…');
    spawnSync('npm', ['run', 'build:weapp'], { cwd: root, stdio: 'inherit' });
  }
  const appJson = JSON.parse(fs.readFileSync(path.join(weapp, 'app.json'), 'utf8'));
  const subRoots = (appJson.subPackages ?? appJson.subpackages ?? []).map((s) => s.root.replace(/\/$/, ''));
  const main = dirSize(weapp, (p) => !subRoots.some((r) => p.startsWith(path.join(weapp, r) + path.sep)));
  const subs = subRoots.map((r) => ({ root: r, ...dirSize(path.join(weapp, r)) }));
  const h5 = path.join(root, 'client/dist/h5');
  const h5js = dirSize(h5, (p) => p.endsWith('.js'));
  const h5css = dirSize(h5, (p) => p.endsWith('.css'));
  const git = spawnSync('git', ['rev-parse', '--short', 'HEAD'], {
    cwd: root,
    encoding: 'utf8',
  }).stdout.trim();
  const lines = [
    '# Performance report',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC at commit \`${git}\`.`,
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.type()} ${os.release()}.`,
    'Database: the embedded FerretDB 1.24 on SQLite unless a section says otherwise (BENCH_MONGODB_URI runs the same benchmarks on MongoDB).',
    'Every ratio is against a baseline measured in the same process and run, so machine load affects both sides.',
    '',
    '## Client package sizes',
    '',
    '| package | size | gzip | WeChat limit |',
    '|---|---:|---:|---:|',
    `| weapp main package | ${kb(main.total)} | ${kb(main.gz)} | 2048 KB |`,
    ...subs.map((s) => `| weapp subpackage \`${s.root}\` | ${kb(s.total)} | ${kb(s.gz)} | 2048 KB |`),
    `| H5 JavaScript (all chunks) | ${kb(h5js.total)} | ${kb(h5js.gz)} | – |`,
    `| H5 CSS | ${kb(h5css.total)} | ${kb(h5css.gz)} | – |`,
    '',
  ];
  for (const r of results) {
    lines.push(`## \`npm run bench -- ${r.name}\`${r.code === 0 ? '' : ' (FAILED)'}`, '');
    // eslint-disable-next-line no-control-regex
    lines.push(r.out.trim().replace(/\x1b\[[0-9;]*m/g, ''), '');
  }
  // The hand-written analysis between the notes markers survives a new run.
  const file = path.join(root, 'docs/PERFORMANCE.md');
  const previous = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const notes = previous.match(/<!-- notes -->[\s\S]*?<!-- \/notes -->/)?.[0];
  if (notes) lines.splice(lines.indexOf('## Client package sizes'), 0, notes, '');
  fs.mkdirSync(path.join(root, 'docs'), { recursive: true });
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  console.log('\n已写入 docs/PERFORMANCE.md');
}
process.exit(results.every((r) => r.code === 0) ? 0 : 1);
