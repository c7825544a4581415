import type { FastifyInstance, FastifyReply, FastifyRequest, InjectOptions, LightMyRequestResponse } from 'fastify';
import { statusOf } from './errors.ts';
import { Type, type Static } from '@sinclair/typebox';
import { CocartError } from '../errors.ts';
import type { Runtime } from '../runtime.ts';
import type { BatchScope } from '../cart/batch-scope.ts';
import type { CartCaller } from '../cart/service.ts';
import type { CartResponder } from './cart-responder.ts';
import { BATCH_HEADER, runInBatch, VALID_MARKER } from './batch-requests.ts';
import { EXPOSED_HEADERS } from './cors.ts';
import { defineRoute } from './route.ts';
import { ref } from './openapi/schemas.ts';
import { API_PREFIX, errorBody } from './transport.ts';

/**
 * Batch requests (docs/wire-contract.md#batch). `POST /cocart/batch` is Beta 1's: cocart/v2 paths only, and
 * when every sub-request targets the cart the answer is one cart. `POST /batch/v1` is WordPress's
 * own envelope, which released 4.x clients use. Either way the sub-requests run in order on one cart,
 * loaded once and saved once (one revision), so no other write lands between two of them.
 */

const MAX_REQUESTS = 25;
const TAGS = ['Batch'];

const SubRequest = Type.Object({
  // An enum rather than a union of literals, so that a GET is refused naming the allowed methods.
  method: Type.Optional(Type.Unsafe<'POST' | 'PUT' | 'PATCH' | 'DELETE'>({ type: 'string', enum: ['POST', 'PUT', 'PATCH', 'DELETE'], default: 'POST' })),
  path: Type.String({ description: 'A route without the /wp-json prefix; it may carry a query string.' }),
  body: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  headers: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())]))),
});
const BatchArgs = Type.Object({
  validation: Type.Optional(Type.Union([Type.Literal('normal'), Type.Literal('require-all-validate')], { default: 'normal' })),
  requests: Type.Array(SubRequest, { maxItems: MAX_REQUESTS }),
});
type BatchArgs = Static<typeof BatchArgs>;
type SubRequest = Static<typeof SubRequest>;

/** One sub-request's answer, as WordPress envelopes it. */
interface Envelope {
  body: unknown;
  status: number;
  headers: Record<string, string>;
}

/** Headers of the outer request that sub-requests keep: language, price protection, the access token. */
const INHERITED = ['accept-language', 'x-cocart-salt', 'csaltk', 'x-cocart-access-token', 'user-agent'];
/** Headers a sub-request may not set: the transport's own. */
const TRANSPORT = new Set(['content-length', 'transfer-encoding', 'host', 'connection', BATCH_HEADER]);
const CANONICAL = new Map(EXPOSED_HEADERS.map((h) => [h.toLowerCase(), h]));
/** Sub-response headers worth passing on: CoCart's (4.x's names and Starter v5's), WordPress's paging ones, validators. */
const PASSED_ON = /^(cocart-|cart-(key|expiring|expiration)$|timestamp$|x-wp-|link$|etag$|retry-after$)/;

export function registerBatchRoutes(app: FastifyInstance, runtime: Runtime, responder: CartResponder): void {
  const { carts } = runtime;

  /** The internal request for one sub-request, or the error its path gives before any routing. */
  const prepare = (req: FastifyRequest, sub: SubRequest): InjectOptions | CocartError => {
    if (!sub.path.startsWith('/')) return new CocartError('parse_path_failed', 'invalid', 'Could not parse the path.');
    const headers: Record<string, string> = {};
    for (const name of INHERITED) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    for (const [name, value] of Object.entries(sub.headers ?? {})) {
      if (!TRANSPORT.has(name.toLowerCase())) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    return {
      method: sub.method ?? 'POST',
      url: `${API_PREFIX}${sub.path}`,
      headers,
      ...(sub.body !== undefined ? { payload: sub.body as Record<string, unknown> } : {}),
    };
  };

  const run = async (scope: BatchScope, caller: CartCaller, sub: InjectOptions | Envelope): Promise<Envelope> =>
    'status' in sub
      ? sub
      : envelope(await runInBatch({ scope, caller }, (token) => app.inject({ ...sub, headers: { ...(sub.headers as object), [BATCH_HEADER]: token } })));

  const serve = async (req: FastifyRequest, reply: FastifyReply, args: BatchArgs, singleCart: boolean) => {
    const subs = args.requests.map((sub) => {
      const prepared = prepare(req, sub);
      return prepared instanceof CocartError ? { body: errorBody(prepared, req.locale), status: statusOf(prepared), headers: {} } : prepared;
    });
    const request = responder.request(req);
    const { caller } = request;
    const cartOnly = singleCart && args.requests.length > 0 && args.requests.every((r) => /cocart\/v2\/cart/i.test(r.path));
    let checks: (ReturnType<typeof published> | null)[] = [];
    const validateFirst =
      args.validation === 'require-all-validate'
        ? async (scope: BatchScope) => {
            checks = [];
            for (const sub of subs) {
              const checked = await run(scope, caller, sub);
              checks.push(checked.headers[VALID_MARKER] ? null : published(checked));
            }
            return checks.every((c) => c === null);
          }
        : undefined;
    const outcome = await carts.batch(
      request,
      async (scope) => {
        const responses: Envelope[] = [];
        for (const sub of subs) responses.push(await run(scope, caller, sub));
        // Nothing succeeded, so no sub-response shows the cart: the cart as it stands, shaped as the batch URL asks.
        const shown = cartOnly && !responses.some(succeeded) ? await run(scope, caller, prepare(req, calculate(req)) as InjectOptions) : null;
        return { responses, shown };
      },
      validateFirst,
    );
    if (!outcome) return reply.status(207).send({ failed: 'validation', responses: checks });
    responder.setHeaders(reply, outcome.session, outcome.actingFor);
    const { responses, shown } = outcome.value;
    if (!cartOnly) return reply.status(207).send({ responses: responses.map(published) });
    const failed = responses.flatMap((r, i) => (succeeded(r) ? [] : [`${i}:${(r.body as { code?: string } | null)?.code ?? r.status}`]));
    if (failed.length) reply.header('cocart-batch-errors', failed.join(', '));
    return singleCartBody(responses, shown);
  };

  defineRoute(app, {
    method: 'POST',
    url: '/cocart/batch',
    summary: 'Run up to 25 cart requests on one cart; answers with the cart when all of them are cart requests',
    tags: TAGS,
    response: { 200: ref('Cart', { description: 'Every sub-request was a cart request: the cart, with every notice and error' }), 207: ref('BatchResponses') },
    args: BatchArgs,
    handler: async (req, reply, args) => {
      if (args.requests.some((r) => !/cocart\/v2/i.test(r.path))) {
        throw new CocartError('cocart_rest_invalid_path', 'invalid', 'Batch requests may only call CoCart API v2 routes.');
      }
      return serve(req, reply, args, true);
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: '/batch/v1',
    summary: "WordPress's batch endpoint (released CoCart 4.x clients): 207 with one envelope per request",
    tags: TAGS,
    response: { 207: ref('BatchResponses') },
    args: BatchArgs,
    handler: async (req, reply, args) => serve(req, reply, args, false),
  });
}

function succeeded(r: Envelope): boolean {
  return r.status < 400;
}

function envelope(res: LightMyRequestResponse): Envelope {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (value !== undefined && (PASSED_ON.test(name) || name === VALID_MARKER)) headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  let body: unknown = null;
  try {
    body = res.body === '' ? null : res.json();
  } catch {
    body = res.body;
  }
  return { body, status: res.statusCode, headers };
}

/**
 * An envelope as WordPress shows it: header names as CoCart spells them (`CoCart-API-Cart-Key`), and
 * numeric values (timestamps, expiries) as numbers, as PHP set them.
 */
function published({ body, status, headers }: Envelope): { body: unknown; status: number; headers: Record<string, string | number> } {
  const shown = Object.entries(headers).map(([name, value]) => [CANONICAL.get(name) ?? name, /^\d{1,15}$/.test(value) ? Number(value) : value]);
  return { body, status, headers: Object.fromEntries(shown) };
}

/** `POST /cocart/v2/cart/calculate` with the batch URL's own parameters (fields, config, prices). */
function calculate(req: FastifyRequest): SubRequest {
  const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
  return { method: 'POST', path: `/cocart/v2/cart/calculate${query}` };
}

/**
 * Beta 1's single cart answer: the cart as the last sub-request that succeeded left it (later failures
 * changed nothing), with every sub-request's notices merged in order, and the error of each failed
 * one among them, so none is lost.
 */
function singleCartBody(responses: Envelope[], shown: Envelope | null): unknown {
  const last = shown ?? [...responses].reverse().find(succeeded)!;
  const merged: Record<string, unknown[]> = {};
  const add = (type: string, message: unknown) => (merged[type] ??= []).push(message);
  for (const r of responses) {
    const body = r.body as { notices?: unknown; message?: unknown } | null;
    if (!succeeded(r)) {
      add('error', body?.message ?? '');
    } else if (body?.notices && typeof body.notices === 'object' && !Array.isArray(body.notices)) {
      for (const [type, list] of Object.entries(body.notices as Record<string, unknown>)) {
        for (const message of Array.isArray(list) ? list : Object.values(list as object)) add(type, message);
      }
    }
  }
  const body = last.body;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const showsNotices = 'notices' in body;
  if (!showsNotices && !merged.error) return body;
  return { ...body, notices: Object.keys(merged).length ? merged : (body as { notices: unknown }).notices };
}
