/**
 * Whether an error means the database cannot serve at the moment (down, restarting, failed over,
 * unreachable, out of connections or disk; SQLite locked beyond its wait, or its disk full or
 * failing), as opposed to a query the database refused. Such a request may succeed if tried again
 * later, and is answered 503 with Retry-After rather than 500.
 */

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNABORTED']);

/**
 * PostgreSQL's SQLSTATEs for it: class 08 (connection exception), 53 (insufficient resources: disk
 * full, out of memory, too many connections), 57P01–57P03 (shut down by the administrator, crashed,
 * not yet accepting connections), 40001/40P01 are not here: they are conflicts, retried by the code
 * that runs the transaction.
 */
function unavailableState(code: string): boolean {
  return code.startsWith('08') || code.startsWith('53') || code === '57P01' || code === '57P02' || code === '57P03';
}

/** SQLite: locked past busy_timeout, disk full, I/O failing, the file gone or read-only. */
const SQLITE_CODES = /^SQLITE_(BUSY|LOCKED|FULL|IOERR|CANTOPEN|READONLY)/;

/** What pg and Kysely say when the connection itself is gone, without a code. */
const MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'Cannot use a pool after calling end on the pool',
  'driver has already been destroyed',
  'the database connection is not open',
  'The database connection is not open',
];

export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || SQLITE_CODES.test(code) || (/^[0-9A-Z]{5}$/.test(code) && unavailableState(code)))) return true;
    if (typeof message === 'string' && MESSAGES.some((m) => message.includes(m))) return true;
    if (e instanceof AggregateError && e.errors.some(isDatabaseUnavailable)) return true;
  }
  return false;
}
