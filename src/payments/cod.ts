import type { OrderLine } from '../orders/order.ts';
import type { Settings } from '../settings/schema.ts';
import type { PaymentCartFacts, PaymentGateway, PaymentOutcome, PaymentRequest } from './gateway.ts';

/** `flat_rate:3` → `flat_rate`. */
const methodOf = (rate: string) => rate.split(':')[0];

/**
 * Cash on delivery (WooCommerce's `cod`): the order is processed at once and paid when it arrives.
 * An order with a download waits on hold instead, so nothing is downloaded before the cash is in.
 */
export class CodGateway implements PaymentGateway {
  readonly id = 'cod';
  readonly methodTitle = 'Cash on delivery';
  readonly methodDescription = 'Have your customers pay with cash (or by other means) upon delivery.';
  readonly supports = ['products'] as const;

  /** `downloadable` says whether a line's product is a download (the catalogue knows; the order does not). */
  constructor(private readonly downloadable: (line: OrderLine) => boolean = () => false) {}

  title(settings: Settings): string {
    return settings.payments.cod_title;
  }

  description(settings: Settings): string {
    return settings.payments.cod_description;
  }

  instructions(settings: Settings): string {
    return settings.payments.cod_instructions;
  }

  enabled(settings: Settings): boolean {
    return settings.payments.cod_enabled;
  }

  /**
   * As WooCommerce decides: a cart with nothing to ship only when the store allows it for those; and
   * when the store names shipping methods, a cart that ships only when one of its chosen rates is one
   * of them, by its full id (`flat_rate:3`) or by its method (`flat_rate`).
   */
  available(settings: Settings, cart: PaymentCartFacts): boolean {
    const p = settings.payments;
    const shipsSomething = cart.needsShipping && !cart.virtualOnly;
    if (!shipsSomething) return p.cod_enable_for_virtual;
    if (p.cod_enable_for_methods.length === 0) return true;
    const allowed = new Set(p.cod_enable_for_methods);
    return cart.chosenRates.some((rate) => allowed.has(rate) || allowed.has(methodOf(rate)));
  }

  async process(request: PaymentRequest): Promise<PaymentOutcome> {
    const download = request.order.lines.some((line) => this.downloadable(line));
    return { status: 'success', orderStatus: download ? 'on-hold' : 'processing', note: 'Payment to be made upon delivery.' };
  }
}
