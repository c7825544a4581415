import type { BaseLogger, Bindings } from 'pino';

/** What the code below the HTTP edge logs through: pino's logger (the server's own, or a CLI's). */
export type Logger = Omit<BaseLogger, 'msgPrefix'> & {
  child(bindings: Bindings): Logger;
};
