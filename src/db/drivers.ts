import { createRequire } from 'node:module';
import type Pg from 'pg';
import type * as IoRedis from 'ioredis';

/**
 * The PostgreSQL and Redis client libraries, loaded the first time a store uses them rather than at
 * start-up: a node on SQLite without Redis (the default) needs neither, and loading both costs about
 * 10 MB and a tenth of a second. Loaded through `require`, so that opening a connection stays synchronous.
 */
const load = createRequire(import.meta.url);

let pg: typeof Pg | null = null;

export function postgresDriver(): typeof Pg {
  if (!pg) {
    pg = load('pg') as typeof Pg;
    // int8 (COUNT, BIGINT columns) would otherwise arrive as strings; every value we store fits in 2^53.
    pg.types.setTypeParser(20, (v) => Number(v));
  }
  return pg;
}

export function redisDriver(): typeof IoRedis {
  return load('ioredis') as typeof IoRedis;
}
