import type { Jobs } from '../jobs/registry.ts';
import { deliverWebhook, pingWebhook, type DeliveryDeps } from './deliver.ts';
import { DELIVER_WEBHOOK, PING_WEBHOOK, type DeliveryArgs } from './dispatch.ts';

/** The background handlers that send webhooks: deliveries and the ping a new webhook gets. */
export function registerWebhookJobs(jobs: Jobs, deps: DeliveryDeps): void {
  jobs.registry.register<DeliveryArgs>(DELIVER_WEBHOOK, (args, ctx) => deliverWebhook(deps, args, ctx));
  jobs.registry.register<{ webhook_id: number }>(PING_WEBHOOK, (args, ctx) => pingWebhook(deps, args, ctx));
}
