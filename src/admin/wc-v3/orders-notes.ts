import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { defineRoute } from '../../api/route.ts';
import { trashNotSupported } from '../../catalog/admin/input.ts';
import type { OrderAdmin } from '../../orders/admin.ts';
import type { Runtime } from '../../runtime.ts';
import { requireManager } from './access.ts';
import { pathId, WcContext } from './context.ts';
import { noteJson } from './orders-json.ts';
import { actorOf } from './orders-common.ts';
import { literals, ViewArgs } from './schema.ts';

/**
 * `wc/v3/orders/{order_id}/notes`: WooCommerce's order notes controller. Notes are listed, added, read
 * and deleted, never edited; there is no trash for them, so a delete must say `force=true`. A note is
 * private to the store unless `customer_note` says the customer may see it; `added_by_user` signs it
 * with the caller's name, otherwise it is the system's.
 */

const TAGS = ['WooCommerce: order notes'];
const COLLECTION = '/wc/v3/orders/:order_id(^\\d+$)/notes';
const ONE = `${COLLECTION}/:id(^\\d+$)`;

export function registerOrderNoteRoutes(app: FastifyInstance, runtime: Runtime, admin: OrderAdmin): void {
  const orderOf = (req: Parameters<typeof pathId>[0]) => pathId(req, 'order_id');

  defineRoute(app, {
    method: 'GET',
    url: COLLECTION,
    summary: 'List an order\'s notes (type: any, customer or internal), the latest first',
    tags: TAGS,
    args: Type.Object({ context: Type.Optional(Type.String()), type: Type.Optional(literals(['any', 'customer', 'internal'])) }),
    handler: async (req, _reply, args) => {
      requireManager(req, 'list');
      const c = new WcContext(runtime, req);
      return (await admin.notes(orderOf(req), args.type ?? 'any')).map((n) => noteJson(c, n));
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: COLLECTION,
    summary: 'Add a note to an order (customer_note: the customer sees it too)',
    tags: TAGS,
    args: Type.Object({
      note: Type.String(),
      customer_note: Type.Boolean({ default: false }),
      added_by_user: Type.Boolean({ default: false }),
    }),
    handler: async (req, reply, args) => {
      requireManager(req, 'create');
      const author = args.added_by_user ? actorOf(req).author : 'system';
      const note = await admin.addNote(orderOf(req), args.note, args.customer_note, { author });
      const body = noteJson(new WcContext(runtime, req), note);
      return reply.status(201).header('location', (body._links as { self: { href: string }[] }).self[0].href).send(body);
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: ONE,
    summary: 'Retrieve an order note',
    tags: TAGS,
    args: ViewArgs,
    handler: async (req) => {
      requireManager(req, 'view');
      return noteJson(new WcContext(runtime, req), await admin.note(orderOf(req), pathId(req)));
    },
  });

  defineRoute(app, {
    method: 'DELETE',
    url: ONE,
    summary: 'Delete an order note (force=true: notes have no trash)',
    tags: TAGS,
    args: Type.Object({ force: Type.Boolean({ default: false }) }),
    handler: async (req, _reply, args) => {
      requireManager(req, 'delete');
      if (!args.force) throw trashNotSupported('Order notes do not support trashing.');
      return noteJson(new WcContext(runtime, req), await admin.deleteNote(orderOf(req), pathId(req)));
    },
  });
}
