import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { findReview, findReviews, insertReview, isDuplicateReview, lastReviewAt } from '../../catalog/repository.ts';
import type { Review } from '../../catalog/types.ts';
import type { JsonObject } from '../../hooks/types.ts';
import type { Runtime } from '../../runtime.ts';
import { parseDateTime, wpDate, wpDateGmt } from '../dates.ts';
import { paginate } from '../pagination.ts';
import { apiRoot, origin, requestContext } from '../request-context.ts';
import { avatarUrls } from '../avatars.ts';
import { defineRoute } from '../route.ts';
import { ref } from '../openapi/schemas.ts';
import { CocartError } from '../../errors.ts';
import { paragraphs } from '../serializers/html.ts';

/**
 * Product reviews (docs/wire-contract.md#products-api). Shoppers see approved reviews only; a review a
 * client posts is always held for moderation, whatever status it asks for.
 */

const TAGS = ['Products'];
const Ints = Type.Array(Type.Integer({ minimum: 0 }));
const FLOOD_SECONDS = 15;
const MAX_REVIEW_LENGTH = 65525;

const ListArgs = Type.Object({
  context: Type.Optional(Type.String()),
  page: Type.Integer({ minimum: 1, default: 1 }),
  per_page: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  search: Type.Optional(Type.String()),
  after: Type.Optional(Type.String()),
  before: Type.Optional(Type.String()),
  exclude: Type.Optional(Ints),
  include: Type.Optional(Ints),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
  order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
  orderby: Type.Optional(Type.Union(['date', 'date_gmt', 'id', 'include', 'product'].map((v) => Type.Literal(v)))),
  reviewer: Type.Optional(Ints),
  reviewer_exclude: Type.Optional(Ints),
  product: Type.Optional(Ints),
});

const CreateArgs = Type.Object({
  id: Type.Optional(Type.Integer()),
  product_id: Type.Integer({ minimum: 1 }),
  review: Type.String(),
  reviewer: Type.String({ minLength: 1, maxLength: 245 }),
  reviewer_email: Type.String({ format: 'email', maxLength: 100 }),
  rating: Type.Optional(Type.Integer({ minimum: 0, maximum: 5 })),
});

function serializeReview(runtime: Runtime, req: FastifyRequest, r: Review): JsonObject {
  const root = apiRoot(req, runtime);
  const tz = runtime.settings.get().store.timezone_string;
  const out = {
    id: r.id,
    date_created: wpDate(r.createdAt, tz),
    date_created_gmt: wpDateGmt(r.createdAt),
    product_id: r.productId,
    status: r.status,
    reviewer: r.reviewer,
    review: paragraphs(r.review),
    rating: r.rating,
    verified: r.verified,
    reviewer_avatar_urls: avatarUrls(r.reviewerEmail),
    _links: {
      self: [{ href: `${root}/cocart/v2/products/reviews/${r.id}` }],
      collection: [{ href: `${root}/cocart/v2/products/reviews` }],
      up: [{ href: `${root}/cocart/v2/products/${r.productId}` }],
    },
  };
  return runtime.hooks.applyFilters('cocart_prepare_product_review', out, { ...r }, requestContext(req));
}

function date(value: string | undefined, name: string): number | null {
  if (!value) return null;
  const t = parseDateTime(value);
  if (t === null) {
    throw new CocartError('rest_invalid_param', 'invalid', 'Invalid parameter(s): %s', [name], { params: { [name]: `${name} is not a valid date.` } });
  }
  return t;
}

export function registerReviewRoutes(app: FastifyInstance, runtime: Runtime): void {
  defineRoute(app, {
    method: 'GET',
    url: '/cocart/v2/products/reviews',
    summary: 'Approved product reviews',
    tags: TAGS,
    response: { 200: Type.Array(ref('ProductReview')) },
    args: ListArgs,
    handler: async (req, reply, args) => {
      const { total, reviews } = await findReviews(runtime.database.db, {
        productIds: args.product ?? [],
        include: args.include ?? [],
        exclude: args.exclude ?? [],
        reviewer: args.reviewer ?? [],
        reviewerExclude: args.reviewer_exclude ?? [],
        statuses: ['approved'],
        search: args.search ?? '',
        after: date(args.after, 'after'),
        before: date(args.before, 'before'),
        orderBy: (args.orderby ?? 'date_gmt') as 'date' | 'date_gmt' | 'id' | 'include' | 'product',
        order: args.order ?? 'desc',
        limit: args.per_page,
        offset: args.offset ?? (args.page - 1) * args.per_page,
      });
      paginate(req, reply, origin(req, runtime), total, args.page, args.per_page, 'rest_comment_invalid_page_number');
      return reviews.map((r) => serializeReview(runtime, req, r));
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/cocart/v2/products/reviews/:id',
    summary: 'One approved product review',
    tags: TAGS,
    response: { 200: ref('ProductReview') },
    path: Type.Object({ id: Type.Integer({ minimum: 0 }) }),
    handler: async (req, _reply, args) => {
      const review = await findReview(runtime.database.db, args.id);
      if (!review || review.status !== 'approved') throw new CocartError('cocart_cannot_view_review', 'not_found', 'Invalid review ID.');
      return serializeReview(runtime, req, review);
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: '/cocart/v2/products/reviews',
    summary: 'Post a product review (held for moderation)',
    tags: TAGS,
    response: { 201: ref('ProductReview', { description: 'The review, held for moderation' }) },
    args: CreateArgs,
    handler: async (req, reply, args) => {
      if (args.id !== undefined) throw new CocartError('cocart_review_exists', 'invalid', 'Cannot create existing product review.');
      const product = runtime.catalog.current().get(args.product_id);
      if (!product || product.type === 'variation') throw new CocartError('cocart_product_invalid_id', 'not_found', 'Invalid product ID.');
      if (!product.reviewsAllowed) throw new CocartError('cocart_cannot_create', 'forbidden', 'Reviews are closed for this product.');
      const text = args.review.trim();
      if (!text) throw new CocartError('cocart_review_content_invalid', 'invalid', 'Invalid review content.');
      if (text.length > MAX_REVIEW_LENGTH) throw new CocartError('cocart_review_too_long', 'invalid', '%s is too long.', ['review']);
      const email = args.reviewer_email.trim().toLowerCase();
      const db = runtime.database.db;
      if (await isDuplicateReview(db, product.id, email, text)) {
        throw new CocartError('cocart_comment_duplicate', 'conflict', 'Duplicate review detected; it looks as though you have already said that!');
      }
      const now = runtime.now();
      const last = await lastReviewAt(db, email);
      if (last !== null && now - last < FLOOD_SECONDS) {
        throw new CocartError('cocart_comment_flood', 'invalid', 'You are posting reviews too quickly. Slow down.');
      }
      const draft = runtime.hooks.applyFilters(
        'cocart_pre_insert_product_review',
        { productId: product.id, status: 'hold', reviewer: args.reviewer.trim(), reviewerEmail: email, review: text, rating: args.rating ?? 0, verified: false, userId: null, createdAt: now },
        requestContext(req),
      ) as Omit<Review, 'id'>;
      // Moderation is not the client's to decide, whatever a filter or the body says.
      const review = await insertReview(db, { ...draft, status: 'hold', productId: product.id });
      const body = serializeReview(runtime, req, review);
      await runtime.hooks.doAction('cocart_insert_product_review', body, requestContext(req), true);
      reply.status(201).header('location', `${apiRoot(req, runtime)}/cocart/v2/products/reviews/${review.id}`);
      return body;
    },
  });
}
