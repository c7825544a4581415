import { translate } from '../i18n/index.ts';
import type { Order, OrderAddress, OrderLine } from '../orders/order.ts';
import { addressLines, needsShippingAddress, orderItemTotals, orderView, type OrderView, type TotalsRow } from '../orders/presentation.ts';
import type { Settings } from '../settings/schema.ts';
import { isCustomerEmail, type OrderEmail } from './triggers.ts';

/**
 * An order e-mail's subject, plain-text body and HTML body, in one language, after WooCommerce's
 * templates (`templates/emails/` and `emails/plain/`): a heading, a greeting and a sentence saying why
 * the e-mail was sent, the order table (lines, WooCommerce's totals rows, the shopper's note), the
 * addresses, and a closing line. Everything from the order or the settings is escaped in the HTML.
 * Pure: the caller brings the order as it is when the e-mail is sent.
 */

export interface EmailContent {
  email: OrderEmail;
  order: Order;
  /** Every refund of the order, the latest first (the totals rows list them). */
  refunds: readonly { id: number; amount: number }[];
  /** For the refunded e-mail: whether money is still left to refund. */
  partial?: boolean;
  settings: Settings;
  locale: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** The words of one e-mail (English message ids); `%s` placeholders are filled in `wordsOf`. */
interface Words {
  subject: string;
  heading: string;
  intro: string;
  closing: string;
}

/** WooCommerce's default subject, heading, opening sentence and additional content of each e-mail. */
const WORDS: Record<Exclude<OrderEmail, 'customer_refunded_order'>, Words> & Record<'customer_refunded_order' | 'customer_partially_refunded_order', Words> = {
  new_order: {
    subject: '[%1$s]: New order #%2$s',
    heading: 'New order: #%2$s',
    intro: 'You’ve received the following order from %3$s:',
    closing: 'Congratulations on the sale.',
  },
  cancelled_order: {
    subject: '[%1$s]: Order #%2$s has been cancelled',
    heading: 'Order cancelled: #%2$s',
    intro: 'Notification to let you know — order #%2$s belonging to %3$s has been cancelled:',
    closing: 'Thanks for reading.',
  },
  failed_order: {
    subject: '[%1$s]: Order #%2$s has failed',
    heading: 'Order failed: #%2$s',
    intro: 'Payment for order #%2$s from %3$s has failed. The order was as follows:',
    closing: 'Hopefully they’ll be back.',
  },
  customer_on_hold_order: {
    subject: 'Your %1$s order has been received!',
    heading: 'Thank you for your order',
    intro: 'Thanks for your order. It’s on hold until we confirm that payment has been received.',
    closing: 'We look forward to fulfilling your order soon.',
  },
  customer_processing_order: {
    subject: 'Your %1$s order has been received!',
    heading: 'Thank you for your order',
    intro: 'Just to let you know — we’ve received your order #%2$s, and it is now being processed:',
    closing: 'Thanks for shopping with us.',
  },
  customer_completed_order: {
    subject: 'Your %1$s order is now complete',
    heading: 'Thanks for shopping with us',
    intro: 'We have finished processing your order.',
    closing: 'Thanks for shopping with us.',
  },
  customer_cancelled_order: {
    subject: '[%1$s]: Your order #%2$s has been cancelled',
    heading: 'Order cancelled: #%2$s',
    intro: 'We’re sorry to let you know that your order #%2$s has been cancelled.',
    closing: 'We hope to see you again soon.',
  },
  customer_refunded_order: {
    subject: 'Your %1$s order #%2$s has been refunded',
    heading: 'Order refunded: #%2$s',
    intro: 'Your order on %1$s has been refunded. There are more details below for your reference:',
    closing: 'We hope to see you again soon.',
  },
  customer_partially_refunded_order: {
    subject: 'Your %1$s order #%2$s has been partially refunded',
    heading: 'Partial refund: order #%2$s',
    intro: 'Your order on %1$s has been partially refunded. There are more details below for your reference:',
    closing: 'We hope to see you again soon.',
  },
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** One line of text, for headers: line breaks and other control characters become spaces. */
const oneLine = (s: string) => s.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();

const fullName = (a: Partial<OrderAddress>) => [a.first_name, a.last_name].filter(Boolean).join(' ');

/** A line's own data worth showing (an engraving), as WooCommerce shows item meta: keys with `_` are hidden. */
function lineDetails(line: OrderLine): string[] {
  return Object.entries(line.itemData)
    .filter(([key, value]) => !key.startsWith('_') && value !== null && value !== undefined && value !== '')
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
}

interface Parts {
  words: Words;
  view: OrderView;
  toStore: boolean;
  greeting: string | null;
  orderTitle: string;
  lines: { name: string; quantity: number; price: string; details: string[] }[];
  totals: TotalsRow[];
  note: string;
  billing: string[];
  shipping: string[] | null;
}

function partsOf(c: EmailContent): Parts {
  const t = (msgid: string, ...args: unknown[]) => translate(c.locale, msgid, ...args);
  const view = orderView(c.settings, c.locale, t);
  const { order } = c;
  const toStore = !isCustomerEmail(c.email);
  const key = c.email === 'customer_refunded_order' && c.partial ? 'customer_partially_refunded_order' : c.email;
  const args = [c.settings.store.title, order.id, fullName(order.billing) || order.billing.email];
  const english = WORDS[key];
  const words: Words = { subject: t(english.subject, ...args), heading: t(english.heading, ...args), intro: t(english.intro, ...args), closing: t(english.closing, ...args) };
  const incl = c.settings.tax.tax_display_cart === 'incl';
  const contact = [order.billing.phone, order.billing.email].filter((p): p is string => !!p);
  const shipping = addressLines(order.shipping);
  return {
    words,
    view,
    toStore,
    greeting: toStore ? null : order.billing.first_name ? t('Hi %s,', order.billing.first_name) : t('Hello,'),
    orderTitle: t('Order #%1$s (%2$s)', order.id, view.date(order.createdAt)),
    lines: order.lines.map((l) => ({
      name: toStore && l.sku ? `${l.name} (#${l.sku})` : l.name,
      quantity: l.quantity,
      price: view.money(order, l.subtotal + (incl ? l.subtotalTax : 0)),
      details: lineDetails(l),
    })),
    totals: Object.values(orderItemTotals(view, order, c.refunds)),
    note: order.customerNote,
    billing: [...addressLines(order.billing), ...contact],
    shipping: needsShippingAddress(order) && shipping.length ? shipping : null,
  };
}

const RULE = '----------------------------------------';
const BANNER = '=-=-=-=-=-=-=-=-=-=-=-=-=-=-=-=-=-=-=-=-=';

function plainText(p: Parts): string {
  const { t } = p.view;
  const out: string[] = [BANNER, p.words.heading, BANNER, ''];
  if (p.greeting) out.push(p.greeting, '');
  out.push(p.words.intro, '', p.orderTitle, '', '==========', '');
  for (const l of p.lines) {
    out.push(`${l.name} × ${l.quantity} = ${l.price}`);
    for (const d of l.details) out.push(`  ${d}`);
  }
  out.push('', '==========', '');
  const width = Math.max(...p.totals.map((r) => r.label.length)) + 2;
  for (const r of p.totals) out.push(`${r.label.padEnd(width)}${r.value}`);
  if (p.note) out.push('', t('Note:'), p.note);
  out.push('', RULE, '', t('Billing address'), ...p.billing);
  if (p.shipping) out.push('', t('Shipping address'), ...p.shipping);
  out.push('', RULE, '', p.words.closing, '');
  return out.join('\n');
}

function html(p: Parts, locale: string, siteTitle: string): string {
  const { t } = p.view;
  const e = escapeHtml;
  const cell = 'padding:12px;border:1px solid #e5e5e5;text-align:left;vertical-align:middle';
  const lines = p.lines
    .map(
      (l) =>
        `<tr><td style="${cell}">${e(l.name)}${l.details.map((d) => `<br><small>${e(d)}</small>`).join('')}</td><td style="${cell}">${l.quantity}</td><td style="${cell}">${e(l.price)}</td></tr>`,
    )
    .join('\n');
  const totals = p.totals.map((r) => `<tr><th scope="row" colspan="2" style="${cell}">${e(r.label)}</th><td style="${cell}">${e(r.value)}</td></tr>`).join('\n');
  const address = (title: string, lines: string[]) =>
    `<td style="padding:0 12px 0 0;vertical-align:top;width:50%"><h2 style="font-size:18px;margin:16px 0 8px">${e(title)}</h2><address style="font-style:normal;padding:12px;border:1px solid #e5e5e5">${lines.map(e).join('<br>')}</address></td>`;
  return `<!DOCTYPE html>
<html lang="${e(locale)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(p.words.subject)}</title></head>
<body style="margin:0;padding:24px 0;background:#f7f7f7;font-family:'Helvetica Neue',Helvetica,Roboto,Arial,sans-serif;color:#3c3c3c">
<div style="max-width:600px;margin:0 auto;background:#ffffff;border:1px solid #dedede;border-radius:3px">
<h1 style="margin:0;padding:36px 48px;background:#7f54b3;color:#ffffff;font-size:26px;font-weight:300;line-height:1.2">${e(p.words.heading)}</h1>
<div style="padding:36px 48px;font-size:14px;line-height:1.5">
${p.greeting ? `<p>${e(p.greeting)}</p>\n` : ''}<p>${e(p.words.intro)}</p>
<h2 style="font-size:18px;margin:24px 0 8px">${e(p.orderTitle)}</h2>
<table cellspacing="0" cellpadding="6" style="width:100%;border-collapse:collapse;border:1px solid #e5e5e5">
<thead><tr><th scope="col" style="${cell}">${e(t('Product'))}</th><th scope="col" style="${cell}">${e(t('Quantity'))}</th><th scope="col" style="${cell}">${e(t('Price'))}</th></tr></thead>
<tbody>
${lines}
</tbody>
<tfoot>
${totals}${p.note ? `\n<tr><th scope="row" colspan="2" style="${cell}">${e(t('Note:'))}</th><td style="${cell}">${e(p.note).replace(/\r?\n/g, '<br>')}</td></tr>` : ''}
</tfoot>
</table>
<table cellspacing="0" cellpadding="0" style="width:100%;margin-top:24px"><tr>${address(t('Billing address'), p.billing)}${p.shipping ? address(t('Shipping address'), p.shipping) : ''}</tr></table>
<p style="margin-top:24px">${e(p.words.closing)}</p>
</div>
</div>
<p style="text-align:center;font-size:12px;color:#8a8a8a">${e(siteTitle)}</p>
</body>
</html>
`;
}

export function renderEmail(c: EmailContent): RenderedEmail {
  const p = partsOf(c);
  return { subject: oneLine(p.words.subject), text: plainText(p), html: html(p, c.locale.slice(0, 2).toLowerCase(), c.settings.store.title) };
}
