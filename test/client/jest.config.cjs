// Component tests for the Taro client: React DOM in jsdom, with @tarojs/components mapped to plain
// DOM elements, @tarojs/taro to a small in-memory mock and NutUI to plain stand-ins.
// Run from the repository root: npx jest -c test/client/jest.config.cjs
const path = require('node:path');

module.exports = {
  rootDir: path.resolve(__dirname, '../..'),
  roots: ['<rootDir>/test/client'],
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/test/client/**/*.test.ts?(x)'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic' } },
          target: 'es2020',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleNameMapper: {
    '^@tarojs/taro$': '<rootDir>/test/client/mocks/taro.ts',
    '^@tarojs/components$': '<rootDir>/test/client/mocks/components.tsx',
    '^@nutui/nutui-react-taro$': '<rootDir>/test/client/mocks/nutui.tsx',
    '\\.(s?css)$': '<rootDir>/test/client/mocks/style.ts',
  },
  setupFiles: ['<rootDir>/test/client/setup.ts'],
  clearMocks: true,
};
