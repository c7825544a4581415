import { Type, type TSchema } from '@sinclair/typebox';
import { CocartError } from '../../errors.ts';
import type { CatalogSnapshot } from '../snapshot.ts';

/**
 * What an administration write reads its input against: the catalogue the request was checked with,
 * its clock, and the store's way of writing money and dates (major units with the store's decimals;
 * WordPress dates in the store's zone). The HTTP edge provides it; services only read it.
 */
export interface StoreInput {
  readonly snapshot: CatalogSnapshot;
  readonly now: number;
  readonly decimals: number;
  /** This server's address as the request saw it: an image URL on it names one of its uploads. */
  readonly origin: string;
  /** '' or null clear the price; anything but a non-negative decimal is refused, naming the field. */
  parsePrice(name: string, value: string | null): number | null;
  /** '' or null clear the date; an unreadable one is refused, naming the field. */
  parseDate(name: string, value: string | null, gmt: boolean): number | null;
}

/** WordPress's refusal of one parameter, named in `params` so a client can show it beside its field. */
export function invalidParam(name: string, reason: string): CocartError {
  return new CocartError('rest_invalid_param', 'invalid', 'Invalid parameter(s): %s', [name], {
    params: { [name]: reason },
    details: { [name]: { code: 'rest_invalid_param', message: reason, data: null } },
  });
}

/** A delete without `force` of something that has no trash, in the wording its WooCommerce controller uses. */
export function trashNotSupported(msgid: string, args: unknown[] = [], code = 'woocommerce_rest_trash_not_supported'): CocartError {
  return new CocartError(code, 'not_implemented', msgid, args);
}

// Schema pieces of the services' input objects (the HTTP edge validates requests with the same schemas).
export const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
export const Ids = Type.Array(Type.Integer({ minimum: 0 }));
export const orNull = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
