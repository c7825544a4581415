import type { CocartError, ErrorKind } from '../errors.ts';

/** CoCart's error envelope on the wire. */
export interface ErrorBody {
  code: string;
  message: string;
  data: { status: number } & Record<string, unknown>;
  additional_errors?: ErrorBody[];
}

/** The one place a kind of refusal becomes an HTTP status. */
const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  not_allowed: 405,
  not_acceptable: 406,
  conflict: 409,
  gone: 410,
  precondition_failed: 412,
  too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
  not_implemented: 501,
  unavailable: 503,
};

const KIND_OF_STATUS = new Map(Object.entries(STATUS).map(([kind, status]) => [status, kind as ErrorKind]));

export function statusOf(err: CocartError): number {
  return STATUS[err.kind];
}

/** A framework's 4xx as one of our kinds (a status we have no kind for reads as `invalid`). */
export function kindOfStatus(status: number): ErrorKind {
  return KIND_OF_STATUS.get(status) ?? 'invalid';
}
