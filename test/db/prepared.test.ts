import { randomBytes } from 'node:crypto';
import { Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type DatabaseHandle } from '../../src/db/connection.ts';
import { PreparedQuery } from '../../src/db/prepared.ts';
import { DATABASES } from '../helpers/app.ts';

/** A query compiled once and run with new arguments each time, on both databases. */

/** Any table name: each run makes a table of its own. */
type Items = Record<string, { id: number; name: string; qty: number; kind: string }>;

describe.each(DATABASES)('PreparedQuery on %s', (kind) => {
  let handle: DatabaseHandle;
  let db: Kysely<Items>;
  const table = `prepared_${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    handle = connect({ databaseUrl: kind === 'postgres' ? process.env.DATABASE_URL! : null, dataDir: '/tmp', sqliteFile: ':memory:' });
    db = handle.db as unknown as Kysely<Items>;
    await sql`create table ${sql.table(table)} (id integer primary key, name text not null, qty integer not null, kind text not null)`.execute(db);
    await sql`insert into ${sql.table(table)} (id, name, qty, kind) values (1, 'cap', 2, 'hat'), (2, 'scarf', 5, 'wool'), (3, 'beanie', 7, 'hat')`.execute(db);
  });
  afterAll(async () => {
    await sql`drop table ${sql.table(table)}`.execute(db);
    await handle.close();
  });

  it('puts each run’s arguments where the stand-ins were, keeping constants', async () => {
    const byKind = new PreparedQuery(['kind', 'min'], (k: Kysely<Items>, a: { kind: string; min: number }) =>
      k.selectFrom(table).select('name').where('kind', '=', a.kind).where('qty', '>=', a.min).where('name', '!=', 'nothing').orderBy('id'),
    );
    expect((await byKind.execute(db, { kind: 'hat', min: 0 })).rows).toEqual([{ name: 'cap' }, { name: 'beanie' }]);
    expect((await byKind.execute(db, { kind: 'hat', min: 5 })).rows).toEqual([{ name: 'beanie' }]);
    expect((await byKind.execute(db, { kind: 'wool', min: 1 })).rows).toEqual([{ name: 'scarf' }]);
  });

  it('runs updates inside a transaction and reports the rows changed', async () => {
    const setQty = new PreparedQuery(['id', 'qty', 'was'], (k: Kysely<Items>, a: { id: number; qty: number; was: number }) =>
      k.updateTable(table).set({ qty: a.qty }).where('id', '=', a.id).where('qty', '=', a.was),
    );
    const changed = await db.transaction().execute(async (trx) => Number((await setQty.execute(trx, { id: 2, qty: 6, was: 5 })).numAffectedRows));
    expect(changed).toBe(1);
    // The same query, its condition no longer true: nothing changes.
    expect(Number((await setQty.execute(db, { id: 2, qty: 9, was: 5 })).numAffectedRows)).toBe(0);
    const row = await sql<{ qty: number }>`select qty from ${sql.table(table)} where id = 2`.execute(db);
    expect(Number(row.rows[0].qty)).toBe(6);
  });

  it('refuses a query that does not use every argument it names', async () => {
    const unused = new PreparedQuery(['kind', 'id'], (k: Kysely<Items>, a: { kind: string; id: number }) =>
      k.selectFrom(table).select('name').where('kind', '=', a.kind),
    );
    await expect(unused.execute(db, { kind: 'hat', id: 1 })).rejects.toThrow('Prepared query does not use id');
  });
});
