import type { Logger } from '../logger.ts';
import type { ScheduledAction } from './queue.ts';
import type { Jobs } from './registry.ts';

/**
 * Runs the queue inside the server: up to `concurrency` actions at once on this node. It claims due
 * actions when woken (this node scheduled something, a run ended) and otherwise once a second, keeps
 * the lease of each running action renewed, and now and then gives lapsed leases of crashed nodes
 * back to the queue. A handler that throws fails its attempt with the error's message.
 */

/** Milliseconds between polls when nothing wakes the worker. */
export const POLL_MS = 1000;
/** Seconds a claim lasts unless renewed, and milliseconds between renewals. */
export const LEASE_SECONDS = 60;
const RENEW_MS = 20_000;
/** Seconds (of the runtime's clock) between looks for lapsed leases. */
const RELEASE_EVERY = 15;
/** How long stopping waits for running handlers. */
export const STOP_TIMEOUT_MS = 10_000;

export interface WorkerOptions {
  concurrency: number;
  log: Logger;
  now: () => number;
}

function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return typeof err === 'string' ? err : JSON.stringify(err) ?? String(err);
}

export class Worker {
  private readonly running = new Map<number, { done: Promise<void>; controller: AbortController }>();
  private stopping = false;
  private loopDone: Promise<void> | null = null;
  private unsubscribe: (() => void) | null = null;
  private woken = false;
  private wakeUp: (() => void) | null = null;
  private lastRelease: number | null = null;

  constructor(
    private readonly jobs: Jobs,
    private readonly options: WorkerOptions,
  ) {}

  start(): void {
    if (this.loopDone) return;
    this.unsubscribe = this.jobs.queue.onWake(() => this.poke());
    this.loopDone = this.loop();
  }

  /**
   * Stops claiming, then waits up to `timeoutMs` for running handlers. Handlers still running after
   * that are abandoned (their signal aborts, renewals stop): their leases lapse and another node
   * runs them again.
   */
  async stop(timeoutMs = STOP_TIMEOUT_MS): Promise<void> {
    this.stopping = true;
    this.unsubscribe?.();
    this.poke();
    await this.loopDone;
    if (!this.running.size) return;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      Promise.allSettled([...this.running.values()].map((r) => r.done)).then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      this.options.log.warn({ actions: [...this.running.keys()] }, 'Stopped without waiting for running actions; their leases will lapse and another node will run them');
      for (const r of this.running.values()) r.controller.abort(new Error('the node is shutting down'));
    }
  }

  /**
   * Runs every due action this node can run, in the foreground, until none is due (a routine working
   * in batches runs to its end). For the CLI and tests; returns how many runs there were.
   */
  async drain(): Promise<number> {
    let runs = 0;
    await this.jobs.queue.releaseExpiredLeases();
    for (;;) {
      const batch = await this.jobs.queue.claim(this.jobs.nodeId, this.options.concurrency, LEASE_SECONDS, this.jobs.registry.hooks());
      if (!batch.length) return runs;
      runs += batch.length;
      await Promise.all(batch.map((action) => this.run(action, new AbortController())));
    }
  }

  private poke(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Waits `ms`, or less if poked meanwhile (a poke while busy makes the next wait return at once). */
  private async pause(ms: number): Promise<void> {
    if (!this.woken) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = null;
    }
    this.woken = false;
  }

  private async loop(): Promise<void> {
    const { queue, registry, nodeId } = this.jobs;
    while (!this.stopping) {
      const free = this.options.concurrency - this.running.size;
      let claimed = 0;
      try {
        const now = this.options.now();
        if (this.lastRelease === null || now < this.lastRelease || now - this.lastRelease >= RELEASE_EVERY) {
          this.lastRelease = now;
          const released = await queue.releaseExpiredLeases();
          if (released) this.options.log.warn({ released }, 'Released actions whose node stopped renewing their lease');
        }
        if (free > 0 && !this.stopping) {
          const actions = await queue.claim(nodeId, free, LEASE_SECONDS, registry.hooks());
          for (const action of actions) this.launch(action);
          claimed = actions.length;
        }
      } catch (err) {
        this.options.log.error({ err }, 'Claiming background actions failed');
      }
      if (this.stopping) break;
      // Every free slot filled: more may be due, look again as soon as a slot frees (a run ending pokes).
      if (claimed > 0 && claimed === free) continue;
      await this.pause(POLL_MS);
    }
  }

  private launch(action: ScheduledAction): void {
    const controller = new AbortController();
    const done = this.run(action, controller).finally(() => {
      this.running.delete(action.id);
      this.poke();
    });
    this.running.set(action.id, { done, controller });
  }

  private async run(action: ScheduledAction, controller: AbortController): Promise<void> {
    const { queue, registry, nodeId } = this.jobs;
    const log = this.options.log.child({ action: action.id, hook: action.hook });
    const renew = setInterval(() => {
      if (controller.signal.aborted) return clearInterval(renew);
      queue.renew(action, LEASE_SECONDS).then(
        (held) => held || controller.abort(new Error('the lease was lost')),
        (err) => log.warn({ err }, 'Renewing the lease of a background action failed'),
      );
    }, RENEW_MS);
    renew.unref();
    controller.signal.addEventListener('abort', () => clearInterval(renew), { once: true });
    try {
      const handler = registry.get(action.hook);
      let result;
      try {
        if (!handler) throw new Error(`no handler for the hook ${action.hook} on this node`);
        result = await handler(action.args, { action, nodeId, signal: controller.signal, log });
      } catch (err) {
        clearInterval(renew);
        const outcome = await queue.fail(action, errorMessage(err));
        log.warn({ err, outcome }, 'A background action failed');
        return;
      }
      clearInterval(renew);
      await queue.complete(action, { again: result?.again === true });
    } catch (err) {
      log.error({ err }, 'Recording the outcome of a background action failed; it runs again when its lease lapses');
    } finally {
      clearInterval(renew);
    }
  }
}
