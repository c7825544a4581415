import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The admin dashboard: built into dist/admin, served by the server at /admin (src/admin/dashboard.ts). */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/admin/',
  logLevel: 'warn',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: fileURLToPath(new URL('../../../dist/admin', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  server: { proxy: { '/wp-json': 'http://127.0.0.1:8080' } },
});
