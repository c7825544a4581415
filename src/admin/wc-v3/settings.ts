import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { translator } from '../../api/request-context.ts';
import { defineRoute } from '../../api/route.ts';
import type { JsonObject } from '../../hooks/types.ts';
import { TaxService } from '../../rules/admin/taxes.ts';
import type { Runtime } from '../../runtime.ts';
import { patchSettings } from '../../settings/patch.ts';
import { requireAdministrator, requireManager } from './access.ts';
import { attempt, checkBatchSize } from './batch.ts';
import { WcContext } from './context.ts';
import { ViewArgs } from './schema.ts';
import {
  checkValue, groupMissing, invalidValue, optionMissing, optionsOf, SETTING_GROUPS,
  type SettingGroup, type SettingOption, type StoreView,
} from './setting-options.ts';

/**
 * `wc/v3/settings`: WooCommerce's settings and setting options controllers for the `general` and `tax`
 * groups, over the same stored settings as `cocart/settings` and the dashboard. Administrators and shop
 * managers may read them; changing them is for administrators, as every setting is. Each change is
 * checked and stored on its own (a batch's items too): a refused one stores nothing and says why.
 */

const TAGS = ['WooCommerce: settings'];
const GROUP = '/wc/v3/settings/:group(^[\\w-]+$)';
const OPTION = `${GROUP}/:id(^[\\w-]+$)`;

const ValueArgs = Type.Object({ value: Type.Optional(Type.Unknown()) });
const Update = Type.Object({ id: Type.String(), value: Type.Optional(Type.Unknown()) }, { additionalProperties: true });
const GroupBatchArgs = Type.Object({ update: Type.Optional(Type.Array(Update)) });
const BatchArgs = Type.Object({ update: Type.Optional(Type.Array(Type.Composite([Update, Type.Object({ group_id: Type.String() })]))) });

export function registerSettingRoutes(app: FastifyInstance, runtime: Runtime): void {
  const taxes = new TaxService(runtime);
  const view = (): StoreView => {
    const settings = runtime.settings.get();
    return { settings, taxClasses: runtime.rules.current(settings.store.num_decimals).taxClasses };
  };
  const groupOf = (id: string): SettingGroup => {
    const group = SETTING_GROUPS.find((g) => g.id === id);
    if (!group?.present(runtime.settings.get())) throw groupMissing();
    return group;
  };
  const optionOf = (group: SettingGroup, id: string): SettingOption => {
    const option = optionsOf(group, runtime.settings.get()).find((o) => o.id === id);
    if (!option) throw optionMissing();
    return option;
  };

  /** An option as WooCommerce answers it; one retrieved or changed on its own also names its group. */
  const json = (req: FastifyRequest, group: SettingGroup, option: SettingOption, alone: boolean): JsonObject => {
    const store = view();
    const base = `${new WcContext(runtime, req).root}/settings/${group.id}`;
    const options = option.options?.(store);
    return {
      id: option.id,
      label: option.label,
      description: option.description,
      type: option.type,
      default: option.default,
      ...(options && Object.keys(options).length ? { options } : {}),
      ...(option.tip !== undefined ? { tip: option.tip } : {}),
      value: option.read(store),
      ...(alone ? { group_id: group.id } : {}),
      _links: { self: [{ href: `${base}/${option.id}` }], collection: [{ href: base }] },
    };
  };

  const update = async (req: FastifyRequest, groupId: string, id: string, raw: unknown): Promise<JsonObject> => {
    const group = groupOf(groupId);
    const option = optionOf(group, id);
    const change = option.write(checkValue(option, raw, view()));
    if ('taxClasses' in change) await taxes.syncClasses(change.taxClasses);
    else {
      const { settings, errors } = patchSettings(runtime.settings.get(), change.settings);
      const reasons = Object.values(errors);
      if (reasons.length) {
        const t = translator(req);
        throw invalidValue({ [option.id]: reasons.map((r) => t(r.msgid, ...r.args)).join(' ') });
      }
      await runtime.settings.save(settings);
    }
    return json(req, group, option, true);
  };

  /** A batch: each change on its own, a refused one answered with `{id, error}` in its place. */
  const batch = async (req: FastifyRequest, items: { group: string; id: string; value?: unknown }[] | undefined): Promise<JsonObject> => {
    requireAdministrator(req, 'edit');
    checkBatchSize(items?.length ?? 0);
    if (!items) return {};
    const out: JsonObject[] = [];
    for (const item of items) out.push(await attempt(req, item.id, () => update(req, item.group, item.id, item.value)));
    return { update: out };
  };

  defineRoute(app, {
    method: 'GET',
    url: '/wc/v3/settings',
    summary: 'List the settings groups (tax only while taxes are enabled)',
    tags: TAGS,
    args: ViewArgs,
    handler: async (req) => {
      requireManager(req, 'list');
      const root = new WcContext(runtime, req).root;
      return SETTING_GROUPS.filter((g) => g.present(runtime.settings.get())).map((g) => ({
        id: g.id,
        label: g.label,
        description: '',
        parent_id: '',
        sub_groups: [],
        _links: { options: [{ href: `${root}/settings/${g.id}` }] },
      }));
    },
  });

  defineRoute(app, {
    method: ['POST', 'PUT', 'PATCH'],
    url: '/wc/v3/settings/batch',
    summary: 'Change options of any group: {update: [{group_id, id, value}]} (administrators)',
    tags: TAGS,
    args: BatchArgs,
    handler: async (req, _reply, args) => batch(req, args.update?.map((item) => ({ ...item, group: item.group_id }))),
  });

  defineRoute(app, {
    method: 'GET',
    url: GROUP,
    summary: 'List the options of a settings group, with their values',
    tags: TAGS,
    args: ViewArgs,
    handler: async (req) => {
      requireManager(req, 'list');
      const group = groupOf((req.params as { group: string }).group);
      return optionsOf(group, runtime.settings.get()).map((o) => json(req, group, o, false));
    },
  });

  defineRoute(app, {
    method: ['POST', 'PUT', 'PATCH'],
    url: `${GROUP}/batch`,
    summary: 'Change several options of a group: {update: [{id, value}]} (administrators)',
    tags: TAGS,
    args: GroupBatchArgs,
    handler: async (req, _reply, args) => {
      const group = (req.params as { group: string }).group;
      return batch(req, args.update?.map((item) => ({ ...item, group })));
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: OPTION,
    summary: 'Retrieve a setting option',
    tags: TAGS,
    args: ViewArgs,
    handler: async (req) => {
      requireManager(req, 'view');
      const { group: groupId, id } = req.params as { group: string; id: string };
      const group = groupOf(groupId);
      return json(req, group, optionOf(group, id), true);
    },
  });

  defineRoute(app, {
    method: ['POST', 'PUT', 'PATCH'],
    url: OPTION,
    summary: 'Change a setting option: {value} (administrators)',
    tags: TAGS,
    args: ValueArgs,
    handler: async (req, _reply, args) => {
      requireAdministrator(req, 'edit');
      const { group, id } = req.params as { group: string; id: string };
      return update(req, group, id, args.value);
    },
  });
}
