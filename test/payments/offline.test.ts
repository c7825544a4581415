import { describe, expect, it } from 'vitest';
import { BacsGateway, bankAccount } from '../../src/payments/bacs.ts';
import { ChequeGateway } from '../../src/payments/cheque.ts';
import { CodGateway } from '../../src/payments/cod.ts';
import type { PaymentGateway, PaymentRequest } from '../../src/payments/gateway.ts';
import { builtInGateways, PaymentGateways } from '../../src/payments/registry.ts';
import type { Order } from '../../src/orders/order.ts';
import { line, pendingOrder, settingsWith, shippedCart } from './fixtures.ts';

/**
 * The offline gateways as WooCommerce has them: bank transfer and cheque hold the order until the money
 * is in, cash on delivery processes it (holds it when something is a download) and is offered only for
 * the shipping methods and virtual carts the store allows; a new store offers bank transfer and cash on
 * delivery.
 */

const request = (order: Order = pendingOrder()): PaymentRequest => ({ order, data: {}, idempotencyKey: 'k-1', returnUrl: 'https://shop.example/thanks' });
const NO_KEYS = { stripeSecretKey: null, stripeWebhookSecret: null, stripeApiBase: null };

describe('bank transfer (bacs)', () => {
  const bacs = new BacsGateway();

  it('accepts the order on hold, awaiting the transfer', async () => {
    expect(await bacs.process()).toEqual({ status: 'success', orderStatus: 'on-hold', note: 'Awaiting BACS payment' });
    expect(bacs.supports).toEqual(['products']);
  });

  it('is on for a new store, named and described by the settings, offered for any cart', () => {
    const s = settingsWith();
    expect(bacs.enabled(s)).toBe(true);
    expect(bacs.title(s)).toBe('Direct bank transfer');
    expect(bacs.description(s)).toMatch(/^Make your payment directly into our bank account/);
    expect(bacs.available()).toBe(true);
    const named = settingsWith({ bacs_enabled: false, bacs_title: 'Virement', bacs_description: 'Par virement', bacs_instructions: 'Référence : la commande' });
    expect([bacs.enabled(named), bacs.title(named), bacs.description(named), bacs.instructions(named)]).toEqual([false, 'Virement', 'Par virement', 'Référence : la commande']);
  });

  it('gives the bank account once a detail of it is filled in', () => {
    expect(bankAccount(settingsWith())).toBeNull();
    expect(bankAccount(settingsWith({ bacs_account_name: 'Cartwright Ltd', bacs_sort_code: '12-34-56', bacs_account_number: '12345678' }))).toEqual({
      accountName: 'Cartwright Ltd',
      accountNumber: '12345678',
      sortCode: '12-34-56',
      bankName: '',
      iban: '',
      bic: '',
    });
  });
});

describe('cheque', () => {
  const cheque = new ChequeGateway();

  it('accepts the order on hold, awaiting the cheque', async () => {
    expect(await cheque.process()).toEqual({ status: 'success', orderStatus: 'on-hold', note: 'Awaiting check payment' });
    expect(cheque.supports).toEqual(['products']);
  });

  it('is off for a new store', () => {
    const s = settingsWith();
    expect([cheque.enabled(s), cheque.title(s)]).toEqual([false, 'Check payments']);
    expect(cheque.enabled(settingsWith({ cheque_enabled: true }))).toBe(true);
  });
});

describe('cash on delivery (cod)', () => {
  const downloads = new Set([70]);
  const cod = new CodGateway((l) => downloads.has(l.productId));
  const offered = (payments: Parameters<typeof settingsWith>[0], cart = shippedCart()) => cod.available(settingsWith(payments), cart);

  it('processes the order at once, paid when it arrives', async () => {
    expect(await cod.process(request(pendingOrder({ lines: [line(45), line(57)] })))).toEqual({
      status: 'success',
      orderStatus: 'processing',
      note: 'Payment to be made upon delivery.',
    });
    expect(cod.supports).toEqual(['products']);
  });

  it('holds an order with a download: nothing is downloaded before the cash is in', async () => {
    expect(await cod.process(request(pendingOrder({ lines: [line(45), line(70)] })))).toMatchObject({ status: 'success', orderStatus: 'on-hold' });
  });

  it('is on for a new store, titled and described as WooCommerce does', () => {
    const s = settingsWith();
    expect([cod.enabled(s), cod.title(s), cod.description(s), cod.instructions(s)]).toEqual([true, 'Cash on delivery', 'Pay with cash upon delivery.', 'Pay with cash upon delivery.']);
  });

  it('is offered for every shipping method when the store names none', () => {
    expect(offered({})).toBe(true);
    expect(offered({}, shippedCart({ chosenRates: ['local_pickup:4'] }))).toBe(true);
  });

  it('is offered when a chosen rate is a named method, or exactly a named rate', () => {
    expect(offered({ cod_enable_for_methods: ['flat_rate'] }, shippedCart({ chosenRates: ['flat_rate:1'] }))).toBe(true);
    expect(offered({ cod_enable_for_methods: ['flat_rate:1'] }, shippedCart({ chosenRates: ['flat_rate:1'] }))).toBe(true);
    expect(offered({ cod_enable_for_methods: ['local_pickup', 'flat_rate:1'] }, shippedCart({ chosenRates: ['free_shipping:2', 'flat_rate:1'] }))).toBe(true);
  });

  it('is not offered for another method, another rate of the same method, or before a rate is chosen', () => {
    expect(offered({ cod_enable_for_methods: ['local_pickup'] }, shippedCart({ chosenRates: ['flat_rate:1'] }))).toBe(false);
    expect(offered({ cod_enable_for_methods: ['flat_rate:2'] }, shippedCart({ chosenRates: ['flat_rate:1'] }))).toBe(false);
    // `flat` is not the method `flat_rate`: ids match whole, never by prefix.
    expect(offered({ cod_enable_for_methods: ['flat'] }, shippedCart({ chosenRates: ['flat_rate:1'] }))).toBe(false);
    expect(offered({ cod_enable_for_methods: ['flat_rate'] }, shippedCart({ chosenRates: [] }))).toBe(false);
  });

  it('is offered for a cart with nothing to ship only when the store allows it, whatever methods it names', () => {
    const virtual = shippedCart({ needsShipping: false, virtualOnly: true, chosenRates: [] });
    expect(offered({}, virtual)).toBe(true);
    expect(offered({ cod_enable_for_methods: ['flat_rate'] }, virtual)).toBe(true);
    expect(offered({ cod_enable_for_virtual: false }, virtual)).toBe(false);
    // Shipping switched off for the store: nothing is shipped either.
    expect(offered({ cod_enable_for_virtual: false }, shippedCart({ needsShipping: false, chosenRates: [] }))).toBe(false);
    expect(offered({ cod_enable_for_virtual: false })).toBe(true);
  });
});

describe('the gateway registry', () => {
  it('a new store offers bank transfer and cash on delivery, in that order', () => {
    const gateways = new PaymentGateways(builtInGateways(NO_KEYS));
    expect(gateways.all().map((g) => g.id)).toEqual(['bacs', 'cheque', 'cod', 'stripe']);
    expect(gateways.offered(settingsWith(), shippedCart()).map((g) => g.id)).toEqual(['bacs', 'cod']);
  });

  it('offers what the store enables and the cart allows', () => {
    const gateways = new PaymentGateways(builtInGateways(NO_KEYS));
    const s = settingsWith({ bacs_enabled: false, cheque_enabled: true, cod_enable_for_methods: ['local_pickup'] });
    expect(gateways.offered(s, shippedCart()).map((g) => g.id)).toEqual(['cheque']);
    expect(gateways.offered(s, shippedCart({ chosenRates: ['local_pickup:3'] })).map((g) => g.id)).toEqual(['cheque', 'cod']);
  });

  it('offers Stripe only once it is enabled and has a secret key, from settings or the environment', () => {
    const enabled = settingsWith({ stripe_enabled: true, bacs_enabled: false, cod_enabled: false });
    expect(new PaymentGateways(builtInGateways(NO_KEYS)).offered(enabled, shippedCart())).toEqual([]);
    const withSetting = settingsWith({ stripe_enabled: true, stripe_secret_key: 'sk_test_123', bacs_enabled: false, cod_enabled: false });
    expect(new PaymentGateways(builtInGateways(NO_KEYS)).offered(withSetting, shippedCart()).map((g) => g.id)).toEqual(['stripe']);
    const fromEnv = new PaymentGateways(builtInGateways({ ...NO_KEYS, stripeSecretKey: 'sk_test_env' }));
    expect(fromEnv.offered(enabled, shippedCart()).map((g) => g.id)).toEqual(['stripe']);
    expect(fromEnv.get('stripe')!.supports).toEqual(['products', 'refunds']);
  });

  it('takes a plugin’s gateway beside the built-ins, and refuses an id already taken', () => {
    const gateways = new PaymentGateways(builtInGateways(NO_KEYS));
    const mine: PaymentGateway = {
      id: 'voucher',
      supports: ['products'],
      title: () => 'Gift voucher',
      description: () => '',
      enabled: () => true,
      available: (_s, cart) => cart.total < 5000,
      process: async () => ({ status: 'success', orderStatus: 'processing' }),
    };
    expect(gateways.register(mine)).toBe(true);
    expect(gateways.register({ ...mine, id: 'bacs' })).toBe(false);
    expect(gateways.get('bacs')).toBeInstanceOf(BacsGateway);
    expect(gateways.offered(settingsWith(), shippedCart()).map((g) => g.id)).toEqual(['bacs', 'cod', 'voucher']);
    expect(gateways.offered(settingsWith(), shippedCart({ total: 9000 })).map((g) => g.id)).toEqual(['bacs', 'cod']);
  });
});
