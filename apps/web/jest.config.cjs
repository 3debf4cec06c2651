// Component tests: real antd in jsdom; only fetch is mocked (per test).
const path = require('node:path');
const preset = require('../../jest.preset.cjs');

module.exports = {
  ...preset,
  displayName: 'web',
  rootDir: __dirname,
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/src/**/*.spec.ts?(x)'],
  setupFilesAfterEnv: ['<rootDir>/jest.setup.ts'],
  moduleNameMapper: {
    ...preset.moduleNameMapper,
    '\\.(css|less)$': path.join(__dirname, 'src/test/style-stub.cjs'),
  },
  testTimeout: 20000,
};
