import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { CocartError } from '../errors.ts';
import type { Runtime } from '../runtime.ts';

/**
 * For load balancers and orchestrators. `GET /health` (liveness): the process answers; nothing else
 * is asked, so a database outage never gets a healthy node restarted. `GET /ready` (readiness): the
 * database answers within two seconds and the node is not shutting down; otherwise 503
 * `cocart_service_unavailable` with `Retry-After`, so traffic goes elsewhere until it is.
 *
 * Shutting down, every request but `/health` is turned away the same way.
 */

/** How long readiness waits for the database. */
const READY_TIMEOUT_MS = 2000;
/** Seconds a client is told to wait before asking again. */
export const RETRY_AFTER_SECONDS = 5;

/** A refusal for want of the database (or of the node itself); the error handler adds `Retry-After`. */
export function unavailable(message: string): CocartError {
  return new CocartError('cocart_service_unavailable', 'unavailable', message);
}

async function databaseAnswers(runtime: Runtime): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS)));
  const ping = sql`select 1`.execute(runtime.database.db).then(() => true, () => false);
  try {
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function registerHealthRoutes(app: FastifyInstance, runtime: Runtime): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  // Once shutting down, a request arriving on a kept-alive connection is turned away (and the
  // connection closed) so the client retries on another node; requests already running finish.
  app.addHook('onRequest', async (req, reply) => {
    if (!closing || req.url === '/health') return;
    reply.header('connection', 'close');
    throw unavailable('The server is shutting down.');
  });
  // A request that finishes during shutdown closes its connection, which would otherwise be kept
  // alive and keep the server from closing.
  app.addHook('onSend', async (_req, reply) => {
    if (closing) reply.header('connection', 'close');
  });
  const noStore = { 'cache-control': 'no-store' };
  app.get('/health', { schema: { hide: true } }, async (_req, reply) => reply.headers(noStore).send({ status: 'ok' }));
  app.get('/ready', { schema: { hide: true } }, async (_req, reply) => {
    reply.headers(noStore);
    if (closing) throw unavailable('The server is shutting down.');
    if (!(await databaseAnswers(runtime))) throw unavailable('The database cannot be reached.');
    return { status: 'ready', database: runtime.database.dialect };
  });
}
