import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CatalogSnapshot } from '../catalog/snapshot.ts';
import type { Settings } from '../settings/schema.ts';
import { skipsCache } from './conditional-get.ts';

/**
 * Products API responses depend only on the URL, the language, the host, the catalogue snapshot, the
 * settings and the clock (sale windows). So a rendered response is kept until any of those change:
 * a new snapshot or settings object invalidates it, and it expires at the next scheduled price change.
 */

interface Entry {
  body: Buffer;
  /** Compressed once when stored, for the clients (all browsers) that accept gzip. */
  gzip: Buffer | null;
  headers: Record<string, string>;
  snapshot: CatalogSnapshot;
  settings: Settings;
  expires: number;
}

const KEPT_HEADERS = ['content-type', 'x-wp-total', 'x-wp-totalpages', 'link', 'etag'];
const MAX_AGE_SECONDS = 300;

export interface CacheSource {
  snapshot(): CatalogSnapshot;
  settings(): Settings;
  now(): number;
}

export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  /**
   * 16 MB, bodies and their gzip together: about a hundred 20-product pages, or thousands of single
   * products. A node's whole memory budget is 150 MB under load, so the cache is kept to a tenth of it;
   * past that, the least recently used answers are rendered again when next asked for.
   */
  constructor(
    private readonly source: CacheSource,
    private readonly maxBytes = 16 * 1024 * 1024,
  ) {}

  get(key: string): Entry | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.snapshot !== this.source.snapshot() || e.settings !== this.source.settings() || this.source.now() >= e.expires) {
      this.delete(key);
      return undefined;
    }
    // Refresh recency: Map iteration order is insertion order, the oldest is evicted first.
    this.entries.delete(key);
    this.entries.set(key, e);
    return e;
  }

  set(key: string, text: string, headers: Record<string, string>): void {
    const body = Buffer.from(text);
    if (body.length > this.maxBytes / 8) return;
    const gzip = body.length > 1024 ? gzipSync(body, { level: 6 }) : null;
    const snapshot = this.source.snapshot();
    const now = this.source.now();
    this.delete(key);
    this.entries.set(key, {
      body,
      gzip,
      headers,
      snapshot,
      settings: this.source.settings(),
      expires: Math.min(now + MAX_AGE_SECONDS, snapshot.nextPriceChange(now)),
    });
    this.bytes += body.length + (gzip?.length ?? 0);
    for (const [oldest] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.delete(oldest);
    }
  }

  private delete(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.bytes -= e.body.length + (e.gzip?.length ?? 0);
    this.entries.delete(key);
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    responseCacheKey: string | null;
  }
}

/**
 * Serves GET requests of the routes in `scope` (an encapsulated Fastify context: other routes pay
 * nothing for it) from the cache, and fills it from their 200 responses. Every such answer carries a
 * weak ETag of its body, worked out once when it is rendered (CoCart 4.9 gives product answers one).
 */
export function registerResponseCache(scope: FastifyInstance, cache: ResponseCache): void {
  scope.decorateRequest('responseCacheKey', null);
  scope.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    if (req.method !== 'GET') return;
    // Anything that could make the answer personal bypasses the cache, and so does `_skip_cache`.
    if (req.headers.authorization || req.headers.cookie || skipsCache(req)) return;
    const key = `${req.locale}|${req.protocol}://${req.host}|${req.url}`;
    const hit = cache.get(key);
    if (hit) {
      reply.headers(hit.headers);
      // Append: CORS has already set `Vary: Origin`, which shared caches need as much as this.
      const vary = reply.getHeader('vary');
      reply.header('vary', vary ? `${String(vary)}, Accept-Encoding` : 'Accept-Encoding');
      if (hit.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
        return reply.header('content-encoding', 'gzip').send(hit.gzip);
      }
      return reply.send(hit.body);
    }
    req.responseCacheKey = key;
  });
  scope.addHook('onSend', async (req, reply, payload) => {
    if (req.method !== 'GET' || reply.statusCode !== 200 || typeof payload !== 'string' || skipsCache(req)) return payload;
    reply.header('etag', `W/"${createHash('md5').update(payload).digest('hex')}"`);
    if (req.responseCacheKey) {
      const headers: Record<string, string> = {};
      for (const h of KEPT_HEADERS) {
        const v = reply.getHeader(h);
        if (v !== undefined) headers[h] = String(v);
      }
      cache.set(req.responseCacheKey, payload, headers);
    }
    return payload;
  });
}
