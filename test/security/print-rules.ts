/**
 * Prints the route table's access rules in the form of access-rules.ts, to review a change:
 * `node --import tsx test/security/print-rules.ts`. Never copy it over blindly: the file is the review.
 */
import mongoose from 'mongoose';
import { loadConfig } from '../../config';
import { createApp } from '../../server/src/app';
import { createLogger } from '../../server/src/platform/logger';
import { routeKey } from './matrix';

const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
const built = createApp({
  config,
  conn: mongoose.createConnection(),
  logger: createLogger('silent'),
  jwtSecret: 'x'.repeat(32),
  piiKey: Buffer.alloc(32),
});
const lines = built.routes.map((r) => {
  const rule =
    typeof r.access === 'string' ? `'${r.access}'` : `[${r.access.map((a) => `'${a}'`).join(', ')}]`;
  return `  '${routeKey(r)}': ${rule},`;
});
console.log(lines.join('\n'));
built.close();
