import { createHash } from 'node:crypto';
import type { TObject, TSchema } from '@sinclair/typebox';
import { Value, ValueErrorType, type ValueError } from '@sinclair/typebox/value';
import { isCountry } from '../commerce/address.ts';
import { SettingsSchema, type Settings } from './schema.ts';

/**
 * Applies a settings change: only the fields given change. Accepts CoCart's flat `{field: value}`
 * body or `{section: {field: value}}`. Every field is checked against its schema and its meaning
 * (URLs, time zone, country, UUID); any error means nothing changes. Reasons are English message ids
 * with their arguments (src/i18n), translated by the caller into the request's language.
 */

/** Why a value was refused: a message id and the arguments of its placeholders. */
export interface Reason {
  msgid: string;
  args: unknown[];
}

export interface SettingsPatchResult {
  settings: Settings;
  /** field → reason; empty when the change is valid. */
  errors: Record<string, Reason>;
}

const reason = (msgid: string, ...args: unknown[]): Reason => ({ msgid, args });

type Sections = keyof Settings;
const SECTIONS = Object.keys(SettingsSchema.properties) as Sections[];

/** field name → its section (field names are unique across sections). */
const SECTION_OF = new Map<string, Sections>(
  SECTIONS.flatMap((section) => Object.keys((SettingsSchema.properties[section] as TObject).properties).map((f) => [f, section] as [string, Sections])),
);

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

function isUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** Rules the schema cannot say. Returns a reason, or null when the value is fine. */
function meaning(field: string, value: unknown): Reason | null {
  switch (field) {
    case 'frontend_url':
    case 'home_url':
      return value === '' || isUrl(String(value)) ? null : reason('%s must be an http(s) URL or empty.', field);
    case 'cors_allowed_origins':
      return (value as string[]).every((o) => o === '*' || isUrl(o)) ? null : reason('%s must list http(s) origins (or "*").', field);
    case 'timezone_string':
      return isTimeZone(String(value)) ? null : reason('%1$s "%2$s" is not a known time zone.', field, String(value));
    case 'country':
      return isCountry(String(value).split(':')[0]) ? null : reason('%1$s "%2$s" is not a known country code.', field, String(value));
    case 'all_except_countries':
    case 'specific_allowed_countries':
    case 'specific_ship_to_countries': {
      const unknown = (value as string[]).find((code) => !isCountry(code));
      return unknown === undefined ? null : reason('%1$s "%2$s" is not a known country code.', field, unknown);
    }
    case 'access_token':
      return value === '' || UUID_V4.test(String(value)) ? null : reason('%s must be a version 4 UUID or empty.', field);
    default:
      return null;
  }
}

/** The values a union of literals allows (the schema's enums), or null for any other schema. */
function allowedValues(schema: TSchema): unknown[] | null {
  const options = (schema as { anyOf?: TSchema[] }).anyOf;
  return options?.every((o) => 'const' in o) ? options.map((o) => o.const) : null;
}

/** What a value of this schema should be, for a "wrong type" reason. */
function typeReason(name: string, schema: TSchema): Reason {
  switch (schema.type) {
    case 'boolean':
      return reason('%s must be true or false.', name);
    case 'integer':
      return reason('%s must be a whole number.', name);
    case 'number':
      return reason('%s must be a number.', name);
    case 'array':
      return reason('%s must be a list.', name);
    case 'string':
      return reason('%s must be text.', name);
    default:
      return reason('%s is not valid.', name);
  }
}

/**
 * The first way the value breaks its schema, in our own words: a reason per kind of failure, its
 * limits taken from the schema (or from the part of it that failed, for a list's entry).
 */
function schemaError(schema: TSchema, field: string, value: unknown): Reason | null {
  if (Value.Check(schema, value)) return null;
  const error: ValueError | undefined = Value.Errors(schema, value).First();
  if (!error) return reason('%s is not valid.', field);
  // An entry of a list is named as WordPress names it: `accessible_paths[0]`.
  const name = field + error.path.split('/').filter(Boolean).map((i) => `[${i}]`).join('');
  const failed = error.schema;
  const allowed = allowedValues(failed);
  if (allowed) return reason('%1$s is not one of %2$s.', name, allowed.join(', '));
  switch (error.type) {
    case ValueErrorType.StringMaxLength:
      return reason('%1$s must be at most %2$d characters long.', name, failed.maxLength);
    case ValueErrorType.StringMinLength:
      return reason('%1$s must be at least %2$d characters long.', name, failed.minLength);
    case ValueErrorType.StringPattern: {
      const examples = (failed as { examples?: unknown }).examples;
      return Array.isArray(examples) && examples.length
        ? reason('%1$s is not in the expected form (for example %2$s).', name, examples.join(', '))
        : reason('%1$s does not match the pattern %2$s.', name, failed.pattern);
    }
    case ValueErrorType.IntegerMinimum:
    case ValueErrorType.NumberMinimum:
      return reason('%1$s must be greater than or equal to %2$s.', name, failed.minimum);
    case ValueErrorType.IntegerMaximum:
    case ValueErrorType.NumberMaximum:
      return reason('%1$s must be less than or equal to %2$s.', name, failed.maximum);
    case ValueErrorType.ArrayMaxItems:
      return reason('%1$s must contain at most %2$d items.', name, failed.maxItems);
    case ValueErrorType.ArrayMinItems:
      return reason('%1$s must contain at least %2$d items.', name, failed.minItems);
    default:
      return typeReason(name, failed);
  }
}

/** The body as field → value pairs, whichever of the two shapes it came in. */
function flatten(body: Record<string, unknown>): { fields: Record<string, unknown>; errors: Record<string, Reason> } {
  const fields: Record<string, unknown> = {};
  const errors: Record<string, Reason> = {};
  for (const [k, v] of Object.entries(body)) {
    if (SECTIONS.includes(k as Sections) && v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const [f, fv] of Object.entries(v as Record<string, unknown>)) {
        if (SECTION_OF.get(f) === k) fields[f] = fv;
        else errors[`${k}.${f}`] = reason('%s is not a setting.', `${k}.${f}`);
      }
    } else if (SECTION_OF.has(k)) fields[k] = v;
    else if (!['save_step', '_wpnonce', '_wp_http_referer', 'form'].includes(k)) errors[k] = reason('%s is not a setting.', k);
  }
  return { fields, errors };
}

export function patchSettings(current: Settings, body: Record<string, unknown>): SettingsPatchResult {
  const { fields, errors } = flatten(body);
  const next = structuredClone(current) as Record<Sections, Record<string, unknown>>;
  for (const [field, raw] of Object.entries(fields)) {
    const section = SECTION_OF.get(field)!;
    const schema = (SettingsSchema.properties[section] as TObject).properties[field];
    // Checkboxes arrive as "yes"/"no" from CoCart's settings page.
    const value = schema.type === 'boolean' && (raw === 'yes' || raw === 'no') ? raw === 'yes' : schema.type === 'string' && typeof raw === 'string' ? raw.trim() : raw;
    const refused = schemaError(schema, field, value) ?? meaning(field, value);
    if (refused) {
      errors[field] = refused;
      continue;
    }
    next[section][field] = value;
  }
  // The salt key is kept as the md5 of the phrase (the hash is what clients send); hash only a new phrase.
  const salt = next.general.salt_key as string;
  if (salt && salt !== current.general.salt_key && !/^[0-9a-f]{32}$/.test(salt)) {
    next.general.salt_key = createHash('md5').update(salt).digest('hex');
  }
  return { settings: next as unknown as Settings, errors };
}
