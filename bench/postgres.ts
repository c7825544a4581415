import pg from 'pg';
import type { Scenario } from './lib.ts';

export { freshPostgresDatabase as freshDatabase } from '../test/helpers/app.ts';

/** PostgreSQL for benchmarks: a fresh database (the tests' helper), and the database's own one-row UPDATE rate. */

/** UPDATEs of one row by primary key from `connections` clients for `seconds`: the ceiling a cart write can approach. */
export async function updateRate(url: string, connections: number, seconds: number): Promise<{ perSecond: number; mean: number; p50: number; p99: number }> {
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  await setup.query('CREATE TABLE IF NOT EXISTS bench_baseline (id int primary key, value text not null, n int not null)');
  await setup.query(`INSERT INTO bench_baseline SELECT g, repeat('x', 2000), 0 FROM generate_series(1, 1000) g ON CONFLICT DO NOTHING`);
  await setup.end();
  const pool = new pg.Pool({ connectionString: url, max: connections });
  const latencies: number[] = [];
  const deadline = Date.now() + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: connections }, async (_, worker) => {
      let i = worker;
      while (Date.now() < deadline) {
        const start = performance.now();
        await pool.query('UPDATE bench_baseline SET n = n + 1, value = $2 WHERE id = $1', [(i++ % 1000) + 1, 'y'.repeat(2000)]);
        latencies.push(performance.now() - start);
        done++;
      }
    }),
  );
  await pool.end();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(latencies[Math.floor(latencies.length * q)] * 100) / 100;
  const mean = Math.round((latencies.reduce((a, b) => a + b, 0) / (latencies.length || 1)) * 100) / 100;
  return { perSecond: Math.round(done / seconds), mean, p50: at(0.5), p99: at(0.99) };
}

/** `updateRate` as a scenario of `compare`, so that it is measured in the same interleaved rounds as the requests. */
export function updateScenario(url: string, connections: number): Scenario {
  const name = `PostgreSQL's own one-row UPDATE by primary key, ${connections} clients`;
  return {
    name,
    url,
    run: async (seconds) => {
      const r = await updateRate(url, connections, seconds);
      return { name, requestsPerSec: r.perSecond, mean: r.mean, p50: r.p50, p99: r.p99, errors: 0, non2xx: 0 };
    },
  };
}
