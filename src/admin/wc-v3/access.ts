import type { FastifyRequest } from 'fastify';
import { deniedKind } from '../../api/auth.ts';
import { isAdministrator, isManager } from '../../customers/types.ts';
import { CocartError } from '../../errors.ts';

/**
 * Who may use the store-administration API: administrators and shop managers (WooCommerce's
 * `manage_woocommerce`), the rule the Sessions API uses. Guests get 401, everyone else 403, each
 * with WooCommerce's code for what they tried to do.
 */

export type Action = 'list' | 'view' | 'create' | 'edit' | 'delete' | 'batch';

const DENIED: Record<Action, [code: string, message: string]> = {
  list: ['woocommerce_rest_cannot_view', 'Sorry, you cannot list resources.'],
  view: ['woocommerce_rest_cannot_view', 'Sorry, you cannot view this resource.'],
  create: ['woocommerce_rest_cannot_create', 'Sorry, you are not allowed to create resources.'],
  edit: ['woocommerce_rest_cannot_edit', 'Sorry, you are not allowed to edit this resource.'],
  delete: ['woocommerce_rest_cannot_delete', 'Sorry, you are not allowed to delete this resource.'],
  batch: ['woocommerce_rest_cannot_batch', 'Sorry, you are not allowed to batch manipulate this resource.'],
};

export function requireManager(req: FastifyRequest, action: Action): void {
  if (isManager(req.user)) return;
  const [code, message] = DENIED[action];
  throw new CocartError(code, deniedKind(req), message);
}

/**
 * What changes the store's settings (a payment gateway's, say) is for administrators only, as the
 * Settings API is: a shop manager is refused with the same code as anyone else.
 */
export function requireAdministrator(req: FastifyRequest, action: Action): void {
  if (isAdministrator(req.user)) return;
  const [code, message] = DENIED[action];
  throw new CocartError(code, deniedKind(req), message);
}
