module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'policy-parser',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
