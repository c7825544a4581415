import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CocartError } from '../errors.ts';
import type { Runtime } from '../runtime.ts';
import { IdempotencyStore, type StoredResponse } from '../sessions/idempotency-store.ts';
import type { Alongside } from '../sessions/store.ts';
import { cartShape } from './serializers/cart.ts';
import { requestedKey, type CartResponder } from './cart-responder.ts';

/**
 * `Idempotency-Key` on cart writes and batches: a retried request with the same key gets the first
 * one's answer (status, cart headers, body, plus `Idempotent-Replayed: true`) without running again.
 * Keys belong to the caller: the user, else the cart the request names, else all keyless guests.
 * The preHandler claims the key (after authentication, so `req.user` is known); onSend stores the
 * answer, or gives the key up on a 5xx so a retry runs again. Requests without the header pass
 * through both hooks synchronously, without touching the database.
 *
 * A cart write also records that it was applied in the very transaction that stores the cart
 * (`alongside`): should the node stop before the answer is stored, a retry is answered with the cart
 * it wrote to, as `GET /cart` shows it now, instead of applying the write twice.
 */

interface Claim {
  scope: string;
  key: string;
  token: number;
  /** Records, with the cart write, that this request was applied. */
  alongside: Alongside;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The idempotency key this request claimed and must store its answer under. */
    idempotency: Claim | null;
  }
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** The response headers a replay repeats; the standard CoCart headers are added afresh. */
const STORED_HEADERS = [
  'content-type', 'etag', 'cocart-api-cart-key', 'cocart-api-cart-expiring', 'cocart-api-cart-expiration', 'cocart-api-customer',
  'cart-key', 'cart-expiring', 'cart-expiration',
];
const VALID_KEY = /^[\x20-\x7e]{1,255}$/;
const POLL_MS = 20;
const WAIT_MS = 10_000;

/** Whose key it is: `user:<id>`, else `cart:<the cart key the request names>`, else `guest`. */
export function idempotencyScope(req: FastifyRequest): string {
  if (req.user) return `user:${req.user.id}`;
  const key = requestedKey(req);
  return key ? `cart:${key}` : 'guest';
}

/** What the request asks for: method, path with query, body. */
export function requestFingerprint(req: FastifyRequest): string {
  const body = typeof req.body === 'string' ? req.body : (JSON.stringify(req.body ?? null) ?? '');
  return createHash('sha256').update(`${req.method} ${req.url}\n`).update(body).digest('hex');
}

function replay(reply: FastifyReply, response: StoredResponse): void {
  reply.code(response.status);
  for (const [name, value] of Object.entries(response.headers)) reply.header(name, value);
  reply.header('idempotent-replayed', 'true');
  reply.send(response.body);
}

function storable(reply: FastifyReply, payload: unknown): StoredResponse | null {
  let body: string;
  if (typeof payload === 'string') body = payload;
  else if (Buffer.isBuffer(payload)) body = payload.toString('utf8');
  else if (payload === null || payload === undefined) body = '';
  else return null; // a stream: not something to keep
  const headers: Record<string, string> = {};
  for (const name of STORED_HEADERS) {
    const value = reply.getHeader(name);
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return { status: reply.statusCode, headers, body };
}

export function registerIdempotency(app: FastifyInstance, runtime: Runtime, responder: CartResponder): void {
  const store = new IdempotencyStore(runtime.database, runtime.now);
  app.decorateRequest('idempotency', null);

  /** Claims the key, or answers for the request that claimed it first. True when it answered. */
  async function begin(req: FastifyRequest, reply: FastifyReply, key: unknown): Promise<boolean> {
    if (typeof key !== 'string' || !VALID_KEY.test(key)) {
      throw new CocartError('cocart_idempotency_key_invalid', 'invalid', 'The Idempotency-Key header must be 1 to 255 printable ASCII characters.');
    }
    const scope = idempotencyScope(req);
    const fingerprint = requestFingerprint(req);
    const deadline = Date.now() + WAIT_MS;
    let outcome = await store.claim(scope, key, fingerprint);
    // A double click: wait for the first request and give its answer.
    while (outcome.kind === 'running') {
      if (Date.now() >= deadline) {
        throw new CocartError('cocart_idempotency_key_in_progress', 'conflict', 'A request with this Idempotency-Key is still being processed. Please try again later.');
      }
      await sleep(POLL_MS);
      outcome = await store.claim(scope, key, fingerprint, true);
    }
    switch (outcome.kind) {
      case 'mismatch':
        throw new CocartError('cocart_idempotency_key_reused', 'unprocessable', 'This Idempotency-Key was already used for a different request.');
      case 'completed':
        replay(reply, outcome.response);
        return true;
      case 'applied':
        await answerWithCart(req, reply, outcome.cartKey);
        return true;
      case 'claimed': {
        const token = outcome.token;
        req.idempotency = { scope, key, token, alongside: (trx, saved) => store.markApplied(trx, scope, key, token, saved.key) };
        return false;
      }
    }
  }

  /** The cart an applied write left, as `GET /cart` shows it, marked as a replay. */
  async function answerWithCart(req: FastifyRequest, reply: FastifyReply, cartKey: string): Promise<void> {
    const request = { ...responder.request(req), key: cartKey };
    const result = await runtime.carts.read(request);
    responder.headers(reply, result);
    const money = responder.money(false);
    const body = responder.render(req, reply, result, cartShape(undefined, undefined), false, money);
    reply.header('idempotent-replayed', 'true').send(body);
  }

  async function finish(claim: Claim, reply: FastifyReply, payload: unknown): Promise<void> {
    const response = reply.statusCode >= 500 ? null : storable(reply, payload);
    if (response) await store.complete(claim.scope, claim.key, claim.token, response);
    else await store.release(claim.scope, claim.key, claim.token);
  }

  app.addHook('preHandler', (req, reply, done) => {
    const key = req.headers['idempotency-key'];
    if (key === undefined || !WRITES.has(req.method) || req.batch) return done();
    // When begin answered (a replay), the route must not run, so done is not called.
    begin(req, reply, key).then((answered) => answered || done(), done);
  });

  app.addHook('onSend', (req, reply, payload, done) => {
    const claim = req.idempotency;
    if (!claim) return done(null, payload);
    req.idempotency = null;
    finish(claim, reply, payload).then(
      () => done(null, payload),
      (err) => {
        // The answer still goes out; the unfinished claim is taken over after STALE_CLAIM seconds.
        req.log.error({ err }, 'Storing the idempotent response failed');
        done(null, payload);
      },
    );
  });
}
