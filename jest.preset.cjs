// Shared Jest settings: swc compiles TypeScript (with decorator metadata for NestJS) and the
// workspace path aliases point at library sources, as in tsconfig.base.json.
const path = require('node:path');

const root = __dirname;

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', tsx: true, decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, react: { runtime: 'automatic' } },
          target: 'es2022',
        },
        // import() stays native so ESM-only packages (pdfjs-dist) load; needs --experimental-vm-modules.
        module: { type: 'commonjs', ignoreDynamic: true },
      },
    ],
  },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'cjs', 'json'],
  moduleNameMapper: {
    '^@duban/contracts$': path.join(root, 'libs/contracts/src/index.ts'),
    '^@duban/policy-parser$': path.join(root, 'libs/policy-parser/src/index.ts'),
  },
};
