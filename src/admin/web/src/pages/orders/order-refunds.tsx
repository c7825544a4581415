import { useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { formatNumber, t } from '../../i18n.ts';
import { ConfirmDialog } from '../../ui/confirm.tsx';
import { Field } from '../../ui/field.tsx';
import { ErrorNotice } from '../../ui/notice.tsx';
import { Section } from '../../ui/page.tsx';
import { Table } from '../../ui/table.tsx';
import { useAction } from '../../ui/use-action.ts';
import { amountInput } from '../catalogue/shared.ts';
import { formatGmt, fromMinor, orderDecimals, orderMoney, sumAmounts, toMinor, type Order, type OrderLineItem } from './orders-common.tsx';

/**
 * An order's refunds (wc/v3/orders/:id/refunds) and the form that makes one, as WooCommerce's order
 * screen has it: a quantity to refund per item (which fills in the amount, tax included, and can put
 * the units back in stock), the amount and a reason; then "Refund … manually" (api_refund false: the
 * money goes back some other way) or, when the order's gateway can, "Refund … through <gateway>". What
 * the server refuses (more than is left to refund, a gateway that fails) is shown in its words.
 */

/** A refund as wc/v3 gives it; its lines carry negative quantities and amounts. */
export interface Refund {
  id: number;
  date_created_gmt: string | null;
  amount: string;
  reason: string;
  refunded_payment: boolean;
  line_items: RefundedLine[];
  shipping_lines: RefundedLine[];
  fee_lines: RefundedLine[];
}

interface RefundedLine {
  id: number;
  quantity?: number;
  total: string;
  total_tax: string;
}

/** The order's payment gateway, as wc/v3/payment_gateways gives it. */
export interface PaymentGateway {
  id: string;
  title: string;
  method_title: string;
  method_supports: string[];
}

/** What has been refunded of each order line: units, and money (minor units, tax included). */
export function refundedByLine(refunds: readonly Refund[], decimals: number): Map<number, { quantity: number; amount: number }> {
  const out = new Map<number, { quantity: number; amount: number }>();
  for (const r of refunds) {
    for (const l of [...r.line_items, ...r.shipping_lines, ...r.fee_lines]) {
      const was = out.get(l.id) ?? { quantity: 0, amount: 0 };
      out.set(l.id, { quantity: was.quantity - (l.quantity ?? 0), amount: was.amount - toMinor(l.total, decimals) - toMinor(l.total_tax, decimals) });
    }
  }
  return out;
}

/** A share of a line's amount for `quantity` of its units, in minor units. */
const share = (text: string, line: OrderLineItem, quantity: number, decimals: number) => Math.round((toMinor(text, decimals) / Math.max(1, line.quantity)) * quantity);

export function OrderRefunds(props: { order: Order; refunds: Refund[]; gateway: PaymentGateway | null; onRefunded: (amount: string) => void }) {
  const { order, refunds } = props;
  const decimals = orderDecimals(order);
  const money = (text: string) => orderMoney(text, order);
  const refunded = toMinor(sumAmounts(refunds.map((r) => r.amount), decimals), decimals);
  const remaining = toMinor(order.total, decimals) - refunded;
  const [open, setOpen] = useState(false);

  return (
    <Section
      title={t('Refunds')}
      actions={
        !open && remaining > 0 ? (
          <button type="button" class="button" onClick={() => setOpen(true)}>
            {t('Refund…')}
          </button>
        ) : null
      }
    >
      {refunds.length === 0 ? (
        <p class="orders-muted">{t('Nothing has been refunded.')}</p>
      ) : (
        <Table caption={t('Refunds of order #%s', order.number)}>
          <thead>
            <tr>
              <th scope="col">{t('Date')}</th>
              <th scope="col" class="num">
                {t('Amount')}
              </th>
              <th scope="col">{t('Reason')}</th>
              <th scope="col">{t('How')}</th>
            </tr>
          </thead>
          <tbody>
            {refunds.map((r) => (
              <tr key={r.id}>
                <td class="orders-nowrap">{formatGmt(r.date_created_gmt)}</td>
                <td class="num">−{money(r.amount)}</td>
                <td>{r.reason || <span class="orders-muted">—</span>}</td>
                <td>{r.refunded_payment ? t('Through %s', props.gateway?.title || order.payment_method_title || order.payment_method) : t('Manually')}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {open ? (
        <RefundForm
          order={order}
          refunds={refunds}
          remaining={remaining}
          gateway={props.gateway?.method_supports.includes('refunds') ? props.gateway : null}
          onClose={() => setOpen(false)}
          onRefunded={(amount) => {
            setOpen(false);
            props.onRefunded(amount);
          }}
        />
      ) : null}
    </Section>
  );
}

function RefundForm(props: { order: Order; refunds: Refund[]; remaining: number; gateway: PaymentGateway | null; onClose: () => void; onRefunded: (amount: string) => void }) {
  const { order } = props;
  const decimals = orderDecimals(order);
  const money = (text: string) => orderMoney(text, order);
  const already = refundedByLine(props.refunds, decimals);
  const lines = order.line_items.map((l) => ({ line: l, left: l.quantity - (already.get(l.id)?.quantity ?? 0) })).filter((l) => l.left > 0);
  const [quantities, setQuantities] = useState<Record<number, string>>({});
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [restock, setRestock] = useState(true);
  const [confirming, setConfirming] = useState<'manual' | 'gateway' | null>(null);
  const refund = useAction();

  const quantityOf = (id: number) => {
    const n = Number(quantities[id] ?? 0);
    return Number.isInteger(n) && n > 0 ? n : 0;
  };
  const setQuantity = (line: OrderLineItem, text: string) => {
    const next = { ...quantities, [line.id]: text };
    setQuantities(next);
    // The amount follows the quantities, tax included, as in WooCommerce.
    const total = order.line_items.reduce((sum, l) => {
      const q = Number(next[l.id] ?? 0);
      return Number.isInteger(q) && q > 0 ? sum + share(l.total, l, q, decimals) + share(l.total_tax, l, q, decimals) : sum;
    }, 0);
    setAmount(total ? fromMinor(total, decimals) : '');
  };

  const amountText = amountInput(amount);
  const shown = amountText && Number.isFinite(Number(amountText)) ? money(fromMinor(toMinor(amountText, decimals), decimals)) : money(fromMinor(0, decimals));

  const submit = async (through: 'manual' | 'gateway') => {
    setConfirming(null);
    const body = {
      amount: amountText,
      reason: reason.trim(),
      api_refund: through === 'gateway',
      api_restock: restock,
      line_items: order.line_items
        .filter((l) => quantityOf(l.id) > 0)
        .map((l) => {
          const q = quantityOf(l.id);
          return {
            id: l.id,
            quantity: q,
            refund_total: fromMinor(share(l.total, l, q, decimals), decimals),
            refund_tax: l.taxes.map((tax) => ({ id: tax.id, refund_total: fromMinor(share(tax.total, l, q, decimals), decimals) })),
          };
        }),
    };
    const made = await refund.run(() => api<Refund>(`/wc/v3/orders/${order.id}/refunds`, { method: 'POST', body }));
    if (made) props.onRefunded(made.amount);
  };

  return (
    <form class="orders-refund-form" aria-labelledby="refund-form-title" onSubmit={(e) => { e.preventDefault(); setConfirming('manual'); }}>
      <h3 id="refund-form-title">{t('Make a refund')}</h3>
      {lines.length ? (
        <fieldset class="orders-refund-lines">
          <legend>{t('Items to refund')}</legend>
          {lines.map(({ line, left }) => (
            <Field id={`refund-qty-${line.id}`} label={line.name} hint={t('%s can be refunded.', formatNumber(left))} inline>
              {(c) => <input {...c} type="number" min={0} max={left} step={1} inputMode="numeric" value={quantities[line.id] ?? ''} placeholder="0" class="orders-qty" onInput={(e) => setQuantity(line, e.currentTarget.value)} />}
            </Field>
          ))}
          <div class="field field-inline">
            <input id="refund-restock" type="checkbox" checked={restock} onChange={(e) => setRestock(e.currentTarget.checked)} />
            <label for="refund-restock">{t('Put the refunded items back in stock')}</label>
          </div>
        </fieldset>
      ) : null}
      <div class="form-grid">
        <Field id="refund-amount" label={t('Refund amount (%s)', order.currency)} hint={t('At most %s can still be refunded.', money(fromMinor(props.remaining, decimals)))}>
          {(c) => <input {...c} inputMode="decimal" autocomplete="off" required value={amount} onInput={(e) => setAmount(e.currentTarget.value)} />}
        </Field>
        <Field id="refund-reason" label={t('Reason (optional)')}>
          {(c) => <input {...c} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />}
        </Field>
      </div>
      <ErrorNotice error={refund.error} />
      <div class="form-actions">
        {props.gateway ? (
          <button type="button" class="button button-primary" disabled={refund.busy} onClick={() => setConfirming('gateway')}>
            {t('Refund %1$s through %2$s', shown, props.gateway.title || props.gateway.method_title)}
          </button>
        ) : null}
        <button type="submit" class={`button${props.gateway ? '' : ' button-primary'}`} disabled={refund.busy}>
          {t('Refund %s manually', shown)}
        </button>
        <button type="button" class="button-link" onClick={props.onClose}>
          {t('Cancel')}
        </button>
      </div>
      <p class="field-hint">
        {props.gateway
          ? t('Refunding manually records the refund only: give the money back yourself.')
          : t('This payment method cannot give money back from here: record the refund, then give the money back yourself.')}
      </p>
      <ConfirmDialog
        open={confirming !== null}
        title={t('Refund %s?', shown)}
        confirmLabel={t('Refund')}
        danger
        busy={refund.busy}
        onConfirm={() => confirming && void submit(confirming)}
        onCancel={() => setConfirming(null)}
      >
        <p>{confirming === 'gateway' ? t('The money goes back through %s. This cannot be undone.', props.gateway?.title ?? '') : t('The refund is recorded; the money is not sent back from here. This cannot be undone.')}</p>
      </ConfirmDialog>
    </form>
  );
}
