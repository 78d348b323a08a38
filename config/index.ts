/**
 * The one place that reads process.env. Every setting has a default (or is
 * required in production), is validated by zod, and is documented in README.md.
 */
import { z } from 'zod';
import path from 'node:path';

const bool = (def: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
    .optional()
    .transform((v) => (v === undefined ? def : ['true', '1', 'yes', 'on'].includes(v)));

const list = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.string().url().optional(),
  TRUST_PROXY: bool(false),

  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'MONGODB_URI 必须以 mongodb:// 或 mongodb+srv:// 开头')
    .optional(),
  DB_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,48}$/)
    .default('zwgk'),
  DB_TIMEOUT_MS: z.coerce.number().int().min(200).max(60000).default(3000),
  DATA_DIR: z.string().default('data'),
  FERRETDB_POSTGRESQL_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'FERRETDB_POSTGRESQL_URL 必须以 postgres:// 开头')
    .optional(),
  FERRETDB_BIN: z.string().optional(),
  FERRETDB_CACHE_DIR: z.string().optional(),

  JWT_SECRET: z.string().min(32, 'JWT_SECRET 至少32个字符').optional(),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86400).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  PII_ENCRYPTION_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, 'PII_ENCRYPTION_KEY 必须是32字节密钥的 base64 编码')
    .optional(),

  WECHAT_APPID: z.string().default('wx0000000000000000'),
  WECHAT_SECRET: z.string().default('dev-secret'),
  WECHAT_API_BASE: z.string().url().default('https://api.weixin.qq.com'),
  WECHAT_TIMEOUT_MS: z.coerce.number().int().min(100).max(30000).default(5000),
  WECHAT_TEMPLATE_BOOKING: z.string().max(64).default('dev-tmpl-booking'),
  WECHAT_TEMPLATE_SESSION: z.string().max(64).default('dev-tmpl-session'),
  WECHAT_TEMPLATE_DISCLOSURE: z.string().max(64).default('dev-tmpl-disclosure'),
  WECHAT_TEMPLATE_CONSULTATION: z.string().max(64).default('dev-tmpl-consultation'),
  WECHAT_MINIPROGRAM_STATE: z.enum(['formal', 'trial', 'developer']).default('formal'),
  OUTBOX_INTERVAL_MS: z.coerce.number().int().min(0).max(3600000).default(5000),
  OUTBOX_BACKOFF_SECONDS: z
    .string()
    .regex(/^\d{1,6}(,\d{1,6}){0,9}$/, 'OUTBOX_BACKOFF_SECONDS 是逗号分隔的秒数，如 30,120,600')
    .default('30,120,600,3600,21600'),
  MAINTENANCE_INTERVAL_MS: z.coerce.number().int().min(1000).max(86400000).default(600000),
  PII_ENCRYPTION_KEY_PREVIOUS: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, 'PII_ENCRYPTION_KEY_PREVIOUS 必须是32字节密钥的 base64 编码')
    .optional(),
  FILES_DIR: z.string().optional(),
  UPLOAD_URL_TTL_SECONDS: z.coerce.number().int().min(60).max(86400).default(3600),

  DEV_LOGIN_ENABLED: bool(true),
  SEED_DEMO: bool(true),
  CORS_ORIGINS: list,
  RATE_LIMIT_ENABLED: bool(true),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  AUTH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  BODY_LIMIT_KB: z.coerce.number().int().min(1).max(10240).default(1024),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  H5_DIR: z.string().default('client/dist/h5'),
  PUBLIC_PHONE: z.string().max(40).default('0791-12345'),
  APP_NAME: z.string().max(40).default('掌上政务公开专区'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120000).default(10000),
});

export type Env = z.input<typeof EnvSchema>;

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env, root = process.cwd()) {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`配置有误 (invalid configuration): ${lines.join('; ')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production) {
    const missing = (['JWT_SECRET', 'PII_ENCRYPTION_KEY', 'MONGODB_URI'] as const).filter((k) => !e[k]);
    if (missing.length) {
      throw new ConfigError(`生产环境必须设置 (required in production): ${missing.join(', ')}`);
    }
  }
  const dataDir = path.resolve(root, e.DATA_DIR);
  return {
    env: e.NODE_ENV,
    production,
    root,
    host: e.HOST,
    port: e.PORT,
    publicUrl: e.PUBLIC_URL,
    trustProxy: e.TRUST_PROXY,
    db: {
      uri: e.MONGODB_URI,
      name: e.DB_NAME,
      timeoutMs: e.DB_TIMEOUT_MS,
    },
    embedded: {
      dataDir,
      dbDir: path.join(dataDir, 'db'),
      postgresqlUrl: e.FERRETDB_POSTGRESQL_URL,
      bin: e.FERRETDB_BIN,
      cacheDir: e.FERRETDB_CACHE_DIR,
    },
    auth: {
      /** Set in production; otherwise the launcher supplies a per-data-folder secret. */
      jwtSecret: e.JWT_SECRET,
      accessTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
      refreshTtlDays: e.REFRESH_TOKEN_TTL_DAYS,
      devLoginEnabled: e.DEV_LOGIN_ENABLED && !production,
      loginMaxFailures: e.LOGIN_MAX_FAILURES,
      loginLockMinutes: e.LOGIN_LOCK_MINUTES,
    },
    piiKey: e.PII_ENCRYPTION_KEY,
    piiKeyPrevious: e.PII_ENCRYPTION_KEY_PREVIOUS,
    wechat: {
      appid: e.WECHAT_APPID,
      secret: e.WECHAT_SECRET,
      apiBase: e.WECHAT_API_BASE.replace(/\/+$/, ''),
      timeoutMs: e.WECHAT_TIMEOUT_MS,
      /** Subscribe-message template ids per group of notices (empty string = not pushed). */
      templates: {
        booking: e.WECHAT_TEMPLATE_BOOKING,
        session: e.WECHAT_TEMPLATE_SESSION,
        disclosure: e.WECHAT_TEMPLATE_DISCLOSURE,
        consultation: e.WECHAT_TEMPLATE_CONSULTATION,
      },
      miniprogramState: e.WECHAT_MINIPROGRAM_STATE,
    },
    outboxIntervalMs: e.OUTBOX_INTERVAL_MS,
    /** Waits after failed attempts 1, 2, …; the job fails for good after the last. */
    outboxBackoffSeconds: e.OUTBOX_BACKOFF_SECONDS.split(',').map(Number),
    maintenanceIntervalMs: e.MAINTENANCE_INTERVAL_MS,
    files: {
      dir: path.resolve(root, e.FILES_DIR ?? path.join(e.DATA_DIR, 'files')),
      urlTtlSeconds: e.UPLOAD_URL_TTL_SECONDS,
    },
    seedDemo: e.SEED_DEMO && !production,
    corsOrigins: e.CORS_ORIGINS,
    rateLimit: {
      enabled: e.RATE_LIMIT_ENABLED,
      perMinute: e.RATE_LIMIT_PER_MINUTE,
      authPerMinute: e.AUTH_RATE_LIMIT_PER_MINUTE,
    },
    bodyLimitKb: e.BODY_LIMIT_KB,
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'silent' : 'info'),
    h5Dir: path.resolve(root, e.H5_DIR),
    publicPhone: e.PUBLIC_PHONE,
    appName: e.APP_NAME,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
  };
}

export type Config = ReturnType<typeof loadConfig>;
