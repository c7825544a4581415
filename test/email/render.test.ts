import { describe, expect, it } from 'vitest';
import { renderEmail, type EmailContent } from '../../src/email/render.ts';
import { ORDER_EMAILS } from '../../src/email/triggers.ts';
import { emptyAddress, type Order } from '../../src/orders/order.ts';
import { line, pendingOrder, settingsWith } from '../payments/fixtures.ts';

/**
 * The order e-mails' words and bodies, after WooCommerce's templates: subject, heading, the sentence
 * saying why, the order table with WooCommerce's totals rows, the addresses; English and French; and
 * nothing from the order or the settings reaching the HTML unescaped.
 */

const ADA = { ...emptyAddress(), first_name: 'Ada', last_name: 'Lovelace', address_1: '1 Quay Street', city: 'Bristol', postcode: 'BS1 4XX', country: 'GB', email: 'ada@example.org', phone: '01632 960001' };

function order(overrides: Partial<Order> = {}): Order {
  const shackle = { ...line(10, 2, 2598), id: 31, name: 'Snap Shackle', sku: 'CW-SHK-001' };
  return pendingOrder({
    id: 42,
    status: 'processing',
    billing: ADA,
    shipping: { ...ADA, email: '', phone: '' },
    paymentMethod: 'cod',
    paymentMethodTitle: 'Cash on delivery',
    lines: [shackle],
    shippingLines: [{ id: 32, rateId: 'flat_rate:1', methodId: 'flat_rate', instanceId: 1, methodTitle: 'Flat rate', total: 495, tax: 0, taxes: [] }],
    totals: { discountTotal: 0, discountTax: 0, shippingTotal: 495, shippingTax: 0, cartTax: 0, total: 3093, totalTax: 0 },
    // 14 November 2023, 22:13 UTC.
    createdAt: 1_700_000_000,
    ...overrides,
  });
}

const content = (overrides: Partial<EmailContent> = {}): EmailContent => ({
  email: 'customer_processing_order',
  order: order(),
  refunds: [],
  settings: settingsWith(),
  locale: 'en',
  ...overrides,
});

describe('order e-mail rendering', () => {
  it('writes the shopper’s "order received" e-mail as WooCommerce’s processing-order e-mail, in plain text', () => {
    const m = renderEmail(content());
    expect(m.subject).toBe('Your Cartwright Demo Store order has been received!');
    expect(m.text).toBe(
      [
        '=-=-=-=-=-=-=-=-=-=-=-=-=-=-=-=-=-=-=-=-=',
        'Thank you for your order',
        '=-=-=-=-=-=-=-=-=-=-=-=-=-=-=-=-=-=-=-=-=',
        '',
        'Hi Ada,',
        '',
        'Just to let you know — we’ve received your order #42, and it is now being processed:',
        '',
        'Order #42 (November 14, 2023, 10:13 pm)',
        '',
        '==========',
        '',
        'Snap Shackle × 2 = £25.98',
        '',
        '==========',
        '',
        'Subtotal        £25.98',
        'Shipping        £4.95 via Flat rate',
        'Payment method  Cash on delivery',
        'Total           £30.93',
        '',
        '----------------------------------------',
        '',
        'Billing address',
        'Ada Lovelace',
        '1 Quay Street',
        'Bristol',
        'BS1 4XX',
        'United Kingdom (UK)',
        '01632 960001',
        'ada@example.org',
        '',
        'Shipping address',
        'Ada Lovelace',
        '1 Quay Street',
        'Bristol',
        'BS1 4XX',
        'United Kingdom (UK)',
        '',
        '----------------------------------------',
        '',
        'Thanks for shopping with us.',
        '',
      ].join('\n'),
    );
    expect(m.html).toContain('<html lang="en">');
    expect(m.html).toContain('<h1 style="margin:0;padding:36px 48px;background:#7f54b3;color:#ffffff;font-size:26px;font-weight:300;line-height:1.2">Thank you for your order</h1>');
    expect(m.html).toMatch(/<td[^>]*>Snap Shackle<\/td><td[^>]*>2<\/td><td[^>]*>£25.98<\/td>/);
    expect(m.html).toMatch(/<th scope="row" colspan="2"[^>]*>Total<\/th><td[^>]*>£30.93<\/td>/);
  });

  it('writes the store’s e-mails as WooCommerce’s admin e-mails: the buyer named, SKUs shown, no greeting', () => {
    const m = renderEmail(content({ email: 'new_order' }));
    expect(m.subject).toBe('[Cartwright Demo Store]: New order #42');
    expect(m.text).toContain('New order: #42');
    expect(m.text).toContain('You’ve received the following order from Ada Lovelace:');
    expect(m.text).toContain('Snap Shackle (#CW-SHK-001) × 2 = £25.98');
    expect(m.text).not.toContain('Hi Ada');
    expect(m.text).toContain('Congratulations on the sale.');
    expect(renderEmail(content({ email: 'cancelled_order' })).text).toContain('Notification to let you know — order #42 belonging to Ada Lovelace has been cancelled:');
    expect(renderEmail(content({ email: 'failed_order' })).subject).toBe('[Cartwright Demo Store]: Order #42 has failed');
  });

  it('has WooCommerce’s subject for each e-mail, and the refunded one in full and in part with the refunds in the totals', () => {
    const subjects = Object.fromEntries(ORDER_EMAILS.map((email) => [email, renderEmail(content({ email })).subject]));
    expect(subjects).toEqual({
      new_order: '[Cartwright Demo Store]: New order #42',
      cancelled_order: '[Cartwright Demo Store]: Order #42 has been cancelled',
      failed_order: '[Cartwright Demo Store]: Order #42 has failed',
      customer_on_hold_order: 'Your Cartwright Demo Store order has been received!',
      customer_processing_order: 'Your Cartwright Demo Store order has been received!',
      customer_completed_order: 'Your Cartwright Demo Store order is now complete',
      customer_cancelled_order: '[Cartwright Demo Store]: Your order #42 has been cancelled',
      customer_refunded_order: 'Your Cartwright Demo Store order #42 has been refunded',
    });
    const partial = renderEmail(content({ email: 'customer_refunded_order', partial: true, refunds: [{ id: 5, amount: 1299 }] }));
    expect(partial.subject).toBe('Your Cartwright Demo Store order #42 has been partially refunded');
    expect(partial.text).toContain('Partial refund: order #42');
    expect(partial.text).toContain('Your order on Cartwright Demo Store has been partially refunded. There are more details below for your reference:');
    expect(partial.text).toMatch(/\nRefund +-£12\.99\nTotal +£30\.93\n/);
  });

  it('writes French for a French shopper: words, dates and the store’s money format', () => {
    const settings = settingsWith();
    const m = renderEmail(content({ locale: 'fr', settings: { ...settings, store: { ...settings.store, decimal_separator: ',', thousand_separator: ' ', currency_pos: 'right_space' } } }));
    expect(m.subject).toBe('Votre commande chez Cartwright Demo Store a bien été reçue !');
    expect(m.text).toContain('Merci pour votre commande');
    expect(m.text).toContain('Bonjour Ada,');
    expect(m.text).toContain('Pour information, nous avons bien reçu votre commande n°42, elle est maintenant en cours de traitement :');
    expect(m.text).toContain('Commande n°42 (14 novembre 2023 à 22:13)');
    expect(m.text).toContain('Snap Shackle × 2 = 25,98\u00a0£');
    expect(m.text).toMatch(/\nSous-total +25,98\u00a0£\nExpédition +4,95\u00a0£ via Flat rate\nMoyen de paiement +Cash on delivery\nTotal +30,93\u00a0£\n/);
    expect(m.text).toContain('Adresse de facturation');
    expect(m.text).toContain('Merci pour vos achats.');
    expect(m.html).toContain('<html lang="fr">');
    expect(m.html).toContain('>Produit</th>');
    const store = renderEmail(content({ email: 'new_order', locale: 'fr' }));
    expect(store.subject).toBe('[Cartwright Demo Store] : Nouvelle commande n°42');
    expect(store.text).toContain('Vous avez reçu la commande suivante de Ada Lovelace :');
  });

  it('escapes everything from the order and the settings in the HTML, and keeps the subject on one line', () => {
    const settings = settingsWith();
    const evil = '<script>alert("x")</script> & \'co\'';
    const m = renderEmail(
      content({
        email: 'new_order',
        settings: { ...settings, store: { ...settings.store, title: `Shop\r\nBcc: victim@example.org ${evil}` } },
        order: order({
          billing: { ...ADA, first_name: evil, company: '<b>Acme</b>' },
          customerNote: 'Leave it <img src=x onerror=alert(1)>\nby the door',
          lines: [{ ...line(10, 1, 100), name: `<i>Shackle</i>`, sku: '"><x', itemData: { engraving: '<u>A.L.</u>', _hidden: 'no' } }],
          paymentMethodTitle: '<marquee>pay</marquee>',
        }),
      }),
    );
    expect(m.subject).toBe(`[Shop Bcc: victim@example.org ${evil}]: New order #42`);
    for (const raw of ['<script>', '<b>Acme', '<img', '<i>Shackle', '"><x', '<u>A.L.', '<marquee>']) expect(m.html).not.toContain(raw);
    expect(m.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;');
    expect(m.html).toContain('Leave it &lt;img src=x onerror=alert(1)&gt;<br>by the door');
    expect(m.html).toContain('&lt;i&gt;Shackle&lt;/i&gt; (#&quot;&gt;&lt;x)<br><small>engraving: &lt;u&gt;A.L.&lt;/u&gt;</small>');
    expect(m.html).not.toContain('_hidden');
    // The plain-text body is text: it is sent as text/plain, nothing in it is markup.
    expect(m.text).toContain('<i>Shackle</i> (#"><x) × 1 = £1.00');
  });
});
