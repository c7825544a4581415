import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import { loadConfig } from '../config.ts';
import { generatePassword } from '../customers/password.ts';
import { findByLogin, findUser, listUsers } from '../customers/repository.ts';
import { ROLES, type Role, type User } from '../customers/types.ts';
import { UserAccounts } from '../customers/users.ts';
import type { DatabaseHandle } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';
import { storeChanges, withDatabase } from './database.ts';

/**
 * `cartwright user …`: manage customers and staff from the command line. A customer made, changed or
 * deleted here is announced to the store's webhooks as one changed through the API would be.
 */

function accounts(handle: DatabaseHandle): UserAccounts {
  return new UserAccounts({ handle, changes: storeChanges(handle), now: () => Math.floor(Date.now() / 1000) });
}

async function resolveUser(db: Kysely<Database>, who: string): Promise<User> {
  const user = /^\d+$/.test(who) ? await findUser(db, Number(who)) : ((await findByLogin(db, who))?.user ?? null);
  if (!user) throw new Error(`No user "${who}" (give an id, username, e-mail address or billing phone).`);
  return user;
}

const summary = (u: User) => ({ id: u.id, username: u.username, email: u.email, role: u.role, first_name: u.firstName, last_name: u.lastName, is_vat_exempt: u.isVatExempt });

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('manage users: customers, shop managers and administrators');

  user
    .command('create')
    .description('create a user; without --password a strong one is generated and printed once')
    .requiredOption('--username <username>', 'login name')
    .requiredOption('--email <email>', 'e-mail address (also a login)')
    .option('--role <role>', `one of ${ROLES.join(', ')}`, 'customer')
    .option('--password <password>', 'password (at least 8 characters)')
    .option('--first-name <name>', 'first name')
    .option('--last-name <name>', 'last name')
    .option('--phone <phone>', 'billing phone number (also a login)')
    .option('--json', 'machine-readable output')
    .action(async (opts: { username: string; email: string; role: string; password?: string; firstName?: string; lastName?: string; phone?: string; json?: boolean }) => {
      if (!ROLES.includes(opts.role as Role)) throw new Error(`Unknown role "${opts.role}": use ${ROLES.join(', ')}.`);
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(opts.email)) throw new Error(`"${opts.email}" is not a valid e-mail address.`);
      if (!/^[A-Za-z0-9._@-]{1,60}$/.test(opts.username)) throw new Error('The username may use letters, digits and . _ @ - (at most 60).');
      if (opts.password !== undefined && opts.password.length < 8) throw new Error('The password must have at least 8 characters.');
      const password = opts.password ?? generatePassword();
      const created = await withDatabase(loadConfig(), async (handle) => {
        for (const login of [opts.username, opts.email]) if (await findByLogin(handle.db, login)) throw new Error(`A user with the login "${login}" already exists.`);
        return accounts(handle).create({ username: opts.username, email: opts.email, password, role: opts.role as Role, firstName: opts.firstName, lastName: opts.lastName, phone: opts.phone });
      });
      const generated = opts.password === undefined;
      if (opts.json) console.log(JSON.stringify({ ...summary(created), ...(generated ? { password } : {}) }));
      else {
        console.log(`Created ${created.role} "${created.username}" (id ${created.id}).`);
        if (generated) console.log(`Password: ${password}\n(shown once; change it with: cartwright user set-password ${created.username})`);
      }
    });

  user
    .command('list')
    .description('list users')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const users = await withDatabase(loadConfig(), ({ db }) => listUsers(db));
      if (opts.json) return console.log(JSON.stringify(users.map(summary)));
      if (!users.length) return console.log('No users yet.');
      console.table(users.map(summary));
    });

  user
    .command('set-password')
    .description('set a new password (signs the user out everywhere); without --password one is generated')
    .argument('<user>', 'id, username, e-mail address or billing phone')
    .option('--password <password>', 'the new password (at least 8 characters)')
    .option('--json', 'machine-readable output')
    .action(async (who: string, opts: { password?: string; json?: boolean }) => {
      if (opts.password !== undefined && opts.password.length < 8) throw new Error('The password must have at least 8 characters.');
      const password = opts.password ?? generatePassword();
      const target = await withDatabase(loadConfig(), async (handle) => {
        const u = await resolveUser(handle.db, who);
        await accounts(handle).setPassword(u.id, password);
        return u;
      });
      if (opts.json) console.log(JSON.stringify({ id: target.id, ...(opts.password === undefined ? { password } : {}) }));
      else console.log(`Password of "${target.username}" changed.${opts.password === undefined ? `\nPassword: ${password}` : ''}`);
    });

  user
    .command('vat-exempt')
    .description('say whether a customer pays tax: an exempt customer\'s carts and orders carry none (WooCommerce\'s is_vat_exempt)')
    .argument('<user>', 'id, username, e-mail address or billing phone')
    .argument('<exempt>', 'yes or no')
    .option('--json', 'machine-readable output')
    .action(async (who: string, exempt: string, opts: { json?: boolean }) => {
      if (exempt !== 'yes' && exempt !== 'no') throw new Error(`Say "yes" or "no", not "${exempt}".`);
      const target = await withDatabase(loadConfig(), async (handle) => {
        const u = await resolveUser(handle.db, who);
        await accounts(handle).setVatExempt(u.id, exempt === 'yes');
        return u;
      });
      if (opts.json) console.log(JSON.stringify({ id: target.id, is_vat_exempt: exempt === 'yes' }));
      else console.log(`"${target.username}" ${exempt === 'yes' ? 'is now exempt from VAT' : 'now pays VAT'}.`);
    });

  user
    .command('delete')
    .description('delete a user')
    .argument('<user>', 'id, username, e-mail address or billing phone')
    .option('--json', 'machine-readable output')
    .action(async (who: string, opts: { json?: boolean }) => {
      const target = await withDatabase(loadConfig(), async (handle) => {
        const u = await resolveUser(handle.db, who);
        await accounts(handle).delete(u.id);
        return u;
      });
      if (opts.json) console.log(JSON.stringify({ deleted: target.id }));
      else console.log(`Deleted "${target.username}" (id ${target.id}).`);
    });
}
