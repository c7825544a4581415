import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { addItem } from '../../cart/add-item.ts';
import { addItems } from '../../cart/add-items.ts';
import type { CartCallbackRegistry } from '../../cart/callbacks.ts';
import type { CartContext } from '../../cart/context.ts';
import { clearCart } from '../../cart/clear-cart.ts';
import { toQuantity } from '../../cart/lines.ts';
import { removeAllItems, removeItem } from '../../cart/remove-item.ts';
import { restoreItem } from '../../cart/restore-item.ts';
import { itemCount, type Cart } from '../../cart/types.ts';
import { updateItem } from '../../cart/update-item.ts';
import { formatMoney, toMajorString } from '../../commerce/money.ts';
import type { PricedCart } from '../../cart/price-cart.ts';
import { emptyMap } from '../serializers/php.ts';
import type { JsonObject } from '../../hooks/types.ts';
import type { Runtime } from '../../runtime.ts';
import { CartGateway, noItemsError, type CartResult } from '../cart-gateway.ts';
import { storeCurrency } from '../money.ts';
import { defineRoute, jsonString } from '../route.ts';
import { cartShape, serializeCart, serializeItem, showsNotices, type CartShape } from '../serializers/cart.ts';
import { translator } from '../request-context.ts';
import { CocartError } from '../../errors.ts';
import { Common, CommonArgs } from './cart-args.ts';

/** Cart API v2 (spec/cart-api.md §3): every route that reads or changes the shopper's cart. */

const TAGS = ['Cart'];


const Id = Type.Union([Type.String(), Type.Integer()], { description: 'Product ID, variation ID or SKU' });
// Left to quantityOf: schema coercion would read " " or "" as 0, and 0 means "remove the line".
const Quantity = Type.Any({ description: 'A whole number, as a JSON number or a numeric string' });
const ItemPath = Type.Object({ item_key: Type.String({ pattern: '^\\w+$' }) });
/** CoCart's route regex `(?P<item_key>[\\w]+)`: any other key matches no route (404 rest_no_route), as in WordPress. */
const ITEM_URL = '/cocart/v2/cart/item/:item_key(^\\w+$)';
const JsonMap = Type.Record(Type.String(), Type.Unknown());

function quantityOf(value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  const q = toQuantity(value);
  if (q === null) {
    throw new CocartError('rest_invalid_param', 'invalid', 'Invalid parameter(s): %s', ['quantity'], { params: { quantity: 'quantity is not a whole number in range.' } });
  }
  return q;
}

/** How every cart route shapes its answer: `fields`/presets, the money format, the whole cart. */
export function cartResponder(runtime: Runtime, gateway: CartGateway) {
  const shapeOf = (args: CommonArgs): CartShape => {
    const preset = args.config?.fields ?? (args.fields ? undefined : runtime.settings.get().cart.cart_response);
    return cartShape(args.fields, preset === 'default' ? undefined : preset);
  };
  const prepare = (req: FastifyRequest, args: CommonArgs) =>
    gateway.prepareMoney(req, args.config?.prices === 'preformatted' || args.prices === 'formatted');

  /** The usual answer: the whole cart, shaped as asked. */
  const respond = (req: FastifyRequest, reply: FastifyReply, result: CartResult<unknown>, args: CommonArgs, shape = shapeOf(args)) => {
    if (args.default) return rawContents(result);
    return gateway.render(req, reply, result, shape, args.thumb !== false);
  };

  /** A plain cart write: run the use case on the cart, answer with the whole cart. */
  const change = async (req: FastifyRequest, reply: FastifyReply, args: CommonArgs, mutate: (cart: Cart, ctx: CartContext) => Cart) => {
    prepare(req, args);
    const shape = shapeOf(args);
    const result = await gateway.write(req, reply, showsNotices(shape), (cart, ctx) => ({ cart: mutate(cart, ctx), value: undefined }));
    return respond(req, reply, result, args, shape);
  };
  return { shapeOf, prepare, respond, change };
}

export function registerCartRoutes(app: FastifyInstance, runtime: Runtime, gateway: CartGateway, callbacks: CartCallbackRegistry): void {
  const { shapeOf, prepare, respond, change } = cartResponder(runtime, gateway);

  const itemOf = (req: FastifyRequest, result: CartResult<unknown>, key: string, thumb = true) => {
    const line = result.payload.priced.lines.find((l) => l.line.key === key);
    return line ? serializeItem(gateway.view(req, thumb), line) : null;
  };

  defineRoute(app, {
    method: 'GET',
    url: '/cocart/v2/cart',
    summary: 'Get the cart',
    tags: TAGS,
    args: CommonArgs,
    handler: async (req, reply, args) => {
      prepare(req, args);
      const shape = shapeOf(args);
      if (args.default) return respond(req, reply, await gateway.read(req, reply, false), args, shape);
      return gateway.readRendered(req, reply, shape, args.thumb !== false);
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: '/cocart/v2/cart',
    summary: 'Create an empty guest cart and return its key',
    tags: TAGS,
    batch: true,
    handler: async (req, reply) => {
      if (req.user) throw new CocartError('cocart_rest_cart_creation_not_allowed', 'forbidden', 'You are already logged in, so a cart is already there for you.');
      const result = await gateway.write(req, reply, false, (cart) => ({ cart, value: undefined, persistEmpty: true }));
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
    handler: async (req, reply, args) => {
      prepare(req, args);
      const shape = shapeOf(args);
      const result = await gateway.write(req, reply, !args.return_item && showsNotices(shape), (cart, ctx) => {
        const added = addItem(
          cart,
          {
            id: String(args.id),
            quantity: quantityOf(args.quantity, 1),
            variation: args.variation,
            itemData: args.item_data,
            price: args.price === undefined ? undefined : String(args.price),
            email: args.email,
            phone: args.phone,
          },
          ctx,
        );
        return { cart: added.cart, value: added };
      });
      const item = itemOf(req, result, result.value.line.key) ?? {};
      await runtime.hooks.doAction('cocart_added_item_to_cart', req, item, result.value.product.type);
      await runtime.hooks.doAction('cocart_after_item_added_to_cart', item, req, result.value.product.type);
      return args.return_item ? item : respond(req, reply, result, args, shape);
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: '/cocart/v2/cart/add-items',
    summary: 'Add the children of a grouped product',
    tags: TAGS,
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
      prepare(req, args);
      const shape = shapeOf(args);
      const result = await gateway.write(req, reply, !args.return_items && showsNotices(shape), (cart, ctx) => {
        const added = addItems(cart, { id: String(args.id), quantity: args.quantity, email: args.email, phone: args.phone }, ctx);
        return { cart: added.cart, value: added };
      });
      const items = result.value.lines.map((l) => itemOf(req, result, l.key)).filter((i) => i !== null);
      await runtime.hooks.doAction('cocart_added_items_to_cart', req, items, 'grouped');
      await runtime.hooks.doAction('cocart_after_items_added_to_cart', items, req, 'grouped');
      return args.return_items ? items : respond(req, reply, result, args, shape);
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/cocart/v2/cart/items',
    summary: 'The items in the cart, keyed by item key',
    tags: TAGS,
    args: CommonArgs,
    handler: async (req, reply, args) => {
      prepare(req, args);
      const result = await gateway.read(req, reply, false);
      if (!result.payload.priced.lines.length) throw noItemsError(runtime);
      const view = gateway.view(req, args.thumb !== false);
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
    handler: async (req, reply, args) => change(req, reply, args, removeAllItems),
  });

  defineRoute(app, {
    method: 'GET',
    url: '/cocart/v2/cart/items/count',
    summary: 'Number of items (or of removed items)',
    tags: TAGS,
    args: Type.Object({ removed_items: Type.Optional(Type.Boolean()), return: Type.Optional(Type.String()), cart_key: Common.cart_key }),
    handler: async (req, reply, args) => {
      const result = await gateway.read(req, reply, false);
      const cart = result.payload.priced.cart;
      const count = itemCount(args.removed_items ? cart.removed : cart.lines);
      if (count === 0 && args.return !== undefined && args.return !== 'numeric') throw noItemsError(runtime);
      return count;
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: ITEM_URL,
    summary: 'One item of the cart',
    tags: TAGS,
    path: ItemPath,
    args: CommonArgs,
    handler: async (req, reply, args) => {
      if (args.item_key === '0') throw new CocartError('cocart_cart_item_key_required', 'not_found', 'Cart item key is required!');
      prepare(req, args);
      const result = await gateway.read(req, reply, false);
      const item = itemOf(req, result, args.item_key, args.thumb !== false);
      if (!item) throw new CocartError('cocart_item_not_found', 'not_found', 'Item specified does not exist in cart.');
      return item;
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: ITEM_URL,
    summary: "Change an item's quantity (0 removes it)",
    tags: TAGS,
    batch: true,
    path: ItemPath,
    args: Type.Object({ quantity: Type.Optional(Quantity), return_status: Type.Optional(Type.Boolean()), ...Common }),
    handler: async (req, reply, args) => {
      prepare(req, args);
      const shape = shapeOf(args);
      const quantity = quantityOf(args.quantity, 1);
      const result = await gateway.write(req, reply, !args.return_status && showsNotices(shape), (cart, ctx) => {
        const updated = updateItem(cart, args.item_key, quantity, ctx);
        return { cart: updated.cart, value: updated };
      });
      if (quantity === 0 && args.return_status) {
        return jsonString(reply, translator(req)('%s has been removed from cart.', removedName(result.value.cart, runtime, args.item_key)));
      }
      if (args.return_status) {
        const t = translator(req);
        const { change, line } = result.value;
        const name = result.payload.priced.lines.find((l) => l.line.key === args.item_key)?.product.name ?? '';
        const message =
          change === 'increased' ? t('The quantity for "%1$s" has increased to "%2$s".', name, line?.quantity)
          : change === 'decreased' ? t('The quantity for "%1$s" has decreased to "%2$s".', name, line?.quantity)
          : t('The quantity for "%s" has not changed.', name);
        return { message, quantity: line?.quantity ?? 0 };
      }
      return respond(req, reply, result, args, shape);
    },
  });

  defineRoute(app, {
    method: 'DELETE',
    url: ITEM_URL,
    summary: 'Remove an item (restorable)',
    tags: TAGS,
    batch: true,
    path: ItemPath,
    args: Type.Object({ return_status: Type.Optional(Type.Boolean()), ...Common }),
    handler: async (req, reply, args) => {
      prepare(req, args);
      const shape = shapeOf(args);
      const result = await gateway.write(req, reply, !args.return_status && showsNotices(shape), (cart, ctx) => {
        const removed = removeItem(cart, args.item_key, ctx);
        return { cart: removed.cart, value: removed };
      });
      if (args.return_status) return jsonString(reply, translator(req)('%s has been removed from cart.', result.value.name));
      return respond(req, reply, result, args, shape);
    },
  });

  defineRoute(app, {
    method: ['PUT', 'PATCH'],
    url: ITEM_URL,
    summary: 'Restore a removed item',
    tags: TAGS,
    batch: true,
    path: ItemPath,
    args: Type.Object({ return_item: Type.Optional(Type.Boolean()), ...Common }),
    handler: async (req, reply, args) => {
      prepare(req, args);
      const shape = shapeOf(args);
      const result = await gateway.write(req, reply, !args.return_item && showsNotices(shape), (cart, ctx) => {
        const restored = restoreItem(cart, args.item_key, ctx);
        return { cart: restored.cart, value: restored };
      });
      return args.return_item ? itemOf(req, result, args.item_key) : respond(req, reply, result, args, shape);
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
      prepare(req, args);
      const shape = shapeOf(args);
      const result = await gateway.write(req, reply, showsNotices(shape), (cart) => ({ cart: clearCart(cart, args.keep_removed_items === true), value: undefined }));
      if (result.payload.priced.cart.lines.length) throw new CocartError('cocart_clear_cart_failed', 'not_acceptable', 'Clearing the cart failed!');
      return respond(req, reply, result, args, shape);
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: '/cocart/v2/cart/calculate',
    summary: 'Recalculate the totals',
    tags: TAGS,
    batch: true,
    args: Type.Object({ return_totals: Type.Optional(Type.Boolean()), ...Common }),
    handler: async (req, reply, args) => {
      prepare(req, args);
      const shape = args.return_totals ? cartShape('totals', undefined) : shapeOf(args);
      const result = await gateway.write(req, reply, !args.return_totals && showsNotices(shape), (cart) => ({ cart, value: undefined }));
      if (args.return_totals) return (serializeCart(gateway.view(req, false), result.payload, cartShape(undefined, undefined)) as JsonObject).totals;
      return respond(req, reply, result, args, shape);
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/cocart/v2/cart/totals',
    summary: 'The cart totals',
    tags: TAGS,
    args: Type.Object({ html: Type.Optional(Type.Boolean({ description: 'Released 4.x shape: major units, formatted' })), ...Common }),
    handler: async (req, reply, args) => {
      prepare(req, args);
      const result = await gateway.read(req, reply, false);
      const totals = result.payload.priced.totals;
      if (!totals.total) throw new CocartError('cocart_cart_totals_empty', 'not_found', 'This cart has no totals.');
      if (args.html !== undefined) return legacyTotals(runtime, result.payload.priced, args.html);
      // All ten totals unless the request names some (fields=totals.total,totals.subtotal).
      const shape = args.fields?.startsWith('totals') ? cartShape(args.fields, undefined) : { ...cartShape('totals', undefined), listed: null };
      const body = serializeCart(gateway.view(req, false), result.payload, shape) as JsonObject;
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
    batch: true,
    args: Type.Object({ namespace: Type.Optional(Type.Unknown()), data: Type.Optional(JsonMap), quantity: Type.Optional(Type.Unknown()), ...Common }),
    handler: async (req, reply, args) => {
      const namespace = args.namespace;
      if (namespace !== undefined && typeof namespace !== 'string') {
        throw new CocartError('cocart_update_cart_namespace_error', 'not_found', 'Namespace must be a string. Available namespaces: %s', [callbacks.names().join(', ')]);
      }
      const callback = namespace ? callbacks.get(namespace) : undefined;
      if (!callback) throw new CocartError('cocart_update_cart_no_namespace_error', 'not_found', 'No such namespace registered: %s', [namespace ?? '']);
      prepare(req, args);
      const shape = shapeOf(args);
      const params = { ...(req.query as JsonObject), ...(typeof req.body === 'object' && req.body ? (req.body as JsonObject) : {}), ...(args.data ?? {}) };
      const settings = runtime.settings.get();
      const result = await gateway.write(req, reply, showsNotices(shape), async (cart, ctx) => {
        await runtime.hooks.doAction('cocart_update_cart_before_totals', req, { ...cart } as unknown as JsonObject);
        const next = await callback.callback({ params, cart, ctx, address: { baseCountry: settings.store.country.split(':')[0], allowedCountries: [] } });
        if (!next || typeof next !== 'object' || !Array.isArray((next as Cart).lines)) {
          throw new CocartError('cocart_no_callback_found', 'invalid', 'Cart update callback "%s" did not return a cart.', [callback.name]);
        }
        await runtime.hooks.doAction('cocart_update_cart_after_totals', req, { ...next } as unknown as JsonObject);
        return { cart: next, value: undefined };
      });
      return respond(req, reply, result, args, shape);
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
