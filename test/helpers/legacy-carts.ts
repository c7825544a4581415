import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';

/**
 * Carts in the CoCart 3.x layout, as `cartwright import-sessions` leaves them: one per customer, keyed
 * by their user ID, and `guests` guest carts (keys from `guestKey`), all holding `cartValue`.
 */
export async function insertLegacyCarts(db: Kysely<Database>, customers: number[], guests: number, cartValue: string): Promise<void> {
  const now = Math.floor(Date.now() / 1000);
  const row = (key: string) => ({ cart_key: key, cart_value: cartValue, cart_created: now, cart_expiry: now + 7 * 86400, cart_source: 'cocart', cart_hash: '', revision: 1, layout: 3 });
  const keys = [...customers.map(String), ...Array.from({ length: guests }, (_, i) => guestKey(i))];
  for (let i = 0; i < keys.length; i += 500) await db.insertInto('carts').values(keys.slice(i, i + 500).map(row)).execute();
}

export function guestKey(i: number): string {
  return `g${String(i).padStart(8, '0')}`.padEnd(32, 'e');
}
