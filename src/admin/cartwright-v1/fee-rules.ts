import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Selectable } from 'kysely';
import { Type, type Static } from '@sinclair/typebox';
import { paginate } from '../../api/pagination.ts';
import { origin } from '../../api/request-context.ts';
import { defineRoute } from '../../api/route.ts';
import { isCountry } from '../../commerce/address.ts';
import { parseMajor, toMajorString } from '../../commerce/money.ts';
import type { FeeRulesTable } from '../../db/schema.ts';
import { CocartError } from '../../errors.ts';
import type { JsonObject } from '../../hooks/types.ts';
import { deleteFeeRule, feeInputFromRow, findFeeRuleRow, saveFeeRule, type FeeInput } from '../../rules/repository.ts';
import type { Runtime } from '../../runtime.ts';
import { requireManager } from '../wc-v3/access.ts';
import { links, pathId, WcContext } from '../wc-v3/context.ts';
import { invalidParam } from '../../catalog/admin/input.ts';
import { compareKeys, pageOf, parseAmount, parsePercent, taxClassFromWire, trashNotSupported, wireClass } from '../wc-v3/rules-common.ts';
import { literals, orNull } from '../wc-v3/schema.ts';

/**
 * `cartwright/v1/fee-rules`: the store's own fees (WooCommerce has no REST API for them; plugins add fees in
 * code), in the style of the wc/v3 routes. A rule adds one fee to every cart that meets all its conditions:
 *  - `type` `fixed` (`amount` in the store currency, "1.50") or `percent` (`amount` a percentage of the
 *    items total after discounts, "2.5");
 *  - `minimum_amount` / `maximum_amount`: the items total must be at least / at most this ("" or null: no limit);
 *  - `countries`: billing countries it applies to (empty: all); `payment_methods`: chosen payment method
 *    ids it applies to (empty: any, or none chosen); `requires_shipping`: only carts that need shipping;
 *  - `taxable` with `tax_class` ("standard" or a tax class slug); `enabled`; `order` among the fees.
 * Administrators and shop managers only; every write reaches every node's carts at once.
 */

const TAGS = ['Cartwright: fee rules'];
const BASE = '/cartwright/v1/fee-rules';
const ONE = `${BASE}/:id(^\\d+$)`;

const FeeBody = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 200 })),
  enabled: Type.Optional(Type.Boolean()),
  type: Type.Optional(literals(['fixed', 'percent'])),
  amount: Type.Optional(Type.String({ maxLength: 20 })),
  taxable: Type.Optional(Type.Boolean()),
  tax_class: Type.Optional(Type.String({ maxLength: 200 })),
  minimum_amount: Type.Optional(orNull(Type.String({ maxLength: 20 }))),
  maximum_amount: Type.Optional(orNull(Type.String({ maxLength: 20 }))),
  countries: Type.Optional(Type.Array(Type.String({ maxLength: 2 }))),
  payment_methods: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }))),
  requires_shipping: Type.Optional(Type.Boolean()),
  order: Type.Optional(Type.Integer({ minimum: -2_147_483_648, maximum: 2_147_483_647 })),
});
type FeeBody = Static<typeof FeeBody>;
const CreateBody = Type.Object({ ...FeeBody.properties, name: Type.String({ maxLength: 200 }), amount: Type.String({ maxLength: 20 }) });

const ListArgs = Type.Object({
  page: Type.Integer({ minimum: 1, default: 1 }),
  per_page: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
  order: Type.Optional(literals(['asc', 'desc'])),
  orderby: Type.Optional(literals(['id', 'order', 'name'])),
  enabled: Type.Optional(Type.Boolean()),
});
type ListArgs = Static<typeof ListArgs>;

function invalidFeeId(kind: 'invalid' | 'not_found'): CocartError {
  return new CocartError('cartwright_rest_fee_rule_invalid_id', kind, 'Invalid ID.');
}

/** The collection's URL: beside wc/v3 under /wp-json. */
const collection = (c: WcContext) => `${c.root.slice(0, -'/wc/v3'.length)}${BASE}`;

function feeJson(c: WcContext, r: Selectable<FeeRulesTable>): JsonObject {
  const x = feeInputFromRow(r);
  const amount = x.type === 'percent' ? toMajorString(parseMajor(x.amount, 4) ?? 0, 4).replace(/\.?0+$/, '') || '0' : c.money(parseMajor(x.amount, c.decimals) ?? 0);
  return {
    id: x.id,
    name: x.name,
    enabled: x.enabled,
    type: x.type,
    amount,
    taxable: x.taxable,
    tax_class: wireClass(x.taxClass),
    minimum_amount: x.minimumAmount === null ? null : c.money(x.minimumAmount),
    maximum_amount: x.maximumAmount === null ? null : c.money(x.maximumAmount),
    countries: x.countries,
    payment_methods: x.paymentMethods,
    requires_shipping: x.requiresShipping,
    order: x.order ?? 0,
    _links: links(`${collection(c)}/${x.id}`, collection(c)),
  };
}

function applyFeeBody(runtime: Runtime, c: WcContext, base: FeeInput, b: FeeBody): FeeInput {
  const x: FeeInput = { ...base };
  if (b.name !== undefined) {
    x.name = b.name.trim();
    if (!x.name) throw invalidParam('name', 'name cannot be empty.');
  }
  if (b.enabled !== undefined) x.enabled = b.enabled;
  if (b.type !== undefined) x.type = b.type as FeeInput['type'];
  if (b.amount !== undefined || b.type !== undefined) {
    const amount = b.amount ?? x.amount;
    x.amount = x.type === 'percent' ? parsePercent('amount', amount, 100) : toMajorString(parseAmount('amount', amount, c.decimals), c.decimals);
  }
  if (b.taxable !== undefined) x.taxable = b.taxable;
  if (b.tax_class !== undefined) x.taxClass = taxClassFromWire(runtime, 'tax_class', b.tax_class);
  if (b.minimum_amount !== undefined) x.minimumAmount = c.parsePrice('minimum_amount', b.minimum_amount);
  if (b.maximum_amount !== undefined) x.maximumAmount = c.parsePrice('maximum_amount', b.maximum_amount);
  if (x.minimumAmount !== null && x.maximumAmount !== null && x.minimumAmount > x.maximumAmount) {
    throw invalidParam('maximum_amount', 'maximum_amount must not be below minimum_amount.');
  }
  if (b.countries !== undefined) {
    const countries = b.countries.map((v) => v.trim().toUpperCase());
    const bad = countries.find((v) => !isCountry(v));
    if (bad !== undefined) throw invalidParam('countries', `countries: ${bad} is not a valid country code.`);
    x.countries = [...new Set(countries)];
  }
  if (b.payment_methods !== undefined) x.paymentMethods = [...new Set(b.payment_methods.map((v) => v.trim()).filter(Boolean))];
  if (b.requires_shipping !== undefined) x.requiresShipping = b.requires_shipping;
  if (b.order !== undefined) x.order = b.order;
  return x;
}

function feeWrites(runtime: Runtime, req: FastifyRequest) {
  const db = runtime.database.db;
  const answer = async (id: number): Promise<JsonObject> => {
    await runtime.rules.changed();
    return feeJson(new WcContext(runtime, req), (await findFeeRuleRow(db, id))!);
  };
  return {
    async create(body: FeeBody & { name: string; amount: string }): Promise<JsonObject> {
      const c = new WcContext(runtime, req);
      const blank: FeeInput = {
        name: '', enabled: true, type: 'fixed', amount: '0', taxable: false, taxClass: '', minimumAmount: null, maximumAmount: null,
        countries: [], paymentMethods: [], requiresShipping: false, order: 0,
      };
      const fee = applyFeeBody(runtime, c, blank, body);
      const id = await db.transaction().execute((trx) => saveFeeRule(trx, fee));
      return answer(id);
    },
    async update(id: number, body: FeeBody): Promise<JsonObject> {
      const c = new WcContext(runtime, req);
      await db.transaction().execute(async (trx) => {
        const row = id > 0 ? await findFeeRuleRow(trx, id) : null;
        if (!row) throw invalidFeeId('not_found');
        await saveFeeRule(trx, { ...applyFeeBody(runtime, c, feeInputFromRow(row), body), id });
      });
      return answer(id);
    },
    async delete(id: number, force: boolean): Promise<JsonObject> {
      if (!force) throw trashNotSupported('cartwright_rest_trash_not_supported', 'Fee rules do not support trashing.');
      const c = new WcContext(runtime, req);
      const before = await db.transaction().execute(async (trx) => {
        const row = id > 0 ? await findFeeRuleRow(trx, id) : null;
        if (!row) throw invalidFeeId('not_found');
        await deleteFeeRule(trx, id);
        return feeJson(c, row);
      });
      await runtime.rules.changed();
      return before;
    },
  };
}

function listFees(rows: Selectable<FeeRulesTable>[], args: ListArgs): { total: number; items: Selectable<FeeRulesTable>[] } {
  const found = rows.filter((r) => args.enabled === undefined || (r.enabled === 1) === args.enabled);
  const orderby = args.orderby ?? 'order';
  const dir = args.order === 'desc' ? -1 : 1;
  const key = (r: Selectable<FeeRulesTable>) => (orderby === 'id' ? Number(r.id) : orderby === 'name' ? r.name.toLowerCase() : r.rule_order);
  found.sort((a, b) => dir * (compareKeys(key(a), key(b)) || Number(a.id) - Number(b.id)));
  return { total: found.length, items: pageOf(found, args) };
}

export function registerFeeRuleRoutes(app: FastifyInstance, runtime: Runtime): void {
  const db = runtime.database.db;
  defineRoute(app, {
    method: 'GET',
    url: BASE,
    summary: 'List fee rules (by `order`; paging as wc/v3: page, per_page, offset, X-WP-Total headers)',
    tags: TAGS,
    args: ListArgs,
    handler: async (req, reply, args) => {
      requireManager(req, 'list');
      const c = new WcContext(runtime, req);
      const { total, items } = listFees(await db.selectFrom('fee_rules').selectAll().execute(), args);
      paginate(req, reply, origin(req, runtime), total, args.page, args.per_page, null);
      return items.map((r) => feeJson(c, r));
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: BASE,
    summary:
      'Create a fee rule: name and amount required; type fixed (amount in the store currency) or percent (of the items total after discounts); ' +
      'conditions minimum_amount, maximum_amount, countries (billing), payment_methods, requires_shipping; taxable with tax_class',
    tags: TAGS,
    args: CreateBody,
    handler: async (req, reply, args) => {
      requireManager(req, 'create');
      const body = await feeWrites(runtime, req).create(args);
      return reply.status(201).header('location', `${collection(new WcContext(runtime, req))}/${body.id}`).send(body);
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: ONE,
    summary: 'Retrieve a fee rule',
    tags: TAGS,
    handler: async (req) => {
      requireManager(req, 'view');
      const id = pathId(req);
      const row = id > 0 ? await findFeeRuleRow(db, id) : null;
      if (!row) throw invalidFeeId('not_found');
      return feeJson(new WcContext(runtime, req), row);
    },
  });

  defineRoute(app, {
    method: ['PUT', 'PATCH', 'POST'],
    url: ONE,
    summary: 'Update a fee rule (only the fields sent change; "" or null clears a minimum or maximum)',
    tags: TAGS,
    args: FeeBody,
    handler: async (req, _reply, args) => {
      requireManager(req, 'edit');
      return feeWrites(runtime, req).update(pathId(req), args);
    },
  });

  defineRoute(app, {
    method: 'DELETE',
    url: ONE,
    summary: 'Delete a fee rule (force=true, as the wc/v3 resources without a trash)',
    tags: TAGS,
    args: Type.Object({ force: Type.Boolean({ default: false }) }),
    handler: async (req, _reply, args) => {
      requireManager(req, 'delete');
      return feeWrites(runtime, req).delete(pathId(req), args.force);
    },
  });
}
