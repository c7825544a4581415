import type { Kysely } from 'kysely';
import { chooseShippingMethod } from '../cart/choose-shipping-method.ts';
import { applyCoupon } from '../cart/apply-coupon.ts';
import { removeCoupon } from '../cart/remove-coupon.ts';
import type { CartContext } from '../cart/context.ts';
import { destination, priceCart, type PricedCart } from '../cart/price-cart.ts';
import { storeAddressRules, type CartRequest, type CartResult, type CartService } from '../cart/service.ts';
import type { Cart, Notice } from '../cart/types.ts';
import { refuseCountry, updateCustomer } from '../cart/update-customer.ts';
import { accountExistsError, type RegistrationService } from '../customers/registration.ts';
import type { User } from '../customers/types.ts';
import type { CatalogSnapshot } from '../catalog/snapshot.ts';
import type { Database } from '../db/schema.ts';
import { CocartError } from '../errors.ts';
import { translate } from '../i18n/index.ts';
import type { Logger } from '../logger.ts';
import { GatewayUnavailableError, type PaymentCartFacts, type PaymentGateway, type PaymentOutcome } from '../payments/gateway.ts';
import type { PaymentGateways } from '../payments/registry.ts';
import { sameSecret } from '../security/secrets.ts';
import { storeCountries } from '../settings/countries.ts';
import { storeCurrency } from '../settings/currency.ts';
import type { Settings } from '../settings/schema.ts';
import { addressesOf, orderFromCart } from './from-cart.ts';
import { needsPayment, newOrderKey, ORDER_LOCALE_META, type Order, type OrderAddress } from './order.ts';
import { couponUser, type OrderService } from './service.ts';

/**
 * Checkout: a cart becomes an order, and the order is paid for.
 *
 * Placing the order is one transaction that holds the cart's row: the request's addresses, shipping
 * and payment choices are applied to the cart and checked, the stock is taken (`stock >= n`, so two
 * shoppers racing for the last unit give one order), the coupons' usage is counted under their limits,
 * the order is stored, and the cart remembers the order. Any refusal leaves the cart, the stock and
 * the coupons exactly as they were.
 *
 * Payment runs after that transaction, so no database lock waits on a payment provider. Paid (or
 * accepted to be paid later), the cart is emptied; refused, the order fails and the cart stays, so the
 * shopper can try again — a retried checkout of the unchanged cart pays for the same order rather
 * than placing another. An order left unpaid gives its stock back when its hold runs out.
 */

export interface AddressInput {
  [field: string]: unknown;
}

/** What `PUT`/`PATCH`/`POST checkout` may carry. */
export interface CheckoutInput {
  billing_address?: AddressInput;
  shipping_address?: AddressInput;
  payment_method?: string;
  shipping_method?: string;
  customer_note?: string;
  payment_data?: { key: string; value: string | number | boolean }[];
  /** A guest makes an account with the billing e-mail and this password; the order is theirs. */
  create_account?: boolean;
  customer_password?: string;
  coupon_code?: string;
  coupon_action?: 'apply' | 'remove';
}

export type PaymentStatus = 'success' | 'failed' | 'no_payment_required' | 'requires_action';

export interface PaymentResult {
  payment_status: PaymentStatus;
  redirect_url?: string;
  message?: string;
  action_type?: string;
  action_data?: Record<string, unknown>;
}

export interface CheckoutResult {
  order: Order;
  payment: PaymentResult;
}

export interface CheckoutDeps {
  carts: CartService;
  orders: OrderService;
  payments: PaymentGateways;
  settings: { get(): Settings };
  catalog: { current(): CatalogSnapshot };
  registration: RegistrationService;
  now(): number;
  log: Logger;
}

const REQUIRED_BILLING = ['first_name', 'last_name', 'address_1', 'city', 'postcode', 'country', 'email'] as const;
const REQUIRED_SHIPPING = ['first_name', 'last_name', 'address_1', 'city', 'postcode', 'country'] as const;
const FIELD_LABELS: Record<string, string> = {
  first_name: 'First name',
  last_name: 'Last name',
  address_1: 'Address 1',
  city: 'Town / City',
  postcode: 'Postcode / ZIP',
  country: 'Country / Region',
  email: 'Email address',
};


export class CheckoutService {
  constructor(private readonly deps: CheckoutDeps) {}

  /**
   * `PUT`/`PATCH checkout`: the addresses, shipping and payment choices and a coupon, applied to the
   * cart together or not at all.
   */
  update(request: CartRequest, input: CheckoutInput): Promise<CartResult> {
    return this.deps.carts.write(request, (cart, ctx) => ({ cart: this.apply(cart, input, ctx, request.context.locale), value: undefined }));
  }

  /** The gateways a shopper may choose for the cart as it stands. */
  async paymentMethods(request: CartRequest): Promise<PaymentGateway[]> {
    const result = await this.deps.carts.read(request);
    return this.deps.payments.offered(this.deps.settings.get(), this.facts(result.payload.priced));
  }

  /** `POST checkout`: places the order for the cart and takes payment. */
  async place(request: CartRequest, input: CheckoutInput, returnUrl: (order: Order) => string): Promise<CheckoutResult> {
    const settings = this.deps.settings.get();
    const user = request.caller.user;
    if (!user && !request.key) throw new CocartError('cocart_rest_authentication_required', 'unauthenticated', 'Authentication or valid cart key required.');
    if (!user && input.create_account === true) {
      // The account comes first, as WooCommerce makes it: the guest cart then becomes the new customer's.
      request = { ...request, caller: { user: await this.createAccount(input, request.context.locale) } };
    } else if (!user && !settings.checkout.enable_guest_checkout) {
      throw new CocartError('cocart_guest_checkout_disabled', 'forbidden', 'You must be logged in to checkout.');
    }
    const effects = { stock: false, coupons: false };
    const placed = await this.deps.carts.transact(request, async (cart, ctx, trx) => {
      const { order, cart: applied } = await this.placeInTransaction(trx, cart, ctx, input, request, settings, effects);
      return { cart: { ...applied, order: { id: order.id, key: order.key }, paymentMethod: order.paymentMethod }, value: order };
    });
    await this.deps.orders.afterEffects(effects);
    return this.pay(request, placed.value, paymentData(input), returnUrl);
  }

  private async placeInTransaction(
    trx: Kysely<Database>,
    original: Cart,
    ctx: CartContext,
    input: CheckoutInput,
    request: CartRequest,
    settings: Settings,
    effects: { stock: boolean; coupons: boolean },
  ): Promise<{ order: Order; cart: Cart }> {
    if (!original.lines.length) throw new CocartError('cocart_cant_checkout_empty_cart', 'invalid', 'Cannot checkout with empty cart.');
    const cart = this.apply(original, input, ctx, request.context.locale);
    const priced = priceCart(cart, ctx.catalog, ctx.now, ctx.pricing, ctx.shopper);
    const { billing, shipping } = addressesOf(cart.customer);
    requireAddress('billing', billing, REQUIRED_BILLING);
    if (priced.needsShipping && cart.customer.shipToDifferentAddress) requireAddress('shipping', shipping, REQUIRED_SHIPPING);
    // Addresses given before the store's locations changed are checked again, as WooCommerce checks an order before payment.
    const countries = storeCountries(settings);
    refuseCountry('billing', billing.country, countries);
    const shipTo = destination(cart.customer, ctx.pricing).country;
    if (priced.needsShipping && shipTo) refuseCountry('shipping', shipTo, countries);
    const invalid = priced.invalidCoupons[0];
    if (invalid) {
      throw new CocartError('cocart_invalid_coupon', 'invalid', 'The coupon "%s" is no longer valid and has been removed.', [invalid.code]);
    }
    if (priced.needsShipping && priced.packages.some((p) => !p.chosen)) {
      throw new CocartError('cocart_no_shipping_method', 'invalid', 'Please select a shipping method.');
    }
    const gateway = priced.totals.total > 0 ? this.gatewayFor(cart.paymentMethod ?? '', settings, priced) : null;

    // A retry of the same cart pays for the order it already placed.
    const previous = original.order ? await this.deps.orders.store.find(original.order.id, trx, true) : null;
    const now = this.deps.now();
    if (previous && previous.cartHash === priced.hash && previous.status !== 'cancelled' && previous.status !== 'refunded') {
      const refreshed = { ...previous, billing, shipping, paymentMethod: gateway?.id ?? '', paymentMethodTitle: gateway?.title(settings) ?? '', modifiedAt: now };
      return { order: await this.deps.orders.store.update(trx, refreshed), cart };
    }
    if (previous && (previous.status === 'pending' || previous.status === 'failed')) {
      // The cart changed since: the old order gives its stock and coupons back.
      const cancelled = await this.deps.orders.apply(trx, previous, 'cancelled', { note: 'Cancelled: the cart changed and was checked out again.' }, effects);
      await this.deps.orders.store.update(trx, cancelled);
    }

    const user = request.caller.user;
    const minutes = settings.checkout.hold_stock_minutes;
    let order = orderFromCart(priced, {
      key: newOrderKey(),
      now,
      currency: storeCurrency(settings).code,
      pricesIncludeTax: settings.tax.prices_include_tax,
      customerId: user?.id ?? 0,
      billing,
      shipping,
      paymentMethod: gateway?.id ?? '',
      paymentMethodTitle: gateway?.title(settings) ?? '',
      customerNote: typeof input.customer_note === 'string' ? input.customer_note.slice(0, 5000) : '',
      createdVia: 'checkout',
    });
    const lines = await this.deps.orders.store.reduceStock(trx, order.lines, (id) => ctx.catalog.products.get(id)?.name ?? `#${id}`);
    effects.stock ||= lines.some((l) => l.reducedStock > 0);
    const codes = order.couponLines.map((c) => c.code);
    if (codes.length) {
      const aliases = [couponUser(order), order.billing.email, user?.email ?? ''].filter((a) => a !== '');
      await this.deps.orders.store.recordCouponUsage(trx, codes, couponUser(order), aliases);
      effects.coupons = true;
    }
    order = {
      ...order,
      status: 'pending',
      lines,
      stockReduced: true,
      couponUsageRecorded: codes.length > 0,
      holdUntil: minutes > 0 ? now + minutes * 60 : null,
      // The shopper's language, which their e-mails about the order are written in.
      meta: { ...order.meta, [ORDER_LOCALE_META]: request.context.locale },
    };
    const stored = await this.deps.orders.store.insert(trx, order);
    await this.deps.orders.store.addNote(trx, { orderId: stored.id, note: 'Order placed at checkout.', customerNote: false, author: 'system', createdAt: now });
    return { order: stored, cart };
  }

  /** A guest's account made at checkout: the billing e-mail and names, the password given. */
  private async createAccount(input: CheckoutInput, locale: string): Promise<User> {
    const billing = input.billing_address ?? {};
    const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
    try {
      return await this.deps.registration.register({
        email: text(billing.email),
        password: input.customer_password,
        firstName: text(billing.first_name),
        lastName: text(billing.last_name),
        billing,
        shipping: input.shipping_address,
        locale,
      });
    } catch (err) {
      if (err instanceof CocartError && err.code === accountExistsError().code) {
        throw new CocartError('cocart_account_creation_failed', 'invalid', err.msgid, err.args);
      }
      throw err;
    }
  }

  /**
   * Takes payment for a placed order (or settles one that needs none) and says how it went. Paid, or
   * accepted to be paid later, the cart the order came from is emptied.
   */
  async pay(request: CartRequest | null, order: Order, data: Record<string, string | number | boolean>, returnUrl: (order: Order) => string): Promise<CheckoutResult> {
    const settings = this.deps.settings.get();
    const { orders } = this.deps;
    if (!needsPayment(order)) {
      const settledStatuses = ['processing', 'completed', 'on-hold'];
      const done = settledStatuses.includes(order.status) ? order : await orders.paymentComplete(order.id, '', this.needsProcessing(order));
      if (request) await this.emptyCart(request, order.id);
      return { order: done, payment: { payment_status: settledStatuses.includes(order.status) && order.totals.total > 0 ? 'success' : 'no_payment_required', redirect_url: returnUrl(done) } };
    }
    const gateway = this.deps.payments.get(order.paymentMethod);
    if (!gateway) throw new CocartError('cocart_invalid_payment_method', 'invalid', 'Invalid payment method.');
    let outcome: PaymentOutcome;
    try {
      outcome = await gateway.process({ order, data, idempotencyKey: `cartwright-order-${order.id}-${order.key.slice(-6)}-${order.cartHash.slice(0, 8)}`, returnUrl: returnUrl(order) }, settings);
    } catch (err) {
      // The provider did not answer (or failed in a way it does not describe): the order waits for payment.
      this.deps.log.error({ err, order: order.id, gateway: gateway.id }, 'Payment gateway error; the order stays pending');
      const message = err instanceof GatewayUnavailableError ? err.message : 'The payment could not be completed. Your order is waiting for payment; please try again.';
      return { order, payment: { payment_status: 'failed', message } };
    }
    if (outcome.meta && Object.keys(outcome.meta).length) order = await orders.setMeta(order.id, outcome.meta);
    switch (outcome.status) {
      case 'success': {
        const next =
          outcome.orderStatus === 'processing' || outcome.orderStatus === 'completed'
            ? await orders.paymentComplete(order.id, outcome.transactionId ?? '', this.needsProcessing(order))
            : outcome.orderStatus === 'pending'
              ? order
              : await orders.changeStatus(order.id, outcome.orderStatus, { note: outcome.note, transactionId: outcome.transactionId });
        if (request) await this.emptyCart(request, order.id);
        return { order: next, payment: { payment_status: 'success', redirect_url: returnUrl(next) } };
      }
      case 'requires_action':
        return { order, payment: { payment_status: 'requires_action', action_type: outcome.actionType, action_data: outcome.actionData } };
      case 'failed': {
        const failed = order.status === 'failed' ? order : await orders.changeStatus(order.id, 'failed', { note: `Payment failed: ${outcome.message}` });
        return { order: failed, payment: { payment_status: 'failed', message: outcome.message } };
      }
    }
  }

  /**
   * An order by id for whoever holds its key (the order-received page): the key compared in constant
   * time, and a signed-in requester must own the order.
   */
  async orderFor(id: number, key: string | undefined, userId: number | null): Promise<Order> {
    if (!key) throw new CocartError('cocart_order_invalid_params', 'invalid', 'Order ID and order key are required.');
    const order = await this.deps.orders.store.find(id);
    if (!order) throw new CocartError('cocart_order_not_found', 'not_found', 'Order not found.');
    if (!sameSecret(key, order.key)) throw new CocartError('cocart_order_invalid_key', 'forbidden', 'Invalid order key.');
    if (userId !== null && order.customerId !== userId) throw new CocartError('cocart_order_not_owned', 'forbidden', 'You do not have permission to access this order.');
    return order;
  }

  /** `POST order-received/{id}/pay`: pay for a pending or failed order with the method given. */
  async payOrder(id: number, key: string | undefined, userId: number | null, method: string, data: Record<string, string | number | boolean>, returnUrl: (order: Order) => string): Promise<CheckoutResult> {
    let order = await this.orderFor(id, key, userId);
    if (!needsPayment(order)) {
      if (order.status === 'pending' || order.status === 'failed') throw new CocartError('cocart_order_no_payment_needed', 'invalid', 'This order does not require payment.');
      throw new CocartError('cocart_order_invalid_status', 'invalid', 'This order cannot be paid for.');
    }
    const settings = this.deps.settings.get();
    const gateway = this.gatewayFor(method, settings, null, order);
    if (gateway.id !== order.paymentMethod) order = await this.deps.orders.setPaymentMethod(order.id, gateway.id, gateway.title(settings));
    return this.pay(null, order, data, returnUrl);
  }

  /** The chosen gateway, refused as CoCart refuses it: unknown, disabled, or not offered for this cart. */
  private gatewayFor(id: string, settings: Settings, priced: PricedCart | null, order?: Order): PaymentGateway {
    const gateway = id ? this.deps.payments.get(id) : undefined;
    if (!gateway) throw new CocartError('cocart_invalid_payment_method', 'invalid', 'Invalid payment method.');
    if (!gateway.enabled(settings)) throw new CocartError('cocart_payment_method_disabled', 'invalid', 'This payment method is currently disabled.');
    const facts = priced ? this.facts(priced) : order ? this.orderFacts(order) : null;
    if (facts && !gateway.available(settings, facts)) {
      throw new CocartError('cocart_payment_method_not_available', 'invalid', 'This payment method is not available for your order.');
    }
    return gateway;
  }

  private facts(priced: PricedCart): PaymentCartFacts {
    return {
      total: priced.totals.total,
      needsShipping: priced.needsShipping,
      chosenRates: priced.packages.map((p) => p.chosen).filter((c) => c !== ''),
      virtualOnly: priced.lines.every((l) => l.product.virtual),
      hasDownloadable: priced.lines.some((l) => l.product.downloadable),
    };
  }

  private orderFacts(order: Order): PaymentCartFacts {
    const products = order.lines.map((l) => this.deps.catalog.current().products.get(l.variationId || l.productId));
    return {
      total: order.totals.total,
      needsShipping: order.shippingLines.length > 0,
      chosenRates: order.shippingLines.map((s) => s.rateId),
      virtualOnly: products.every((p) => p?.virtual === true),
      hasDownloadable: products.some((p) => p?.downloadable === true),
    };
  }

  /** WooCommerce's `needs_processing()`: something other than a virtual download. */
  private needsProcessing(order: Order): boolean {
    const catalog = this.deps.catalog.current();
    return order.lines.some((l) => {
      const p = catalog.products.get(l.variationId || l.productId);
      return !p || !(p.virtual && p.downloadable);
    });
  }

  /** The cart an order was placed from, emptied once the order is paid or accepted (if it still names the order). */
  private async emptyCart(request: CartRequest, orderId: number): Promise<void> {
    await this.deps.carts.write(request, (cart) => {
      if (cart.order?.id !== orderId) return { cart, value: undefined };
      const { order: _placed, ...rest } = cart;
      return { cart: { ...rest, lines: [], coupons: [], chosenShipping: [] }, value: undefined };
    });
  }

  /**
   * The request's checkout choices applied to the cart, all or nothing: an address field that does not
   * hold refuses the whole request (every reason in one message), as does an unknown shipping rate or
   * coupon.
   */
  private apply(cart: Cart, input: CheckoutInput, ctx: CartContext, locale: string): Cart {
    let next = cart;
    const params: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(input.billing_address ?? {})) params[`billing_${field}`] = value;
    if (input.shipping_address && Object.keys(input.shipping_address).length) {
      for (const [field, value] of Object.entries(input.shipping_address)) params[`shipping_${field}`] = value;
      params.ship_to_different_address = true;
    }
    if (input.payment_method !== undefined) params.payment_method = input.payment_method;
    if (Object.keys(params).length) {
      const before = next.notices.length;
      next = updateCustomer(next, params, storeAddressRules(this.deps.settings.get()));
      const problems = next.notices.slice(before).filter((n) => n.type === 'error');
      if (problems.length) {
        throw new CocartError('cocart_invalid_address_fields', 'invalid', '%s', [problems.map((n) => message(n, locale)).join(' ')]);
      }
      next = { ...next, notices: next.notices.slice(0, before) };
    }
    if (input.shipping_method) {
      try {
        next = chooseShippingMethod(next, input.shipping_method, 0, ctx);
      } catch (err) {
        if (!(err instanceof CocartError)) throw err;
        throw new CocartError('cocart_invalid_shipping_method', 'invalid', 'The shipping method "%s" is not available.', [input.shipping_method]);
      }
    }
    if (input.coupon_code) {
      next = input.coupon_action === 'remove' ? removeCoupon(next, input.coupon_code) : applyCoupon(next, input.coupon_code, ctx);
    }
    return next;
  }
}

function requireAddress(section: 'billing' | 'shipping', address: OrderAddress, fields: readonly (keyof OrderAddress)[]): void {
  const missing = fields.find((f) => !address[f]?.trim());
  if (missing) {
    throw new CocartError('cocart_address_field_required', 'invalid', '%1$s %2$s is required.', [section === 'billing' ? 'Billing' : 'Shipping', FIELD_LABELS[missing] ?? missing], { field: `${section}_${missing}` });
  }
}

function message(notice: Notice, locale: string): string {
  return translate(locale, notice.msgid, ...notice.args);
}

function paymentData(input: CheckoutInput): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const item of input.payment_data ?? []) if (item && typeof item.key === 'string') out[item.key] = item.value;
  return out;
}
