import type { Settings } from '../settings/schema.ts';
import type { PaymentGateway, PaymentOutcome } from './gateway.ts';

/** Cheque payments (WooCommerce's `cheque`): the order waits on hold until the cheque has cleared. */
export class ChequeGateway implements PaymentGateway {
  readonly id = 'cheque';
  readonly methodTitle = 'Check payments';
  readonly methodDescription = 'Take payments in person via checks. This offline gateway can also be useful to test purchases.';
  readonly supports = ['products'] as const;

  title(settings: Settings): string {
    return settings.payments.cheque_title;
  }

  description(settings: Settings): string {
    return settings.payments.cheque_description;
  }

  instructions(settings: Settings): string {
    return settings.payments.cheque_instructions;
  }

  enabled(settings: Settings): boolean {
    return settings.payments.cheque_enabled;
  }

  available(): boolean {
    return true;
  }

  async process(): Promise<PaymentOutcome> {
    return { status: 'success', orderStatus: 'on-hold', note: 'Awaiting check payment' };
  }
}
