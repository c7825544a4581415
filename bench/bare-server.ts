import Fastify from 'fastify';

/** The baseline: a bare Fastify route returning about 1 KB of JSON. Benchmarks report ratios against it. */
const payload = {
  items: Array.from({ length: 12 }, (_, i) => ({ id: i + 1, name: `Item number ${i + 1}`, price: 1000 + i * 37, in_stock: i % 3 !== 0 })),
  total: 12,
};
const app = Fastify({ logger: false });
app.get('/bare', async () => payload);
await app.listen({ port: Number(process.env.PORT ?? 8090), host: '127.0.0.1' });
