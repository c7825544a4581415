import { randomInt } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { emptyCustomer, BILLING_FIELDS, SHIPPING_FIELDS, type BillingField, type ShippingField } from '../cart/types.ts';
import { STATES, formatPhone, formatPostcode, isCountry, isEmail, isPhone, isPostcode, isState, normalizeState } from '../commerce/address.ts';
import { inWriteTransaction, type DatabaseHandle } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';
import { CocartError } from '../errors.ts';
import type { ChangeFeed } from '../events/changes.ts';
import { translate } from '../i18n/index.ts';
import { hashPassword } from './password.ts';
import { accountExists, insertUser, looksLikePhone, usernameExists } from './repository.ts';
import type { User } from './types.ts';
import { announceCustomer } from './users.ts';

/**
 * A shopper making their own customer account (`POST /cocart/v2/register`, and checkout's
 * `create_account`), with CoCart's rules and codes:
 * - the store must allow registration;
 * - a valid e-mail address; a username, else one made from the e-mail address as WooCommerce makes it
 *   (the part before `@`, or the domain for `info@`, `sales@` …; a `-1234` suffix when taken);
 * - a password of at least 8 characters mixing three of lower case, upper case, digits and symbols,
 *   neither the username nor the e-mail address, nor one of the passwords everyone tries first;
 * - names, a phone number and addresses, optional, checked as the cart checks them.
 *
 * An e-mail address, username or phone number that already has an account is refused with one code
 * and one message for all three, and only after the password has been hashed, so neither the answer nor
 * its timing tells which accounts exist. The look-up and the insert run in one transaction that
 * registrations take in turn (the phone number has no unique index); the new customer is told to the
 * change feed in it (`customer.created`).
 */

export interface RegistrationInput {
  email?: string;
  username?: string;
  password?: string;
  firstName?: string;
  lastName?: string;
  phone?: string;
  /** Unprefixed address fields (`first_name`, `country` …), as checkout takes them. */
  billing?: Record<string, unknown>;
  shipping?: Record<string, unknown>;
  /** The language refusals are written in (several address problems are joined into one message). */
  locale?: string;
}

export interface RegistrationDeps {
  handle: DatabaseHandle;
  /** Told of each new customer, in the transaction that makes it. */
  changes: ChangeFeed;
  /** Whether the store lets shoppers make accounts (`checkout.enable_registration`). */
  enabled(): boolean;
  /** The store's country (`GB`, `US:CA`): where a postcode is checked when no country is given. */
  baseCountry(): string;
  now(): number;
  /** Replaced in tests, to see that every path hashes. */
  hash?: (password: string) => Promise<string>;
}

export const MIN_PASSWORD_LENGTH = 8;

/** Names nobody may register, in any case: they would pass for the store speaking. */
export const RESERVED_USERNAMES: ReadonlySet<string> = new Set([
  'admin', 'administrator', 'root', 'support', 'help', 'webmaster', 'hostmaster', 'postmaster', 'sysadmin', 'system', 'superuser',
  'moderator', 'staff', 'owner', 'manager', 'shop_manager', 'shopmanager', 'security', 'billing', 'sales', 'abuse', 'noreply',
  'no-reply', 'api', 'cartwright', 'cocart', 'woocommerce', 'wordpress', 'null', 'undefined', 'anonymous', 'guest',
]);

/**
 * Passwords at the top of every leaked list that would otherwise pass the length and mix rules (and a
 * few that would not, so the answer names the real problem). Compared without regard to case.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  'password', 'password1', 'password12', 'password123', 'password1!', 'password!', 'p@ssword', 'p@ssword1', 'p@ssw0rd', 'p@ssw0rd1',
  'passw0rd', 'passw0rd!', 'pa$$word', 'pa$$w0rd', '12345678', '123456789', '1234567890', '87654321', '11111111', '00000000',
  'qwertyui', 'qwertyuiop', 'qwerty12', 'qwerty123', 'qwerty1!', 'qwerty123!', '1q2w3e4r', '1q2w3e4r5t', '1qaz2wsx', 'zaq12wsx',
  'zaq1@wsx', '1qaz@wsx', 'abc12345', 'abcd1234', 'abc123!@#', 'aa123456', 'iloveyou', 'iloveyou1', 'iloveyou!', 'sunshine1',
  'princess1', 'football1', 'baseball1', 'welcome1', 'welcome1!', 'welcome123', 'welcome@123', 'letmein1', 'letmein!', 'letmein123',
  'monkey123', 'dragon123', 'master123', 'shadow123', 'superman1', 'starwars1', 'trustno1', 'changeme', 'changeme1', 'changeme123',
  'secret123', 'test1234', 'test@123', 'admin123', 'admin@123', 'admin1234', 'administrator1', 'hello123', 'hello@123',
  'summer2024', 'summer2025', 'winter2024', 'winter2025', 'spring2025', 'autumn2025', 'january2025', 'company123', 'login123',
  'computer1', 'internet1', 'whatever1', 'freedom1', 'michael1', 'jennifer1', 'charlie1', 'liverpool1', 'chelsea1', 'arsenal1',
]);

/** E-mail boxes many people share: a username is made from the domain instead (WooCommerce's list). */
const SHARED_MAILBOXES = new Set(['sales', 'hello', 'mail', 'contact', 'info']);

const MAX_USERNAME = 60;
const MAX_EMAIL = 100;

function clean(value: unknown): string {
  if (typeof value !== 'string' && typeof value !== 'number') return '';
  return String(value).replace(/<[^>]*>/g, '').trim();
}

/** WordPress's `sanitize_user($name, true)`: no tags, accents or entities; ASCII letters, digits, space and `_ . - @`. */
export function sanitizeUsername(name: string): string {
  return name
    .replace(/<[^>]*>/g, '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/%[a-fA-F0-9]{2}/g, '')
    .replace(/&.+?;/g, '')
    .replace(/[^a-z0-9 _.\-@]/gi, '')
    .trim()
    .replace(/\s+/g, ' ');
}

/**
 * A username that can be used to log in here: WordPress's own rule (nothing `sanitize_user` would
 * change), and neither an `@` nor phone-like, since a login with either is looked up as an e-mail
 * address or a phone number.
 */
export function isValidUsername(name: string): boolean {
  return name !== '' && name.length <= MAX_USERNAME && sanitizeUsername(name) === name && !name.includes('@') && !looksLikePhone(name);
}

export function isReservedUsername(name: string): boolean {
  return RESERVED_USERNAMES.has(name.toLowerCase());
}

/** CoCart's password rule; `identities` are the username and e-mail address it must not repeat. */
export function isWeakPassword(password: string, identities: readonly string[]): boolean {
  if ([...password].length < MIN_PASSWORD_LENGTH) return true;
  const lowered = password.toLowerCase();
  if (identities.some((id) => id !== '' && id.toLowerCase() === lowered)) return true;
  if (COMMON_PASSWORDS.has(lowered)) return true;
  const classes = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{L}\p{Nd}]/u].filter((re) => re.test(password)).length;
  return classes < 3;
}

/**
 * The username WooCommerce would make from an e-mail address, before it is made unique; null when that
 * gives nothing a login could use (a reserved name, a phone-like one).
 */
export function usernameFromEmail(email: string): string | null {
  return usernameFrom(email, '', '');
}

/**
 * The username WooCommerce makes for a customer the store adds: `first.last` from the names given,
 * else from the e-mail address as above; null when that gives nothing a login could use.
 */
export function usernameFrom(email: string, firstName: string, lastName: string): string | null {
  const names = [firstName, lastName].map((n) => sanitizeUsername(n).toLowerCase().replace(/\s+/g, '')).filter(Boolean);
  if (names.length) {
    const stem = names.join('.').slice(0, MAX_USERNAME - 5);
    if (isValidUsername(stem) && !isReservedUsername(stem)) return stem;
  }
  const [local, domain = ''] = email.split('@');
  const stem = sanitizeUsername(SHARED_MAILBOXES.has(local) ? domain : local).toLowerCase().slice(0, MAX_USERNAME - 5);
  return isValidUsername(stem) && !isReservedUsername(stem) ? stem : null;
}

type Problem = { msgid: string; args: unknown[] };
type Section = 'billing' | 'shipping';
const LABEL: Record<Section, string> = { billing: 'Billing', shipping: 'Shipping' };

/** An address as given, checked field by field as the cart's update-customer checks it. */
function readAddress<K extends BillingField | ShippingField>(
  section: Section,
  fields: readonly K[],
  given: Record<string, unknown> | undefined,
  baseCountry: string,
  problems: Problem[],
): Partial<Record<K, string>> {
  const out: Partial<Record<string, string>> = {};
  for (const field of fields) {
    const value = clean(given?.[field]);
    if (value !== '') out[field] = value;
  }
  if (out.email !== undefined) {
    if (isEmail(out.email)) out.email = out.email.toLowerCase();
    else problems.push({ msgid: '%s is not a valid email address.', args: [`${LABEL[section]} Email address`] });
  }
  if (out.phone !== undefined) {
    if (isPhone(out.phone)) out.phone = formatPhone(out.phone);
    else problems.push({ msgid: '%s is not a valid phone number.', args: [`${LABEL[section]} Phone`] });
  }
  if (out.country !== undefined) {
    const code = out.country.toUpperCase();
    if (isCountry(code)) out.country = code;
    else problems.push({ msgid: "'%s' is not a valid country code.", args: [out.country] });
  }
  const country = out.country !== undefined && isCountry(out.country) ? out.country : baseCountry;
  if (out.state !== undefined && country) {
    if (isState(country, out.state)) out.state = normalizeState(country, out.state);
    else problems.push({ msgid: '%1$s is not valid. Please enter one of the following: %2$s', args: [`${LABEL[section]} State / County`, Object.keys(STATES[country] ?? {}).join(', ')] });
  }
  if (out.postcode !== undefined && country) {
    if (isPostcode(out.postcode, country)) out.postcode = formatPostcode(out.postcode, country);
    else problems.push({ msgid: '%s is not a valid postcode / ZIP.', args: [`${LABEL[section]} Postcode / ZIP`] });
  }
  return out as Partial<Record<K, string>>;
}

/** The one refusal for an e-mail address, username or phone number that already has an account. */
export function accountExistsError(): CocartError {
  return new CocartError(
    'cocart_registration_error_account_exists',
    'not_allowed',
    'An account could not be created with these details. If you already have an account, log in.',
  );
}

/** Whether a write failed on a unique index (another writer took the e-mail address or username first). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  return e?.code === '23505' || (typeof e?.message === 'string' && e.message.includes('UNIQUE constraint failed'));
}

export class RegistrationService {
  constructor(private readonly deps: RegistrationDeps) {}

  async register(input: RegistrationInput): Promise<User> {
    const { deps } = this;
    if (!deps.enabled()) throw new CocartError('cocart_registration_error_failed_creation', 'invalid', 'Registration is currently not allowed.');

    const email = clean(input.email).toLowerCase();
    if (!isEmail(email) || email.length > MAX_EMAIL) throw new CocartError('cocart_registration_invalid_email', 'not_found', 'A valid email address is required!');

    const requested = clean(input.username);
    if (requested !== '') {
      if (!isValidUsername(requested)) throw new CocartError('cocart_registration_error_invalid_username', 'not_found', 'Please provide a valid username.');
      if (isReservedUsername(requested)) throw new CocartError('cocart_registration_error_reserved_username', 'invalid', 'This username cannot be registered. Please choose another.');
    }
    const stem = requested || usernameFromEmail(email);

    const password = typeof input.password === 'string' ? input.password : '';
    if (password === '') throw new CocartError('registration-error-missing-password', 'not_found', 'Please enter an account password.');
    if (isWeakPassword(password, [stem ?? '', email, email.split('@')[0]])) {
      throw new CocartError('cocart_registration_error_weak_password', 'invalid', 'This password is too weak. Please choose a stronger password.');
    }

    const baseCountry = deps.baseCountry().split(':')[0];
    const problems: Problem[] = [];
    const billingIn = readAddress('billing', BILLING_FIELDS, input.billing, baseCountry, problems);
    const shippingIn = readAddress('shipping', SHIPPING_FIELDS, input.shipping, baseCountry, problems);
    const phoneIn = clean(input.phone);
    let phone = billingIn.phone ?? '';
    if (phoneIn !== '') {
      if (isPhone(phoneIn)) phone = formatPhone(phoneIn);
      else problems.push({ msgid: '%s is not a valid phone number.', args: ['Phone'] });
    }
    if (problems.length) {
      const locale = input.locale ?? 'en';
      throw new CocartError('cocart_invalid_address_fields', 'invalid', '%s', [problems.map((p) => translate(locale, p.msgid, ...p.args)).join(' ')]);
    }

    const firstName = clean(input.firstName) || billingIn.first_name || '';
    const lastName = clean(input.lastName) || billingIn.last_name || '';
    const blank = emptyCustomer();
    const billing = { ...blank.billing, ...billingIn, first_name: billingIn.first_name ?? firstName, last_name: billingIn.last_name ?? lastName, email: billingIn.email ?? email, phone };
    const shipping = { ...blank.shipping, ...shippingIn };

    // Hashed before anything is looked up, so that an address with an account is refused no sooner.
    const passwordHash = await (deps.hash ?? hashPassword)(password);

    try {
      return await inWriteTransaction(deps.handle, async (trx) => {
        await takeRegistrationTurn(deps.handle, trx);
        if (await accountExists(trx, { email, username: requested, phone })) throw accountExistsError();
        const username = requested || (await uniqueUsername(trx, stem));
        // WordPress's display name for a new user: the full name, else either name, else the username.
        const displayName = [firstName, lastName].filter(Boolean).join(' ') || username;
        const user = await insertUser(trx, { username, email, passwordHash, role: 'customer', firstName, lastName, displayName, billing, shipping }, deps.now());
        await announceCustomer(deps.changes, trx, user, 'created');
        return user;
      });
    } catch (err) {
      // Another writer took the e-mail address or username between our look-up and the insert.
      if (isUniqueViolation(err)) throw accountExistsError();
      throw err;
    }
  }

}

/**
 * New accounts take turns (on PostgreSQL; SQLite has one writer anyway): two at once with the same phone
 * number, which has no unique index, must not both pass the check. Held until `trx` ends.
 */
export async function takeRegistrationTurn(handle: DatabaseHandle, trx: Kysely<Database>): Promise<void> {
  if (handle.dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext('cartwright:registration'))`.execute(trx);
}

/** WooCommerce's way: the stem, else the stem with a random four-digit suffix until one is free. */
export async function uniqueUsername(db: Kysely<Database>, stem: string | null): Promise<string> {
  if (stem !== null && !(await usernameExists(db, stem))) return stem;
  stem ??= 'customer';
  for (let attempt = 0; attempt < 20; attempt++) {
    const candidate = `${stem}-${String(randomInt(0, 10000)).padStart(4, '0')}`;
    if (!(await usernameExists(db, candidate))) return candidate;
  }
  return `${stem}-${randomInt(0, 2 ** 32).toString(16)}`;
}
