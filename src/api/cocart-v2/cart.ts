import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { toQuantity } from '../../cart/lines.ts';
import { itemCount, type Cart } from '../../cart/types.ts';
import { formatMoney, toMajorString } from '../../commerce/money.ts';
import type { PricedCart } from '../../cart/price-cart.ts';
import { noItemsError, type CartResult } from '../../cart/service.ts';
import { emptyMap } from '../serializers/php.ts';
import type { JsonObject } from '../../hooks/types.ts';
import { requestContext } from '../request-context.ts';
import { whenStored } from '../batch-requests.ts';
import type { Runtime } from '../../runtime.ts';
import type { CartResponder, Money } from '../cart-responder.ts';
import { storeCurrency } from '../../settings/currency.ts';
import { defineRoute, jsonString } from '../route.ts';
import { cartShape, serializeCart, serializeItem, showsNotices, type CartShape } from '../serializers/cart.ts';
import { translator } from '../request-context.ts';
import { CocartError } from '../../errors.ts';
import { Common, CommonArgs } from './cart-args.ts';
import { ref } from '../openapi/schemas.ts';
import { UpdateCartBody } from '../openapi/update-customer.ts';

/** Cart API v2: every route that reads or changes the shopper's cart. Each reads the request, runs one cart-service use case and hands the result to the one serializer. */

const TAGS = ['Cart'];


const Id = Type.Union([Type.String(), Type.Integer()], { description: 'Product ID, variation ID or SKU' });
// Left to quantityOf: schema coercion would read " " or "" as 0, and 0 means "remove the line".
const Quantity = Type.Any({ description: 'A whole number, as a JSON number or a numeric string' });
const ItemPath = Type.Object({ item_key: Type.String({ pattern: '^\\w{1,32}$' }) });
/**
 * CoCart's item route: word characters only, at most 32 of them since 4.8 (an md5 key is 32). Any other
 * key matches no route (404 rest_no_route), as in WordPress.
 */
const ITEM_URL = '/cocart/v2/cart/item/:item_key(^\\w{1,32}$)';
const JsonMap = Type.Record(Type.String(), Type.Unknown());

function quantityOf(value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  const q = toQuantity(value);
  if (q === null) {
    throw new CocartError('rest_invalid_param', 'invalid', 'Invalid parameter(s): %s', ['quantity'], { params: { quantity: 'quantity is not a whole number in range.' } });
  }
  return q;
}

/** How a cart route answers: the shape and money format the request asked for, and the whole cart. */
export interface Presentation {
  shape: CartShape;
  money: Money;
  thumb: boolean;
}

export function cartAnswers(runtime: Runtime, responder: CartResponder) {
  const shapeOf = (args: CommonArgs): CartShape => {
    const preset = args.config?.fields ?? (args.fields ? undefined : runtime.settings.get().cart.cart_response);
    return cartShape(args.fields, preset === 'default' ? undefined : preset);
  };
  const present = (args: CommonArgs, shape = shapeOf(args)): Presentation => ({
    shape,
    money: responder.money(args.config?.prices === 'preformatted' || args.prices === 'formatted'),
    thumb: args.thumb !== false,
  });

  /** The usual answer: the cart's headers, and the whole cart shaped as asked. */
  const respond = (req: FastifyRequest, reply: FastifyReply, result: CartResult<unknown>, args: CommonArgs, p: Presentation) => {
    responder.headers(reply, result);
    if (args.default) return rawContents(result);
    return responder.render(req, reply, result, p.shape, p.thumb, p.money);
  };

  /** A cart request that shows the notices when its answer does. */
  const request = (req: FastifyRequest, p: Presentation, showNotices = showsNotices(p.shape)) => responder.request(req, showNotices);
  return { present, respond, request };
}

export function registerCartRoutes(app: FastifyInstance, runtime: Runtime, responder: CartResponder): void {
  const { carts } = runtime;
  const { present, respond, request } = cartAnswers(runtime, responder);

  const itemOf = (req: FastifyRequest, result: CartResult<unknown>, key: string, p: Presentation) => {
    const line = result.payload.priced.lines.find((l) => l.line.key === key);
    return line ? serializeItem(responder.view(req, p.thumb, p.money), line) : null;
  };
  /** A plain read (items, count, totals, one item): the cart's headers and ETag set, the result for the route to shape. */
  const read = async (req: FastifyRequest, reply: FastifyReply) => {
    const result = await carts.read(responder.request(req));
    responder.headers(reply, result);
    reply.header('etag', carts.etag(requestContext(req), result.session));
    return result;
  };

  defineRoute(app, {
    method: 'GET',
    url: '/cocart/v2/cart',
    summary: 'Get the cart',
    tags: TAGS,
    args: CommonArgs,
    handler: async (req, reply, args) => {
      const p = present(args);
      if (args.default) return respond(req, reply, await carts.read(responder.request(req)), args, p);
      return responder.readRendered(req, reply, p.shape, p.thumb, p.money);
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: '/cocart/v2/cart',
    summary: 'Create an empty guest cart and return its key',
    tags: TAGS,
    response: { 200: ref('CartKeyAnswer') },
    batch: true,
    handler: async (req, reply) => {
      const result = await carts.create(responder.request(req));
      responder.headers(reply, result);
      return {
        message: translator(req)('Here is your cart key. Either use it as a global parameter (cart_key) or set the CoCart-API-Cart-Key header for all future cart requests.'),
        cart_key: result.session?.key ?? '',
      };
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: '/cocart/v2/cart/add-item',
    summary: 'Add an item to the cart',
    tags: TAGS,
    response: { 200: Type.Union([ref('Cart'), ref('CartItem')], { description: 'The cart; with return_item=true the item added' }) },
    batch: true,
    args: Type.Object({
      id: Id,
      quantity: Type.Optional(Quantity),
      variation: Type.Optional(JsonMap),
      item_data: Type.Optional(JsonMap),
      email: Type.Optional(Type.String()),
      phone: Type.Optional(Type.String()),
      price: Type.Optional(Type.Union([Type.String(), Type.Number()])),
      return_item: Type.Optional(Type.Boolean()),
      ...Common,
    }),
    check: (args) => quantityOf(args.quantity, 1),
    handler: async (req, reply, args) => {
      const p = present(args);
      const result = await carts.addItem(request(req, p, !args.return_item && showsNotices(p.shape)), {
        id: String(args.id),
        quantity: quantityOf(args.quantity, 1),
        variation: args.variation,
        itemData: args.item_data,
        price: args.price === undefined ? undefined : String(args.price),
        email: args.email,
        phone: args.phone,
      });
      const item = itemOf(req, result, result.value.line.key, { ...p, thumb: true }) ?? {};
      const context = requestContext(req);
      await whenStored(req, async () => {
        await runtime.hooks.doAction('cocart_added_item_to_cart', context, item, result.value.product.type);
        await runtime.hooks.doAction('cocart_after_item_added_to_cart', item, context, result.value.product.type);
      });
      if (!args.return_item) return respond(req, reply, result, args, p);
      responder.headers(reply, result);
      return item;
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: '/cocart/v2/cart/add-items',
    summary: 'Add the children of a grouped product',
    tags: TAGS,
    response: { 200: Type.Union([ref('Cart'), Type.Array(ref('CartItem'))], { description: 'The cart; with return_items=true the items added' }) },
    batch: true,
    args: Type.Object({
      id: Id,
      quantity: JsonMap,
      email: Type.Optional(Type.String()),
      phone: Type.Optional(Type.String()),
      return_items: Type.Optional(Type.Boolean()),
      ...Common,
    }),
    handler: async (req, reply, args) => {
      const p = present(args);
      const result = await carts.addItems(request(req, p, !args.return_items && showsNotices(p.shape)), {
        id: String(args.id),
        quantity: args.quantity,
        email: args.email,
        phone: args.phone,
      });
      const items = result.value.lines.map((l) => itemOf(req, result, l.key, { ...p, thumb: true })).filter((i) => i !== null);
      const context = requestContext(req);
      await whenStored(req, async () => {
        await runtime.hooks.doAction('cocart_added_items_to_cart', context, items, 'grouped');
        await runtime.hooks.doAction('cocart_after_items_added_to_cart', items, context, 'grouped');
      });
      if (!args.return_items) return respond(req, reply, result, args, p);
      responder.headers(reply, result);
      return items;
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/cocart/v2/cart/items',
    summary: 'The items in the cart, keyed by item key',
    tags: TAGS,
    response: { 200: ref('CartItems') },
    args: CommonArgs,
    handler: async (req, reply, args) => {
      const p = present(args);
      const result = await read(req, reply);
      if (!result.payload.priced.lines.length) throw noItemsError(runtime.hooks);
      const view = responder.view(req, p.thumb, p.money);
      return Object.fromEntries(result.payload.priced.lines.map((l) => [l.line.key, serializeItem(view, l)]));
    },
  });

  defineRoute(app, {
    method: 'DELETE',
    url: '/cocart/v2/cart/items',
    summary: 'Remove every item (they stay restorable)',
    tags: TAGS,
    batch: true,
    args: CommonArgs,
    handler: async (req, reply, args) => {
      const p = present(args);
      return respond(req, reply, await carts.removeAllItems(request(req, p)), args, p);
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/cocart/v2/cart/items/count',
    summary: 'Number of items (or of removed items)',
    tags: TAGS,
    response: { 200: Type.Integer({ description: 'The number of items' }) },
    args: Type.Object({ removed_items: Type.Optional(Type.Boolean()), return: Type.Optional(Type.String()), cart_key: Common.cart_key }),
    handler: async (req, reply, args) => {
      const result = await read(req, reply);
      const cart = result.payload.priced.cart;
      const count = itemCount(args.removed_items ? cart.removed : cart.lines);
      if (count === 0 && args.return !== undefined && args.return !== 'numeric') throw noItemsError(runtime.hooks);
      return count;
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: ITEM_URL,
    summary: 'One item of the cart',
    tags: TAGS,
    response: { 200: ref('CartItem') },
    path: ItemPath,
    args: CommonArgs,
    handler: async (req, reply, args) => {
      if (args.item_key === '0') throw new CocartError('cocart_cart_item_key_required', 'not_found', 'Cart item key is required!');
      const p = present(args);
      const result = await read(req, reply);
      const item = itemOf(req, result, args.item_key, p);
      if (!item) throw new CocartError('cocart_item_not_found', 'not_found', 'Item specified does not exist in cart.');
      return item;
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: ITEM_URL,
    summary: "Change an item's quantity (0 removes it)",
    tags: TAGS,
    response: { 200: Type.Union([ref('Cart'), ref('CartItemStatus'), Type.String()], { description: 'The cart; with return_status=true what changed (a message alone when the item was removed)' }) },
    batch: true,
    path: ItemPath,
    args: Type.Object({ quantity: Type.Optional(Quantity), return_status: Type.Optional(Type.Boolean()), ...Common }),
    check: (args) => quantityOf(args.quantity, 1),
    handler: async (req, reply, args) => {
      const p = present(args);
      const quantity = quantityOf(args.quantity, 1);
      const result = await carts.updateItem(request(req, p, !args.return_status && showsNotices(p.shape)), args.item_key, quantity);
      if (!args.return_status) return respond(req, reply, result, args, p);
      responder.headers(reply, result);
      const t = translator(req);
      if (quantity === 0) return jsonString(reply, t('%s has been removed from cart.', removedName(result.value.cart, runtime, args.item_key)));
      const { change, line } = result.value;
      const name = result.payload.priced.lines.find((l) => l.line.key === args.item_key)?.product.name ?? '';
      const message =
        change === 'increased' ? t('The quantity for "%1$s" has increased to "%2$s".', name, line?.quantity)
        : change === 'decreased' ? t('The quantity for "%1$s" has decreased to "%2$s".', name, line?.quantity)
        : t('The quantity for "%s" has not changed.', name);
      return { message, quantity: line?.quantity ?? 0 };
    },
  });

  defineRoute(app, {
    method: 'DELETE',
    url: ITEM_URL,
    summary: 'Remove an item (restorable)',
    tags: TAGS,
    response: { 200: Type.Union([ref('Cart'), Type.String()], { description: 'The cart; with return_status=true a message' }) },
    batch: true,
    path: ItemPath,
    args: Type.Object({ return_status: Type.Optional(Type.Boolean()), ...Common }),
    handler: async (req, reply, args) => {
      const p = present(args);
      const result = await carts.removeItem(request(req, p, !args.return_status && showsNotices(p.shape)), args.item_key);
      if (!args.return_status) return respond(req, reply, result, args, p);
      responder.headers(reply, result);
      return jsonString(reply, translator(req)('%s has been removed from cart.', result.value.name));
    },
  });

  defineRoute(app, {
    method: ['PUT', 'PATCH'],
    url: ITEM_URL,
    summary: 'Restore a removed item',
    tags: TAGS,
    response: { 200: Type.Union([ref('Cart'), ref('CartItem')], { description: 'The cart; with return_item=true the item restored' }) },
    batch: true,
    path: ItemPath,
    args: Type.Object({ return_item: Type.Optional(Type.Boolean()), ...Common }),
    handler: async (req, reply, args) => {
      const p = present(args);
      const result = await carts.restoreItem(request(req, p, !args.return_item && showsNotices(p.shape)), args.item_key);
      if (!args.return_item) return respond(req, reply, result, args, p);
      responder.headers(reply, result);
      return itemOf(req, result, args.item_key, { ...p, thumb: true });
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: '/cocart/v2/cart/clear',
    summary: 'Empty the cart',
    tags: TAGS,
    batch: true,
    args: Type.Object({ keep_removed_items: Type.Optional(Type.Boolean()), ...Common }),
    handler: async (req, reply, args) => {
      const p = present(args);
      return respond(req, reply, await carts.clear(request(req, p), args.keep_removed_items === true), args, p);
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: '/cocart/v2/cart/calculate',
    summary: 'Recalculate the totals',
    tags: TAGS,
    response: { 200: Type.Union([ref('Cart'), ref('CartTotals')], { description: 'The cart; with return_totals=true its totals' }) },
    batch: true,
    args: Type.Object({ return_totals: Type.Optional(Type.Boolean()), ...Common }),
    handler: async (req, reply, args) => {
      const p = present(args, args.return_totals ? cartShape('totals', undefined) : undefined);
      const result = await carts.calculate(request(req, p, !args.return_totals && showsNotices(p.shape)));
      if (!args.return_totals) return respond(req, reply, result, args, p);
      responder.headers(reply, result);
      return (serializeCart(responder.view(req, false, p.money), result.payload, cartShape(undefined, undefined)) as JsonObject).totals;
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/cocart/v2/cart/totals',
    summary: 'The cart totals',
    tags: TAGS,
    response: { 200: Type.Union([ref('CartTotals'), ref('CartLegacyTotals')], { description: 'The totals; with html=true|false the released 4.x totals' }) },
    args: Type.Object({ html: Type.Optional(Type.Boolean({ description: 'Released 4.x shape: major units, formatted' })), ...Common }),
    handler: async (req, reply, args) => {
      const p = present(args);
      const result = await read(req, reply);
      const totals = result.payload.priced.totals;
      if (!totals.total) throw new CocartError('cocart_cart_totals_empty', 'not_found', 'This cart has no totals.');
      if (args.html !== undefined) return legacyTotals(runtime, result.payload.priced, args.html);
      // All ten totals unless the request names some (fields=totals.total,totals.subtotal).
      const shape = args.fields?.startsWith('totals') ? cartShape(args.fields, undefined) : { ...cartShape('totals', undefined), listed: null };
      const body = serializeCart(responder.view(req, false, p.money), result.payload, shape) as JsonObject;
      const out = (body.totals ?? {}) as JsonObject;
      if (out.total === undefined || out.total === 0 || out.total === '0') throw new CocartError('cocart_cart_totals_empty', 'not_found', 'This cart has no totals.');
      return out;
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: '/cocart/v2/cart/update',
    summary: 'Run a cart update callback: update-cart, update-customer, or one a plugin registered',
    tags: TAGS,
    body: UpdateCartBody,
    batch: true,
    args: Type.Object({ namespace: Type.Optional(Type.Unknown()), data: Type.Optional(JsonMap), quantity: Type.Optional(Type.Unknown()), ...Common }),
    handler: async (req, reply, args) => {
      const p = present(args);
      const params = { ...(req.query as JsonObject), ...(typeof req.body === 'object' && req.body ? (req.body as JsonObject) : {}), ...(args.data ?? {}) };
      return respond(req, reply, await carts.runCallback(request(req, p), args.namespace, params), args, p);
    },
  });
}

function removedName(cart: Cart, runtime: Runtime, key: string): string {
  const line = cart.removed.find((l) => l.key === key);
  return line ? (runtime.catalog.current().products.get(line.id)?.name ?? '') : '';
}

/** `default=true`: WooCommerce's raw cart contents, keyed by item key, money in major units. */
function rawContents(result: CartResult<unknown>): JsonObject {
  const out: JsonObject = {};
  for (const l of result.payload.priced.lines) {
    const line = l.line;
    out[line.key] = {
      key: line.key,
      product_id: line.productId,
      variation_id: line.variationId,
      variation: line.variation,
      quantity: line.quantity,
      data_hash: '',
      line_tax_data: { subtotal: [], total: [] },
      line_subtotal: l.totals.subtotal,
      line_subtotal_tax: l.totals.subtotalTax,
      line_total: l.totals.total,
      line_tax: l.totals.tax,
      cart_item_data: line.itemData,
    };
  }
  return out;
}

/** Released 4.x `GET /cart/totals`: WooCommerce's raw totals map in major units; `html=true` formats them. */
function legacyTotals(runtime: Runtime, priced: PricedCart, html: boolean): JsonObject {
  const { totals, taxesByPart } = priced;
  const settings = runtime.settings.get();
  const currency = storeCurrency(settings);
  const money = (minor: number) => (html ? formatMoney(minor, currency) : toMajorString(minor, currency.decimals));
  /** Tax per rate id, as WooCommerce keys them. */
  const byRate = (taxes: Map<number, number>) => emptyMap(Object.fromEntries([...taxes].filter(([, v]) => v !== 0).map(([id, v]) => [String(id), money(v)])));
  return {
    subtotal: money(totals.subtotal),
    subtotal_tax: money(totals.subtotal_tax),
    shipping_total: money(totals.shipping_total),
    shipping_tax: money(totals.shipping_tax),
    shipping_taxes: byRate(taxesByPart.shipping),
    discount_total: money(totals.discount_total),
    discount_tax: money(totals.discount_tax),
    cart_contents_total: money(totals.total - totals.shipping_total - totals.fee_total - totals.total_tax),
    cart_contents_tax: money(totals.total_tax - totals.shipping_tax - totals.fee_tax),
    cart_contents_taxes: byRate(taxesByPart.items),
    fee_total: money(totals.fee_total),
    fee_tax: money(totals.fee_tax),
    fee_taxes: byRate(taxesByPart.fees),
    total: money(totals.total),
    total_tax: money(totals.total_tax),
  };
}
