const base = require('../jest.base.cjs');

// Every API test file gets its own database on one embedded FerretDB started for the run.
module.exports = {
  ...base,
  displayName: 'api',
  testMatch: ['<rootDir>/test/api/**/*.test.ts'],
  globalSetup: '<rootDir>/test/support/db-global-setup.ts',
  globalTeardown: '<rootDir>/test/support/db-global-teardown.ts',
  // FerretDB on SQLite scans whole collections; on 2 shared cores a busy test can take a while.
  testTimeout: 120000,
};
