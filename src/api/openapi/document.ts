import type { FastifyInstance } from 'fastify';
import type { SwaggerOptions } from '@fastify/swagger';
import { SCHEMAS } from './schemas.ts';
import { REQUEST_SCHEMAS } from './update-customer.ts';
import { ACCOUNT_SCHEMAS } from './accounts.ts';

/**
 * The OpenAPI document at /docs/json: the named schemas as `components.schemas` (under their `$id`),
 * the security schemes, and a last pass over the operations for what Fastify's route schemas cannot say.
 */

/** Adds the named schemas; the routes refer to them by `$id`. */
export function registerOpenApiSchemas(app: FastifyInstance): void {
  for (const schema of [...SCHEMAS, ...REQUEST_SCHEMAS, ...ACCOUNT_SCHEMAS]) app.addSchema(schema);
}

type Operation = {
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Record<string, unknown> }> };
  parameters?: { in: string; name: string; schema?: Record<string, unknown>; style?: string; explode?: boolean }[];
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/**
 * A body is required only when it has a required field (Fastify's route schemas always say it is);
 * an object in the query string is written PHP style, `config[fields]=digital` (deepObject).
 */
function finishOperation(op: Operation): void {
  if (op.requestBody) {
    const schema = Object.values(op.requestBody.content ?? {})[0]?.schema;
    const required = schema?.required;
    op.requestBody.required = Array.isArray(required) && required.length > 0;
  }
  for (const param of op.parameters ?? []) {
    if (param.in === 'query' && param.schema?.type === 'object') {
      param.style = 'deepObject';
      param.explode = true;
    }
  }
}

export function swaggerOptions(version: string): SwaggerOptions {
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Cartwright — CoCart v4 compatible REST API',
        version,
        description:
          'Carts, sessions and a product catalogue for headless stores. Every route also answers at `/?rest_route=<path>`. ' +
          'A guest cart is named by the `CoCart-API-Cart-Key` header (Starter v5: `Cart-Key`) or the `cart_key` query option; every answer from a cart carries both headers.',
      },
      components: {
        securitySchemes: {
          basicAuth: { type: 'http', scheme: 'basic', description: 'A customer or staff login (username, e-mail or billing phone) and password' },
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A token from the login answer (extras.jwt_token) or /cocart/jwt/refresh-token' },
        },
      },
    },
    // Named schemas are listed under their own `$id` rather than as def-0, def-1…
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    transformObject: (documentObject) => {
      const doc = (documentObject as { openapiObject: { paths?: Record<string, Record<string, Operation>> } }).openapiObject;
      for (const item of Object.values(doc.paths ?? {})) {
        for (const method of METHODS) if (item[method]) finishOperation(item[method]);
      }
      return doc as never;
    },
  };
}
