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
    db.selectFrom('tax_classes').selectAll().orderBy('name').execute(),
    db.selectFrom('tax_rates').selectAll().orderBy('priority').orderBy('rate_order').orderBy('id').execute(),
    db.selectFrom('shipping_zones').selectAll().orderBy('zone_order').orderBy('id').execute(),
    db.selectFrom('shipping_zone_locations').selectAll().orderBy('id').execute(),
    db.selectFrom('shipping_zone_methods').selectAll().orderBy('method_order').orderBy('instance_id').execute(),
    db.selectFrom('coupons').selectAll().orderBy('id').execute(),
    db.selectFrom('fee_rules').selectAll().orderBy('rule_order').orderBy('id').execute(),
  ]);
  return {
    taxClasses: taxClasses.map((c) => ({ slug: c.slug, name: c.name })),
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

export function buildRules(rows: RuleRows, decimals: number): StoreRules {
  const locations = (zoneId: number): ZoneLocation[] =>
    rows.locations.filter((l) => l.zone_id === zoneId).map((l) => ({ type: l.type as ZoneLocation['type'], code: l.code }));
  const methods = (zoneId: number) => rows.methods.filter((m) => m.zone_id === zoneId).map(methodFromRow);
  const zones: ShippingZone[] = rows.zones.map((z) => ({ id: z.id, name: z.name, order: z.zone_order, locations: locations(z.id), methods: methods(z.id) }));
  zones.push({ id: 0, name: 'Locations not covered by your other zones', order: Number.MAX_SAFE_INTEGER, locations: [], methods: methods(0) });
  return {
    taxRates: rows.taxRates.map(taxRateFromRow),
    taxClasses: rows.taxClasses,
    shippingZones: zones,
    coupons: new Map(rows.coupons.map((r) => [r.code, couponFromRow(r, decimals)])),
    fees: rows.fees.map((r) => feeFromRow(r, decimals)),
  };
}
