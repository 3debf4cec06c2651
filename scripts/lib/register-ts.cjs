// Lets plain Node scripts (CLI, benchmarks, start-up) require the workspace's TypeScript sources
// without a build step: swc compiles each .ts file in memory, and @duban/* resolve to library sources.
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const swc = require('@swc/core');

const root = path.resolve(__dirname, '../..');
const aliases = {
  '@duban/contracts': path.join(root, 'libs/contracts/src/index.ts'),
  '@duban/policy-parser': path.join(root, 'libs/policy-parser/src/index.ts'),
};

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  return resolveFilename.call(this, aliases[request] ?? request, parent, ...rest);
};

require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    sourceMaps: 'inline',
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    // import() stays native: ESM-only packages (pdfjs-dist) cannot be require()d.
    module: { type: 'commonjs', ignoreDynamic: true },
  });
  module._compile(code, filename);
};
