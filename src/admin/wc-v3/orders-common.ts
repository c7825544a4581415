import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Actor } from '../../orders/admin.ts';

/** What the orders, order notes and order refunds routes share. */

/** An amount on the wire: WooCommerce documents strings ("10.00"); clients also send numbers. */
export const Money = Type.Union([Type.String({ maxLength: 32 }), Type.Number()]);

/** Who is acting: notes carry their name. */
export function actorOf(req: FastifyRequest): Actor {
  const user = req.user;
  return { author: user ? user.displayName || user.username : 'system' };
}
