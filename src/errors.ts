/**
 * The one error type: a rule said no. Carries CoCart's error code and HTTP status so the API can pass
 * it on unchanged, whether it came from the domain (cart rules) or the HTTP layer (parameters). The
 * message is an English message id, translated at the edge; codes are never translated.
 */
export class CocartError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly msgid: string,
    readonly args: unknown[] = [],
    readonly data: Record<string, unknown> = {},
  ) {
    super(msgid);
  }
}
