import type { TObject, TSchema } from '@sinclair/typebox';
import type { Reason } from '../settings/patch.ts';
import { SettingsSchema, type Settings } from '../settings/schema.ts';

/**
 * A gateway's settings as WooCommerce's payment gateways API shows them, over the one stored `payments`
 * section of the store's settings: the gateway `bacs` owns the settings named `bacs_…` and sees them
 * without the prefix (`bacs_account_name` → `account_name`). As in WooCommerce, `enabled` and
 * `description` are the gateway's own fields rather than among its settings, and `title` is both.
 * A gateway a plugin adds owns no stored settings.
 */

export type GatewaySettingType = 'text' | 'textarea' | 'password' | 'checkbox' | 'multiselect';

export interface GatewaySetting {
  /** The name the gateway knows it by: `account_name`. */
  id: string;
  /** The stored setting: `bacs_account_name`. */
  field: string;
  label: string;
  type: GatewaySettingType;
  /** What a new store has. */
  default: unknown;
}

/** What a change to a gateway may say, in WooCommerce's fields. */
export interface GatewayChange {
  enabled?: boolean;
  title?: string;
  description?: string;
  /** Setting id → value; `enabled` and `description` may be given here too, as WooCommerce's form fields. */
  settings?: Record<string, unknown>;
}

const PAYMENTS = SettingsSchema.properties.payments as TObject;

/** The labels WooCommerce's gateways give their form fields (its wording, for its clients). */
const LABELS: Record<string, string> = {
  enabled: 'Enable/Disable',
  title: 'Title',
  description: 'Description',
  instructions: 'Instructions',
  account_name: 'Account name',
  account_number: 'Account number',
  sort_code: 'Sort code',
  bank_name: 'Bank name',
  iban: 'IBAN',
  bic: 'BIC / Swift',
  enable_for_methods: 'Enable for shipping methods',
  enable_for_virtual: 'Accept for virtual orders',
  secret_key: 'Secret key',
  publishable_key: 'Publishable key',
  webhook_secret: 'Webhook secret',
};

/** Fields that are the gateway's own rather than among its `settings`. */
const OWN = new Set(['enabled', 'description']);

function typeOf(id: string, schema: TSchema): GatewaySettingType {
  if (schema.type === 'boolean') return 'checkbox';
  if (schema.type === 'array') return 'multiselect';
  if (/secret/.test(id)) return 'password';
  return (schema.maxLength ?? 0) > 200 ? 'textarea' : 'text';
}

/** Every stored setting of the gateway, its own fields included, in the order the settings list them. */
function storedFields(gatewayId: string): GatewaySetting[] {
  const prefix = `${gatewayId}_`;
  return Object.entries(PAYMENTS.properties)
    .filter(([field]) => field.startsWith(prefix))
    .map(([field, schema]) => {
      const id = field.slice(prefix.length);
      return { id, field, label: LABELS[id] ?? id, type: typeOf(id, schema), default: schema.default };
    });
}

/** The gateway's `settings`, as WooCommerce lists them (not `enabled` nor `description`). */
export function gatewaySettings(gatewayId: string): GatewaySetting[] {
  return storedFields(gatewayId).filter((s) => !OWN.has(s.id));
}

/** A stored value as WooCommerce's API writes it: a checkbox as "yes" or "no", a list as a list, text as text. */
export function wireValue(value: unknown): string | string[] {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.map(String);
  return value === undefined || value === null ? '' : String(value);
}

/** The stored value of one of a gateway's settings. */
export function storedValue(settings: Settings, setting: GatewaySetting): unknown {
  return (settings.payments as Record<string, unknown>)[setting.field];
}

/**
 * The change as the settings service takes it (`{ payments: { bacs_title: … } }`), and the names it
 * gives that the gateway does not have. The settings go first and the gateway's own fields after, so
 * a `title` given both ways is the top-level one, as in WooCommerce.
 */
export function settingsPatch(gatewayId: string, change: GatewayChange): { patch: Record<string, unknown>; unknown: string[] } {
  const fields = new Map(storedFields(gatewayId).map((s) => [s.id, s]));
  const payments: Record<string, unknown> = {};
  const unknown: string[] = [];
  for (const [id, value] of Object.entries(change.settings ?? {})) {
    const setting = fields.get(id);
    if (!setting) unknown.push(`settings[${id}]`);
    // A multiselect sent as one value (WooCommerce takes that too) is a list of it.
    else payments[setting.field] = setting.type === 'multiselect' && typeof value === 'string' ? (value ? [value] : []) : value;
  }
  for (const id of ['enabled', 'title', 'description'] as const) {
    if (change[id] === undefined) continue;
    const setting = fields.get(id);
    if (setting) payments[setting.field] = change[id];
    else unknown.push(id);
  }
  return { patch: { payments }, unknown };
}

/**
 * A refusal of the settings service, reworded for the gateway: keyed by the gateway's name for the
 * setting (`secret_key`, not `stripe_secret_key`), which also stands for it in the reason.
 */
export function gatewayReasons(gatewayId: string, reasons: Record<string, Reason>): Record<string, Reason> {
  const prefix = `${gatewayId}_`;
  const out: Record<string, Reason> = {};
  for (const [field, reason] of Object.entries(reasons)) {
    const id = field.startsWith(prefix) ? field.slice(prefix.length) : field;
    const [first, ...rest] = reason.args;
    const named = typeof first === 'string' && first.startsWith(field) ? id + first.slice(field.length) : first;
    out[id] = { msgid: reason.msgid, args: reason.args.length ? [named, ...rest] : [] };
  }
  return out;
}
