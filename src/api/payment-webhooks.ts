import type { FastifyInstance } from 'fastify';
import { CocartError } from '../errors.ts';
import { applyPaymentEvent, needsProcessing } from '../payments/events.ts';
import type { Runtime } from '../runtime.ts';
import { API_PREFIX } from './transport.ts';

/**
 * `POST /wp-json/cartwright/v1/payments/{gateway}/webhook`: a payment provider's notifications
 * (Stripe's at `…/payments/stripe/webhook`). The gateway verifies the signature over the body exactly as
 * sent, so this route keeps the raw bytes: its own context parses no body. A bad signature is a 400 and
 * changes nothing; a verified event is acted on once, however often it is delivered; every verified
 * event is answered 200 `{received: true}`, so the provider stops sending it. A failure of ours (the
 * database) is a 500, and the provider delivers again later.
 *
 * Left out of the OpenAPI document: its caller is the provider, whose own documentation defines the
 * body, and no storefront client is to be generated for it.
 */
export async function registerPaymentWebhookRoutes(api: FastifyInstance, runtime: Runtime): Promise<void> {
  await api.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

    scope.post<{ Params: { gateway: string } }>(`${API_PREFIX}/cartwright/v1/payments/:gateway/webhook`, { schema: { hide: true } }, async (req) => {
      const gateway = runtime.payments.get(req.params.gateway);
      if (!gateway?.webhook) throw new CocartError('cartwright_payment_gateway_invalid', 'not_found', 'No payment gateway takes notifications at this address.');
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const event = await gateway.webhook(raw, req.headers, runtime.settings.get());
      if (!event) throw new CocartError('cartwright_webhook_signature_invalid', 'invalid', 'The webhook signature is not valid.');
      const result = await applyPaymentEvent(
        {
          orders: runtime.orders,
          hooks: runtime.hooks,
          needsProcessing: (order) => needsProcessing(order.lines, (id) => runtime.catalog.current().products.get(id)),
          now: runtime.now,
          log: req.log,
        },
        gateway.id,
        event,
      );
      req.log.info({ gateway: gateway.id, event: event.id, kind: event.kind, order: event.orderId, result }, 'Payment notification');
      return { received: true };
    });
  });
}
