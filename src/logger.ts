import type { FastifyBaseLogger } from 'fastify';
import { pino, destination, type BaseLogger, type Bindings } from 'pino';

/** What the code below the HTTP edge logs through: pino's logger (the server's own, or a CLI's). */
export type Logger = Omit<BaseLogger, 'msgPrefix'> & {
  child(bindings: Bindings): Logger;
};

/**
 * The server's logger. Lines go to standard output asynchronously and in batches: a request never
 * waits for the terminal, pipe or file behind it, and a busy server makes one write per few KB of
 * lines rather than one per line. What is buffered is written within half a second, and when the
 * process exits.
 */
export function serverLogger(level: string): FastifyBaseLogger {
  return pino({ level }, destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: LOG_FLUSH_MS }));
}

/** At most this long between a line being logged and its being written out. */
const LOG_FLUSH_MS = 500;

