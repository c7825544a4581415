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
  /** Names this payment attempt; the same key gives the same charge however often it is sent. */
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

export type RefundOutcome = { ok: true; reference: string } | { ok: false; message: string };

/** A payment provider's notification, verified and read. */
export interface PaymentEvent {
  /** The provider's id for the event: each is acted on once. */
  id: string;
  kind: 'succeeded' | 'failed' | 'other';
  /** The order it is about (from the reference the gateway put on the payment). */
  orderId: number | null;
  transactionId: string;
  message?: string;
}

export interface PaymentGateway {
  readonly id: string;
  /** What the store calls it (settings), e.g. "Direct bank transfer". */
  title(settings: Settings): string;
  description(settings: Settings): string;
  /** `products`, `refunds`. */
  readonly supports: readonly string[];
  enabled(settings: Settings): boolean;
  /** Whether it may be offered for this cart (cash on delivery only for some shipping methods, say). */
  available(settings: Settings, cart: PaymentCartFacts): boolean;
  process(request: PaymentRequest, settings: Settings): Promise<PaymentOutcome>;
  /** Gives money back through the provider (only gateways that support `refunds`). */
  refund?(order: Order, amount: number, reason: string, idempotencyKey: string, settings: Settings): Promise<RefundOutcome>;
  /** Reads a provider's webhook: null when the signature does not hold. */
  webhook?(rawBody: Buffer, headers: Readonly<Record<string, string | string[] | undefined>>, settings: Settings): Promise<PaymentEvent | null>;
}
