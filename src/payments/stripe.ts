import type Stripe from 'stripe';
import type { Logger } from '../logger.ts';
import type { Order } from '../orders/order.ts';
import type { Settings } from '../settings/schema.ts';
import { GatewayUnavailableError, type PaymentEvent, type PaymentGateway, type PaymentOutcome, type PaymentRequest, type RefundOutcome } from './gateway.ts';

/**
 * Card payments through Stripe's PaymentIntents, with the official library. The intent is created and
 * confirmed on the server with the payment method the storefront collected (Stripe.js); 3-D Secure
 * comes back as `requires_action` with the client secret for Stripe.js to finish, and the webhook
 * (`payment_intent.succeeded`) completes the order however the shopper got there. The intent's id is
 * kept on the order (`stripe_payment_intent`), so a retry pays that intent rather than making another.
 */

/** The order meta key that holds the order's PaymentIntent id. */
export const STRIPE_INTENT_META = 'stripe_payment_intent';

export interface StripeGatewayOptions {
  /** STRIPE_SECRET_KEY: when set, wins over the payments setting. */
  secretKey?: string | null;
  /** STRIPE_WEBHOOK_SECRET: when set, wins over the payments setting. */
  webhookSecret?: string | null;
  /** STRIPE_API_BASE (`http://127.0.0.1:12111`): the library talks to that server instead of Stripe's. */
  apiBase?: string | null;
  /** Handed to the library's constructor over ours (host, port, protocol, timeout, maxNetworkRetries). */
  stripeOptions?: Stripe.StripeConfig;
  log?: Logger;
}

/**
 * A shopper waits on the checkout request while Stripe answers: 10 s per try, and one more try on a
 * dropped connection or a 409/5xx (under the same idempotency key, so never a second charge). About
 * 20 s at worst, inside the usual proxy timeouts; after that the order stays pending for the webhook
 * or a retry to settle.
 */
const LIBRARY_DEFAULTS: Stripe.StripeConfig = { maxNetworkRetries: 1, timeout: 10_000 };

/**
 * The library, loaded on the first payment, refund or webhook rather than at start-up: it is one of the
 * largest modules the server has (hundreds of files; about 13 MB and 0.1-0.2 s to load), and most nodes
 * of most stores never call it.
 */
type StripeLibrary = typeof Stripe;
let library: Promise<StripeLibrary> | null = null;
const loadLibrary = (): Promise<StripeLibrary> => (library ??= import('stripe').then((m) => m.default));

const UNAVAILABLE = 'Card payments are not available right now. Please choose another way to pay.';

function serverOf(apiBase: string | null | undefined): Stripe.StripeConfig {
  if (!apiBase) return {};
  const url = new URL(apiBase);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, port: url.port || (protocol === 'http' ? 80 : 443), protocol };
}

/** The payment method the storefront collected: `stripe_payment_method`, or plain `payment_method`. */
function paymentMethodOf(data: PaymentRequest['data']): string {
  for (const key of ['stripe_payment_method', 'payment_method']) {
    const value = data[key];
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return '';
}

/** The error's own message: the library puts the request id in front of it, for logs, not shoppers. */
const plainMessage = (err: InstanceType<typeof Stripe.errors.StripeError>) => (err.raw as { message?: string } | undefined)?.message ?? err.message;

const idOf = (value: string | { id: string } | null | undefined) => (typeof value === 'string' ? value : (value?.id ?? ''));

function orderIdOf(metadata: Stripe.Metadata | null | undefined): number | null {
  const raw = metadata?.order_id;
  const id = raw && /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

export class StripeGateway implements PaymentGateway {
  readonly id = 'stripe';
  readonly methodTitle = 'Stripe';
  readonly methodDescription = 'Card payments through Stripe: the storefront collects the card with Stripe.js, the store confirms the payment on the server.';
  readonly supports = ['products', 'refunds'] as const;
  private cached: { key: string; stripe: Stripe; library: StripeLibrary } | null = null;

  constructor(private readonly options: StripeGatewayOptions = {}) {}

  title(settings: Settings): string {
    return settings.payments.stripe_title;
  }

  description(settings: Settings): string {
    return settings.payments.stripe_description;
  }

  enabled(settings: Settings): boolean {
    return settings.payments.stripe_enabled;
  }

  /** Only with a secret key to charge with. */
  available(settings: Settings): boolean {
    return this.secretKey(settings) !== '';
  }

  needsSetup(settings: Settings): boolean {
    return this.secretKey(settings) === '';
  }

  environmentSettings(): Record<string, string> {
    const out: Record<string, string> = {};
    if (this.options.secretKey) out.secret_key = 'STRIPE_SECRET_KEY';
    if (this.options.webhookSecret) out.webhook_secret = 'STRIPE_WEBHOOK_SECRET';
    return out;
  }

  private secretKey(settings: Settings): string {
    return this.options.secretKey || settings.payments.stripe_secret_key;
  }

  /** One client per key: a key changed in settings takes effect on the next payment. */
  private async client(settings: Settings): Promise<{ stripe: Stripe; library: StripeLibrary } | null> {
    const key = this.secretKey(settings);
    if (!key) return null;
    if (this.cached?.key !== key) {
      const library = await loadLibrary();
      this.cached = { key, library, stripe: new library(key, { ...LIBRARY_DEFAULTS, ...serverOf(this.options.apiBase), ...this.options.stripeOptions }) };
    }
    return this.cached;
  }

  async process(request: PaymentRequest, settings: Settings): Promise<PaymentOutcome> {
    const client = await this.client(settings);
    if (!client) return { status: 'failed', message: UNAVAILABLE };
    const { stripe, library } = client;
    const { order, idempotencyKey } = request;
    const paymentMethod = paymentMethodOf(request.data);
    const known = order.meta[STRIPE_INTENT_META] ?? '';
    try {
      let intent = known ? await this.retrieve(client, known) : null;
      // A cancelled intent can never be paid: the retry starts another.
      if (intent?.status === 'canceled') intent = null;
      if (intent && this.confirmAgain(intent, paymentMethod)) {
        intent = await stripe.paymentIntents.confirm(
          intent.id,
          paymentMethod ? { payment_method: paymentMethod } : {},
          // The same method sent twice is one confirmation; another method is another try.
          { idempotencyKey: `${idempotencyKey}:confirm:${paymentMethod}` },
        );
      }
      if (!intent) {
        if (!paymentMethod) return { status: 'failed', message: 'Please enter your card details.' };
        intent = await stripe.paymentIntents.create(
          {
            amount: order.totals.total,
            currency: order.currency.toLowerCase(),
            payment_method: paymentMethod,
            confirm: true,
            // Cards and wallets only: a payment method that must leave the page would strand the order.
            automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
            metadata: { order_id: String(order.id), order_key: order.key },
          },
          // After an intent that cannot be paid, the first attempt's key would only replay it.
          { idempotencyKey: known ? `${idempotencyKey}:after:${known}` : idempotencyKey },
        );
      }
      return this.outcome(intent, order);
    } catch (err) {
      return this.refusal(library, err, order);
    }
  }

  /** The order's intent; null when Stripe no longer knows it (the store moved from test keys to live ones, say). */
  private async retrieve({ stripe, library }: { stripe: Stripe; library: StripeLibrary }, id: string): Promise<Stripe.PaymentIntent | null> {
    try {
      return await stripe.paymentIntents.retrieve(id);
    } catch (err) {
      if (err instanceof library.errors.StripeInvalidRequestError && err.code === 'resource_missing') return null;
      throw err;
    }
  }

  /** Whether a stored intent is to be confirmed again rather than reported as it stands. */
  private confirmAgain(intent: Stripe.PaymentIntent, paymentMethod: string): boolean {
    if (intent.status === 'requires_confirmation') return true;
    if (intent.status === 'requires_payment_method') return paymentMethod !== '';
    // The shopper gave up on authenticating one card and chose another.
    if (intent.status === 'requires_action') return paymentMethod !== '' && paymentMethod !== idOf(intent.payment_method);
    return false;
  }

  private outcome(intent: Stripe.PaymentIntent, order: Order): PaymentOutcome {
    const meta = { [STRIPE_INTENT_META]: intent.id };
    const paid = intent.status === 'succeeded' || intent.status === 'processing' || intent.status === 'requires_capture';
    if (paid && (intent.amount !== order.totals.total || intent.currency !== order.currency.toLowerCase())) {
      return {
        status: 'success',
        orderStatus: 'on-hold',
        transactionId: intent.id,
        note: `Stripe payment ${intent.id} is for ${intent.amount} ${intent.currency.toUpperCase()}, not the order's ${order.totals.total} ${order.currency}: check it before fulfilling.`,
        meta,
      };
    }
    switch (intent.status) {
      case 'succeeded':
        return { status: 'success', orderStatus: 'processing', transactionId: intent.id, meta };
      case 'processing':
        // On hold rather than pending, so the unpaid-order sweep does not cancel it meanwhile.
        return { status: 'success', orderStatus: 'on-hold', transactionId: intent.id, note: `Stripe is still processing payment ${intent.id}; the webhook completes the order.`, meta };
      case 'requires_capture':
        return { status: 'success', orderStatus: 'on-hold', transactionId: intent.id, note: `Payment ${intent.id} is authorised but not captured: capture it in Stripe to take the money.`, meta };
      case 'requires_action':
        return { status: 'requires_action', actionType: 'stripe_confirm_payment', actionData: { client_secret: intent.client_secret, intent_type: 'payment_intent' }, meta };
      case 'requires_payment_method':
        return { status: 'failed', message: intent.last_payment_error?.message || 'The card was declined. Please try another card.', meta };
      case 'canceled':
        return { status: 'failed', message: 'The payment was cancelled.', meta };
      default:
        return { status: 'failed', message: 'The payment could not be confirmed. Please try again.', meta };
    }
  }

  /** What a refusal from the library means for the order: declined, unknown (pending), or our fault. */
  private refusal(library: StripeLibrary, err: unknown, order: Order): PaymentOutcome {
    if (!(err instanceof library.errors.StripeError)) throw err;
    const intentId = err.payment_intent?.id;
    const meta = intentId ? { [STRIPE_INTENT_META]: intentId } : undefined;
    const facts = { order: order.id, type: err.type, code: err.code, status: err.statusCode, requestId: err.requestId };
    switch (err.type) {
      case 'StripeCardError':
        return { status: 'failed', message: plainMessage(err), meta };
      case 'StripeConnectionError': {
        const timedOut = (err.detail as { code?: string } | undefined)?.code === 'ETIMEDOUT' || /timeout/i.test(err.message);
        this.options.log?.warn(facts, timedOut ? 'Stripe did not answer in time; the order stays pending' : 'Stripe could not be reached; the order stays pending');
        throw new GatewayUnavailableError(this.id, timedOut ? 'timeout' : 'unreachable', undefined, { cause: err });
      }
      case 'StripeAPIError':
      case 'StripeRateLimitError':
        this.options.log?.warn(facts, 'Stripe failed on its side; the order stays pending');
        throw new GatewayUnavailableError(this.id, 'provider_error', undefined, { cause: err });
      case 'StripeIdempotencyError':
        // This key was first sent with other details (another card after a timeout): what became of that
        // attempt is not known here, so the order must not fail on it.
        this.options.log?.warn(facts, 'Stripe refused a reused idempotency key; the order stays pending');
        throw new GatewayUnavailableError(this.id, 'provider_error', 'An earlier payment attempt for this order is still being settled. Please try again in a few minutes.', { cause: err });
      case 'StripeAuthenticationError':
      case 'StripePermissionError':
        this.options.log?.error(facts, 'Stripe refused the secret key');
        return { status: 'failed', message: UNAVAILABLE, meta };
      default:
        this.options.log?.warn({ ...facts, message: err.message }, 'Stripe refused the payment request');
        return { status: 'failed', message: plainMessage(err) || 'The payment could not be taken. Please try again.', meta };
    }
  }

  async refund(order: Order, amount: number, reason: string, idempotencyKey: string, settings: Settings): Promise<RefundOutcome> {
    const client = await this.client(settings);
    if (!client) return { ok: false, message: 'Stripe has no secret key to refund with.' };
    const { stripe, library } = client;
    const intent = order.meta[STRIPE_INTENT_META] || (order.transactionId.startsWith('pi_') ? order.transactionId : '');
    if (!intent) return { ok: false, message: 'The order has no Stripe payment to refund.' };
    try {
      const refund = await stripe.refunds.create(
        { payment_intent: intent, amount, metadata: { order_id: String(order.id), ...(reason ? { reason: reason.slice(0, 500) } : {}) } },
        { idempotencyKey },
      );
      if (refund.status === 'failed' || refund.status === 'canceled') return { ok: false, message: `Stripe did not refund (${refund.failure_reason ?? refund.status}).` };
      return { ok: true, reference: refund.id };
    } catch (err) {
      if (!(err instanceof library.errors.StripeError)) throw err;
      this.options.log?.warn({ order: order.id, type: err.type, code: err.code, requestId: err.requestId }, 'Stripe refund refused');
      return { ok: false, message: plainMessage(err) || 'Stripe did not refund.' };
    }
  }

  async webhook(rawBody: Buffer, headers: Readonly<Record<string, string | string[] | undefined>>, settings: Settings): Promise<PaymentEvent | null> {
    const secret = this.options.webhookSecret || settings.payments.stripe_webhook_secret;
    const header = headers['stripe-signature'];
    const signature = Array.isArray(header) ? header[0] : header;
    if (!secret || !signature) return null;
    const library = await loadLibrary();
    let event: Stripe.Event;
    try {
      // Over the bytes as sent (the signature covers them), within the library's five-minute tolerance.
      event = library.webhooks.constructEvent(rawBody, signature, secret);
    } catch {
      return null;
    }
    switch (event.type) {
      case 'payment_intent.succeeded': {
        const intent = event.data.object;
        return {
          id: event.id,
          kind: 'succeeded',
          orderId: orderIdOf(intent.metadata),
          orderKey: intent.metadata?.order_key ?? '',
          transactionId: intent.id,
          amount: intent.amount_received || intent.amount,
          currency: intent.currency.toUpperCase(),
        };
      }
      case 'payment_intent.payment_failed': {
        const intent = event.data.object;
        return {
          id: event.id,
          kind: 'failed',
          orderId: orderIdOf(intent.metadata),
          orderKey: intent.metadata?.order_key ?? '',
          transactionId: intent.id,
          message: intent.last_payment_error?.message || 'The payment failed.',
        };
      }
      default:
        return { id: event.id, kind: 'other', orderId: null, transactionId: '' };
    }
  }
}
