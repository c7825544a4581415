import type { FastifyBaseLogger } from 'fastify';
import { pino, destination, type BaseLogger, type Bindings } from 'pino';

/** What the code below the HTTP edge logs through: pino's logger (the server's own, or a CLI's). */
export type Logger = Omit<BaseLogger, 'msgPrefix'> & {
  child(bindings: Bindings): Logger;
};

/**
 * The server's logger. Lines go to standard output asynchronously: a request never waits for the
 * terminal, pipe or file behind it, and pino writes out what is still buffered when the process exits.
 */
export function serverLogger(level: string): FastifyBaseLogger {
  return pino({ level }, destination({ dest: 1, sync: false }));
}

