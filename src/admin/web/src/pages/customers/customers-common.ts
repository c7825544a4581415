import { t } from '../../i18n.ts';

/** What the Customers screens share: a customer as wc/v3/customers sends one, and its words. */

export type Role = 'customer' | 'shop_manager' | 'administrator';
export const ROLES: readonly Role[] = ['customer', 'shop_manager', 'administrator'];

export const BILLING_FIELDS = ['first_name', 'last_name', 'company', 'address_1', 'address_2', 'city', 'postcode', 'country', 'state', 'phone', 'email'] as const;
export const SHIPPING_FIELDS = ['first_name', 'last_name', 'company', 'address_1', 'address_2', 'city', 'postcode', 'country', 'state', 'phone'] as const;
export type AddressField = (typeof BILLING_FIELDS)[number];
export type Address = Partial<Record<AddressField, string>>;

export interface Customer {
  id: number;
  date_created: string | null;
  date_created_gmt: string | null;
  email: string;
  first_name: string;
  last_name: string;
  role: Role;
  username: string;
  billing: Address;
  shipping: Address;
  is_paying_customer: boolean;
  avatar_url: string;
  /** Only in the answer to a create, when the store made the password. */
  password?: string;
}

export function roleLabel(role: string): string {
  return role === 'administrator' ? t('Administrator') : role === 'shop_manager' ? t('Shop manager') : role === 'customer' ? t('Customer') : role;
}

/** The customer's name, else their e-mail address. */
export function customerLabel(c: Pick<Customer, 'first_name' | 'last_name' | 'email'>): string {
  return [c.first_name, c.last_name].filter(Boolean).join(' ').trim() || c.email;
}

/** A password for the customer, made in the browser: 18 random bytes as 24 URL-safe characters, as the server makes one. */
export function newPassword(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_');
}
