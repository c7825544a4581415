import { CocartError } from '../errors.ts';
import type { Role, User } from './types.ts';

/**
 * Which users a member of staff may change through the customers API, as WooCommerce rules it:
 * administrators anyone, shop managers customers only (`woocommerce_shop_manager_editable_roles`);
 * and only customers may have their e-mail address or password changed, or be deleted, there
 * (`woocommerce_rest_customer_allowed_roles`), so that API can never take over a staff account.
 * A role is changed by administrators only, never their own (which could leave the store with none).
 */

/** WooCommerce's allowed roles, less `subscriber`, which has no equivalent here. */
export const CUSTOMER_ROLES: readonly Role[] = ['customer'];

function refuse(code: string, msgid: string, args: unknown[] = []): CocartError {
  return new CocartError(code, 'forbidden', msgid, args);
}

export function mayManage(actor: User, target: User): boolean {
  return actor.role === 'administrator' || (actor.role === 'shop_manager' && target.role === 'customer');
}

export interface RequestedChanges {
  email?: string;
  password?: string;
  role?: Role;
}

/** Throws unless `actor` may make these changes to `target`. */
export function checkEdit(actor: User, target: User, changes: RequestedChanges): void {
  if (!mayManage(actor, target)) throw refuse('woocommerce_rest_cannot_edit', 'Sorry, you are not allowed to edit this resource.');
  if (!CUSTOMER_ROLES.includes(target.role)) {
    // A client that sends the whole user back unchanged is not refused for the e-mail address in it.
    if (changes.email !== undefined && changes.email.trim().toLowerCase() !== target.email) {
      throw refuse('woocommerce_rest_cannot_edit', 'Sorry, %1$s cannot be updated via this endpoint for a user with role %2$s.', ['email', target.role]);
    }
    if (changes.password !== undefined) {
      throw refuse('woocommerce_rest_cannot_edit', 'Sorry, %1$s cannot be updated via this endpoint for a user with role %2$s.', ['password', target.role]);
    }
  }
  if (changes.role !== undefined && changes.role !== target.role) {
    if (actor.role !== 'administrator') throw refuse('woocommerce_rest_cannot_edit', 'Sorry, you are not allowed to change the role of this user.');
    if (actor.id === target.id) throw refuse('woocommerce_rest_cannot_edit', 'Sorry, you cannot change your own role.');
  }
}

/** Throws unless `actor` may delete `target`. */
export function checkDelete(actor: User, target: User): void {
  if (!mayManage(actor, target)) throw refuse('woocommerce_rest_cannot_delete', 'Sorry, you are not allowed to delete this resource.');
  if (!CUSTOMER_ROLES.includes(target.role)) {
    throw refuse('woocommerce_rest_cannot_delete', 'Sorry, users with %1$s role cannot be deleted via this endpoint. Allowed roles: %2$s', [target.role, CUSTOMER_ROLES.join(', ')]);
  }
}
