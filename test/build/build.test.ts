import { execFile } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync, statSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.ts';

/**
 * `node bin/build.js --if-changed`, what `npm start` runs first, on a copy of the project: an unchanged
 * tree is not built again, and a changed source rebuilds what is made from it (the dashboard's shared
 * modules in src/ included). Whether a target was built is told by its output's modification time.
 */

let dir = '';

function build(...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['bin/build.js', ...args], { cwd: dir, timeout: 240_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${err.message}\n${stdout}\n${stderr}`)) : resolve(stdout),
    );
  });
}

const server = () => statSync(join(dir, 'dist/cartwright.js')).mtimeMs;
const admin = () => statSync(join(dir, 'dist/admin/index.html')).mtimeMs;
const edit = (file: string) => appendFileSync(join(dir, file), '\n// edited by test/build/build.test.ts\n');
const UP_TO_DATE = 'server: up to date\nadmin: up to date\n';

describe('the build before npm start', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cw-build-'));
    for (const entry of ['package.json', 'package-lock.json', 'tsconfig.json', 'bin', 'src']) cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('builds a fresh tree, then leaves it alone while nothing changes, a touched but unchanged file included', async () => {
    expect(await build('--if-changed')).toMatch(/^server: building \(never built here\)\nserver: built in .*\nadmin: building \(never built here\)\nadmin: built in .*\n$/);
    const built = { server: server(), admin: admin() };

    expect(await build('--if-changed')).toBe(UP_TO_DATE);
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(dir, 'src/cli/main.ts'), later, later);
    utimesSync(join(dir, 'src/admin/web/src/main.tsx'), later, later);
    expect(await build('--if-changed')).toBe(UP_TO_DATE);
    expect({ server: server(), admin: admin() }).toEqual(built);
  }, 300_000);

  it('rebuilds the server alone after a server source changes', async () => {
    const before = { server: server(), admin: admin() };
    edit('src/api/health.ts');
    expect(await build('--if-changed')).toMatch(/^server: building \(src\/api\/health.ts changed\)\nserver: built in .*\nadmin: up to date\n$/);
    expect(server()).not.toBe(before.server);
    expect(admin()).toBe(before.admin);
    expect(await build('--if-changed')).toBe(UP_TO_DATE);
  }, 300_000);

  it('rebuilds the dashboard alone after a dashboard source changes', async () => {
    const before = { server: server(), admin: admin() };
    edit('src/admin/web/src/main.tsx');
    expect(await build('--if-changed')).toMatch(/^server: up to date\nadmin: building \(src\/admin\/web\/src\/main.tsx changed\)\nadmin: built in .*\n$/);
    expect(server()).toBe(before.server);
    expect(admin()).not.toBe(before.admin);
  }, 300_000);

  it('rebuilds both after a module they share changes (the settings schema the dashboard imports from src/)', async () => {
    const before = { server: server(), admin: admin() };
    edit('src/settings/schema.ts');
    expect(await build('--if-changed')).toMatch(/^server: building \(src\/settings\/schema.ts changed\)\n.*\nadmin: building \(src\/settings\/schema.ts changed\)\n/);
    expect(server()).not.toBe(before.server);
    expect(admin()).not.toBe(before.admin);
  }, 300_000);

  it('rebuilds an output that is missing or that something else wrote, and always builds without --if-changed', async () => {
    writeFileSync(join(dir, 'dist/cartwright.js'), '// written by another tool\n');
    unlinkSync(join(dir, 'dist/admin/index.html'));
    const out = await build('--if-changed');
    expect(out).toMatch(/^server: building \(dist\/cartwright.js is missing or was written by another build\)\n/);
    expect(out).toMatch(/\nadmin: building \(dist\/admin\/index.html is missing or was written by another build\)\n/);
    expect(await build('--if-changed')).toBe(UP_TO_DATE);

    const before = server();
    expect(await build('server')).toMatch(/^server: built in /);
    expect(server()).not.toBe(before);
  }, 300_000);
});
