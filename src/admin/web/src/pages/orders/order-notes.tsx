import { useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { t } from '../../i18n.ts';
import { Field } from '../../ui/field.tsx';
import { ErrorNotice, Loading } from '../../ui/notice.tsx';
import { Section } from '../../ui/page.tsx';
import { Badge } from '../../ui/table.tsx';
import { useAction } from '../../ui/use-action.ts';
import { useResource } from '../../ui/use-resource.ts';
import { DeleteDialog } from '../catalogue/shared-ui.tsx';
import { formatGmt } from './orders-common.tsx';

/**
 * An order's notes (wc/v3/orders/:id/notes), the latest first, as WooCommerce's notes box: what the
 * store noted by itself (status changes, payments, refunds) and what staff added, each private or
 * shown to the customer; a note is added signed with the staff member's name, and deleted after asking.
 */

interface OrderNote {
  id: number;
  author: string;
  date_created_gmt: string | null;
  note: string;
  customer_note: boolean;
}

/** `version` changes when something else changed the order (the store then noted it). */
export function OrderNotes(props: { orderId: number; version: number }) {
  const notes = useResource((signal) => api<OrderNote[]>(`/wc/v3/orders/${props.orderId}/notes`, { signal }), [props.orderId, props.version]);
  const [text, setText] = useState('');
  const [toCustomer, setToCustomer] = useState(false);
  const adding = useAction();
  const [deleting, setDeleting] = useState<OrderNote>();
  const deletion = useAction();

  const add = async (e: Event) => {
    e.preventDefault();
    const added = await adding.run(() => api<OrderNote>(`/wc/v3/orders/${props.orderId}/notes`, { method: 'POST', body: { note: text, customer_note: toCustomer, added_by_user: true } }));
    if (!added) return;
    setText('');
    setToCustomer(false);
    notes.reload();
  };
  const remove = async () => {
    if (!deleting) return;
    const deleted = await deletion.run(() => api(`/wc/v3/orders/${props.orderId}/notes/${deleting.id}`, { method: 'DELETE', query: { force: true } }).then(() => true));
    if (!deleted) return;
    setDeleting(undefined);
    notes.reload();
  };

  return (
    <Section title={t('Notes')}>
      <form class="orders-note-form" onSubmit={add}>
        <Field id="order-note" label={t('Add a note')}>
          {(c) => <textarea {...c} rows={3} value={text} onInput={(e) => setText(e.currentTarget.value)} />}
        </Field>
        <div class="form-actions">
          <label class="visually-hidden" for="order-note-type">
            {t('Note type')}
          </label>
          <select id="order-note-type" value={toCustomer ? 'customer' : 'private'} onChange={(e) => setToCustomer(e.currentTarget.value === 'customer')}>
            <option value="private">{t('Private note')}</option>
            <option value="customer">{t('Note to customer')}</option>
          </select>
          <button type="submit" class="button button-primary" disabled={adding.busy}>
            {adding.busy ? t('Adding…') : t('Add note')}
          </button>
        </div>
        <ErrorNotice error={adding.error} />
      </form>
      <ErrorNotice error={notes.error} onRetry={notes.reload} />
      {notes.loading && !notes.data ? <Loading /> : null}
      {notes.data ? (
        notes.data.length === 0 ? (
          <p class="orders-muted">{t('There are no notes yet.')}</p>
        ) : (
          <ul class="orders-notes" aria-busy={notes.loading}>
            {notes.data.map((n) => (
              <li key={n.id} class={n.customer_note ? 'orders-note orders-note-customer' : 'orders-note'}>
                <p class="orders-note-text">{n.note}</p>
                <p class="orders-note-meta">
                  {n.customer_note ? <Badge tone="info">{t('Note to customer')}</Badge> : <Badge>{t('Private note')}</Badge>} {formatGmt(n.date_created_gmt)}
                  {n.author && n.author !== 'system' ? ` · ${t('by %s', n.author)}` : ''}
                  <button
                    type="button"
                    class="button-link orders-note-delete"
                    onClick={() => {
                      deletion.reset();
                      setDeleting(n);
                    }}
                  >
                    {t('Delete note')}
                  </button>
                </p>
              </li>
            ))}
          </ul>
        )
      ) : null}
      <DeleteDialog open={deleting !== undefined} title={t('Delete this note?')} confirmLabel={t('Delete note')} deletion={deletion} onConfirm={() => void remove()} onCancel={() => setDeleting(undefined)}>
        <p>{deleting?.note}</p>
      </DeleteDialog>
    </Section>
  );
}
