/**
 * `npm run rotate-pii-key`: re-encrypt every stored ID number under PII_ENCRYPTION_KEY (opening old
 * ones with PII_ENCRYPTION_KEY_PREVIOUS) and recompute the repeat-applicant fingerprints. Safe to
 * run twice and while the service runs. See docs/OPERATIONS.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config';
import { createApp } from '../server/src/app';
import { connectDb } from '../server/src/platform/db';
import { embeddedDb } from '../server/src/platform/embedded';
import { createLogger } from '../server/src/platform/logger';
import type { DisclosureService } from '../server/src/modules/disclosure/service';

async function main() {
  const config = loadConfig();
  let key = config.piiKey;
  if (!key) {
    // Development: the key the server generated into the data folder.
    try {
      key = (
        JSON.parse(fs.readFileSync(path.join(config.embedded.dataDir, 'secrets.json'), 'utf8')) as {
          piiKey?: string;
        }
      ).piiKey;
    } catch {
      /* none */
    }
  }
  if (!key) {
    console.error('请设置 PII_ENCRYPTION_KEY（新密钥）和 PII_ENCRYPTION_KEY_PREVIOUS（旧密钥）');
    process.exit(2);
  }
  if (!config.piiKeyPrevious) console.log('未设置 PII_ENCRYPTION_KEY_PREVIOUS：只检查并补算指纹。');
  let uri = config.db.uri;
  let stop: (() => Promise<void>) | undefined;
  if (!uri) {
    const e = await embeddedDb(config, (s) => console.log(s));
    uri = e.uri;
    if (e.db) stop = () => e.db!.stop();
  }
  const conn = await connectDb({ uri, dbName: config.db.name, timeoutMs: config.db.timeoutMs });
  try {
    const built = createApp({
      config,
      conn,
      logger: createLogger('warn'),
      jwtSecret: config.auth.jwtSecret ?? 'rotation-only-no-tokens-are-issued-here',
      piiKey: Buffer.from(key, 'base64'),
      piiKeyPrevious: config.piiKeyPrevious ? Buffer.from(config.piiKeyPrevious, 'base64') : undefined,
    });
    const disclosure = built.modules.find((m) => m.name === 'disclosure') as unknown as {
      service: DisclosureService;
    };
    const r = await disclosure.service.rotatePii();
    console.log(`已检查 ${r.checked} 件申请，其中 ${r.rotated} 件的身份证件号码已换用新密钥加密。`);
    built.close();
  } catch (e) {
    console.error(`轮换失败：${(e as Error).message}（部分记录可能仍用旧密钥，修正后可重新运行）`);
    process.exitCode = 1;
  } finally {
    await conn.close();
    await stop?.();
  }
}

void main();
