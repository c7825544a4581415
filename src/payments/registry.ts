import type { Settings } from '../settings/schema.ts';
import type { PaymentCartFacts, PaymentGateway } from './gateway.ts';

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
