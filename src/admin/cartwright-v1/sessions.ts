import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { defineRoute } from '../../api/route.ts';
import type { Runtime } from '../../runtime.ts';
import { requireManager } from '../wc-v3/access.ts';

/**
 * `cartwright/v1/sessions/activity`: carts started per day (UTC) over the last days, split into those
 * still active and those expired, with today's counts. The dashboard's overview charts it; the
 * Sessions API lists the carts themselves.
 */
export function registerSessionActivityRoutes(app: FastifyInstance, runtime: Runtime): void {
  defineRoute(app, {
    method: 'GET',
    url: '/cartwright/v1/sessions/activity',
    summary: 'Carts started per day, and the carts in session now (active, expiring within 24 hours, expired)',
    tags: ['Cartwright: sessions'],
    args: Type.Object({ days: Type.Integer({ minimum: 1, maximum: 366, default: 30 }) }),
    handler: async (req, _reply, args) => {
      requireManager(req, 'list');
      const [counts, days] = await Promise.all([runtime.sessions.counts(), runtime.sessions.startedPerDay(args.days)]);
      return { counts, days };
    },
  });
}
