import { mkdirSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { demoUploadsDir } from '../media/demo-images.ts';
import { UPLOADS_URL_PATH } from '../media/urls.ts';

/**
 * Uploaded images at `/wp-content/uploads/…`, as WordPress's web server serves them, with the demo
 * catalogue's shipped pictures behind them. A file's name never changes its content (a new upload of one
 * name gets a new name), so browsers and CDNs may keep each for a year without asking again.
 */
export async function registerUploads(app: FastifyInstance, mediaDir: string): Promise<void> {
  mkdirSync(mediaDir, { recursive: true });
  const demo = demoUploadsDir();
  await app.register(fastifyStatic, {
    root: demo ? [mediaDir, demo] : mediaDir,
    prefix: `${UPLOADS_URL_PATH}/`,
    decorateReply: false,
    index: false,
    // Uploads in progress wait in .incoming.
    serveDotFiles: false,
    dotfiles: 'ignore',
    immutable: true,
    maxAge: '365d',
    schemaHide: true,
  });
}
