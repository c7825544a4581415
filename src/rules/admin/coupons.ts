import { Type, type Static } from '@sinclair/typebox';
import type { Kysely, Selectable } from 'kysely';
import { Ids, invalidParam, literals, orNull, type StoreInput } from '../../catalog/admin/input.ts';
import { commitChange } from '../../cluster/change.ts';
import { isEmail } from '../../commerce/address.ts';
import type { Coupon } from '../../commerce/types.ts';
import type { CouponsTable, Database } from '../../db/schema.ts';
import { CocartError } from '../../errors.ts';
import { statusChangeEvent, type ChangeFeed } from '../../events/changes.ts';
import {
  couponIdByCode, couponInputFromRow, deleteCoupon, findCouponRow, listCouponRows, saveCoupon, type CouponInput,
} from '../repository.ts';
import { ruleAmount, type RulesStore } from './values.ts';

/**
 * Coupons: codes are stored lower case and unique (trash included); `usage_count` and `used_by` are
 * not written here. Deleting without `force` moves a coupon to the trash, as WooCommerce does.
 */

export const COUPON_STATUSES = ['publish', 'draft', 'pending', 'private'] as const;
const DISCOUNT_TYPES = ['percent', 'fixed_cart', 'fixed_product'] as const;
const Limit = Type.Optional(orNull(Type.Integer({ minimum: 0, maximum: 2_147_483_647 })));
const MoneyText = Type.Optional(orNull(Type.String({ maxLength: 20 })));

export const CouponBody = Type.Object({
  code: Type.Optional(Type.String({ maxLength: 200 })),
  amount: Type.Optional(Type.String({ maxLength: 20 })),
  status: Type.Optional(literals(COUPON_STATUSES)),
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

export type CouponRow = Selectable<CouponsTable>;

export function invalidCouponId(kind: 'invalid' | 'not_found'): CocartError {
  return new CocartError('woocommerce_rest_shop_coupon_invalid_id', kind, 'Invalid ID.');
}

function codeExists(): CocartError {
  return new CocartError('woocommerce_rest_coupon_code_already_exists', 'invalid', 'The coupon code already exists');
}

function emptyCode(): CocartError {
  return new CocartError('woocommerce_rest_empty_coupon_code', 'invalid', 'The coupon code cannot be empty.');
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
 * The coupon after the body's changes, every field checked; refuses the first bad field, naming it.
 * Runs inside the write's transaction, so the code's uniqueness is checked against what it will commit to.
 */
async function applyCouponBody(trx: Kysely<Database>, input: StoreInput, base: CouponInput, b: CouponBody, id: number): Promise<CouponInput> {
  const x: CouponInput = { ...base, metaData: [...base.metaData] };
  if (b.code !== undefined) {
    const code = b.code.trim().toLowerCase();
    if (!code) throw emptyCode();
    if ((await couponIdByCode(trx, code, id)) !== null) throw codeExists();
    x.code = code;
  }
  if (b.discount_type !== undefined) x.discountType = b.discount_type as Coupon['discountType'];
  // A percent coupon's amount is a percentage of at most 100; a fixed one is money in the store's decimals.
  if (b.amount !== undefined || b.discount_type !== undefined) x.amount = ruleAmount(x.discountType === 'percent', b.amount ?? x.amount, input.decimals);
  if (b.status !== undefined) x.status = b.status as Coupon['status'];
  if (b.description !== undefined) x.description = b.description;
  // As WooCommerce sets them in schema order, the GMT date wins when both are sent.
  if (b.date_expires !== undefined) x.expiresAt = input.parseDate('date_expires', b.date_expires, false);
  if (b.date_expires_gmt !== undefined) x.expiresAt = input.parseDate('date_expires_gmt', b.date_expires_gmt, true);
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
  if (b.minimum_amount !== undefined) x.minimumAmount = input.parsePrice('minimum_amount', b.minimum_amount) || null;
  if (b.maximum_amount !== undefined) x.maximumAmount = input.parsePrice('maximum_amount', b.maximum_amount) || null;
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

/** Saves and answers the stored row; the unique index on code is the last word when two writers race past the check above. */
async function saveChecked(trx: Kysely<Database>, coupon: CouponInput): Promise<CouponRow> {
  let id: number;
  try {
    id = await saveCoupon(trx, coupon);
  } catch (err) {
    if (/unique|duplicate/i.test(String((err as Error)?.message))) throw codeExists();
    throw err;
  }
  return (await findCouponRow(trx, id))!;
}

/** The coupons' store also tells what it changed, in the change's own transaction (webhooks listen). */
export interface CouponStore extends RulesStore {
  changes: ChangeFeed;
}

/**
 * Coupons as stored rows (the wire shape is built from them); each write answers the row as committed.
 * Every write is told to the change feed as WooCommerce's `coupon.*` webhooks see it: the trash deletes,
 * leaving it restores, and a deletion for good of a coupon already in the trash was told when it went there.
 */
export class CouponService {
  constructor(private readonly store: CouponStore) {}

  all(): Promise<CouponRow[]> {
    return listCouponRows(this.store.database.db);
  }

  async find(id: number): Promise<CouponRow> {
    const row = await findCouponRow(this.store.database.db, id);
    if (!row) throw invalidCouponId('not_found');
    return row;
  }

  async create(input: StoreInput, body: CouponBody & { id?: number }): Promise<CouponRow> {
    if (body.id) throw new CocartError('woocommerce_rest_shop_coupon_exists', 'invalid', 'Cannot create existing %s.', ['shop_coupon']);
    if (!body.code?.trim()) throw emptyCode();
    return commitChange(this.store.database, this.store.rules, async (trx) => this.announce(trx, null, await saveChecked(trx, await applyCouponBody(trx, input, blankCoupon(input.now), body, 0))));
  }

  async update(input: StoreInput, id: number, body: CouponBody): Promise<CouponRow> {
    return commitChange(this.store.database, this.store.rules, async (trx) => {
      const row = id > 0 ? await findCouponRow(trx, id) : null;
      if (!row) throw invalidCouponId('invalid');
      const coupon = await applyCouponBody(trx, input, couponInputFromRow(row), body, id);
      return this.announce(trx, row.status, await saveChecked(trx, { ...coupon, id, modifiedAt: input.now }));
    });
  }

  /** With `force`, deletes the coupon and answers it as it was; without, moves it to the trash and answers it there. */
  async delete(input: StoreInput, id: number, force: boolean): Promise<CouponRow> {
    return commitChange(this.store.database, this.store.rules, async (trx) => {
      const row = id > 0 ? await findCouponRow(trx, id) : null;
      if (!row) throw invalidCouponId('not_found');
      if (force) {
        await deleteCoupon(trx, id);
        if (row.status !== 'trash') await this.store.changes.record(trx, { resource: 'coupon', event: 'deleted', id });
        return row;
      }
      if (row.status === 'trash') throw new CocartError('woocommerce_rest_already_trashed', 'gone', 'The %s has already been deleted.', ['shop_coupon']);
      return this.announce(trx, row.status, await saveChecked(trx, { ...couponInputFromRow(row), status: 'trash', modifiedAt: input.now }));
    });
  }

  /** Tells the change feed of a coupon saved from status `from` (null: new); answers the coupon. */
  private async announce(trx: Kysely<Database>, from: string | null, saved: CouponRow): Promise<CouponRow> {
    await this.store.changes.record(trx, { resource: 'coupon', event: statusChangeEvent(from, saved.status), id: saved.id });
    return saved;
  }
}
