import { Value } from '@sinclair/typebox/value';
import { emptyAddress, type Order, type OrderLine } from '../../src/orders/order.ts';
import type { PaymentCartFacts } from '../../src/payments/gateway.ts';
import { SettingsSchema, type Settings } from '../../src/settings/schema.ts';

/** A new store's settings, with some of the payments section changed. */
export function settingsWith(payments: Partial<Settings['payments']> = {}): Settings {
  const settings = Value.Create(SettingsSchema) as Settings;
  return { ...settings, payments: { ...settings.payments, ...payments } };
}

export function line(productId: number, quantity = 1, total = 1800): OrderLine {
  return {
    id: 0,
    productId,
    variationId: 0,
    name: `Product ${productId}`,
    sku: '',
    quantity,
    variation: {},
    itemData: {},
    taxClass: '',
    subtotal: total,
    subtotalTax: 0,
    total,
    tax: 0,
    taxes: [],
    stockProductId: 0,
    reducedStock: 0,
  };
}

/** An order as checkout leaves it waiting for payment: £18.00 for one line, pending. */
export function pendingOrder(overrides: Partial<Order> = {}): Order {
  const lines = overrides.lines ?? [line(45)];
  const total = lines.reduce((sum, l) => sum + l.total, 0);
  return {
    id: 0,
    key: `wc_order_${Math.random().toString(36).slice(2, 15).padEnd(13, 'x')}`,
    status: 'pending',
    currency: 'GBP',
    pricesIncludeTax: false,
    customerId: 0,
    billing: { ...emptyAddress(), first_name: 'Ada', email: 'ada@example.org', country: 'GB' },
    shipping: { ...emptyAddress(), first_name: 'Ada', country: 'GB' },
    paymentMethod: 'stripe',
    paymentMethodTitle: 'Credit card (Stripe)',
    transactionId: '',
    customerNote: '',
    createdVia: 'checkout',
    cartHash: 'c0ffee',
    lines,
    shippingLines: [],
    feeLines: [],
    couponLines: [],
    taxLines: [],
    totals: { discountTotal: 0, discountTax: 0, shippingTotal: 0, shippingTax: 0, cartTax: 0, total, totalTax: 0 },
    createdAt: 1_700_000_000,
    modifiedAt: 1_700_000_000,
    paidAt: null,
    completedAt: null,
    stockReduced: true,
    couponUsageRecorded: false,
    holdUntil: null,
    meta: {},
    ...overrides,
  };
}

/** A cart that ships by one chosen rate. */
export function shippedCart(overrides: Partial<PaymentCartFacts> = {}): PaymentCartFacts {
  return { total: 2300, needsShipping: true, chosenRates: ['flat_rate:1'], virtualOnly: false, hasDownloadable: false, ...overrides };
}
