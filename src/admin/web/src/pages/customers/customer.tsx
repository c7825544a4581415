import { useLocation, useRoute } from 'preact-iso';
import { useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { currentStaff, isAdministrator } from '../../auth.ts';
import { formatDateTime, t } from '../../i18n.ts';
import { ErrorNotice, Loading, Notice } from '../../ui/notice.tsx';
import { Page, Section } from '../../ui/page.tsx';
import { ConfirmDialog } from '../../ui/confirm.tsx';
import { Badge } from '../../ui/table.tsx';
import { useAction } from '../../ui/use-action.ts';
import { useQueryState } from '../../ui/query-state.ts';
import { useResource } from '../../ui/use-resource.ts';
import { useFocusOn } from '../catalogue/shared.ts';
import { DeleteDialog, DoneNotice } from '../catalogue/shared-ui.tsx';
import { NotFoundPage } from '../not-found.tsx';
import { CustomerCarts, CustomerOrders } from './customer-activity.tsx';
import { CustomerForm } from './customer-form.tsx';
import { customerLabel, newPassword, roleLabel, type Customer } from './customers-common.ts';
import './customers.css';

/**
 * One customer (`/admin/customers/new` to add one, `/admin/customers/<id>` to see and edit one): the
 * account and addresses; a password the store made, shown once right after it was made; a new password
 * set (typed, or generated and shown once); the customer's carts and latest orders; deleting a customer
 * for good once confirmed (their orders stay, as guest orders). Staff accounts are shown too, but their
 * e-mail address and password are not changed here, as WooCommerce's customers API forbids it.
 */

export function CustomerPage() {
  const { params } = useRoute();
  const id = params.id ?? '';
  if (id !== 'new' && !/^\d+$/.test(id)) return <NotFoundPage />;
  return <CustomerScreen key={id} id={id} />;
}

/** A password that was just made, to pass on to the customer: shown until dismissed, never again. */
function PasswordNotice(props: { password: string; onDismiss: () => void }) {
  const ref = useFocusOn<HTMLDivElement>(props.password);
  const [copied, setCopied] = useState(false);
  return (
    <div ref={ref} tabIndex={-1} class="customers-focus-target">
      <Notice kind="warning" onDismiss={props.onDismiss} dismissLabel={t('I have noted it')}>
        <p>{t('The password of this account, shown this once: pass it on to the customer, who can change it after signing in.')}</p>
        <p class="customers-password">
          <code id="customer-new-password">{props.password}</code>{' '}
          <button
            type="button"
            class="button"
            onClick={() =>
              void navigator.clipboard?.writeText(props.password).then(
                () => setCopied(true),
                () => setCopied(false),
              )
            }
          >
            {copied ? t('Copied') : t('Copy the password')}
          </button>
        </p>
      </Notice>
    </div>
  );
}

/** The password the server made for a customer just added, handed to that customer's screen, which takes it once. */
let handedOver: { id: number; password: string } | null = null;

function takePassword(id: number): string {
  const password = handedOver?.id === id ? handedOver.password : '';
  handedOver = null;
  return password;
}

function CustomerScreen(props: { id: string }) {
  const creating = props.id === 'new';
  const id = Number(props.id);
  const { route } = useLocation();
  const loaded = useResource((signal) => (creating ? Promise.resolve(null) : api<Customer>(`/wc/v3/customers/${id}`, { signal })), []);
  const [saved, setSaved] = useState<Customer>();
  const customer = saved ?? loaded.data ?? undefined;
  const [q, setQ] = useQueryState({ created: '' });
  const [done, setDone] = useState<string>();
  // A password made for the customer, held only in this screen's memory (a reload forgets it).
  const [password, setPassword] = useState<string>(() => takePassword(id));
  const [confirming, setConfirming] = useState<'delete' | 'password' | null>(null);
  const deletion = useAction();
  const reset = useAction();
  const me = currentStaff();
  const isCustomer = customer?.role === 'customer';

  const remove = async () => {
    if (!customer) return;
    const deleted = await deletion.run(() => api(`/wc/v3/customers/${customer.id}`, { method: 'DELETE', query: { force: true } }).then(() => true));
    if (deleted) route(`/admin/customers?deleted=${encodeURIComponent(customerLabel(customer))}`);
  };
  const setNewPassword = async () => {
    if (!customer) return;
    const chosen = newPassword();
    const answer = await reset.run(() => api<Customer>(`/wc/v3/customers/${customer.id}`, { method: 'PUT', body: { password: chosen } }));
    setConfirming(null);
    if (!answer) return;
    setSaved(answer);
    setDone(undefined);
    setQ({ created: '' });
    setPassword(chosen);
  };

  return (
    <div class="customer-screen">
      <p class="customers-back">
        <a href="/admin/customers">{t('← All customers')}</a>
      </p>
      <Page
        title={creating ? t('Add customer') : customer ? customerLabel(customer) : t('Customer')}
        actions={
          customer && isCustomer ? (
            <>
              <button type="button" class="button" onClick={() => {
                  reset.reset();
                  setConfirming('password');
                }}>
                {t('Set a new password')}
              </button>
              <button type="button" class="button button-danger" onClick={() => {
                  deletion.reset();
                  setConfirming('delete');
                }}>
                {t('Delete customer')}
              </button>
            </>
          ) : null
        }
      >
        {password ? <PasswordNotice password={password} onDismiss={() => setPassword('')} /> : null}
        <DoneNotice
          message={done ?? (q.created && customer ? t('Customer “%s” added.', customerLabel(customer)) : undefined)}
          onDismiss={() => {
            setDone(undefined);
            setQ({ created: '' });
          }}
        />
        <ErrorNotice error={reset.error} />
        <ErrorNotice error={loaded.error} onRetry={loaded.error?.status === 404 ? undefined : loaded.reload} />
        {!creating && loaded.loading && !customer ? <Loading /> : null}
        {customer ? (
          <dl class="facts customers-facts">
            <dt>{t('Username')}</dt>
            <dd>
              <code>{customer.username}</code>
            </dd>
            <dt>{t('Role')}</dt>
            <dd>{roleLabel(customer.role)}</dd>
            <dt>{t('Registered')}</dt>
            <dd>{formatDateTime(customer.date_created_gmt ? `${customer.date_created_gmt}Z` : null)}</dd>
            <dt>{t('Paying customer')}</dt>
            <dd>{customer.is_paying_customer ? <Badge tone="good">{t('Yes')}</Badge> : t('No')}</dd>
          </dl>
        ) : null}
        {creating || customer ? (
          <Section title={t('Details')} id="customer-details">
            <CustomerForm
              key={customer?.id ?? 'new'}
              customer={customer}
              canChangeRole={isAdministrator() && customer !== undefined && String(customer.id) !== me?.id}
              onSaved={(c) => {
                if (creating) {
                  // Never in the address (nor the browser's history): the new screen takes it from memory.
                  handedOver = c.password ? { id: c.id, password: c.password } : null;
                  return route(`/admin/customers/${c.id}?created=1`, true);
                }
                setSaved(c);
                setQ({ created: '' });
                setDone(t('Customer “%s” saved.', customerLabel(c)));
              }}
            />
          </Section>
        ) : null}
        {customer ? (
          <div class="grid">
            <CustomerCarts customerId={customer.id} />
            <CustomerOrders customerId={customer.id} />
          </div>
        ) : null}
        <DeleteDialog
          open={confirming === 'delete'}
          title={t('Delete customer “%s”?', customer ? customerLabel(customer) : '')}
          confirmLabel={t('Delete customer')}
          deletion={deletion}
          onConfirm={() => void remove()}
          onCancel={() => setConfirming(null)}
        >
          <p>{t('The account is deleted for good: the customer can no longer sign in. Their orders stay, as guest orders.')}</p>
        </DeleteDialog>
        <ConfirmDialog
          open={confirming === 'password'}
          title={t('Set a new password?')}
          confirmLabel={reset.busy ? t('Saving…') : t('Set a new password')}
          busy={reset.busy}
          onConfirm={() => void setNewPassword()}
          onCancel={() => setConfirming(null)}
        >
          <p>{t('A new password is generated and shown to you once. The customer is signed out everywhere and signs in again with it.')}</p>
        </ConfirmDialog>
      </Page>
    </div>
  );
}
