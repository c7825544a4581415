import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { compileArgs } from '../../api/args.ts';
import { paginate } from '../../api/pagination.ts';
import { origin } from '../../api/request-context.ts';
import { defineRoute } from '../../api/route.ts';
import { slugOf } from '../../catalog/import/index.ts';
import { isCountry, isState, normalizeState } from '../../commerce/address.ts';
import type { TaxClass, TaxRate } from '../../commerce/types.ts';
import { CocartError } from '../../errors.ts';
import type { JsonObject } from '../../hooks/types.ts';
import { deleteTaxClass, deleteTaxRate, findTaxRate, saveTaxClass, saveTaxRate, taxRateFromRow, type TaxRateInput } from '../../rules/repository.ts';
import type { Runtime } from '../../runtime.ts';
import { requireManager } from './access.ts';
import { defineBatchRoute } from './batch.ts';
import { links, pathId, WcContext } from './context.ts';
import { invalidParam } from '../../catalog/admin/input.ts';
import { compareKeys, pageOf, parsePercent, taxClassFromWire, trashNotSupported, wireClass } from './rules-common.ts';
import { literals } from './schema.ts';

/**
 * `wc/v3/taxes` (tax rates) and `wc/v3/taxes/classes`: WooCommerce's taxes and tax-classes controllers.
 * A rate's `rate` is a string with 4 decimals; `class` "standard" is the standard ('') class; `postcodes`
 * and `cities` are lists, and the legacy `postcode` / `city` strings are the same lists joined by `;`
 * (on input, the lists win when both are sent, as in WooCommerce).
 */

const TAGS = ['WooCommerce: taxes'];
const CLASS_TAGS = ['WooCommerce: tax classes'];
const BASE = '/wc/v3/taxes';
const ONE = `${BASE}/:id(^\\d+$)`;
const STANDARD: TaxClass = { slug: 'standard', name: 'Standard rate' };

export const TaxBody = Type.Object({
  country: Type.Optional(Type.String({ maxLength: 2 })),
  state: Type.Optional(Type.String({ maxLength: 200 })),
  postcode: Type.Optional(Type.String()),
  city: Type.Optional(Type.String()),
  postcodes: Type.Optional(Type.Array(Type.String({ maxLength: 200 }))),
  cities: Type.Optional(Type.Array(Type.String({ maxLength: 200 }))),
  rate: Type.Optional(Type.String({ maxLength: 20 })),
  name: Type.Optional(Type.String({ maxLength: 200 })),
  priority: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647 })),
  compound: Type.Optional(Type.Boolean()),
  shipping: Type.Optional(Type.Boolean()),
  order: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647 })),
  class: Type.Optional(Type.String({ maxLength: 200 })),
});
export type TaxBody = Static<typeof TaxBody>;
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

function invalidTaxId(kind: 'invalid' | 'not_found'): CocartError {
  return new CocartError('woocommerce_rest_invalid_id', kind, 'Invalid resource ID.');
}

export function taxRateJson(c: WcContext, t: TaxRate): JsonObject {
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

/** `a; b;;c` or a list → trimmed, non-empty, unique entries. */
function locales(values: string[], upper: boolean): string[] {
  const out = values.map((v) => (upper ? v.trim().toUpperCase() : v.trim())).filter(Boolean);
  return [...new Set(out)];
}

function applyTaxBody(runtime: Runtime, base: TaxRateInput, b: TaxBody): TaxRateInput {
  const x: TaxRateInput = { ...base };
  if (b.country !== undefined) {
    const country = b.country.trim().toUpperCase();
    if (country !== '' && !isCountry(country)) throw invalidParam('country', 'country is not a valid country code.');
    x.country = country;
  }
  if (b.state !== undefined || b.country !== undefined) {
    const state = (b.state ?? x.state).trim();
    if (state !== '' && x.country !== '' && !isState(x.country, state)) throw invalidParam('state', `state is not a state of ${x.country}.`);
    x.state = x.country ? normalizeState(x.country, state).toUpperCase() : state.toUpperCase();
  }
  const postcodes = b.postcodes ?? (b.postcode !== undefined ? b.postcode.split(';') : undefined);
  if (postcodes !== undefined) x.postcodes = locales(postcodes, true);
  const cities = b.cities ?? (b.city !== undefined ? b.city.split(';') : undefined);
  if (cities !== undefined) x.cities = locales(cities, false);
  if (x.postcodes.some((p) => p.length > 200)) throw invalidParam('postcodes', 'postcodes entries must be at most 200 characters long.');
  if (x.cities.some((p) => p.length > 200)) throw invalidParam('cities', 'cities entries must be at most 200 characters long.');
  // The column holds "999.9999" at most.
  if (b.rate !== undefined) x.rate = Number(parsePercent('rate', b.rate, 999.9999));
  if (b.name !== undefined) x.name = b.name.trim();
  if (b.priority !== undefined) x.priority = b.priority;
  if (b.compound !== undefined) x.compound = b.compound;
  if (b.shipping !== undefined) x.shipping = b.shipping;
  if (b.order !== undefined) x.order = b.order;
  if (b.class !== undefined) x.taxClass = taxClassFromWire(runtime, 'class', b.class);
  return x;
}

export function taxWrites(runtime: Runtime, req: FastifyRequest) {
  const db = runtime.database.db;
  const answer = async (id: number): Promise<JsonObject> => {
    await runtime.rules.changed();
    return taxRateJson(new WcContext(runtime, req), (await findTaxRate(db, id))!);
  };
  return {
    async create(body: TaxBody & { id?: number }): Promise<JsonObject> {
      if (body.id) throw new CocartError('woocommerce_rest_tax_exists', 'invalid', 'Cannot create existing resource.');
      const blank: TaxRateInput = { country: '', state: '', postcodes: [], cities: [], rate: 0, name: '', priority: 1, compound: false, shipping: true, order: 0, taxClass: '' };
      const rate = applyTaxBody(runtime, blank, body);
      const id = await db.transaction().execute((trx) => saveTaxRate(trx, rate));
      return answer(id);
    },
    async update(id: number, body: TaxBody): Promise<JsonObject> {
      await db.transaction().execute(async (trx) => {
        const stored = id > 0 ? await findTaxRate(trx, id) : null;
        if (!stored) throw invalidTaxId('not_found');
        await saveTaxRate(trx, { ...applyTaxBody(runtime, stored, body), id });
      });
      return answer(id);
    },
    async delete(id: number, force: boolean): Promise<JsonObject> {
      if (!force) throw trashNotSupported('woocommerce_rest_trash_not_supported', 'Taxes do not support trashing.');
      const c = new WcContext(runtime, req);
      const before = await db.transaction().execute(async (trx) => {
        const stored = id > 0 ? await findTaxRate(trx, id) : null;
        if (!stored) throw invalidTaxId('invalid');
        await deleteTaxRate(trx, id);
        return taxRateJson(c, stored);
      });
      await runtime.rules.changed();
      return before;
    },
  };
}

async function listRates(runtime: Runtime, args: ListArgs): Promise<{ total: number; items: TaxRate[] }> {
  const rows = await runtime.database.db.selectFrom('tax_rates').selectAll().execute();
  const cls = args.class === undefined || args.class === '' ? null : taxClassFromWire(runtime, 'class', args.class);
  const found = rows.map(taxRateFromRow).filter((t) => cls === null || t.taxClass === cls);
  const orderby = args.orderby ?? 'order';
  const dir = args.order === 'desc' ? -1 : 1;
  const key = (t: TaxRate) => (orderby === 'id' ? t.id : orderby === 'priority' ? t.priority : t.order);
  found.sort((a, b) => dir * (compareKeys(key(a), key(b)) || a.id - b.id));
  return { total: found.length, items: pageOf(found, args) };
}

function classJson(c: WcContext, t: TaxClass): JsonObject {
  return { slug: t.slug, name: t.name, _links: { collection: [{ href: `${c.root}/taxes/classes` }] } };
}

async function taxClasses(runtime: Runtime): Promise<TaxClass[]> {
  return runtime.database.db.selectFrom('tax_classes').select(['slug', 'name']).orderBy('name').execute();
}

function registerTaxClassRoutes(app: FastifyInstance, runtime: Runtime): void {
  const db = runtime.database.db;
  const url = `${BASE}/classes`;
  defineRoute(app, {
    method: 'GET',
    url,
    summary: 'List tax classes, the standard class first',
    tags: CLASS_TAGS,
    args: Type.Object({ context: Type.Optional(Type.String()) }),
    handler: async (req) => {
      requireManager(req, 'list');
      const c = new WcContext(runtime, req);
      return [STANDARD, ...(await taxClasses(runtime))].map((t) => classJson(c, t));
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
      const name = args.name.trim();
      const slug = slugOf(name).slice(0, 200);
      if (!name || !slug) throw new CocartError('woocommerce_rest_tax_class_invalid_name', 'invalid', 'Tax class requires a valid name');
      const created = await db.transaction().execute(async (trx) => {
        const existing = await trx.selectFrom('tax_classes').select(['slug', 'name']).execute();
        if (slug === STANDARD.slug || existing.some((t) => t.slug === slug || t.name.toLowerCase() === name.toLowerCase())) {
          throw new CocartError('woocommerce_rest_tax_class_exists', 'invalid', 'Tax class already exists');
        }
        await saveTaxClass(trx, { slug, name });
        return { slug, name };
      });
      await runtime.rules.changed();
      const c = new WcContext(runtime, req);
      return reply.status(201).header('location', `${c.root}/taxes/classes/${slug}`).send(classJson(c, created));
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: `${url}/:slug`,
    summary: 'Retrieve a tax class: a list of the one class, or an empty list (as WooCommerce answers)',
    tags: CLASS_TAGS,
    args: Type.Object({ context: Type.Optional(Type.String()) }),
    handler: async (req) => {
      requireManager(req, 'view');
      const c = new WcContext(runtime, req);
      const slug = slugOf(String((req.params as Record<string, string>).slug ?? ''));
      const found = slug === STANDARD.slug ? STANDARD : (await taxClasses(runtime)).find((t) => t.slug === slug);
      return found ? [classJson(c, found)] : [];
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
      if (!args.force) throw trashNotSupported('woocommerce_rest_trash_not_supported', 'Taxes do not support trashing.');
      const slug = slugOf(String((req.params as Record<string, string>).slug ?? ''));
      const invalid = () => new CocartError('woocommerce_rest_invalid_id', 'invalid', 'Invalid resource id.');
      if (slug === STANDARD.slug) throw invalid();
      const deleted = await db.transaction().execute(async (trx) => {
        const found = await trx.selectFrom('tax_classes').select(['slug', 'name']).where('slug', '=', slug).executeTakeFirst();
        if (!found || !(await deleteTaxClass(trx, slug))) throw invalid();
        return found;
      });
      await runtime.rules.changed();
      return classJson(new WcContext(runtime, req), deleted);
    },
  });
}

export function registerTaxRoutes(app: FastifyInstance, runtime: Runtime): void {
  const db = runtime.database.db;
  defineRoute(app, {
    method: 'GET',
    url: BASE,
    summary: 'List tax rates (by `order` unless `orderby` says otherwise; `class=standard` for the standard class)',
    tags: TAGS,
    args: ListArgs,
    handler: async (req, reply, args) => {
      requireManager(req, 'list');
      const c = new WcContext(runtime, req);
      const { total, items } = await listRates(runtime, args);
      paginate(req, reply, origin(req, runtime), total, args.page, args.per_page, null);
      return items.map((t) => taxRateJson(c, t));
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: BASE,
    summary: 'Create a tax rate',
    tags: TAGS,
    args: CreateBody,
    handler: async (req, reply, args) => {
      requireManager(req, 'create');
      const body = await taxWrites(runtime, req).create(args);
      return reply.status(201).header('location', `${new WcContext(runtime, req).root}/taxes/${body.id}`).send(body);
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: ONE,
    summary: 'Retrieve a tax rate',
    tags: TAGS,
    args: Type.Object({ context: Type.Optional(Type.String()) }),
    handler: async (req) => {
      requireManager(req, 'view');
      const id = pathId(req);
      const rate = id > 0 ? await findTaxRate(db, id) : null;
      if (!rate) throw invalidTaxId('not_found');
      return taxRateJson(new WcContext(runtime, req), rate);
    },
  });

  defineRoute(app, {
    method: ['PUT', 'PATCH', 'POST'],
    url: ONE,
    summary: 'Update a tax rate (only the fields sent change)',
    tags: TAGS,
    args: TaxBody,
    handler: async (req, _reply, args) => {
      requireManager(req, 'edit');
      return taxWrites(runtime, req).update(pathId(req), args);
    },
  });

  defineRoute(app, {
    method: 'DELETE',
    url: ONE,
    summary: 'Delete a tax rate (force=true)',
    tags: TAGS,
    args: Type.Object({ force: Type.Boolean({ default: false }) }),
    handler: async (req, _reply, args) => {
      requireManager(req, 'delete');
      return taxWrites(runtime, req).delete(pathId(req), args.force);
    },
  });

  const validateCreate = compileArgs(CreateBody);
  const validateUpdate = compileArgs(TaxBody);
  defineBatchRoute(app, `${BASE}/batch`, TAGS, requireManager, (req) => {
    const writes = taxWrites(runtime, req);
    return {
      create: (item) => writes.create(validateCreate({ json: item }) as TaxBody),
      update: (item) => writes.update(Number.isSafeInteger(Number(item.id)) ? Number(item.id) : 0, validateUpdate({ json: item }) as TaxBody),
      delete: (id) => writes.delete(id, true),
    };
  });

  registerTaxClassRoutes(app, runtime);
}
