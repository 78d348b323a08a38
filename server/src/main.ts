/** config -> database -> app -> listen; graceful shutdown. */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig, type Config } from '../../config';
import { createApp } from './app';
import { connectDb } from './platform/db';
import { embeddedDb } from './platform/embedded';
import { EmbeddedDbError, type EmbeddedDb } from './platform/ferretdb';
import { createLogger } from './platform/logger';
import { DEMO_PASSWORD, seedDemo } from './seed/demo';

interface DevSecrets {
  jwtSecret: string;
  piiKey: string;
}

/**
 * Outside production the secrets live in the data folder, so restarts and
 * sibling processes share them; production sets JWT_SECRET and PII_ENCRYPTION_KEY.
 */
function devSecrets(config: Config): DevSecrets {
  const file = path.join(config.embedded.dataDir, 'secrets.json');
  const read = () => JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<DevSecrets>;
  let current: Partial<DevSecrets> = {};
  try {
    current = read();
  } catch {
    fs.mkdirSync(config.embedded.dataDir, { recursive: true });
  }
  if (current.jwtSecret && current.piiKey) return current as DevSecrets;
  const next: DevSecrets = {
    jwtSecret: current.jwtSecret ?? randomBytes(32).toString('base64url'),
    piiKey: current.piiKey ?? randomBytes(32).toString('base64'),
  };
  fs.writeFileSync(file, JSON.stringify(next), { mode: 0o600 });
  return next;
}

async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const logger = createLogger(config.logLevel);
  const say = (s: string) => console.log(s);

  let embedded: EmbeddedDb | undefined;
  let uri = config.db.uri;
  if (!uri) {
    try {
      const r = await embeddedDb(config, say);
      uri = r.uri;
      embedded = r.db;
    } catch (e) {
      if (e instanceof EmbeddedDbError) {
        console.error(e.message);
        process.exit(2);
      }
      throw e;
    }
  }

  const conn = await connectDb({ uri, dbName: config.db.name, timeoutMs: config.db.timeoutMs });
  const secrets = config.auth.jwtSecret && config.piiKey ? undefined : devSecrets(config);
  const jwtSecret = config.auth.jwtSecret ?? secrets!.jwtSecret;
  const piiKey = Buffer.from(config.piiKey ?? secrets!.piiKey, 'base64');
  const piiKeyPrevious = config.piiKeyPrevious ? Buffer.from(config.piiKeyPrevious, 'base64') : undefined;
  const built = createApp({ config, conn, logger, jwtSecret, piiKey, piiKeyPrevious });
  await Promise.all(Object.values(conn.models).map((m) => m.init()));

  if (config.seedDemo) {
    try {
      if (await seedDemo(built.context, new Date())) say('已载入演示数据。');
    } catch (err) {
      // A partly loaded demo database is a development nuisance, not a reason to refuse service.
      logger.error({ err }, 'demo data not fully loaded');
      console.error('演示数据未能完整载入，服务照常启动。');
    }
  }

  const server = http.createServer(built.app.callback());
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
  const banner = [
    '',
    `接口文档： http://${shownHost}:${port}/api/docs`,
    ...(config.seedDemo
      ? [
          `演示账号（密码均为 ${DEMO_PASSWORD}）：admin 系统管理员 · organizer1 组织者 · staff1 工作人员 · reviewer1 审核人员`,
          '群众演示登录：在“我的”页面输入任意昵称。',
        ]
      : []),
    // Last, so that whoever waits for this line has the whole banner.
    `掌上政务公开专区已启动： http://${shownHost}:${port}/`,
  ];
  say(banner.join('\n'));

  const maintenance = setInterval(() => {
    built.maintenance().catch((err: unknown) => logger.warn({ err }, 'maintenance failed'));
  }, config.maintenanceIntervalMs);
  maintenance.unref();
  // Outbox: WeChat subscribe messages and scheduled reminders, once across instances.
  const outboxTimer =
    config.outboxIntervalMs > 0
      ? setInterval(() => {
          built.outbox.runDue().catch((err: unknown) => logger.warn({ err }, 'outbox run failed'));
        }, config.outboxIntervalMs)
      : undefined;
  outboxTimer?.unref();

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), config.shutdownTimeoutMs).unref();
    clearInterval(maintenance);
    if (outboxTimer) clearInterval(outboxTimer);
    const closed = new Promise((r) => server.close(r));
    server.closeIdleConnections();
    await closed;
    built.close();
    await conn.close().catch(() => undefined);
    await embedded?.stop();
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('uncaughtException', (err) => {
    logger.fatal({ err }, 'uncaught exception');
    embedded?.kill();
    process.exit(1);
  });
}

void main();
