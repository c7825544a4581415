import type { Settings } from '../settings/schema.ts';
import type { PaymentGateway, PaymentOutcome } from './gateway.ts';

/** The store's bank account as the settings hold it; null when no detail is filled in. */
export interface BankAccount {
  accountName: string;
  accountNumber: string;
  sortCode: string;
  bankName: string;
  iban: string;
  bic: string;
}

export function bankAccount(settings: Settings): BankAccount | null {
  const p = settings.payments;
  const account = {
    accountName: p.bacs_account_name,
    accountNumber: p.bacs_account_number,
    sortCode: p.bacs_sort_code,
    bankName: p.bacs_bank_name,
    iban: p.bacs_iban,
    bic: p.bacs_bic,
  };
  return Object.values(account).some(Boolean) ? account : null;
}

/**
 * Direct bank transfer (WooCommerce's `bacs`): nothing is charged here. The order waits on hold, its
 * stock taken, until the money arrives and someone marks it paid.
 */
export class BacsGateway implements PaymentGateway {
  readonly id = 'bacs';
  readonly methodTitle = 'Direct bank transfer';
  readonly methodDescription = 'Take payments in person via BACS. More commonly known as direct bank/wire transfer.';
  readonly supports = ['products'] as const;

  title(settings: Settings): string {
    return settings.payments.bacs_title;
  }

  description(settings: Settings): string {
    return settings.payments.bacs_description;
  }

  instructions(settings: Settings): string {
    return settings.payments.bacs_instructions;
  }

  enabled(settings: Settings): boolean {
    return settings.payments.bacs_enabled;
  }

  available(): boolean {
    return true;
  }

  async process(): Promise<PaymentOutcome> {
    return { status: 'success', orderStatus: 'on-hold', note: 'Awaiting BACS payment' };
  }
}
