import type { Kysely } from 'kysely';
import { inWriteTransaction, type DatabaseHandle } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';
import type { ChangeFeed } from '../events/changes.ts';
import { createUser, deleteUser, findUser, setPassword, setVatExempt, type NewUser } from './repository.ts';
import type { User } from './types.ts';

/**
 * Users made, changed and deleted by the store's staff (the CLI's `user` commands), each in one write
 * transaction that tells the change feed what happened to a customer, as WooCommerce's `customer.*`
 * webhooks see it (`user_register`, `profile_update` on any save of the user, `delete_user`).
 */

/** Tells the change feed about `user`, if a customer: WooCommerce's customer webhooks speak of no other role. */
export async function announceCustomer(changes: ChangeFeed, trx: Kysely<Database>, user: Pick<User, 'id' | 'role'>, event: 'created' | 'updated' | 'deleted'): Promise<void> {
  if (user.role === 'customer') await changes.record(trx, { resource: 'customer', event, id: user.id });
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

  private write<T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    return inWriteTransaction(this.deps.handle, work);
  }
}
