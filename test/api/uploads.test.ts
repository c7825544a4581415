import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { API } from '../helpers/api.ts';
import { DATABASES, listen } from '../helpers/app.ts';
import { authHeaders, storeWithStaff } from '../helpers/auth.ts';

/**
 * Images over a real connection: uploaded as a browser sends them, served from /wp-content/uploads with
 * a year's caching, and the demo catalogue's own pictures served from the server itself.
 */
describe.each(DATABASES)('uploads served over HTTP (%s)', (kind) => {
  let app: FastifyInstance;
  let dir: string;
  let base: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cw-uploads-'));
    app = await storeWithStaff(kind, { MEDIA_DIR: dir, MEDIA_MAX_UPLOAD_MB: '1' });
    base = await listen(app);
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const IMMUTABLE = 'public, max-age=31536000, immutable';

  it('serves an upload and each of its sizes with long cache headers', async () => {
    const data = new FormData();
    data.append('file', new Blob([await sharp({ create: { width: 900, height: 600, channels: 3, background: '#16a085' } }).jpeg().toBuffer()]), 'deck.jpg');
    data.append('alt_text', 'A teak deck');
    const upload = await fetch(`${base}/wp-json/wp/v2/media`, { method: 'POST', body: data, headers: authHeaders('manager') });
    expect(upload.status).toBe(201);
    const media = await upload.json();
    expect(media.source_url).toBe(`${base}/wp-content/uploads/${media.media_details.file}`);

    for (const size of ['full', 'thumbnail', 'woocommerce_single']) {
      const res = await fetch(media.media_details.sizes[size].source_url);
      expect(res.status, size).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/jpeg');
      expect(res.headers.get('cache-control')).toBe(IMMUTABLE);
      const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
      expect([meta.width, meta.height]).toEqual([media.media_details.sizes[size].width, media.media_details.sizes[size].height]);
    }
  });

  it('tells a client sending too much why, rather than cutting its connection', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024, 1);
    const res = await fetch(`${base}/wp-json/wp/v2/media`, {
      method: 'POST',
      body: big,
      headers: { ...authHeaders('admin'), 'content-type': 'image/jpeg', 'content-disposition': 'attachment; filename=big.jpg' },
    });
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe('rest_upload_file_too_big');
    const data = new FormData();
    data.append('file', new Blob([big]), 'big.jpg');
    const form = await fetch(`${base}/wp-json/wp/v2/media`, { method: 'POST', body: data, headers: authHeaders('admin') });
    expect(form.status).toBe(400);
    expect((await form.json()).code).toBe('rest_upload_file_too_big');
  });

  it('serves the demo catalogue’s pictures from the server itself, at the sizes the Products API names', async () => {
    const product = await (await fetch(`${base}${API}/products/11?fields=images`)).json();
    const src = product.images[0].src;
    expect(src.thumbnail).toBe(`${base}/wp-content/uploads/cartwright-demo/jacket-navy-150x150.webp`);
    for (const [size, side] of [['thumbnail', 150], ['woocommerce_thumbnail', 300], ['woocommerce_gallery_thumbnail', 100], ['full', 600]] as const) {
      const res = await fetch(src[size]);
      expect(res.status, size).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/webp');
      expect(res.headers.get('cache-control')).toBe(IMMUTABLE);
      const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
      expect([meta.width, meta.height, meta.format]).toEqual([side, side, 'webp']);
    }
  });

  it('answers a missing upload, and the folder of uploads in progress, with 404', async () => {
    const missing = await fetch(`${base}/wp-content/uploads/2020/01/nothing.jpg`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).code).toBe('rest_no_route');
    expect((await fetch(`${base}/wp-content/uploads/.incoming/x`)).status).toBe(404);
  });
});
