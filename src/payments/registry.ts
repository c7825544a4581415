import type { CatalogSnapshot } from '../catalog/snapshot.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { OrderLine } from '../orders/order.ts';
import type { Settings } from '../settings/schema.ts';
import { BacsGateway } from './bacs.ts';
import { ChequeGateway } from './cheque.ts';
import { CodGateway } from './cod.ts';
import type { PaymentCartFacts, PaymentGateway } from './gateway.ts';
import { StripeGateway } from './stripe.ts';

export interface BuiltInDeps {
  /** The catalogue, for what an order's lines are (cash on delivery holds an order with a download). */
  catalog?: { current(): CatalogSnapshot };
  log?: Logger;
}

/** The gateways every store has, in the order a shopper is offered them; Stripe's keys may come from the environment. */
export function builtInGateways(config: Pick<Config, 'stripeSecretKey' | 'stripeWebhookSecret' | 'stripeApiBase'>, deps: BuiltInDeps = {}): PaymentGateway[] {
  const { catalog, log } = deps;
  const downloadable = (line: OrderLine) => catalog?.current().products.get(line.variationId || line.productId)?.downloadable === true;
  return [
    new BacsGateway(),
    new ChequeGateway(),
    new CodGateway(downloadable),
    new StripeGateway({ secretKey: config.stripeSecretKey, webhookSecret: config.stripeWebhookSecret, apiBase: config.stripeApiBase, log }),
  ];
}

/** The store's payment gateways by id: the built-ins, and any a plugin registers. */
export class PaymentGateways {
  private readonly gateways = new Map<string, PaymentGateway>();

  constructor(builtIns: readonly PaymentGateway[] = []) {
    for (const gateway of builtIns) this.register(gateway);
  }

  /** Adds a gateway; an id already taken is refused (false). */
  register(gateway: PaymentGateway): boolean {
    if (this.gateways.has(gateway.id)) return false;
    this.gateways.set(gateway.id, gateway);
    return true;
  }

  get(id: string): PaymentGateway | undefined {
    return this.gateways.get(id);
  }

  all(): PaymentGateway[] {
    return [...this.gateways.values()];
  }

  /** The gateways a shopper may choose for this cart: enabled, and available for it. */
  offered(settings: Settings, cart: PaymentCartFacts): PaymentGateway[] {
    return this.all().filter((g) => g.enabled(settings) && g.available(settings, cart));
  }
}
