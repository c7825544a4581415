import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CocartError } from '../../errors.ts';
import { Type } from '@sinclair/typebox';
import type { CartResult } from '../../cart/service.ts';
import { BILLING_FIELDS, SHIPPING_FIELDS, type Cart } from '../../cart/types.ts';
import { STATES } from '../../commerce/address.ts';
import { formatMoney } from '../../commerce/money.ts';
import type { CheckoutInput, CheckoutResult } from '../../orders/checkout.ts';
import { needsPayment, STATUS_LABELS, type Order, type OrderAddress } from '../../orders/order.ts';
import type { Runtime } from '../../runtime.ts';
import { countryNames, storeCountries } from '../../settings/countries.ts';
import { storeCurrency } from '../../settings/currency.ts';
import type { CartResponder } from '../cart-responder.ts';
import { currencyObject } from '../money.ts';
import { storeUrl } from '../request-context.ts';
import { defineRoute } from '../route.ts';
import { serializeItem } from '../serializers/cart.ts';
import { emptyMap } from '../serializers/php.ts';
import { Common } from './cart-args.ts';

/**
 * The Checkout API, in the shape of CoCart Plus v2's: the checkout form's configuration, the cart as
 * checkout sees it, updating the checkout choices, placing the order and paying, the payment methods,
 * and the order-received page (docs/checkout.md). Money is minor units as strings, as that API writes
 * it; addresses are unprefixed.
 */

const TAGS = ['Checkout'];

const Address = Type.Record(Type.String(), Type.Unknown(), { description: 'first_name, last_name, company, address_1, address_2, city, state, postcode, country, email, phone' });
const PaymentData = Type.Array(Type.Object({ key: Type.String({ maxLength: 200 }), value: Type.Union([Type.String({ maxLength: 5000 }), Type.Number(), Type.Boolean()]) }), { maxItems: 50 });

const UpdateArgs = Type.Object({
  billing_address: Type.Optional(Address),
  shipping_address: Type.Optional(Address),
  payment_method: Type.Optional(Type.String({ maxLength: 100 })),
  shipping_method: Type.Optional(Type.String({ maxLength: 200 })),
  coupon_code: Type.Optional(Type.String({ maxLength: 1000 })),
  coupon_action: Type.Optional(Type.Union([Type.Literal('apply'), Type.Literal('remove')])),
});

const PlaceArgs = Type.Object({
  billing_address: Address,
  shipping_address: Type.Optional(Address),
  payment_method: Type.Optional(Type.String({ maxLength: 100 })),
  shipping_method: Type.Optional(Type.String({ maxLength: 200 })),
  customer_note: Type.Optional(Type.String({ maxLength: 5000 })),
  payment_data: Type.Optional(PaymentData),
  create_account: Type.Optional(Type.Boolean({ description: 'Make an account with the billing e-mail and customer_password; the order is the new customer’s' })),
  customer_password: Type.Optional(Type.String({ maxLength: 200 })),
});

/** The guest cart's key may come in the query string (the CoCart-API-Cart-Key header wins), never in a JSON body. */
const CartKeyQuery = Type.Object({ cart_key: Common.cart_key });

const OrderPath = Type.Object({ order_id: Type.Integer({ minimum: 1 }) });
const OrderKey = Type.Object({ order_key: Type.Optional(Type.String({ maxLength: 64 })) });

const BILLING_LABELS: Record<string, string> = {
  first_name: 'First name', last_name: 'Last name', company: 'Company name', country: 'Country / Region', address_1: 'Street address',
  address_2: 'Apartment, suite, unit, etc.', city: 'Town / City', state: 'State / County', postcode: 'Postcode / ZIP', phone: 'Phone', email: 'Email address',
};
const REQUIRED = new Set(['first_name', 'last_name', 'country', 'address_1', 'city', 'postcode', 'email']);
const AUTOCOMPLETE: Record<string, string> = {
  first_name: 'given-name', last_name: 'family-name', company: 'organization', country: 'country', address_1: 'address-line1', address_2: 'address-line2',
  city: 'address-level2', state: 'address-level1', postcode: 'postal-code', phone: 'tel', email: 'email',
};

function fieldsOf(prefix: 'billing' | 'shipping', fields: readonly string[]) {
  return Object.fromEntries(
    fields.map((f, i) => [
      `${prefix}_${f}`,
      {
        type: f === 'country' ? 'country' : f === 'state' ? 'state' : f === 'email' ? 'email' : f === 'phone' ? 'tel' : 'text',
        label: BILLING_LABELS[f],
        required: REQUIRED.has(f) && !(prefix === 'shipping' && f === 'email'),
        autocomplete: `${prefix} ${AUTOCOMPLETE[f]}`,
        priority: (i + 1) * 10,
        ...(f === 'state' || f === 'postcode' ? { country_field: `${prefix}_country` } : {}),
      },
    ]),
  );
}

/** An order's address as the Checkout API writes it: unprefixed; the shipping one without e-mail. */
function address(a: OrderAddress, withContact: boolean): Record<string, string> {
  const { email, phone, ...rest } = a;
  return withContact ? { ...rest, email, phone } : { ...rest, ...(phone ? { phone } : {}) };
}

const minor = (n: number) => String(n);

export function registerCheckoutRoutes(app: FastifyInstance, runtime: Runtime, responder: CartResponder): void {
  const { checkout } = runtime;
  const returnUrl = (req: FastifyRequest) => (order: Order) => `${storeUrl(req, runtime)}/checkout/order-received/${order.id}/?key=${order.key}`;

  /** The cart as checkout sees it. */
  const checkoutData = (req: FastifyRequest, result: CartResult<unknown>, message: string) => {
    const settings = runtime.settings.get();
    const { priced } = result.payload;
    const cart: Cart = priced.cart;
    const view = responder.view(req, true, responder.money(false));
    const { billing, shipping } = { billing: cart.customer.billing, shipping: cart.customer.shipping };
    return {
      cart_hash: priced.hash,
      cart_key: result.payload.key,
      currency: currencyObject(storeCurrency(settings)),
      customer: {
        customer_id: result.actingFor?.id ?? req.user?.id ?? 0,
        billing_address: Object.fromEntries(BILLING_FIELDS.map((f) => [f, billing[f] ?? ''])),
        shipping_address: Object.fromEntries(SHIPPING_FIELDS.map((f) => [f, shipping[f] ?? ''])),
      },
      items: emptyMap(Object.fromEntries(priced.lines.map((l) => [l.line.key, serializeItem(view, l)]))),
      coupons: priced.coupons.map((c) => ({ coupon: c.coupon.code, label: `Coupon: ${c.coupon.code}`, discount_type: c.coupon.discountType, saving: minor(c.discount) })),
      needs_payment: priced.totals.total > 0,
      needs_shipping: priced.needsShipping,
      shipping_methods: emptyMap(
        Object.fromEntries(
          priced.packages.flatMap((p) =>
            p.rates.map((r) => [r.rate.id, { id: r.rate.id, label: r.rate.label, cost: minor(r.rate.cost), method_id: r.rate.methodId, instance_id: r.rate.instanceId, chosen: r.rate.id === p.chosen }]),
          ),
        ),
      ),
      payment_method: cart.paymentMethod ?? '',
      fees: priced.fees.map((f) => ({ name: f.name, amount: f.amount, taxable: f.taxable, tax_class: f.taxClass, total: f.amount, tax: f.tax })),
      cart_totals: {
        subtotal: minor(priced.totals.subtotal),
        subtotal_tax: minor(priced.totals.subtotal_tax),
        fee_total: minor(priced.totals.fee_total),
        fee_tax: minor(priced.totals.fee_tax),
        discount_total: minor(priced.totals.discount_total),
        discount_tax: minor(priced.totals.discount_tax),
        shipping_total: minor(priced.totals.shipping_total),
        shipping_tax: minor(priced.totals.shipping_tax),
        cart_contents_total: minor(priced.totals.total - priced.totals.shipping_total - priced.totals.fee_total - priced.totals.total_tax),
        cart_contents_tax: minor(priced.totals.total_tax - priced.totals.shipping_tax - priced.totals.fee_tax),
        total: minor(priced.totals.total),
        total_tax: minor(priced.totals.total_tax),
      },
      message,
    };
  };

  /** What `POST checkout` answers once an order exists, whatever became of its payment. */
  const placed = ({ order, payment }: CheckoutResult) => ({
    order_id: order.id,
    status: order.status,
    order_key: order.key,
    order_number: String(order.id),
    customer_id: order.customerId,
    billing_address: address(order.billing, true),
    shipping_address: address(order.shipping, false),
    payment_method: order.paymentMethod,
    payment_result: payment,
  });

  const offered = (gateways: ReturnType<typeof runtime.payments.all>) => {
    const settings = runtime.settings.get();
    return gateways.map((g) => ({ id: g.id, title: g.title(settings), description: g.description(settings), supports: [...g.supports], has_fields: g.id === 'stripe' }));
  };

  defineRoute(app, {
    method: 'GET',
    url: '/cocart/v2/checkout/config',
    summary: 'What the checkout form needs: its fields, countries and states, and the store’s checkout settings',
    tags: TAGS,
    handler: async () => {
      const settings = runtime.settings.get();
      const currency = storeCurrency(settings);
      const countries = storeCountries(settings);
      return {
        fields: {
          billing: fieldsOf('billing', BILLING_FIELDS),
          shipping: fieldsOf('shipping', SHIPPING_FIELDS),
          account: settings.checkout.enable_registration ? { account_password: { type: 'password', label: 'Create account password', required: false, autocomplete: 'new-password', priority: 10 } } : [],
          order: { order_comments: { type: 'textarea', label: 'Order notes', required: false, placeholder: 'Notes about your order, e.g. special notes for delivery.', priority: 10 } },
        },
        countries: {
          allowed_countries: countryNames(countries.selling),
          // None (shipping off) is PHP's empty array.
          shipping_countries: countries.shipping.length ? countryNames(countries.shipping) : [],
          states: STATES,
          default_country: settings.store.country.split(':')[0],
        },
        shipping: {
          enabled: settings.shipping.enable_shipping,
          calc_shipping: settings.shipping.enable_shipping,
          ship_to_billing_address: settings.shipping.ship_to_destination !== 'shipping',
          shipping_cost_requires_address: settings.shipping.shipping_cost_requires_address,
        },
        account: {
          allow_registration: settings.checkout.enable_registration,
          guest_checkout_enabled: settings.checkout.enable_guest_checkout,
          must_create_account: !settings.checkout.enable_guest_checkout,
        },
        store: {
          currency: currency.code,
          currency_symbol: currency.symbol,
          currency_position: currency.position,
          price_decimal_sep: currency.decimalSeparator,
          price_thousand_sep: currency.thousandSeparator,
          price_decimals: currency.decimals,
          tax_enabled: settings.tax.calc_taxes,
          tax_display_cart: settings.tax.tax_display_cart,
          prices_include_tax: settings.tax.prices_include_tax,
          coupons_enabled: settings.coupons.enable_coupons,
          store_address: {
            address_1: settings.store.address,
            address_2: settings.store.address_2,
            city: settings.store.city,
            postcode: settings.store.postcode,
            country: settings.store.country.split(':')[0],
            state: settings.store.country.split(':')[1] ?? '',
          },
        },
      };
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/cocart/v2/checkout',
    summary: 'The cart as checkout sees it: items, addresses, shipping methods, payment method and totals',
    tags: TAGS,
    query: CartKeyQuery,
    handler: async (req, reply) => {
      const result = await runtime.carts.read(responder.request(req));
      responder.headers(reply, result);
      return checkoutData(req, result, '');
    },
  });

  defineRoute(app, {
    method: ['PUT', 'PATCH'],
    url: '/cocart/v2/checkout',
    summary: 'Update the checkout: addresses, shipping method, payment method, a coupon — all or nothing',
    tags: TAGS,
    args: UpdateArgs,
    query: CartKeyQuery,
    handler: async (req, reply, args) => {
      const result = await checkout.update(responder.request(req), args as CheckoutInput);
      responder.headers(reply, result);
      return checkoutData(req, result, 'Checkout data updated.');
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: '/cocart/v2/checkout',
    summary: 'Place the order for the cart and take payment (Idempotency-Key makes a retry give the same order)',
    tags: TAGS,
    args: PlaceArgs,
    query: CartKeyQuery,
    handler: async (req, _reply, args) => placed(await checkout.place(responder.request(req), args as CheckoutInput, returnUrl(req))),
  });

  defineRoute(app, {
    method: 'GET',
    url: '/cocart/v2/checkout/payment-methods',
    summary: 'The payment methods the shopper may choose for the cart',
    tags: TAGS,
    query: CartKeyQuery,
    handler: async (req) => {
      const gateways = await checkout.paymentMethods(responder.request(req));
      return emptyMap(Object.fromEntries(offered(gateways).map((g) => [g.id, g])));
    },
  });

  const received = (req: FastifyRequest, order: Order) => {
    const settings = runtime.settings.get();
    const currency = storeCurrency(settings);
    const money = (n: number) => formatMoney(n, currency);
    const subtotal = order.lines.reduce((s, l) => s + l.subtotal, 0);
    const catalog = runtime.catalog.current();
    return {
      order_id: order.id,
      order_number: String(order.id),
      order_key: order.key,
      status: order.status,
      status_name: STATUS_LABELS[order.status],
      date_created: new Date(order.createdAt * 1000).toISOString(),
      date_paid: order.paidAt === null ? null : new Date(order.paidAt * 1000).toISOString(),
      currency: order.currency,
      total: minor(order.totals.total),
      subtotal: minor(subtotal),
      tax_total: minor(order.totals.totalTax),
      shipping_total: minor(order.totals.shippingTotal),
      discount_total: minor(order.totals.discountTotal),
      payment_method: order.paymentMethod,
      payment_method_title: order.paymentMethodTitle,
      customer_id: order.customerId,
      customer_note: order.customerNote,
      billing_address: address(order.billing, true),
      shipping_address: address(order.shipping, false),
      items: order.lines.map((l) => {
        const product = catalog.products.get(l.variationId || l.productId);
        const media = product?.imageIds[0] !== undefined ? catalog.media.get(product.imageIds[0]) : undefined;
        return {
          item_id: l.id,
          product_id: l.productId,
          variation_id: l.variationId,
          product_name: l.name,
          product_image: media?.sizes.woocommerce_thumbnail ?? media?.src ?? '',
          quantity: l.quantity,
          subtotal: minor(l.subtotal),
          total: minor(l.total),
          meta_data: Object.entries(l.variation).map(([key, value]) => ({ key, display_key: key.replace(/^attribute_(pa_)?/, ''), display_value: value })),
        };
      }),
      totals: [
        { key: 'subtotal', label: 'Subtotal:', value: money(subtotal) },
        ...(order.totals.discountTotal ? [{ key: 'discount', label: 'Discount:', value: `-${money(order.totals.discountTotal)}` }] : []),
        ...(order.shippingLines.length ? [{ key: 'shipping', label: 'Shipping:', value: money(order.totals.shippingTotal) }] : []),
        ...order.feeLines.map((f) => ({ key: `fee_${f.id}`, label: `${f.name}:`, value: money(f.total) })),
        ...(order.totals.totalTax ? [{ key: 'tax', label: 'Tax:', value: money(order.totals.totalTax) }] : []),
        { key: 'payment_method', label: 'Payment method:', value: order.paymentMethodTitle },
        { key: 'total', label: 'Total:', value: money(order.totals.total) },
      ],
      needs_payment: needsPayment(order),
      needs_shipping: order.shippingLines.length > 0,
      has_downloads: false,
      ...(needsPayment(order) ? { available_payment_methods: offered(runtime.payments.all().filter((g) => g.enabled(settings))).map(({ supports: _s, ...g }) => g) } : {}),
    };
  };

  defineRoute(app, {
    method: 'GET',
    url: '/cocart/v2/order-received/:order_id',
    summary: 'The order-received page: an order for whoever holds its key',
    tags: TAGS,
    path: OrderPath,
    args: OrderKey,
    handler: async (req, _reply, args) => received(req, await checkout.orderFor(args.order_id, args.order_key, req.user?.id ?? null)),
  });

  defineRoute(app, {
    method: 'POST',
    url: '/cocart/v2/order-received/:order_id/pay',
    summary: 'Pay for a pending or failed order',
    tags: TAGS,
    path: OrderPath,
    args: Type.Object({ ...OrderKey.properties, payment_method: Type.String({ minLength: 1, maxLength: 100 }), payment_data: Type.Optional(PaymentData) }),
    handler: async (req, _reply, args) => {
      const data = Object.fromEntries((args.payment_data ?? []).map((d) => [d.key, d.value]));
      const { order, payment } = await checkout.payOrder(args.order_id, args.order_key, req.user?.id ?? null, args.payment_method, data, returnUrl(req));
      // Here, unlike checkout, a refused payment is an error: the order page stays as it was.
      if (payment.payment_status === 'failed') {
        throw new CocartError('cocart_payment_failed', 'invalid', '%s', [payment.message || 'Payment could not be processed. Please try again.']);
      }
      if (payment.payment_status === 'requires_action') {
        return { success: false, order_id: order.id, order_status: order.status, action_type: payment.action_type, action_data: payment.action_data };
      }
      return { success: true, order_id: order.id, order_status: order.status, redirect_url: payment.redirect_url };
    },
  });
}
