import type { FastifyCorsOptions } from '@fastify/cors';
import type { Runtime } from '../runtime.ts';

/**
 * CORS for browser storefronts. Allowed origins come from settings (empty = any origin, as WordPress
 * does); the allowed and exposed headers include everything a CoCart client needs to send or read.
 */
export const ALLOWED_HEADERS = [
  'Authorization', 'X-Requested-With', 'Content-Disposition', 'Content-MD5', 'Content-Type',
  'CoCart-API-Cart-Key', 'CoCart-API-Customer', 'X-CoCart-Salt', 'csaltk', 'X-CoCart-Access-Token',
  'If-Match', 'If-None-Match', 'Idempotency-Key', 'Accept-Language',
];

export const EXPOSED_HEADERS = [
  'X-WP-Total', 'X-WP-TotalPages', 'Link', 'CoCart-API-Cart-Key', 'CoCart-API-Cart-Expiring', 'CoCart-API-Cart-Expiration',
  'CoCart-API-Customer', 'CoCart-Timestamp', 'CoCart-Version', 'ETag', 'CoCart-Cache', 'Retry-After',
  'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'RateLimit-Retry-After', 'CoCart-Batch-Errors', 'Idempotent-Replayed',
];

function normalise(origin: string): string {
  return origin.trim().replace(/\/+$/, '').toLowerCase();
}

export function corsOptions(runtime: Runtime): FastifyCorsOptions {
  return {
    origin: (origin, cb) => {
      const allowed = runtime.settings.get().general.cors_allowed_origins;
      if (!origin || !allowed.length) return cb(null, true);
      cb(null, allowed.some((o) => o === '*' || normalise(o) === normalise(origin)));
    },
    credentials: true,
    methods: ['OPTIONS', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: 600,
    // WordPress answers any OPTIONS request; a strict check would refuse one without
    // Access-Control-Request-Method in plain text, outside CoCart's error shape.
    strictPreflight: false,
  };
}
