import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for Stripe's API on 127.0.0.1 and a free port, speaking what the official library sends:
 * form-encoded bodies (`metadata[order_id]=…`), answers in JSON, errors in Stripe's envelope. It keeps
 * the PaymentIntents it made, records every request, and does what the test asks of the next ones.
 */

export interface Received {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** The form body, keys as sent (`metadata[order_id]`). */
  form: Record<string, string>;
}

export type Intent = {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_received: number;
  currency: string;
  status: string;
  client_secret: string;
  payment_method: string | null;
  metadata: Record<string, string>;
  last_payment_error: { type: string; code: string; message: string } | null;
  next_action: { type: string } | null;
};

/** What the server does with a request that makes or confirms a payment. */
export type Behaviour = 'succeeded' | 'requires_action' | 'declined' | 'hang' | 'reset' | 'server_error';

const DECLINE = 'Your card was declined.';

export class FakeStripe {
  readonly received: Received[] = [];
  readonly intents = new Map<string, Intent>();
  /** How the next payment requests are answered, first to last; `fallback` once they are used up. */
  readonly script: Behaviour[] = [];
  fallback: Behaviour = 'succeeded';
  private server!: Server;
  private n = 0;
  base = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    // Hung requests hold their sockets open: close them too.
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The requests made to a path (`POST /v1/payment_intents`). */
  calls(route: string): Received[] {
    return this.received.filter((r) => `${r.method} ${r.path}` === route);
  }

  private next(): Behaviour {
    return this.script.shift() ?? this.fallback;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    const path = (req.url ?? '/').split('?')[0];
    this.received.push({ method: req.method ?? '', path, headers: req.headers, form });
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${++this.n}` });
      res.end(JSON.stringify(body));
    };

    if (req.method === 'POST' && path === '/v1/refunds') {
      return json(200, { id: `re_${++this.n}`, object: 'refund', amount: Number(form.amount), payment_intent: form.payment_intent, status: 'succeeded', metadata: {} });
    }
    const confirm = /^\/v1\/payment_intents\/([^/]+)\/confirm$/.exec(path);
    const one = /^\/v1\/payment_intents\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && one) {
      const intent = this.intents.get(one[1]);
      return intent ? json(200, intent) : json(404, { error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such payment_intent: '${one[1]}'` } });
    }
    if (req.method !== 'POST' || !(path === '/v1/payment_intents' || confirm)) {
      return json(404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${path})` } });
    }

    const behaviour = this.next();
    if (behaviour === 'hang') return; // never answered
    if (behaviour === 'reset') return void req.socket.destroy();
    if (behaviour === 'server_error') return json(500, { error: { type: 'api_error', message: 'An unknown error occurred' } });

    let intent: Intent;
    if (confirm) {
      const known = this.intents.get(confirm[1]);
      if (!known) return json(404, { error: { type: 'invalid_request_error', code: 'resource_missing', message: 'No such payment_intent' } });
      intent = { ...known, payment_method: form.payment_method ?? known.payment_method };
    } else {
      const id = `pi_${++this.n}`;
      const metadata = Object.fromEntries(Object.entries(form).flatMap(([k, v]) => (/^metadata\[(.+)\]$/.exec(k) ? [[/^metadata\[(.+)\]$/.exec(k)![1], v]] : [])));
      intent = {
        id,
        object: 'payment_intent',
        amount: Number(form.amount),
        amount_received: 0,
        currency: form.currency,
        status: 'requires_payment_method',
        client_secret: `${id}_secret_abc`,
        payment_method: form.payment_method ?? null,
        metadata,
        last_payment_error: null,
        next_action: null,
      };
    }
    if (behaviour === 'succeeded') intent = { ...intent, status: 'succeeded', amount_received: intent.amount, last_payment_error: null, next_action: null };
    if (behaviour === 'requires_action') intent = { ...intent, status: 'requires_action', next_action: { type: 'use_stripe_sdk' } };
    if (behaviour === 'declined') {
      intent = { ...intent, status: 'requires_payment_method', last_payment_error: { type: 'card_error', code: 'card_declined', message: DECLINE } };
    }
    this.intents.set(intent.id, intent);
    if (behaviour === 'declined') {
      return json(402, { error: { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: DECLINE, payment_intent: intent } });
    }
    return json(200, intent);
  }
}
