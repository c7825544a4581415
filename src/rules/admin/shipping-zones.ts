import { Type, type Static } from '@sinclair/typebox';
import { invalidParam, trashNotSupported, type StoreInput } from '../../catalog/admin/input.ts';
import { commitChange } from '../../cluster/change.ts';
import { isCountry, isState, normalizeState } from '../../commerce/address.ts';
import { evaluateCost } from '../../commerce/shipping.ts';
import type { FlatRateSettings, FreeShippingSettings, LocalPickupSettings, ShippingMethod, ShippingMethodId, ZoneLocation } from '../../commerce/types.ts';
import { CocartError } from '../../errors.ts';
import {
  deleteZone, deleteZoneMethod, findZone, findZoneMethod, listZones, REST_OF_WORLD, saveZone, saveZoneMethod, setZoneLocations, zoneLocations,
  zoneMethods, type MethodInput,
} from '../repository.ts';
import type { RulesStore } from './values.ts';

/**
 * Shipping zones, their locations and their methods. Zone 0, "Locations not covered by your other
 * zones", has no row: it is listed first and can hold methods, but cannot be renamed, deleted or given
 * locations. Flat-rate class costs are keyed by the shipping class's slug (WooCommerce's form names them
 * `class_cost_<term id>`).
 */

const CONTINENTS = ['AF', 'AN', 'AS', 'EU', 'NA', 'OC', 'SA'];

export interface MethodType {
  id: ShippingMethodId;
  title: string;
  description: string;
}

export const METHOD_TYPES: readonly MethodType[] = [
  { id: 'flat_rate', title: 'Flat rate', description: 'Lets you charge a fixed rate for shipping.' },
  { id: 'free_shipping', title: 'Free shipping', description: 'Free shipping is a special method which can be triggered with coupons and minimum spends.' },
  {
    id: 'local_pickup',
    title: 'Local pickup',
    description: 'Allow customers to pick up orders themselves. By default, when using local pickup store base taxes will apply regardless of customer address.',
  },
];

export const ZoneBody = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 200 })),
  order: Type.Optional(Type.Integer({ minimum: -2_147_483_648, maximum: 2_147_483_647 })),
});
export type ZoneBody = Static<typeof ZoneBody>;

// Values are checked per field below (ajv's coercion across a union would turn `true` into "true").
export const MethodBody = Type.Object({
  order: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647 })),
  enabled: Type.Optional(Type.Boolean()),
  settings: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
export type MethodBody = Static<typeof MethodBody>;

export function zoneInvalid(): CocartError {
  return new CocartError('woocommerce_rest_shipping_zone_invalid', 'not_found', 'Resource does not exist.');
}

export function methodInvalid(): CocartError {
  return new CocartError('woocommerce_rest_shipping_zone_method_invalid', 'not_found', 'Resource does not exist.');
}

export interface Zone {
  id: number;
  name: string;
  order: number;
}

function zoneName(value: string): string {
  const name = value.trim();
  if (!name) throw invalidParam('name', 'name cannot be empty.');
  return name;
}

/** One location from the wire, checked as WooCommerce's zone screen would only offer it. */
function parseLocation(raw: unknown, at: number): ZoneLocation {
  const name = `locations[${at}]`;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw invalidParam(name, `${name} is not of type object.`);
  const { code, type = 'country' } = raw as Record<string, unknown>;
  if (typeof type !== 'string' || !['postcode', 'state', 'country', 'continent'].includes(type)) {
    throw invalidParam(`${name}[type]`, `${name}[type] is not one of postcode, state, country, continent.`);
  }
  if (typeof code !== 'string' || code.trim() === '') throw invalidParam(`${name}[code]`, `${name}[code] is not a non-empty string.`);
  const text = code.trim();
  const upper = text.toUpperCase();
  const bad = (what: string) => invalidParam(`${name}[code]`, `${name}[code] is not a valid ${what}.`);
  switch (type) {
    case 'country':
      if (!isCountry(upper)) throw bad('country code');
      return { type, code: upper };
    case 'continent':
      if (!CONTINENTS.includes(upper)) throw bad('continent code');
      return { type, code: upper };
    case 'state': {
      const [country, state = ''] = upper.split(':');
      if (!isCountry(country) || !state || !isState(country, state)) throw bad('state code (CC:STATE)');
      return { type, code: `${country}:${normalizeState(country, state).toUpperCase()}` };
    }
    default:
      if (text.length > 200) throw bad('postcode (at most 200 characters)');
      return { type: 'postcode', code: upper };
  }
}

function defaultSettings(methodId: ShippingMethodId): ShippingMethod['settings'] {
  switch (methodId) {
    case 'flat_rate':
      return { title: 'Flat rate', taxable: true, cost: '0', classCosts: {}, calculationType: 'class' } satisfies FlatRateSettings;
    case 'free_shipping':
      return { title: 'Free shipping', requires: '', minAmount: 0, ignoreDiscounts: false } satisfies FreeShippingSettings;
    case 'local_pickup':
      return { title: 'Local pickup', taxable: true, cost: '' } satisfies LocalPickupSettings;
  }
}

/** The method's settings after the body's `settings`, each value checked as its form field allows. */
function applySettings(c: StoreInput, m: ShippingMethod, input: Record<string, unknown>): ShippingMethod['settings'] {
  const name = (key: string) => `settings[${key}]`;
  const text = (key: string, v: unknown): string => {
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    if (typeof v !== 'string') throw invalidParam(name(key), `${name(key)} is not of type string.`);
    return v.trim();
  };
  const choice = <T extends string>(key: string, v: unknown, allowed: readonly T[]): T => {
    const t = text(key, v);
    if (!(allowed as readonly string[]).includes(t)) throw invalidParam(name(key), `${name(key)} is not one of ${allowed.map((a) => a || "''").join(', ')}.`);
    return t as T;
  };
  const cost = (key: string, v: unknown): string => {
    const t = text(key, v);
    // WooCommerce refuses to save a cost it cannot evaluate; so do we.
    if (t !== '' && evaluateCost(t, { qty: 1, cost: 0 }, c.decimals) === null) throw invalidParam(name(key), `${name(key)} is not a valid cost or sum.`);
    return t;
  };
  const checkbox = (key: string, v: unknown): boolean => {
    if (typeof v === 'boolean') return v;
    return choice(key, v, ['yes', 'no', '']) === 'yes';
  };
  const unknown = (key: string) => invalidParam(name(key), `${name(key)} is not a setting of ${m.methodId}.`);
  switch (m.methodId) {
    case 'flat_rate': {
      const s: FlatRateSettings = { ...m.settings, classCosts: { ...m.settings.classCosts } };
      const classes = c.snapshot.taxonomy('product_shipping_class');
      for (const [key, v] of Object.entries(input)) {
        const classId = /^class_cost_(\d+)$/.exec(key);
        if (key === 'title') s.title = text(key, v);
        else if (key === 'tax_status') s.taxable = choice(key, v, ['taxable', 'none']) === 'taxable';
        else if (key === 'cost') s.cost = cost(key, v);
        else if (key === 'type') s.calculationType = choice(key, v, ['class', 'order']);
        else if (key === 'class_costs') continue; // a heading in WooCommerce's form, with no value of its own
        else if (key === 'no_class_cost' || classId) {
          const slug = classId ? classes.find((t) => t.id === Number(classId[1]))?.slug : '';
          if (slug === undefined) throw invalidParam(name(key), `${name(key)} names no shipping class.`);
          const expression = cost(key, v);
          if (expression === '') delete s.classCosts[slug];
          else s.classCosts[slug] = expression;
        } else throw unknown(key);
      }
      return s;
    }
    case 'free_shipping': {
      const s: FreeShippingSettings = { ...m.settings };
      for (const [key, v] of Object.entries(input)) {
        if (key === 'title') s.title = text(key, v);
        else if (key === 'requires') s.requires = choice(key, v, ['', 'coupon', 'min_amount', 'either', 'both']);
        else if (key === 'min_amount') s.minAmount = c.parsePrice(name(key), text(key, v)) ?? 0;
        else if (key === 'ignore_discounts') s.ignoreDiscounts = checkbox(key, v);
        else throw unknown(key);
      }
      return s;
    }
    case 'local_pickup': {
      const s: LocalPickupSettings = { ...m.settings };
      for (const [key, v] of Object.entries(input)) {
        if (key === 'title') s.title = text(key, v);
        else if (key === 'tax_status') s.taxable = choice(key, v, ['taxable', 'none']) === 'taxable';
        else if (key === 'cost') s.cost = cost(key, v);
        else throw unknown(key);
      }
      return s;
    }
  }
}

function applyMethodBody(c: StoreInput, m: ShippingMethod, b: MethodBody): MethodInput {
  const settings = b.settings ? applySettings(c, m, b.settings) : m.settings;
  return { ...m, settings, order: b.order ?? m.order, enabled: b.enabled ?? m.enabled } as MethodInput;
}

export class ShippingZoneService {
  constructor(private readonly store: RulesStore) {}

  /** Every zone, zone 0 first, then the stored ones in the order they are matched. */
  async zones(): Promise<Zone[]> {
    return [{ id: 0, name: REST_OF_WORLD, order: 0 }, ...(await listZones(this.store.database.db))];
  }

  /** A zone by id, zone 0 included; refused when there is none. */
  async zone(id: number): Promise<Zone> {
    if (id === 0) return { id: 0, name: REST_OF_WORLD, order: 0 };
    const zone = id > 0 ? await findZone(this.store.database.db, id) : null;
    if (!zone) throw zoneInvalid();
    return zone;
  }

  async createZone(b: ZoneBody & { name: string }): Promise<Zone> {
    return commitChange(this.store.database, this.store.rules, async (trx) => (await findZone(trx, await saveZone(trx, { name: zoneName(b.name), order: b.order ?? 0 })))!);
  }

  async updateZone(id: number, b: ZoneBody): Promise<Zone> {
    const zone = await this.zone(id);
    if (id === 0) {
      throw new CocartError('woocommerce_rest_shipping_zone_invalid_zone', 'forbidden', 'The "locations not covered by your other zones" zone cannot be updated.');
    }
    const next = { id, name: b.name !== undefined ? zoneName(b.name) : zone.name, order: b.order ?? zone.order };
    return commitChange(this.store.database, this.store.rules, async (trx) => {
      if (!(await findZone(trx, id))) throw zoneInvalid();
      return (await findZone(trx, await saveZone(trx, next)))!;
    });
  }

  /** Deletes a zone with its locations and methods; answers it as it was. */
  async deleteZone(id: number, force: boolean): Promise<Zone> {
    const zone = await this.zone(id);
    if (id === 0) {
      throw new CocartError('woocommerce_rest_shipping_zone_invalid_zone', 'forbidden', 'The "locations not covered by your other zones" zone cannot be deleted.');
    }
    if (!force) throw trashNotSupported('Shipping zones do not support trashing.', [], 'rest_trash_not_supported');
    await commitChange(this.store.database, this.store.rules, async (trx) => {
      if (!(await deleteZone(trx, id))) throw zoneInvalid();
    });
    return zone;
  }

  async locations(id: number): Promise<ZoneLocation[]> {
    await this.zone(id);
    return id === 0 ? [] : zoneLocations(this.store.database.db, id);
  }

  /** Replaces a zone's locations with `body`, a list of `{code, type}` checked one by one; answers them as stored. */
  async setLocations(id: number, body: unknown): Promise<ZoneLocation[]> {
    await this.zone(id);
    if (id === 0) {
      throw new CocartError('woocommerce_rest_shipping_zone_locations_invalid_zone', 'forbidden', 'The "locations not covered by your other zones" zone cannot be updated.');
    }
    if (!Array.isArray(body)) throw invalidParam('locations', 'The body must be a JSON array of {code, type} locations.');
    const parsed = body.map(parseLocation);
    const locations = [...new Map(parsed.map((l) => [`${l.type}|${l.code}`, l])).values()];
    return commitChange(this.store.database, this.store.rules, async (trx) => {
      if (!(await findZone(trx, id))) throw zoneInvalid();
      await setZoneLocations(trx, id, locations);
      return zoneLocations(trx, id);
    });
  }

  async methods(zoneId: number): Promise<ShippingMethod[]> {
    await this.zone(zoneId);
    return zoneMethods(this.store.database.db, zoneId);
  }

  async method(zoneId: number, instanceId: number): Promise<ShippingMethod> {
    await this.zone(zoneId);
    const method = await findZoneMethod(this.store.database.db, zoneId, instanceId);
    if (!method) throw methodInvalid();
    return method;
  }

  async createMethod(c: StoreInput, zoneId: number, methodId: string, b: MethodBody): Promise<ShippingMethod> {
    await this.zone(zoneId);
    const type = METHOD_TYPES.find((t) => t.id === methodId);
    if (!type) throw invalidParam('method_id', `method_id is not one of ${METHOD_TYPES.map((t) => t.id).join(', ')}.`);
    return commitChange(this.store.database, this.store.rules, async (trx) => {
      if (zoneId !== 0 && !(await findZone(trx, zoneId))) throw zoneInvalid();
      // As WC_Shipping_Zone::add_shipping_method(): after the zone's other methods, enabled.
      const count = (await zoneMethods(trx, zoneId)).length;
      const blank = { instanceId: 0, methodId: type.id, order: count + 1, enabled: true, settings: defaultSettings(type.id) } as ShippingMethod;
      const { instanceId: _new, ...method } = applyMethodBody(c, blank, b);
      return (await findZoneMethod(trx, zoneId, await saveZoneMethod(trx, zoneId, method as MethodInput)))!;
    });
  }

  async updateMethod(c: StoreInput, zoneId: number, instanceId: number, b: MethodBody): Promise<ShippingMethod> {
    await this.zone(zoneId);
    return commitChange(this.store.database, this.store.rules, async (trx) => {
      const stored = await findZoneMethod(trx, zoneId, instanceId);
      if (!stored) throw methodInvalid();
      await saveZoneMethod(trx, zoneId, { ...applyMethodBody(c, stored, b), instanceId });
      return (await findZoneMethod(trx, zoneId, instanceId))!;
    });
  }

  /** Answers the method as it was. */
  async deleteMethod(zoneId: number, instanceId: number, force: boolean): Promise<ShippingMethod> {
    await this.zone(zoneId);
    return commitChange(this.store.database, this.store.rules, async (trx) => {
      const stored = await findZoneMethod(trx, zoneId, instanceId);
      if (!stored) throw methodInvalid();
      if (!force) throw trashNotSupported('Shipping methods do not support trashing.', [], 'rest_trash_not_supported');
      await deleteZoneMethod(trx, zoneId, instanceId);
      return stored;
    });
  }
}
