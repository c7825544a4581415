import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { createUser, type NewUser } from '../../src/customers/repository.ts';
import type { Role, User } from '../../src/customers/types.ts';
import type { Database } from '../../src/db/schema.ts';
import { createTestApp, type DatabaseKind } from './app.ts';

/**
 * Users for tests and how they sign in: every user a test makes has the password `PASSWORD` and the
 * e-mail `<login>@example.org` unless the test says otherwise, and signs in with HTTP Basic.
 */

export const PASSWORD = 'secret password';

/** When test users are created: a fixed time, so nothing depends on the clock. */
const CREATED_AT = 1_700_000_000;

/** The `Authorization` header value for HTTP Basic credentials. */
export function basicAuth(login: string, password = PASSWORD): string {
  return `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`;
}

/** `{ authorization: … }` for `login`, or no header for a guest (`null` or nothing). */
export function authHeaders(login?: string | null, password = PASSWORD): Record<string, string> {
  return login ? { authorization: basicAuth(login, password) } : {};
}

/** What a test may change about a user it makes; `at` is when it was created. */
export type UserOptions = Partial<Omit<NewUser, 'username' | 'role'>> & { at?: number };

/**
 * Makes a user with `role`, signing in as `login` (by default the role's name) with `PASSWORD`, in
 * the store of `app` (or straight into a database).
 */
export async function withUser(app: FastifyInstance | Kysely<Database>, role: Role, login: string = role, options: UserOptions = {}): Promise<User> {
  const db = 'runtime' in app ? app.runtime.database.db : app;
  const { at = CREATED_AT, ...fields } = options;
  return createUser(db, { username: login, email: `${login}@example.org`, password: PASSWORD, role, ...fields }, at);
}

/** The usual staff: `admin` (an administrator), `manager` (a shop manager) and `ada` (a customer). */
export const STAFF: readonly (readonly [login: string, role: Role])[] = [
  ['admin', 'administrator'],
  ['manager', 'shop_manager'],
  ['ada', 'customer'],
];

/** Makes each of `users` (by default the usual staff) in the store of `app`; the users by login. */
export async function withStaff(app: FastifyInstance, users: readonly (readonly [login: string, role: Role])[] = STAFF): Promise<Record<string, User>> {
  const made: Record<string, User> = {};
  for (const [login, role] of users) made[login] = await withUser(app, role, login);
  return made;
}

/** A demo store with the usual staff (`admin`, `manager`, `ada`). */
export async function storeWithStaff(kind: DatabaseKind, env: Record<string, string> = {}): Promise<FastifyInstance> {
  const app = await createTestApp(kind, { env });
  await withStaff(app);
  return app;
}
