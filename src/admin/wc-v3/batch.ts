import type { FastifyInstance, FastifyRequest } from 'fastify';
import { statusOf } from '../../api/errors.ts';
import { Type } from '@sinclair/typebox';
import { CocartError } from '../../errors.ts';
import type { JsonObject } from '../../hooks/types.ts';
import { defineRoute } from '../../api/route.ts';
import { errorBody, toCocartError } from '../../api/transport.ts';
import type { Action } from './access.ts';

/**
 * WooCommerce's `POST …/batch`: `{create: [], update: [], delete: [ids]}`, at most 100 items in all.
 * Each item runs on its own (its own transaction): one that fails is answered with `{id, error}` in
 * its place and stores nothing, and the others still run. Deletes are permanent (`force`), as in WooCommerce.
 */

const BATCH_LIMIT = 100;

/** WooCommerce's refusal of a batch of more than 100 items in all. */
export function checkBatchSize(total: number): void {
  if (total > BATCH_LIMIT) {
    throw new CocartError('woocommerce_rest_request_entity_too_large', 'too_large', 'Unable to accept more than %s items for this request.', [BATCH_LIMIT]);
  }
}

export interface BatchOps {
  create(item: Record<string, unknown>): Promise<JsonObject>;
  update(item: Record<string, unknown>): Promise<JsonObject>;
  delete(id: number): Promise<JsonObject>;
}

const Item = Type.Object({}, { additionalProperties: true });
const BatchArgs = Type.Object({
  create: Type.Optional(Type.Array(Item)),
  update: Type.Optional(Type.Array(Item)),
  delete: Type.Optional(Type.Array(Type.Integer({ minimum: 0 }))),
});

function itemId(item: Record<string, unknown>): number {
  const id = Number(item.id);
  return Number.isSafeInteger(id) && id > 0 ? id : 0;
}

/** One item of a batch: its answer, or `{id, error}` in its place. */
export async function attempt(req: FastifyRequest, id: number | string, run: () => Promise<JsonObject>): Promise<JsonObject> {
  try {
    return await run();
  } catch (err) {
    const error = toCocartError(err);
    if (statusOf(error) >= 500) req.log.error({ err }, 'Batch item failed');
    return { id, error: errorBody(error, req.locale || 'en') };
  }
}

export function defineBatchRoute(
  app: FastifyInstance,
  url: string,
  tags: string[],
  permit: (req: FastifyRequest, action: Action) => void,
  ops: (req: FastifyRequest) => BatchOps,
): void {
  defineRoute(app, {
    method: ['POST', 'PUT', 'PATCH'],
    url,
    summary: 'Create, update and delete several at once',
    tags,
    args: BatchArgs,
    handler: async (req, _reply, args) => {
      permit(req, 'batch');
      checkBatchSize((args.create?.length ?? 0) + (args.update?.length ?? 0) + (args.delete?.length ?? 0));
      const run = ops(req);
      const out: Record<string, JsonObject[]> = {};
      if (args.create) {
        out.create = [];
        for (const item of args.create) out.create.push(await attempt(req, 0, () => run.create(item as Record<string, unknown>)));
      }
      if (args.update) {
        out.update = [];
        for (const item of args.update) {
          const record = item as Record<string, unknown>;
          out.update.push(await attempt(req, itemId(record), () => run.update(record)));
        }
      }
      if (args.delete) {
        out.delete = [];
        for (const id of args.delete) out.delete.push(await attempt(req, id, () => run.delete(id)));
      }
      return out;
    },
  });
}
