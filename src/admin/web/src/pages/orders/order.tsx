import { useRoute } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../api.ts';
import { formatNumber, t } from '../../i18n.ts';
import { Address } from '../../ui/address.tsx';
import { Field } from '../../ui/field.tsx';
import { ErrorNotice, Loading } from '../../ui/notice.tsx';
import { Page, Section } from '../../ui/page.tsx';
import { Table } from '../../ui/table.tsx';
import { useAction } from '../../ui/use-action.ts';
import { useResource } from '../../ui/use-resource.ts';
import { DoneNotice } from '../catalogue/shared-ui.tsx';
import { OrderNotes } from './order-notes.tsx';
import { OrderRefunds, refundedByLine, type PaymentGateway, type Refund } from './order-refunds.tsx';
import { customerName, formatGmt, fromMinor, orderDecimals, orderMoney, OrderStatusBadge, orderStatusLabel, SETTABLE_STATUSES, sumAmounts, toMinor, type Order } from './orders-common.tsx';
import './orders.css';

/**
 * One order (wc/v3/orders/:id), as WooCommerce's order screen: its details and status (changed in place;
 * a refusal in the server's words), its lines, fees, shipping and coupons, the totals down to what was
 * refunded and the net payment, the addresses and the customer's note; then its refunds (and a refund
 * form) and its notes. After any change the order, its refunds and its notes are read again, since
 * each change may move the others (a full refund makes the order refunded; every change leaves a note).
 */

interface Loaded {
  order: Order;
  refunds: Refund[];
  /** The order's payment gateway, when the store has it (to refund through it). */
  gateway: PaymentGateway | null;
}

async function loadOrder(id: number, signal: AbortSignal): Promise<Loaded> {
  const order = await api<Order>(`/wc/v3/orders/${id}`, { signal });
  const [refunds, gateway] = await Promise.all([
    api<Refund[]>(`/wc/v3/orders/${id}/refunds`, { query: { per_page: 100 }, signal }),
    order.payment_method
      ? api<PaymentGateway>(`/wc/v3/payment_gateways/${encodeURIComponent(order.payment_method)}`, { signal }).catch((err: unknown) => {
          if (err instanceof ApiError && err.status === 404) return null;
          throw err;
        })
      : Promise.resolve(null),
  ]);
  return { order, refunds, gateway };
}

const CREATED_VIA: Record<string, () => string> = { checkout: () => t('Storefront checkout'), 'rest-api': () => t('REST API'), admin: () => t('Dashboard') };

export function OrderPage() {
  const { params } = useRoute();
  const id = Number(params.id);
  const loaded = useResource((signal) => loadOrder(id, signal), [id]);
  const [done, setDone] = useState<string>();
  /** Bumped after every change, so the notes are read again too. */
  const [changes, setChanges] = useState(0);
  const changed = (message: string) => {
    setDone(message);
    setChanges((n) => n + 1);
    loaded.reload();
  };

  const data = loaded.data;
  const order = data?.order;
  return (
    <div class="order-screen">
      <p class="orders-back">
        <a href="/admin/orders">{t('← All orders')}</a>
      </p>
      <Page title={t('Order #%s', order?.number ?? String(id))} actions={order ? <OrderStatusBadge status={order.status} /> : null}>
        <DoneNotice message={done} onDismiss={() => setDone(undefined)} />
        <ErrorNotice error={loaded.error} onRetry={loaded.error?.status === 404 ? undefined : loaded.reload} />
        {loaded.loading && !data ? <Loading /> : null}
        {order && data ? (
          <>
            <div class="grid">
              <Section title={t('Details')}>
                <OrderFacts order={order} />
                <StatusForm order={order} onChanged={(next) => changed(t('Order status changed to %s.', orderStatusLabel(next.status)))} />
              </Section>
              <Section title={t('Totals')}>
                <OrderTotals order={order} refunds={data.refunds} />
              </Section>
            </div>
            <Section title={t('Items')}>
              <OrderLines order={order} refunds={data.refunds} />
            </Section>
            <div class="grid">
              <Section title={t('Billing address')}>
                <Address values={{ ...order.billing }} empty={t('No billing address.')} />
              </Section>
              <Section title={t('Shipping address')}>
                <Address values={{ ...order.shipping }} empty={t('No shipping address.')} />
                {order.customer_note ? (
                  <div class="orders-customer-note">
                    <h3>{t('Customer’s note')}</h3>
                    <p>{order.customer_note}</p>
                  </div>
                ) : null}
              </Section>
            </div>
            <OrderRefunds order={order} refunds={data.refunds} gateway={data.gateway} onRefunded={(amount) => changed(t('Refunded %s.', orderMoney(amount, order)))} />
            <OrderNotes orderId={order.id} version={changes} />
          </>
        ) : null}
        {loaded.error?.status === 404 ? (
          <p>
            <a href="/admin/orders">{t('Back to the orders')}</a>
          </p>
        ) : null}
      </Page>
    </div>
  );
}

function OrderFacts(props: { order: Order }) {
  const o = props.order;
  return (
    <dl class="facts">
      <dt>{t('Created')}</dt>
      <dd>{formatGmt(o.date_created_gmt)}</dd>
      <dt>{t('Customer')}</dt>
      <dd>
        {customerName(o)} <span class="orders-muted">{o.customer_id ? t('(customer #%s)', String(o.customer_id)) : t('(guest)')}</span>
      </dd>
      <dt>{t('Payment method')}</dt>
      <dd>{o.payment_method_title || o.payment_method || '—'}</dd>
      <dt>{t('Transaction ID')}</dt>
      <dd>{o.transaction_id ? <code>{o.transaction_id}</code> : '—'}</dd>
      {o.date_paid_gmt ? (
        <>
          <dt>{t('Paid')}</dt>
          <dd>{formatGmt(o.date_paid_gmt)}</dd>
        </>
      ) : null}
      {o.date_completed_gmt ? (
        <>
          <dt>{t('Completed')}</dt>
          <dd>{formatGmt(o.date_completed_gmt)}</dd>
        </>
      ) : null}
      <dt>{t('Created via')}</dt>
      <dd>{CREATED_VIA[o.created_via]?.() ?? o.created_via}</dd>
    </dl>
  );
}

/** The status, changed with PUT wc/v3/orders/:id; stock and coupons follow on the server. */
function StatusForm(props: { order: Order; onChanged: (order: Order) => void }) {
  const { order } = props;
  const [status, setStatus] = useState<string>(order.status);
  useEffect(() => setStatus(order.status), [order.status]);
  const save = useAction();
  const options = SETTABLE_STATUSES.includes(order.status) ? SETTABLE_STATUSES : [order.status, ...SETTABLE_STATUSES];
  const submit = async (e: Event) => {
    e.preventDefault();
    const saved = await save.run(() => api<Order>(`/wc/v3/orders/${order.id}`, { method: 'PUT', body: { status } }));
    if (saved) props.onChanged(saved);
  };
  return (
    <form class="orders-status-form" onSubmit={submit}>
      <Field id="order-status" label={t('Status')}>
        {(c) => (
          <select {...c} value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
            {options.map((s) => (
              <option value={s} disabled={!SETTABLE_STATUSES.includes(s)}>
                {orderStatusLabel(s)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <button type="submit" class="button button-primary" disabled={save.busy || status === order.status}>
        {save.busy ? t('Saving…') : t('Change status')}
      </button>
      <ErrorNotice error={save.error} />
    </form>
  );
}

/** Items, fees and shipping, as one table; what was refunded of each line under it. */
function OrderLines(props: { order: Order; refunds: Refund[] }) {
  const { order } = props;
  const decimals = orderDecimals(order);
  const refunded = refundedByLine(props.refunds, decimals);
  const taxed = toMinor(order.total_tax, decimals) !== 0;
  const money = (text: string) => orderMoney(text, order);
  const back = (lineId: number) => {
    const r = refunded.get(lineId);
    if (!r) return null;
    const parts = [r.quantity ? t('%s refunded', formatNumber(r.quantity)) : '', r.amount ? `−${money(fromMinor(r.amount, decimals))}` : ''].filter(Boolean);
    return <span class="orders-refunded orders-block">{parts.join(' · ')}</span>;
  };
  return (
    <>
      <Table caption={t('Items of order #%s', order.number)}>
        <thead>
          <tr>
            <th scope="col">{t('Item')}</th>
            <th scope="col">{t('SKU')}</th>
            <th scope="col" class="num">
              {t('Cost')}
            </th>
            <th scope="col" class="num">
              {t('Qty')}
            </th>
            <th scope="col" class="num">
              {t('Total')}
            </th>
            {taxed ? (
              <th scope="col" class="num">
                {t('Tax')}
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {order.line_items.map((l) => (
            <tr key={l.id}>
              <td>
                <a href={`/admin/products/${l.product_id}`} class="orders-name">
                  {l.name}
                </a>
                {l.meta_data.length ? <span class="orders-muted orders-block">{l.meta_data.map((m) => `${m.display_key}: ${m.display_value}`).join(', ')}</span> : null}
              </td>
              <td>{l.sku ? <code>{l.sku}</code> : <span class="orders-muted">—</span>}</td>
              <td class="num">{money(fromMinor(Math.round(toMinor(l.subtotal, decimals) / Math.max(1, l.quantity)), decimals))}</td>
              <td class="num">
                × {formatNumber(l.quantity)}
                {back(l.id)}
              </td>
              <td class="num">
                {money(l.total)}
                {toMinor(l.subtotal, decimals) > toMinor(l.total, decimals) ? (
                  <span class="orders-muted orders-block">{t('%s discount', money(fromMinor(toMinor(l.subtotal, decimals) - toMinor(l.total, decimals), decimals)))}</span>
                ) : null}
              </td>
              {taxed ? <td class="num">{money(l.total_tax)}</td> : null}
            </tr>
          ))}
          {[
            ...order.fee_lines.map((f) => ({ id: f.id, label: t('Fee: %s', f.name), total: f.total, tax: f.total_tax })),
            ...order.shipping_lines.map((l) => ({ id: l.id, label: t('Shipping: %s', l.method_title || l.method_id), total: l.total, tax: l.total_tax })),
          ].map((row) => (
            <tr key={row.id} class="orders-extra-line">
              <td colSpan={4}>{row.label}</td>
              <td class="num">
                {money(row.total)}
                {back(row.id)}
              </td>
              {taxed ? <td class="num">{money(row.tax)}</td> : null}
            </tr>
          ))}
        </tbody>
      </Table>
      {order.coupon_lines.length ? (
        <p class="orders-coupons">
          {t('Coupons:')}{' '}
          {order.coupon_lines.map((c, i) => (
            <>
              {i ? ', ' : null}
              <code>{c.code}</code> <span class="orders-muted">(−{money(c.discount)})</span>
            </>
          ))}
        </p>
      ) : null}
    </>
  );
}

function OrderTotals(props: { order: Order; refunds: Refund[] }) {
  const { order } = props;
  const decimals = orderDecimals(order);
  const money = (text: string) => orderMoney(text, order);
  const refunded = sumAmounts(props.refunds.map((r) => r.amount), decimals);
  const anyRefund = props.refunds.length > 0;
  return (
    <dl class="facts orders-totals">
      <dt>{t('Items subtotal')}</dt>
      <dd>{money(sumAmounts(order.line_items.map((l) => l.subtotal), decimals))}</dd>
      {order.coupon_lines.length ? (
        <>
          <dt>{t('Discount')}</dt>
          <dd>−{money(order.discount_total)}</dd>
        </>
      ) : null}
      {order.fee_lines.length ? (
        <>
          <dt>{t('Fees')}</dt>
          <dd>{money(sumAmounts(order.fee_lines.map((f) => f.total), decimals))}</dd>
        </>
      ) : null}
      {order.shipping_lines.length ? (
        <>
          <dt>{t('Shipping')}</dt>
          <dd>{money(order.shipping_total)}</dd>
        </>
      ) : null}
      <dt>{t('Tax')}</dt>
      <dd>{money(order.total_tax)}</dd>
      <dt class="orders-grand">{t('Order total')}</dt>
      <dd class="orders-grand">{money(order.total)}</dd>
      {anyRefund ? (
        <>
          <dt class="orders-refunded">{t('Total refunded')}</dt>
          <dd class="orders-refunded">−{money(refunded)}</dd>
          <dt class="orders-grand">{t('Net payment')}</dt>
          <dd class="orders-grand">{money(fromMinor(toMinor(order.total, decimals) - toMinor(refunded, decimals), decimals))}</dd>
        </>
      ) : null}
    </dl>
  );
}
