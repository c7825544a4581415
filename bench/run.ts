/**
 * `npm run bench -- <name>`: runs bench/<name>.ts (all, products, cart, checkout, concurrency, processes, medusa);
 * `npm run bench` alone runs `all`. A benchmark either runs on import or exports `main`.
 */
const name = process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : 'all';
if (!/^[a-z-]+$/.test(name)) throw new Error(`Unknown benchmark ${name}`);
const benchmark = (await import(`./${name}.ts`)) as { main?: () => Promise<void> };
await benchmark.main?.();
