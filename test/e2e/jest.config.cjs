const base = require('../jest.base.cjs');

// Real Chromium against the H5 build served by the real server (server/dist/main.js).
module.exports = {
  ...base,
  displayName: 'e2e',
  testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts'],
  globalSetup: '<rootDir>/test/support/e2e-global-setup.ts',
  globalTeardown: '<rootDir>/test/support/e2e-global-teardown.ts',
  testTimeout: 60000,
};
