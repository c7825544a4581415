import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { translator } from '../../api/request-context.ts';
import { defineRoute } from '../../api/route.ts';
import { isAdministrator } from '../../customers/types.ts';
import { CocartError } from '../../errors.ts';
import type { JsonObject } from '../../hooks/types.ts';
import type { PaymentGateway } from '../../payments/gateway.ts';
import { gatewayReasons, gatewaySettings, settingsPatch, storedValue, wireValue } from '../../payments/gateway-settings.ts';
import type { Runtime } from '../../runtime.ts';
import { patchSettings, type Reason } from '../../settings/patch.ts';
import type { Settings } from '../../settings/schema.ts';
import { requireAdministrator, requireManager } from './access.ts';
import { links, WcContext } from './context.ts';
import { ViewArgs } from './schema.ts';

/**
 * `wc/v3/payment_gateways`: WooCommerce's payment gateways controller (list, retrieve, update), over the
 * same stored `payments` settings the Settings API changes, so there is one source of truth. Gateways
 * are listed in the order shoppers are offered them, which `order` reports and cannot change here.
 *
 * Administrators and shop managers may read them, as in WooCommerce; changing them is for
 * administrators, as every setting is, and a shop manager is not shown their secrets (the `password`
 * settings). `needs_setup` (WooCommerce's admin extension) says whether a gateway lacks what it needs
 * to be offered at all (Stripe without a secret key); a setting the server's environment supplies
 * carries `overridden_by` with the variable's name, its stored value then being unused.
 */

const TAGS = ['WooCommerce: payment gateways'];
const COLLECTION = '/wc/v3/payment_gateways';
const ONE = `${COLLECTION}/:id(^[\\w-]+$)`;

const UpdateBody = Type.Object({
  title: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
  enabled: Type.Optional(Type.Boolean()),
  order: Type.Optional(Type.Integer({ minimum: 0 })),
  settings: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

function gatewayMissing(): CocartError {
  return new CocartError('woocommerce_rest_payment_gateway_invalid', 'not_found', 'Resource does not exist.');
}

function settingsJson(gateway: PaymentGateway, settings: Settings, withSecrets: boolean): JsonObject {
  const environment = gateway.environmentSettings?.() ?? {};
  const out: JsonObject = {};
  for (const s of gatewaySettings(gateway.id)) {
    if (s.type === 'password' && !withSecrets) continue;
    out[s.id] = {
      id: s.id,
      label: s.label,
      description: '',
      type: s.type,
      value: wireValue(storedValue(settings, s)),
      default: wireValue(s.default),
      tip: '',
      placeholder: '',
      ...(environment[s.id] ? { overridden_by: environment[s.id] } : {}),
    };
  }
  return out;
}

export function registerPaymentGatewayRoutes(app: FastifyInstance, runtime: Runtime): void {
  const find = (req: FastifyRequest): { gateway: PaymentGateway; order: number } => {
    const id = (req.params as { id: string }).id;
    const order = runtime.payments.all().findIndex((g) => g.id === id);
    if (order < 0) throw gatewayMissing();
    return { gateway: runtime.payments.all()[order], order };
  };
  const json = (req: FastifyRequest, gateway: PaymentGateway, order: number): JsonObject => {
    const settings = runtime.settings.get();
    const root = new WcContext(runtime, req).root;
    return {
      id: gateway.id,
      title: gateway.title(settings),
      description: gateway.description(settings),
      order,
      enabled: gateway.enabled(settings),
      method_title: gateway.methodTitle ?? gateway.id,
      method_description: gateway.methodDescription ?? '',
      method_supports: [...gateway.supports],
      settings: settingsJson(gateway, settings, isAdministrator(req.user)),
      needs_setup: gateway.needsSetup?.(settings) ?? false,
      _links: links(`${root}/payment_gateways/${gateway.id}`, `${root}/payment_gateways`),
    };
  };

  defineRoute(app, {
    method: 'GET',
    url: COLLECTION,
    summary: 'List the payment gateways, in the order shoppers are offered them',
    tags: TAGS,
    args: ViewArgs,
    handler: async (req) => {
      requireManager(req, 'list');
      return runtime.payments.all().map((g, i) => json(req, g, i));
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: ONE,
    summary: 'Retrieve a payment gateway',
    tags: TAGS,
    args: ViewArgs,
    handler: async (req) => {
      requireManager(req, 'view');
      const { gateway, order } = find(req);
      return json(req, gateway, order);
    },
  });

  defineRoute(app, {
    method: ['PUT', 'PATCH', 'POST'],
    url: ONE,
    summary: 'Update a payment gateway: enabled, title, description, settings (administrators; stored as the payments settings)',
    tags: TAGS,
    args: UpdateBody,
    handler: async (req, _reply, args) => {
      requireAdministrator(req, 'edit');
      const { gateway, order } = find(req);
      const { patch, unknown } = settingsPatch(gateway.id, args);
      const { settings, errors } = patchSettings(runtime.settings.get(), patch);
      const reasons: Record<string, Reason> = gatewayReasons(gateway.id, errors);
      for (const name of unknown) reasons[name] = { msgid: '%s is not a setting.', args: [name] };
      if (args.order !== undefined && args.order !== order) reasons.order = { msgid: 'The order gateways are offered in cannot be changed.', args: [] };
      if (Object.keys(reasons).length) {
        const t = translator(req);
        const params = Object.fromEntries(Object.entries(reasons).map(([name, r]) => [name, t(r.msgid, ...r.args)]));
        throw new CocartError('rest_setting_value_invalid', 'invalid', 'An invalid setting value was passed.', [], { params });
      }
      await runtime.settings.save(settings);
      return json(req, gateway, order);
    },
  });
}
