#!/usr/bin/env node
// Builds the server bundle (dist/cartwright.js, esbuild) and the dashboard (dist/admin, Vite).
//
//   node bin/build.js [server] [admin] [--if-changed]
//
// Without a target name, both. With --if-changed, a target is built only when something it is built
// from has changed since its last build (what `npm start` runs, so that an unchanged tree starts at
// once); without it, always (npm run build, npm install, npm test). "Built from" is what the bundler
// itself reported reading on the last build (every source file, the dashboard's shared modules in
// src/ included), plus the files that configure it; each is compared by content (SHA-1) with what the
// last build recorded in dist/.build-stamp.json, so a touched but unchanged file rebuilds nothing. A
// target whose output is missing, or was written by something else since, is built again.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Packages the server bundle leaves to be loaded from node_modules at run time; every other one is
 * bundled into dist/cartwright.js. Bundling spares resolving, reading and compiling several hundred
 * small files at each start (kysely, TypeBox, ajv and Fastify alone are about 500): the CLI starts in
 * half the time and the server holds about 12 MB less. Left out: the native addons (better-sqlite3, and sharp with its libvips); the libraries loaded
 * only when first used (src/db/drivers.ts, the Stripe gateway, the mailer, sharp, sanitize-html), which bundling would load
 * at every start again; packages that read files or start worker threads from their own directory
 * (pino's transports, swagger-ui's page and assets, @fastify/swagger's package.json); the build tools.
 * A new dependency that finds files beside its own code belongs here too (the CLI tests run the bundle).
 */
const EXTERNAL = new Set([
  'better-sqlite3',
  'sharp',
  'sanitize-html',
  'pg',
  'pg-native',
  'ioredis',
  'stripe',
  'nodemailer',
  'pino',
  '@fastify/swagger',
  '@fastify/swagger-ui',
  'esbuild',
  'vite',
]);

const packageOf = (specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

/** Marks node built-ins and the EXTERNAL packages external; bundles the rest. */
const chooseExternals = {
  name: 'cartwright-externals',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, ({ path }) => (path.startsWith('node:') || EXTERNAL.has(packageOf(path)) ? { path, external: true } : undefined));
  },
};

const STAMP = join(ROOT, 'dist', '.build-stamp.json');
const COMMON = ['package.json', 'package-lock.json', 'bin/build.js'];

const TARGETS = {
  server: {
    outputs: ['dist/cartwright.js', 'dist/cartwright.js.map'],
    config: [...COMMON, 'tsconfig.json'],
    async build() {
      const esbuild = await import('esbuild');
      const result = await esbuild.build({
        absWorkingDir: ROOT,
        entryPoints: ['src/cli/main.ts'],
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        plugins: [chooseExternals],
        // Bundled CommonJS code calls require() for node built-ins and the external packages.
        banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
        // Stack traces need only the mappings: without the sources' text the map is a third of the size,
        // and Node reads it whole at start under --enable-source-maps.
        sourcemap: true,
        sourcesContent: false,
        outfile: 'dist/cartwright.js',
        logLevel: 'warning',
        metafile: true,
      });
      return Object.keys(result.metafile.inputs);
    },
  },
  admin: {
    outputs: ['dist/admin/index.html'],
    config: [...COMMON, 'src/admin/web/vite.config.ts', 'src/admin/web/tsconfig.json'],
    async build() {
      const { build } = await import('vite');
      const read = new Set();
      await build({
        configFile: join(ROOT, 'src/admin/web/vite.config.ts'),
        plugins: [
          {
            name: 'cartwright-build-inputs',
            generateBundle() {
              for (const id of this.getModuleIds()) read.add(id.split('?')[0]);
            },
          },
        ],
      });
      return [...read];
    },
  },
};

/** A project file's path as recorded (relative, `/`-separated), or null for anything outside the project or in node_modules. */
function projectPath(file) {
  const path = relative(ROOT, isAbsolute(file) ? file : join(ROOT, file));
  if (path.startsWith('..') || isAbsolute(path) || path.split(sep).includes('node_modules')) return null;
  return path.split(sep).join('/');
}

function hashOf(path) {
  try {
    return createHash('sha1').update(readFileSync(join(ROOT, path))).digest('hex');
  } catch {
    return null;
  }
}

/** The output's size and modification time, to notice it was written by something else since. */
function outputState(path) {
  try {
    const s = statSync(join(ROOT, path));
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return null;
  }
}

function readStamp() {
  try {
    return JSON.parse(readFileSync(STAMP, 'utf8'));
  } catch {
    return {};
  }
}

/** Why `name` must be built, or null when its last build is current. */
function staleness(name, recorded) {
  const target = TARGETS[name];
  if (!recorded) return 'never built here';
  for (const out of target.outputs) if (outputState(out) !== recorded.outputs?.[out]) return `${out} is missing or was written by another build`;
  for (const file of target.config) if (!(file in recorded.inputs)) return `${file} is new`;
  for (const [file, hash] of Object.entries(recorded.inputs)) if (hashOf(file) !== hash) return `${file} changed`;
  return null;
}

async function buildTarget(name) {
  const target = TARGETS[name];
  // Sources are read before the build, so that a file edited while it runs counts as changed next time.
  const before = new Map();
  const remember = (file) => {
    const path = projectPath(file);
    if (path && !before.has(path)) before.set(path, hashOf(path));
  };
  const previous = readStamp()[name];
  for (const file of [...target.config, ...Object.keys(previous?.inputs ?? {})]) remember(file);
  const started = Date.now();
  const read = await target.build();
  // The configuration files are recorded even when absent (null), so that one appearing counts as a change.
  const inputs = {};
  for (const file of [...target.config, ...read.filter((f) => existsSync(isAbsolute(f) ? f : join(ROOT, f)))]) {
    const path = projectPath(file);
    if (path) inputs[path] = before.has(path) ? before.get(path) : hashOf(path);
  }
  const outputs = Object.fromEntries(target.outputs.map((out) => [out, outputState(out)]));
  // Another build may be writing the stamp at the same time: re-read it just before writing, and
  // replace it in one rename, so that neither build's record is half-written.
  const stamp = readStamp();
  stamp[name] = { inputs, outputs };
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  const temporary = `${STAMP}.${process.pid}`;
  writeFileSync(temporary, JSON.stringify(stamp, null, 1));
  renameSync(temporary, STAMP);
  console.log(`${name}: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const args = process.argv.slice(2);
const ifChanged = args.includes('--if-changed');
const unknown = args.filter((a) => a !== '--if-changed' && !(a in TARGETS));
if (unknown.length) {
  console.error(`build: unknown ${unknown.join(', ')}; usage: node bin/build.js [server] [admin] [--if-changed]`);
  process.exit(2);
}
const names = args.filter((a) => a in TARGETS);
try {
  for (const name of names.length ? names : Object.keys(TARGETS)) {
    if (ifChanged) {
      const why = staleness(name, readStamp()[name]);
      if (!why) {
        console.log(`${name}: up to date`);
        continue;
      }
      console.log(`${name}: building (${why})`);
    }
    await buildTarget(name);
  }
} catch (err) {
  // esbuild and Vite have printed what went wrong.
  if (!err?.errors) console.error(err);
  process.exit(1);
}
