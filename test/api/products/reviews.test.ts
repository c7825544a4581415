import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { API, ORIGIN } from '../../helpers/api.ts';
import { DATABASES, createTestApp, getJson } from '../../helpers/app.ts';

/** Product reviews (docs/wire-contract.md#products-api). Reviews created here are held, so the approved demo set never changes. */

const REVIEW_KEYS = [
  'id', 'date_created', 'date_created_gmt', 'product_id', 'status', 'reviewer', 'review', 'rating', 'verified',
  'reviewer_avatar_urls', '_links',
];
/** The 12 approved demo reviews, newest first. */
const BY_DATE = [10, 5, 3, 9, 4, 2, 1, 7, 6, 8, 12, 11];

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

describe.each(DATABASES)('product reviews (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await createTestApp(kind);
  });
  afterAll(() => app.close());

  const get = (path: string) => getJson(app, `${API}/products/${path}`);
  async function ids(query: string): Promise<number[]> {
    const { res, body } = await get(`reviews?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return body.map((r: { id: number }) => r.id);
  }
  async function create(payload: Record<string, unknown>) {
    const res = await app.inject({ method: 'POST', url: `${API}/products/reviews`, payload });
    return { res, body: res.json() };
  }

  describe('list', () => {
    it('lists approved reviews, newest first, with the paging headers', async () => {
      const { res, body } = await get('reviews');
      expect(res.statusCode).toBe(200);
      expect(body.map((r: { id: number }) => r.id)).toEqual(BY_DATE.slice(0, 10));
      expect(res.headers['x-wp-total']).toBe('12');
      expect(res.headers['x-wp-totalpages']).toBe('2');
      expect(res.headers.link).toBe(`<${ORIGIN}${API}/products/reviews?page=2>; rel="next"`);
      for (const r of body) expect(r.status).toBe('approved');
    });

    it('has the review shape with avatar URLs and no e-mail', async () => {
      const { body } = await get('reviews?include=1');
      expect(body).toHaveLength(1);
      const r = body[0];
      expect(Object.keys(r)).toEqual(REVIEW_KEYS);
      const hash = md5('harriet.cole@example.co.uk');
      expect(r).toMatchObject({
        id: 1,
        product_id: 11,
        status: 'approved',
        reviewer: 'Harriet Cole',
        review: '<p>Kept me bone dry crossing the Channel in a force 6.</p>\n',
        rating: 5,
        verified: true,
        reviewer_avatar_urls: {
          24: `https://secure.gravatar.com/avatar/${hash}?s=24&d=mm&r=g`,
          48: `https://secure.gravatar.com/avatar/${hash}?s=48&d=mm&r=g`,
          96: `https://secure.gravatar.com/avatar/${hash}?s=96&d=mm&r=g`,
        },
      });
      expect(r.date_created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
      expect(r.date_created_gmt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
      expect(JSON.stringify(r)).not.toContain('example.co.uk');
      expect(r._links.self).toEqual([{ href: `${ORIGIN}${API}/products/reviews/1` }]);
      expect(r._links.collection).toEqual([{ href: `${ORIGIN}${API}/products/reviews` }]);
    });

    it('pages', async () => {
      const { res, body } = await get('reviews?per_page=5&page=2');
      expect(body.map((r: { id: number }) => r.id)).toEqual(BY_DATE.slice(5, 10));
      expect(res.headers['x-wp-totalpages']).toBe('3');
      expect(res.headers.link).toBe(
        `<${ORIGIN}${API}/products/reviews?per_page=5&page=1>; rel="prev", <${ORIGIN}${API}/products/reviews?per_page=5&page=3>; rel="next"`,
      );
      expect(await ids('reviews?per_page=5&offset=10')).toEqual(BY_DATE.slice(10));
    });

    it('filters by product', async () => {
      expect(await ids('product=11,29')).toEqual([5, 3, 4, 2, 1]);
      expect(await ids('product=11')).toEqual([3, 2, 1]);
      expect(await ids('product=10')).toEqual([]);
      const { res } = await get('reviews?product=10');
      expect(res.headers['x-wp-total']).toBe('0');
    });

    it('orderby and order', async () => {
      expect(await ids('orderby=id&order=asc&per_page=100')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      expect(await ids('orderby=id&order=desc&per_page=100')).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
      expect(await ids('orderby=date&order=asc&per_page=100')).toEqual([...BY_DATE].reverse());
      const { body } = await get('reviews?orderby=product&order=asc&per_page=100');
      const products = body.map((r: { product_id: number }) => r.product_id);
      expect(products).toEqual([...products].sort((a, b) => a - b));
      expect(await ids('include=3,1,7&orderby=include')).toEqual([3, 1, 7]);
    });

    it('search, include and exclude', async () => {
      expect(await ids('search=jacket')).toEqual([2]);
      expect(await ids('include=1,2')).toEqual([2, 1]);
      expect(await ids('exclude=10,5&per_page=3')).toEqual([3, 9, 4]);
    });

    it('refuses invalid parameters', async () => {
      for (const query of ['orderby=rating', 'order=up', 'per_page=500', 'after=last-week']) {
        const { res, body } = await get(`reviews?${query}`);
        expect(res.statusCode, query).toBe(400);
        expect(body.code, query).toBe('rest_invalid_param');
      }
    });
  });

  describe('single', () => {
    it('one approved review', async () => {
      const { res, body } = await get('reviews/4');
      expect(res.statusCode).toBe(200);
      expect(body).toMatchObject({ id: 4, product_id: 29, reviewer: 'Gareth Lewis', rating: 4, verified: true, status: 'approved' });
      expect((await get('reviews?include=4')).body[0]).toEqual(body);
    });

    it('unknown → 404 cocart_cannot_view_review', async () => {
      const { res, body } = await get('reviews/9999');
      expect(res.statusCode).toBe(404);
      expect(body).toMatchObject({ code: 'cocart_cannot_view_review', data: { status: 404 } });
    });
  });

  describe('create', () => {
    it('201 with a Location header; held for moderation even when the body says approved', async () => {
      const { res, body } = await create({
        product_id: 11,
        review: 'Warm and dry.\n\nWould buy again.',
        reviewer: 'Quinn Test',
        reviewer_email: 'Quinn.Test@Example.test',
        rating: 4,
        status: 'approved',
        verified: true,
      });
      expect(res.statusCode).toBe(201);
      expect(Object.keys(body)).toEqual(REVIEW_KEYS);
      expect(body).toMatchObject({
        product_id: 11,
        status: 'hold',
        reviewer: 'Quinn Test',
        review: '<p>Warm and dry.</p>\n<p>Would buy again.</p>\n',
        rating: 4,
        verified: false,
      });
      expect(body.id).toBeGreaterThan(12);
      expect(res.headers.location).toBe(`${ORIGIN}${API}/products/reviews/${body.id}`);
      expect(body.reviewer_avatar_urls['96']).toBe(`https://secure.gravatar.com/avatar/${md5('quinn.test@example.test')}?s=96&d=mm&r=g`);
    });

    it('a held review is not listed, cannot be read and does not change the product’s review count', async () => {
      const before = (await get('11?fields=review_count,average_rating')).body;
      expect(before).toEqual({ review_count: 3, average_rating: '4.67' });
      const { res, body } = await create({ product_id: 11, review: 'Too short in the arm.', reviewer: 'Held Reviewer', reviewer_email: 'held@example.test', rating: 1 });
      expect(res.statusCode).toBe(201);
      expect(await ids('product=11')).toEqual([3, 2, 1]);
      expect((await get('reviews')).res.headers['x-wp-total']).toBe('12');
      expect((await get(`reviews/${body.id}`)).res.statusCode).toBe(404);
      expect((await get('11?fields=review_count,average_rating')).body).toEqual(before);
    });

    it('the rating is optional', async () => {
      const { res, body } = await create({ product_id: 29, review: 'No stars from me, just words.', reviewer: 'No Stars', reviewer_email: 'nostars@example.test' });
      expect(res.statusCode).toBe(201);
      expect(body.rating).toBe(0);
    });

    it('missing fields → 400 rest_missing_callback_param naming them', async () => {
      const { res, body } = await create({ product_id: 11 });
      expect(res.statusCode).toBe(400);
      expect(body.code).toBe('rest_missing_callback_param');
      expect(body.data.status).toBe(400);
      expect([...body.data.params].sort()).toEqual(['review', 'reviewer', 'reviewer_email']);
      const empty = await create({});
      expect(empty.body.code).toBe('rest_missing_callback_param');
      expect([...empty.body.data.params].sort()).toEqual(['product_id', 'review', 'reviewer', 'reviewer_email']);
    });

    it('a bad e-mail → 400 rest_invalid_param', async () => {
      const { res, body } = await create({ product_id: 11, review: 'Fine.', reviewer: 'Bad Email', reviewer_email: 'not-an-email' });
      expect(res.statusCode).toBe(400);
      expect(body.code).toBe('rest_invalid_param');
      expect(Object.keys(body.data.params)).toEqual(['reviewer_email']);
    });

    it('rating 6 → 400 rest_invalid_param', async () => {
      const { res, body } = await create({ product_id: 11, review: 'Six stars!', reviewer: 'Six Stars', reviewer_email: 'six@example.test', rating: 6 });
      expect(res.statusCode).toBe(400);
      expect(body.code).toBe('rest_invalid_param');
      expect(Object.keys(body.data.params)).toEqual(['rating']);
    });

    it.each([999, 50, 21])('product %i (unknown, draft, variation) → 404 cocart_product_invalid_id', async (productId) => {
      const { res, body } = await create({ product_id: productId, review: 'Hello.', reviewer: 'Nobody', reviewer_email: `nobody${productId}@example.test` });
      expect(res.statusCode).toBe(404);
      expect(body).toMatchObject({ code: 'cocart_product_invalid_id', data: { status: 404 } });
    });

    it('an id in the body → 400 cocart_review_exists', async () => {
      const { res, body } = await create({ id: 3, product_id: 11, review: 'Edit.', reviewer: 'Editor', reviewer_email: 'editor@example.test' });
      expect(res.statusCode).toBe(400);
      expect(body).toMatchObject({ code: 'cocart_review_exists', data: { status: 400 } });
    });

    it('the same review twice → 409 cocart_comment_duplicate', async () => {
      const review = { product_id: 35, review: 'Crystal clear on channel 16.', reviewer: 'Dup Licate', reviewer_email: 'duplicate@example.test', rating: 5 };
      expect((await create(review)).res.statusCode).toBe(201);
      const { res, body } = await create({ ...review, reviewer_email: 'DUPLICATE@example.test' });
      expect(res.statusCode).toBe(409);
      expect(body).toMatchObject({ code: 'cocart_comment_duplicate', data: { status: 409 } });
    });

    it('a second review within seconds → 400 cocart_comment_flood', async () => {
      expect((await create({ product_id: 10, review: 'First thoughts.', reviewer: 'Fast Poster', reviewer_email: 'flood@example.test' })).res.statusCode).toBe(201);
      const { res, body } = await create({ product_id: 10, review: 'Second thoughts.', reviewer: 'Fast Poster', reviewer_email: 'flood@example.test' });
      expect(res.statusCode).toBe(400);
      expect(body.code).toBe('cocart_comment_flood');
    });

    it('blank review text → 400 cocart_review_content_invalid', async () => {
      const { res, body } = await create({ product_id: 10, review: '   ', reviewer: 'Blank', reviewer_email: 'blank@example.test' });
      expect(res.statusCode).toBe(400);
      expect(body.code).toBe('cocart_review_content_invalid');
    });

    it('a product with reviews closed → 403 cocart_cannot_create', async () => {
      const { res, body } = await create({ product_id: 41, review: 'Nice card.', reviewer: 'Closed', reviewer_email: 'closed@example.test' });
      expect(res.statusCode).toBe(403);
      expect(body.code).toBe('cocart_cannot_create');
    });

    it('HTML in the review is escaped', async () => {
      const { res, body } = await create({ product_id: 30, review: '<script>alert(1)</script> & more', reviewer: 'Html Tester', reviewer_email: 'html@example.test' });
      expect(res.statusCode).toBe(201);
      expect(body.review).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</p>\n');
    });
  });
});
