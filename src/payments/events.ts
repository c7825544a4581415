import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { CocartError } from '../errors.ts';
import type { HookRegistry } from '../hooks/registry.ts';
import type { Logger } from '../logger.ts';
import type { Order, OrderLine, OrderStatus } from '../orders/order.ts';
import type { OrderService } from '../orders/service.ts';
import type { PaymentEvent } from './gateway.ts';

/**
 * What a payment provider's notification does to its order. Each event is acted on once: it is
 * recorded (`payment_events`) in the same transaction as the order change it causes, so a redelivery,
 * or the same event reaching two nodes at once, finds it recorded and changes nothing, and a change
 * that fails leaves it unrecorded for the provider's next delivery.
 */

export interface PaymentEventDeps {
  orders: OrderService;
  hooks: HookRegistry;
  /** WooCommerce's `needs_processing()`: whether a paid order has something to fulfil (else it is completed). */
  needsProcessing(order: Order): boolean;
  now(): number;
  log?: Logger;
}

/**
 * `paid`/`failed`: the order moved; `duplicate`: already handled; `ignored`: nothing to do (another
 * kind of event, an order that is not ours or no longer waits on it); `noted`: paid, but the order
 * could not move (its stock was sold meanwhile) and carries a note for someone to settle.
 */
export type PaymentEventResult = 'paid' | 'failed' | 'duplicate' | 'ignored' | 'noted';

/** Statuses from which a payment completes the order (WooCommerce's `payment_complete()`). */
const PAYABLE: readonly OrderStatus[] = ['pending', 'on-hold', 'failed', 'cancelled', 'checkout-draft'];
/** Statuses in which the order was waiting on the payment that failed. */
const FAILABLE: readonly OrderStatus[] = ['pending', 'on-hold'];

/** Whether some line is more than a virtual download (a product no longer in the catalogue counts as one). */
export function needsProcessing(lines: readonly OrderLine[], product: (id: number) => { virtual: boolean; downloadable: boolean } | undefined): boolean {
  return lines.some((l) => {
    const p = product(l.variationId || l.productId);
    return !p || !(p.virtual && p.downloadable);
  });
}

interface Plan {
  status: OrderStatus;
  note: string;
  transactionId?: string;
  result: 'paid' | 'failed';
}

function plan(gateway: string, event: PaymentEvent, order: Order, needsProcessingNow: boolean): Plan | null {
  if (event.kind === 'succeeded') {
    if (!PAYABLE.includes(order.status)) return null;
    const paidAsCharged = event.amount === undefined || (event.amount === order.totals.total && (event.currency ?? order.currency) === order.currency);
    if (!paidAsCharged) {
      return {
        status: 'on-hold',
        transactionId: event.transactionId,
        note: `Payment ${event.transactionId} of ${event.amount} ${event.currency ?? ''} does not match the order total of ${order.totals.total} ${order.currency}: check it before fulfilling.`,
        result: 'paid',
      };
    }
    return { status: needsProcessingNow ? 'processing' : 'completed', transactionId: event.transactionId, note: `Payment complete (${event.transactionId}).`, result: 'paid' };
  }
  if (event.kind === 'failed') {
    // Only while the order still waits on this gateway: an attempt the shopper abandoned for another
    // way to pay must not fail the order they then placed.
    if (!FAILABLE.includes(order.status) || order.paymentMethod !== gateway) return null;
    return { status: 'failed', note: `Payment failed: ${event.message ?? 'no reason given'} (${event.transactionId}).`, result: 'failed' };
  }
  return null;
}

export async function applyPaymentEvent(deps: PaymentEventDeps, gateway: string, event: PaymentEvent): Promise<PaymentEventResult> {
  if (event.kind === 'other' || event.orderId === null) return 'ignored';
  const orderId = event.orderId;
  const { orders } = deps;
  const store = orders.store;
  const effects = { stock: false, coupons: false };

  /** The order the event names, held; null when there is none or it is another shop's (its key differs). */
  const target = async (trx: Kysely<Database>) => {
    const order = await store.find(orderId, trx, true);
    if (!order) return null;
    if (event.orderKey !== undefined && event.orderKey !== order.key) {
      deps.log?.warn({ gateway, event: event.id, order: orderId }, 'A payment event names an order whose key it does not have; ignored');
      return null;
    }
    return order;
  };

  let outcome: { result: PaymentEventResult; from?: OrderStatus; to?: OrderStatus };
  try {
    outcome = await store.transaction(async (trx) => {
      if (!(await store.firstDelivery(trx, gateway, event.id, deps.now()))) return { result: 'duplicate' as const };
      const order = await target(trx);
      const next = order && plan(gateway, event, order, deps.needsProcessing(order));
      if (!order || !next) return { result: 'ignored' as const };
      await store.update(trx, await orders.apply(trx, order, next.status, { note: next.note, transactionId: next.transactionId }, effects));
      return { result: next.result, from: order.status, to: next.status };
    });
  } catch (err) {
    // Paid for an order that was cancelled and whose stock has been sold since: the money is in but the
    // order cannot take its units back. Record the event with a note rather than refuse it for ever.
    if (!(err instanceof CocartError) || event.kind !== 'succeeded') throw err;
    effects.stock = effects.coupons = false;
    outcome = await store.transaction(async (trx) => {
      if (!(await store.firstDelivery(trx, gateway, event.id, deps.now()))) return { result: 'duplicate' as const };
      const order = await target(trx);
      if (!order) return { result: 'ignored' as const };
      await store.update(trx, { ...order, transactionId: event.transactionId, modifiedAt: deps.now() });
      await store.addNote(trx, {
        orderId,
        note: `Payment ${event.transactionId} received, but the order could not take it (${err.code}): refund the payment or settle the order by hand.`,
        customerNote: false,
        author: 'system',
        createdAt: deps.now(),
      });
      return { result: 'noted' as const };
    });
    deps.log?.warn({ gateway, event: event.id, order: orderId, code: err.code }, 'Payment received for an order that could not take it');
  }
  await orders.afterEffects(effects);
  if (outcome.from && outcome.to) await deps.hooks.doAction('cartwright_order_status_changed', orderId, outcome.from, outcome.to);
  return outcome.result;
}
