const base = require('../jest.base.cjs');

module.exports = { ...base, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] };
