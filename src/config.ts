import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';

/** Everything the server reads from its environment, validated once at start-up. */
export interface Config {
  port: number;
  host: string;
  /** Directory of the embedded SQLite database (and backups). */
  dataDir: string;
  /** `postgres://…` selects PostgreSQL; absent means SQLite in `dataDir`. */
  databaseUrl: string | null;
  /** `redis://…` shares rate-limit counters and cache invalidation across nodes. */
  redisUrl: string | null;
  /** Load the demo catalogue on first start when the catalogue is empty. */
  seedDemo: boolean;
  /** Debug mode: the store route lists versions and routes (CoCart's WP_DEBUG). */
  debug: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Trust X-Forwarded-* from proxies: `true`, `false`, a hop count, or a comma list of addresses/CIDRs. */
  trustProxy: boolean | number | string;
  /** Public base URL used in links when set; otherwise links follow the request's host. */
  publicUrl: string | null;
  /** Plugin modules (ESM files exporting a CartwrightPlugin) loaded at start-up. */
  plugins: string[];
  /** Signing secret for JSON Web Tokens; when absent one is generated and kept in the database. */
  jwtSecret: string | null;
  /** Background actions this node runs at once; 0 runs none here. */
  workers: number;
  /** Server processes `serve` runs on one port (`--processes` or PROCESSES; `auto`: one per core). 1: no cluster. */
  processes: number;
  /** Stripe's secret API key; when set it wins over the payments setting, so it need not live in the database. */
  stripeSecretKey: string | null;
  /** The signing secret of Stripe's webhook endpoint; wins over the setting when set. */
  stripeWebhookSecret: string | null;
  /** Where the Stripe library sends its requests instead of Stripe's API (a local stand-in, for tests). */
  stripeApiBase: string | null;
  /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465`: the order e-mails' server; none sends no e-mail. */
  smtpUrl: string | null;
  /** Where uploaded images are kept (WordPress's uploads directory), served at /wp-content/uploads. */
  mediaDir: string;
  /** The largest upload taken, in bytes. */
  mediaMaxBytes: number;
  /** The most pixels (width × height) an uploaded image may have: a small file may claim a huge image. */
  mediaMaxPixels: number;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function fail(name: string, expected: string, value: string): never {
  throw new ConfigError(`Invalid environment variable ${name}=${JSON.stringify(value)}: expected ${expected}.`);
}

function readInt(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) fail(name, `a whole number from ${min} to ${max}`, raw);
  const n = Number(raw);
  if (n < min || n > max) fail(name, `a whole number from ${min} to ${max}`, raw);
  return n;
}

function readBool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  fail(name, 'true or false', raw);
}

/** A URL with one of `protocols`; a bad one is named in the error without its value when it may hold a password. */
/** A URL as it may be shown (in an error): its password hidden; unreadable, nothing of it. */
function withoutPassword(raw: string): string {
  try {
    const url = new URL(raw.trim());
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '…';
  }
}

function readUrl(env: Env, name: string, protocols: string[], secret = false): string | null {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return null;
  const shown = secret ? withoutPassword(raw) : raw;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    fail(name, `a URL starting with ${protocols.join(' or ')}`, shown);
  }
  if (!protocols.includes(url.protocol)) fail(name, `a URL starting with ${protocols.join(' or ')}`, shown);
  return raw.trim();
}

/** More than any machine's cores: a ceiling that catches a typo before it forks thousands of processes. */
const MAX_PROCESSES = 1024;

/** `auto` (one per core) or a whole number from 1; null when `raw` is neither. */
export function processCount(raw: string): number | null {
  const v = raw.trim().toLowerCase();
  if (v === 'auto') return availableParallelism();
  if (!/^\d+$/.test(v)) return null;
  const n = Number(v);
  return n >= 1 && n <= MAX_PROCESSES ? n : null;
}

export const PROCESSES_EXPECTED = `a whole number from 1 to ${MAX_PROCESSES}, or auto (one per core)`;

function readProcesses(env: Env): number {
  const raw = env.PROCESSES;
  if (raw === undefined || raw.trim() === '') return 1;
  return processCount(raw) ?? fail('PROCESSES', PROCESSES_EXPECTED, raw);
}

function readTrustProxy(env: Env): boolean | number | string {
  const raw = env.TRUST_PROXY;
  if (raw === undefined || raw.trim() === '') return false;
  const v = raw.trim();
  if (/^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  if (/^\d+$/.test(v)) return Number(v);
  if (/^[0-9a-fA-F:.,/\s]+$/.test(v)) return v;
  fail('TRUST_PROXY', 'true, false, a hop count, or a comma list of addresses', raw);
}

function readSecret(env: Env, name: string): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  if (raw.length < 32) fail(name, 'a secret of at least 32 characters', '…');
  return raw;
}

/** A key that must start with one of `prefixes` (a publishable key given as the secret one is a mistake to catch early). */
function readPrefixed(env: Env, name: string, prefixes: string[]): string | null {
  const raw = env[name]?.trim();
  if (!raw) return null;
  if (!prefixes.some((p) => raw.startsWith(p)) || /\s/.test(raw)) fail(name, `a key starting with ${prefixes.join(' or ')}`, '…');
  return raw;
}

export function loadConfig(env: Env = process.env): Config {
  const dataDir = resolve(env.DATA_DIR?.trim() || './data');
  const logLevel = (env.LOG_LEVEL?.trim() || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) fail('LOG_LEVEL', LOG_LEVELS.join(', '), env.LOG_LEVEL ?? '');
  return {
    port: readInt(env, 'PORT', 8080, 0, 65535),
    host: env.HOST?.trim() || '127.0.0.1',
    dataDir,
    databaseUrl: readUrl(env, 'DATABASE_URL', ['postgres:', 'postgresql:'], true),
    redisUrl: readUrl(env, 'REDIS_URL', ['redis:', 'rediss:'], true),
    seedDemo: readBool(env, 'SEED_DEMO', true),
    debug: readBool(env, 'DEBUG', false),
    logLevel,
    trustProxy: readTrustProxy(env),
    publicUrl: readUrl(env, 'PUBLIC_URL', ['http:', 'https:'])?.replace(/\/+$/, '') ?? null,
    jwtSecret: readSecret(env, 'JWT_SECRET'),
    workers: readInt(env, 'WORKERS', 1, 0, 64),
    processes: readProcesses(env),
    stripeSecretKey: readPrefixed(env, 'STRIPE_SECRET_KEY', ['sk_', 'rk_']),
    stripeWebhookSecret: readPrefixed(env, 'STRIPE_WEBHOOK_SECRET', ['whsec_']),
    stripeApiBase: readUrl(env, 'STRIPE_API_BASE', ['http:', 'https:']),
    smtpUrl: readUrl(env, 'SMTP_URL', ['smtp:', 'smtps:'], true),
    mediaDir: env.MEDIA_DIR?.trim() ? resolve(env.MEDIA_DIR.trim()) : join(dataDir, 'uploads'),
    mediaMaxBytes: readInt(env, 'MEDIA_MAX_UPLOAD_MB', 10, 1, 1024) * 1024 * 1024,
    mediaMaxPixels: readInt(env, 'MEDIA_MAX_MEGAPIXELS', 50, 1, 1000) * 1_000_000,
    plugins: (env.PLUGINS ?? '').split(',').map((p) => p.trim()).filter(Boolean).map((p) => resolve(p)),
  };
}
