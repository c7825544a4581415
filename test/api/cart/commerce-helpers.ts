import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { completeProduct } from '../../../src/catalog/product.ts';
import { saveProduct } from '../../../src/catalog/repository.ts';
import type { ProductInput } from '../../../src/catalog/types.ts';
import { saveCoupon, saveFeeRule, type CouponInput, type FeeInput } from '../../../src/rules/repository.ts';
import { createTestApp, type DatabaseKind } from '../../helpers/app.ts';
import { basicAuth, withUser } from '../../helpers/auth.ts';
import { addItem, call, ok, type CallResult } from './helpers.ts';

/**
 * Plumbing for the tests of the store's commerce rules (taxes, shipping, coupons, fees): a demo store
 * with an administrator, settings changed through the settings API, products and rules written for a
 * test, and the totals invariants every priced cart must keep.
 */

const ADMIN = basicAuth('rules-admin');

/** The demo store (its tax rates, zones, coupons and fee) with an administrator to change settings. */
export async function storeApp(kind: DatabaseKind): Promise<FastifyInstance> {
  const app = await createTestApp(kind);
  await withUser(app, 'administrator', 'rules-admin');
  return app;
}

/** POST /wp-json/cocart/settings/save as the administrator; must succeed. */
export async function saveSettings(app: FastifyInstance, settings: object): Promise<any> {
  const r = await app.inject({ method: 'POST', url: '/wp-json/cocart/settings/save', headers: { authorization: ADMIN }, payload: settings });
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
}

export interface TaxOptions {
  calc_taxes?: boolean;
  prices_include_tax?: boolean;
  tax_based_on?: 'shipping' | 'billing' | 'base';
  shipping_tax_class?: string;
  tax_round_at_subtotal?: boolean;
  tax_display_cart?: 'incl' | 'excl';
  tax_total_display?: 'itemized' | 'single';
  adjust_non_base_location_prices?: boolean;
}

/** WooCommerce's defaults with taxes switched on; each test states what it changes. */
export const TAXES_ON: Required<TaxOptions> = {
  calc_taxes: true,
  prices_include_tax: false,
  tax_based_on: 'shipping',
  shipping_tax_class: 'inherit',
  tax_round_at_subtotal: false,
  tax_display_cart: 'excl',
  tax_total_display: 'itemized',
  adjust_non_base_location_prices: true,
};

/** Sets every tax option (TAXES_ON with these changes), so no test depends on the one before it. */
export function setTaxes(app: FastifyInstance, options: TaxOptions = {}): Promise<any> {
  return saveSettings(app, { tax: { ...TAXES_ON, ...options } });
}

let made = 0;

/** A published product for one test; returns its id as the string add-item takes. */
export async function makeProduct(app: FastifyInstance, input: ProductInput): Promise<string> {
  made++;
  const name = input.name ?? `Test product ${made}`;
  const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${made}-${Math.random().toString(36).slice(2, 8)}`;
  const id = await saveProduct(app.runtime.database.db, completeProduct({ status: 'publish', slug, ...input, name }, Math.floor(Date.now() / 1000)));
  await app.runtime.catalog.changed();
  return String(id);
}

/** A coupon with WooCommerce's defaults for everything not given. */
export async function makeCoupon(app: FastifyInstance, c: Partial<CouponInput> & Pick<CouponInput, 'code' | 'discountType' | 'amount'>): Promise<number> {
  const now = Math.floor(Date.now() / 1000);
  const id = await saveCoupon(app.runtime.database.db, {
    status: 'publish', description: '', expiresAt: null, usageCount: 0, individualUse: false, productIds: [], excludedProductIds: [],
    usageLimit: null, usageLimitPerUser: null, limitUsageToXItems: null, freeShipping: false, productCategories: [],
    excludedProductCategories: [], excludeSaleItems: false, minimumAmount: null, maximumAmount: null, emailRestrictions: [], usedBy: [],
    metaData: [], createdAt: now, modifiedAt: now, ...c,
  });
  await app.runtime.rules.changed();
  return id;
}

export async function saveFee(app: FastifyInstance, fee: FeeInput): Promise<number> {
  const id = await saveFeeRule(app.runtime.database.db, fee);
  await app.runtime.rules.changed();
  return id;
}

/** The demo store's "Small order fee" rule as seeded (a fixed £1.50 under £10 for carts that ship). */
export const SMALL_ORDER_FEE: FeeInput = {
  name: 'Small order fee', enabled: true, type: 'fixed', amount: '1.50', taxable: true, taxClass: '',
  minimumAmount: null, maximumAmount: 999, countries: [], paymentMethods: [], requiresShipping: true,
};

/** Switches the demo small-order fee on or off (it would otherwise join every cheap cart that ships). */
export async function smallOrderFee(app: FastifyInstance, enabled: boolean): Promise<void> {
  const row = await app.runtime.database.db.selectFrom('fee_rules').select('id').where('name', '=', 'Small order fee').executeTakeFirstOrThrow();
  await saveFee(app, { ...SMALL_ORDER_FEE, id: Number(row.id), enabled });
}

/** A new cart with these lines ([id, quantity]); returns its key. */
export async function cartWith(app: FastifyInstance, lines: [string, number][]): Promise<string> {
  let key: string | undefined;
  for (const [id, quantity] of lines) {
    const r = await addItem(app, { id, quantity: String(quantity) }, key);
    ok(r);
    key ??= r.key;
  }
  return key!;
}

/** update-customer with these fields; returns the cart. */
export async function updateCustomer(app: FastifyInstance, key: string, fields: Record<string, unknown>, query = ''): Promise<any> {
  const cart = ok(await call(app, { method: 'POST', url: `/cart/update?namespace=update-customer${query ? `&${query}` : ''}`, key, body: fields }));
  expect(cart.notices?.error, JSON.stringify(cart.notices)).toBeUndefined();
  return cart;
}

export function applyCoupon(app: FastifyInstance, key: string | undefined, code: unknown, query = ''): Promise<CallResult> {
  return call(app, { method: 'POST', url: `/cart/apply-coupon${query}`, key, body: { code } });
}

export function removeCoupon(app: FastifyInstance, key: string, code: unknown, query = ''): Promise<CallResult> {
  return call(app, { method: 'DELETE', url: `/cart/remove-coupon${query}`, key, body: { code } });
}

export function chooseRate(app: FastifyInstance, key: string, body: Record<string, unknown>, query = ''): Promise<CallResult> {
  return call(app, { method: 'POST', url: `/cart/shipping-methods${query}`, key, body });
}

export async function readCart(app: FastifyInstance, key: string, query = ''): Promise<any> {
  return ok(await call(app, { url: `/cart${query}`, key }));
}

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

/**
 * The totals agree with their parts (the cart's `totals`): the grand total is the items after discounts plus
 * shipping, fees and all tax; rounding per line, the tax is the items' tax plus shipping's and the
 * fees', and the subtotal tax the items' subtotal tax. Item totals are excl. tax whatever the display,
 * so this holds for carts displayed incl. tax too. Itemized or single, the taxes section adds up.
 */
export function expectConsistent(cart: any, { perLine = true }: { perLine?: boolean } = {}): void {
  const t = cart.totals;
  for (const k of ['subtotal', 'subtotal_tax', 'fee_total', 'fee_tax', 'discount_total', 'discount_tax', 'shipping_total', 'shipping_tax', 'total', 'total_tax']) {
    expect(Number.isInteger(t[k]), `totals.${k} = ${t[k]}`).toBe(true);
  }
  const items = cart.items as any[];
  const itemsTotal = sum(items.map((i) => i.totals.total));
  expect(t.total, 'total = items + shipping + fees + tax').toBe(itemsTotal + t.shipping_total + t.fee_total + t.total_tax);
  if (perLine) {
    expect(t.total_tax, 'total_tax = items tax + shipping tax + fee tax').toBe(sum(items.map((i) => i.totals.tax)) + t.shipping_tax + t.fee_tax);
    expect(t.subtotal_tax, 'subtotal_tax = items subtotal tax').toBe(sum(items.map((i) => i.totals.subtotal_tax)));
  }
  if (cart.fees !== undefined && Array.isArray(cart.fees)) expect(t.fee_total, 'no fees, no fee total').toBe(0);
  if (cart.taxes === undefined || Array.isArray(cart.taxes)) return;
  if ('label' in cart.taxes) expect(cart.taxes.total).toBe(t.total_tax);
  else expect(sum(Object.values(cart.taxes as Record<string, { price: number }>).map((x) => x.price)), 'itemized taxes add up to total_tax').toBe(t.total_tax);
}

/** The stored cart row (its value and revision), for "nothing stored changed" checks. */
export async function storedCart(app: FastifyInstance, key: string): Promise<{ value: unknown; revision: number } | undefined> {
  const row = await app.runtime.database.db.selectFrom('carts').select(['cart_value', 'revision']).where('cart_key', '=', key).executeTakeFirst();
  return row && { value: JSON.parse(row.cart_value), revision: Number(row.revision) };
}
