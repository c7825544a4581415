import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { CocartError } from '../../errors.ts';
import type { JsonObject } from '../../hooks/types.ts';
import type { Runtime } from '../../runtime.ts';
import type { CartResponder } from '../cart-responder.ts';
import { defineRoute } from '../route.ts';
import { cartShape, serializeCart } from '../serializers/cart.ts';
import { cartAnswers } from './cart.ts';
import { Common, CommonArgs } from './cart-args.ts';
import { ref } from '../openapi/schemas.ts';

/**
 * Coupons, shipping methods, fees and weight on the cart, modelled on CoCart Plus's routes. Writes
 * answer with the whole cart, like every other cart write; reads answer with their section alone.
 */

const TAGS = ['Cart'];

const CouponArgs = Type.Object({
  // Bounded, so a refusal that names the code ("Coupon "…" does not exist!") never echoes megabytes back.
  code: Type.Optional(Type.String({ maxLength: 1000, description: 'The coupon code (case-insensitive)' })),
  coupon: Type.Optional(Type.String({ maxLength: 1000, description: 'Alias of `code`' })),
  ...Common,
});

function codeOf(args: { code?: string; coupon?: string }): string {
  const code = (args.code ?? args.coupon ?? '').trim();
  if (!code) throw new CocartError('woocommerce_coupon_please_enter', 'invalid', 'Please enter a coupon code.', [], { wc_error_code: 111 });
  return code;
}

export function registerCartCommerceRoutes(app: FastifyInstance, runtime: Runtime, responder: CartResponder): void {
  const { carts } = runtime;
  const { present, respond, request } = cartAnswers(runtime, responder);

  /** One section of the cart as it stands (money in the request's format). */
  const section = async (req: FastifyRequest, reply: FastifyReply, args: CommonArgs, name: string) => {
    const p = present(args);
    const result = await carts.read(responder.request(req));
    responder.headers(reply, result);
    const body = serializeCart(responder.view(req, false, p.money), result.payload, cartShape(name, undefined)) as JsonObject;
    return body[name] ?? [];
  };

  defineRoute(app, {
    method: 'POST',
    url: '/cocart/v2/cart/apply-coupon',
    summary: 'Apply a coupon to the cart',
    tags: TAGS,
    batch: true,
    args: CouponArgs,
    handler: async (req, reply, args) => {
      const code = codeOf(args);
      const p = present(args);
      return respond(req, reply, await carts.applyCoupon(request(req, p), code), args, p);
    },
  });

  defineRoute(app, {
    method: 'DELETE',
    url: '/cocart/v2/cart/remove-coupon',
    summary: 'Remove a coupon from the cart',
    tags: TAGS,
    batch: true,
    args: CouponArgs,
    handler: async (req, reply, args) => {
      const code = codeOf(args);
      const p = present(args);
      return respond(req, reply, await carts.removeCoupon(request(req, p), code), args, p);
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/cocart/v2/cart/coupons',
    summary: 'The coupons applied to the cart, with their savings',
    tags: TAGS,
    response: { 200: Type.Array(ref('CartCoupon')) },
    args: CommonArgs,
    handler: async (req, reply, args) => section(req, reply, args, 'coupons'),
  });

  defineRoute(app, {
    method: 'POST',
    url: '/cocart/v2/cart/check-coupons',
    summary: 'Check the applied coupons still hold; those that do not are removed with a notice',
    tags: TAGS,
    batch: true,
    args: CommonArgs,
    handler: async (req, reply, args) => {
      const p = present(args);
      return respond(req, reply, await carts.checkCoupons(request(req, p)), args, p);
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/cocart/v2/cart/shipping-methods',
    summary: 'Shipping packages with their available rates and the chosen one',
    tags: TAGS,
    response: { 200: ref('CartShipping') },
    args: CommonArgs,
    handler: async (req, reply, args) => section(req, reply, args, 'shipping'),
  });

  defineRoute(app, {
    method: 'POST',
    url: '/cocart/v2/cart/shipping-methods',
    summary: 'Choose a shipping rate for a package',
    tags: TAGS,
    batch: true,
    args: Type.Object({
      key: Type.String({ minLength: 1, maxLength: 200, description: 'The rate id, e.g. flat_rate:1' }),
      package: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, default: 0, description: 'Package index (0 = the default package)' })),
      ...Common,
    }),
    handler: async (req, reply, args) => {
      const p = present(args);
      return respond(req, reply, await carts.chooseShippingMethod(request(req, p), args.key, args.package ?? 0), args, p);
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/cocart/v2/cart/fees',
    summary: 'The fees the store charges on this cart',
    tags: TAGS,
    response: { 200: ref('CartFees') },
    args: CommonArgs,
    handler: async (req, reply, args) => section(req, reply, args, 'fees'),
  });

  defineRoute(app, {
    method: 'GET',
    url: '/cocart/v2/cart/weight',
    summary: 'The total weight of the cart in the store weight unit',
    tags: TAGS,
    response: { 200: Type.Number({ description: 'The weight' }) },
    args: CommonArgs,
    handler: async (req, reply, args) => section(req, reply, args, 'items_weight'),
  });
}
