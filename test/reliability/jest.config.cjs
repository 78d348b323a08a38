const base = require('../jest.base.cjs');

// Reliability suite: real server processes on one embedded FerretDB, killed, starved of their
// database and of WeChat. Files run one at a time (they stop the shared database on purpose).
module.exports = {
  ...base,
  displayName: 'reliability',
  testMatch: ['<rootDir>/test/reliability/**/*.test.ts'],
  globalSetup: '<rootDir>/test/support/db-global-setup.ts',
  globalTeardown: '<rootDir>/test/support/db-global-teardown.ts',
  maxWorkers: 1,
  testTimeout: 300000,
};
