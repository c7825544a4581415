import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import { postgresDriver, redisDriver } from '../db/drivers.ts';
import type { Database } from '../db/schema.ts';

/**
 * How nodes tell each other that shared state changed (catalogue, settings). Each node keeps its own
 * in-memory copies; a message makes every other node reload them. One process needs no transport.
 */
export interface Bus {
  readonly kind: 'memory' | 'sqlite' | 'redis' | 'postgres';
  publish(topic: string): Promise<void>;
  subscribe(topic: string, handler: () => void): void;
  close(): Promise<void>;
}

const CHANNEL = 'cartwright:invalidate';
/** PostgreSQL's channel (an identifier: no colon). */
const CHANNEL_PG = 'cartwright_invalidate';

class MemoryBus implements Bus {
  readonly kind = 'memory' as const;
  // Our own changes are applied directly by the caller; nothing else shares this process.
  async publish(): Promise<void> {}
  subscribe(): void {}
  async close(): Promise<void> {}
}

/**
 * The other server processes of `serve --processes N` on this machine, reached at once through their
 * primary (src/cluster/link.ts).
 */
export interface BusLink {
  /** The same in every process of the group. */
  readonly group: string;
  tell(topic: string): void;
  onTold(handler: (topic: string) => void): void;
}

/**
 * On SQLite the other processes are CLI commands (an import beside a running server) and, with
 * `serve --processes N`, the server's other processes. A change is recorded as an `options` row per
 * topic, and a server looks for new rows once a second. The processes of one server are also told at
 * once through their `link`; they write their rows under the group's name, so a process skips the
 * rows its group wrote, having heard them already.
 */
class SqliteBus implements Bus {
  readonly kind = 'sqlite' as const;
  private readonly nodeId: string;
  private readonly events = new EventEmitter();
  private readonly seen = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    pollMs: number,
    private readonly link: BusLink | null,
  ) {
    this.nodeId = link?.group ?? randomUUID();
    link?.onTold((topic) => this.events.emit(topic));
    if (pollMs > 0) {
      this.timer = setInterval(() => void this.poll().catch(() => {}), pollMs);
      this.timer.unref();
    }
  }

  async start(): Promise<void> {
    for (const row of await this.rows()) this.seen.set(row.name, row.value);
  }

  private rows() {
    return this.db.selectFrom('options').select(['name', 'value']).where('name', 'like', 'bus:%').execute();
  }

  private async poll(): Promise<void> {
    for (const row of await this.rows()) {
      if (this.seen.get(row.name) === row.value) continue;
      this.seen.set(row.name, row.value);
      if (!row.value.startsWith(`${this.nodeId}:`)) this.events.emit(row.name.slice(4));
    }
  }

  async publish(topic: string): Promise<void> {
    const name = `bus:${topic}`;
    const value = `${this.nodeId}:${randomUUID()}`;
    this.seen.set(name, value);
    this.link?.tell(topic);
    await this.db
      .insertInto('options')
      .values({ name, value })
      .onConflict((oc) => oc.column('name').doUpdateSet({ value }))
      .execute();
  }

  subscribe(topic: string, handler: () => void): void {
    this.events.on(topic, handler);
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
  }
}

/**
 * Shared plumbing: messages carry the sender so a node ignores its own. A connection to the transport
 * can drop (Redis or PostgreSQL restarted); whatever was said meanwhile is lost, so once connected
 * again a node reloads everything it holds (`resync`), and what it could not say is said then.
 */
abstract class RemoteBus {
  protected readonly nodeId = randomUUID();
  protected readonly events = new EventEmitter();
  private readonly unsent = new Set<string>();

  subscribe(topic: string, handler: () => void): void {
    this.events.on(topic, handler);
  }

  /** Tells the other nodes; never fails the caller, whose change is already stored. */
  async publish(topic: string): Promise<void> {
    try {
      await this.send(this.encode(topic));
    } catch {
      this.unsent.add(topic);
    }
  }

  protected abstract send(message: string): Promise<void>;

  protected encode(topic: string): string {
    return JSON.stringify({ node: this.nodeId, topic });
  }

  protected receive(message: string): void {
    try {
      const { node, topic } = JSON.parse(message) as { node: string; topic: string };
      if (node !== this.nodeId && typeof topic === 'string') this.events.emit(topic);
    } catch {
      // Not ours: ignore.
    }
  }

  /** Connected again: reload every shared value, and say what could not be said. */
  protected resync(): void {
    for (const topic of this.events.eventNames()) this.events.emit(topic);
    const unsent = [...this.unsent];
    this.unsent.clear();
    for (const topic of unsent) void this.publish(topic);
  }
}

class RedisBus extends RemoteBus implements Bus {
  readonly kind = 'redis' as const;
  private readonly pub: Redis;
  private readonly sub: Redis;

  private constructor(url: string) {
    super();
    const { Redis } = redisDriver();
    this.pub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
    this.sub = new Redis(url, { lazyConnect: true });
    this.sub.on('message', (_channel: string, message: string) => this.receive(message));
    for (const c of [this.pub, this.sub]) c.on('error', () => {});
  }

  static async open(url: string): Promise<RedisBus> {
    const bus = new RedisBus(url);
    await Promise.all([bus.pub.connect(), bus.sub.connect()]);
    await bus.sub.subscribe(CHANNEL);
    // ioredis reconnects and subscribes again by itself; each later `ready` follows an outage.
    bus.sub.on('ready', () => bus.resync());
    return bus;
  }

  protected async send(message: string): Promise<void> {
    await this.pub.publish(CHANNEL, message);
  }

  async close(): Promise<void> {
    this.pub.disconnect();
    this.sub.disconnect();
  }
}

/** Reconnection delays after a lost LISTEN connection: 1 s, doubling, at most 30 s. */
const RECONNECT_FIRST_MS = 1000;
const RECONNECT_MAX_MS = 30_000;

/**
 * Without Redis, nodes sharing one PostgreSQL still hear each other through LISTEN/NOTIFY, on one
 * connection of their own that is made again whenever it is lost.
 */
class PostgresBus extends RemoteBus implements Bus {
  readonly kind = 'postgres' as const;
  private client: pg.Client | null = null;
  private closed = false;
  private timer: NodeJS.Timeout | null = null;

  private constructor(private readonly url: string) {
    super();
  }

  /** The first connection must succeed (start-up reports it); later ones are retried. */
  static async open(url: string): Promise<PostgresBus> {
    const bus = new PostgresBus(url);
    await bus.connect();
    return bus;
  }

  private async connect(): Promise<void> {
    const client = new (postgresDriver().Client)({ connectionString: this.url, connectionTimeoutMillis: 5000 });
    client.on('notification', (n) => n.payload && this.receive(n.payload));
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL_PG}`);
    } catch (err) {
      await client.end().catch(() => {});
      throw err;
    }
    if (this.closed) return void (await client.end().catch(() => {}));
    this.client = client;
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    void client.end().catch(() => {});
    if (!this.closed) this.reconnect(RECONNECT_FIRST_MS);
  }

  private reconnect(delay: number): void {
    this.timer = setTimeout(() => {
      this.connect().then(
        () => this.resync(),
        () => !this.closed && this.reconnect(Math.min(delay * 2, RECONNECT_MAX_MS)),
      );
    }, delay);
    this.timer.unref();
  }

  protected async send(message: string): Promise<void> {
    if (!this.client) throw new Error('not connected');
    await this.client.query('SELECT pg_notify($1, $2)', [CHANNEL_PG, message]);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.client?.end().catch(() => {});
    this.client = null;
  }
}

export interface BusOptions {
  redisUrl: string | null;
  databaseUrl: string | null;
  /** The SQLite database, when that is the store: changes are noticed by polling it. */
  sqlite?: Kysely<Database>;
  /** How often a SQLite node looks for changes; 0 only publishes (CLI commands). */
  pollMs?: number;
  /** On SQLite, this server's other processes (`serve --processes N`); Redis and PostgreSQL reach them anyway. */
  link?: BusLink | null;
}

export async function openBus(options: BusOptions): Promise<Bus> {
  if (options.redisUrl) return RedisBus.open(options.redisUrl);
  if (options.databaseUrl) return PostgresBus.open(options.databaseUrl);
  if (options.sqlite) {
    const bus = new SqliteBus(options.sqlite, options.pollMs ?? 1000, options.link ?? null);
    await bus.start();
    return bus;
  }
  return new MemoryBus();
}
