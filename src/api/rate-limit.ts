import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { isAdministrator } from '../customers/types.ts';
import { CocartError } from '../errors.ts';
import type { Runtime } from '../runtime.ts';
import type { Counters } from '../security/counters.ts';
import { requestContext } from './request-context.ts';

/**
 * Who may call, and how often (docs/wire-contract.md#rate-limiting). The client address is Fastify's `req.ip`,
 * so TRUST_PROXY decides which proxies' X-Forwarded-For count; `cocart_validate_ip` may refuse it
 * (403). Rate limiting is off unless enabled in settings: a fixed window per user (or per hashed
 * address for guests), administrators exempt, 429 with Retry-After and RateLimit-* headers. With
 * REDIS_URL the counters are shared by every node.
 */
export function registerRateLimit(app: FastifyInstance, runtime: Runtime, counters: Counters): void {
  const { hooks } = runtime;
  app.addHook('preHandler', async (req, reply) => {
    // A batch counts once, as the request that carried it.
    if (req.batch) return;
    const address = isIP(req.ip) ? req.ip : '0.0.0.0';
    const ip = hooks.applyFilters('cocart_validate_ip', address, requestContext(req));
    if (!ip) throw new CocartError('cocart_ip_not_allowed', 'forbidden', 'Sorry, requests from your address are not allowed.');

    const stored = runtime.settings.get().rate_limit;
    const options = hooks.applyFilters('cocart_api_rate_limit_options', { ...stored }, requestContext(req));
    if (!options.enabled || isAdministrator(req.user)) return;
    const key = req.user ? `user:${req.user.id}` : `ip:${createHash('md5').update(ip).digest('hex')}`;
    const window = await counters.hit(key, options.seconds * 1000);
    const reset = String(Math.ceil((Date.now() + window.resetsInMs) / 1000));
    reply.header('ratelimit-limit', String(options.limit));
    reply.header('ratelimit-reset', reset);
    if (window.count <= options.limit) {
      reply.header('ratelimit-remaining', String(options.limit - window.count));
      return;
    }
    const retry = String(Math.max(1, Math.ceil(window.resetsInMs / 1000)));
    reply.header('ratelimit-remaining', '0');
    reply.header('ratelimit-retry-after', retry);
    reply.header('retry-after', retry);
    await hooks.doAction('cocart_api_rate_limit_exceeded', ip, requestContext(req));
    throw new CocartError('rate_limit_exceeded', 'rate_limited', 'Too many requests. Please wait %s seconds before trying again.', [retry]);
  });
}
