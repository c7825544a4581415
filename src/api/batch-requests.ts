import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { BatchScope } from '../cart/batch-scope.ts';
import type { CartCaller } from '../cart/service.ts';
import { CocartError } from '../errors.ts';

/**
 * The one place the HTTP layer learns that a request is a batch's sub-request. A batch runs its
 * sub-requests as internal requests (`app.inject`) that name their batch by a random token in a
 * header; a token is known only while its batch runs and is never sent out, so no client can put a
 * request into a batch. (Fastify's inject does not carry the async context, so AsyncLocalStorage
 * cannot do this.) The hook below resolves the token once, into `req.batch`: sub-requests act as the
 * batch's caller, work on the batch's cart, and are not authenticated, rate limited or made
 * idempotent again, since the batch itself was.
 */

export interface SubRequest {
  scope: BatchScope;
  caller: CartCaller;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when this request is a batch's sub-request. */
    batch: SubRequest | null;
  }
}

/** Header on a sub-response that passed validation without running. */
export const VALID_MARKER = 'x-cartwright-batch-valid';

export const BATCH_HEADER = 'x-cartwright-batch';

const live = new Map<string, SubRequest>();

/** Runs `work` with the batch known; `work` sends its sub-requests with `{ [BATCH_HEADER]: token }`. */
export async function runInBatch<T>(sub: SubRequest, work: (token: string) => Promise<T>): Promise<T> {
  const token = randomUUID();
  live.set(token, sub);
  try {
    return await work(token);
  } finally {
    live.delete(token);
  }
}

/**
 * Runs `work` (a hook's action announcing what the request did) once the request's change is stored:
 * at once, or for a batch's sub-request once the batch has stored its cart, so that a batch redone
 * after a conflict announces each sub-request once.
 */
export async function whenStored(req: FastifyRequest, work: () => Promise<void>): Promise<void> {
  if (req.batch) req.batch.scope.later(work);
  else await work();
}

/** Marks sub-requests; they may only reach routes that allow batching (checked once the router matched). */
export function registerBatchSubRequests(app: FastifyInstance): void {
  app.decorateRequest('batch', null);
  app.addHook('onRequest', (req, _reply, done) => {
    if (!live.size) return done();
    const token = req.headers[BATCH_HEADER];
    const sub = typeof token === 'string' ? live.get(token) : undefined;
    if (!sub) return done();
    if (!req.is404 && (req.routeOptions.config as { batchable?: boolean }).batchable !== true) {
      return done(new CocartError('rest_batch_not_allowed', 'invalid', 'The requested route does not support batch requests.'));
    }
    req.batch = sub;
    req.user = sub.caller.user;
    done();
  });
}
