import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../logger.ts';
import type { JobQueue, JsonValue, ScheduledAction } from './queue.ts';

/**
 * Hook name → handler, as Action Scheduler calls an action's hook. A node only claims actions whose
 * hook it has a handler for, so a hook registered by a plugin on some nodes runs on those nodes.
 */

export interface JobContext {
  /** The action as claimed: `attempts` is this run's number. */
  action: ScheduledAction;
  nodeId: string;
  /** Aborted when this node lost the action's lease or stopped waiting for it at shutdown. */
  signal: AbortSignal;
  log: Logger;
}

/** `again`: the same action is due again at once (a routine that works in batches returns it while work remains). */
export type JobResult = void | { again: true };

export type JobHandler<A extends JsonValue = JsonValue> = (args: A, ctx: JobContext) => Promise<JobResult>;

export class JobRegistry {
  private readonly handlers = new Map<string, JobHandler>();

  register<A extends JsonValue = JsonValue>(hook: string, handler: JobHandler<A>): void {
    if (this.handlers.has(hook)) throw new Error(`A handler for the job hook "${hook}" is already registered`);
    this.handlers.set(hook, handler as JobHandler);
  }

  get(hook: string): JobHandler | undefined {
    return this.handlers.get(hook);
  }

  /** The hooks this node can run. */
  hooks(): string[] {
    return [...this.handlers.keys()];
  }
}

/** The background queue as the rest of the code sees it: schedule on `queue`, register handlers on `registry`. */
export interface Jobs {
  queue: JobQueue;
  registry: JobRegistry;
  /** This process's name in `claimed_by`: host, pid and a random part (several apps may share a process). */
  nodeId: string;
}

export function newNodeId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
}
