import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { parseMajor, toMajorString } from '../../commerce/money.ts';
import type { JsonObject } from '../../hooks/types.ts';
import { FeeBody, FeeRuleService, type FeeRuleRow } from '../../rules/admin/fee-rules.ts';
import { feeInputFromRow } from '../../rules/repository.ts';
import type { Runtime } from '../../runtime.ts';
import { requireManager } from '../wc-v3/access.ts';
import { links, type WcContext } from '../wc-v3/context.ts';
import { compareKeys, pageOf } from '../wc-v3/listing.ts';
import { defineResource } from '../wc-v3/resource.ts';
import { literals } from '../wc-v3/schema.ts';
import { wireClass } from '../wc-v3/taxes.ts';

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

const BASE = '/cartwright/v1/fee-rules';
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

/** The collection's URL: beside wc/v3 under /wp-json. */
const collection = (c: WcContext) => `${c.root.slice(0, -'/wc/v3'.length)}${BASE}`;

function feeJson(c: WcContext, r: FeeRuleRow): JsonObject {
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

function listFees(rows: FeeRuleRow[], args: ListArgs): { total: number; items: FeeRuleRow[] } {
  const found = rows.filter((r) => args.enabled === undefined || (r.enabled === 1) === args.enabled);
  const orderby = args.orderby ?? 'order';
  const dir = args.order === 'desc' ? -1 : 1;
  const key = (r: FeeRuleRow) => (orderby === 'id' ? Number(r.id) : orderby === 'name' ? r.name.toLowerCase() : r.rule_order);
  found.sort((a, b) => dir * (compareKeys(key(a), key(b)) || Number(a.id) - Number(b.id)));
  return { total: found.length, items: pageOf(found, args) };
}

export function registerFeeRuleRoutes(app: FastifyInstance, runtime: Runtime): void {
  const fees = new FeeRuleService(runtime);
  defineResource(app, runtime, {
    url: BASE,
    tags: ['Cartwright: fee rules'],
    summaries: {
      list: 'List fee rules (by `order`; paging as wc/v3: page, per_page, offset, X-WP-Total headers)',
      create:
        'Create a fee rule: name and amount required; type fixed (amount in the store currency) or percent (of the items total after discounts); ' +
        'conditions minimum_amount, maximum_amount, countries (billing), payment_methods, requires_shipping; taxable with tax_class',
      get: 'Retrieve a fee rule',
      update: 'Update a fee rule (only the fields sent change; "" or null clears a minimum or maximum)',
      delete: 'Delete a fee rule (force=true, as the wc/v3 resources without a trash)',
    },
    args: { list: ListArgs, create: CreateBody, update: FeeBody },
    batch: false,
    permit: requireManager,
    json: feeJson,
    list: async (_c, args) => listFees(await fees.all(), args),
    get: (_c, id) => fees.find(id),
    create: (c, body) => fees.create(c, body),
    update: (c, id, body) => fees.update(c, id, body),
    delete: (_c, id, force) => fees.delete(id, force),
  });
}
