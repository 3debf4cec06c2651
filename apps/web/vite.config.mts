import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
const workspace = fileURLToPath(new URL('../..', import.meta.url));

export default defineConfig({
  root: here,
  plugins: [react()],
  resolve: {
    alias: { '@duban/contracts': `${workspace}libs/contracts/src/index.ts` },
  },
  build: {
    outDir: `${workspace}dist/web`,
    emptyOutDir: true,
    // antd alone is ~1 MB minified; pages are lazy chunks, so only warn on real outliers.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
