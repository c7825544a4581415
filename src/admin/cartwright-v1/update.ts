import type { FastifyInstance, FastifyRequest } from 'fastify';
import { deniedKind } from '../../api/auth.ts';
import { defineRoute } from '../../api/route.ts';
import { isAdministrator } from '../../customers/types.ts';
import { CocartError } from '../../errors.ts';
import type { Runtime } from '../../runtime.ts';
import { systemStatus } from '../../status.ts';
import { requireManager } from '../wc-v3/access.ts';

/**
 * The database update flow (docs/wire-contract.md#database-updates; the README's "Updating and backups") and the system
 * status. `GET …/update` tells the dashboard which notice to show: `needed` ("update required", with
 * a button that POSTs here), `running` (its progress, from the counts and the scheduled actions of
 * group `cartwright-db-updates`), `complete` (a dismissible notice, shown until dismissed). Starting
 * and dismissing take an administrator, as installing plugins does in WordPress; shop managers may look.
 */

const TAGS = ['Cartwright: updates and status'];

function requireAdministrator(req: FastifyRequest): void {
  if (isAdministrator(req.user)) return;
  throw new CocartError('cartwright_rest_cannot_update', deniedKind(req), 'Sorry, only administrators may update the database.');
}

export function registerUpdateRoutes(app: FastifyInstance, runtime: Runtime): void {
  defineRoute(app, {
    method: 'GET',
    url: '/cartwright/v1/update',
    summary: 'Whether the database needs an update, and its progress',
    tags: TAGS,
    handler: async (req) => {
      requireManager(req, 'view');
      return runtime.upgrades.status();
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: '/cartwright/v1/update',
    summary: 'Start the database update in the background',
    tags: TAGS,
    handler: async (req, reply) => {
      requireAdministrator(req);
      const queued = await runtime.upgrades.start();
      return reply.status(queued ? 202 : 200).send(await runtime.upgrades.status());
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: '/cartwright/v1/update/dismiss',
    summary: 'Dismiss the "update complete" notice',
    tags: TAGS,
    handler: async (req) => {
      requireAdministrator(req);
      await runtime.upgrades.dismissNotice();
      return runtime.upgrades.status();
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/cartwright/v1/system-status',
    summary: 'Versions, database, modules, settings, sessions, jobs and pending updates, for a support request',
    tags: TAGS,
    handler: async (req) => {
      requireManager(req, 'view');
      return systemStatus(runtime);
    },
  });
}
