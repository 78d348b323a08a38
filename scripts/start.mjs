// `npm start`: install what is missing, build, then run the server (which
// starts the embedded database unless MONGODB_URI is set).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setup } from './setup.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// With MONGODB_URI the embedded database (and so Go) is not needed.
setup({ db: !process.env.MONGODB_URI });

const child = spawn(process.execPath, ['--enable-source-maps', 'server/dist/main.js'], {
  cwd: root,
  stdio: 'inherit',
});
// Ctrl-C reaches the server too (same process group); forward TERM from a supervisor.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
