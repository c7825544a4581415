import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { API, CARTWRIGHT, ORIGIN } from '../helpers/api.ts';
import { DATABASES } from '../helpers/app.ts';
import { basicAuth, storeWithStaff } from '../helpers/auth.ts';
import { eventually } from '../helpers/cli.ts';

const UPDATE = `${CARTWRIGHT}/update`;
const picsum = (seed: string, size: number) => `https://picsum.photos/seed/cartwright-${seed}/${size}/${size}`;

/**
 * A store that loaded the demo catalogue while its pictures came from an outside photo site: the database
 * update points them at the pictures shipped with Cartwright, and leaves any other image alone.
 */
describe.each(DATABASES)('the local demo images update (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await storeWithStaff(kind, { WORKERS: '1' });
    const db = app.runtime.database.db;
    // The rows as the earlier demo wrote them.
    for (const [id, seed] of [[1, 'snap-shackle'], [2, 'jacket-navy']] as const) {
      const sizes = { thumbnail: picsum(seed, 150), woocommerce_thumbnail: picsum(seed, 300), woocommerce_single: picsum(seed, 600) };
      await db.updateTable('media').set({ src: picsum(seed, 800), sizes: JSON.stringify(sizes), upload: null }).where('id', '=', id).execute();
    }
    // An image the owner chose, at an address the demo never used.
    await db.updateTable('media').set({ src: picsum('snap-shackle', 1200), sizes: '{}', upload: null }).where('id', '=', 3).execute();
    await app.runtime.catalog.changed();
  });
  afterAll(() => app.close());

  const image = async (product: number) => (await app.inject({ url: `${API}/products/${product}?fields=images` })).json().images[0];

  it('is needed, runs in the background, and the Products API then shows the shipped pictures at once', async () => {
    expect((await image(10)).src.thumbnail).toBe(picsum('snap-shackle', 150));
    const status = await app.inject({ url: UPDATE, headers: { authorization: basicAuth('admin') } });
    expect(status.json()).toMatchObject({ state: 'needed', routines: [{ remaining: 0 }, { name: 'cartwright_update_010_local_demo_images', remaining: 2 }] });

    expect((await app.inject({ method: 'POST', url: UPDATE, headers: { authorization: basicAuth('admin') } })).statusCode).toBe(202);
    await eventually(async () => ((await app.inject({ url: UPDATE, headers: { authorization: basicAuth('admin') } })).json().state === 'complete' ? true : undefined), 60_000);

    const shackle = await image(10);
    expect(shackle.src.thumbnail).toBe(`${ORIGIN}/wp-content/uploads/cartwright-demo/snap-shackle-150x150.webp`);
    expect(shackle.src.full).toBe(`${ORIGIN}/wp-content/uploads/cartwright-demo/snap-shackle.webp`);
    const served = await app.inject({ url: shackle.src.thumbnail.slice(ORIGIN.length) });
    expect([served.statusCode, served.headers['content-type']]).toEqual([200, 'image/webp']);
    const media = (await app.inject({ url: '/wp-json/wp/v2/media/2' })).json();
    expect(media.media_details).toMatchObject({ width: 600, height: 600, file: 'cartwright-demo/jacket-navy.webp' });

    // The owner's own choice is theirs.
    expect(app.runtime.catalog.current().media.get(3)?.src).toBe(picsum('snap-shackle', 1200));
  });
});
