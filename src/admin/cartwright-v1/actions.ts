import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { paginate } from '../../api/pagination.ts';
import { apiRoot, origin } from '../../api/request-context.ts';
import { defineRoute } from '../../api/route.ts';
import { CocartError } from '../../errors.ts';
import type { JsonObject } from '../../hooks/types.ts';
import { ACTION_STATUSES, type ActionLog, type ScheduledAction } from '../../jobs/queue.ts';
import type { Runtime } from '../../runtime.ts';
import { requireManager } from '../wc-v3/access.ts';
import { pathId } from '../wc-v3/context.ts';
import { literals } from '../wc-v3/schema.ts';

/**
 * `cartwright/v1/actions`: the background queue, as WooCommerce's Tools → Scheduled Actions screen
 * shows it. List (filters status, hook, group, search in hook and arguments; paging with X-WP-Total),
 * counts per status, one action with its log, "run now" (due at once; this node's worker wakes) and
 * cancel (pending only). Administrators and shop managers only.
 */

const TAGS = ['Cartwright: scheduled actions'];
const BASE = '/cartwright/v1/actions';
const ONE = `${BASE}/:id(^\\d+$)`;

const Filters = {
  hook: Type.Optional(Type.String({ maxLength: 191 })),
  group: Type.Optional(Type.String({ maxLength: 191 })),
  search: Type.Optional(Type.String({ maxLength: 200 })),
};

const ListArgs = Type.Object({
  page: Type.Integer({ minimum: 1, default: 1 }),
  per_page: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
  status: Type.Optional(literals(ACTION_STATUSES)),
  ...Filters,
  /** Default scheduled_at, newest first, as Action Scheduler's screen. */
  orderby: Type.Optional(literals(['scheduled_at', 'id'] as const)),
  order: Type.Optional(literals(['asc', 'desc'] as const)),
});
type ListArgs = Static<typeof ListArgs>;

const CountArgs = Type.Object(Filters);

function time(t: number | null): string | null {
  return t === null ? null : new Date(t * 1000).toISOString().replace('.000Z', 'Z');
}

function actionJson(root: string, a: ScheduledAction, logs?: ActionLog[]): JsonObject {
  return {
    id: a.id,
    hook: a.hook,
    status: a.status,
    args: a.args,
    group: a.group,
    scheduled_at: time(a.scheduledAt),
    recurrence: a.recurrence,
    attempts: a.attempts,
    max_attempts: a.maxAttempts,
    claimed_by: a.claimedBy,
    lease_until: time(a.leaseUntil),
    last_error: a.lastError,
    created_at: time(a.createdAt),
    completed_at: time(a.completedAt),
    ...(logs ? { logs: logs.map((l) => ({ id: l.id, logged_at: time(l.loggedAt), message: l.message })) } : {}),
    _links: { self: [{ href: `${root}${BASE}/${a.id}` }], collection: [{ href: `${root}${BASE}` }] },
  };
}

function notFound(): CocartError {
  return new CocartError('cartwright_action_not_found', 'not_found', 'No action with this ID.');
}

export function registerActionRoutes(app: FastifyInstance, runtime: Runtime): void {
  const { queue } = runtime.jobs;
  const withLogs = async (req: FastifyRequest, a: ScheduledAction) => actionJson(apiRoot(req, runtime), a, await queue.logs(a.id));

  defineRoute(app, {
    method: 'GET',
    url: BASE,
    summary:
      'List scheduled actions (filters status, hook, group, search in the hook and arguments; orderby scheduled_at or id; ' +
      'paging with page, per_page, offset and X-WP-Total headers)',
    tags: TAGS,
    args: ListArgs,
    handler: async (req, reply, args) => {
      requireManager(req, 'list');
      const offset = args.offset ?? (args.page - 1) * args.per_page;
      const { total, actions } = await queue.list({
        status: args.status, hook: args.hook, group: args.group, search: args.search,
        offset, limit: args.per_page, orderBy: args.orderby ?? 'scheduled_at', order: args.order ?? 'desc',
      });
      paginate(req, reply, origin(req, runtime), total, args.page, args.per_page, 'cartwright_actions_invalid_page_number');
      const root = apiRoot(req, runtime);
      return actions.map((a) => actionJson(root, a));
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: `${BASE}/counts`,
    summary: 'How many actions there are of each status (filters hook, group, search as the list)',
    tags: TAGS,
    args: CountArgs,
    handler: async (req, _reply, args) => {
      requireManager(req, 'list');
      return queue.counts({ hook: args.hook, group: args.group, search: args.search });
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: ONE,
    summary: 'One scheduled action with its log',
    tags: TAGS,
    handler: async (req) => {
      requireManager(req, 'view');
      const action = await queue.get(pathId(req));
      if (!action) throw notFound();
      return withLogs(req, action);
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: `${ONE}/run`,
    summary: 'Run an action now: a pending one becomes due at once, a failed one gets fresh attempts (409 if complete, canceled or running)',
    tags: TAGS,
    handler: async (req) => {
      requireManager(req, 'edit');
      return withLogs(req, await queue.runNow(pathId(req)));
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: `${ONE}/cancel`,
    summary: 'Cancel a pending action (409 otherwise); a recurring one runs no more',
    tags: TAGS,
    handler: async (req) => {
      requireManager(req, 'edit');
      return withLogs(req, await queue.cancel(pathId(req)));
    },
  });
}
