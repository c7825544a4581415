import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '../logger.ts';
import { MemoryCounters } from '../security/counters.ts';
import type { FromPrimary, ToPrimary } from './link.ts';

/**
 * The primary of `cartwright serve --processes N`: it serves nothing itself. It starts N server
 * processes (node:cluster workers running the same command, which share its port: the primary hands
 * each new connection to one of them in turn), and then:
 * - repeats each bus message from one process to the others, and keeps the machine's rate-limit
 *   counters (src/cluster/link.ts is the other end);
 * - starts a new process when one dies, at once after a long life, otherwise after a back-off that
 *   doubles with each quick death, so a process that crashes on start does not spin;
 * - on SIGTERM or SIGINT, tells every process to stop gracefully (each finishes what it is doing, as a
 *   single server does) and ends once all have; a second signal tells them to stop at once.
 * A process that fails before all N have started stops the whole server: the fault is in the
 * configuration or the machine (a port in use), and starting it again would fail the same way.
 */

/** A process that lived this long was healthy: its death starts a new one at once. */
const STABLE_MS = 30_000;
/** The back-off after a quick death: 1 s, doubling, at most 30 s. */
const BACKOFF_FIRST_MS = 1000;
const BACKOFF_MAX_MS = 30_000;
/** Each process bounds its own graceful stop at 30 s (src/cli/serve.ts); past this, it is killed. */
const STOP_KILL_MS = 35_000;

export interface ProcessesOptions {
  count: number;
  log: Logger;
  /** Called once, when all N processes first listen. */
  onListening(): void;
}

/** Runs the processes until they are told to stop; resolves with the exit code for the primary. */
export function runProcesses(options: ProcessesOptions): Promise<number> {
  const { count, log } = options;
  const counters = new MemoryCounters();
  const born = new Map<Worker, number>();
  let listening = 0;
  let started = false;
  let quickDeaths = 0;
  let stopping = false;
  let exitCode = 0;
  let finished!: (code: number) => void;
  const done = new Promise<number>((resolve) => (finished = resolve));

  const send = (worker: Worker, message: FromPrimary) => {
    if (worker.isConnected()) worker.send(message);
  };

  const receive = async (from: Worker, message: ToPrimary) => {
    if (message?.cartwright === 'bus') {
      for (const worker of born.keys()) if (worker !== from) send(worker, message);
    } else if (message?.cartwright === 'count') {
      const window = message.op === 'hit' ? await counters.hit(message.key, message.windowMs) : await counters.peek(message.key);
      send(from, { cartwright: 'counted', id: message.id, window });
    }
  };

  const stopAll = (now: boolean) => {
    for (const worker of born.keys()) send(worker, { cartwright: 'stop', now });
    // A process wedged beyond its own deadline is ended without it.
    setTimeout(() => {
      for (const worker of born.keys()) worker.process.kill('SIGKILL');
    }, STOP_KILL_MS).unref();
  };

  const exited = (worker: Worker, code: number | null, signal: string | null) => {
    const lived = Date.now() - born.get(worker)!;
    born.delete(worker);
    if (stopping) {
      if (code !== 0 && exitCode === 0) exitCode = 1;
      if (born.size === 0) finished(exitCode);
      return;
    }
    if (!started) {
      log.error({ worker: worker.process.pid, code, signal }, 'A server process failed to start; stopping the others');
      stop(false, code || 1);
      return;
    }
    quickDeaths = lived < STABLE_MS ? quickDeaths + 1 : 0;
    const delay = quickDeaths === 0 ? 0 : Math.min(BACKOFF_FIRST_MS * 2 ** (quickDeaths - 1), BACKOFF_MAX_MS);
    log.error({ worker: worker.process.pid, code, signal, restartInMs: delay }, 'A server process stopped unexpectedly; starting another');
    setTimeout(() => stopping || fork(), delay).unref();
  };

  const fork = () => {
    const worker = cluster.fork();
    born.set(worker, Date.now());
    worker.on('message', (message: ToPrimary) => void receive(worker, message));
    worker.once('listening', () => {
      if (!started && ++listening === count) {
        started = true;
        options.onListening();
      }
    });
    worker.once('exit', (code, signal) => exited(worker, code, signal));
  };

  const stop = (now: boolean, code = 0) => {
    if (code) exitCode = code;
    if (!stopping) {
      stopping = true;
      if (born.size === 0) return finished(exitCode);
    }
    stopAll(now);
  };

  let signals = 0;
  const onSignal = (signal: string) => {
    signals++;
    log[signals > 1 ? 'warn' : 'info']({ signal }, signals > 1 ? 'Stopping at once' : 'Shutting down: every server process finishes its running requests and background actions');
    stop(signals > 1);
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));

  for (let i = 0; i < count; i++) fork();
  return done;
}
