import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { defineRoute } from '../../api/route.ts';
import { slugOf } from '../../catalog/import/index.ts';
import type { TaxClass, TaxRate } from '../../commerce/types.ts';
import { CocartError } from '../../errors.ts';
import type { JsonObject } from '../../hooks/types.ts';
import { STANDARD_TAX_CLASS, TaxBody, TaxService } from '../../rules/admin/taxes.ts';
import type { Runtime } from '../../runtime.ts';
import { requireManager } from './access.ts';
import { links, WcContext } from './context.ts';
import { compareKeys, pageOf } from './listing.ts';
import { defineResource } from './resource.ts';
import { literals, ViewArgs } from './schema.ts';

/**
 * `wc/v3/taxes` (tax rates) and `wc/v3/taxes/classes`: WooCommerce's taxes and tax-classes controllers.
 * A rate's `rate` is a string with 4 decimals; `class` "standard" is the standard ('') class; `postcodes`
 * and `cities` are lists, and the legacy `postcode` / `city` strings are the same lists joined by `;`
 * (on input, the lists win when both are sent, as in WooCommerce).
 */

const CLASS_TAGS = ['WooCommerce: tax classes'];

/** The tax class as the wire names it: our '' class is WooCommerce's "standard". */
export const wireClass = (slug: string): string => (slug === '' ? 'standard' : slug);
const CreateBody = Type.Object({ ...TaxBody.properties, id: Type.Optional(Type.Integer({ minimum: 0 })) });

const ListArgs = Type.Object({
  context: Type.Optional(literals(['view', 'edit'])),
  page: Type.Integer({ minimum: 1, default: 1 }),
  per_page: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
  order: Type.Optional(literals(['asc', 'desc'])),
  orderby: Type.Optional(literals(['id', 'order', 'priority'])),
  class: Type.Optional(Type.String()),
});
type ListArgs = Static<typeof ListArgs>;

function taxRateJson(c: WcContext, t: TaxRate): JsonObject {
  return {
    id: t.id,
    country: t.country,
    state: t.state,
    postcode: t.postcodes.join(';'),
    city: t.cities.join(';'),
    postcodes: t.postcodes,
    cities: t.cities,
    rate: t.rate.toFixed(4),
    name: t.name,
    priority: t.priority,
    compound: t.compound,
    shipping: t.shipping,
    order: t.order,
    class: wireClass(t.taxClass),
    _links: links(`${c.root}/taxes/${t.id}`, `${c.root}/taxes`),
  };
}

function listRates(taxes: TaxService, c: WcContext, rates: TaxRate[], args: ListArgs): { total: number; items: TaxRate[] } {
  const cls = args.class === undefined || args.class === '' ? null : taxes.classSlug(c, 'class', args.class);
  const found = rates.filter((t) => cls === null || t.taxClass === cls);
  const orderby = args.orderby ?? 'order';
  const dir = args.order === 'desc' ? -1 : 1;
  const key = (t: TaxRate) => (orderby === 'id' ? t.id : orderby === 'priority' ? t.priority : t.order);
  found.sort((a, b) => dir * (compareKeys(key(a), key(b)) || a.id - b.id));
  return { total: found.length, items: pageOf(found, args) };
}

function classJson(c: WcContext, t: TaxClass): JsonObject {
  return { slug: t.slug, name: t.name, _links: { collection: [{ href: `${c.root}/taxes/classes` }] } };
}

const classSlug = (req: FastifyRequest) => slugOf(String((req.params as Record<string, string>).slug ?? ''));

function registerTaxClassRoutes(app: FastifyInstance, runtime: Runtime, taxes: TaxService): void {
  const url = '/wc/v3/taxes/classes';
  defineRoute(app, {
    method: 'GET',
    url,
    summary: 'List tax classes, the standard class first',
    tags: CLASS_TAGS,
    args: ViewArgs,
    handler: async (req) => {
      requireManager(req, 'list');
      const c = new WcContext(runtime, req);
      return [STANDARD_TAX_CLASS, ...(await taxes.classes())].map((t) => classJson(c, t));
    },
  });

  defineRoute(app, {
    method: 'POST',
    url,
    summary: 'Create a tax class (its slug comes from the name)',
    tags: CLASS_TAGS,
    args: Type.Object({ name: Type.String({ maxLength: 200 }) }),
    handler: async (req, reply, args) => {
      requireManager(req, 'create');
      const created = await taxes.createClass(args.name);
      const c = new WcContext(runtime, req);
      return reply.status(201).header('location', `${c.root}/taxes/classes/${created.slug}`).send(classJson(c, created));
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: `${url}/:slug`,
    summary: 'Retrieve a tax class, as a list of the one class (as WooCommerce answers)',
    tags: CLASS_TAGS,
    args: ViewArgs,
    handler: async (req) => {
      requireManager(req, 'view');
      const c = new WcContext(runtime, req);
      const slug = classSlug(req);
      const found = slug === STANDARD_TAX_CLASS.slug ? STANDARD_TAX_CLASS : (await taxes.classes()).find((t) => t.slug === slug);
      if (!found) throw new CocartError('woocommerce_rest_tax_class_invalid_slug', 'not_found', 'Invalid slug.');
      return [classJson(c, found)];
    },
  });

  defineRoute(app, {
    method: 'DELETE',
    url: `${url}/:slug`,
    summary: 'Delete a tax class and its rates (force=true; the standard class cannot be deleted)',
    tags: CLASS_TAGS,
    args: Type.Object({ force: Type.Boolean({ default: false }) }),
    handler: async (req, _reply, args) => {
      requireManager(req, 'delete');
      const deleted = await taxes.deleteClass(classSlug(req), args.force);
      return classJson(new WcContext(runtime, req), deleted);
    },
  });
}

export function registerTaxRoutes(app: FastifyInstance, runtime: Runtime): void {
  const taxes = new TaxService(runtime);
  defineResource(app, runtime, {
    url: '/wc/v3/taxes',
    tags: ['WooCommerce: taxes'],
    summaries: {
      list: 'List tax rates (by `order` unless `orderby` says otherwise; `class=standard` for the standard class)',
      create: 'Create a tax rate',
      get: 'Retrieve a tax rate',
      update: 'Update a tax rate (only the fields sent change)',
      delete: 'Delete a tax rate (force=true)',
    },
    args: { list: ListArgs, create: CreateBody, update: TaxBody, get: ViewArgs },
    permit: requireManager,
    json: taxRateJson,
    list: async (c, args) => listRates(taxes, c, await taxes.all(), args),
    get: (_c, id) => taxes.find(id),
    create: (c, body) => taxes.create(c, body),
    update: (c, id, body) => taxes.update(c, id, body),
    delete: (_c, id, force) => taxes.delete(id, force),
  });
  registerTaxClassRoutes(app, runtime, taxes);
}
