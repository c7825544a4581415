import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { isPostgres } from '../../db/migrations/helpers.ts';
import { mergeCarts } from '../../cart/merge-carts.ts';
import { emptyCart } from '../../cart/types.ts';
import { parseCart } from '../../sessions/store.ts';

/**
 * The v4 session layout (CoCart's `cocart_update_400_db_sessions`; docs/wire-contract.md#database-updates).
 * A cart brought from CoCart 3.x is keyed by its customer's user ID and has no owner columns. This
 * routine gives each such cart its owner columns and a random key, and keeps the old key in
 * `legacy_key`, where it still finds the cart. Guest carts only change layout.
 *
 * It works in batches, each row with one conditional `UPDATE … WHERE revision = <read>` that never
 * touches the cart's contents: a shopper's write between the read and the update wins, and the row is
 * simply taken again by the next batch. So the store keeps working throughout, and a stopped upgrade
 * resumes where it was.
 */

export const BATCH_SIZE = 500;

export interface UpgradeRoutine {
  /** CoCart's callback name style: what the job queue and the CLI show. */
  name: string;
  description: string;
  remaining(db: Kysely<Database>): Promise<number>;
  /** Upgrades up to `limit` rows; the number it upgraded. */
  runBatch(db: Kysely<Database>, limit?: number): Promise<number>;
  /** It rewrites catalogue rows, so every node reloads its catalogue after each batch. */
  changesCatalogue?: boolean;
}

interface LegacyRow {
  id: number;
  cart_key: string;
  revision: number;
  cart_value: string;
}

function newKey(): string {
  return randomBytes(15).toString('hex');
}

export const v4SessionLayout: UpgradeRoutine = {
  name: 'cartwright_update_400_session_layout',
  description: 'Carts in the CoCart 3.x layout get their owner columns and a random key',

  async remaining(db) {
    const r = await db.selectFrom('carts').select((eb) => eb.fn.countAll<number>().as('n')).where('layout', '=', 3).executeTakeFirstOrThrow();
    return Number(r.n);
  },

  async runBatch(db, limit = BATCH_SIZE) {
    const rows: LegacyRow[] = await db.selectFrom('carts').select(['id', 'cart_key', 'revision', 'cart_value']).where('layout', '=', 3).orderBy('id').limit(limit).execute();
    if (!rows.length) return 0;
    const userIds = rows.filter((r) => /^\d+$/.test(r.cart_key)).map((r) => Number(r.cart_key));
    const users = new Set(
      userIds.length ? (await db.selectFrom('users').select('id').where('id', 'in', userIds).execute()).map((u) => Number(u.id)) : [],
    );
    const owned = new Set(
      userIds.length ? (await db.selectFrom('carts').select('customer_id').where('customer_id', 'in', userIds).execute()).map((r) => Number(r.customer_id)) : [],
    );
    const ownerOf = (row: LegacyRow) => (/^\d+$/.test(row.cart_key) && users.has(Number(row.cart_key)) ? Number(row.cart_key) : null);
    // Guest carts (and those of users this store does not have): only the layout changes, in one statement.
    const guests = rows.filter((r) => ownerOf(r) === null).map((r) => r.id);
    let done = guests.length ? Number((await db.updateTable('carts').set({ layout: 4 }).where('id', 'in', guests).where('layout', '=', 3).executeTakeFirst()).numUpdatedRows) : 0;
    for (const row of rows) {
      const owner = ownerOf(row);
      if (owner === null) continue;
      if (owned.has(owner)) {
        done += await mergeIntoOwn(db, row, owner);
        continue;
      }
      done += await changed(
        db
          .updateTable('carts')
          .set({ user_id: owner, customer_id: owner, cart_key: newKey(), legacy_key: row.cart_key, layout: 4, revision: row.revision + 1 })
          .where('id', '=', row.id)
          .where('revision', '=', row.revision)
          .executeTakeFirst(),
      );
    }
    return done;
  },
};

async function changed(result: Promise<{ numUpdatedRows: bigint }>): Promise<number> {
  return Number((await result).numUpdatedRows) > 0 ? 1 : 0;
}

/**
 * The customer also has a v4 cart already (an import into a store they had used): the 3.x cart's
 * lines join it, as at a login, and the 3.x row becomes a marker that names the customer. Both rows
 * change in one transaction, holding them, so the lines are neither lost nor merged twice.
 */
async function mergeIntoOwn(db: Kysely<Database>, row: LegacyRow, owner: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const lock = <Q extends { forUpdate(): Q }>(q: Q) => (isPostgres(trx) ? q.forUpdate() : q);
    const legacyRow = await lock(trx.selectFrom('carts').selectAll().where('id', '=', row.id).where('revision', '=', row.revision)).executeTakeFirst();
    const ownRow = await lock(trx.selectFrom('carts').selectAll().where('customer_id', '=', owner)).executeTakeFirst();
    if (!legacyRow || !ownRow) return 0;
    const merged = mergeCarts('merge', parseCart(legacyRow.cart_value), parseCart(ownRow.cart_value));
    await trx.updateTable('carts').set({ cart_value: JSON.stringify(merged), revision: ownRow.revision + 1 }).where('id', '=', ownRow.id).execute();
    await trx
      .updateTable('carts')
      .set({ handed_to: owner, cart_key: newKey(), legacy_key: row.cart_key, layout: 4, cart_value: JSON.stringify(emptyCart()), cart_hash: '', revision: row.revision + 1 })
      .where('id', '=', row.id)
      .execute();
    return 1;
  });
}
