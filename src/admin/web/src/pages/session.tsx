import { useLocation, useRoute } from 'preact-iso';
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { formatNumber, t } from '../i18n.ts';
import { Address } from '../ui/address.tsx';
import { ConfirmDialog } from '../ui/confirm.tsx';
import { ErrorNotice, Loading } from '../ui/notice.tsx';
import { Page, Section } from '../ui/page.tsx';
import { Table } from '../ui/table.tsx';
import { useAction } from '../ui/use-action.ts';
import { useResource } from '../ui/use-resource.ts';
import { ExpiryBadge, formatSessionTime, listSessions, sourceLabel, type SessionSummary } from './sessions-common.tsx';
import './sessions.css';

/**
 * One cart in session (GET cocart/v2/session/:key, Cartwright's `full` answer, prices formatted by the
 * server in the store's currency): its items with what the shopper gave with each (an engraving …),
 * totals with each fee, coupons, the chosen shipping, the notices waiting for the shopper and the
 * customer, with its times from the sessions list; and
 * Delete, which asks first and then returns to the list.
 */

interface SessionItem {
  item_key: string;
  id: number;
  name: string;
  price: string;
  quantity: { value: number };
  /** `subtotal` before the cart's discounts (the Totals block takes those off), `total` after. */
  totals: { subtotal: string; total: string; tax: string };
  meta: { sku?: string; variation?: Record<string, string> | unknown[] };
  /** What the shopper gave with the item (an engraving, a gift message …); `[]` when nothing. */
  cart_item_data: Record<string, unknown> | unknown[];
}

interface ShippingRate {
  key: string;
  label: string;
  html: string;
  chosen_method: boolean;
}

interface ShippingPackage {
  package_name: string;
  rates: Record<string, ShippingRate> | unknown[];
  chosen_method: string;
  formatted_destination: string;
}

interface SessionCart {
  cart_key: string;
  customer: { billing_address: Record<string, string>; shipping_address: Record<string, string> };
  items: SessionItem[];
  item_count: number;
  coupons: { coupon: string; label: string; saving_html: string }[];
  /** Each fee's amount as the server formats it (prices are asked for formatted). */
  fees: Record<string, { name: string; fee: string }> | unknown[];
  totals: Record<string, string>;
  /** `[]` when the store ships nothing. */
  shipping: { has_calculated_shipping: boolean; packages: Record<string, ShippingPackage> | unknown[] } | unknown[];
  /** What the shopper will be told on their next visit, by type; `[]` when nothing waits. */
  notices: Partial<Record<'error' | 'success' | 'notice' | 'info', string[]>> | unknown[];
}

/** The cart and, beside it, its row in the sessions list (times and source; not in the cart response). */
async function loadSession(key: string, signal: AbortSignal): Promise<{ cart: SessionCart; summary: SessionSummary | null }> {
  const summary = listSessions({ search: key, per_page: 100 }, signal)
    .then((list) => list.sessions.find((s) => s.cart_key === key) ?? null)
    // Without it the cart still shows, its times as "—".
    .catch(() => null);
  const cart = api<SessionCart>(`/cocart/v2/session/${encodeURIComponent(key)}`, { query: { prices: 'formatted', response: 'full' }, signal });
  return { cart: await cart, summary: await summary };
}

function variationText(item: SessionItem): string {
  const variation = item.meta?.variation;
  if (!variation || Array.isArray(variation)) return '';
  return Object.entries(variation)
    .map(([name, value]) => `${name}: ${value}`)
    .join(', ');
}

/** The item data as "name: value" pairs, in the order given. */
function itemData(item: SessionItem): [string, string][] {
  const data = item.cart_item_data;
  if (!data || Array.isArray(data)) return [];
  return Object.entries(data).map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)]);
}

/** What each shipping package will be sent by, as the shopper chose it (or the store chose for them). */
function ShippingChoice(props: { shipping: SessionCart['shipping'] }) {
  const shipping = props.shipping;
  if (Array.isArray(shipping)) return <p class="sessions-muted">{t('This store does not ship.')}</p>;
  const packages = Array.isArray(shipping.packages) ? [] : Object.values(shipping.packages);
  if (!packages.length) return <p class="sessions-muted">{shipping.has_calculated_shipping ? t('No shipping method is available for this address.') : t('Not calculated yet: the cart needs an address.')}</p>;
  return (
    <dl class="facts">
      {packages.map((p) => {
        const rates = Array.isArray(p.rates) ? [] : Object.values(p.rates);
        const chosen = rates.find((r) => r.chosen_method);
        return (
          <>
            <dt>{p.package_name}</dt>
            <dd>
              {chosen ? <strong>{chosen.html}</strong> : t('None chosen')}
              {p.formatted_destination ? <span class="sessions-muted sessions-block">{t('To %s', p.formatted_destination)}</span> : null}
              {rates.length > 1 ? <span class="sessions-muted sessions-block">{t('Offered: %s', rates.map((r) => r.label).join(', '))}</span> : null}
            </dd>
          </>
        );
      })}
    </dl>
  );
}

const NOTICE_LABELS = { error: () => t('Errors'), success: () => t('Successes'), notice: () => t('Notices'), info: () => t('Information') };

export function SessionPage() {
  const { params } = useRoute();
  const { route } = useLocation();
  const key = params.key ?? '';
  const session = useResource((signal) => loadSession(key, signal), [key]);
  const [confirming, setConfirming] = useState(false);
  const deletion = useAction();

  const remove = async () => {
    const deleted = await deletion.run(() => api(`/cocart/v2/session/${encodeURIComponent(key)}`, { method: 'DELETE' }).then(() => true));
    if (deleted) route(`/admin/sessions?deleted=${encodeURIComponent(key)}`);
    else setConfirming(false);
  };

  const data = session.data;
  const cart = data?.cart;
  const summary = data?.summary;
  const totals = cart?.totals ?? {};
  const fees = cart && !Array.isArray(cart.fees) ? Object.values(cart.fees) : [];
  const notices = cart && !Array.isArray(cart.notices) ? (Object.entries(cart.notices) as [keyof typeof NOTICE_LABELS, string[]][]) : [];

  return (
    <div class="session-screen">
      <p class="sessions-back">
        <a href="/admin/sessions">{t('← All carts')}</a>
      </p>
      <Page
        title={t('Cart %s', key)}
        actions={
          cart ? (
            <button type="button" class="button button-danger" onClick={() => setConfirming(true)}>
              {t('Delete cart')}
            </button>
          ) : null
        }
      >
        <ErrorNotice error={deletion.error} />
        <ErrorNotice error={session.error} onRetry={session.error?.status === 404 ? undefined : session.reload} />
        {session.loading && !data ? <Loading /> : null}
        {cart ? (
          <>
            <Section title={t('Details')}>
              <dl class="facts">
                <dt>{t('Cart key')}</dt>
                <dd>
                  <code>{cart.cart_key}</code>
                </dd>
                <dt>{t('Created')}</dt>
                <dd>{summary ? formatSessionTime(summary.cart_created) : '—'}</dd>
                <dt>{t('Expires')}</dt>
                <dd>
                  {summary ? (
                    <>
                      {formatSessionTime(summary.cart_expiry)} <ExpiryBadge expiry={summary.cart_expiry} />
                    </>
                  ) : (
                    '—'
                  )}
                </dd>
                <dt>{t('Source')}</dt>
                <dd>{summary ? sourceLabel(summary.cart_source) : '—'}</dd>
                <dt>{t('Items')}</dt>
                <dd>{formatNumber(cart.item_count)}</dd>
              </dl>
            </Section>

            <Section title={t('Items')}>
              {cart.items.length === 0 ? (
                <p class="sessions-muted">{t('This cart is empty.')}</p>
              ) : (
                <Table caption={t('Items in this cart')}>
                  <thead>
                    <tr>
                      <th scope="col">{t('Product')}</th>
                      <th scope="col" class="num">
                        {t('Quantity')}
                      </th>
                      <th scope="col" class="num">
                        {t('Price')}
                      </th>
                      <th scope="col" class="num">
                        {t('Line total')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {cart.items.map((item) => (
                      <tr key={item.item_key}>
                        <td>
                          <a href={`/admin/products/${item.id}`} class="sessions-name">
                            {item.name}
                          </a>
                          {variationText(item) ? <span class="sessions-muted sessions-block">{variationText(item)}</span> : null}
                          {itemData(item).length ? (
                            <dl class="sessions-item-data">
                              {itemData(item).map(([name, value]) => (
                                <>
                                  <dt>{name}</dt>
                                  <dd>{value}</dd>
                                </>
                              ))}
                            </dl>
                          ) : null}
                          {item.meta?.sku ? (
                            <span class="sessions-muted sessions-block">
                              {t('SKU')} <code>{item.meta.sku}</code>
                            </span>
                          ) : null}
                        </td>
                        <td class="num">{formatNumber(item.quantity.value)}</td>
                        <td class="num">{item.price}</td>
                        <td class="num">{item.totals.subtotal}</td>
                      </tr>
                    ))}
                  </tbody>
                </Table>
              )}
            </Section>

            <div class="grid">
              <Section title={t('Totals')}>
                <dl class="facts sessions-totals">
                  <dt>{t('Subtotal')}</dt>
                  <dd>{totals.subtotal}</dd>
                  {cart.coupons.length ? (
                    <>
                      <dt>{t('Discount')}</dt>
                      <dd>−{totals.discount_total}</dd>
                    </>
                  ) : null}
                  <dt>{t('Shipping')}</dt>
                  <dd>{totals.shipping_total}</dd>
                  {fees.map((f) => (
                    <>
                      <dt>{t('Fee: %s', f.name)}</dt>
                      <dd>{f.fee}</dd>
                    </>
                  ))}
                  <dt>{t('Tax')}</dt>
                  <dd>{totals.total_tax}</dd>
                  <dt class="sessions-grand">{t('Total')}</dt>
                  <dd class="sessions-grand">{totals.total}</dd>
                </dl>
              </Section>
              <Section title={t('Coupons')}>
                {cart.coupons.length === 0 ? (
                  <p class="sessions-muted">{t('No coupons applied.')}</p>
                ) : (
                  <ul class="sessions-plain-list">
                    {cart.coupons.map((c) => (
                      <li key={c.coupon}>
                        <code>{c.coupon}</code> <span class="sessions-muted">{c.saving_html}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </Section>
            </div>

            <div class="grid">
              <Section title={t('Shipping')}>
                <ShippingChoice shipping={cart.shipping} />
              </Section>
              <Section title={t('Notices waiting for the shopper')}>
                {notices.length === 0 ? (
                  <p class="sessions-muted">{t('None.')}</p>
                ) : (
                  <dl class="facts">
                    {notices.map(([type, list]) => (
                      <>
                        <dt>{NOTICE_LABELS[type]?.() ?? type}</dt>
                        <dd>
                          <ul class="sessions-plain-list">
                            {list.map((text) => (
                              <li>{text}</li>
                            ))}
                          </ul>
                        </dd>
                      </>
                    ))}
                  </dl>
                )}
              </Section>
            </div>

            <div class="grid">
              <Section title={t('Billing address')}>
                <Address values={cart.customer.billing_address} prefix="billing_" empty={t('No billing details yet.')} />
              </Section>
              <Section title={t('Shipping address')}>
                <Address values={cart.customer.shipping_address} prefix="shipping_" empty={t('No shipping address yet.')} />
              </Section>
            </div>
          </>
        ) : null}
        {session.error?.status === 404 ? (
          <p>
            <a href="/admin/sessions">{t('Back to the carts in session')}</a>
          </p>
        ) : null}
      </Page>
      <ConfirmDialog
        open={confirming}
        title={t('Delete this cart?')}
        confirmLabel={deletion.busy ? t('Deleting…') : t('Delete cart')}
        danger
        busy={deletion.busy}
        onConfirm={() => void remove()}
        onCancel={() => setConfirming(false)}
      >
        <p>{t('The cart %s and its items will be deleted. The shopper will find an empty cart. This cannot be undone.', key)}</p>
      </ConfirmDialog>
    </div>
  );
}
