/** Runs the server as a real process, the way `npm start` does, and waits for its banner. */
import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import { ROOT } from './engine';

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output: string[];
}

/** `entry` is `server/dist/main.js` (the built server) or `server/src/main.ts` (through tsx). */
export function startServerProcess(
  env: Record<string, string>,
  entry = 'server/src/main.ts',
): Promise<ServerProcess> {
  const args = entry.endsWith('.ts') ? ['--import', 'tsx', entry] : [entry];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME!, PORT: '0', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start: ${output.join('\n')}`));
    }, 120000);
    for (const s of [child.stdout!, child.stderr!]) {
      readline.createInterface({ input: s }).on('line', (line) => {
        output.push(line);
        const m = /已启动： (http:\/\/\S+)/.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve({ child, url: m[1]!.replace(/\/$/, ''), output });
        }
      });
    }
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited ${code}: ${output.join('\n')}`));
    });
  });
}

export const exited = (c: ChildProcess) =>
  c.exitCode !== null || c.signalCode !== null
    ? Promise.resolve(c.exitCode)
    : new Promise<number | null>((r) => c.once('exit', (code) => r(code)));
