import type { HTTPMethods } from 'fastify';
import { Type, type TObject, type TSchema } from '@sinclair/typebox';
import { Common } from '../cocart-v2/cart-args.ts';
import { ref } from './schemas.ts';

/**
 * What a route declared with `defineRoute` shows in the OpenAPI document: parameters where a client
 * sends them, request headers, who may call, and the answers. Documentation only: nothing here
 * validates a request or shapes a response.
 */

export type SecurityRequirement = Record<string, string[]>;

/** Anyone; a logged-in customer sends Basic credentials or a token. */
export const OPTIONAL_AUTH: SecurityRequirement[] = [{}, { basicAuth: [] }, { bearerAuth: [] }];
/** Only with credentials (the role is checked by the route). */
export const REQUIRED_AUTH: SecurityRequirement[] = [{ basicAuth: [] }, { bearerAuth: [] }];
export const BEARER_AUTH: SecurityRequirement[] = [{ bearerAuth: [] }];

/** Answers by status: `200`, `201`, `207`, `'4XX'`, `'default'`… */
export type ResponseDocs = Record<number | string, TSchema>;

export interface RouteDocInput {
  methods: HTTPMethods[];
  url: string;
  summary: string;
  tags: string[];
  path?: TObject;
  args?: TObject;
  query?: TObject;
  body?: TSchema;
  response?: ResponseDocs;
  security?: SecurityRequirement[];
}

const CART_OPTIONS = Object.keys(Common) as (keyof typeof Common)[];

/** Routes that work on the shopper's cart, the batch and checkout routes included. */
function isCartRoute(url: string): boolean {
  return url === '/cocart/v2/cart' || url.startsWith('/cocart/v2/cart/') || url === '/cocart/batch' || url === '/batch/v1' || url === '/cocart/v2/checkout' || url === '/cocart/v2/checkout/payment-methods';
}

/** Routes answering with the whole cart unless they say otherwise. */
function answersWithCart(url: string): boolean {
  return url === '/cocart/v2/cart' || url.startsWith('/cocart/v2/cart/');
}

function isAdminRoute(url: string): boolean {
  return /^\/(wc\/v3|cartwright\/v1|cocart\/settings)\//.test(url) || /^\/cocart\/v2\/sessions?(\/|$)/.test(url);
}

/** Whether an argument is one of the cart's query options: the `Common` schema itself, or its name on a cart route. */
function isQueryOption(url: string, name: string, schema: TSchema): boolean {
  if (!(CART_OPTIONS as string[]).includes(name)) return false;
  return schema === Common[name as keyof typeof Common] || isCartRoute(url);
}

const header = (description: string, extra: object = {}) => Type.Optional(Type.String({ description, ...extra }));

const CART_REQUEST_HEADERS = {
  'CoCart-API-Cart-Key': header("A guest cart's key (as returned in the CoCart-API-Cart-Key response header); wins over cart_key"),
  'CoCart-API-Customer': header("Administrators and shop managers: the ID of the customer whose cart to work on"),
};
const WRITE_HEADERS = {
  'Idempotency-Key': header('Any printable ASCII string (1–255 characters): a retry with the same key gets the first answer, marked Idempotent-Replayed: true, without running again', { maxLength: 255 }),
  'If-Match': header("The cart's ETag from an earlier answer: the write happens only if the cart has not changed since (else 412 cocart_cart_modified)"),
};
const CONDITIONAL_READ_HEADERS = {
  'If-None-Match': header('The ETag of the answer you hold: 304 Not Modified (CoCart-Cache: HIT) while it is still current'),
};
/** The GETs that answer 304 for a current If-None-Match: the cart and its parts, and the Products API. */
const CONDITIONAL_READS = /^\/cocart\/v2\/(cart(\/items(\/count)?|\/totals|\/item\/.+)?|products(\/.*)?)$/;
const ACCESS_TOKEN_HEADER = {
  'X-CoCart-Access-Token': header('The access token, when the store requires one for the Sessions API'),
};

/** Response headers of every answer that comes from a cart. */
export const CART_RESPONSE_HEADERS = {
  'CoCart-API-Cart-Key': { type: 'string', description: "The cart's key: send it back as the CoCart-API-Cart-Key header (or cart_key) to keep working on this cart" },
  'CoCart-API-Cart-Expiring': { type: 'string', pattern: '^\\d+$', description: 'Unix time from which the cart counts as expiring' },
  'CoCart-API-Cart-Expiration': { type: 'string', pattern: '^\\d+$', description: 'Unix time at which the cart expires' },
  ETag: { type: 'string', description: 'The cart version, for If-Match (and If-None-Match on a GET); absent with _skip_cache' },
  'CoCart-Cache': { type: 'string', enum: ['HIT', 'MISS', 'SKIP'], description: 'HIT: a 304 for If-None-Match; MISS: the full answer with its ETag; SKIP: _skip_cache was asked' },
};

const ERROR = ref('Error', { description: "An error, in CoCart's error envelope" });

function withDescription(schema: TSchema, description: string): TSchema {
  return schema.description ? schema : { ...schema, description };
}

function responses(input: RouteDocInput): Record<string, unknown> {
  const given: Record<string, TSchema> = { ...(input.response ?? {}) };
  if (answersWithCart(input.url) && !Object.keys(given).some((s) => s.startsWith('2'))) given[200] = ref('Cart', { description: 'The cart' });
  if (!Object.keys(given).some((s) => s.startsWith('2'))) given[200] = Type.Unknown({ description: 'Success' });
  const out: Record<string, unknown> = {};
  for (const [status, schema] of Object.entries(given)) {
    const success = status.startsWith('2');
    let doc: TSchema = withDescription(schema, success ? 'Success' : 'Error');
    if (success && isCartRoute(input.url)) doc = { ...doc, headers: CART_RESPONSE_HEADERS };
    out[status] = doc;
  }
  if (!Object.keys(out).some((s) => s.startsWith('4'))) out['4XX'] = ERROR;
  if (!Object.keys(out).some((s) => s.startsWith('5'))) out['5XX'] = ERROR;
  return out;
}

function headers(input: RouteDocInput, writes: boolean): TObject | null {
  let props: Record<string, TSchema> = {};
  if (isCartRoute(input.url)) props = { ...CART_REQUEST_HEADERS, ...(writes ? WRITE_HEADERS : {}) };
  if (CONDITIONAL_READS.test(input.url) && !writes) props = { ...props, ...CONDITIONAL_READ_HEADERS };
  if (/^\/cocart\/v2\/sessions?(\/|$)/.test(input.url)) props = { ...props, ...ACCESS_TOKEN_HEADER };
  return Object.keys(props).length ? Type.Object(props) : null;
}

/** The Fastify route schema @fastify/swagger turns into this route's operation. */
export function routeSchema(input: RouteDocInput): Record<string, unknown> {
  const readsBody = input.methods.some((m) => m !== 'GET' && m !== 'HEAD' && m !== 'DELETE');
  const writes = input.methods.some((m) => m !== 'GET' && m !== 'HEAD');
  const query: Record<string, TSchema> = {};
  const body: Record<string, TSchema> = {};
  for (const [name, schema] of Object.entries(input.args?.properties ?? {})) {
    if (!readsBody || isQueryOption(input.url, name, schema)) query[name] = schema;
    else body[name] = schema;
  }
  Object.assign(query, input.query?.properties ?? {});
  // Type.Object reads which properties are required from the property schemas themselves.
  const bodySchema = input.body ?? (Object.keys(body).length ? Type.Object(body) : null);
  const headerSchema = headers(input, writes);
  return {
    summary: input.summary,
    tags: input.tags,
    ...(input.path ? { params: input.path } : {}),
    ...(Object.keys(query).length ? { querystring: Type.Object(query) } : {}),
    ...(bodySchema ? { body: bodySchema } : {}),
    ...(headerSchema ? { headers: headerSchema } : {}),
    security: input.security ?? (isAdminRoute(input.url) ? REQUIRED_AUTH : OPTIONAL_AUTH),
    response: responses(input),
  };
}
