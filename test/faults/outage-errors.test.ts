import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../src/db/outage.ts';

/** Which errors mean "the database cannot serve now" (503) and which are a query refused (500 or the rule's own answer). */

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('database outage errors', () => {
  it('knows a database that is down, restarting, unreachable or out of room', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', '57P01', '57P02', '57P03', '08006', '08001', '53300', '53100', 'SQLITE_BUSY', 'SQLITE_FULL', 'SQLITE_IOERR_WRITE', 'SQLITE_CANTOPEN', 'SQLITE_READONLY']) {
      expect(isDatabaseUnavailable(withCode(code)), code).toBe(true);
    }
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    // pg wraps a failed connect to every address in an AggregateError.
    expect(isDatabaseUnavailable(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')]))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('outer'), { cause: withCode('ECONNRESET') }))).toBe(true);
  });

  it('leaves alone what the database refused on purpose', () => {
    for (const code of ['23505', '23503', '40001', '40P01', '42P01', '22P02', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_ERROR', 'ERR_ASSERTION']) {
      expect(isDatabaseUnavailable(withCode(code)), code).toBe(false);
    }
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
    expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
  });
});
