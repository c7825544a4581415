import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { crc32, deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { API, ORIGIN } from '../helpers/api.ts';
import { DATABASES } from '../helpers/app.ts';
import { authHeaders, storeWithStaff } from '../helpers/auth.ts';
import { wc } from './helpers.ts';

const MEDIA = '/wp-json/wp/v2/media';

/** A photo-like JPEG of these dimensions. */
const jpeg = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: '#c0392b' } }).jpeg().toBuffer();
const png = (width: number, height: number) => sharp({ create: { width, height, channels: 4, background: '#2980b9' } }).png().toBuffer();

/** A PNG whose header claims `side` × `side` pixels around a few bytes of data: a decompression bomb's shape. */
function claimedPng(side: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.alloc(1024))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A multipart form as a browser sends it: the body and its Content-Type with the boundary. */
async function form(file: Buffer | null, filename: string, fields: Record<string, string> = {}) {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  if (file) data.append('file', new Blob([new Uint8Array(file)], { type: 'image/jpeg' }), filename);
  const encoded = new Response(data);
  return { payload: Buffer.from(await encoded.arrayBuffer()), contentType: encoded.headers.get('content-type')! };
}

/** Every file under `dir`, as paths relative to it (the in-progress folder included). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

describe.each(DATABASES)('wp/v2/media (%s)', (kind) => {
  let app: FastifyInstance;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cw-media-'));
    app = await storeWithStaff(kind, { MEDIA_DIR: dir, MEDIA_MAX_UPLOAD_MB: '1', MEDIA_MAX_MEGAPIXELS: '4' });
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const uploadForm = async (file: Buffer | null, filename: string, fields: Record<string, string> = {}, login: string | null = 'admin') => {
    const { payload, contentType } = await form(file, filename, fields);
    const res = await app.inject({ method: 'POST', url: MEDIA, payload, headers: { ...authHeaders(login), 'content-type': contentType } });
    return { res, status: res.statusCode, body: res.json() };
  };
  const uploadRaw = async (body: Buffer, headers: Record<string, string>, query = '') => {
    const res = await app.inject({ method: 'POST', url: `${MEDIA}${query}`, payload: body, headers: { ...authHeaders('admin'), ...headers } });
    return { res, status: res.statusCode, body: res.json() };
  };
  const mediaCount = async () => Number((await app.inject({ method: 'GET', url: MEDIA })).headers['x-wp-total']);

  it('takes a multipart upload and answers 201 with the attachment as WordPress shapes it, every size made', async () => {
    const { res, status, body } = await uploadForm(await jpeg(1600, 1200), 'Harbour Photo.jpg', { alt_text: 'A harbour at dawn', caption: 'Dawn' });
    expect(status).toBe(201);
    expect(res.headers.location).toBe(`${ORIGIN}${MEDIA}/${body.id}`);
    expect(res.headers['x-wp-upload-attachment-id']).toBe(String(body.id));
    const folder = `${body.date.slice(0, 4)}/${body.date.slice(5, 7)}`;
    const base = `${ORIGIN}/wp-content/uploads/${folder}`;
    expect(body).toMatchObject({
      slug: 'harbour-photo',
      status: 'inherit',
      type: 'attachment',
      title: { raw: 'Harbour Photo', rendered: 'Harbour Photo' },
      alt_text: 'A harbour at dawn',
      caption: { raw: 'Dawn', rendered: '<p>Dawn</p>\n' },
      media_type: 'image',
      mime_type: 'image/jpeg',
      source_url: `${base}/Harbour-Photo.jpg`,
      guid: { rendered: `${base}/Harbour-Photo.jpg` },
      post: null,
      media_details: { width: 1600, height: 1200, file: `${folder}/Harbour-Photo.jpg` },
    });
    expect(body.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    const sizes = body.media_details.sizes;
    expect(Object.fromEntries(Object.entries(sizes).map(([name, s]: [string, any]) => [name, `${s.width}x${s.height}`]))).toEqual({
      thumbnail: '150x150',
      medium: '300x225',
      medium_large: '768x576',
      large: '1024x768',
      woocommerce_thumbnail: '300x300',
      woocommerce_single: '600x450',
      woocommerce_gallery_thumbnail: '100x100',
      full: '1600x1200',
    });
    expect(sizes.thumbnail).toMatchObject({ file: 'Harbour-Photo-150x150.jpg', mime_type: 'image/jpeg', source_url: `${base}/Harbour-Photo-150x150.jpg` });
    expect(sizes.thumbnail.filesize).toBeGreaterThan(0);

    // Each file is where WordPress would put it, at the size it claims.
    for (const [name, size] of Object.entries(sizes) as [string, { file: string; width: number; height: number }][]) {
      const meta = await sharp(join(dir, folder, size.file)).metadata();
      expect([meta.width, meta.height, meta.format], name).toEqual([size.width, size.height, 'jpeg']);
    }
    expect(filesUnder(dir).filter((f) => f.startsWith(folder)).length).toBe(8);
  });

  it('takes the image as the raw body with Content-Disposition, and keeps two uploads of one name apart', async () => {
    const first = await uploadRaw(await png(400, 200), { 'content-type': 'image/png', 'content-disposition': 'attachment; filename="badge.png"' }, '?title=Badge');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ title: { raw: 'Badge' }, slug: 'badge', mime_type: 'image/png' });
    expect(first.body.source_url).toMatch(/\/badge\.png$/);
    const second = await uploadRaw(await png(400, 200), { 'content-type': 'image/png', 'content-disposition': 'attachment; filename=badge.png' });
    expect(second.status).toBe(201);
    expect(second.body.source_url).toMatch(/\/badge-1\.png$/);
    expect(second.body.slug).toBe('badge-2');
    expect(second.body.media_details.sizes.thumbnail.file).toBe('badge-1-150x150.png');
  });

  it('names a file by what its bytes are, not by its name: PNG bytes called .jpg are stored as .png', async () => {
    const { status, body } = await uploadForm(await png(120, 90), 'photo.jpg');
    expect(status).toBe(201);
    expect(body.mime_type).toBe('image/png');
    expect(body.source_url).toMatch(/\/photo\.png$/);
    // 120 × 90 is smaller than every size but the gallery thumbnail's crop on one side.
    expect(Object.keys(body.media_details.sizes)).toEqual(['woocommerce_gallery_thumbnail', 'full']);
  });

  it('measures and sizes a photo as it is shown: a camera’s EXIF rotation applied', async () => {
    // Stored 400 wide and 200 high, shown turned a quarter: 200 × 400.
    const turned = await sharp({ create: { width: 400, height: 200, channels: 3, background: '#8e44ad' } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const { status, body } = await uploadForm(turned, 'mast.jpg');
    expect(status).toBe(201);
    expect([body.media_details.width, body.media_details.height]).toEqual([200, 400]);
    const medium = body.media_details.sizes.medium;
    expect([medium.width, medium.height]).toEqual([150, 300]);
    const meta = await sharp(join(dir, body.media_details.file.slice(0, 8), medium.file)).metadata();
    expect([meta.width, meta.height]).toEqual([150, 300]);
  });

  describe('refusals store nothing', () => {
    it('refuses what is not an image, whatever its name, with WordPress’s codes for each route', async () => {
      const before = [await mediaCount(), filesUnder(dir)];
      expect(await uploadForm(Buffer.from('<?php echo "hi";'), 'shell.jpg')).toMatchObject({
        status: 400,
        body: { code: 'rest_upload_unknown_error', message: 'Sorry, you are not allowed to upload this file type.', data: { status: 400 } },
      });
      expect(await uploadRaw(Buffer.from('plain text'), { 'content-type': 'image/jpeg', 'content-disposition': 'attachment; filename=a.jpg' })).toMatchObject({
        status: 400,
        body: { code: 'rest_upload_sideload_error' },
      });
      // An SVG is an image sharp can read, but not one WordPress takes.
      const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200"><rect width="200" height="200"/></svg>');
      expect((await uploadRaw(svg, { 'content-type': 'image/svg+xml', 'content-disposition': 'attachment; filename=a.svg' })).body.code).toBe('rest_upload_sideload_error');
      expect([await mediaCount(), filesUnder(dir)]).toEqual(before);
    });

    it('refuses a file over the size limit while it streams, in the form and as the body', async () => {
      const before = [await mediaCount(), filesUnder(dir)];
      const big = Buffer.concat([await jpeg(100, 100), Buffer.alloc(1024 * 1024 + 10)]);
      const tooBig = { status: 400, body: { code: 'rest_upload_file_too_big', message: 'This file is too big. Files must be less than 1024 KB in size.' } };
      expect(await uploadForm(big, 'big.jpg')).toMatchObject(tooBig);
      expect(await uploadRaw(big, { 'content-type': 'image/jpeg', 'content-disposition': 'attachment; filename=big.jpg' })).toMatchObject(tooBig);
      // Sent in chunks, with no length declared: refused once the bytes pass the limit.
      const chunked = await app.inject({
        method: 'POST',
        url: MEDIA,
        payload: Readable.from([big.subarray(0, 600_000), big.subarray(600_000)]),
        headers: { ...authHeaders('admin'), 'content-type': 'image/jpeg', 'content-disposition': 'attachment; filename=big.jpg' },
      });
      expect(chunked.headers['content-length'] ?? '').not.toBe('0');
      expect({ status: chunked.statusCode, body: chunked.json() }).toMatchObject(tooBig);
      expect([await mediaCount(), filesUnder(dir)]).toEqual(before);
    });

    it('refuses an image claiming more pixels than allowed (a decompression bomb) before decoding it', async () => {
      const before = [await mediaCount(), filesUnder(dir)];
      const bomb = claimedPng(50_000);
      expect(bomb.length).toBeLessThan(2048);
      const { status, body } = await uploadRaw(bomb, { 'content-type': 'image/png', 'content-disposition': 'attachment; filename=bomb.png' });
      expect(status).toBe(400);
      expect(body).toMatchObject({ code: 'rest_upload_file_too_big', message: 'This image is too large: 50000 × 50000 pixels, more than 4 megapixels.' });
      expect([await mediaCount(), filesUnder(dir)]).toEqual(before);
    });

    it('asks for the raw upload’s headers as WordPress does, and checks Content-MD5', async () => {
      const image = await jpeg(50, 50);
      expect((await uploadRaw(image, { 'content-type': 'image/jpeg' })).body).toMatchObject({ code: 'rest_upload_no_content_disposition', data: { status: 400 } });
      expect((await uploadRaw(image, { 'content-type': 'image/jpeg', 'content-disposition': 'attachment' })).body.code).toBe('rest_upload_invalid_disposition');
      expect((await uploadRaw(Buffer.alloc(0), { 'content-type': 'image/jpeg', 'content-disposition': 'attachment; filename=a.jpg' })).body.code).toBe('rest_upload_no_data');
      expect((await uploadForm(null, '', { title: 'no file' })).body.code).toBe('rest_upload_no_data');
      const mismatch = await uploadRaw(image, { 'content-type': 'image/jpeg', 'content-disposition': 'attachment; filename=a.jpg', 'content-md5': '0'.repeat(32) });
      expect(mismatch).toMatchObject({ status: 412, body: { code: 'rest_upload_hash_mismatch' } });
    });

    it('lets only administrators and shop managers upload: 401 for guests, 403 for customers', async () => {
      const image = await jpeg(50, 50);
      expect(await uploadForm(image, 'a.jpg', {}, null)).toMatchObject({ status: 401, body: { code: 'rest_cannot_create', message: 'Sorry, you are not allowed to upload media on this site.' } });
      expect(await uploadForm(image, 'a.jpg', {}, 'ada')).toMatchObject({ status: 403, body: { code: 'rest_cannot_create' } });
      expect((await uploadForm(image, 'manager.jpg', {}, 'manager')).status).toBe(201);
    });
  });

  it('lists, reads, edits and deletes images; a delete with force removes its files', async () => {
    const { body: made } = await uploadForm(await jpeg(400, 300), 'to-delete.jpg');
    const list = await app.inject({ method: 'GET', url: `${MEDIA}?per_page=2&orderby=id&order=desc` });
    expect(list.statusCode).toBe(200);
    expect(list.json().map((m: { id: number }) => m.id)[0]).toBe(made.id);
    expect(Number(list.headers['x-wp-total'])).toBeGreaterThan(43);
    expect(list.headers.link).toContain('page=2');

    const read = (await app.inject({ method: 'GET', url: `${MEDIA}/${made.id}` })).json();
    expect(read).toMatchObject({ id: made.id, title: { rendered: 'to-delete' }, source_url: made.source_url });
    expect(read.title.raw).toBeUndefined();
    expect((await app.inject({ method: 'GET', url: `${MEDIA}/${made.id}?context=edit` })).json().code).toBe('rest_forbidden_context');

    const edited = await app.inject({ method: 'POST', url: `${MEDIA}/${made.id}`, headers: authHeaders('manager'), payload: { alt_text: 'Red square', title: 'Red', caption: { raw: 'A red square' } } });
    expect(edited.json()).toMatchObject({ alt_text: 'Red square', title: { raw: 'Red' }, caption: { raw: 'A red square' } });
    expect((await app.inject({ method: 'POST', url: `${MEDIA}/${made.id}`, headers: authHeaders('ada'), payload: { alt_text: 'x' } })).json().code).toBe('rest_cannot_edit');

    const folder = made.media_details.file.slice(0, 7);
    const files = () => filesUnder(dir).filter((f) => f.startsWith(`${folder}/to-delete`));
    // The original and four sizes: the 768, 1024 and 600 wide ones would not be smaller than 400 × 300.
    expect(files().length).toBe(5);
    expect((await app.inject({ method: 'DELETE', url: `${MEDIA}/${made.id}`, headers: authHeaders('admin') })).json()).toMatchObject({ code: 'rest_trash_not_supported', data: { status: 501 } });
    const deleted = await app.inject({ method: 'DELETE', url: `${MEDIA}/${made.id}?force=true`, headers: authHeaders('admin') });
    expect(deleted.json()).toMatchObject({ deleted: true, previous: { id: made.id, alt_text: 'Red square' } });
    expect(files()).toEqual([]);
    expect((await app.inject({ method: 'GET', url: `${MEDIA}/${made.id}` })).json()).toMatchObject({ code: 'rest_post_invalid_id', data: { status: 404 } });
  });

  it('gives products, variations and categories uploaded images by id or by URL; both APIs answer their sizes', async () => {
    const { body: image } = await uploadForm(await jpeg(1200, 900), 'lantern.jpg', { alt_text: 'Storm lantern' });
    const byUrl = await uploadForm(await jpeg(800, 800), 'lantern-lit.jpg');
    const created = await wc(app, 'POST', '/products', { name: 'Storm lantern', regular_price: '30', images: [{ id: image.id }, { src: byUrl.body.source_url }] });
    expect(created.status).toBe(201);
    expect(created.body.images).toEqual([
      expect.objectContaining({ id: image.id, src: image.source_url, name: 'lantern', alt: 'Storm lantern', date_created: image.date }),
      expect.objectContaining({ id: byUrl.body.id, src: byUrl.body.source_url }),
    ]);
    const cocart = (await app.inject({ method: 'GET', url: `${API}/products/${created.body.id}?fields=images` })).json();
    expect(cocart.images[0]).toMatchObject({ id: image.id, name: 'lantern', alt: 'Storm lantern', featured: true });
    const sizes = image.media_details.sizes;
    expect(cocart.images[0].src).toEqual({
      thumbnail: sizes.thumbnail.source_url,
      medium: sizes.medium.source_url,
      medium_large: sizes.medium_large.source_url,
      large: sizes.large.source_url,
      woocommerce_thumbnail: sizes.woocommerce_thumbnail.source_url,
      woocommerce_single: sizes.woocommerce_single.source_url,
      woocommerce_gallery_thumbnail: sizes.woocommerce_gallery_thumbnail.source_url,
      full: image.source_url,
    });
    expect(cocart.images[0].src.thumbnail).toMatch(/\/lantern-150x150\.jpg$/);

    const category = await wc(app, 'POST', '/products/categories', { name: 'Lighting', image: { src: image.source_url } });
    expect(category.body.image).toMatchObject({ id: image.id, src: image.source_url });
    const unknown = await wc(app, 'POST', '/products', { name: 'X', images: [{ src: `${ORIGIN}/wp-content/uploads/1999/01/nothing.jpg` }] });
    expect(unknown).toMatchObject({ status: 400, body: { code: 'woocommerce_product_invalid_image_id' } });
    expect((await wc(app, 'POST', '/products', { name: 'X', images: [{ id: 999999 }] })).body.code).toBe('woocommerce_product_invalid_image_id');

    // An image elsewhere is kept as a link: an attachment with its URL and no file of ours.
    const linked = await wc(app, 'POST', '/products', { name: 'Linked', images: [{ src: 'https://images.example.com/buoy.png', alt: 'Buoy' }] });
    const attachment = (await app.inject({ method: 'GET', url: `${MEDIA}/${linked.body.images[0].id}` })).json();
    expect(attachment).toMatchObject({ source_url: 'https://images.example.com/buoy.png', alt_text: 'Buoy', mime_type: 'image/png', media_details: {} });
    expect((await app.inject({ method: 'GET', url: `${MEDIA}?search=lantern&orderby=title&order=asc` })).json().map((m: { slug: string }) => m.slug)).toEqual(['lantern', 'lantern-lit']);
  });
});
