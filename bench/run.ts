/** `npm run bench -- <name>`: runs bench/<name>.ts (products, cart, concurrency). */
const name = process.argv[2] ?? 'products';
if (!/^[a-z-]+$/.test(name)) throw new Error(`Unknown benchmark ${name}`);
await import(`./${name}.ts`);
