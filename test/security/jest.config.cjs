const base = require('../jest.base.cjs');

// Security suite: authorization matrix from the route table, hostile input from the OpenAPI
// document, personal-data checks. Real HTTP against a fresh embedded FerretDB, like the API tests.
module.exports = {
  ...base,
  displayName: 'security',
  testMatch: ['<rootDir>/test/security/**/*.test.ts'],
  globalSetup: '<rootDir>/test/support/db-global-setup.ts',
  globalTeardown: '<rootDir>/test/support/db-global-teardown.ts',
  testTimeout: 300000,
};
