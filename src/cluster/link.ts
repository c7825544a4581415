import cluster from 'node:cluster';
import { MemoryCounters, type Counters, type Window } from '../security/counters.ts';
import type { BusLink } from './bus.ts';

/**
 * A server process's line to the primary of `cartwright serve --processes N` (src/cluster/processes.ts),
 * over the IPC channel node:cluster gives every worker. Three things travel on it:
 * - bus messages, which the primary repeats to the other processes: on SQLite the only bus is a table
 *   polled once a second, and processes on one machine should hear each other at once;
 * - rate-limit and failed-login counters, kept by the primary for the whole machine when there is no
 *   Redis, so N processes do not allow N times the limit;
 * - the primary's word to stop (it received SIGTERM or SIGINT).
 */

export type ToPrimary =
  | { cartwright: 'bus'; topic: string }
  | { cartwright: 'count'; id: number; op: 'hit' | 'peek'; key: string; windowMs: number };

export type FromPrimary =
  | { cartwright: 'bus'; topic: string }
  | { cartwright: 'counted'; id: number; window: Window }
  /** `now`: the second request to stop; do not wait for running requests. */
  | { cartwright: 'stop'; now: boolean };

/** How long a count waits for the primary before this process counts on its own (as RedisCounters does in an outage). */
const ANSWER_MS = 500;

export class PrimaryLink implements BusLink {
  private static instance: PrimaryLink | null = null;

  /** The link when this process is one of a primary's server processes; null otherwise (one process, a CLI, a test). */
  static current(): PrimaryLink | null {
    if (!cluster.isWorker) return null;
    return (PrimaryLink.instance ??= new PrimaryLink());
  }

  /** Every process of one primary shares its pid as the group, which names their SQLite bus rows. */
  readonly group = `processes-${process.ppid}`;
  readonly counters: Counters;
  private readonly told = new Set<(topic: string) => void>();
  private readonly answers = new Map<number, (window: Window) => void>();
  private stopHandler: ((now: boolean) => void) | null = null;
  /** A stop asked for before the handler was set (the process was still starting). */
  private stopAsked: boolean | null = null;

  private constructor() {
    process.on('message', (message: FromPrimary) => {
      if (message?.cartwright === 'bus') for (const handler of this.told) handler(message.topic);
      else if (message?.cartwright === 'counted') this.answers.get(message.id)?.(message.window);
      else if (message?.cartwright === 'stop') this.stop(message.now);
    });
    // The primary is gone (killed outright): no one hands this process connections any more.
    process.on('disconnect', () => this.stop(false));
    this.counters = new PrimaryCounters(this.answers, (m) => this.send(m));
  }

  /** False when the primary is gone and the message could not be sent. */
  private send(message: ToPrimary): boolean {
    if (!process.connected) return false;
    process.send!(message);
    return true;
  }

  tell(topic: string): void {
    this.send({ cartwright: 'bus', topic });
  }

  onTold(handler: (topic: string) => void): void {
    this.told.add(handler);
  }

  onStop(handler: (now: boolean) => void): void {
    this.stopHandler = handler;
    if (this.stopAsked !== null) handler(this.stopAsked);
  }

  private stop(now: boolean): void {
    if (this.stopHandler) this.stopHandler(now);
    else this.stopAsked = now || this.stopAsked === true;
  }
}

/** Counters the primary keeps; if it does not answer in time, this process's own count stands in. */
class PrimaryCounters implements Counters {
  private readonly fallback = new MemoryCounters();
  private next = 0;

  constructor(
    private readonly answers: Map<number, (window: Window) => void>,
    private readonly send: (message: ToPrimary) => boolean,
  ) {}

  hit(key: string, windowMs: number): Promise<Window> {
    return this.ask('hit', key, windowMs);
  }

  peek(key: string): Promise<Window> {
    return this.ask('peek', key, 0);
  }

  private ask(op: 'hit' | 'peek', key: string, windowMs: number): Promise<Window> {
    const local = () => (op === 'hit' ? this.fallback.hit(key, windowMs) : this.fallback.peek(key));
    const id = ++this.next;
    return new Promise<Window>((resolve) => {
      const timer = setTimeout(() => {
        this.answers.delete(id);
        resolve(local());
      }, ANSWER_MS);
      this.answers.set(id, (window) => {
        clearTimeout(timer);
        this.answers.delete(id);
        resolve(window);
      });
      if (!this.send({ cartwright: 'count', id, op, key, windowMs })) {
        clearTimeout(timer);
        this.answers.delete(id);
        resolve(local());
      }
    });
  }

  async close(): Promise<void> {}
}
