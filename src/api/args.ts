import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { TObject, TSchema } from '@sinclair/typebox';
import { CocartError } from '../errors.ts';

/**
 * WordPress REST parameter handling: a route declares its parameters once; a request's value for each
 * comes from the JSON body, else the form body, else the query string, else the path, else the default.
 * Values are coerced as WordPress does (booleans from "yes"/"1", lists from comma strings) and any
 * failure becomes `rest_invalid_param` / `rest_missing_callback_param` naming the parameter.
 */

// Our schemas are TypeBox's, valid by construction: not checking each against the JSON Schema
// meta-schema spares compiling that (60-200 ms) on the first request that compiles a route's arguments.
const ajv = new Ajv({ coerceTypes: true, useDefaults: true, allErrors: true, strict: false, validateSchema: false });
(addFormats as unknown as (a: Ajv) => void)(ajv);

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off', '']);

function typeOf(schema: TSchema): string | undefined {
  if (typeof schema.type === 'string') return schema.type;
  const branches = (schema.anyOf ?? schema.oneOf) as TSchema[] | undefined;
  if (branches?.every((b) => b.type === branches[0].type)) return branches[0].type as string;
  return undefined;
}

/** The JSON types a parameter accepts, unions included. */
function typesOf(schema: TSchema): Set<string> {
  const branches = (schema.anyOf ?? schema.oneOf) as TSchema[] | undefined;
  if (branches) return new Set(branches.flatMap((b) => [...typesOf(b)]));
  if (typeof schema.type === 'string') return new Set([schema.type]);
  if ('const' in schema) return new Set([typeof schema.const]);
  return new Set(['any']);
}

/**
 * WordPress's own coercions that ajv does not do, and the ones it must not do: ajv would turn `null`
 * or `true` into 0 / 1 for a number, which WordPress refuses (a `null` quantity must not empty a line).
 */
function normalise(schema: TObject, args: Record<string, unknown>): Record<string, string> {
  const refused: Record<string, string> = {};
  for (const [name, prop] of Object.entries(schema.properties)) {
    const value = args[name];
    if (value === undefined) continue;
    const types = typesOf(prop);
    if ((value === null && !types.has('null') && !types.has('any')) || (typeof value === 'boolean' && !types.has('boolean') && !types.has('any'))) {
      refused[name] = `${name} is not of type ${[...types].join(',')}.`;
      continue;
    }
    const type = typeOf(prop);
    if (type === 'boolean' && typeof value === 'string') {
      const v = value.trim().toLowerCase();
      if (TRUE.has(v)) args[name] = true;
      else if (FALSE.has(v)) args[name] = false;
    } else if (type === 'array' && typeof value === 'string') {
      args[name] = value.trim() === '' ? [] : value.split(/[\s,]+/).filter(Boolean);
    } else if (type === 'array' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      // PHP-style `include[0]=1&include[1]=2` arrives as an object.
      args[name] = Object.values(value as object);
    }
  }
  return refused;
}

function reason(error: ErrorObject, name: string): string {
  switch (error.keyword) {
    case 'type':
      return `${name} is not of type ${String(error.params.type).replace(',', ',')}.`;
    case 'enum':
      return `${name} is not one of ${(error.params.allowedValues as unknown[]).join(', ')}.`;
    case 'minimum':
      return `${name} must be greater than or equal to ${error.params.limit}`;
    case 'maximum':
      return `${name} must be less than or equal to ${error.params.limit}`;
    case 'format':
      return `${name} is not a valid ${error.params.format}.`;
    case 'pattern':
      return `${name} does not match pattern ${error.params.pattern}.`;
    case 'minLength':
      return `${name} must be at least ${error.params.limit} characters long.`;
    case 'maxLength':
      return `${name} must be at most ${error.params.limit} characters long.`;
    case 'maxItems':
      return `${name} must contain at most ${error.params.limit} items.`;
    case 'minItems':
      return `${name} must contain at least ${error.params.limit} items.`;
    case 'required':
      return `${error.params.missingProperty} is a required property of ${name}.`;
    default:
      return `${name} is invalid (${error.message ?? error.keyword}).`;
  }
}

export interface ArgsValidator {
  (sources: ArgSources): Record<string, unknown>;
}

export interface ArgSources {
  json?: unknown;
  form?: unknown;
  query?: unknown;
  path?: unknown;
}

const asObject = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** The allowed values of a parameter declared as a union of literals (or `enum`), for WordPress's message. */
function allowedValues(prop: TSchema): unknown[] | null {
  if (Array.isArray(prop.enum)) return prop.enum;
  const branches = prop.anyOf as TSchema[] | undefined;
  if (branches?.length && branches.every((b) => 'const' in b)) return branches.map((b) => b.const);
  return null;
}

/**
 * JSON Schema counts 1e308 as an integer; nothing downstream (SQL offsets, quantities) can use it.
 * Every integer without its own maximum is bounded to safe integers, so such values are a 400.
 */
function boundIntegers(schema: TSchema): TSchema {
  if (schema.type === 'integer' && schema.maximum === undefined) return { ...schema, maximum: Number.MAX_SAFE_INTEGER };
  const out: TSchema = { ...schema };
  if (schema.properties) out.properties = Object.fromEntries(Object.entries(schema.properties as Record<string, TSchema>).map(([k, v]) => [k, boundIntegers(v)]));
  if (schema.items) out.items = boundIntegers(schema.items as TSchema);
  for (const key of ['anyOf', 'oneOf'] as const) if (schema[key]) out[key] = (schema[key] as TSchema[]).map(boundIntegers);
  return out;
}

/** A nested value's name as WordPress writes it: `/requests/3/method` is `requests[3][method]`. */
function wordpressName(instancePath: string): string {
  const [first, ...rest] = instancePath.split('/').slice(1);
  return first + rest.map((p) => `[${p}]`).join('');
}

/**
 * Compiled validators by their schema's JSON text: routes declaring the same arguments (many take only
 * an `id`, or `context`), and every app a test builds, share one compiled function.
 */
const compiled = new Map<string, ValidateFunction>();

function compiledFor(schema: TObject): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (!validate) compiled.set(key, (validate = ajv.compile(boundIntegers(schema))));
  return validate;
}

/**
 * A route's validator. The schema is compiled on the route's first request, not here: compiling every
 * route at start-up took most of the start time and allocations (ajv writes and evaluates a function
 * per schema), and most stores never call most admin routes.
 */
export function compileArgs(schema: TObject): ArgsValidator {
  let validate: ValidateFunction | undefined;
  const declared = Object.keys(schema.properties);
  const enums = new Map(declared.map((name) => [name, allowedValues(schema.properties[name])]));
  return (sources) => {
    const merged: Record<string, unknown> = {
      ...asObject(sources.path),
      ...asObject(sources.query),
      ...asObject(sources.form),
      ...asObject(sources.json),
    };
    const args: Record<string, unknown> = {};
    for (const name of declared) if (merged[name] !== undefined) args[name] = merged[name];
    const refused = normalise(schema, args);
    if (Object.keys(refused).length) {
      throw new CocartError('rest_invalid_param', 'invalid', 'Invalid parameter(s): %s', [Object.keys(refused).join(', ')], { params: refused });
    }
    validate ??= compiledFor(schema);
    if (validate(args)) return args;
    const missing: string[] = [];
    const params: Record<string, string> = {};
    const details: Record<string, unknown> = {};
    for (const error of validate.errors ?? []) {
      if (error.keyword === 'required' && error.instancePath === '') {
        missing.push(String(error.params.missingProperty));
        continue;
      }
      const name = error.instancePath.split('/')[1] ?? '';
      if (!name || params[name]) continue;
      const allowed = error.instancePath === `/${name}` ? enums.get(name) : null;
      if (allowed) params[name] = `${name} is not one of ${allowed.join(', ')}.`;
      else if (error.keyword === 'anyOf') continue;
      else params[name] = reason(error, wordpressName(error.instancePath));
      details[name] = { code: 'rest_invalid_type', message: params[name], data: null };
    }
    if (missing.length) {
      throw new CocartError('rest_missing_callback_param', 'invalid', 'Missing parameter(s): %s', [missing.join(', ')], { params: missing });
    }
    throw new CocartError('rest_invalid_param', 'invalid', 'Invalid parameter(s): %s', [Object.keys(params).join(', ')], { params, details });
  };
}
