/**
 * What kind of refusal an error is. The domain says only this; the HTTP edge turns each kind into a
 * status in one table (`src/api/errors.ts`). CoCart answers some refusals with unusual statuses (405
 * for a quantity it will not take, 406 for a cart that would not clear), so those have kinds of their
 * own rather than being folded into `invalid`.
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'not_allowed'
  | 'not_acceptable'
  | 'conflict'
  | 'gone'
  | 'precondition_failed'
  | 'too_large'
  | 'uri_too_long'
  | 'unsupported_media_type'
  | 'unprocessable'
  | 'rate_limited'
  | 'internal'
  | 'not_implemented'
  | 'unavailable';

/**
 * The one error type: a rule said no. Carries CoCart's error code and the kind of refusal, whether it
 * came from the domain (cart rules) or the HTTP layer (parameters). The message is an English message
 * id, translated at the edge; codes are never translated.
 */
export class CocartError extends Error {
  constructor(
    readonly code: string,
    readonly kind: ErrorKind,
    readonly msgid: string,
    readonly args: unknown[] = [],
    readonly data: Record<string, unknown> = {},
  ) {
    super(msgid);
  }
}
