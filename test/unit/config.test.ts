import { loadConfig, ConfigError } from '../../config';

describe('config', () => {
  test('defaults for development', () => {
    const c = loadConfig({}, '/srv/zwgk');
    expect(c.port).toBe(3000);
    expect(c.host).toBe('127.0.0.1');
    expect(c.production).toBe(false);
    expect(c.auth.devLoginEnabled).toBe(true);
    expect(c.seedDemo).toBe(true);
    expect(c.rateLimit.enabled).toBe(true);
    expect(c.embedded.dbDir).toBe('/srv/zwgk/data/db');
    expect(c.h5Dir).toBe('/srv/zwgk/client/dist/h5');
    expect(c.wechat.apiBase).toBe('https://api.weixin.qq.com');
  });

  test('production needs secrets and MONGODB_URI, and never enables dev login or demo data', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      new ConfigError(
        '生产环境必须设置 (required in production): JWT_SECRET, PII_ENCRYPTION_KEY, MONGODB_URI',
      ),
    );
    const c = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(32),
      PII_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
      MONGODB_URI: 'mongodb://db1,db2,db3/zwgk?replicaSet=rs0',
      DEV_LOGIN_ENABLED: 'true',
      SEED_DEMO: 'true',
    });
    expect(c.auth.devLoginEnabled).toBe(false);
    expect(c.seedDemo).toBe(false);
  });

  test('bad values are refused with the setting named', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadConfig({ RATE_LIMIT_ENABLED: 'maybe' })).toThrow(/RATE_LIMIT_ENABLED/);
    expect(() => loadConfig({ MONGODB_URI: 'http://x' })).toThrow(/MONGODB_URI 必须以 mongodb:\/\//);
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET 至少32个字符/);
  });

  test('booleans and lists parse', () => {
    const c = loadConfig({
      RATE_LIMIT_ENABLED: 'false',
      CORS_ORIGINS: 'https://a.gov.cn, https://b.gov.cn,',
    });
    expect(c.rateLimit.enabled).toBe(false);
    expect(c.corsOrigins).toEqual(['https://a.gov.cn', 'https://b.gov.cn']);
  });
});
