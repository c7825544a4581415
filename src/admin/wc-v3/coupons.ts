import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { parseMajor, toMajorString } from '../../commerce/money.ts';
import type { JsonObject } from '../../hooks/types.ts';
import { COUPON_STATUSES, CouponBody, CouponService, type CouponRow } from '../../rules/admin/coupons.ts';
import { couponInputFromRow } from '../../rules/repository.ts';
import type { Runtime } from '../../runtime.ts';
import { requireManager } from './access.ts';
import { links, type WcContext } from './context.ts';
import { compareKeys, pageOf } from './listing.ts';
import { defineResource } from './resource.ts';
import { COLLECTION_ARGS, literals, ViewArgs } from './schema.ts';

/**
 * `wc/v3/coupons`: WooCommerce's coupons controller (list, create, retrieve, update, delete, batch).
 * Amounts are decimal strings with two decimals on the way out; codes are stored lower case and unique;
 * `usage_count` and `used_by` are read-only. Deleting without `force` moves a coupon to the trash, as there.
 */

const CreateBody = Type.Object({ ...CouponBody.properties, code: Type.String({ maxLength: 200 }), id: Type.Optional(Type.Integer({ minimum: 0 })) });

const ListArgs = Type.Object({
  ...COLLECTION_ARGS,
  orderby: Type.Optional(literals(['date', 'id', 'include', 'title', 'slug', 'modified'])),
  code: Type.Optional(Type.String()),
  status: Type.Optional(literals(['any', 'trash', ...COUPON_STATUSES])),
});
type ListArgs = Static<typeof ListArgs>;

/** WooCommerce's wc_format_decimal(…, 2) of a stored amount. */
function twoPlaces(text: string): string {
  return toMajorString(parseMajor(text, 2) ?? 0, 2);
}

export function couponJson(c: WcContext, r: CouponRow): JsonObject {
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

function listCoupons(c: WcContext, rows: CouponRow[], args: ListArgs): { total: number; items: CouponRow[] } {
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
  const key = (r: CouponRow): string | number => {
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
  const coupons = new CouponService(runtime);
  defineResource(app, runtime, {
    url: '/wc/v3/coupons',
    tags: ['WooCommerce: coupons'],
    summaries: {
      list: 'List coupons (every status but trash unless `status` says otherwise)',
      create: 'Create a coupon (code required, stored lower case)',
      get: 'Retrieve a coupon',
      update: 'Update a coupon (only the fields sent change)',
      delete: 'Move a coupon to the trash, or delete it for good with force=true',
    },
    args: { list: ListArgs, create: CreateBody, update: CouponBody, get: ViewArgs },
    permit: requireManager,
    json: couponJson,
    list: async (c, args) => listCoupons(c, await coupons.all(), args),
    get: (_c, id) => coupons.find(id),
    create: (c, body) => coupons.create(c, body),
    update: (c, id, body) => coupons.update(c, id, body),
    delete: (c, id, force) => coupons.delete(c, id, force),
  });
}
