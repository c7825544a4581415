import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { CocartError } from '../errors.ts';

/**
 * The admin dashboard (src/admin/web, built by Vite into dist/admin) at `/admin`. Its assets carry a
 * content hash, so they are cached for a year; every other path under /admin is the app's own page
 * (it routes in the browser), sent uncached so a new version shows at the next load.
 */

/** Where the built dashboard is: beside the server bundle (dist/), or from the sources, in dist/admin. */
function builtDashboard(): string | null {
  const candidates = [new URL('./admin/', import.meta.url), new URL('../../dist/admin/', import.meta.url)];
  for (const url of candidates) {
    const dir = fileURLToPath(url);
    if (existsSync(`${dir}index.html`)) return dir;
  }
  return null;
}

const PAGE_HEADERS = {
  'cache-control': 'no-cache',
  'content-security-policy': "default-src 'self'; img-src 'self' data: https:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

export async function registerDashboard(app: FastifyInstance, dir?: string): Promise<void> {
  const root = dir ? `${dir.replace(/\/$/, '')}/` : builtDashboard();
  await app.register(async (admin) => {
    if (!root) {
      admin.get('/admin', { schema: { hide: true } }, async () => notBuilt());
      admin.get('/admin/*', { schema: { hide: true } }, async () => notBuilt());
      return;
    }
    await admin.register(fastifyStatic, {
      root: `${root}assets`,
      prefix: '/admin/assets/',
      wildcard: false,
      index: false,
      immutable: true,
      maxAge: '365d',
    });
    const page = async (_req: unknown, reply: FastifyReply) => reply.headers(PAGE_HEADERS).sendFile('index.html', root);
    admin.get('/admin/assets/*', { schema: { hide: true } }, async () => {
      throw new CocartError('cartwright_asset_not_found', 'not_found', 'No such file.');
    });
    admin.get('/admin', { schema: { hide: true } }, page);
    admin.get('/admin/*', { schema: { hide: true } }, page);
  });
}

function notBuilt(): never {
  throw new CocartError('cartwright_dashboard_not_built', 'not_found', 'The dashboard is not built: run "npm run build".');
}
