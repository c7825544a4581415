import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { trashNotSupported } from '../../catalog/admin/input.ts';
import { isPayingCustomer, payingCustomers } from '../../customers/account.ts';
import { findUser, queryUsers } from '../../customers/repository.ts';
import { ROLES, type Role, type User } from '../../customers/types.ts';
import { unknownUser, UserAccounts, type CustomerChanges } from '../../customers/users.ts';
import { CocartError } from '../../errors.ts';
import { defineRoute } from '../../api/route.ts';
import type { Runtime } from '../../runtime.ts';
import { requireManager } from './access.ts';
import { pathId } from './context.ts';
import { customerJson } from './customers-json.ts';
import { defineResource } from './resource.ts';
import { COLLECTION_ARGS, literals, ViewArgs } from './schema.ts';

/**
 * `wc/v3/customers`: WooCommerce's customers controller (list, create, retrieve, update, delete with
 * `force` and `reassign`, batch, and `customers/{id}/downloads`). The list shows customers unless `role`
 * says otherwise. Who may change whom is the customers service's rule (src/customers/staff-rules.ts):
 * shop managers manage customers, not staff. Two differences: a password the store generated is in the
 * create's answer, once (`password`), since no e-mail carries it; and administrators may change `role`.
 */

const Text = Type.Optional(Type.String({ maxLength: 200 }));
const AddressBody = Type.Object({
  first_name: Text, last_name: Text, company: Text, address_1: Text, address_2: Text, city: Text, state: Text, postcode: Text, country: Text, email: Text, phone: Text,
});

const CustomerBody = Type.Object({
  email: Type.Optional(Type.String({ maxLength: 100 })),
  first_name: Text,
  last_name: Text,
  username: Type.Optional(Type.String({ maxLength: 60 })),
  password: Type.Optional(Type.String({ maxLength: 200 })),
  role: Type.Optional(literals(ROLES)),
  billing: Type.Optional(AddressBody),
  shipping: Type.Optional(AddressBody),
});
type CustomerBody = Static<typeof CustomerBody>;

const CreateBody = Type.Object({ ...CustomerBody.properties, email: Type.String({ maxLength: 100 }), id: Type.Optional(Type.Integer({ minimum: 0 })) });

/** WordPress's roles: the ones it has that Cartwright has not (editor, author …) are accepted and match no one. */
const LIST_ROLES = ['all', ...ROLES, 'editor', 'author', 'contributor', 'subscriber'] as const;

const ListArgs = Type.Object({
  ...COLLECTION_ARGS,
  order: Type.Optional(literals(['asc', 'desc', 'ASC', 'DESC'])),
  orderby: Type.Optional(literals(['id', 'include', 'name', 'registered_date'])),
  email: Type.Optional(Type.String()),
  role: Type.Optional(literals(LIST_ROLES)),
});
type ListArgs = Static<typeof ListArgs>;

const DeleteArgs = Type.Object({ reassign: Type.Optional(Type.Integer({ minimum: 0 })) });

/** A user with what the answer shows beside the row. */
interface CustomerView {
  user: User;
  paying: boolean;
  /** A password the store made for a new customer, shown in that one answer. */
  generatedPassword?: string | null;
}

function changesOf(body: CustomerBody): CustomerChanges {
  return {
    email: body.email,
    username: body.username,
    password: body.password,
    firstName: body.first_name,
    lastName: body.last_name,
    role: body.role,
    billing: body.billing,
    shipping: body.shipping,
  };
}

function actorOf(req: FastifyRequest): User {
  // requireManager ran before: there is a user.
  return req.user as User;
}

export function registerCustomerRoutes(app: FastifyInstance, runtime: Runtime): void {
  const db = runtime.database.db;
  const accounts = new UserAccounts({ handle: runtime.database, changes: runtime.changes, now: runtime.now });
  const view = async (user: User): Promise<CustomerView> => ({ user, paying: await isPayingCustomer(db, user.id) });

  const list = async (args: ListArgs) => {
    const role = args.role ?? 'customer';
    if (role !== 'all' && !ROLES.includes(role as Role)) return { total: 0, items: [] };
    const { total, users } = await queryUsers(db, {
      offset: args.offset ?? (args.page - 1) * args.per_page,
      limit: args.per_page,
      search: args.search,
      email: args.email,
      role: role === 'all' ? undefined : (role as Role),
      include: args.include,
      exclude: args.exclude,
      orderBy: args.orderby === 'id' || args.orderby === 'include' ? 'id' : args.orderby === 'registered_date' ? 'registered' : 'name',
      order: (args.order ?? 'asc').toLowerCase() === 'desc' ? 'desc' : 'asc',
    });
    const paying = await payingCustomers(db, users.map((u) => u.id));
    return { total, items: users.map((user) => ({ user, paying: paying.has(user.id) })) };
  };

  defineResource(app, runtime, {
    url: '/wc/v3/customers',
    tags: ['WooCommerce: customers'],
    summaries: {
      list: 'List customers (role, email, search, paging)',
      create: 'Create a customer (a username and a password are made when not given)',
      get: 'Retrieve a customer',
      update: 'Update a customer: names, e-mail address, password, addresses; role (administrators)',
      delete: 'Delete a customer (force=true); their orders go to `reassign`, else become guest orders',
    },
    args: { list: ListArgs, create: CreateBody, update: CustomerBody, get: ViewArgs, delete: DeleteArgs },
    permit: requireManager,
    json: (c, v: CustomerView) => ({
      ...customerJson(c, v.user, { isPayingCustomer: v.paying }),
      ...(v.generatedPassword ? { password: v.generatedPassword } : {}),
    }),
    list: (_c, args) => list(args),
    get: async (_c, id) => {
      const user = await findUser(db, id);
      if (!user) throw unknownUser();
      return view(user);
    },
    create: async (_c, body) => {
      if (body.id) throw new CocartError('woocommerce_rest_customer_exists', 'invalid', 'Cannot create existing resource.');
      const { user, generatedPassword } = await accounts.add({ ...changesOf(body), email: body.email });
      return { user, paying: false, generatedPassword };
    },
    update: async (_c, id, body, req) => view(await accounts.change(actorOf(req), id, changesOf(body))),
    delete: async (_c, id, force, req, args) => {
      if (!force) throw trashNotSupported('Customers do not support trashing.');
      const reassign = typeof args.reassign === 'number' ? args.reassign : 0;
      const paying = await isPayingCustomer(db, id);
      return { user: await accounts.remove(actorOf(req), id, reassign), paying };
    },
  });

  // No product here has files to download: a customer's list is always empty.
  defineRoute(app, {
    method: 'GET',
    url: '/wc/v3/customers/:customer_id(^\\d+$)/downloads',
    summary: "List a customer's downloads (always empty: no product has files)",
    tags: ['WooCommerce: customers'],
    handler: async (req) => {
      requireManager(req, 'view');
      if (!(await findUser(db, pathId(req, 'customer_id')))) throw unknownUser();
      return [];
    },
  });
}
