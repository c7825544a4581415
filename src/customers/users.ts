import type { Kysely } from 'kysely';
import { emptyCustomer } from '../cart/types.ts';
import { inWriteTransaction, type DatabaseHandle } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';
import { CocartError } from '../errors.ts';
import type { ChangeFeed } from '../events/changes.ts';
import { moveOrders } from './account.ts';
import { checkedEmail, checkedPassword, cleanText, emailTaken, mergedAddress, phoneTaken, usernameTaken } from './customer-input.ts';
import { generatePassword, hashPassword } from './password.ts';
import { isUniqueViolation, isValidUsername, sanitizeUsername, takeRegistrationTurn, uniqueUsername, usernameFrom } from './registration.ts';
import { accountWith, createUser, deleteUser, findUser, insertUser, setPassword, setVatExempt, updateUser, type NewUser, type UserChanges } from './repository.ts';
import { checkDelete, checkEdit } from './staff-rules.ts';
import type { Role, User } from './types.ts';

/**
 * Users made, changed and deleted by the store's staff (the CLI's `user` commands, `wc/v3/customers`
 * and the dashboard's Customers screen), each in one write
 * transaction that tells the change feed what happened to a customer, as WooCommerce's `customer.*`
 * webhooks see it (`user_register`, `profile_update` on any save of the user, `delete_user`).
 */

/** Tells the change feed about `user`, if a customer: WooCommerce's customer webhooks speak of no other role. */
export async function announceCustomer(changes: ChangeFeed, trx: Kysely<Database>, user: Pick<User, 'id' | 'role'>, event: 'created' | 'updated' | 'deleted'): Promise<void> {
  if (user.role === 'customer') await changes.record(trx, { resource: 'customer', event, id: user.id });
}

/** A customer a member of staff adds: an e-mail address at least; the username and password are made when not given. */
export interface NewCustomer {
  email: string;
  username?: string;
  password?: string;
  firstName?: string;
  lastName?: string;
  billing?: Partial<Record<string, string>>;
  shipping?: Partial<Record<string, string>>;
}

/** What a member of staff changes about a user; what is left out stays. */
export interface CustomerChanges extends Partial<NewCustomer> {
  role?: Role;
}

/** WordPress's "Invalid user ID." for an id no user has. */
export function unknownUser(): CocartError {
  return new CocartError('wc_user_invalid_id', 'not_found', 'Invalid user ID.');
}

/** WooCommerce's refusal of an e-mail address another account has, on an update. */
function emailInUse(): CocartError {
  return new CocartError('woocommerce_rest_customer_invalid_email', 'invalid', 'Email address is invalid.');
}

/** What a unique-index failure names (PostgreSQL's constraint, SQLite's column), to tell which value was taken. */
function violation(err: unknown): string {
  const e = err as { constraint?: unknown; message?: unknown };
  return `${String(e.constraint ?? '')} ${String(e.message ?? '')}`;
}

export interface UserAccountsDeps {
  handle: DatabaseHandle;
  changes: ChangeFeed;
  now(): number;
}

export class UserAccounts {
  constructor(private readonly deps: UserAccountsDeps) {}

  create(input: NewUser): Promise<User> {
    return this.write(async (trx) => {
      const user = await createUser(trx, input, this.deps.now());
      await announceCustomer(this.deps.changes, trx, user, 'created');
      return user;
    });
  }

  /** Sets a new password (signing the user out everywhere); false if there is no such user. */
  setPassword(id: number, password: string): Promise<boolean> {
    return this.write(async (trx) => {
      const user = await findUser(trx, id);
      if (!user || !(await setPassword(trx, id, password, this.deps.now()))) return false;
      await announceCustomer(this.deps.changes, trx, user, 'updated');
      return true;
    });
  }

  /** Marks the user exempt from VAT (WooCommerce's is_vat_exempt) or not; false if there is no such user. */
  setVatExempt(id: number, exempt: boolean): Promise<boolean> {
    return this.write(async (trx) => {
      const user = await findUser(trx, id);
      if (!user || !(await setVatExempt(trx, id, exempt, this.deps.now()))) return false;
      await announceCustomer(this.deps.changes, trx, user, 'updated');
      return true;
    });
  }

  /** Deletes the user; false if there is no such user. */
  delete(id: number): Promise<boolean> {
    return this.write(async (trx) => {
      const user = await findUser(trx, id);
      if (!user || !(await deleteUser(trx, id))) return false;
      await announceCustomer(this.deps.changes, trx, user, 'deleted');
      return true;
    });
  }

  /**
   * Adds a customer as WooCommerce's customers API does: the e-mail address must be free; a username,
   * when not given, is made from the names or the e-mail address; a password, when not given, is
   * generated and handed back (once: only its hash is kept).
   */
  async add(input: NewCustomer): Promise<{ user: User; generatedPassword: string | null }> {
    const email = checkedEmail('email', input.email);
    const requested = input.username === undefined ? '' : sanitizeUsername(input.username);
    if (input.username !== undefined && input.username.trim() !== '' && !isValidUsername(requested)) {
      throw new CocartError('registration-error-invalid-username', 'invalid', 'Please provide a valid account username.');
    }
    const generatedPassword = input.password ? null : generatePassword();
    const passwordHash = await hashPassword(input.password ? checkedPassword(input.password) : (generatedPassword as string));
    const firstName = cleanText(input.firstName ?? '');
    const lastName = cleanText(input.lastName ?? '');
    const blank = emptyCustomer();
    const billing = mergedAddress('billing', { ...blank.billing, first_name: firstName, last_name: lastName, email }, input.billing);
    const shipping = mergedAddress('shipping', blank.shipping, input.shipping);
    const user = await this.write(async (trx) => {
      await takeRegistrationTurn(this.deps.handle, trx);
      if ((await accountWith(trx, 'email', email)) !== null) throw emailTaken(email);
      if (requested && (await accountWith(trx, 'username', requested)) !== null) throw usernameTaken();
      if (billing.phone && (await accountWith(trx, 'phone', billing.phone)) !== null) throw phoneTaken();
      const username = requested || (await uniqueUsername(trx, usernameFrom(email, firstName, lastName)));
      const displayName = [firstName, lastName].filter(Boolean).join(' ') || username;
      const made = await insertUser(trx, { username, email, passwordHash, role: 'customer', firstName, lastName, displayName, billing, shipping }, this.deps.now());
      await announceCustomer(this.deps.changes, trx, made, 'created');
      return made;
    }).catch((err: unknown) => {
      // Another writer took the e-mail address or username between our look-up and the insert.
      if (isUniqueViolation(err)) throw /username/i.test(violation(err)) ? usernameTaken() : emailTaken(email);
      throw err;
    });
    return { user, generatedPassword };
  }

  /** Changes a user as `actor` may (src/customers/staff-rules.ts); the user as saved. */
  change(actor: User, id: number, input: CustomerChanges): Promise<User> {
    return this.write(async (trx) => {
      await takeRegistrationTurn(this.deps.handle, trx);
      const target = await findUser(trx, id);
      if (!target) throw unknownUser();
      checkEdit(actor, target, input);
      if (input.username !== undefined && input.username !== '' && input.username !== target.username) {
        throw new CocartError('woocommerce_rest_customer_invalid_argument', 'invalid', "Username isn't editable.");
      }
      const changes: UserChanges = {};
      if (input.email !== undefined && input.email.trim() !== '') {
        changes.email = checkedEmail('email', input.email);
        if ((await accountWith(trx, 'email', changes.email, id)) !== null) throw emailInUse();
      }
      if (input.firstName !== undefined) changes.firstName = cleanText(input.firstName);
      if (input.lastName !== undefined) changes.lastName = cleanText(input.lastName);
      if (input.role !== undefined) changes.role = input.role;
      if (input.billing) {
        changes.billing = mergedAddress('billing', target.billing, input.billing);
        if (changes.billing.phone && changes.billing.phone !== target.billing.phone && (await accountWith(trx, 'phone', changes.billing.phone, id)) !== null) throw phoneTaken();
      }
      if (input.shipping) changes.shipping = mergedAddress('shipping', target.shipping, input.shipping);
      const password = input.password === undefined ? null : checkedPassword(input.password);
      const now = this.deps.now();
      await updateUser(trx, id, changes, now);
      if (password !== null) await setPassword(trx, id, password, now);
      // A customer made staff is still announced: the webhook's receiver knew them as a customer.
      await announceCustomer(this.deps.changes, trx, target, 'updated');
      return (await findUser(trx, id)) as User;
    }).catch((err: unknown) => {
      // Another writer took the e-mail address between our look-up and the update.
      if (isUniqueViolation(err)) throw emailInUse();
      throw err;
    });
  }

  /**
   * Deletes a customer as `actor` may. Their orders stay, given to `reassign` when set, else to no one
   * (guest orders), as WooCommerce leaves a deleted customer's orders. Answers the user as it was.
   */
  remove(actor: User, id: number, reassign: number): Promise<User> {
    return this.write(async (trx) => {
      const target = await findUser(trx, id);
      if (!target) throw unknownUser();
      checkDelete(actor, target);
      if (reassign && (reassign === id || !(await findUser(trx, reassign)))) {
        throw new CocartError('woocommerce_rest_customer_invalid_reassign', 'invalid', 'Invalid resource id for reassignment.');
      }
      await moveOrders(trx, id, reassign);
      await deleteUser(trx, id);
      await announceCustomer(this.deps.changes, trx, target, 'deleted');
      return target;
    });
  }

  private write<T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    return inWriteTransaction(this.deps.handle, work);
  }
}
