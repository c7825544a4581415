import type { Kysely } from 'kysely';
import { firstAdministratorEmail } from '../customers/repository.ts';
import type { Database } from '../db/schema.ts';
import type { Change } from '../events/changes.ts';
import type { JobContext } from '../jobs/registry.ts';
import type { JsonValue } from '../jobs/queue.ts';
import { ORDER_LOCALE_META } from '../orders/order.ts';
import { listRefunds } from '../orders/refunds.ts';
import type { Runtime } from '../runtime.ts';
import type { Settings } from '../settings/schema.ts';
import { describeSmtp, smtpMailer, type Mailer } from './mailer.ts';
import { renderEmail } from './render.ts';
import { addressList, emailEnabled, emailsFor, isCustomerEmail, ONCE_PER_ORDER, ORDER_EMAILS, storeRecipients, type OrderEmail, type StoreEmail, type TriggeredEmail } from './triggers.ts';

/**
 * The order e-mails, as background actions. A listener on the change feed schedules one action per
 * e-mail inside the transaction that changed the order, so the e-mail exists exactly when the change
 * does (a crash between the two neither loses nor doubles one), and the request that made the change
 * only writes a row: no shopper ever waits on an SMTP server. The action renders the e-mail from the
 * order as it is when it runs and hands it to the SMTP server; a server that refuses or does not
 * answer fails the attempt, and the queue tries again with back-off.
 *
 * Without SMTP_URL nothing is scheduled at all: a queue filling with e-mails no server will take would
 * only hide real work, and would send a flood of stale e-mails the day SMTP is set up. The system
 * status says e-mail is off.
 */

export const SEND_EMAIL = 'cartwright_send_email';
export const EMAIL_GROUP = 'cartwright-emails';
/**
 * Attempts before an e-mail is given up (failed, and shown so in the dashboard, which can run it
 * again): with the queue's back-off (30 s doubling, at most an hour) the last is about five hours
 * after the first, so a mail server down for an afternoon still gets every e-mail.
 */
export const EMAIL_MAX_ATTEMPTS = 12;

/** An e-mail action's arguments, as stored with it. */
interface SendEmailArgs {
  email: OrderEmail;
  order_id: number;
  refund_id?: number;
  partial?: boolean;
}

function argsOf(t: TriggeredEmail): SendEmailArgs {
  return t.refundId === undefined ? { email: t.email, order_id: t.orderId } : { email: t.email, order_id: t.orderId, refund_id: t.refundId, partial: t.partial ?? false };
}

function parseArgs(args: JsonValue): SendEmailArgs {
  const a = (args ?? {}) as Record<string, unknown>;
  if (!ORDER_EMAILS.includes(a.email as OrderEmail) || !Number.isSafeInteger(a.order_id)) throw new Error(`Not an order e-mail: ${JSON.stringify(args)}`);
  return { email: a.email as OrderEmail, order_id: a.order_id as number, partial: a.partial === true };
}

type Deps = Pick<Runtime, 'config' | 'changes' | 'jobs' | 'orders' | 'settings' | 'database' | 'log'>;

/** Schedules the e-mails `change` sends, in the transaction `trx` that made it. */
async function scheduleEmails(deps: Deps, trx: Kysely<Database>, change: Change): Promise<void> {
  const triggered = emailsFor(change);
  if (!triggered.length) return;
  const settings = deps.settings.get();
  const { queue } = deps.jobs;
  for (const t of triggered) {
    if (!emailEnabled(settings, t.email)) continue;
    const args = argsOf(t) as unknown as JsonValue;
    if (ONCE_PER_ORDER.has(t.email) && (await queue.scheduledBefore(trx, SEND_EMAIL, args))) continue;
    await queue.scheduleIn(trx, SEND_EMAIL, args, { group: EMAIL_GROUP, maxAttempts: EMAIL_MAX_ATTEMPTS });
  }
}

/** The sender: the settings' name and address, else the store's name and the first administrator's address. */
async function sender(deps: Deps, settings: Settings): Promise<{ name: string; address: string }> {
  const address = settings.emails.from_address || (await firstAdministratorEmail(deps.database.db));
  if (!address) throw new Error('No sender address: set the “From” address under Settings → Emails, or give an administrator an e-mail address');
  return { name: settings.emails.from_name || settings.store.title, address };
}

async function sendEmail(deps: Deps, mailer: Mailer, raw: JsonValue, ctx: JobContext): Promise<void> {
  const args = parseArgs(raw);
  const order = await deps.orders.store.find(args.order_id);
  if (!order) {
    ctx.log.info({ order: args.order_id, email: args.email }, 'The order no longer exists; its e-mail is not sent');
    return;
  }
  const settings = deps.settings.get();
  const from = await sender(deps, settings);
  const toShopper = isCustomerEmail(args.email);
  const to = toShopper ? addressList(order.billing.email) : storeRecipients(settings, args.email as StoreEmail);
  if (!toShopper && !to.length) to.push(from.address);
  if (!to.length) {
    ctx.log.info({ order: order.id, email: args.email }, 'The order has no e-mail address; its e-mail is not sent');
    return;
  }
  const locale = toShopper ? order.meta[ORDER_LOCALE_META] || settings.store.language : settings.store.language;
  const refunds = await listRefunds(deps.database.db, order.id);
  const message = renderEmail({ email: args.email, order, refunds, partial: args.partial, settings, locale });
  const domain = from.address.slice(from.address.lastIndexOf('@') + 1);
  await mailer.send({ from, to, ...message, messageId: `<cartwright.${order.id}.${args.email}.${ctx.action.id}@${domain}>`, signal: ctx.signal });
  ctx.log.info({ order: order.id, email: args.email, recipients: to.length }, 'Order e-mail sent');
}

/**
 * Order e-mails on this node: with SMTP_URL, the listener that schedules them and the handler that
 * sends them; without it, nothing (and one line in the log saying so).
 */
export function registerOrderEmails(deps: Deps, mailer: Mailer | null = deps.config.smtpUrl ? smtpMailer(deps.config.smtpUrl) : null): void {
  if (!mailer) {
    deps.log.info('E-mail is off: SMTP_URL is not set, so no order e-mail is sent');
    return;
  }
  deps.changes.listen((trx, change) => scheduleEmails(deps, trx, change));
  deps.jobs.registry.register(SEND_EMAIL, (args, ctx) => sendEmail(deps, mailer, args, ctx));
  if (deps.config.smtpUrl) deps.log.info({ server: describeSmtp(deps.config.smtpUrl) }, 'Order e-mails are sent through SMTP');
}
