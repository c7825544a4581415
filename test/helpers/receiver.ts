import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

/**
 * A local HTTP server standing in for a webhook's receiver: it keeps every request (method, path,
 * headers and the raw body, byte for byte, as a signature is checked over it) and answers what the
 * test says, by default 200. `answer` may return a status, or a promise the test resolves later (a
 * slow receiver).
 */

export interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** What the next requests get: a status code, or a promise of one. */
  answer: (req: Received) => number | Promise<number>;
  /** Requests whose `x-wc-webhook-topic` is `topic`. */
  deliveries(topic?: string): Received[];
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  let server: Server;
  const receiver: Receiver = {
    url: '',
    received,
    answer: () => 200,
    deliveries: (topic) => received.filter((r) => r.headers['x-wc-webhook-topic'] !== undefined && (topic === undefined || r.headers['x-wc-webhook-topic'] === topic)),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Received = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(r);
      void Promise.resolve(receiver.answer(r)).then((status) => {
        if (!res.destroyed) res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'nope');
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  receiver.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hooks`;
  return receiver;
}
