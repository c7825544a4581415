import type { Kysely } from 'kysely';
import { inWriteTransaction, type DatabaseHandle } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';

/** State every node holds in memory and reloads when told: the catalogue, the pricing rules. */
export interface SharedState {
  changed(): Promise<void>;
}

/**
 * A change to shared state: `work` runs in one write transaction, and only once it has committed does
 * this node reload and tell the others. A node reloading earlier would read the rows as they were; a
 * write that fails stores nothing and tells no one.
 */
export async function commitChange<T>(database: DatabaseHandle, state: SharedState, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  const result = await inWriteTransaction(database, work);
  await state.changed();
  return result;
}
