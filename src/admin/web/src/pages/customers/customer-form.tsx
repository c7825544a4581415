import { useMemo, useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { t } from '../../i18n.ts';
import { Field } from '../../ui/field.tsx';
import { ErrorNotice } from '../../ui/notice.tsx';
import { CountrySelect, StateSelect } from '../../ui/reference-selects.tsx';
import { useAction } from '../../ui/use-action.ts';
import { useFieldErrors, useFocusFirstInvalid } from '../catalogue/shared.ts';
import { BILLING_FIELDS, roleLabel, ROLES, SHIPPING_FIELDS, type Address, type AddressField, type Customer, type Role } from './customers-common.ts';

/**
 * A customer's account and addresses, new (no `customer`) or existing, saved through wc/v3/customers
 * with the server's refusals under their fields (an address's `billing[country]: …` under that field).
 * A new customer's password, left empty, is made by the server and shown once by the screen; the role
 * is for administrators to change, on someone else's account.
 */

interface Form {
  first_name: string;
  last_name: string;
  email: string;
  username: string;
  password: string;
  role: Role;
  billing: Address;
  shipping: Address;
}

const formOf = (c: Customer | undefined): Form => ({
  first_name: c?.first_name ?? '',
  last_name: c?.last_name ?? '',
  email: c?.email ?? '',
  username: c?.username ?? '',
  password: '',
  role: c?.role ?? 'customer',
  billing: { ...(c?.billing ?? {}) },
  shipping: { ...(c?.shipping ?? {}) },
});

/** Refusals that name no parameter but one field. */
const FIELD_OF_CODE = {
  'registration-error-email-exists': 'email',
  'woocommerce_rest_customer_invalid_email': 'email',
  'registration-error-username-exists': 'username',
  'registration-error-invalid-username': 'username',
  'registration-error-phone-exists': 'billing.phone',
};

const LABELS: Record<AddressField, () => string> = {
  first_name: () => t('First name'),
  last_name: () => t('Last name'),
  company: () => t('Company'),
  address_1: () => t('Address line 1'),
  address_2: () => t('Address line 2'),
  city: () => t('City'),
  postcode: () => t('Postcode / ZIP'),
  country: () => t('Country / Region'),
  state: () => t('State / County'),
  phone: () => t('Phone'),
  email: () => t('E-mail address'),
};

const AUTOCOMPLETE: Partial<Record<AddressField, string>> = {
  first_name: 'given-name', last_name: 'family-name', company: 'organization', address_1: 'address-line1', address_2: 'address-line2',
  city: 'address-level2', postcode: 'postal-code', phone: 'tel', email: 'email',
};

/** The server's reasons, with an address's (`billing: "billing[country]: …"`) put under its own field. */
function placeErrors(errors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, reason] of Object.entries(errors)) {
    const m = /^(billing|shipping)\[(\w+)\]: (.*)$/s.exec(reason);
    if (m && m[1] === name) out[`${name}.${m[2]}`] = m[3];
    else out[name] = reason;
  }
  return out;
}

function AddressFields(props: { section: 'billing' | 'shipping'; value: Address; errors: Record<string, string>; onChange: (a: Address) => void }) {
  const { section, value, errors } = props;
  const set = (field: AddressField, v: string) => props.onChange({ ...value, [field]: v, ...(field === 'country' && v !== value.country ? { state: '' } : {}) });
  return (
    <div class="form-grid">
      {(section === 'billing' ? BILLING_FIELDS : SHIPPING_FIELDS).map((field) => {
        const id = `${section}-${field}`;
        const error = errors[`${section}.${field}`];
        return (
          <Field key={id} id={id} label={LABELS[field]()} error={error}>
            {(c) =>
              field === 'country' ? (
                <CountrySelect {...c} value={value.country ?? ''} emptyLabel={t('— None —')} onChange={(v) => set('country', v)} />
              ) : field === 'state' ? (
                <StateSelect {...c} country={value.country ?? ''} value={value.state ?? ''} emptyLabel={t('— None —')} onChange={(v) => set('state', v)} />
              ) : (
                <input
                  {...c}
                  // Preact types an input's attributes by its `type`; one expression of three fits none of them.
                  type={(field === 'email' ? 'email' : field === 'phone' ? 'tel' : 'text') as 'text'}
                  autocomplete={AUTOCOMPLETE[field] ? `section-${section} ${section} ${AUTOCOMPLETE[field]}` : 'off'}
                  value={value[field] ?? ''}
                  onInput={(e) => set(field, e.currentTarget.value)}
                />
              )
            }
          </Field>
        );
      })}
    </div>
  );
}

export function CustomerForm(props: { customer: Customer | undefined; canChangeRole: boolean; onSaved: (c: Customer) => void }) {
  const existing = props.customer;
  const [form, setForm] = useState<Form>(() => formOf(existing));
  const save = useAction();
  const raw = useFieldErrors(save.error, FIELD_OF_CODE);
  const errors = useMemo(() => placeErrors(raw), [raw]);
  const formRef = useFocusFirstInvalid(errors);
  const set = (changes: Partial<Form>) => setForm((f) => ({ ...f, ...changes }));

  const submit = async (e: Event) => {
    e.preventDefault();
    const body: Record<string, unknown> = { first_name: form.first_name.trim(), last_name: form.last_name.trim(), email: form.email.trim(), billing: form.billing, shipping: form.shipping };
    if (!existing) {
      if (form.username.trim()) body.username = form.username.trim();
      if (form.password) body.password = form.password;
    } else if (props.canChangeRole && form.role !== existing.role) body.role = form.role;
    const answer = await save.run(() => api<Customer>(existing ? `/wc/v3/customers/${existing.id}` : '/wc/v3/customers', { method: existing ? 'PUT' : 'POST', body }));
    if (!answer) return;
    setForm(formOf(answer));
    props.onSaved(answer);
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-labelledby="customer-account">
      <ErrorNotice error={save.error} />
      <fieldset class="customer-fieldset">
        <legend id="customer-account">{t('Account')}</legend>
        <div class="form-grid">
          <Field id="customer-first-name" label={t('First name')} error={errors.first_name}>
            {(c) => <input {...c} autocomplete="off" value={form.first_name} onInput={(e) => set({ first_name: e.currentTarget.value })} />}
          </Field>
          <Field id="customer-last-name" label={t('Last name')} error={errors.last_name}>
            {(c) => <input {...c} autocomplete="off" value={form.last_name} onInput={(e) => set({ last_name: e.currentTarget.value })} />}
          </Field>
          <Field id="customer-email" label={t('E-mail address')} hint={existing ? undefined : t('Required. The customer signs in with it.')} error={errors.email}>
            {(c) => <input {...c} type="email" autocomplete="off" required value={form.email} onInput={(e) => set({ email: e.currentTarget.value })} />}
          </Field>
          {existing ? null : (
            <>
              <Field id="customer-username" label={t('Username')} hint={t('Left empty, one is made from the name or the e-mail address. It cannot be changed later.')} error={errors.username}>
                {(c) => <input {...c} autocomplete="off" spellcheck={false} value={form.username} onInput={(e) => set({ username: e.currentTarget.value })} />}
              </Field>
              <Field id="customer-password" label={t('Password')} hint={t('Left empty, a strong one is generated and shown to you once.')} error={errors.password}>
                {(c) => <input {...c} type="password" autocomplete="new-password" value={form.password} onInput={(e) => set({ password: e.currentTarget.value })} />}
              </Field>
            </>
          )}
          {existing && props.canChangeRole ? (
            <Field id="customer-role" label={t('Role')} hint={t('Shop managers and administrators can sign in to this dashboard.')} error={errors.role}>
              {(c) => (
                <select {...c} value={form.role} onChange={(e) => set({ role: e.currentTarget.value as Role })}>
                  {ROLES.map((r) => (
                    <option value={r}>{roleLabel(r)}</option>
                  ))}
                </select>
              )}
            </Field>
          ) : null}
        </div>
      </fieldset>
      <fieldset class="customer-fieldset">
        <legend>{t('Billing address')}</legend>
        <AddressFields section="billing" value={form.billing} errors={errors} onChange={(billing) => set({ billing })} />
      </fieldset>
      <fieldset class="customer-fieldset">
        <legend>{t('Shipping address')}</legend>
        <p>
          <button
            type="button"
            class="button"
            onClick={() => set({ shipping: Object.fromEntries(SHIPPING_FIELDS.map((f) => [f, form.billing[f] ?? ''])) })}
          >
            {t('Copy the billing address')}
          </button>
        </p>
        <AddressFields section="shipping" value={form.shipping} errors={errors} onChange={(shipping) => set({ shipping })} />
      </fieldset>
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={save.busy}>
          {save.busy ? t('Saving…') : existing ? t('Save customer') : t('Add customer')}
        </button>
      </div>
    </form>
  );
}
