import type { Kysely, Selectable } from 'kysely';
import type { CouponsTable, Database, FeeRulesTable, TaxRatesTable } from '../db/schema.ts';
import { parseMajor } from '../commerce/money.ts';
import type { Coupon, FeeRule, ShippingMethod, ShippingZone, StoreRules, TaxClass, TaxRate, ZoneLocation } from '../commerce/types.ts';

/**
 * Reads and writes the pricing-rule tables (tax, shipping, coupons, fees): the only place that knows
 * their column layout. Amounts WooCommerce keeps as decimal text (coupon and fee amounts, tax rates)
 * are stored that way and turned into numbers with the store's decimals when the rules are built.
 */

export const bool = (n: number) => n === 1;
export const int = (b: boolean) => (b ? 1 : 0);

export function json<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** The raw rows, kept so the rules can be rebuilt when the store's decimals change. */
export interface RuleRows {
  taxClasses: TaxClass[];
  taxRates: Selectable<TaxRatesTable>[];
  zones: { id: number; name: string; zone_order: number }[];
  locations: { zone_id: number; code: string; type: string }[];
  methods: { instance_id: number; zone_id: number; method_id: string; method_order: number; enabled: number; settings: string }[];
  coupons: Selectable<CouponsTable>[];
  fees: Selectable<FeeRulesTable>[];
}

export async function loadRuleRows(db: Kysely<Database>): Promise<RuleRows> {
  const [taxClasses, taxRates, zones, locations, methods, coupons, fees] = await Promise.all([
    listTaxClasses(db),
    db.selectFrom('tax_rates').selectAll().orderBy('priority').orderBy('rate_order').orderBy('id').execute(),
    db.selectFrom('shipping_zones').selectAll().orderBy('zone_order').orderBy('id').execute(),
    db.selectFrom('shipping_zone_locations').selectAll().orderBy('id').execute(),
    db.selectFrom('shipping_zone_methods').selectAll().orderBy('method_order').orderBy('instance_id').execute(),
    db.selectFrom('coupons').selectAll().orderBy('id').execute(),
    db.selectFrom('fee_rules').selectAll().orderBy('rule_order').orderBy('id').execute(),
  ]);
  return {
    taxClasses,
    taxRates,
    zones: zones.map((z) => ({ ...z, id: Number(z.id) })),
    locations: locations.map((l) => ({ ...l, zone_id: Number(l.zone_id) })),
    methods: methods.map((m) => ({ ...m, zone_id: Number(m.zone_id) })),
    coupons,
    fees,
  };
}

export function taxRateFromRow(r: Selectable<TaxRatesTable>): TaxRate {
  return {
    id: Number(r.id),
    country: r.country,
    state: r.state,
    postcodes: json(r.postcodes, []),
    cities: json(r.cities, []),
    rate: Number(r.rate) || 0,
    name: r.name,
    priority: r.priority,
    compound: bool(r.compound),
    shipping: bool(r.shipping),
    order: r.rate_order,
    taxClass: r.tax_class,
  };
}

export function couponFromRow(r: Selectable<CouponsTable>, decimals: number): Coupon {
  const discountType = r.discount_type as Coupon['discountType'];
  const amount = discountType === 'percent' ? Number(r.amount) || 0 : (parseMajor(r.amount, decimals) ?? 0);
  return {
    id: Number(r.id),
    code: r.code,
    status: r.status as Coupon['status'],
    discountType,
    amount: Math.max(0, amount),
    description: r.description,
    expiresAt: r.expires_at === null ? null : Number(r.expires_at),
    usageCount: r.usage_count,
    individualUse: bool(r.individual_use),
    productIds: json(r.product_ids, []),
    excludedProductIds: json(r.excluded_product_ids, []),
    usageLimit: r.usage_limit,
    usageLimitPerUser: r.usage_limit_per_user,
    limitUsageToXItems: r.limit_usage_to_x_items,
    freeShipping: bool(r.free_shipping),
    productCategories: json(r.product_categories, []),
    excludedProductCategories: json(r.excluded_product_categories, []),
    excludeSaleItems: bool(r.exclude_sale_items),
    minimumAmount: r.minimum_amount === null ? null : Number(r.minimum_amount),
    maximumAmount: r.maximum_amount === null ? null : Number(r.maximum_amount),
    emailRestrictions: json(r.email_restrictions, []),
    usedBy: json(r.used_by, []),
    createdAt: Number(r.created_at),
    modifiedAt: Number(r.modified_at),
  };
}

interface FeeConditions {
  minimum_amount?: number | null;
  maximum_amount?: number | null;
  countries?: string[];
  payment_methods?: string[];
  requires_shipping?: boolean;
}

export function feeFromRow(r: Selectable<FeeRulesTable>, decimals: number): FeeRule {
  const type = r.type === 'percent' ? 'percent' : 'fixed';
  const c = json<FeeConditions>(r.conditions, {});
  return {
    id: Number(r.id),
    name: r.name,
    enabled: bool(r.enabled),
    type,
    amount: type === 'percent' ? Number(r.amount) || 0 : (parseMajor(r.amount, decimals) ?? 0),
    taxable: bool(r.taxable),
    taxClass: r.tax_class,
    minimumAmount: c.minimum_amount ?? null,
    maximumAmount: c.maximum_amount ?? null,
    countries: c.countries ?? [],
    paymentMethods: c.payment_methods ?? [],
    requiresShipping: c.requires_shipping ?? false,
  };
}

export function methodFromRow(m: RuleRows['methods'][number]): ShippingMethod {
  return {
    instanceId: m.instance_id,
    methodId: m.method_id,
    order: m.method_order,
    enabled: bool(m.enabled),
    settings: json(m.settings, {}),
  } as ShippingMethod;
}

/** Zone 0, which has no row: where no other zone's locations match. */
export const REST_OF_WORLD = 'Locations not covered by your other zones';

export function buildRules(rows: RuleRows, decimals: number): StoreRules {
  const locations = (zoneId: number): ZoneLocation[] =>
    rows.locations.filter((l) => l.zone_id === zoneId).map((l) => ({ type: l.type as ZoneLocation['type'], code: l.code }));
  const methods = (zoneId: number) => rows.methods.filter((m) => m.zone_id === zoneId).map(methodFromRow);
  const zones: ShippingZone[] = rows.zones.map((z) => ({ id: z.id, name: z.name, order: z.zone_order, locations: locations(z.id), methods: methods(z.id) }));
  zones.push({ id: 0, name: REST_OF_WORLD, order: Number.MAX_SAFE_INTEGER, locations: [], methods: methods(0) });
  return {
    taxRates: rows.taxRates.map(taxRateFromRow),
    taxClasses: rows.taxClasses,
    shippingZones: zones,
    coupons: new Map(rows.coupons.map((r) => [r.code, couponFromRow(r, decimals)])),
    fees: rows.fees.map((r) => feeFromRow(r, decimals)),
  };
}

// Writes. Each takes the domain shape; callers reload the rules afterwards (the admin services write
// through commitChange, src/cluster/change.ts, which does it once the transaction has committed).

export type TaxRateInput = Omit<TaxRate, 'id'> & { id?: number };

export function taxRateToRow(r: TaxRateInput) {
  return {
    country: r.country.toUpperCase(),
    state: r.state.toUpperCase(),
    postcodes: JSON.stringify(r.postcodes),
    cities: JSON.stringify(r.cities),
    rate: r.rate.toFixed(4),
    name: r.name,
    priority: r.priority,
    compound: int(r.compound),
    shipping: int(r.shipping),
    rate_order: r.order,
    tax_class: r.taxClass,
  };
}

/** Inserts a rate, or replaces the one with its id; returns the id. */
export async function saveTaxRate(db: Kysely<Database>, rate: TaxRateInput): Promise<number> {
  const row = taxRateToRow(rate);
  if (rate.id !== undefined) {
    const done = await db.updateTable('tax_rates').set(row).where('id', '=', rate.id).executeTakeFirst();
    if (Number(done.numUpdatedRows)) return rate.id;
  }
  return Number((await db.insertInto('tax_rates').values(row).returning('id').executeTakeFirstOrThrow()).id);
}

export async function saveTaxClass(db: Kysely<Database>, taxClass: TaxClass): Promise<void> {
  await db
    .insertInto('tax_classes')
    .values(taxClass)
    .onConflict((oc) => oc.column('slug').doUpdateSet({ name: taxClass.name }))
    .execute();
}

export interface ZoneInput {
  id?: number;
  name: string;
  order: number;
}

export async function saveZone(db: Kysely<Database>, zone: ZoneInput): Promise<number> {
  const row = { name: zone.name, zone_order: zone.order };
  if (zone.id !== undefined) {
    const done = await db.updateTable('shipping_zones').set(row).where('id', '=', zone.id).executeTakeFirst();
    if (Number(done.numUpdatedRows)) return zone.id;
  }
  return Number((await db.insertInto('shipping_zones').values(row).returning('id').executeTakeFirstOrThrow()).id);
}

/** Replaces a zone's locations with these (WooCommerce's PUT /shipping/zones/{id}/locations); run it in a transaction. */
export async function setZoneLocations(db: Kysely<Database>, zoneId: number, locations: readonly ZoneLocation[]): Promise<void> {
  await db.deleteFrom('shipping_zone_locations').where('zone_id', '=', zoneId).execute();
  if (!locations.length) return;
  await db
    .insertInto('shipping_zone_locations')
    .values(locations.map((l) => ({ zone_id: zoneId, code: l.code.toUpperCase(), type: l.type })))
    .execute();
}

export type MethodInput = Omit<ShippingMethod, 'instanceId'> & { instanceId?: number };

/**
 * Adds a method to a zone (the next instance id, as WooCommerce numbers them) or replaces one; returns the
 * instance id. Run it in a transaction (two concurrent adds would pick the same id; the key refuses one).
 */
export async function saveZoneMethod(db: Kysely<Database>, zoneId: number, method: MethodInput): Promise<number> {
  const row = { zone_id: zoneId, method_id: method.methodId, method_order: method.order, enabled: int(method.enabled), settings: JSON.stringify(method.settings) };
  if (method.instanceId !== undefined) {
    const done = await db.updateTable('shipping_zone_methods').set(row).where('instance_id', '=', method.instanceId).executeTakeFirst();
    if (Number(done.numUpdatedRows)) return method.instanceId;
  }
  const top = await db.selectFrom('shipping_zone_methods').select((eb) => eb.fn.max('instance_id').as('n')).executeTakeFirst();
  const instanceId = method.instanceId ?? Number(top?.n ?? 0) + 1;
  await db.insertInto('shipping_zone_methods').values({ ...row, instance_id: instanceId }).execute();
  return instanceId;
}

/** A coupon to store: `amount` as decimal text, plus WooCommerce's free-form meta data (not used in pricing). */
export type CouponInput = Omit<Coupon, 'id' | 'amount'> & { id?: number; amount: string; metaData: { id: number; key: string; value: unknown }[] };

export function couponToRow(c: CouponInput) {
  return {
    code: c.code.trim().toLowerCase(),
    status: c.status,
    discount_type: c.discountType,
    amount: c.amount,
    description: c.description,
    expires_at: c.expiresAt,
    usage_count: c.usageCount,
    individual_use: int(c.individualUse),
    product_ids: JSON.stringify(c.productIds),
    excluded_product_ids: JSON.stringify(c.excludedProductIds),
    usage_limit: c.usageLimit,
    usage_limit_per_user: c.usageLimitPerUser,
    limit_usage_to_x_items: c.limitUsageToXItems,
    free_shipping: int(c.freeShipping),
    product_categories: JSON.stringify(c.productCategories),
    excluded_product_categories: JSON.stringify(c.excludedProductCategories),
    exclude_sale_items: int(c.excludeSaleItems),
    minimum_amount: c.minimumAmount,
    maximum_amount: c.maximumAmount,
    email_restrictions: JSON.stringify(c.emailRestrictions.map((e) => e.toLowerCase())),
    used_by: JSON.stringify(c.usedBy),
    meta_data: JSON.stringify(c.metaData),
    created_at: c.createdAt,
    modified_at: c.modifiedAt,
  };
}

/** Inserts a coupon or replaces the one with its id; `amount` is decimal text as WooCommerce keeps it. */
export async function saveCoupon(db: Kysely<Database>, coupon: CouponInput): Promise<number> {
  const row = couponToRow(coupon);
  if (coupon.id !== undefined) {
    const done = await db.updateTable('coupons').set(row).where('id', '=', coupon.id).executeTakeFirst();
    if (Number(done.numUpdatedRows)) return coupon.id;
  }
  return Number((await db.insertInto('coupons').values(row).returning('id').executeTakeFirstOrThrow()).id);
}

export type FeeInput = Omit<FeeRule, 'id' | 'amount'> & { id?: number; amount: string; order?: number };

export async function saveFeeRule(db: Kysely<Database>, fee: FeeInput): Promise<number> {
  const row = {
    name: fee.name,
    enabled: int(fee.enabled),
    type: fee.type,
    amount: fee.amount,
    taxable: int(fee.taxable),
    tax_class: fee.taxClass,
    conditions: JSON.stringify({
      minimum_amount: fee.minimumAmount,
      maximum_amount: fee.maximumAmount,
      countries: fee.countries,
      payment_methods: fee.paymentMethods,
      requires_shipping: fee.requiresShipping,
    }),
    rule_order: fee.order ?? 0,
  };
  if (fee.id !== undefined) {
    const done = await db.updateTable('fee_rules').set(row).where('id', '=', fee.id).executeTakeFirst();
    if (Number(done.numUpdatedRows)) return fee.id;
  }
  return Number((await db.insertInto('fee_rules').values(row).returning('id').executeTakeFirstOrThrow()).id);
}

// Admin reads and deletes (the services in src/rules/admin). Each takes a Kysely instance or a
// transaction; a write is followed by the rules' reload, as above.

// The admin lists are sorted by their routes' own `orderby`, so these read rows in no order of their own.

export async function listTaxRates(db: Kysely<Database>): Promise<TaxRate[]> {
  return (await db.selectFrom('tax_rates').selectAll().execute()).map(taxRateFromRow);
}

export async function listCouponRows(db: Kysely<Database>): Promise<Selectable<CouponsTable>[]> {
  return db.selectFrom('coupons').selectAll().execute();
}

export async function listFeeRuleRows(db: Kysely<Database>): Promise<Selectable<FeeRulesTable>[]> {
  return db.selectFrom('fee_rules').selectAll().execute();
}

/** Tax classes by name (the standard '' class has no row). */
export async function listTaxClasses(db: Kysely<Database>): Promise<TaxClass[]> {
  return db.selectFrom('tax_classes').select(['slug', 'name']).orderBy('name').execute();
}

export async function findTaxClass(db: Kysely<Database>, slug: string): Promise<TaxClass | null> {
  return (await db.selectFrom('tax_classes').select(['slug', 'name']).where('slug', '=', slug).executeTakeFirst()) ?? null;
}

/** The stored zones (not zone 0) in the order they are matched. */
export async function listZones(db: Kysely<Database>): Promise<{ id: number; name: string; order: number }[]> {
  const rows = await db.selectFrom('shipping_zones').selectAll().orderBy('zone_order').orderBy('id').execute();
  return rows.map((z) => ({ id: Number(z.id), name: z.name, order: z.zone_order }));
}

export async function findTaxRate(db: Kysely<Database>, id: number): Promise<TaxRate | null> {
  const row = await db.selectFrom('tax_rates').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? taxRateFromRow(row) : null;
}

export async function deleteTaxRate(db: Kysely<Database>, id: number): Promise<boolean> {
  const done = await db.deleteFrom('tax_rates').where('id', '=', id).executeTakeFirst();
  return Number(done.numDeletedRows) > 0;
}

/** Deletes a tax class and, as WooCommerce's WC_Tax::delete_tax_class_by() does, its rates. */
export async function deleteTaxClass(db: Kysely<Database>, slug: string): Promise<boolean> {
  const done = await db.deleteFrom('tax_classes').where('slug', '=', slug).executeTakeFirst();
  if (!Number(done.numDeletedRows)) return false;
  await db.deleteFrom('tax_rates').where('tax_class', '=', slug).execute();
  return true;
}

/** A stored zone (not the rest-of-world zone 0, which has no row). */
export async function findZone(db: Kysely<Database>, id: number): Promise<{ id: number; name: string; order: number } | null> {
  const row = await db.selectFrom('shipping_zones').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? { id: Number(row.id), name: row.name, order: row.zone_order } : null;
}

/** Deletes a zone with its locations and methods. */
export async function deleteZone(db: Kysely<Database>, id: number): Promise<boolean> {
  const done = await db.deleteFrom('shipping_zones').where('id', '=', id).executeTakeFirst();
  if (!Number(done.numDeletedRows)) return false;
  await db.deleteFrom('shipping_zone_locations').where('zone_id', '=', id).execute();
  await db.deleteFrom('shipping_zone_methods').where('zone_id', '=', id).execute();
  return true;
}

export async function zoneLocations(db: Kysely<Database>, zoneId: number): Promise<ZoneLocation[]> {
  const rows = await db.selectFrom('shipping_zone_locations').select(['code', 'type']).where('zone_id', '=', zoneId).orderBy('id').execute();
  return rows.map((l) => ({ type: l.type as ZoneLocation['type'], code: l.code }));
}

/** A zone's methods in their order (zone 0 included). */
export async function zoneMethods(db: Kysely<Database>, zoneId: number): Promise<ShippingMethod[]> {
  const rows = await db.selectFrom('shipping_zone_methods').selectAll().where('zone_id', '=', zoneId).orderBy('method_order').orderBy('instance_id').execute();
  return rows.map((m) => methodFromRow({ ...m, zone_id: Number(m.zone_id) }));
}

export async function findZoneMethod(db: Kysely<Database>, zoneId: number, instanceId: number): Promise<ShippingMethod | null> {
  const row = await db
    .selectFrom('shipping_zone_methods')
    .selectAll()
    .where('zone_id', '=', zoneId)
    .where('instance_id', '=', instanceId)
    .executeTakeFirst();
  return row ? methodFromRow({ ...row, zone_id: Number(row.zone_id) }) : null;
}

export async function deleteZoneMethod(db: Kysely<Database>, zoneId: number, instanceId: number): Promise<boolean> {
  const done = await db.deleteFrom('shipping_zone_methods').where('zone_id', '=', zoneId).where('instance_id', '=', instanceId).executeTakeFirst();
  return Number(done.numDeletedRows) > 0;
}

export async function findCouponRow(db: Kysely<Database>, id: number): Promise<Selectable<CouponsTable> | null> {
  return (await db.selectFrom('coupons').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

/** The id of the coupon with this code (any status, trash included: codes are unique), other than `exceptId`. */
export async function couponIdByCode(db: Kysely<Database>, code: string, exceptId = 0): Promise<number | null> {
  const row = await db.selectFrom('coupons').select('id').where('code', '=', code.trim().toLowerCase()).where('id', '!=', exceptId).executeTakeFirst();
  return row ? Number(row.id) : null;
}

/** A stored coupon as `saveCoupon` takes it, so an update can change some fields and keep the rest. */
export function couponInputFromRow(r: Selectable<CouponsTable>): CouponInput & { id: number } {
  // Decimals do not matter here: `amount` is replaced by the stored text.
  const { amount: _minor, ...coupon } = couponFromRow(r, 2);
  return { ...coupon, amount: r.amount, metaData: json(r.meta_data, []) };
}

export async function deleteCoupon(db: Kysely<Database>, id: number): Promise<boolean> {
  const done = await db.deleteFrom('coupons').where('id', '=', id).executeTakeFirst();
  return Number(done.numDeletedRows) > 0;
}

export async function findFeeRuleRow(db: Kysely<Database>, id: number): Promise<Selectable<FeeRulesTable> | null> {
  return (await db.selectFrom('fee_rules').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

/** A stored fee rule as `saveFeeRule` takes it. */
export function feeInputFromRow(r: Selectable<FeeRulesTable>): FeeInput & { id: number } {
  const { amount: _minor, ...fee } = feeFromRow(r, 2);
  return { ...fee, amount: r.amount, order: r.rule_order };
}

export async function deleteFeeRule(db: Kysely<Database>, id: number): Promise<boolean> {
  const done = await db.deleteFrom('fee_rules').where('id', '=', id).executeTakeFirst();
  return Number(done.numDeletedRows) > 0;
}
