// Shared jest settings: TypeScript through swc, run from the repository root.
const path = require('node:path');

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      target: 'es2022',
      transform: { react: { runtime: 'automatic' } },
    },
    module: { type: 'commonjs' },
  },
];

module.exports = {
  rootDir: path.resolve(__dirname, '..'),
  transform: { '^.+\\.(t|j)sx?$': swc },
  testEnvironment: 'node',
  // sanitize-html's parser (htmlparser2 and its helpers) ships as ES modules only: compile them too.
  transformIgnorePatterns: [
    '/node_modules/(?!(sanitize-html/node_modules/)?(htmlparser2|domhandler|domutils|dom-serializer|domelementtype|entities)/)',
  ],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'cjs', 'json'],
};
