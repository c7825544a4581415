import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import { Type, type Static, type TObject, type TSchema } from '@sinclair/typebox';
import { compileArgs } from './args.ts';
import { API_PREFIX } from './transport.ts';
import { VALID_MARKER } from './batch-requests.ts';
import { routeSchema, type ResponseDocs, type SecurityRequirement } from './openapi/route-docs.ts';

/**
 * Declares one REST route the WordPress way: path parameters and arguments are one merged set,
 * validated by `compileArgs`. The schemas are also handed to Fastify, which turns them into the
 * OpenAPI document at /docs; Fastify's own validation is bypassed so WordPress's precedence rules hold.
 */
export interface RouteSpec<P extends TObject, A extends TObject> {
  method: HTTPMethods | HTTPMethods[];
  /** Path under /wp-json, Fastify syntax: `/cocart/v2/products/:id`. */
  url: string;
  summary: string;
  tags: string[];
  path?: P;
  args?: A;
  /** May run as a sub-request of a batch (WordPress's `allow_batch`). */
  batch?: boolean;
  /**
   * Documentation only, none of it validates or shapes anything. `response`: the answers by status
   * (`{ 200: ref('Product') }`); routes under /cocart/v2/cart answer with the Cart unless a 2xx is given
   * here, and every route gets the Error envelope for 4XX and 5XX. `query`: options read from the query
   * string even on a route with a body (the cart's `Common` options are found on their own). `body`: the
   * request body as documented, when the route reads more than its `args`. `security`: who may call
   * (default: optional Basic or Bearer; required under /wc/v3, /cartwright/v1, /cocart/settings, sessions).
   */
  response?: ResponseDocs;
  query?: TObject;
  body?: TSchema;
  security?: SecurityRequirement[];
  /**
   * WordPress's `validate_callback`: checks of the merged arguments that a schema cannot say (a quantity
   * that must read as a whole number). Throws to refuse; runs before the handler, and in a batch's
   * validation pass, so `require-all-validate` refuses such a sub-request before anything runs.
   */
  check?: (args: Static<P> & Static<A>) => void;
  handler: (req: FastifyRequest, reply: FastifyReply, args: Static<P> & Static<A>) => Promise<unknown>;
}

const EMPTY = Type.Object({});

/** A JSON string body (`"…"`), as WordPress answers with a bare message; Fastify would send a returned string as plain text. */
export function jsonString(reply: FastifyReply, text: string): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(text));
}
const passthrough = () => (value: unknown) => ({ value });
/** Bodies are sent as JSON.stringify writes them, as without a response schema: never trimmed or coerced to the documented one. */
const plainJson = () => (data: unknown) => JSON.stringify(data);

export function defineRoute<P extends TObject = typeof EMPTY, A extends TObject = typeof EMPTY>(
  app: FastifyInstance,
  spec: RouteSpec<P, A>,
): void {
  const path = spec.path ?? EMPTY;
  const args = spec.args ?? EMPTY;
  const validate = compileArgs(Type.Composite([path, args]) as TObject);
  const methods = Array.isArray(spec.method) ? spec.method : [spec.method];
  app.route({
    method: spec.method,
    url: `${API_PREFIX}${spec.url}`,
    schema: routeSchema({ ...spec, methods }),
    validatorCompiler: passthrough,
    serializerCompiler: plainJson,
    config: { batchable: spec.batch === true },
    handler: async (req, reply) => {
      const merged = validate({ json: req.body, query: req.query, path: req.params }) as Static<P> & Static<A>;
      spec.check?.(merged);
      // A batch validating all its sub-requests before running any (require-all-validate).
      if (req.batch?.scope.validating) return reply.header(VALID_MARKER, '1').send({});
      return spec.handler(req, reply, merged);
    },
  });
}
