import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The demo catalogue's pictures ship with Cartwright (assets/demo-uploads, made by
 * `node bin/run-ts.js bin/demo-images.ts`), laid out as uploads are, so a new store shows them offline
 * and they are served beside its own uploads without ever being copied into them.
 */

/** Their folder under the uploads URL: `/wp-content/uploads/cartwright-demo/…`. */
export const DEMO_FOLDER = 'cartwright-demo';

/** Every demo picture is a square of this side, from which WordPress's sizes are made. */
export const DEMO_IMAGE_SIDE = 600;

/** The shipped directory (holding DEMO_FOLDER): beside the sources, or beside the server bundle in dist/. */
export function demoUploadsDir(): string | null {
  for (const url of [new URL('../../assets/demo-uploads/', import.meta.url), new URL('../assets/demo-uploads/', import.meta.url)]) {
    const dir = fileURLToPath(url);
    if (existsSync(`${dir}${DEMO_FOLDER}`)) return dir;
  }
  return null;
}
