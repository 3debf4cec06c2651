// Browser journeys: the real api (own database, own Redis prefix) serving the built web app, driven in Debian's Chromium.
const preset = require('../../jest.preset.cjs');

module.exports = {
  ...preset,
  displayName: 'web-e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/../api/test/support/global-setup.cjs',
  globalTeardown: '<rootDir>/../api/test/support/global-teardown.cjs',
  testTimeout: 120000,
  // Two journeys at once: each has its own database, Redis prefix, port and browser, and a journey mostly
  // waits (network idle, page loads); on two cores the eight files took 159 s one at a time, 84 s two at a time.
  maxWorkers: 2,
};
