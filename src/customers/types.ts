import type { BillingField, ShippingField } from '../cart/types.ts';

export type Role = 'customer' | 'shop_manager' | 'administrator';
export const ROLES: readonly Role[] = ['customer', 'shop_manager', 'administrator'];

/** A registered user: a customer, or a member of staff. */
export interface User {
  id: number;
  username: string;
  email: string;
  firstName: string;
  lastName: string;
  displayName: string;
  role: Role;
  billing: Record<BillingField, string>;
  shipping: Record<ShippingField, string>;
  createdAt: number;
  /** When the user was last saved (made, or changed since). */
  modifiedAt: number;
  /** Pays no tax (WooCommerce's is_vat_exempt), as staff set it. */
  isVatExempt: boolean;
  /** Raised on password change, logout-everywhere and deletion: tokens issued before it stop working. */
  tokenVersion: number;
}

/** WooCommerce's `manage_woocommerce`: administrators and shop managers. */
export function isManager(user: User | null): boolean {
  return user?.role === 'administrator' || user?.role === 'shop_manager';
}

/** WordPress's `manage_options`: administrators only. */
export function isAdministrator(user: User | null): boolean {
  return user?.role === 'administrator';
}
