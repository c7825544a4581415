import { formatPhone, formatPostcode, isCountry, isEmail, isPhone, isPostcode, isState, normalizeState, STATES } from '../commerce/address.ts';
import { BILLING_FIELDS, SHIPPING_FIELDS, isCompletelyEmpty, type BillingField, type Cart, type Customer, type Notice, type ShippingField } from './types.ts';
import { CocartError } from '../errors.ts';
import type { StoreCountries } from '../settings/countries.ts';

/**
 * The `update-customer` callback (docs/wire-contract.md#cart-routes). Absent or empty values leave a field as it
 * is; an invalid value is not stored and comes back as an error notice. The shipping address is either the
 * billing address, whole (not shipping to a different address), or its own, from the `s_*` fields. A
 * billing country the store does not sell to, or a shipping country it does not ship to, refuses the
 * whole request (WooCommerce's Store API answer), so nothing of it is stored.
 * `payment_method` (a gateway id, '' to clear) is kept for fee rules that depend on it.
 */

export interface CustomerInput {
  [param: string]: unknown;
}

export interface StoreAddressRules {
  /** Store base country, the fallback for validating a shipping postcode. */
  baseCountry: string;
  /** Where the store sells and ships. */
  countries: StoreCountries;
}

function text(v: unknown): string | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  const s = String(v).replace(/<[^>]*>/g, '').trim();
  return s === '' ? undefined : s;
}

function bool(v: unknown): boolean {
  return v === true || v === 1 || (typeof v === 'string' && ['1', 'true', 'yes', 'on'].includes(v.toLowerCase()));
}

/** Reads billing values from `first_name` … or `billing_first_name` …, shipping from `s_…` or `shipping_…`. */
function read<K extends string>(input: CustomerInput, fields: readonly K[], prefixes: string[]): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const f of fields) {
    for (const p of prefixes) {
      const v = text(input[`${p}${f}`]);
      if (v !== undefined) {
        out[f] = v;
        break;
      }
    }
  }
  return out;
}

type Section = 'billing' | 'shipping';
const LABEL: Record<Section, string> = { billing: 'Billing', shipping: 'Shipping' };

function validateSection<K extends BillingField | ShippingField>(
  section: Section,
  values: Partial<Record<K, string>>,
  current: Record<K, string>,
  rules: StoreAddressRules,
  notices: Notice[],
  /** Whether the country must be one the store sells (billing) or ships (shipping) to. */
  enforceCountries: boolean,
): Partial<Record<K, string>> {
  const v = { ...values } as Partial<Record<BillingField, string>>;
  const cur = current as Record<string, string>;
  if (v.email !== undefined) {
    if (isEmail(v.email)) v.email = v.email.toLowerCase();
    else {
      notices.push({ type: 'error', msgid: '%s is not a valid email address.', args: [`${LABEL[section]} Email address`] });
      delete v.email;
    }
  }
  if (v.phone !== undefined) {
    if (isPhone(v.phone)) v.phone = formatPhone(v.phone);
    else {
      notices.push({ type: 'error', msgid: '%s is not a valid phone number.', args: [`${LABEL[section]} Phone`] });
      delete v.phone;
    }
  }
  if (v.country !== undefined) {
    const code = v.country.toUpperCase();
    if (!isCountry(code)) {
      notices.push({ type: 'error', msgid: "'%s' is not a valid country code.", args: [v.country] });
      delete v.country;
    } else if (enforceCountries) {
      refuseCountry(section, code, rules.countries);
      v.country = code;
    } else {
      v.country = code;
    }
  }
  // The postcode is checked against the country of this request, else the stored one, else the store's.
  const country = v.country ?? (cur.country || rules.baseCountry);
  if (v.state !== undefined && country) {
    if (isState(country, v.state)) v.state = normalizeState(country, v.state);
    else {
      const list = Object.keys(STATES[country] ?? {}).join(', ');
      notices.push({ type: 'error', msgid: '%1$s is not valid. Please enter one of the following: %2$s', args: [`${LABEL[section]} State / County`, list] });
      delete v.state;
    }
  }
  if (v.postcode !== undefined && country) {
    if (isPostcode(v.postcode, country)) v.postcode = formatPostcode(v.postcode, country);
    else {
      notices.push({ type: 'error', msgid: '%s is not a valid postcode / ZIP.', args: [`${LABEL[section]} Postcode / ZIP`] });
      delete v.postcode;
    }
  }
  return v as Partial<Record<K, string>>;
}

/**
 * Shipping to the billing address: every field of it, as WooCommerce's checkout copies it, so no field
 * of an older shipping address is left beside the new billing ones. The phone stays: shipping_phone is
 * not a default WooCommerce shipping field, only an explicit `s_phone` sets it.
 */
function sameAsBilling(billing: Customer['billing'], shipping: Customer['shipping']): Customer['shipping'] {
  return Object.fromEntries(SHIPPING_FIELDS.map((f) => [f, f === 'phone' ? shipping.phone : billing[f]])) as Customer['shipping'];
}

/** Throws WooCommerce's refusal when the store does not sell (billing) or ship (shipping) to the country. */
export function refuseCountry(section: Section, code: string, countries: StoreCountries): void {
  if (section === 'billing' && !countries.sells(code)) {
    throw new CocartError('woocommerce_rest_invalid_address_country', 'invalid', 'Sorry, we do not allow orders from the provided country (%s)', [code], {
      allowed_countries: [...countries.selling],
    });
  }
  if (section === 'shipping' && !countries.shipsTo(code)) {
    throw new CocartError('woocommerce_rest_invalid_address_country', 'invalid', 'Sorry, we do not ship orders to the provided country (%s)', [code], {
      allowed_countries: [...countries.shipping],
    });
  }
}

export function updateCustomer(cart: Cart, input: CustomerInput, rules: StoreAddressRules): Cart {
  if (isCompletelyEmpty(cart)) throw new CocartError('cocart_cart_empty', 'not_found', 'Cart is empty. Please add items to cart first.');
  const notices: Notice[] = [];
  const billingIn = read(input, BILLING_FIELDS, ['billing_', '']);
  const shippingIn = read(input, SHIPPING_FIELDS, ['shipping_', 's_']);
  // Released CoCart 4.x has no such flag: its `s_*` fields always address the shipping address, so a
  // request that sends them without saying otherwise ships elsewhere. Said explicitly, the flag decides.
  const different =
    input.ship_to_different_address !== undefined
      ? bool(input.ship_to_different_address)
      : Object.keys(shippingIn).length > 0 || cart.customer.shipToDifferentAddress;

  const billing = { ...cart.customer.billing, ...validateSection('billing', billingIn, cart.customer.billing, rules, notices, true) };
  // A shipping address that only copies the billing one is not refused for its country: its packages get no rates.
  const shipping = different
    ? { ...cart.customer.shipping, ...validateSection('shipping', shippingIn, cart.customer.shipping, rules, notices, true) }
    : sameAsBilling(billing, cart.customer.shipping);
  const extra = { ...cart.customer.extra };
  for (const [k, v] of Object.entries(input)) {
    const known = k.startsWith('billing_') ? (BILLING_FIELDS as readonly string[]).includes(k.slice(8)) : (SHIPPING_FIELDS as readonly string[]).includes(k.slice(9));
    const t = text(v);
    if ((k.startsWith('billing_') || k.startsWith('shipping_')) && !known && t !== undefined) extra[k] = t;
  }
  const customer: Customer = { billing, shipping, shipToDifferentAddress: different, extra };
  // The payment method the shopper means to pay with: fee rules can depend on it (a card surcharge).
  let paymentMethod = cart.paymentMethod ?? '';
  if (input.payment_method !== undefined) {
    const method = typeof input.payment_method === 'string' ? input.payment_method.trim() : null;
    if (method !== null && /^[A-Za-z0-9_-]{0,100}$/.test(method)) paymentMethod = method;
    else notices.push({ type: 'error', msgid: '%s is not a valid payment method id.', args: ['payment_method'] });
  }
  if (!notices.length) notices.push({ type: 'success', msgid: 'Cart updated.', args: [] });
  return { ...cart, customer, paymentMethod, notices: [...cart.notices, ...notices] };
}
