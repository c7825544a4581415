import type { Kysely } from 'kysely';
import { DEMO_MEDIA, demoImage } from '../../catalog/demo.ts';
import type { Database } from '../../db/schema.ts';
import type { UpgradeRoutine } from './v4-session-layout.ts';

/**
 * Stores that loaded the demo catalogue before its pictures shipped with Cartwright show them from an
 * outside photo site. This routine points each of those images at its shipped picture (the same item,
 * served from /wp-content/uploads/cartwright-demo/), matching only the exact URLs the demo wrote, so an
 * image the store owner chose is never touched.
 */

/** Every URL the earlier demo gave its images, by the picture that replaces it. */
const OLD_URLS = new Map(DEMO_MEDIA.map(([, seed]) => [`https://picsum.photos/seed/cartwright-${seed}/800/800`, seed]));

const outside = (db: Kysely<Database>) => db.selectFrom('media').where('src', 'in', [...OLD_URLS.keys()]);

export const localDemoImages: UpgradeRoutine = {
  name: 'cartwright_update_010_local_demo_images',
  description: 'Demo images shown from an outside photo site are shown from the pictures shipped with Cartwright',
  changesCatalogue: true,

  async remaining(db) {
    const r = await outside(db).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  },

  async runBatch(db, limit = 100) {
    const rows = await outside(db).select(['id', 'src']).orderBy('id').limit(limit).execute();
    for (const row of rows) {
      const { src, upload } = demoImage(OLD_URLS.get(row.src)!);
      // Conditional on the old URL: an edit made meanwhile wins, and the row is not counted again.
      await db.updateTable('media').set({ src, sizes: '{}', upload: JSON.stringify(upload) }).where('id', '=', row.id).where('src', '=', row.src).execute();
    }
    return rows.length;
  },
};
