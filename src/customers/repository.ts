import { sql, type Kysely, type Selectable, type SqlBool } from 'kysely';
import { emptyCustomer, type BillingField, type ShippingField } from '../cart/types.ts';
import type { Database, UsersTable } from '../db/schema.ts';
import { hashPassword } from './password.ts';
import type { Role, User } from './types.ts';

/** Reads and writes the users table. */

function json<T>(text: string, fallback: T): T {
  try {
    return { ...fallback, ...(JSON.parse(text) as T) };
  } catch {
    return fallback;
  }
}

export function userFromRow(r: Selectable<UsersTable>): User {
  const blank = emptyCustomer();
  return {
    id: r.id,
    username: r.username,
    email: r.email,
    firstName: r.first_name,
    lastName: r.last_name,
    displayName: r.display_name || r.username,
    role: r.role as Role,
    billing: json(r.billing, blank.billing),
    shipping: json(r.shipping, blank.shipping),
    createdAt: r.created_at,
    modifiedAt: r.modified_at ?? r.created_at,
    isVatExempt: !!r.is_vat_exempt,
    tokenVersion: r.token_version,
  };
}

export interface NewUser {
  username: string;
  email: string;
  password: string;
  role: Role;
  firstName?: string;
  lastName?: string;
  phone?: string;
}

export async function createUser(db: Kysely<Database>, input: NewUser, now: number): Promise<User> {
  const blank = emptyCustomer();
  return insertUser(
    db,
    {
      username: input.username,
      email: input.email,
      passwordHash: await hashPassword(input.password),
      role: input.role,
      firstName: input.firstName ?? '',
      lastName: input.lastName ?? '',
      displayName: input.username,
      billing: { ...blank.billing, first_name: input.firstName ?? '', last_name: input.lastName ?? '', email: input.email, phone: input.phone ?? '' },
      shipping: blank.shipping,
    },
    now,
  );
}

/** A user as it is stored: the password already hashed, the addresses whole. */
export interface UserRecord {
  username: string;
  email: string;
  passwordHash: string;
  role: Role;
  firstName: string;
  lastName: string;
  displayName: string;
  billing: Record<BillingField, string>;
  shipping: Record<ShippingField, string>;
}

export async function insertUser(db: Kysely<Database>, record: UserRecord, now: number): Promise<User> {
  const row = await db
    .insertInto('users')
    .values({
      username: record.username,
      email: record.email.toLowerCase(),
      password_hash: record.passwordHash,
      first_name: record.firstName,
      last_name: record.lastName,
      display_name: record.displayName,
      role: record.role,
      billing_phone: record.billing.phone,
      billing: JSON.stringify(record.billing),
      shipping: JSON.stringify(record.shipping),
      token_version: 1,
      created_at: now,
      modified_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return userFromRow(row);
}

/**
 * Whether an account already has this e-mail address, this username (in any case: a login must name one
 * account) or this billing phone number (a login too). Empty values are not looked for.
 */
export async function accountExists(db: Kysely<Database>, who: { email: string; username?: string; phone?: string }): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where((eb) =>
      eb.or([
        eb('email', '=', who.email.toLowerCase()),
        ...(who.username ? [eb(eb.fn('lower', ['username']), '=', who.username.toLowerCase())] : []),
        ...(who.phone ? [eb('billing_phone', '=', who.phone)] : []),
      ]),
    )
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function usernameExists(db: Kysely<Database>, username: string): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase())).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Looks like a phone number: digits, spaces and `# - + / ( ) . _` only (CoCart's rule for phone logins). */
export function looksLikePhone(login: string): boolean {
  return /^[\d\s#\-+/().]+$/.test(login) && /\d/.test(login);
}

/**
 * The user a login names: a billing phone number, an e-mail address or a username, in that order
 * (docs/wire-contract.md#authentication). Returns the stored password hash too, for verification.
 */
export async function findByLogin(db: Kysely<Database>, login: string): Promise<{ user: User; passwordHash: string } | null> {
  const value = login.trim();
  if (!value) return null;
  let q = db.selectFrom('users').selectAll();
  if (looksLikePhone(value)) q = q.where('billing_phone', '=', value);
  else if (value.includes('@')) q = q.where('email', '=', value.toLowerCase());
  else q = q.where('username', '=', value);
  const row = await q.orderBy('id').executeTakeFirst();
  return row ? { user: userFromRow(row), passwordHash: row.password_hash } : null;
}

export async function findUser(db: Kysely<Database>, id: number): Promise<User | null> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? userFromRow(row) : null;
}

export async function listUsers(db: Kysely<Database>): Promise<User[]> {
  return (await db.selectFrom('users').selectAll().orderBy('id').execute()).map(userFromRow);
}

export async function countAdministrators(db: Kysely<Database>): Promise<number> {
  const r = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('role', '=', 'administrator').executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The e-mail address of the first administrator made (WordPress's admin e-mail is the installer's); null if none. */
export async function firstAdministratorEmail(db: Kysely<Database>): Promise<string | null> {
  const r = await db.selectFrom('users').select('email').where('role', '=', 'administrator').where('email', '<>', '').orderBy('id').limit(1).executeTakeFirst();
  return r?.email ?? null;
}

/** Sets a new password and revokes every token issued before; `now` is when the user was saved. */
export async function setPassword(db: Kysely<Database>, id: number, password: string, now: number): Promise<boolean> {
  const hash = await hashPassword(password);
  const r = await db
    .updateTable('users')
    .set((eb) => ({ password_hash: hash, token_version: eb('token_version', '+', 1), modified_at: now }))
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Marks the customer exempt from VAT or not; `now` is when the user was saved. */
export async function setVatExempt(db: Kysely<Database>, id: number, exempt: boolean, now: number): Promise<boolean> {
  const r = await db.updateTable('users').set({ is_vat_exempt: exempt ? 1 : 0, modified_at: now }).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function deleteUser(db: Kysely<Database>, id: number): Promise<boolean> {
  const r = await db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** What a change to a user may set; what is left out stays as it is. */
export interface UserChanges {
  email?: string;
  firstName?: string;
  lastName?: string;
  displayName?: string;
  role?: Role;
  billing?: Record<BillingField, string>;
  shipping?: Record<ShippingField, string>;
}

/** Saves `changes` to the user; false if there is no such user. */
export async function updateUser(db: Kysely<Database>, id: number, changes: UserChanges, now: number): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({
      ...(changes.email !== undefined ? { email: changes.email.toLowerCase() } : {}),
      ...(changes.firstName !== undefined ? { first_name: changes.firstName } : {}),
      ...(changes.lastName !== undefined ? { last_name: changes.lastName } : {}),
      ...(changes.displayName !== undefined ? { display_name: changes.displayName } : {}),
      ...(changes.role !== undefined ? { role: changes.role } : {}),
      ...(changes.billing !== undefined ? { billing: JSON.stringify(changes.billing), billing_phone: changes.billing.phone } : {}),
      ...(changes.shipping !== undefined ? { shipping: JSON.stringify(changes.shipping) } : {}),
      modified_at: now,
    })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** The id of the account, other than `except`, that logs in with this e-mail address, username or billing phone; null if none. */
export async function accountWith(db: Kysely<Database>, field: 'email' | 'username' | 'phone', value: string, except = 0): Promise<number | null> {
  const column = field === 'phone' ? 'billing_phone' : field;
  const row = await db
    .selectFrom('users')
    .select('id')
    .where((eb) => (field === 'phone' ? eb(column, '=', value) : eb(eb.fn('lower', [column]), '=', value.toLowerCase())))
    .where('id', '<>', except)
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

export interface UserQuery {
  offset: number;
  limit: number;
  /** Part of a username, e-mail address, name or billing phone, in any case. */
  search?: string;
  /** This e-mail address exactly (in any case). */
  email?: string;
  role?: Role;
  include?: readonly number[];
  exclude?: readonly number[];
  orderBy: 'id' | 'name' | 'registered';
  order: 'asc' | 'desc';
}

const USER_ORDER = { id: 'id', name: 'display_name', registered: 'created_at' } as const;

/** One page of the users a query finds, and how many it finds in all. */
export async function queryUsers(db: Kysely<Database>, query: UserQuery): Promise<{ total: number; users: User[] }> {
  let q = db.selectFrom('users');
  if (query.role) q = q.where('role', '=', query.role);
  if (query.email !== undefined) q = q.where('email', '=', query.email.trim().toLowerCase());
  if (query.include?.length) q = q.where('id', 'in', [...query.include]);
  if (query.exclude?.length) q = q.where('id', 'not in', [...query.exclude]);
  const search = query.search?.trim().toLowerCase();
  if (search) {
    const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const like = (column: string) => sql<SqlBool>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
    q = q.where((eb) => eb.or(['username', 'email', 'display_name', 'first_name', 'last_name', 'billing_phone'].map(like)));
  }
  const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await q.selectAll().orderBy(USER_ORDER[query.orderBy], query.order).orderBy('id', query.order).limit(query.limit).offset(query.offset).execute();
  return { total, users: rows.map(userFromRow) };
}
