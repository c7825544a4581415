import { itemKey } from '../../cart/item-key.ts';
import { MAX_LINE_QUANTITY, toQuantity } from '../../cart/lines.ts';
import { BILLING_FIELDS, SHIPPING_FIELDS, emptyCustomer, type Cart, type CartLine, type Customer } from '../../cart/types.ts';
import { PhpObject, maybeUnserialize, toPlain, unserialize, type PhpArray, type PhpKey, type PhpValue } from './php-unserialize.ts';

/**
 * A WooCommerce session, as CoCart 3.x stores it in `cart_value`, as a Cartwright cart.
 *
 * The session is a PHP-serialized map whose entries are themselves serialized (WooCommerce's
 * `WC_Session::set` stores `maybe_serialize($value)`; docs/wire-contract.md#database-updates). Read here: `cart` and
 * `removed_cart_contents` (lines keyed by item key), `applied_coupons`, `customer` (billing fields
 * without prefix, shipping fields as `shipping_…`), `chosen_shipping_methods` and
 * `chosen_payment_method`. Every other entry (`cart_totals`, `coupon_discount_totals`, `cart_fees`,
 * `wc_notices` …) is left behind: Cartwright prices the cart from its own catalogue and rules, so
 * stored totals, taxes and line amounts are not carried over either.
 */

export class LegacySessionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LegacySessionError';
  }
}

/** What WooCommerce itself puts in a cart item; every other key of an item is the item data it was added with. */
const LINE_FIELDS = new Set([
  'key',
  'product_id',
  'variation_id',
  'variation',
  'quantity',
  'data',
  'data_hash',
  'line_tax_data',
  'line_subtotal',
  'line_subtotal_tax',
  'line_total',
  'line_tax',
]);

function isArray(v: PhpValue | undefined): v is PhpArray {
  return v instanceof Map;
}

/** A session entry, decoded: each is serialized on its own inside the serialized session. */
function entry(session: PhpArray, name: string): PhpValue | undefined {
  const raw = session.get(name);
  if (raw === undefined) return undefined;
  try {
    return maybeUnserialize(raw);
  } catch (err) {
    throw new LegacySessionError(`${name}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** An entry that should be an array: absent, empty or `''` (how WooCommerce leaves a cleared entry) count as empty. */
function arrayEntry(session: PhpArray, name: string): PhpArray {
  const v = entry(session, name);
  if (v === undefined || v === null || v === '' || v === false) return new Map();
  if (!isArray(v)) throw new LegacySessionError(`${name} is not an array`);
  return v;
}

function scalarText(v: PhpValue | undefined): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'boolean') return v ? '1' : '';
  if (v === null) return '';
  return undefined;
}

function wholeNumber(v: PhpValue | undefined): number | null {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : null;
  if (typeof v === 'string' && /^\s*\d+\s*$/.test(v)) {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : null;
  }
  return null;
}

function describe(v: PhpValue | undefined): string {
  if (v === undefined) return 'missing';
  if (isArray(v)) return 'an array';
  if (v instanceof PhpObject) return `an object of class ${v.className}`;
  return JSON.stringify(typeof v === 'bigint' ? v.toString() : v);
}

/** One stored cart item as a line, its key computed as Cartwright computes it. */
export function lineFromItem(storedKey: PhpKey, item: PhpValue, where: string): CartLine {
  const at = `${where} item "${storedKey}"`;
  if (!isArray(item)) throw new LegacySessionError(`${at} is not an array`);
  const productId = wholeNumber(item.get('product_id'));
  if (productId === null || productId <= 0) throw new LegacySessionError(`${at}: product_id ${describe(item.get('product_id'))} is not a product ID`);
  const rawVariationId = item.get('variation_id');
  const variationId = rawVariationId === undefined || rawVariationId === '' || rawVariationId === null ? 0 : wholeNumber(rawVariationId);
  if (variationId === null) throw new LegacySessionError(`${at}: variation_id ${describe(rawVariationId)} is not a product ID`);

  const variation: Record<string, string> = {};
  const attrs = item.get('variation');
  if (isArray(attrs)) {
    for (const [k, v] of attrs) {
      const text = scalarText(v);
      if (text === undefined) throw new LegacySessionError(`${at}: attribute "${k}" is ${describe(v)}, not a value`);
      variation[String(k)] = text;
    }
  } else if (attrs !== undefined && attrs !== '' && attrs !== null) {
    throw new LegacySessionError(`${at}: variation is ${describe(attrs)}, not a map of attributes`);
  }

  const rawQuantity = item.get('quantity');
  const quantity = typeof rawQuantity === 'number' || typeof rawQuantity === 'string' ? toQuantity(rawQuantity) : null;
  if (quantity === null || quantity < 1 || quantity > MAX_LINE_QUANTITY) {
    throw new LegacySessionError(`${at}: quantity ${describe(rawQuantity)} is not between 1 and ${MAX_LINE_QUANTITY}`);
  }

  const itemData: Record<string, unknown> = {};
  for (const [k, v] of item) {
    if (typeof k === 'string' && LINE_FIELDS.has(k)) continue;
    itemData[String(k)] = toPlain(v);
  }

  return {
    key: itemKey(productId, variationId, variation, itemData),
    id: variationId || productId,
    productId,
    variationId,
    variation,
    quantity,
    itemData,
    customPrice: null,
  };
}

/** The lines of `cart`: items that come out as the same line (same product, attributes and data) add up. */
function cartLines(items: PhpArray): CartLine[] {
  const lines = new Map<string, CartLine>();
  for (const [k, item] of items) {
    const line = lineFromItem(k, item, 'cart');
    const same = lines.get(line.key);
    lines.set(line.key, same ? { ...same, quantity: Math.min(same.quantity + line.quantity, MAX_LINE_QUANTITY) } : line);
  }
  return [...lines.values()];
}

/** Removed lines, most recent last; one entry per line (a later removal of the same line wins). */
function removedLines(items: PhpArray): CartLine[] {
  const lines = new Map<string, CartLine>();
  for (const [k, item] of items) {
    const line = lineFromItem(k, item, 'removed_cart_contents');
    lines.delete(line.key);
    lines.set(line.key, line);
  }
  return [...lines.values()];
}

/** Where each address field may be in the `customer` entry, first spelling first. */
const BILLING_KEYS = BILLING_FIELDS.map((f) => [f, f === 'address_1' ? [f, `billing_${f}`, 'address', 'billing_address'] : [f, `billing_${f}`]] as const);
const SHIPPING_KEYS = SHIPPING_FIELDS.map((f) => [f, f === 'address_1' ? [`shipping_${f}`, 'shipping_address'] : [`shipping_${f}`]] as const);
const KNOWN_CUSTOMER_KEYS = new Set([...BILLING_KEYS, ...SHIPPING_KEYS].flatMap(([, keys]) => keys));

/**
 * WooCommerce's `customer` session entry: billing fields without prefix (`first_name`, `address_1`,
 * older stores also `address`), shipping fields as `shipping_…`. A `billing_…` spelling is read too.
 * Other `billing_…`/`shipping_…` text fields are kept as the customer's extra fields.
 */
export function customerFromSession(data: PhpArray): Customer {
  const customer = emptyCustomer();
  const text = (key: string) => {
    const v = scalarText(data.get(key));
    return v === undefined ? undefined : v.trim();
  };
  const first = (keys: readonly string[]) => {
    for (const k of keys) {
      const v = text(k);
      if (v) return v;
    }
    return undefined;
  };
  for (const [f, keys] of BILLING_KEYS) {
    const value = first(keys);
    if (value !== undefined) customer.billing[f] = value;
  }
  for (const [f, keys] of SHIPPING_KEYS) {
    const value = first(keys);
    if (value !== undefined) customer.shipping[f] = value;
  }
  for (const [k, v] of data) {
    if (typeof k !== 'string' || KNOWN_CUSTOMER_KEYS.has(k) || !(k.startsWith('billing_') || k.startsWith('shipping_'))) continue;
    const t = typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : undefined;
    if (t) customer.extra[k] = t;
  }
  // The session does not say whether the shopper ticked "ship to a different address"; a shipping
  // address of its own that differs from the billing one is the sign of it.
  customer.shipToDifferentAddress = SHIPPING_FIELDS.some((f) => customer.shipping[f] !== '' && customer.shipping[f] !== customer.billing[f]);
  return customer;
}

function chosenShipping(methods: PhpArray): string[] {
  const out: string[] = [];
  for (const [k, v] of methods) {
    if (typeof k !== 'number' || k < 0 || k > 1000) continue;
    const t = scalarText(v);
    if (t === undefined) continue;
    while (out.length < k) out.push('');
    out[k] = t;
  }
  return out;
}

/** The decoded session map (`unserialize(cart_value)`) as a cart. */
export function cartFromSession(session: PhpValue): Cart {
  if (!isArray(session)) throw new LegacySessionError(`the session is ${describe(session)}, not a map of session entries`);
  const coupons = new Set<string>();
  for (const c of arrayEntry(session, 'applied_coupons').values()) {
    const code = scalarText(c)?.trim().toLowerCase();
    if (code) coupons.add(code);
  }
  const cart: Cart = {
    lines: cartLines(arrayEntry(session, 'cart')),
    removed: removedLines(arrayEntry(session, 'removed_cart_contents')),
    customer: customerFromSession(arrayEntry(session, 'customer')),
    coupons: [...coupons],
    chosenShipping: chosenShipping(arrayEntry(session, 'chosen_shipping_methods')),
    notices: [],
  };
  const payment = entry(session, 'chosen_payment_method');
  if (typeof payment === 'string' && payment.trim() !== '') cart.paymentMethod = payment.trim();
  return cart;
}

/** A `cart_value` column as stored by CoCart 3.x, as a cart. Throws LegacySessionError or PhpUnserializeError. */
export function cartFromCartValue(cartValue: string): Cart {
  return cartFromSession(unserialize(cartValue));
}
