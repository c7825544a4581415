import { describe, expect, it } from 'vitest';
import { runCli, tempDataDir } from '../helpers/cli.ts';

describe('cartwright user', () => {
  it('creates, lists, re-passwords and deletes users, with clear errors', async () => {
    const env = { DATA_DIR: tempDataDir() };
    const admin = await runCli(['user', 'create', '--role', 'administrator', '--username', 'admin', '--email', 'admin@example.org', '--json'], env);
    expect(admin.code).toBe(0);
    const created = JSON.parse(admin.stdout);
    expect(created).toMatchObject({ username: 'admin', email: 'admin@example.org', role: 'administrator' });
    expect(created.password).toMatch(/^[A-Za-z0-9_-]{24}$/);

    const text = await runCli(['user', 'create', '--username', 'ada', '--email', 'ada@example.org', '--password', 'correct horse'], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Created customer "ada" \(id \d+\)\.$/m);
    expect(text.stdout).not.toContain('Password:');

    const duplicate = await runCli(['user', 'create', '--username', 'ada', '--email', 'other@example.org'], env);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr.trim()).toBe('cartwright: A user with the login "ada" already exists.');
    const badRole = await runCli(['user', 'create', '--username', 'x', '--email', 'x@example.org', '--role', 'king'], env);
    expect(badRole.stderr).toContain('Unknown role "king"');
    const shortPassword = await runCli(['user', 'create', '--username', 'y', '--email', 'y@example.org', '--password', 'short'], env);
    expect(shortPassword.code).toBe(1);

    const list = JSON.parse((await runCli(['user', 'list', '--json'], env)).stdout);
    expect(list.map((u: { username: string; role: string }) => [u.username, u.role])).toEqual([
      ['admin', 'administrator'],
      ['ada', 'customer'],
    ]);

    expect(list[1].is_vat_exempt).toBe(false);
    const exempt = await runCli(['user', 'vat-exempt', 'ada', 'yes', '--json'], env);
    expect(JSON.parse(exempt.stdout)).toEqual({ id: list[1].id, is_vat_exempt: true });
    expect(JSON.parse((await runCli(['user', 'list', '--json'], env)).stdout)[1].is_vat_exempt).toBe(true);
    const unclear = await runCli(['user', 'vat-exempt', 'ada', 'maybe'], env);
    expect(unclear.code).toBe(1);
    expect(unclear.stderr.trim()).toBe('cartwright: Say "yes" or "no", not "maybe".');

    const reset = await runCli(['user', 'set-password', 'ada@example.org', '--json'], env);
    expect(reset.code).toBe(0);
    expect(JSON.parse(reset.stdout).password).toMatch(/^[A-Za-z0-9_-]{24}$/);

    const gone = await runCli(['user', 'delete', 'ada', '--json'], env);
    expect(JSON.parse(gone.stdout)).toEqual({ deleted: list[1].id });
    const missing = await runCli(['user', 'delete', 'ada'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No user "ada"');
  });
});

describe('first start', () => {
  it('says how to create the first administrator, and stops saying it once there is one', async () => {
    const { spawn } = await import('node:child_process');
    const { join } = await import('node:path');
    const { ROOT, cliEnv } = await import('../helpers/cli.ts');
    const dataDir = tempDataDir();
    const startOnce = () =>
      new Promise<string>((resolve, reject) => {
        const port = 20000 + Math.floor(Math.random() * 20000);
        const child = spawn(process.execPath, [join(ROOT, 'bin/cartwright.js'), 'serve'], { cwd: ROOT, env: cliEnv({ DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'info' }) });
        let out = '';
        const timer = setTimeout(() => {
          child.kill('SIGTERM');
          reject(new Error(`server did not start: ${out}`));
        }, 60_000);
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('docs at /docs')) {
            clearTimeout(timer);
            child.kill('SIGTERM');
            resolve(out);
          }
        });
      });
    expect(await startOnce()).toContain('npx cartwright user create --role administrator');
    expect((await runCli(['user', 'create', '--role', 'administrator', '--username', 'admin', '--email', 'admin@example.org'], { DATA_DIR: dataDir })).code).toBe(0);
    expect(await startOnce()).not.toContain('user create --role administrator');
  });
});
