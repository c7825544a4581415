import { invalidParam } from '../catalog/admin/input.ts';
import type { BillingField, ShippingField } from '../cart/types.ts';
import { formatPhone, formatPostcode, isCountry, isEmail, isPhone, isPostcode, isState, normalizeState, STATES } from '../commerce/address.ts';
import { CocartError } from '../errors.ts';
import { MIN_PASSWORD_LENGTH } from './registration.ts';

/**
 * What a member of staff types about a customer (through `wc/v3/customers` or the dashboard), checked
 * and put in the form it is stored in. Pure: no database. A field given replaces the stored one; a field
 * left out keeps it. Unlike a shopper's own details (checked at the cart and at registration, whose
 * problems come back as notices), a bad field here refuses the whole write, naming the field, so nothing
 * is stored half-written.
 */

export function cleanText(value: string): string {
  return value.replace(/<[^>]*>/g, '').trim();
}

export function checkedEmail(name: string, value: string): string {
  const email = value.trim().toLowerCase();
  if (!isEmail(email) || email.length > 100) throw invalidParam(name, 'Invalid email address.');
  return email;
}

export function checkedPassword(value: string): string {
  if ([...value].length < MIN_PASSWORD_LENGTH) throw invalidParam('password', `The password must have at least ${MIN_PASSWORD_LENGTH} characters.`);
  return value;
}

/**
 * An address with the fields given laid over the stored ones: the country a known code, the state one
 * of its states where the store knows them, the postcode and phone in their usual form, the e-mail
 * address (billing only) a valid one. Empty fields are allowed: a customer's address may be partial.
 */
export function mergedAddress<K extends BillingField | ShippingField>(
  section: 'billing' | 'shipping',
  stored: Record<K, string>,
  given: Partial<Record<string, string>> | undefined,
): Record<K, string> {
  if (!given) return stored;
  const out = { ...stored };
  // The stored address has every field of its section (a blank one at least).
  for (const field of Object.keys(stored) as K[]) {
    const value = given[field];
    if (typeof value === 'string') out[field] = cleanText(value);
  }
  const a = out as Record<string, string>;
  // The reason names the field as WordPress names a nested parameter (`billing[country]`), so a form can show it there.
  const invalid = (field: string, reason: string) => invalidParam(section, `${section}[${field}]: ${reason}`);
  if (a.country) {
    a.country = a.country.toUpperCase();
    if (!isCountry(a.country)) throw invalid('country', `'${a.country}' is not a valid country code.`);
  }
  if (a.state && a.country && Object.keys(STATES[a.country] ?? {}).length) {
    if (!isState(a.country, a.state)) throw invalid('state', `'${a.state}' is not a state of ${a.country}.`);
    a.state = normalizeState(a.country, a.state);
  }
  if (a.postcode && a.country) {
    if (!isPostcode(a.postcode, a.country)) throw invalid('postcode', `'${a.postcode}' is not a valid postcode / ZIP.`);
    a.postcode = formatPostcode(a.postcode, a.country);
  }
  if (a.phone) {
    if (!isPhone(a.phone)) throw invalid('phone', `'${a.phone}' is not a valid phone number.`);
    a.phone = formatPhone(a.phone);
  }
  if (section === 'billing' && a.email) {
    if (!isEmail(a.email.trim()) || a.email.trim().length > 100) throw invalid('email', 'Invalid email address.');
    a.email = a.email.trim().toLowerCase();
  }
  return out;
}

/** WooCommerce's refusals of a new customer whose e-mail address or username already has an account. */
export function emailTaken(email: string): CocartError {
  return new CocartError('registration-error-email-exists', 'invalid', 'An account is already registered with %s. Please log in or use a different email address.', [email]);
}

export function usernameTaken(): CocartError {
  return new CocartError('registration-error-username-exists', 'invalid', 'An account is already registered with that username. Please choose another.');
}

/** A billing phone number is a login here, so two accounts may not share one (WooCommerce has no such rule, nor phone logins). */
export function phoneTaken(): CocartError {
  return new CocartError('registration-error-phone-exists', 'invalid', 'An account is already registered with that phone number.');
}
