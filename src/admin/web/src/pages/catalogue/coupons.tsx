import { useEffect, useState } from 'preact/hooks';
import { api, paging, request } from '../../api.ts';
import { formatNumber, t } from '../../i18n.ts';
import { Field } from '../../ui/field.tsx';
import { ErrorNotice, Loading, Notice } from '../../ui/notice.tsx';
import { Page } from '../../ui/page.tsx';
import { Pager } from '../../ui/pager.tsx';
import { useQueryState } from '../../ui/query-state.ts';
import { SearchForm } from '../../ui/search-form.tsx';
import { Badge, Table } from '../../ui/table.tsx';
import { useAction } from '../../ui/use-action.ts';
import { useResource } from '../../ui/use-resource.ts';
import { amountInput, dayOf, formatPercent, formatPrice, formatStoreDay, today, useEditorList, useFieldErrors, useFocusFirstInvalid, useFocusOn, useStoreSettings } from './shared.ts';
import { DeleteDialog, DoneNotice, RowButton } from './shared-ui.tsx';
import './catalogue.css';

/**
 * Coupons (wc/v3/coupons): the list with search, and one editor for a new or an existing coupon,
 * opened from the address (`?edit=new`, `?edit=<id>`) so it survives a reload. Deleting is for good.
 */

type DiscountType = 'percent' | 'fixed_cart' | 'fixed_product';

interface Coupon {
  id: number;
  code: string;
  amount: string;
  discount_type: DiscountType;
  description: string;
  date_expires: string | null;
  usage_count: number;
  usage_limit: number | null;
  usage_limit_per_user: number | null;
  individual_use: boolean;
  free_shipping: boolean;
  exclude_sale_items: boolean;
  minimum_amount: string;
  maximum_amount: string;
  email_restrictions: string[];
  status: string;
}

const PER_PAGE = 20;

const discountLabel = (type: string): string =>
  ({ percent: t('Percentage discount'), fixed_cart: t('Fixed cart discount'), fixed_product: t('Fixed product discount') })[type] ?? type;

function amountText(c: Coupon, currency: string | undefined): string {
  return c.discount_type === 'percent' ? formatPercent(c.amount) : formatPrice(c.amount, currency);
}

export function CouponsPage() {
  const [q, setQ] = useQueryState({ page: '1', search: '', edit: '' });
  const page = Math.max(1, Number(q.page) || 1);
  const settings = useStoreSettings();
  const currency = settings.data?.currency;
  const list = useResource(
    async (signal) => {
      const res = await request<Coupon[]>('/wc/v3/coupons', { query: { page, per_page: PER_PAGE, search: q.search, orderby: 'date', order: 'desc' }, signal });
      return { items: res.data, search: q.search, ...paging(res.headers) };
    },
    [page, q.search],
  );
  const screen = useEditorList<Coupon>({ q, setQ, reload: list.reload, path: (c) => `/wc/v3/coupons/${c.id}`, deletedMessage: (c) => t('Coupon “%s” deleted.', c.code) });

  return (
    <Page
      title={t('Coupons')}
      actions={
        <button type="button" class="button button-primary" onClick={() => screen.openEditor('new')} disabled={q.edit === 'new'}>
          {t('Add coupon')}
        </button>
      }
    >
      {settings.data && !settings.data.coupons ? (
        <Notice kind="warning">
          <p>{t('Coupons are turned off in the settings: shoppers cannot use them until they are turned on.')}</p>
        </Notice>
      ) : null}
      <DoneNotice message={screen.done} onDismiss={() => screen.setDone(undefined)} />
      {q.edit ? <CouponEditor key={q.edit} edit={q.edit} currency={currency} onClose={screen.closeEditor} /> : null}
      <div class="cat-toolbar">
        <SearchForm value={q.search} label={t('Search coupons')} onSearch={(search) => setQ({ search, edit: q.edit })} />
      </div>
      <ErrorNotice error={list.error} onRetry={list.reload} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        list.data.items.length === 0 ? (
          <p class="cat-empty">{list.data.search ? t('No coupons found for this search.') : t('No coupons found.')}</p>
        ) : (
          <div aria-busy={list.loading}>
            <Table caption={list.data.search ? t('Coupons matching “%s”', list.data.search) : t('Coupons')}>
              <thead>
                <tr>
                  <th scope="col">{t('Code')}</th>
                  <th scope="col">{t('Discount type')}</th>
                  <th scope="col" class="num">
                    {t('Amount')}
                  </th>
                  <th scope="col">{t('Usage / limit')}</th>
                  <th scope="col">{t('Expires')}</th>
                  <th scope="col" class="cat-actions-head">
                    <span class="visually-hidden">{t('Actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((c) => {
                  const expired = c.date_expires !== null && dayOf(c.date_expires) <= today();
                  return (
                    <tr key={c.id}>
                      <td>
                        <a href={`/admin/coupons?${new URLSearchParams({ ...(q.search ? { search: q.search } : {}), ...(page > 1 ? { page: String(page) } : {}), edit: String(c.id) })}`} onClick={() => screen.setDone(undefined)}>
                          <code class="cat-coupon-code">{c.code}</code>
                        </a>
                        {c.status !== 'publish' ? (
                          <>
                            {' '}
                            <Badge>{c.status === 'draft' ? t('Draft') : c.status}</Badge>
                          </>
                        ) : null}
                        {c.description ? <div class="cat-muted cat-small">{c.description}</div> : null}
                      </td>
                      <td>
                        {discountLabel(c.discount_type)}
                        {c.free_shipping ? (
                          <>
                            {' '}
                            <Badge tone="info">{t('Free shipping')}</Badge>
                          </>
                        ) : null}
                      </td>
                      <td class="num">{amountText(c, currency)}</td>
                      <td>{c.usage_limit ? t('%1$s / %2$s', formatNumber(c.usage_count), formatNumber(c.usage_limit)) : t('%s / no limit', formatNumber(c.usage_count))}</td>
                      <td>
                        {c.date_expires ? formatStoreDay(c.date_expires) : <span class="cat-muted">{t('Never')}</span>}
                        {expired ? (
                          <>
                            {' '}
                            <Badge tone="bad">{t('Expired')}</Badge>
                          </>
                        ) : null}
                      </td>
                      <td>
                        <div class="cat-row-actions">
                          <RowButton label={t('Edit')} name={c.code} onClick={() => screen.openEditor(String(c.id))} />
                          <RowButton label={t('Delete')} name={c.code} danger onClick={() => screen.askDelete(c)} />
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </Table>
          </div>
        )
      ) : null}
      {list.data ? <Pager page={page} totalPages={list.data.totalPages} total={list.data.total} onPage={(p) => setQ({ page: String(p), edit: q.edit })} /> : null}
      <DeleteDialog
        open={screen.deleting !== undefined}
        title={t('Delete coupon “%s”?', screen.deleting?.code ?? '')}
        confirmLabel={t('Delete coupon')}
        deletion={screen.deletion}
        onConfirm={() => void screen.confirmDelete()}
        onCancel={screen.cancelDelete}
      >
        <p>{t('Shoppers will no longer be able to use it. This cannot be undone.')}</p>
      </DeleteDialog>
    </Page>
  );
}

interface CouponForm {
  code: string;
  description: string;
  discount_type: DiscountType;
  amount: string;
  expires: string;
  minimum: string;
  maximum: string;
  usage_limit: string;
  usage_limit_per_user: string;
  individual_use: boolean;
  exclude_sale_items: boolean;
  free_shipping: boolean;
  emails: string;
}

const BLANK: CouponForm = {
  code: '', description: '', discount_type: 'percent', amount: '', expires: '', minimum: '', maximum: '', usage_limit: '', usage_limit_per_user: '',
  individual_use: false, exclude_sale_items: false, free_shipping: false, emails: '',
};

/** wc/v3 sends "0.00" for "no minimum"; the form shows that as empty. */
const optionalAmount = (text: string) => (Number(text) === 0 ? '' : text);

function formOf(c: Coupon): CouponForm {
  return {
    code: c.code,
    description: c.description,
    discount_type: c.discount_type,
    amount: c.amount,
    expires: dayOf(c.date_expires),
    minimum: optionalAmount(c.minimum_amount),
    maximum: optionalAmount(c.maximum_amount),
    usage_limit: c.usage_limit === null ? '' : String(c.usage_limit),
    usage_limit_per_user: c.usage_limit_per_user === null ? '' : String(c.usage_limit_per_user),
    individual_use: c.individual_use,
    exclude_sale_items: c.exclude_sale_items,
    free_shipping: c.free_shipping,
    emails: c.email_restrictions.join(', '),
  };
}

const whole = (text: string): number | string | null => {
  const v = text.trim();
  return v === '' ? null : /^\d+$/.test(v) ? Number(v) : v;
};

function bodyOf(f: CouponForm): Record<string, unknown> {
  return {
    code: f.code.trim(),
    description: f.description,
    discount_type: f.discount_type,
    amount: amountInput(f.amount) || '0',
    // A coupon expires at the start of its expiry day, in the store's time zone, as in WooCommerce.
    date_expires: f.expires ? `${f.expires}T00:00:00` : null,
    minimum_amount: amountInput(f.minimum),
    maximum_amount: amountInput(f.maximum),
    usage_limit: whole(f.usage_limit),
    usage_limit_per_user: whole(f.usage_limit_per_user),
    individual_use: f.individual_use,
    exclude_sale_items: f.exclude_sale_items,
    free_shipping: f.free_shipping,
    email_restrictions: f.emails.split(/[,\s]+/).map((e) => e.trim()).filter(Boolean),
  };
}

/** Errors that name no parameter but are about the code. */
const CODE_ERRORS = { woocommerce_rest_coupon_code_already_exists: 'code', woocommerce_rest_empty_coupon_code: 'code' };

function CouponEditor(props: { edit: string; currency: string | undefined; onClose: (message?: string) => void }) {
  const creating = props.edit === 'new';
  const id = Number(props.edit);
  const loaded = useResource((signal) => (creating ? Promise.resolve(null) : api<Coupon>(`/wc/v3/coupons/${id}`, { signal })), [props.edit]);
  const [form, setForm] = useState<CouponForm | undefined>(creating ? BLANK : undefined);
  const save = useAction();
  const errors = useFieldErrors(save.error, CODE_ERRORS);
  const formRef = useFocusFirstInvalid(errors);
  const heading = useFocusOn<HTMLHeadingElement>(form ? props.edit : null);
  useEffect(() => {
    if (loaded.data) setForm(formOf(loaded.data));
  }, [loaded.data]);
  const set = (changes: Partial<CouponForm>) => setForm((f) => f && { ...f, ...changes });

  const submit = async (e: Event) => {
    e.preventDefault();
    const saved = await save.run(() => api<Coupon>(creating ? '/wc/v3/coupons' : `/wc/v3/coupons/${id}`, { method: creating ? 'POST' : 'PUT', body: bodyOf(form!) }));
    if (saved) props.onClose(creating ? t('Coupon “%s” created.', saved.code) : t('Coupon “%s” saved.', saved.code));
  };

  const title = creating ? t('Add coupon') : loaded.data ? t('Edit coupon “%s”', loaded.data.code) : t('Edit coupon');
  const percent = form?.discount_type === 'percent';
  return (
    <section class="card cat-editor" aria-labelledby="coupon-editor-title">
      <div class="card-head">
        <h2 id="coupon-editor-title" ref={heading} tabIndex={-1}>
          {title}
        </h2>
      </div>
      <ErrorNotice error={loaded.error} onRetry={loaded.reload} />
      {!creating && loaded.loading && !loaded.data ? <Loading /> : null}
      {form ? (
        <form ref={formRef} onSubmit={submit} noValidate>
          <ErrorNotice error={save.error} />
          <div class="form-grid">
            <Field id="coupon-code" label={t('Coupon code')} hint={t('What shoppers type; stored in lower case.')} error={errors.code}>
              {(c) => <input {...c} required autocomplete="off" spellcheck={false} value={form.code} onInput={(e) => set({ code: e.currentTarget.value })} />}
            </Field>
            <Field id="coupon-description" label={t('Description')} hint={t('For staff only.')} error={errors.description}>
              {(c) => <input {...c} value={form.description} onInput={(e) => set({ description: e.currentTarget.value })} />}
            </Field>
            <Field id="coupon-type" label={t('Discount type')} error={errors.discount_type}>
              {(c) => (
                <select {...c} value={form.discount_type} onChange={(e) => set({ discount_type: e.currentTarget.value as DiscountType })}>
                  {(['percent', 'fixed_cart', 'fixed_product'] as const).map((type) => (
                    <option value={type}>{discountLabel(type)}</option>
                  ))}
                </select>
              )}
            </Field>
            <Field
              id="coupon-amount"
              label={percent ? t('Amount (%)') : props.currency ? t('Amount (%s)', props.currency) : t('Amount')}
              hint={percent ? t('A percentage, at most 100.') : form?.discount_type === 'fixed_product' ? t('Taken off each matching item.') : t('Taken off the cart.')}
              error={errors.amount}
            >
              {(c) => <input {...c} inputMode="decimal" autocomplete="off" value={form.amount} onInput={(e) => set({ amount: e.currentTarget.value })} />}
            </Field>
            <Field id="coupon-expires" label={t('Expiry date')} hint={t('Empty: never expires. It stops working at the start of this day.')} error={errors.date_expires}>
              {(c) => <input {...c} type="date" value={form.expires} onInput={(e) => set({ expires: e.currentTarget.value })} />}
            </Field>
          </div>
          <fieldset class="cat-form-fieldset">
            <legend>{t('Usage restrictions')}</legend>
            <div class="form-grid">
              <Field id="coupon-minimum" label={t('Minimum spend')} hint={t('Empty: no minimum.')} error={errors.minimum_amount}>
                {(c) => <input {...c} inputMode="decimal" autocomplete="off" value={form.minimum} onInput={(e) => set({ minimum: e.currentTarget.value })} />}
              </Field>
              <Field id="coupon-maximum" label={t('Maximum spend')} hint={t('Empty: no maximum.')} error={errors.maximum_amount}>
                {(c) => <input {...c} inputMode="decimal" autocomplete="off" value={form.maximum} onInput={(e) => set({ maximum: e.currentTarget.value })} />}
              </Field>
              <Field id="coupon-emails" label={t('Allowed e-mail addresses')} hint={t('Separated by commas; * matches anything, as in *@example.com. Empty: anyone.')} error={errors.email_restrictions}>
                {(c) => <input {...c} autocomplete="off" spellcheck={false} value={form.emails} onInput={(e) => set({ emails: e.currentTarget.value })} />}
              </Field>
            </div>
            <Field id="coupon-individual" label={t('Individual use only (cannot be combined with other coupons)')} inline error={errors.individual_use}>
              {(c) => <input {...c} type="checkbox" checked={form.individual_use} onChange={(e) => set({ individual_use: e.currentTarget.checked })} />}
            </Field>
            <Field id="coupon-exclude-sale" label={t('Exclude sale items')} inline error={errors.exclude_sale_items}>
              {(c) => <input {...c} type="checkbox" checked={form.exclude_sale_items} onChange={(e) => set({ exclude_sale_items: e.currentTarget.checked })} />}
            </Field>
            <Field id="coupon-free-shipping" label={t('Allow free shipping (with a free shipping method that requires a coupon)')} inline error={errors.free_shipping}>
              {(c) => <input {...c} type="checkbox" checked={form.free_shipping} onChange={(e) => set({ free_shipping: e.currentTarget.checked })} />}
            </Field>
          </fieldset>
          <fieldset class="cat-form-fieldset">
            <legend>{t('Usage limits')}</legend>
            <div class="form-grid">
              <Field id="coupon-usage-limit" label={t('Usage limit per coupon')} hint={t('Empty: unlimited.')} error={errors.usage_limit}>
                {(c) => <input {...c} inputMode="numeric" autocomplete="off" value={form.usage_limit} onInput={(e) => set({ usage_limit: e.currentTarget.value })} />}
              </Field>
              <Field id="coupon-usage-limit-user" label={t('Usage limit per customer')} hint={t('Empty: unlimited.')} error={errors.usage_limit_per_user}>
                {(c) => <input {...c} inputMode="numeric" autocomplete="off" value={form.usage_limit_per_user} onInput={(e) => set({ usage_limit_per_user: e.currentTarget.value })} />}
              </Field>
            </div>
          </fieldset>
          <div class="form-actions">
            <button type="submit" class="button button-primary" disabled={save.busy}>
              {save.busy ? t('Saving…') : creating ? t('Create coupon') : t('Save coupon')}
            </button>
            <button type="button" class="button" onClick={() => props.onClose()}>
              {t('Cancel')}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
