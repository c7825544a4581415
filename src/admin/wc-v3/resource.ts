import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import { Type, type Static, type TObject } from '@sinclair/typebox';
import { compileArgs } from '../../api/args.ts';
import { paginate } from '../../api/pagination.ts';
import { origin } from '../../api/request-context.ts';
import { defineRoute } from '../../api/route.ts';
import type { JsonObject } from '../../hooks/types.ts';
import type { Runtime } from '../../runtime.ts';
import type { Action } from './access.ts';
import { defineBatchRoute } from './batch.ts';
import { pathId, WcContext } from './context.ts';

/**
 * WooCommerce's routes for one resource, as its REST controllers register them: list and create on the
 * collection; retrieve, update (PUT, PATCH or POST) and delete (`force`) on an item; and `…/batch`.
 * A resource says what differs: its schemas, what each route does (a service call, a snapshot read), how
 * an item looks on the wire and who may do what.
 *
 * A write is shaped with a context taken after it, so the answer shows the reloaded catalogue; a delete
 * shows the item as it was, with the context taken before.
 */

export interface Listed<T> {
  total: number;
  items: T[];
}

export interface Resource<T, L extends TObject, C extends TObject, U extends TObject> {
  /** The collection's path under /wp-json, Fastify syntax. An item is `<url>/:<idParam>`. */
  url: string;
  tags: string[];
  summaries: Record<'list' | 'create' | 'get' | 'update' | 'delete', string>;
  /** The item's path parameter, `id` unless said otherwise. */
  idParam?: string;
  /** Each route's arguments; a retrieve without `get` takes none, a delete `force` and what `delete` adds. */
  args: { list: L; create: C; update: U; get?: TObject; delete?: TObject };
  /**
   * How a list tells its size: WordPress's paging headers over `page` and `per_page` (`pages`, unless said
   * otherwise); a count, everything being on one page (`count`, WooCommerce's attributes); or not at all
   * (`none`, shipping zones).
   */
  paging?: 'pages' | 'count' | 'none';
  /** Whether there is a `…/batch` route (there is unless said otherwise). */
  batch?: boolean;
  /**
   * How a create answers: 201 with the new item's own link as `Location`, as WordPress does; WooCommerce's
   * shipping zone methods answer 200.
   */
  createdStatus?: 201 | 200;
  /** Throws when the request's user may not do this. */
  permit(req: FastifyRequest, action: Action): void;
  json(c: WcContext, item: T, req: FastifyRequest): JsonObject;
  list(c: WcContext, args: Static<L>, req: FastifyRequest): Listed<T> | Promise<Listed<T>>;
  /** The item, or the resource's not-found refusal. */
  get(c: WcContext, id: number, req: FastifyRequest): T | Promise<T>;
  create(c: WcContext, body: Static<C>, req: FastifyRequest): Promise<T>;
  update(c: WcContext, id: number, body: Static<U>, req: FastifyRequest): Promise<T>;
  /** Answers the item as it was before; `args` are the route's own (`args.delete`), empty in a batch. */
  delete(c: WcContext, id: number, force: boolean, req: FastifyRequest, args: Record<string, unknown>): Promise<T>;
}

const ForceArgs = Type.Object({ force: Type.Boolean({ default: false }) });

function selfLink(body: JsonObject): string {
  return (body._links as { self: { href: string }[] }).self[0].href;
}

export function defineResource<T, L extends TObject, C extends TObject, U extends TObject>(
  app: FastifyInstance,
  runtime: Runtime,
  r: Resource<T, L, C, U>,
): void {
  const idParam = r.idParam ?? 'id';
  const paging = r.paging ?? 'pages';
  const one = `${r.url}/:${idParam}(^\\d+$)`;
  const context = (req: FastifyRequest) => new WcContext(runtime, req);

  // What the single routes and the batch share.
  const create = async (req: FastifyRequest, body: Static<C>): Promise<JsonObject> => {
    const item = await r.create(context(req), body, req);
    return r.json(context(req), item, req);
  };
  const update = async (req: FastifyRequest, id: number, body: Static<U>): Promise<JsonObject> => {
    const item = await r.update(context(req), id, body, req);
    return r.json(context(req), item, req);
  };
  const remove = async (req: FastifyRequest, id: number, force: boolean, args: Record<string, unknown> = {}): Promise<JsonObject> => {
    const c = context(req);
    return r.json(c, await r.delete(c, id, force, req, args), req);
  };

  const route = <A extends TObject>(
    method: HTTPMethods | HTTPMethods[],
    url: string,
    summary: string,
    args: A | undefined,
    handler: (req: FastifyRequest, reply: FastifyReply, args: Static<A>) => Promise<unknown>,
  ) => defineRoute(app, { method, url, summary, tags: r.tags, args, handler });

  route('GET', r.url, r.summaries.list, r.args.list, async (req, reply, args) => {
    r.permit(req, 'list');
    const c = context(req);
    const { total, items } = await r.list(c, args, req);
    if (paging === 'pages') {
      const { page, per_page } = args as Static<L> & { page: number; per_page: number };
      paginate(req, reply, origin(req, runtime), total, page, per_page, null);
    } else if (paging === 'count') {
      reply.header('x-wp-total', String(total)).header('x-wp-totalpages', '1');
    }
    return items.map((item) => r.json(c, item, req));
  });
  route('POST', r.url, r.summaries.create, r.args.create, async (req, reply, args) => {
    r.permit(req, 'create');
    const body = await create(req, args);
    if (r.createdStatus === 200) return body;
    return reply.status(201).header('location', selfLink(body)).send(body);
  });
  route('GET', one, r.summaries.get, r.args.get, async (req) => {
    r.permit(req, 'view');
    const c = context(req);
    return r.json(c, await r.get(c, pathId(req, idParam), req), req);
  });
  route(['PUT', 'PATCH', 'POST'], one, r.summaries.update, r.args.update, async (req, _reply, args) => {
    r.permit(req, 'edit');
    return update(req, pathId(req, idParam), args);
  });
  const deleteArgs = r.args.delete ? Type.Object({ ...r.args.delete.properties, ...ForceArgs.properties }) : ForceArgs;
  route('DELETE', one, r.summaries.delete, deleteArgs, async (req, _reply, args) => {
    r.permit(req, 'delete');
    return remove(req, pathId(req, idParam), args.force, args);
  });

  if (r.batch === false) return;
  const validateCreate = compileArgs(r.args.create);
  const validateUpdate = compileArgs(r.args.update);
  defineBatchRoute(app, `${r.url}/batch`, r.tags, r.permit, (req) => ({
    create: (item) => create(req, validateCreate({ json: item }) as Static<C>),
    update: (item) => update(req, Number.isSafeInteger(Number(item.id)) ? Number(item.id) : 0, validateUpdate({ json: item }) as Static<U>),
    delete: (id) => remove(req, id, true),
  }));
}
