import fs from 'node:fs';
import { exited, type ServerProcess } from './server-process';

export default async function globalTeardown() {
  const e = (globalThis as { __ZWGK_E2E__?: { server: ServerProcess; dataDir: string } }).__ZWGK_E2E__;
  if (!e) return;
  e.server.child.kill('SIGTERM');
  await exited(e.server.child);
  fs.rmSync(e.dataDir, { recursive: true, force: true });
}
