import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { defineRoute } from '../../api/route.ts';
import type { Term } from '../../catalog/types.ts';
import { toMajorString } from '../../commerce/money.ts';
import type { ShippingMethod, ZoneLocation } from '../../commerce/types.ts';
import { CocartError } from '../../errors.ts';
import type { JsonObject } from '../../hooks/types.ts';
import { METHOD_TYPES, MethodBody, ShippingZoneService, ZoneBody, type MethodType, type Zone } from '../../rules/admin/shipping-zones.ts';
import type { Runtime } from '../../runtime.ts';
import { requireManager } from './access.ts';
import { pathId, WcContext } from './context.ts';
import { defineResource } from './resource.ts';
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

const href = (url: string) => [{ href: url }];

// Zones ------------------------------------------------------------------------------------------------

function zoneJson(c: WcContext, z: Zone): JsonObject {
  const base = `${c.root}/shipping/zones`;
  return { id: z.id, name: z.name, order: z.order, _links: { self: href(`${base}/${z.id}`), collection: href(base), describedby: href(`${base}/${z.id}/locations`) } };
}

// Locations --------------------------------------------------------------------------------------------

function locationJson(c: WcContext, zoneId: number, l: ZoneLocation): JsonObject {
  const base = `${c.root}/shipping/zones/${zoneId}`;
  return { code: l.code, type: l.type, _links: { collection: href(`${base}/locations`), describes: href(base) } };
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

const ContextArgs = Type.Object({ context: Type.Optional(literals(['view', 'edit'])) });
const zoneOf = (req: FastifyRequest) => pathId(req, 'zone_id');

export function registerShippingRoutes(app: FastifyInstance, runtime: Runtime): void {
  const shipping = new ShippingZoneService(runtime);
  const all = <T>(items: T[]) => ({ total: items.length, items });

  defineResource(app, runtime, {
    url: BASE,
    tags: TAGS,
    summaries: {
      list: 'List shipping zones, "Locations not covered by your other zones" (id 0) first',
      create: 'Create a shipping zone (name required; add locations and methods after)',
      get: 'Retrieve a shipping zone',
      update: 'Update a shipping zone\'s name or order (not zone 0)',
      delete: 'Delete a shipping zone with its locations and methods (force=true; not zone 0)',
    },
    args: { list: ContextArgs, create: Type.Object({ ...ZoneBody.properties, name: Type.String({ maxLength: 200 }) }), update: ZoneBody, get: ContextArgs },
    paging: 'none',
    batch: false,
    permit: requireManager,
    json: zoneJson,
    list: async () => all(await shipping.zones()),
    get: (_c, id) => shipping.zone(id),
    create: (_c, body) => shipping.createZone(body),
    update: (_c, id, body) => shipping.updateZone(id, body),
    delete: (_c, id, force) => shipping.deleteZone(id, force),
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
      const locations = await shipping.locations(id);
      const c = new WcContext(runtime, req);
      return locations.map((l) => locationJson(c, id, l));
    },
  });

  defineRoute(app, {
    method: ['PUT', 'PATCH', 'POST'],
    url: `${ONE}/locations`,
    summary: 'Replace a shipping zone\'s locations with the JSON array of {code, type} sent (type: country, state, postcode or continent)',
    tags: TAGS,
    handler: async (req) => {
      requireManager(req, 'edit');
      const id = pathId(req);
      const locations = await shipping.setLocations(id, req.body);
      const c = new WcContext(runtime, req);
      return locations.map((l) => locationJson(c, id, l));
    },
  });

  // WooCommerce's zone methods answer a create with 200, and have no batch.
  defineResource(app, runtime, {
    url: `${BASE}/:zone_id(^\\d+$)/methods`,
    idParam: 'instance_id',
    tags: TAGS,
    summaries: {
      list: 'List a shipping zone\'s methods',
      create: 'Add a shipping method to a zone: method_id flat_rate, free_shipping or local_pickup, with optional order, enabled and settings',
      get: 'Retrieve a shipping zone method',
      update: 'Update a shipping zone method\'s order, enabled or settings (only the settings sent change)',
      delete: 'Delete a shipping zone method (force=true)',
    },
    args: { list: ContextArgs, create: Type.Object({ ...MethodBody.properties, method_id: Type.String() }), update: MethodBody, get: ContextArgs },
    paging: 'none',
    batch: false,
    createdStatus: 200,
    permit: requireManager,
    json: (c, m: ShippingMethod, req) => methodJson(c, zoneOf(req), m),
    list: async (_c, _args, req) => all(await shipping.methods(zoneOf(req))),
    get: (_c, id, req) => shipping.method(zoneOf(req), id),
    create: (c, { method_id: methodId, ...body }, req) => shipping.createMethod(c, zoneOf(req), methodId, body),
    update: (c, id, body, req) => shipping.updateMethod(c, zoneOf(req), id, body),
    delete: (_c, id, force, req) => shipping.deleteMethod(zoneOf(req), id, force),
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
