import type { Redis } from 'ioredis';
import { redisDriver } from '../db/drivers.ts';

/**
 * Fixed-window request counters. In memory for one node; in Redis when configured, so every node
 * counts against the same window (one INCR and a conditional PEXPIRE per request).
 */
export interface Window {
  count: number;
  /** Milliseconds until the window resets. */
  resetsInMs: number;
}

export interface Counters {
  hit(key: string, windowMs: number): Promise<Window>;
  /** The current window without counting a hit (count 0 when none is open). */
  peek(key: string): Promise<Window>;
  close(): Promise<void>;
}

export class MemoryCounters implements Counters {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  async hit(key: string, windowMs: number): Promise<Window> {
    const now = Date.now();
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      if (this.windows.size > 100_000) for (const [k, v] of this.windows) if (v.resetAt <= now) this.windows.delete(k);
      w = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, w);
    }
    w.count += 1;
    return { count: w.count, resetsInMs: w.resetAt - now };
  }

  async peek(key: string): Promise<Window> {
    const w = this.windows.get(key);
    const now = Date.now();
    return w && w.resetAt > now ? { count: w.count, resetsInMs: w.resetAt - now } : { count: 0, resetsInMs: 0 };
  }

  async close(): Promise<void> {}
}

/**
 * Counters in Redis, shared by every node. While Redis cannot be reached, each node counts in its own
 * memory instead (limits then hold per node), so an outage neither fails nor slows a request: commands
 * are not queued while disconnected and give up after half a second.
 */
export class RedisCounters implements Counters {
  private readonly fallback = new MemoryCounters();

  private constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
  ) {}

  /** `namespace` keeps stores sharing one Redis apart; every node of one store uses the same. */
  static async open(url: string, namespace: string): Promise<RedisCounters> {
    const redis = new (redisDriver().Redis)(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 500 });
    redis.on('error', () => {});
    await redis.connect();
    return new RedisCounters(redis, namespace);
  }

  private get ready(): boolean {
    return this.redis.status === 'ready';
  }

  async hit(key: string, windowMs: number): Promise<Window> {
    if (!this.ready) return this.fallback.hit(key, windowMs);
    const k = `cartwright:${this.namespace}:rate:${key}`;
    try {
      const result = await this.redis.multi().incr(k).pexpire(k, windowMs, 'NX').pttl(k).exec();
      const count = Number(result?.[0]?.[1] ?? 1);
      const ttl = Number(result?.[2]?.[1] ?? windowMs);
      return { count, resetsInMs: ttl > 0 ? ttl : windowMs };
    } catch {
      return this.fallback.hit(key, windowMs);
    }
  }

  async peek(key: string): Promise<Window> {
    if (!this.ready) return this.fallback.peek(key);
    const k = `cartwright:${this.namespace}:rate:${key}`;
    try {
      const [count, ttl] = await Promise.all([this.redis.get(k), this.redis.pttl(k)]);
      return ttl > 0 ? { count: Number(count ?? 0), resetsInMs: ttl } : { count: 0, resetsInMs: 0 };
    } catch {
      return this.fallback.peek(key);
    }
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
