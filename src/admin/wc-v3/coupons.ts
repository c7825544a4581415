import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely, Selectable } from 'kysely';
import { Type, type Static } from '@sinclair/typebox';
import { compileArgs } from '../../api/args.ts';
import { paginate } from '../../api/pagination.ts';
import { origin } from '../../api/request-context.ts';
import { defineRoute } from '../../api/route.ts';
import { isEmail } from '../../commerce/address.ts';
import { parseMajor, toMajorString } from '../../commerce/money.ts';
import type { Coupon } from '../../commerce/types.ts';
import type { CouponsTable, Database } from '../../db/schema.ts';
import { CocartError } from '../../errors.ts';
import type { JsonObject } from '../../hooks/types.ts';
import { couponIdByCode, couponInputFromRow, deleteCoupon, findCouponRow, saveCoupon, type CouponInput } from '../../rules/repository.ts';
import type { Runtime } from '../../runtime.ts';
import { requireManager } from './access.ts';
import { defineBatchRoute } from './batch.ts';
import { links, pathId, WcContext } from './context.ts';
import { invalidParam } from '../../catalog/admin/input.ts';
import { compareKeys, pageOf, parseAmount, parsePercent } from './rules-common.ts';
import { COLLECTION_ARGS, Ids, literals, orNull } from './schema.ts';

/**
 * `wc/v3/coupons`: WooCommerce's coupons controller (list, create, retrieve, update, delete, batch).
 * Amounts are decimal strings with two decimals on the way out; codes are stored lower case and unique;
 * `usage_count` and `used_by` are read-only. Deleting without `force` moves a coupon to the trash, as there.
 */

const TAGS = ['WooCommerce: coupons'];
const BASE = '/wc/v3/coupons';
const ONE = `${BASE}/:id(^\\d+$)`;

const DISCOUNT_TYPES = ['percent', 'fixed_cart', 'fixed_product'] as const;
const STATUSES = ['publish', 'draft', 'pending', 'private'] as const;
const Limit = Type.Optional(orNull(Type.Integer({ minimum: 0, maximum: 2_147_483_647 })));
const MoneyText = Type.Optional(orNull(Type.String({ maxLength: 20 })));

export const CouponBody = Type.Object({
  code: Type.Optional(Type.String({ maxLength: 200 })),
  amount: Type.Optional(Type.String({ maxLength: 20 })),
  status: Type.Optional(literals(STATUSES)),
  discount_type: Type.Optional(literals(DISCOUNT_TYPES)),
  description: Type.Optional(Type.String()),
  date_expires: Type.Optional(orNull(Type.String())),
  date_expires_gmt: Type.Optional(orNull(Type.String())),
  individual_use: Type.Optional(Type.Boolean()),
  product_ids: Type.Optional(Ids),
  excluded_product_ids: Type.Optional(Ids),
  usage_limit: Limit,
  usage_limit_per_user: Limit,
  limit_usage_to_x_items: Limit,
  free_shipping: Type.Optional(Type.Boolean()),
  product_categories: Type.Optional(Ids),
  excluded_product_categories: Type.Optional(Ids),
  exclude_sale_items: Type.Optional(Type.Boolean()),
  minimum_amount: MoneyText,
  maximum_amount: MoneyText,
  email_restrictions: Type.Optional(Type.Array(Type.String({ maxLength: 254 }))),
  meta_data: Type.Optional(
    Type.Array(Type.Object({ id: Type.Optional(Type.Integer({ minimum: 0 })), key: Type.String({ minLength: 1, maxLength: 255 }), value: Type.Optional(Type.Unknown()) })),
  ),
});
export type CouponBody = Static<typeof CouponBody>;
const CreateBody = Type.Object({ ...CouponBody.properties, code: Type.String({ maxLength: 200 }), id: Type.Optional(Type.Integer({ minimum: 0 })) });

const ListArgs = Type.Object({
  ...COLLECTION_ARGS,
  orderby: Type.Optional(literals(['date', 'id', 'include', 'title', 'slug', 'modified'])),
  code: Type.Optional(Type.String()),
  status: Type.Optional(literals(['any', 'trash', ...STATUSES])),
});
type ListArgs = Static<typeof ListArgs>;

export function invalidCouponId(kind: 'invalid' | 'not_found'): CocartError {
  return new CocartError('woocommerce_rest_shop_coupon_invalid_id', kind, 'Invalid ID.');
}

function codeExists(): CocartError {
  return new CocartError('woocommerce_rest_coupon_code_already_exists', 'invalid', 'The coupon code already exists');
}

/** WooCommerce's wc_format_decimal(…, 2) of a stored amount. */
function twoPlaces(text: string): string {
  return toMajorString(parseMajor(text, 2) ?? 0, 2);
}

export function couponJson(c: WcContext, r: Selectable<CouponsTable>): JsonObject {
  const x = couponInputFromRow(r);
  const self = `${c.root}/coupons/${x.id}`;
  return {
    id: x.id,
    code: x.code,
    amount: twoPlaces(x.amount),
    status: x.status,
    date_created: c.date(x.createdAt),
    date_created_gmt: c.dateGmt(x.createdAt),
    date_modified: c.date(x.modifiedAt),
    date_modified_gmt: c.dateGmt(x.modifiedAt),
    discount_type: x.discountType,
    description: x.description,
    date_expires: c.date(x.expiresAt),
    date_expires_gmt: c.dateGmt(x.expiresAt),
    usage_count: x.usageCount,
    individual_use: x.individualUse,
    product_ids: x.productIds,
    excluded_product_ids: x.excludedProductIds,
    usage_limit: x.usageLimit || null,
    usage_limit_per_user: x.usageLimitPerUser || null,
    limit_usage_to_x_items: x.limitUsageToXItems || null,
    free_shipping: x.freeShipping,
    product_categories: x.productCategories,
    excluded_product_categories: x.excludedProductCategories,
    exclude_sale_items: x.excludeSaleItems,
    minimum_amount: c.money(x.minimumAmount ?? 0),
    maximum_amount: c.money(x.maximumAmount ?? 0),
    email_restrictions: x.emailRestrictions,
    used_by: x.usedBy,
    meta_data: x.metaData as unknown as JsonObject[],
    _links: links(self, `${c.root}/coupons`),
  };
}

function blankCoupon(now: number): CouponInput {
  return {
    code: '', status: 'publish', discountType: 'fixed_cart', amount: '0', description: '', expiresAt: null, usageCount: 0,
    individualUse: false, productIds: [], excludedProductIds: [], usageLimit: null, usageLimitPerUser: null, limitUsageToXItems: null,
    freeShipping: false, productCategories: [], excludedProductCategories: [], excludeSaleItems: false, minimumAmount: null,
    maximumAmount: null, emailRestrictions: [], usedBy: [], metaData: [], createdAt: now, modifiedAt: now,
  };
}

const unique = (ids: number[]) => [...new Set(ids)];

/**
 * The coupon after the body's changes, every field checked; throws a 400 naming the first bad field.
 * Runs inside the write's transaction, so the code's uniqueness is checked against what it will commit to.
 */
async function applyCouponBody(trx: Kysely<Database>, c: WcContext, base: CouponInput, b: CouponBody, id: number): Promise<CouponInput> {
  const x: CouponInput = { ...base, metaData: [...base.metaData] };
  if (b.code !== undefined) {
    const code = b.code.trim().toLowerCase();
    if (!code) throw new CocartError('woocommerce_rest_empty_coupon_code', 'invalid', 'The coupon code cannot be empty.');
    if ((await couponIdByCode(trx, code, id)) !== null) throw codeExists();
    x.code = code;
  }
  if (b.discount_type !== undefined) x.discountType = b.discount_type as Coupon['discountType'];
  if (b.amount !== undefined || b.discount_type !== undefined) {
    // A percent coupon's amount is a percentage of at most 100; a fixed one is money in the store's decimals.
    const amount = b.amount ?? x.amount;
    x.amount = x.discountType === 'percent' ? parsePercent('amount', amount, 100) : toMajorString(parseAmount('amount', amount, c.decimals), c.decimals);
  }
  if (b.status !== undefined) x.status = b.status as Coupon['status'];
  if (b.description !== undefined) x.description = b.description;
  // As WooCommerce sets them in schema order, the GMT date wins when both are sent.
  if (b.date_expires !== undefined) x.expiresAt = c.parseDate('date_expires', b.date_expires, false);
  if (b.date_expires_gmt !== undefined) x.expiresAt = c.parseDate('date_expires_gmt', b.date_expires_gmt, true);
  if (b.individual_use !== undefined) x.individualUse = b.individual_use;
  if (b.product_ids !== undefined) x.productIds = unique(b.product_ids);
  if (b.excluded_product_ids !== undefined) x.excludedProductIds = unique(b.excluded_product_ids);
  if (b.product_categories !== undefined) x.productCategories = unique(b.product_categories);
  if (b.excluded_product_categories !== undefined) x.excludedProductCategories = unique(b.excluded_product_categories);
  // 0 and null both mean "no limit", as WooCommerce answers either with null.
  if (b.usage_limit !== undefined) x.usageLimit = b.usage_limit || null;
  if (b.usage_limit_per_user !== undefined) x.usageLimitPerUser = b.usage_limit_per_user || null;
  if (b.limit_usage_to_x_items !== undefined) x.limitUsageToXItems = b.limit_usage_to_x_items || null;
  if (b.free_shipping !== undefined) x.freeShipping = b.free_shipping;
  if (b.exclude_sale_items !== undefined) x.excludeSaleItems = b.exclude_sale_items;
  if (b.minimum_amount !== undefined) x.minimumAmount = c.parsePrice('minimum_amount', b.minimum_amount) || null;
  if (b.maximum_amount !== undefined) x.maximumAmount = c.parsePrice('maximum_amount', b.maximum_amount) || null;
  if (b.email_restrictions !== undefined) {
    const emails = b.email_restrictions.map((e) => e.trim().toLowerCase()).filter(Boolean);
    // WC_Coupon::set_email_restrictions(): an address, or a pattern with `*`.
    const bad = emails.find((e) => !e.includes('*') && !isEmail(e));
    if (bad !== undefined) throw invalidParam('email_restrictions', `Invalid email address restriction: ${bad}`);
    x.emailRestrictions = [...new Set(emails)];
  }
  if (b.meta_data !== undefined) {
    // update_meta_data(): by id when given, else by key; new entries get the next id.
    let next = x.metaData.reduce((n, m) => Math.max(n, m.id), 0);
    for (const m of b.meta_data) {
      const at = m.id ? x.metaData.findIndex((e) => e.id === m.id) : x.metaData.findIndex((e) => e.key === m.key);
      if (at >= 0) x.metaData[at] = { id: x.metaData[at].id, key: m.key, value: m.value ?? '' };
      else x.metaData.push({ id: ++next, key: m.key, value: m.value ?? '' });
    }
  }
  return x;
}

/** The unique index on code is the last word when two writers race past the check above. */
async function saveChecked(trx: Kysely<Database>, coupon: CouponInput): Promise<number> {
  try {
    return await saveCoupon(trx, coupon);
  } catch (err) {
    if (/unique|duplicate/i.test(String((err as Error)?.message))) throw codeExists();
    throw err;
  }
}

export function couponWrites(runtime: Runtime, req: FastifyRequest) {
  const db = runtime.database.db;
  const answer = async (id: number): Promise<JsonObject> => {
    await runtime.rules.changed();
    return couponJson(new WcContext(runtime, req), (await findCouponRow(db, id))!);
  };
  return {
    async create(body: CouponBody & { id?: number }): Promise<JsonObject> {
      if (body.id) throw new CocartError('woocommerce_rest_shop_coupon_exists', 'invalid', 'Cannot create existing %s.', ['shop_coupon']);
      if (!body.code?.trim()) throw new CocartError('woocommerce_rest_empty_coupon_code', 'invalid', 'The coupon code cannot be empty.');
      const c = new WcContext(runtime, req);
      const id = await db.transaction().execute(async (trx) => saveChecked(trx, await applyCouponBody(trx, c, blankCoupon(c.now), body, 0)));
      return answer(id);
    },
    async update(id: number, body: CouponBody): Promise<JsonObject> {
      const c = new WcContext(runtime, req);
      await db.transaction().execute(async (trx) => {
        const row = id > 0 ? await findCouponRow(trx, id) : null;
        if (!row) throw invalidCouponId('invalid');
        const coupon = await applyCouponBody(trx, c, couponInputFromRow(row), body, id);
        await saveChecked(trx, { ...coupon, id, modifiedAt: c.now });
      });
      return answer(id);
    },
    async delete(id: number, force: boolean): Promise<JsonObject> {
      const c = new WcContext(runtime, req);
      const before = await db.transaction().execute(async (trx) => {
        const row = id > 0 ? await findCouponRow(trx, id) : null;
        if (!row) throw invalidCouponId('not_found');
        if (force) {
          await deleteCoupon(trx, id);
          return couponJson(c, row);
        }
        if (row.status === 'trash') throw new CocartError('woocommerce_rest_already_trashed', 'gone', 'The %s has already been deleted.', ['shop_coupon']);
        await saveCoupon(trx, { ...couponInputFromRow(row), status: 'trash', modifiedAt: c.now });
        return null;
      });
      if (before) {
        await runtime.rules.changed();
        return before;
      }
      return answer(id);
    },
  };
}

function listCoupons(c: WcContext, rows: Selectable<CouponsTable>[], args: ListArgs): { total: number; items: Selectable<CouponsTable>[] } {
  const gmt = args.dates_are_gmt ?? false;
  const after = args.after ? c.parseDate('after', args.after, gmt) : null;
  const before = args.before ? c.parseDate('before', args.before, gmt) : null;
  const modifiedAfter = args.modified_after ? c.parseDate('modified_after', args.modified_after, gmt) : null;
  const modifiedBefore = args.modified_before ? c.parseDate('modified_before', args.modified_before, gmt) : null;
  const search = args.search?.trim().toLowerCase();
  const code = args.code?.trim().toLowerCase();
  const status = args.status ?? 'any';
  const found = rows.filter((r) => {
    const created = Number(r.created_at);
    const modified = Number(r.modified_at);
    if (status === 'any' ? r.status === 'trash' : r.status !== status) return false;
    if (code && r.code !== code) return false;
    if (search && !r.code.includes(search) && !r.description.toLowerCase().includes(search)) return false;
    if (args.include?.length && !args.include.includes(Number(r.id))) return false;
    if (args.exclude?.includes(Number(r.id))) return false;
    if (after !== null && created <= after) return false;
    if (before !== null && created >= before) return false;
    if (modifiedAfter !== null && modified <= modifiedAfter) return false;
    if (modifiedBefore !== null && modified >= modifiedBefore) return false;
    return true;
  });
  const orderby = args.orderby ?? 'date';
  const dir = (args.order ?? 'desc').toLowerCase() === 'asc' ? 1 : -1;
  const key = (r: Selectable<CouponsTable>): string | number => {
    switch (orderby) {
      case 'id': return Number(r.id);
      case 'title':
      case 'slug': return r.code;
      case 'modified': return Number(r.modified_at);
      case 'include': return args.include?.indexOf(Number(r.id)) ?? 0;
      default: return Number(r.created_at);
    }
  };
  found.sort((a, b) => (orderby === 'include' ? compareKeys(key(a), key(b)) : dir * (compareKeys(key(a), key(b)) || Number(a.id) - Number(b.id))));
  return { total: found.length, items: pageOf(found, args) };
}

export function registerCouponRoutes(app: FastifyInstance, runtime: Runtime): void {
  const db = runtime.database.db;
  defineRoute(app, {
    method: 'GET',
    url: BASE,
    summary: 'List coupons (every status but trash unless `status` says otherwise)',
    tags: TAGS,
    args: ListArgs,
    handler: async (req, reply, args) => {
      requireManager(req, 'list');
      const c = new WcContext(runtime, req);
      const { total, items } = listCoupons(c, await db.selectFrom('coupons').selectAll().execute(), args);
      paginate(req, reply, origin(req, runtime), total, args.page, args.per_page, null);
      return items.map((r) => couponJson(c, r));
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: BASE,
    summary: 'Create a coupon (code required, stored lower case)',
    tags: TAGS,
    args: CreateBody,
    handler: async (req, reply, args) => {
      requireManager(req, 'create');
      const body = await couponWrites(runtime, req).create(args);
      return reply.status(201).header('location', `${new WcContext(runtime, req).root}/coupons/${body.id}`).send(body);
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: ONE,
    summary: 'Retrieve a coupon',
    tags: TAGS,
    args: Type.Object({ context: Type.Optional(Type.String()) }),
    handler: async (req) => {
      requireManager(req, 'view');
      const row = await findCouponRow(db, pathId(req));
      if (!row) throw invalidCouponId('not_found');
      return couponJson(new WcContext(runtime, req), row);
    },
  });

  defineRoute(app, {
    method: ['PUT', 'PATCH', 'POST'],
    url: ONE,
    summary: 'Update a coupon (only the fields sent change)',
    tags: TAGS,
    args: CouponBody,
    handler: async (req, _reply, args) => {
      requireManager(req, 'edit');
      return couponWrites(runtime, req).update(pathId(req), args);
    },
  });

  defineRoute(app, {
    method: 'DELETE',
    url: ONE,
    summary: 'Move a coupon to the trash, or delete it for good with force=true',
    tags: TAGS,
    args: Type.Object({ force: Type.Boolean({ default: false }) }),
    handler: async (req, _reply, args) => {
      requireManager(req, 'delete');
      return couponWrites(runtime, req).delete(pathId(req), args.force);
    },
  });

  const validateCreate = compileArgs(CreateBody);
  const validateUpdate = compileArgs(CouponBody);
  defineBatchRoute(app, `${BASE}/batch`, TAGS, requireManager, (req) => {
    const writes = couponWrites(runtime, req);
    return {
      create: (item) => writes.create(validateCreate({ json: item }) as CouponBody),
      update: (item) => writes.update(Number.isSafeInteger(Number(item.id)) ? Number(item.id) : 0, validateUpdate({ json: item }) as CouponBody),
      delete: (id) => writes.delete(id, true),
    };
  });
}
