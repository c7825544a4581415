import type { CatalogSnapshot } from '../../catalog/snapshot.ts';
import type { Product } from '../../catalog/types.ts';
import { backordersAllowed } from '../../catalog/stock.ts';
import type { PricedCart, PricedCartLine } from '../../cart/price-cart.ts';
import type { CartPayload } from '../../cart/service.ts';
import type { UnitPriceStrategy } from '../../cart/unit-price.ts';
import { BILLING_FIELDS, NOTICE_TYPES, SHIPPING_FIELDS, itemCount, type Cart, type CartLine, type Notice } from '../../cart/types.ts';
import { TOTALS_KEYS, type CartTotals } from '../../commerce/totals.ts';
import type { HookRegistry } from '../../hooks/registry.ts';
import type { JsonObject } from '../../hooks/types.ts';
import type { RequestContext } from '../../hooks/request-context.ts';
import type { Settings } from '../../settings/schema.ts';
import { COUNTRIES, STATES } from '../../commerce/address.ts';
import { formatMoney } from '../../commerce/money.ts';
import type { Location, TaxRate } from '../../commerce/types.ts';
import { storeCurrency } from '../../settings/currency.ts';
import { FieldSelection } from '../fields.ts';
import { emptyMap } from './php.ts';

/**
 * The one serializer for every response that carries a cart (docs/wire-contract.md#cart-object). It
 * applies `fields` (dots or colons), the `config[fields]` presets and the money format in one pass, and
 * computes a section only when it is selected. Money passes through CoCart's money filters; the
 * built-in formatter sits on them at priority 99.
 */

export const CART_FIELDS = [
  'cart_hash', 'cart_key', 'currency', 'customer', 'items', 'item_count', 'items_weight', 'coupons', 'needs_payment',
  'needs_shipping', 'shipping', 'fees', 'taxes', 'totals', 'removed_items', 'cross_sells', 'notices',
] as const;

export const PRESETS: Record<string, string[]> = {
  digital: ['currency', 'customer.billing_address', 'items', 'coupons', 'needs_payment', 'taxes', 'totals', 'notices'],
  digital_fees: ['currency', 'customer.billing_address', 'items', 'coupons', 'needs_payment', 'fees', 'taxes', 'totals', 'notices'],
  shipping: ['currency', 'customer', 'items', 'items_weight', 'coupons', 'needs_payment', 'needs_shipping', 'shipping', 'taxes', 'totals', 'notices'],
  shipping_fees: [
    'currency', 'customer', 'items', 'items_weight', 'coupons', 'needs_payment', 'needs_shipping', 'shipping', 'fees', 'taxes', 'totals', 'notices',
  ],
  removed_items: ['currency', 'removed_items', 'notices'],
  cross_sells: ['currency', 'cross_sells', 'notices'],
  mini: ['cart_key', 'currency', 'items', 'item_count', 'totals', 'notices'],
};

export interface CartView {
  catalog: CatalogSnapshot;
  settings: Settings;
  hooks: HookRegistry;
  /** The request, with how this answer shows money. */
  request: RequestContext;
  now: number;
  currency: JsonObject;
  t: (msgid: string, ...args: unknown[]) => string;
  /** What a line's unit costs (a removed item is shown at its price now). */
  unitPrice: UnitPriceStrategy;
  /** Whether item images are included (`thumb`). */
  thumb: boolean;
  /** URL of the placeholder image. */
  placeholder: string;
  /** Whether any shipping zone has an enabled method (else `shipping` is `[]`). */
  hasShippingMethods: boolean;
  /** The totals filter to run: carts use cocart_cart_totals, the Sessions API cocart_session_totals. */
  totalsHook?: 'cocart_cart_totals' | 'cocart_session_totals';
}

/** How a request asked for the cart to be shaped. */
export interface CartShape {
  selection: FieldSelection;
  /** Top-level names the request listed (null: all), for the totals fees/shipping rule. */
  listed: string[] | null;
}

export function cartShape(fields: string | undefined, preset: string | undefined): CartShape {
  // Own keys only: a preset named after something on Object.prototype (`__proto__`) is no preset.
  if (preset && Object.hasOwn(PRESETS, preset)) return { selection: FieldSelection.of(PRESETS[preset]), listed: PRESETS[preset].map((p) => p.split('.')[0]) };
  if (!fields || !fields.trim()) return { selection: FieldSelection.ALL, listed: null };
  const selection = FieldSelection.parse(fields);
  return { selection, listed: selection.topLevel() };
}

/** Whether a shaped response shows the notices (and so clears them). */
export function showsNotices(shape: CartShape): boolean {
  return shape.selection.includes('notices');
}

function customerSection(cart: Cart, sel: FieldSelection): JsonObject {
  const out: JsonObject = {};
  const c = cart.customer;
  const extras = (prefix: string) => Object.fromEntries(Object.entries(c.extra).filter(([k]) => k.startsWith(prefix)));
  if (sel.includes('billing_address')) {
    out.billing_address = { ...Object.fromEntries(BILLING_FIELDS.map((k) => [`billing_${k}`, c.billing[k] ?? ''])), ...extras('billing_') };
  }
  if (sel.includes('shipping_address')) {
    // Shipping phone is not a default WooCommerce checkout field: shown only once given.
    const fields = SHIPPING_FIELDS.filter((k) => k !== 'phone' || c.shipping.phone);
    out.shipping_address = { ...Object.fromEntries(fields.map((k) => [`shipping_${k}`, c.shipping[k] ?? ''])), ...extras('shipping_') };
  }
  return out;
}

function imageUrl(view: CartView, line: PricedCartLine): string {
  if (!view.thumb) return '';
  const own = line.product.imageIds[0] ?? line.parent.imageIds[0];
  const media = own !== undefined ? view.catalog.media.get(own) : undefined;
  return media ? (media.sizes.woocommerce_thumbnail ?? media.src) : view.placeholder;
}

function variationLabels(view: CartView, line: PricedCartLine): JsonObject | unknown[] {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(line.line.variation)) {
    const taxonomy = key.replace(/^attribute_/, '');
    const attr = line.parent.attributes.find((a) => a.taxonomy === taxonomy);
    const label = attr?.options.find((o) => o.slug === value)?.label ?? view.catalog.termBySlug(taxonomy, value)?.name ?? value;
    out[attr?.name ?? taxonomy] = label;
  }
  return emptyMap(out);
}

function lineWeight(line: PricedCartLine): number {
  const unit = line.product.weight ?? line.parent.weight ?? 0;
  return Math.round(unit * line.line.quantity * 1e6) / 1e6;
}

function dimension(v: number | null): string {
  return v === null ? '' : String(v);
}

function cartItemData(line: CartLine): JsonObject | unknown[] {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(line.itemData)) if (v !== '' && v !== null && v !== undefined) out[k] = v;
  return emptyMap(out);
}

/** One item object; `removed` items carry a plain quantity. */
export function serializeItem(view: CartView, line: PricedCartLine, removed = false): JsonObject {
  const { hooks, request } = view;
  const item = line.line;
  const product = line.product;
  const stock = view.catalog.stockOf(product);
  const limitsMin = Math.max(product.minPurchase, 1);
  const max = product.soldIndividually ? 1 : stock.managed && !backordersAllowed(stock) ? Math.max(stock.quantity ?? 0, 0) : (product.maxPurchase ?? -1);
  const totals = line.totals;
  const incl = view.settings.tax.tax_display_cart === 'incl';
  const quantity = Math.max(item.quantity, 1);
  const displayedSubtotal = incl ? totals.subtotal + totals.subtotalTax : totals.subtotal;
  const cartItem = { ...item } as unknown as JsonObject;
  const out: JsonObject = {
    item_key: item.key,
    id: item.id,
    name: product.name,
    title: line.parent.name,
    price: hooks.applyFilters('cocart_cart_item_price', line.shownPrice ?? Math.round(displayedSubtotal / quantity), cartItem, item.key, request),
    quantity: removed
      ? item.quantity
      : {
          value: item.quantity,
          min_purchase: hooks.applyFilters('cocart_quantity_minimum_requirement', limitsMin, product),
          max_purchase: hooks.applyFilters('cocart_quantity_maximum_allowed', max, product),
        },
    totals: {
      subtotal: hooks.applyFilters('cocart_cart_item_subtotal', displayedSubtotal, cartItem, item.key, request),
      subtotal_tax: hooks.applyFilters('cocart_cart_item_subtotal_tax', totals.subtotalTax, cartItem, item.key, request),
      total: hooks.applyFilters('cocart_cart_item_total', totals.total, cartItem, item.key, request),
      tax: hooks.applyFilters('cocart_cart_item_tax', totals.tax, cartItem, item.key, request),
    },
    slug: line.parent.slug,
    meta: {
      product_type: product.type,
      sku: product.sku,
      dimensions: {
        length: dimension(product.length ?? line.parent.length),
        width: dimension(product.width ?? line.parent.width),
        height: dimension(product.height ?? line.parent.height),
        unit: view.settings.store.dimension_unit,
      },
      weight: lineWeight(line),
      variation: variationLabels(view, line),
    },
    backorders: stock.managed && stock.backorders === 'notify' && (stock.quantity ?? 0) < item.quantity ? view.t('Available on backorder') : '',
    cart_item_data: cartItemData(item),
    featured_image: imageUrl(view, line),
  };
  if (!removed) out.extensions = emptyMap(hooks.applyFilters('cocart_cart_item_extensions', {}, { ...item.itemData }, item.key, request));
  return out;
}

function crossSells(view: CartView, priced: PricedCart): JsonObject[] {
  const inCart = new Set(priced.lines.flatMap((l) => [l.product.id, l.parent.id]));
  const ids: number[] = [];
  for (const l of priced.lines) for (const id of l.parent.crossSellIds) if (!inCart.has(id) && !ids.includes(id)) ids.push(id);
  const { hooks, request, catalog, now } = view;
  return ids
    .map((id) => catalog.get(id))
    .filter((p): p is Product => p !== undefined && p.catalogVisibility !== 'hidden' && p.type !== 'variation')
    .slice(0, 3)
    .map((p) => {
      const rating = catalog.rating(p.id);
      const image = p.imageIds[0] !== undefined ? catalog.media.get(p.imageIds[0]) : undefined;
      const onSale = catalog.onSale(p, now);
      return {
        id: p.id,
        name: p.name,
        title: p.name,
        slug: p.slug,
        price: hooks.applyFilters('cocart_cart_cross_item_price', catalog.price(p, now), request),
        regular_price: hooks.applyFilters('cocart_cart_cross_item_regular_price', p.regularPrice, request),
        sale_price: hooks.applyFilters('cocart_cart_cross_item_sale_price', onSale ? catalog.price(p, now) : null, request),
        image: image ? (image.sizes.woocommerce_thumbnail ?? image.src) : view.placeholder,
        average_rating: rating.ratingCount ? view.t('Rated %s out of 5', rating.average.toFixed(2)) : '',
        on_sale: onSale,
        type: p.type,
      };
    });
}

export function serializeNotices(view: CartView, notices: readonly Notice[]): JsonObject | unknown[] {
  const out: JsonObject = {};
  for (const type of NOTICE_TYPES) {
    const list = notices.filter((n) => n.type === type).map((n) => view.t(n.msgid, ...n.args).replace(/&ldquo;|&rdquo;/g, '"').replace(/&mdash;/g, '—'));
    if (list.length) out[type] = list;
  }
  return emptyMap(out);
}

function totalsSection(view: CartView, totals: CartTotals, sel: FieldSelection, listed: string[] | null): JsonObject {
  const raw: JsonObject = {};
  // Beta 1's rule: with a field list, fee_* and shipping_* appear only when `fees` / `shipping` is listed
  // (or the total itself is asked for by name); this is how the digital and shipping presets hide them.
  const named = (k: string) => !sel.isAll && (sel.topLevel() ?? []).includes(k);
  for (const k of TOTALS_KEYS) {
    if (listed && k.startsWith('fee_') && !listed.includes('fees') && !named(k)) continue;
    if (listed && k.startsWith('shipping_') && !listed.includes('shipping') && !named(k)) continue;
    if (!sel.includes(k)) continue;
    raw[k] = totals[k];
  }
  return view.hooks.applyFilters(view.totalsHook ?? 'cocart_cart_totals', raw, view.request, listed ?? []);
}

function formatted(view: CartView, minor: number): string {
  return formatMoney(minor, storeCurrency(view.settings));
}

/** The applied coupons with their saving, excl. or incl. tax as the cart displays prices. */
function couponsSection(view: CartView, priced: PricedCart): JsonObject[] {
  const incl = view.settings.tax.tax_display_cart === 'incl';
  return priced.coupons.map(({ coupon, discount, tax }) => {
    const amount = incl ? discount + tax : discount;
    const freeShippingOnly = coupon.freeShipping && amount === 0;
    const out: JsonObject = {
      coupon: coupon.code,
      label: view.t('Coupon: %s', coupon.code),
      saving: freeShippingOnly ? view.t('Free shipping coupon') : `-${amount}`,
      saving_html: freeShippingOnly ? view.t('Free shipping coupon') : `-${formatted(view, amount)}`,
    };
    if (view.settings.cart.compat_money === '4x') out.discount_type = coupon.discountType;
    return out;
  });
}

/** The package destination joined with ", " (WC_Countries::get_formatted_address), street lines first. */
function formattedDestination(view: CartView, loc: Location, street: readonly string[] = []): string {
  const country = COUNTRIES[loc.country] ?? loc.country;
  const state = STATES[loc.country]?.[loc.state] ?? loc.state;
  return [...street, loc.city, state, loc.postcode, country].filter((p) => p).join(', ');
}

/**
 * The shipping packages (keyed `"default"`, then `"2"`, `"3"` …) and their rates. Rate costs are always
 * minor-unit numbers, even when prices are preformatted, as in Beta 1 (docs/wire-contract.md#money).
 */
function shippingSection(view: CartView, priced: PricedCart): JsonObject | unknown[] {
  const { settings } = view;
  const anyMethods = priced.packages.length > 0 || view.hasShippingMethods;
  if (!settings.shipping.enable_shipping || !anyMethods) return [];
  const incl = settings.tax.tax_display_cart === 'incl';
  const packages: JsonObject = {};
  const shown = priced.packages.filter((p) => p.rates.length);
  for (const [n, pkg] of shown.entries()) {
    const rates: JsonObject = {};
    for (const { rate, tax, taxes } of pkg.rates) {
      const shownCost = incl ? rate.cost + tax : rate.cost;
      const taxList = [...taxes.values()];
      rates[rate.id] = {
        key: rate.id,
        method_id: rate.methodId,
        instance_id: rate.instanceId,
        label: rate.label,
        cost: rate.cost,
        html: shownCost > 0 ? `${rate.label}: ${formatted(view, shownCost)}` : rate.label,
        taxes: taxList.length ? taxList[taxList.length - 1] : '',
        chosen_method: rate.id === pkg.chosen,
        meta_data: { items: rate.items },
      };
    }
    packages[n === 0 ? 'default' : String(n + 1)] = {
      package_name: n === 0 ? view.t('Shipping') : view.t('Shipping %d', n + 1),
      rates,
      package_details: shown.length > 1 ? pkg.lines.map((l) => `${l.product.name} ×${l.line.quantity}`).join(', ') : '',
      index: pkg.index,
      chosen_method: pkg.chosen,
      formatted_destination: formattedDestination(view, pkg.destination, pkg.street),
    };
  }
  return {
    total_packages: shown.length,
    show_package_details: shown.length > 1,
    has_calculated_shipping: priced.hasCalculatedShipping,
    packages: emptyMap(packages),
  };
}

/** `{ fee-id: { name, fee } }`, the fee incl. its tax when the cart displays prices with tax. */
function feesSection(view: CartView, priced: PricedCart): JsonObject | unknown[] {
  const incl = view.settings.tax.tax_display_cart === 'incl';
  const out: JsonObject = {};
  for (const fee of priced.fees) {
    out[fee.id] = { name: fee.name, fee: view.hooks.applyFilters('cocart_cart_fee_amount', incl ? fee.amount + fee.tax : fee.amount, view.request) };
  }
  return emptyMap(out);
}

/** WC_Countries::tax_or_vat: stores based here call their tax VAT. */
const VAT_COUNTRIES = new Set(
  'AT BE BG CY CZ DE DK EE ES FI FR GB GR HR HU IE IM IT LT LU LV MC MT NL PL PT RO SE SI SK'.split(' '),
);

/** WC_Tax::get_rate_code: COUNTRY-STATE-NAME-PRIORITY, empty parts left out. */
export function taxRateCode(rate: TaxRate): string {
  return [rate.country, rate.state, rate.name || 'TAX', String(rate.priority)].filter((p) => p).join('-').toUpperCase();
}

/** `[]` when tax is off or shown inside prices; itemized per rate code, or one total. */
function taxesSection(view: CartView, priced: PricedCart): JsonObject | unknown[] {
  const { tax } = view.settings;
  if (!tax.calc_taxes || tax.tax_display_cart === 'incl') return [];
  const { hooks, request } = view;
  if (tax.tax_total_display === 'single') {
    if (!priced.totals.total_tax) return [];
    return {
      label: view.t(VAT_COUNTRIES.has(view.settings.store.country.split(':')[0]) ? 'VAT' : 'Tax'),
      total: hooks.applyFilters('cocart_cart_totals_taxes_total', priced.totals.total_tax, request),
    };
  }
  const out: JsonObject = {};
  for (const { rate, amount } of priced.taxes) {
    const code = taxRateCode(rate);
    const previous = (out[code] as { price: number } | undefined)?.price ?? 0;
    out[code] = { name: rate.name || view.t('Tax'), price: previous + amount };
  }
  for (const entry of Object.values(out) as { name: string; price: unknown }[]) entry.price = hooks.applyFilters('cocart_cart_tax_line_amount', entry.price, request);
  return emptyMap(out);
}


export function serializeCart(view: CartView, payload: CartPayload, shape: CartShape): JsonObject | unknown[] {
  const { selection: sel, listed } = shape;
  const { priced } = payload;
  const { cart } = priced;
  const { hooks, request } = view;
  const out: JsonObject = {};
  const needsShipping = priced.needsShipping;
  const builders: Record<(typeof CART_FIELDS)[number], () => unknown> = {
    cart_hash: () => priced.hash,
    cart_key: () => payload.key,
    currency: () => view.currency,
    customer: () => customerSection(cart, sel.child('customer')),
    items: () => priced.lines.map((l) => serializeItem(view, l)),
    item_count: () => itemCount(cart.lines),
    items_weight: () => Math.round(priced.lines.reduce((w, l) => w + lineWeight(l), 0) * 1e6) / 1e6,
    coupons: () => couponsSection(view, priced),
    needs_payment: () => priced.totals.total > 0,
    needs_shipping: () => needsShipping,
    shipping: () => shippingSection(view, priced),
    fees: () => feesSection(view, priced),
    taxes: () => taxesSection(view, priced),
    totals: () => totalsSection(view, priced.totals, sel.child('totals'), listed),
    removed_items: () => removedItems(view, cart),
    cross_sells: () => crossSells(view, priced),
    notices: () => serializeNotices(view, payload.notices),
  };
  for (const name of CART_FIELDS) {
    if (!sel.includes(name)) continue;
    // Customer and totals compute only what is selected; the other sections are trimmed once built.
    out[name] = sel.isAll || name === 'customer' || name === 'totals' ? builders[name]() : sel.child(name).trim(builders[name]());
  }
  if (!Object.keys(out).length) return [];
  const filtered = hooks.applyFilters('cocart_after_get_cart', out, { ...cart } as unknown as JsonObject, request);
  return hooks.applyFilters('cocart_cart', filtered, request, { ...cart } as unknown as JsonObject);
}

function removedItems(view: CartView, cart: Cart): JsonObject[] {
  return cart.removed
    .map((line) => {
      const product = view.catalog.products.get(line.id);
      if (!product) return null;
      const parent = product.type === 'variation' ? (view.catalog.parentOf(product) ?? product) : product;
      const unit = view.unitPrice.unitPrice(line, product, view.catalog, view.now);
      const subtotal = unit * line.quantity;
      const totals = { subtotal, subtotalTax: 0, total: subtotal, tax: 0, taxes: new Map(), subtotalTaxes: new Map() };
      return serializeItem(view, { line, product, parent, unitPrice: unit, totals }, true);
    })
    .filter((x) => x !== null);
}
