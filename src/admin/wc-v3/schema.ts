import { Type } from '@sinclair/typebox';
import { Ids, literals } from '../../catalog/admin/input.ts';

/** Schema pieces every wc/v3 route group shares. */

export { Ids, literals, orNull } from '../../catalog/admin/input.ts';

/** WooCommerce's collection parameters (WC_REST_Controller::get_collection_params and the posts controllers'). */
export const COLLECTION_ARGS = {
  context: Type.Optional(literals(['view', 'edit'])),
  page: Type.Integer({ minimum: 1, default: 1 }),
  per_page: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  search: Type.Optional(Type.String()),
  after: Type.Optional(Type.String()),
  before: Type.Optional(Type.String()),
  modified_after: Type.Optional(Type.String()),
  modified_before: Type.Optional(Type.String()),
  dates_are_gmt: Type.Optional(Type.Boolean()),
  exclude: Type.Optional(Ids),
  include: Type.Optional(Ids),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
  order: Type.Optional(literals(['asc', 'desc', 'ASC', 'DESC'])),
};

/** A retrieve's `context`: taken, and answered as `edit` whatever it says. */
export const ViewArgs = Type.Object({ context: Type.Optional(Type.String()) });
