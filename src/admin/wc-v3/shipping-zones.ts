import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { defineRoute } from '../../api/route.ts';
import type { Term } from '../../catalog/types.ts';
import { isCountry, isState, normalizeState } from '../../commerce/address.ts';
import { toMajorString } from '../../commerce/money.ts';
import { evaluateCost } from '../../commerce/shipping.ts';
import type { FlatRateSettings, FreeShippingSettings, LocalPickupSettings, ShippingMethod, ShippingMethodId, ZoneLocation } from '../../commerce/types.ts';
import { CocartError } from '../../errors.ts';
import type { JsonObject } from '../../hooks/types.ts';
import {
  deleteZone, deleteZoneMethod, findZone, findZoneMethod, saveZone, saveZoneMethod, setZoneLocations, zoneLocations, zoneMethods, type MethodInput,
} from '../../rules/repository.ts';
import type { Runtime } from '../../runtime.ts';
import { requireManager } from './access.ts';
import { pathId, WcContext } from './context.ts';
import { invalidParam } from '../../catalog/admin/input.ts';
import { literals } from './schema.ts';

/**
 * `wc/v3/shipping/zones`, their `locations` and `methods`, and `wc/v3/shipping_methods`: WooCommerce's
 * shipping controllers. Zone 0, "Locations not covered by your other zones", is listed first and can hold
 * methods, but cannot be renamed, deleted or given locations. A method's `settings` come out as
 * WooCommerce's form fields (`{id, label, description, type, value, default, tip, placeholder}`) and go in
 * as plain values (`settings: {cost: "10"}`); flat-rate class costs are `class_cost_<shipping class term
 * id>` there and keyed by the class's slug here.
 */

const TAGS = ['WooCommerce: shipping zones'];
const BASE = '/wc/v3/shipping/zones';
const ONE = `${BASE}/:id(^\\d+$)`;
const METHODS = `${BASE}/:zone_id(^\\d+$)/methods`;
const METHOD = `${METHODS}/:instance_id(^\\d+$)`;
const REST_OF_WORLD = 'Locations not covered by your other zones';
const CONTINENTS = ['AF', 'AN', 'AS', 'EU', 'NA', 'OC', 'SA'];

interface MethodType {
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

const ZoneBody = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 200 })),
  order: Type.Optional(Type.Integer({ minimum: -2_147_483_648, maximum: 2_147_483_647 })),
});
type ZoneBody = Static<typeof ZoneBody>;

// Values are checked per field below (ajv's coercion across a union would turn `true` into "true").
const MethodBody = Type.Object({
  order: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647 })),
  enabled: Type.Optional(Type.Boolean()),
  settings: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
type MethodBody = Static<typeof MethodBody>;

function zoneInvalid(): CocartError {
  return new CocartError('woocommerce_rest_shipping_zone_invalid', 'not_found', 'Resource does not exist.');
}

function methodInvalid(): CocartError {
  return new CocartError('woocommerce_rest_shipping_zone_method_invalid', 'not_found', 'Resource does not exist.');
}

const href = (url: string) => [{ href: url }];

// Zones ------------------------------------------------------------------------------------------------

interface Zone {
  id: number;
  name: string;
  order: number;
}

function zoneJson(c: WcContext, z: Zone): JsonObject {
  const base = `${c.root}/shipping/zones`;
  return { id: z.id, name: z.name, order: z.order, _links: { self: href(`${base}/${z.id}`), collection: href(base), describedby: href(`${base}/${z.id}/locations`) } };
}

/** A zone by id, zone 0 included; a 404 when there is none. */
async function zoneOf(runtime: Runtime, id: number): Promise<Zone> {
  if (id === 0) return { id: 0, name: REST_OF_WORLD, order: 0 };
  const zone = id > 0 ? await findZone(runtime.database.db, id) : null;
  if (!zone) throw zoneInvalid();
  return zone;
}

function zoneName(value: string): string {
  const name = value.trim();
  if (!name) throw invalidParam('name', 'name cannot be empty.');
  return name;
}

// Locations --------------------------------------------------------------------------------------------

function locationJson(c: WcContext, zoneId: number, l: ZoneLocation): JsonObject {
  const base = `${c.root}/shipping/zones/${zoneId}`;
  return { code: l.code, type: l.type, _links: { collection: href(`${base}/locations`), describes: href(base) } };
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

// Methods ----------------------------------------------------------------------------------------------

interface SettingField {
  id: string;
  label: string;
  description: string;
  type: string;
  value: string;
  default: string;
  tip: string;
  placeholder: string;
  options?: Record<string, string>;
}

const COST_HELP =
  'Enter a cost (excl. tax) or sum, e.g. <code>10.00 * [qty]</code>.<br/><br/>Use <code>[qty]</code> for the number of items, <br/><code>[cost]</code> for the total cost of items, and <code>[fee percent="10" min_fee="20" max_fee=""]</code> for percentage based fees.';
const TITLE_HELP = 'This controls the title which the user sees during checkout.';
const TAX_STATUS = { taxable: 'Taxable', none: 'None' };

function field(id: string, label: string, type: string, value: string, extra: Partial<SettingField> = {}): SettingField {
  const description = extra.description ?? '';
  return { id, label, description, type, value, default: extra.default ?? '', tip: description, placeholder: extra.placeholder ?? '', ...(extra.options ? { options: extra.options } : {}) };
}

function settingsJson(c: WcContext, m: ShippingMethod, classes: readonly Term[]): Record<string, SettingField> {
  const fields: SettingField[] = [];
  switch (m.methodId) {
    case 'flat_rate': {
      const s = m.settings;
      fields.push(
        field('title', 'Method title', 'text', s.title, { description: TITLE_HELP, default: 'Flat rate' }),
        field('tax_status', 'Tax status', 'select', s.taxable ? 'taxable' : 'none', { default: 'taxable', options: TAX_STATUS }),
        field('cost', 'Cost', 'text', s.cost, { description: COST_HELP, default: '0' }),
      );
      if (classes.length) {
        fields.push(field('class_costs', 'Shipping class costs', 'title', '', { description: 'These costs can optionally be added based on the product shipping class.' }));
        for (const t of classes) {
          fields.push(field(`class_cost_${t.id}`, `"${t.name}" shipping class cost`, 'text', s.classCosts[t.slug] ?? '', { description: COST_HELP, placeholder: 'N/A' }));
        }
        fields.push(field('no_class_cost', 'No shipping class cost', 'text', s.classCosts[''] ?? '', { description: COST_HELP, placeholder: 'N/A' }));
      }
      fields.push(
        field('type', 'Calculation type', 'select', s.calculationType, {
          default: 'class',
          options: { class: 'Per class: Charge shipping for each shipping class individually', order: 'Per order: Charge shipping for the most expensive shipping class' },
        }),
      );
      break;
    }
    case 'free_shipping': {
      const s = m.settings;
      fields.push(
        field('title', 'Title', 'text', s.title, { description: TITLE_HELP, default: 'Free shipping' }),
        field('requires', 'Free shipping requires...', 'select', s.requires, {
          options: {
            '': 'N/A',
            coupon: 'A valid free shipping coupon',
            min_amount: 'A minimum order amount',
            either: 'A minimum order amount OR a coupon',
            both: 'A minimum order amount AND a coupon',
          },
        }),
        field('min_amount', 'Minimum order amount', 'price', toMajorString(s.minAmount, c.decimals), {
          description: 'Users will need to spend this amount to get free shipping (if enabled above).',
          default: '0',
          placeholder: toMajorString(0, c.decimals),
        }),
        field('ignore_discounts', 'Coupons discounts', 'checkbox', s.ignoreDiscounts ? 'yes' : 'no', {
          description: 'If checked, free shipping would be available based on pre-discount order amount.',
          default: 'no',
        }),
      );
      break;
    }
    case 'local_pickup': {
      const s = m.settings;
      fields.push(
        field('title', 'Title', 'text', s.title, { description: TITLE_HELP, default: 'Local pickup' }),
        field('tax_status', 'Tax status', 'select', s.taxable ? 'taxable' : 'none', { default: 'taxable', options: TAX_STATUS }),
        field('cost', 'Cost', 'text', s.cost, { description: 'Optional cost for local pickup.', placeholder: '0' }),
      );
      break;
    }
  }
  return Object.fromEntries(fields.map((f) => [f.id, f]));
}

function methodJson(c: WcContext, zoneId: number, m: ShippingMethod): JsonObject {
  const type = METHOD_TYPES.find((t) => t.id === m.methodId)!;
  const base = `${c.root}/shipping/zones/${zoneId}`;
  return {
    id: m.instanceId,
    instance_id: m.instanceId,
    title: m.settings.title,
    order: m.order,
    enabled: m.enabled,
    method_id: m.methodId,
    method_title: type.title,
    method_description: type.description,
    settings: settingsJson(c, m, c.snapshot.taxonomy('product_shipping_class')) as unknown as JsonObject,
    _links: { self: href(`${base}/methods/${m.instanceId}`), collection: href(`${base}/methods`), describes: href(base) },
  };
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
function applySettings(c: WcContext, m: ShippingMethod, input: Record<string, unknown>): ShippingMethod['settings'] {
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

function applyMethodBody(c: WcContext, m: ShippingMethod, b: MethodBody): MethodInput {
  const settings = b.settings ? applySettings(c, m, b.settings) : m.settings;
  return { ...m, settings, order: b.order ?? m.order, enabled: b.enabled ?? m.enabled } as MethodInput;
}

function zoneWrites(runtime: Runtime, req: FastifyRequest) {
  const db = runtime.database.db;
  const ctx = () => new WcContext(runtime, req);
  const methodAnswer = async (zoneId: number, instanceId: number): Promise<JsonObject> => {
    await runtime.rules.changed();
    return methodJson(ctx(), zoneId, (await findZoneMethod(db, zoneId, instanceId))!);
  };
  return {
    async createZone(b: ZoneBody & { name: string }): Promise<JsonObject> {
      const id = await db.transaction().execute((trx) => saveZone(trx, { name: zoneName(b.name), order: b.order ?? 0 }));
      await runtime.rules.changed();
      return zoneJson(ctx(), await zoneOf(runtime, id));
    },
    async updateZone(id: number, b: ZoneBody): Promise<JsonObject> {
      const zone = await zoneOf(runtime, id);
      if (id === 0) {
        throw new CocartError('woocommerce_rest_shipping_zone_invalid_zone', 'forbidden', 'The "locations not covered by your other zones" zone cannot be updated.');
      }
      const next = { id, name: b.name !== undefined ? zoneName(b.name) : zone.name, order: b.order ?? zone.order };
      await db.transaction().execute(async (trx) => {
        if (!(await findZone(trx, id))) throw zoneInvalid();
        await saveZone(trx, next);
      });
      await runtime.rules.changed();
      return zoneJson(ctx(), await zoneOf(runtime, id));
    },
    async deleteZone(id: number, force: boolean): Promise<JsonObject> {
      const zone = await zoneOf(runtime, id);
      if (id === 0) {
        throw new CocartError('woocommerce_rest_shipping_zone_invalid_zone', 'forbidden', 'The "locations not covered by your other zones" zone cannot be deleted.');
      }
      if (!force) throw new CocartError('rest_trash_not_supported', 'not_implemented', 'Shipping zones do not support trashing.');
      const before = zoneJson(ctx(), zone);
      await db.transaction().execute(async (trx) => {
        if (!(await deleteZone(trx, id))) throw zoneInvalid();
      });
      await runtime.rules.changed();
      return before;
    },
    async setLocations(id: number, body: unknown): Promise<JsonObject[]> {
      await zoneOf(runtime, id);
      if (id === 0) {
        throw new CocartError('woocommerce_rest_shipping_zone_locations_invalid_zone', 'forbidden', 'The "locations not covered by your other zones" zone cannot be updated.');
      }
      if (!Array.isArray(body)) throw invalidParam('locations', 'The body must be a JSON array of {code, type} locations.');
      const parsed = body.map(parseLocation);
      const locations = [...new Map(parsed.map((l) => [`${l.type}|${l.code}`, l])).values()];
      await db.transaction().execute(async (trx) => {
        if (!(await findZone(trx, id))) throw zoneInvalid();
        await setZoneLocations(trx, id, locations);
      });
      await runtime.rules.changed();
      const c = ctx();
      return (await zoneLocations(db, id)).map((l) => locationJson(c, id, l));
    },
    async createMethod(zoneId: number, methodId: string, b: MethodBody): Promise<JsonObject> {
      await zoneOf(runtime, zoneId);
      const type = METHOD_TYPES.find((t) => t.id === methodId);
      if (!type) throw invalidParam('method_id', `method_id is not one of ${METHOD_TYPES.map((t) => t.id).join(', ')}.`);
      const c = ctx();
      const instanceId = await db.transaction().execute(async (trx) => {
        if (zoneId !== 0 && !(await findZone(trx, zoneId))) throw zoneInvalid();
        // As WC_Shipping_Zone::add_shipping_method(): after the zone's other methods, enabled.
        const count = (await zoneMethods(trx, zoneId)).length;
        const blank = { instanceId: 0, methodId: type.id, order: count + 1, enabled: true, settings: defaultSettings(type.id) } as ShippingMethod;
        const { instanceId: _new, ...method } = applyMethodBody(c, blank, b);
        return saveZoneMethod(trx, zoneId, method as MethodInput);
      });
      return methodAnswer(zoneId, instanceId);
    },
    async updateMethod(zoneId: number, instanceId: number, b: MethodBody): Promise<JsonObject> {
      await zoneOf(runtime, zoneId);
      const c = ctx();
      await db.transaction().execute(async (trx) => {
        const stored = await findZoneMethod(trx, zoneId, instanceId);
        if (!stored) throw methodInvalid();
        await saveZoneMethod(trx, zoneId, { ...applyMethodBody(c, stored, b), instanceId });
      });
      return methodAnswer(zoneId, instanceId);
    },
    async deleteMethod(zoneId: number, instanceId: number, force: boolean): Promise<JsonObject> {
      await zoneOf(runtime, zoneId);
      const c = ctx();
      const before = await db.transaction().execute(async (trx) => {
        const stored = await findZoneMethod(trx, zoneId, instanceId);
        if (!stored) throw methodInvalid();
        if (!force) throw new CocartError('rest_trash_not_supported', 'not_implemented', 'Shipping methods do not support trashing.');
        await deleteZoneMethod(trx, zoneId, instanceId);
        return methodJson(c, zoneId, stored);
      });
      await runtime.rules.changed();
      return before;
    },
  };
}

const ForceArgs = Type.Object({ force: Type.Boolean({ default: false }) });
const ContextArgs = Type.Object({ context: Type.Optional(literals(['view', 'edit'])) });

export function registerShippingRoutes(app: FastifyInstance, runtime: Runtime): void {
  const db = runtime.database.db;

  defineRoute(app, {
    method: 'GET',
    url: BASE,
    summary: 'List shipping zones, "Locations not covered by your other zones" (id 0) first',
    tags: TAGS,
    args: ContextArgs,
    handler: async (req) => {
      requireManager(req, 'list');
      const c = new WcContext(runtime, req);
      const rows = await db.selectFrom('shipping_zones').selectAll().orderBy('zone_order').orderBy('id').execute();
      const zones: Zone[] = [{ id: 0, name: REST_OF_WORLD, order: 0 }, ...rows.map((z) => ({ id: Number(z.id), name: z.name, order: z.zone_order }))];
      return zones.map((z) => zoneJson(c, z));
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: BASE,
    summary: 'Create a shipping zone (name required; add locations and methods after)',
    tags: TAGS,
    args: Type.Object({ ...ZoneBody.properties, name: Type.String({ maxLength: 200 }) }),
    handler: async (req, reply, args) => {
      requireManager(req, 'create');
      const body = await zoneWrites(runtime, req).createZone(args);
      return reply.status(201).header('location', `${new WcContext(runtime, req).root}/shipping/zones/${body.id}`).send(body);
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: ONE,
    summary: 'Retrieve a shipping zone',
    tags: TAGS,
    args: ContextArgs,
    handler: async (req) => {
      requireManager(req, 'view');
      return zoneJson(new WcContext(runtime, req), await zoneOf(runtime, pathId(req)));
    },
  });

  defineRoute(app, {
    method: ['PUT', 'PATCH', 'POST'],
    url: ONE,
    summary: 'Update a shipping zone\'s name or order (not zone 0)',
    tags: TAGS,
    args: ZoneBody,
    handler: async (req, _reply, args) => {
      requireManager(req, 'edit');
      return zoneWrites(runtime, req).updateZone(pathId(req), args);
    },
  });

  defineRoute(app, {
    method: 'DELETE',
    url: ONE,
    summary: 'Delete a shipping zone with its locations and methods (force=true; not zone 0)',
    tags: TAGS,
    args: ForceArgs,
    handler: async (req, _reply, args) => {
      requireManager(req, 'delete');
      return zoneWrites(runtime, req).deleteZone(pathId(req), args.force);
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: `${ONE}/locations`,
    summary: 'List a shipping zone\'s locations',
    tags: TAGS,
    args: ContextArgs,
    handler: async (req) => {
      requireManager(req, 'list');
      const id = pathId(req);
      await zoneOf(runtime, id);
      const c = new WcContext(runtime, req);
      return (id === 0 ? [] : await zoneLocations(db, id)).map((l) => locationJson(c, id, l));
    },
  });

  defineRoute(app, {
    method: ['PUT', 'PATCH', 'POST'],
    url: `${ONE}/locations`,
    summary: 'Replace a shipping zone\'s locations with the JSON array of {code, type} sent (type: country, state, postcode or continent)',
    tags: TAGS,
    handler: async (req) => {
      requireManager(req, 'edit');
      return zoneWrites(runtime, req).setLocations(pathId(req), req.body);
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: METHODS,
    summary: 'List a shipping zone\'s methods',
    tags: TAGS,
    args: ContextArgs,
    handler: async (req) => {
      requireManager(req, 'list');
      const zoneId = pathId(req, 'zone_id');
      await zoneOf(runtime, zoneId);
      const c = new WcContext(runtime, req);
      return (await zoneMethods(db, zoneId)).map((m) => methodJson(c, zoneId, m));
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: METHODS,
    summary: 'Add a shipping method to a zone: method_id flat_rate, free_shipping or local_pickup, with optional order, enabled and settings',
    tags: TAGS,
    args: Type.Object({ ...MethodBody.properties, method_id: Type.String() }),
    handler: async (req, _reply, args) => {
      requireManager(req, 'create');
      const { method_id: methodId, ...body } = args;
      return zoneWrites(runtime, req).createMethod(pathId(req, 'zone_id'), methodId, body);
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: METHOD,
    summary: 'Retrieve a shipping zone method',
    tags: TAGS,
    args: ContextArgs,
    handler: async (req) => {
      requireManager(req, 'view');
      const zoneId = pathId(req, 'zone_id');
      await zoneOf(runtime, zoneId);
      const method = await findZoneMethod(db, zoneId, pathId(req, 'instance_id'));
      if (!method) throw methodInvalid();
      return methodJson(new WcContext(runtime, req), zoneId, method);
    },
  });

  defineRoute(app, {
    method: ['PUT', 'PATCH', 'POST'],
    url: METHOD,
    summary: 'Update a shipping zone method\'s order, enabled or settings (only the settings sent change)',
    tags: TAGS,
    args: MethodBody,
    handler: async (req, _reply, args) => {
      requireManager(req, 'edit');
      return zoneWrites(runtime, req).updateMethod(pathId(req, 'zone_id'), pathId(req, 'instance_id'), args);
    },
  });

  defineRoute(app, {
    method: 'DELETE',
    url: METHOD,
    summary: 'Delete a shipping zone method (force=true)',
    tags: TAGS,
    args: ForceArgs,
    handler: async (req, _reply, args) => {
      requireManager(req, 'delete');
      return zoneWrites(runtime, req).deleteMethod(pathId(req, 'zone_id'), pathId(req, 'instance_id'), args.force);
    },
  });

  const typeJson = (c: WcContext, t: MethodType): JsonObject => ({
    id: t.id,
    title: t.title,
    description: t.description,
    _links: { self: href(`${c.root}/shipping_methods/${t.id}`), collection: href(`${c.root}/shipping_methods`) },
  });
  defineRoute(app, {
    method: 'GET',
    url: '/wc/v3/shipping_methods',
    summary: 'List the shipping method types a zone can offer',
    tags: ['WooCommerce: shipping methods'],
    args: ContextArgs,
    handler: async (req) => {
      requireManager(req, 'list');
      const c = new WcContext(runtime, req);
      return METHOD_TYPES.map((t) => typeJson(c, t));
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: '/wc/v3/shipping_methods/:id',
    summary: 'Retrieve a shipping method type',
    tags: ['WooCommerce: shipping methods'],
    args: ContextArgs,
    handler: async (req) => {
      requireManager(req, 'view');
      const type = METHOD_TYPES.find((t) => t.id === (req.params as Record<string, string>).id);
      if (!type) throw new CocartError('woocommerce_rest_shipping_method_invalid', 'not_found', 'Resource does not exist.');
      return typeJson(new WcContext(runtime, req), type);
    },
  });
}
