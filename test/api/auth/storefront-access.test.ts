import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Settings } from '../../../src/settings/schema.ts';
import { createTestApp, DATABASES } from '../../helpers/app.ts';

describe.each(DATABASES)('disable storefront access (%s)', (kind) => {
  let app: FastifyInstance;
  let original: Settings;
  beforeAll(async () => {
    app = await createTestApp(kind);
    original = app.runtime.settings.get();
  });
  afterAll(() => app.close());

  const general = (patch: Partial<Settings['general']>) => app.runtime.settings.save({ ...original, general: { ...original.general, ...patch } });

  it('is off by default: other paths are simply not found', async () => {
    await app.runtime.settings.save(original);
    const r = await app.inject({ url: '/shop/' });
    expect(r.statusCode).toBe(404);
    expect(r.json().code).toBe('rest_no_route');
  });

  it('sends storefront paths to the front-end URL, keeping path and query', async () => {
    await general({ disable_wp_access: true, frontend_url: 'https://shop.example' });
    const r = await app.inject({ url: '/product/snap-shackle/?ref=mail' });
    expect(r.statusCode).toBe(301);
    expect(r.headers.location).toBe('https://shop.example/product/snap-shackle/?ref=mail');
    expect(r.headers['x-redirect-by']).toBe('Cartwright');
    expect((await app.inject({ url: '/' })).headers.location).toBe('https://shop.example/');
  });

  it('never redirects the API, its docs, its assets, HEAD requests or the accessible paths', async () => {
    await general({ disable_wp_access: true, frontend_url: 'https://shop.example', accessible_paths: ['/checkout'] });
    expect((await app.inject({ url: '/wp-json/cocart/v2/store' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/?rest_route=/cocart/v2/store' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/docs/json' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/assets/placeholder.svg' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'HEAD', url: '/shop/' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/checkout/step-2' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/checkouts' })).statusCode).toBe(301);
  });

  it('refuses with 403 when no front-end URL is set', async () => {
    await general({ disable_wp_access: true, frontend_url: '' });
    const r = await app.inject({ url: '/shop/' });
    expect(r.statusCode).toBe(403);
    expect(typeof r.json()).toBe('string');
    await app.runtime.settings.save(original);
  });
});
