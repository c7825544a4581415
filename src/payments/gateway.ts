import type { Order } from '../orders/order.ts';
import type { Settings } from '../settings/schema.ts';

/**
 * A way to pay: the offline ones (bank transfer, cheque, cash on delivery) and card payments through
 * Stripe. Checkout asks the chosen gateway to take payment for an order it has already placed; the
 * gateway never changes the order itself, it says what happened and checkout moves the order on.
 */

/** What checkout knows of the cart when it asks whether a gateway may be offered. */
export interface PaymentCartFacts {
  total: number;
  needsShipping: boolean;
  /** The chosen shipping rates (`flat_rate:1`). */
  chosenRates: readonly string[];
  /** Whether every line is virtual (nothing to deliver). */
  virtualOnly: boolean;
  hasDownloadable: boolean;
}

export interface PaymentRequest {
  order: Order;
  /** The client's `payment_data` as key → value. */
  data: Readonly<Record<string, string | number | boolean>>;
  /**
   * Names this payment attempt; the same key gives the same charge however often it is sent. Keep it
   * the same when the same attempt is sent again (after a `GatewayUnavailableError`, say), or a charge
   * that did go through may be made a second time.
   */
  idempotencyKey: string;
  /** Where a shopper lands after paying (the order-received page). */
  returnUrl: string;
}

export type PaymentOutcome =
  /** Paid, or accepted to be paid later (offline): the order moves to `orderStatus`. */
  | { status: 'success'; orderStatus: 'processing' | 'on-hold' | 'completed' | 'pending'; transactionId?: string; note?: string; meta?: Record<string, string> }
  /** The shopper must act (3-D Secure): the order stays pending until they have. */
  | { status: 'requires_action'; actionType: string; actionData: Record<string, unknown>; meta?: Record<string, string> }
  /** Refused: the order fails, the cart stays, the shopper may try again. */
  | { status: 'failed'; message: string; meta?: Record<string, string> };

/**
 * Thrown by `process` when the provider gave no answer: it did not reply in time, could
 * not be reached, or failed on its own side. Whether money moved is not known, so the order must stay
 * pending (neither failed nor paid, its stock still held, the cart kept): the provider's webhook settles
 * it if the payment went through, and the shopper may try again; sent again with the same idempotency
 * key, the attempt cannot charge twice. `message` is shopper-facing; `cause` is the provider's error,
 * for the log.
 */
export class GatewayUnavailableError extends Error {
  constructor(
    readonly gateway: string,
    readonly reason: 'timeout' | 'unreachable' | 'provider_error',
    message = 'The payment provider did not answer. Your order is waiting for payment; please try again.',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'GatewayUnavailableError';
  }
}

export type RefundOutcome = { ok: true; reference: string } | { ok: false; message: string };

/** A payment provider's notification, verified and read. */
export interface PaymentEvent {
  /** The provider's id for the event: each is acted on once. */
  id: string;
  kind: 'succeeded' | 'failed' | 'other';
  /** The order it is about (from the reference the gateway put on the payment). */
  orderId: number | null;
  /**
   * The order's key, when the provider echoes it back: a payment another shop made on the same
   * provider account, naming an order id of its own, is then not taken for ours.
   */
  orderKey?: string;
  transactionId: string;
  message?: string;
  /** What was paid, in minor units of `currency` (upper case), when the provider says. */
  amount?: number;
  currency?: string;
}

export interface PaymentGateway {
  readonly id: string;
  /** What the method is, for staff (WooCommerce's `method_title`, `method_description`); the id when not given. */
  readonly methodTitle?: string;
  readonly methodDescription?: string;
  /** What the store calls it (settings), e.g. "Direct bank transfer". */
  title(settings: Settings): string;
  description(settings: Settings): string;
  /** What the shopper is told to do once the order is placed (the order-received page); '' for nothing. */
  instructions?(settings: Settings): string;
  /** `products`, `refunds`. */
  readonly supports: readonly string[];
  enabled(settings: Settings): boolean;
  /** Whether it may be offered for this cart (cash on delivery only for some shipping methods, say). */
  available(settings: Settings, cart: PaymentCartFacts): boolean;
  /** Whether it lacks something it needs before any shopper is offered it (WooCommerce's `needs_setup()`): Stripe without a secret key. */
  needsSetup?(settings: Settings): boolean;
  /**
   * Its settings the server's environment supplies, which then win over the stored ones: the setting's
   * name without the gateway's prefix → the variable's name (`secret_key` → `STRIPE_SECRET_KEY`).
   */
  environmentSettings?(): Readonly<Record<string, string>>;
  /** Takes payment; throws `GatewayUnavailableError` when the provider gives no answer. */
  process(request: PaymentRequest, settings: Settings): Promise<PaymentOutcome>;
  /**
   * Gives money back through the provider (only gateways that support `refunds`). A provider that gives
   * no answer is `ok: false` too; asked again with the same idempotency key, it refunds once.
   */
  refund?(order: Order, amount: number, reason: string, idempotencyKey: string, settings: Settings): Promise<RefundOutcome>;
  /** Reads a provider's webhook: null when the signature does not hold. */
  webhook?(rawBody: Buffer, headers: Readonly<Record<string, string | string[] | undefined>>, settings: Settings): Promise<PaymentEvent | null>;
}
