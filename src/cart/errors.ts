/**
 * A cart rule said no. Carries CoCart's error code and HTTP status so the API layer can pass it on
 * unchanged; the message is an English message id, translated at the edge.
 */
export class CartError extends Error {
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
