import { randomBytes } from 'node:crypto';
import { Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type DatabaseHandle } from '../../src/db/connection.ts';
import { PreparedQuery, statementName } from '../../src/db/prepared.ts';
import { DATABASES } from '../helpers/app.ts';

/** A query compiled once and run with new arguments each time, on both databases. */

/** Any table name: each run makes a table of its own. */
type Items = Record<string, { id: number; name: string; qty: number; kind: string }>;

/** A table of three items on a one-connection store (so PostgreSQL's view of its session is the one used). */
function itemsTable(kind: string): { db: () => Kysely<Items>; table: string } {
  let handle: DatabaseHandle;
  const table = `prepared_${randomBytes(4).toString('hex')}`;
  const db = () => handle.db as unknown as Kysely<Items>;
  beforeAll(async () => {
    handle = connect({ databaseUrl: kind === 'postgres' ? process.env.DATABASE_URL! : null, dataDir: '/tmp', sqliteFile: ':memory:', poolSize: 1 });
    await sql`create table ${sql.table(table)} (id integer primary key, name text not null, qty integer not null, kind text not null)`.execute(db());
    await sql`insert into ${sql.table(table)} (id, name, qty, kind) values (1, 'cap', 2, 'hat'), (2, 'scarf', 5, 'wool'), (3, 'beanie', 7, 'hat')`.execute(db());
  });
  afterAll(async () => {
    await sql`drop table ${sql.table(table)}`.execute(db());
    await handle.close();
  });
  return { db, table };
}

describe.each(DATABASES)('PreparedQuery on %s', (kind) => {
  const { db, table } = itemsTable(kind);

  it('puts each run’s arguments where the stand-ins were, keeping constants', async () => {
    const byKind = new PreparedQuery(['kind', 'min'], (k: Kysely<Items>, a: { kind: string; min: number }) =>
      k.selectFrom(table).select('name').where('kind', '=', a.kind).where('qty', '>=', a.min).where('name', '!=', 'nothing').orderBy('id'),
    );
    expect((await byKind.execute(db(), { kind: 'hat', min: 0 })).rows).toEqual([{ name: 'cap' }, { name: 'beanie' }]);
    expect((await byKind.execute(db(), { kind: 'hat', min: 5 })).rows).toEqual([{ name: 'beanie' }]);
    expect((await byKind.execute(db(), { kind: 'wool', min: 1 })).rows).toEqual([{ name: 'scarf' }]);
  });

  it('runs updates inside a transaction and reports the rows changed', async () => {
    const setQty = new PreparedQuery(['id', 'qty', 'was'], (k: Kysely<Items>, a: { id: number; qty: number; was: number }) =>
      k.updateTable(table).set({ qty: a.qty }).where('id', '=', a.id).where('qty', '=', a.was),
    );
    const changed = await db().transaction().execute(async (trx) => Number((await setQty.execute(trx, { id: 2, qty: 6, was: 5 })).numAffectedRows));
    expect(changed).toBe(1);
    // The same query, its condition no longer true: nothing changes.
    expect(Number((await setQty.execute(db(), { id: 2, qty: 9, was: 5 })).numAffectedRows)).toBe(0);
    const row = await sql<{ qty: number }>`select qty from ${sql.table(table)} where id = 2`.execute(db());
    expect(Number(row.rows[0].qty)).toBe(6);
  });

  it('refuses a query that does not use every argument it names', async () => {
    const unused = new PreparedQuery(['kind', 'id'], (k: Kysely<Items>, a: { kind: string; id: number }) => k.selectFrom(table).select('name').where('kind', '=', a.kind));
    await expect(unused.execute(db(), { kind: 'hat', id: 1 })).rejects.toThrow('Prepared query does not use id');
  });
});

describe.each(DATABASES.filter((k) => k === 'postgres'))('PreparedQuery on %s', (kind) => {
  const { db, table } = itemsTable(kind);

  it('runs as a statement PostgreSQL parsed and planned once, by name', async () => {
    const byId = new PreparedQuery(['id'], (k: Kysely<Items>, a: { id: number }) => k.selectFrom(table).select('name').where('id', '=', a.id));
    expect((await byId.execute(db(), { id: 1 })).rows).toEqual([{ name: 'cap' }]);
    expect((await byId.execute(db(), { id: 3 })).rows).toEqual([{ name: 'beanie' }]);
    const text = byId.sql()!;
    const prepared = await sql<{ name: string }>`select name from pg_prepared_statements where statement = ${text}`.execute(db());
    expect(prepared.rows).toEqual([{ name: statementName(text) }]);
    expect(prepared.rows[0].name).toMatch(/^cartwright_\d+$/);
  });
});
