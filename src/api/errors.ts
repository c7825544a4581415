/**
 * The one error type that reaches HTTP. `message` is an English message id translated at the edge;
 * `code` is CoCart's machine code, never translated. Domain errors are mapped to this in one place.
 */
export class ApiError extends Error {
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

export interface ErrorBody {
  code: string;
  message: string;
  data: { status: number } & Record<string, unknown>;
  additional_errors?: ErrorBody[];
}
