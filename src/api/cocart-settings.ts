import { randomUUID } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isAdministrator } from '../customers/types.ts';
import { CocartError } from '../errors.ts';
import type { Runtime } from '../runtime.ts';
import { patchSettings } from '../settings/patch.ts';
import { deniedKind } from './auth.ts';
import { translator } from './request-context.ts';
import { defineRoute } from './route.ts';
import { ref } from './openapi/schemas.ts';

/**
 * Settings REST API (`cocart/settings`, docs/wire-contract.md#settings-api), administrators only. A save
 * changes only the fields it names, checks every one, and stores nothing if any is wrong; the new
 * settings reach every node at once. The reason for each refused field (`data.params`) is in the
 * request's language.
 */

const TAGS = ['Settings'];

function administratorOnly(req: FastifyRequest): void {
  if (!isAdministrator(req.user)) {
    throw new CocartError('cocart_rest_permission_denied', deniedKind(req), 'Sorry, you are not allowed to manage the settings.');
  }
}

export function registerSettingsRoutes(app: FastifyInstance, runtime: Runtime): void {
  defineRoute(app, {
    method: 'GET',
    url: '/cocart/settings/get',
    summary: 'All settings, by section',
    tags: TAGS,
    response: { 200: ref('Settings') },
    handler: async (req) => {
      administratorOnly(req);
      return runtime.settings.get();
    },
  });

  defineRoute(app, {
    method: ['POST', 'PUT', 'PATCH'],
    url: '/cocart/settings/save',
    summary: 'Change settings: a flat {field: value} body or {section: {field: value}}; only the fields given change',
    tags: TAGS,
    body: Type.Object({}, { additionalProperties: true, description: 'The settings to change: {field: value} or {section: {field: value}}' }),
    response: { 200: ref('Settings', { description: 'Every setting, as saved' }) },
    handler: async (req) => {
      administratorOnly(req);
      const body = req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {};
      const { settings, errors } = patchSettings(runtime.settings.get(), body);
      const fields = Object.keys(errors);
      if (fields.length) {
        // Each field's reason in the request's language (Accept-Language, `lang`), as the message is.
        const t = translator(req);
        const params = Object.fromEntries(Object.entries(errors).map(([field, r]) => [field, t(r.msgid, ...r.args)]));
        throw new CocartError('cocart_rest_value_invalid', 'invalid', 'Invalid setting(s): %s', [fields.join(', ')], { params });
      }
      await runtime.settings.save(settings);
      return settings;
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: '/cocart/settings/access-token',
    summary: 'Generate a new access token (a version 4 UUID)',
    tags: TAGS,
    response: { 200: ref('AccessToken') },
    handler: async (req) => {
      administratorOnly(req);
      const current = runtime.settings.get();
      const access_token = randomUUID();
      await runtime.settings.save({ ...current, general: { ...current.general, access_token } });
      return { access_token };
    },
  });
}
