// Component tests: real antd in jsdom; only fetch is mocked (per test).
const path = require('node:path');
const preset = require('../../jest.preset.cjs');

const [swcJest, swcOptions] = preset.transform['^.+\\.(t|j)sx?$'];

module.exports = {
  ...preset,
  displayName: 'web',
  rootDir: __dirname,
  testEnvironment: 'jsdom',
  // Lazy pages compile to require(): jsdom tests run without vm modules.
  transform: { '^.+\\.(t|j)sx?$': [swcJest, { ...swcOptions, module: { type: 'commonjs' } }] },
  testMatch: ['<rootDir>/src/**/*.spec.ts?(x)'],
  setupFilesAfterEnv: ['<rootDir>/jest.setup.ts'],
  moduleNameMapper: {
    ...preset.moduleNameMapper,
    '\\.(css|less)$': path.join(__dirname, 'src/test/style-stub.cjs'),
  },
  // antd's colour and icon helpers ship ESM only; let swc compile those packages to CommonJS.
  transformIgnorePatterns: ['/node_modules/(?!(@ant-design|@rc-component|rc-[^/]+|antd|@babel/runtime)/)'],
  testTimeout: 40000,
};
