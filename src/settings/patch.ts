import { createHash } from 'node:crypto';
import type { TObject, TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { isCountry } from '../commerce/address.ts';
import { SettingsSchema, type Settings } from './schema.ts';

/**
 * Applies a settings change: only the fields given change. Accepts CoCart's flat `{field: value}`
 * body or `{section: {field: value}}`. Every field is checked against its schema and its meaning
 * (URLs, time zone, country, UUID); any error means nothing changes.
 */

export interface SettingsPatchResult {
  settings: Settings;
  /** field → reason; empty when the change is valid. */
  errors: Record<string, string>;
}

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
function meaning(field: string, value: unknown): string | null {
  switch (field) {
    case 'frontend_url':
    case 'home_url':
      return value === '' || isUrl(String(value)) ? null : `${field} must be an http(s) URL or empty.`;
    case 'cors_allowed_origins':
      return (value as string[]).every((o) => o === '*' || isUrl(o)) ? null : 'cors_allowed_origins must list http(s) origins (or "*").';
    case 'timezone_string':
      return isTimeZone(String(value)) ? null : `timezone_string "${String(value)}" is not a known time zone.`;
    case 'country':
      return isCountry(String(value).split(':')[0]) ? null : `country "${String(value)}" is not a known country code.`;
    case 'access_token':
      return value === '' || UUID_V4.test(String(value)) ? null : 'access_token must be a version 4 UUID or empty.';
    case 'orderby': {
      const allowed = ['date', 'id', 'menu_order', 'include', 'title', 'slug', 'name', 'popularity', 'alphabetical', 'reverse_alpha', 'by_stock', 'review_count', 'on_sale_first', 'featured_first', 'price_asc', 'price_desc', 'sales', 'rating'];
      return allowed.includes(String(value)) ? null : `orderby is not one of ${allowed.join(', ')}.`;
    }
    default:
      return null;
  }
}

function schemaError(schema: TSchema, field: string, value: unknown): string | null {
  if (Value.Check(schema, value)) return null;
  const first = Value.Errors(schema, value).First();
  return `${field} ${first?.message ?? 'is invalid'}.`.replace(/\.\.$/, '.');
}

/** The body as field → value pairs, whichever of the two shapes it came in. */
function flatten(body: Record<string, unknown>): { fields: Record<string, unknown>; errors: Record<string, string> } {
  const fields: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    if (SECTIONS.includes(k as Sections) && v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const [f, fv] of Object.entries(v as Record<string, unknown>)) {
        if (SECTION_OF.get(f) === k) fields[f] = fv;
        else errors[`${k}.${f}`] = `${k}.${f} is not a setting.`;
      }
    } else if (SECTION_OF.has(k)) fields[k] = v;
    else if (!['save_step', '_wpnonce', '_wp_http_referer', 'form'].includes(k)) errors[k] = `${k} is not a setting.`;
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
    const reason = schemaError(schema, field, value) ?? meaning(field, value);
    if (reason) {
      errors[field] = reason;
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
