import { Type, type TSchema } from '@sinclair/typebox';

/** Schema pieces every wc/v3 route group shares. */

export const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
export const Ids = Type.Array(Type.Integer({ minimum: 0 }));
export const orNull = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

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
