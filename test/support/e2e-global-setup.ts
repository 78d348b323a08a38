import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServerProcess, type ServerProcess } from './server-process';

export default async function globalSetup() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zwgk-e2e-'));
  const server = await startServerProcess(
    { DATA_DIR: dataDir, NODE_ENV: 'development', H5_DIR: process.env.E2E_H5_DIR ?? 'client/dist/h5' },
    process.env.E2E_SERVER_ENTRY ?? 'server/dist/main.js',
  );
  (globalThis as { __ZWGK_E2E__?: { server: ServerProcess; dataDir: string } }).__ZWGK_E2E__ = {
    server,
    dataDir,
  };
  process.env.E2E_BASE_URL = server.url;
  console.log(`\n[e2e] server at ${server.url}`);
}
