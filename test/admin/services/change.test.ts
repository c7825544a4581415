import { describe, expect, it } from 'vitest';
import { commitChange } from '../../../src/cluster/change.ts';
import { DATABASES } from '../../helpers/app.ts';
import { testRuntime } from './helpers.ts';

describe.each(DATABASES)('commitChange (%s)', (kind) => {
  const store = testRuntime(kind, { SEED_DEMO: 'false' });

  const optionValue = async (name: string) =>
    (await store().database.db.selectFrom('options').select('value').where('name', '=', name).executeTakeFirst())?.value ?? null;

  it('tells the nodes only once the write has committed, so what they reload has it', async () => {
    const seen: (string | null)[] = [];
    const state = { changed: async () => void seen.push(await optionValue('change-test')) };
    const result = await commitChange(store().database, state, async (trx) => {
      await trx.insertInto('options').values({ name: 'change-test', value: 'written' }).execute();
      return 'done';
    });
    expect(result).toBe('done');
    expect(seen).toEqual(['written']);
  });

  it('stores nothing and tells no one when the write fails', async () => {
    let told = 0;
    const state = { changed: async () => void told++ };
    const failed = commitChange(store().database, state, async (trx) => {
      await trx.insertInto('options').values({ name: 'change-test-failed', value: 'half' }).execute();
      throw new Error('refused half-way');
    });
    await expect(failed).rejects.toThrow('refused half-way');
    expect(told).toBe(0);
    expect(await optionValue('change-test-failed')).toBeNull();
  });
});
