import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Security headers on every answer, as helmet sets them. No Content-Security-Policy here: the API
 * answers JSON, and the dashboard and /docs pages carry policies of their own. Images and JSON are
 * read by storefronts on other origins, so resources are cross-origin readable.
 *
 * With these options helmet's headers are the same on every answer, so they are worked out once at
 * start-up and set in one call, rather than by running helmet's middleware chain per request.
 */
const OPTIONS: HelmetOptions = { contentSecurityPolicy: false, crossOriginResourcePolicy: { policy: 'cross-origin' } };

export function registerSecurityHeaders(app: FastifyInstance): void {
  const headers = helmetHeaders(OPTIONS);
  app.addHook('onRequest', (_req, reply, done) => {
    reply.headers(headers);
    done();
  });
}

/** The headers helmet's middleware sets on an answer. */
export function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: unknown) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, () => {});
  return headers;
}
