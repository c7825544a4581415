import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Conditional GETs as CoCart 4.9 answers them (docs/wire-contract.md#if-match-and-etag). A route group
 * whose answers carry an `ETag` registers the hook below: a GET whose `If-None-Match` names that ETag is
 * answered `304 Not Modified`, and the `CoCart-Cache` header says which happened: `HIT` (304), `MISS`
 * (the full answer) or `SKIP` (`_skip_cache=true` or `1`: no ETag, no 304, no stored copy).
 */

export const CACHE_STATUS = 'cocart-cache';

/** `_skip_cache=true|1`: this request bypasses every cache, ours and the client's. */
export function skipsCache(req: FastifyRequest): boolean {
  const skip = (req.query as Record<string, unknown> | undefined)?._skip_cache;
  return skip === 'true' || skip === '1';
}

/** RFC 9110's weak comparison of an `If-None-Match` list (or `*`) with an ETag. */
export function isFresh(ifNoneMatch: string | string[] | undefined, etag: string): boolean {
  if (typeof ifNoneMatch !== 'string' || ifNoneMatch === '') return false;
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === opaque);
}

/**
 * Turns a fresh GET into a 304 and labels every answer that carries an ETag. An answer that already says
 * what it is (`CoCart-Cache` set by the route) is left alone: a cart answer showing notices is never 304.
 */
export function registerConditionalGets(scope: FastifyInstance): void {
  scope.addHook('onSend', (req, reply, payload, done) => {
    if (reply.hasHeader(CACHE_STATUS)) return done(null, payload);
    if (skipsCache(req)) {
      reply.removeHeader('etag');
      reply.header(CACHE_STATUS, 'SKIP');
      return done(null, payload);
    }
    const etag = reply.getHeader('etag');
    if (etag === undefined || reply.statusCode !== 200) return done(null, payload);
    if (req.method === 'GET' && isFresh(req.headers['if-none-match'], String(etag))) {
      reply.code(304).header(CACHE_STATUS, 'HIT');
      reply.removeHeader('content-type');
      reply.removeHeader('content-encoding');
      return done(null, null);
    }
    reply.header(CACHE_STATUS, 'MISS');
    done(null, payload);
  });
}
