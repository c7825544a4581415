import { afterAll, beforeAll, expect } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { parseDateTime } from '../../../src/api/dates.ts';
import { invalidParam, type StoreInput } from '../../../src/catalog/admin/input.ts';
import { parseMajor } from '../../../src/commerce/money.ts';
import type { ErrorKind } from '../../../src/errors.ts';
import type { Runtime } from '../../../src/runtime.ts';
import { ORIGIN } from '../../helpers/api.ts';
import { createTestApp, type DatabaseKind } from '../../helpers/app.ts';

/** A store for the enclosing describe (the demo one unless `env` says otherwise), built before its tests and closed after; the services are given its runtime. */
export function testRuntime(kind: DatabaseKind, env: Record<string, string> = {}): () => Runtime {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await createTestApp(kind, { env });
  });
  afterAll(() => app.close());
  return () => app.runtime;
}

/**
 * What the services read their input against, built without a request: the catalogue as it is now,
 * the runtime's clock and the store's decimals. Dates are read as GMT (the HTTP edge's reading of
 * store-local dates is not what these tests are about).
 */
export function storeInput(runtime: Runtime): StoreInput {
  const decimals = runtime.settings.get().store.num_decimals;
  return {
    snapshot: runtime.catalog.current(),
    now: runtime.now(),
    decimals,
    origin: ORIGIN,
    parsePrice(name, value) {
      if (value === null || value.trim() === '') return null;
      const minor = parseMajor(value, decimals);
      if (minor === null || minor < 0) throw invalidParam(name, `${name} is not a valid price.`);
      return minor;
    },
    parseDate(name, value) {
      if (value === null || value.trim() === '') return null;
      const unix = parseDateTime(value);
      if (unix === null) throw invalidParam(name, `${name} is not a valid date.`);
      return unix;
    },
  };
}

/** The refusal a service throws: its code, its kind and, for a bad field, the field it names. */
export async function refusal(work: Promise<unknown>): Promise<{ code: string; kind: ErrorKind; params?: string[] }> {
  const err = await work.then(
    () => expect.fail('the service accepted what it should refuse'),
    (e: unknown) => e as { code: string; kind: ErrorKind; data?: { params?: Record<string, string> } },
  );
  const params = err.data?.params ? Object.keys(err.data.params) : undefined;
  return { code: err.code, kind: err.kind, ...(params ? { params } : {}) };
}
