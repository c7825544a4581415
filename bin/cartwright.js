#!/usr/bin/env node
// The `cartwright` command: the bundle that `npm install` (prepare), `npm start` and `npm test` build.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/cartwright.js', import.meta.url));
if (!existsSync(bundle)) {
  console.error('cartwright: dist/cartwright.js is missing; run `npm run build` (npm install does it).');
  process.exit(1);
}
process.setSourceMapsEnabled(true);
await import(bundle);
