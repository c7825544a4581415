import { useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { t } from '../../i18n.ts';
import { ConfirmDialog } from '../../ui/confirm.tsx';
import { Field } from '../../ui/field.tsx';
import { ErrorNotice } from '../../ui/notice.tsx';
import { useAction } from '../../ui/use-action.ts';
import type { ProductSummary } from './products.tsx';
import { amountInput } from './shared.ts';

/**
 * What staff do to several products at once, from the list: publish, move to the trash (or, in the
 * trash, restore or delete for good), change the regular price by an amount or a percentage, or set
 * the stock. Changes go as one wc/v3 batch (the trash, which a batch cannot reach, as one DELETE each);
 * what the server refuses for a product is said with its name.
 */

type BulkAction = 'publish' | 'trash' | 'restore' | 'delete' | 'price' | 'stock';
type PriceChange = 'increase-amount' | 'decrease-amount' | 'increase-percent' | 'decrease-percent';

interface BatchAnswer {
  update?: { id: number; error?: { message: string } }[];
  delete?: { id: number; error?: { message: string } }[];
}

/** The new price, with as many decimals as the old one (two at least); never below zero. */
export function changedPrice(old: string, change: PriceChange, by: number): string {
  const value = Number(old);
  const decimals = Math.max(2, (old.split('.')[1] ?? '').length);
  const next =
    change === 'increase-amount' ? value + by : change === 'decrease-amount' ? value - by : change === 'increase-percent' ? value * (1 + by / 100) : value * (1 - by / 100);
  return Math.max(0, next).toFixed(decimals);
}

export function BulkActions(props: { selected: ProductSummary[]; inTrash: boolean; onDone: (message: string) => void }) {
  const [action, setAction] = useState<BulkAction | ''>('');
  const [change, setChange] = useState<PriceChange>('increase-percent');
  const [by, setBy] = useState('');
  const [quantity, setQuantity] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const [fieldError, setFieldError] = useState<string>();
  const run = useAction();
  const [confirming, setConfirming] = useState(false);
  const { selected } = props;
  const nameOf = (id: number) => selected.find((p) => p.id === id)?.name ?? `#${id}`;

  const failures = (items: { id: number; error?: { message: string } }[] = []) =>
    items.filter((i) => i.error).map((i) => t('%1$s: %2$s', nameOf(i.id), i.error!.message));

  const submit = (e: Event) => {
    e.preventDefault();
    // Deleting for good is asked about first; the rest can be undone.
    if (action === 'delete') setConfirming(true);
    else void apply();
  };

  const apply = async () => {
    setConfirming(false);
    setProblems([]);
    setFieldError(undefined);
    if (!action || !selected.length) return;
    let updates: Record<string, unknown>[] = [];
    const skipped: string[] = [];
    if (action === 'price') {
      const amount = Number(amountInput(by));
      if (!by.trim() || !Number.isFinite(amount) || amount < 0) return setFieldError(t('Enter a positive number.'));
      for (const p of selected) {
        if (p.type === 'variable' || p.type === 'grouped' || !p.regular_price) skipped.push(t('%s: no regular price of its own', p.name));
        else updates.push({ id: p.id, regular_price: changedPrice(p.regular_price, change, amount) });
      }
    } else if (action === 'stock') {
      if (!/^-?\d+$/.test(quantity.trim())) return setFieldError(t('Enter a whole number.'));
      for (const p of selected) {
        if (p.type === 'grouped' || p.type === 'external') skipped.push(t('%s: no stock of its own', p.name));
        else updates.push({ id: p.id, manage_stock: true, stock_quantity: Number(quantity.trim()) });
      }
    } else if (action === 'publish') updates = selected.map((p) => ({ id: p.id, status: 'publish' }));
    // As WordPress since 5.6: what leaves the trash comes back as a draft.
    else if (action === 'restore') updates = selected.map((p) => ({ id: p.id, status: 'draft' }));

    const outcome = await run.run(async () => {
      if (action === 'trash') {
        const answers = await Promise.allSettled(selected.map((p) => api(`/wc/v3/products/${p.id}`, { method: 'DELETE' })));
        return answers.flatMap((a, i) => (a.status === 'rejected' ? [t('%1$s: %2$s', selected[i].name, (a.reason as Error).message)] : []));
      }
      const body = action === 'delete' ? { delete: selected.map((p) => p.id) } : { update: updates };
      if (!updates.length && action !== 'delete') return [];
      const answer = await api<BatchAnswer>('/wc/v3/products/batch', { method: 'POST', body });
      return [...failures(answer.update), ...failures(answer.delete)];
    });
    if (!outcome) return;
    const all = [...skipped, ...outcome];
    setProblems(all);
    const changed = selected.length - all.length;
    props.onDone(changed === 1 ? t('1 product changed.') : t('%d products changed.', changed));
  };

  return (
    <form class="cat-bulk" onSubmit={submit} aria-label={t('Bulk actions')}>
      <div class="cat-inline-form">
        <Field id="bulk-action" label={t('With %d selected', selected.length)}>
          {(c) => (
            <select {...c} value={action} onChange={(e) => setAction(e.currentTarget.value as BulkAction)}>
              <option value="">{t('Choose an action')}</option>
              {props.inTrash ? (
                <>
                  <option value="restore">{t('Restore')}</option>
                  <option value="delete">{t('Delete permanently')}</option>
                </>
              ) : (
                <>
                  <option value="publish">{t('Publish')}</option>
                  <option value="price">{t('Change the regular price')}</option>
                  <option value="stock">{t('Set the stock')}</option>
                  <option value="trash">{t('Move to trash')}</option>
                </>
              )}
            </select>
          )}
        </Field>
        {action === 'price' ? (
          <>
            <Field id="bulk-price-change" label={t('How')}>
              {(c) => (
                <select {...c} value={change} onChange={(e) => setChange(e.currentTarget.value as PriceChange)}>
                  <option value="increase-percent">{t('Increase by a percentage')}</option>
                  <option value="decrease-percent">{t('Decrease by a percentage')}</option>
                  <option value="increase-amount">{t('Increase by an amount')}</option>
                  <option value="decrease-amount">{t('Decrease by an amount')}</option>
                </select>
              )}
            </Field>
            <Field id="bulk-price-by" label={change.endsWith('percent') ? t('Percentage') : t('Amount')} error={fieldError}>
              {(c) => <input {...c} inputMode="decimal" value={by} onInput={(e) => setBy(e.currentTarget.value)} />}
            </Field>
          </>
        ) : null}
        {action === 'stock' ? (
          <Field id="bulk-stock" label={t('Quantity in stock')} error={fieldError}>
            {(c) => <input {...c} inputMode="numeric" value={quantity} onInput={(e) => setQuantity(e.currentTarget.value)} />}
          </Field>
        ) : null}
        <button type="submit" class="button" disabled={!action || !selected.length || run.busy}>
          {run.busy ? t('Applying…') : t('Apply')}
        </button>
      </div>
      <ErrorNotice error={run.error} />
      {problems.length ? (
        <div class="notice notice-warning" role="status">
          <p>{t('Not changed:')}</p>
          <ul>
            {problems.map((p) => (
              <li>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <ConfirmDialog
        open={confirming}
        title={selected.length === 1 ? t('Delete 1 product for good?') : t('Delete %d products for good?', selected.length)}
        confirmLabel={t('Delete permanently')}
        danger
        onConfirm={() => void apply()}
        onCancel={() => setConfirming(false)}
      >
        <p>{t('Their variations go with them. This cannot be undone.')}</p>
      </ConfirmDialog>
    </form>
  );
}
