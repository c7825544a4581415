import { useEffect, useState } from 'preact/hooks';
import { api, paging, request } from '../../api.ts';
import { countryName, t } from '../../i18n.ts';
import { Field } from '../../ui/field.tsx';
import { ErrorNotice, Loading, Notice } from '../../ui/notice.tsx';
import { Page } from '../../ui/page.tsx';
import { Pager } from '../../ui/pager.tsx';
import { useQueryState } from '../../ui/query-state.ts';
import { Badge, Table } from '../../ui/table.tsx';
import { useAction } from '../../ui/use-action.ts';
import { useResource } from '../../ui/use-resource.ts';
import { amountInput, formatPercent, useEditorList, useFieldErrors, useFocusFirstInvalid, useFocusOn, useStoreSettings } from './shared.ts';
import { DeleteDialog, DoneNotice, RowButton } from './shared-ui.tsx';
import './catalogue.css';

/**
 * Tax rates (wc/v3/taxes) one tax class at a time (wc/v3/taxes/classes), as WooCommerce's tax
 * settings show them: list, add, edit and delete. The class and the open editor live in the address.
 */

interface TaxClass {
  slug: string;
  name: string;
}

interface TaxRate {
  id: number;
  country: string;
  state: string;
  postcodes: string[];
  cities: string[];
  rate: string;
  name: string;
  priority: number;
  compound: boolean;
  shipping: boolean;
  order: number;
  class: string;
}

const PER_PAGE = 50;

/** The classes every store starts with are named in the page's language; a store's own keep their names. */
const BUILT_IN_CLASSES: Record<string, () => string> = {
  'Standard rate': () => t('Standard rate'),
  'Reduced rate': () => t('Reduced rate'),
  'Zero rate': () => t('Zero rate'),
};
export const taxClassLabel = (c: TaxClass): string => BUILT_IN_CLASSES[c.name]?.() ?? c.name;

export function TaxRatesPage() {
  const [q, setQ] = useQueryState({ class: 'standard', page: '1', edit: '' });
  const page = Math.max(1, Number(q.page) || 1);
  const settings = useStoreSettings();
  const classes = useResource((signal) => api<TaxClass[]>('/wc/v3/taxes/classes', { signal }), []);
  const list = useResource(
    async (signal) => {
      const res = await request<TaxRate[]>('/wc/v3/taxes', { query: { class: q.class, page, per_page: PER_PAGE, orderby: 'order' }, signal });
      return { items: res.data, ...paging(res.headers) };
    },
    [q.class, page],
  );
  const screen = useEditorList<TaxRate>({ q, setQ, reload: list.reload, path: (r) => `/wc/v3/taxes/${r.id}`, deletedMessage: (r) => t('Tax rate “%s” deleted.', rateTitle(r)) });
  const current = classes.data?.find((c) => c.slug === q.class);
  const className = current ? taxClassLabel(current) : q.class;

  return (
    <Page
      title={t('Tax rates')}
      actions={
        <button type="button" class="button button-primary" onClick={() => screen.openEditor('new')} disabled={q.edit === 'new'}>
          {t('Add tax rate')}
        </button>
      }
    >
      {settings.data && !settings.data.taxes ? (
        <Notice kind="info">
          <p>{t('Taxes are turned off in the settings: these rates apply once taxes are turned on.')}</p>
        </Notice>
      ) : null}
      <ErrorNotice error={classes.error} onRetry={classes.reload} />
      {classes.data ? (
        <nav class="filters cat-tax-classes" aria-label={t('Tax classes')}>
          {classes.data.map((c) => (
            <a href={c.slug === 'standard' ? '/admin/tax-rates' : `/admin/tax-rates?class=${encodeURIComponent(c.slug)}`} aria-current={c.slug === q.class ? 'true' : undefined} onClick={() => screen.setDone(undefined)}>
              {taxClassLabel(c)}
            </a>
          ))}
        </nav>
      ) : null}
      <DoneNotice message={screen.done} onDismiss={() => screen.setDone(undefined)} />
      {q.edit ? <TaxRateEditor key={`${q.class}-${q.edit}`} edit={q.edit} taxClass={q.class} classes={classes.data ?? []} onClose={screen.closeEditor} /> : null}
      <ErrorNotice error={list.error} onRetry={list.reload} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        list.data.items.length === 0 ? (
          <p class="cat-empty">{t('No tax rates found in the class “%s”.', className)}</p>
        ) : (
          <div aria-busy={list.loading}>
            <Table caption={t('Tax rates of the class “%s”', className)}>
              <thead>
                <tr>
                  <th scope="col">{t('Country')}</th>
                  <th scope="col">{t('State')}</th>
                  <th scope="col">{t('Postcodes')}</th>
                  <th scope="col">{t('Cities')}</th>
                  <th scope="col" class="num">
                    {t('Rate')}
                  </th>
                  <th scope="col">{t('Name')}</th>
                  <th scope="col" class="num">
                    {t('Priority')}
                  </th>
                  <th scope="col">{t('Compound')}</th>
                  <th scope="col">{t('Shipping')}</th>
                  <th scope="col" class="cat-actions-head">
                    <span class="visually-hidden">{t('Actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((r) => (
                  <tr key={r.id}>
                    <td class="cat-nowrap">
                      {r.country ? (
                        <>
                          {countryName(r.country)} <span class="cat-muted cat-small">{r.country}</span>
                        </>
                      ) : (
                        <span class="cat-muted">{t('Everywhere')}</span>
                      )}
                    </td>
                    <td>{r.state || <span class="cat-muted">{t('All')}</span>}</td>
                    <td>{r.postcodes.length ? r.postcodes.join('; ') : <span class="cat-muted">{t('All')}</span>}</td>
                    <td>{r.cities.length ? r.cities.join('; ') : <span class="cat-muted">{t('All')}</span>}</td>
                    <td class="num">{formatPercent(r.rate)}</td>
                    <td>{r.name || <span class="cat-muted">—</span>}</td>
                    <td class="num">{r.priority}</td>
                    <td>{r.compound ? <Badge tone="info">{t('Yes')}</Badge> : t('No')}</td>
                    <td>{r.shipping ? <Badge tone="info">{t('Yes')}</Badge> : t('No')}</td>
                    <td>
                      <div class="cat-row-actions">
                        <RowButton label={t('Edit')} name={rateTitle(r)} onClick={() => screen.openEditor(String(r.id))} />
                        <RowButton label={t('Delete')} name={rateTitle(r)} danger onClick={() => screen.askDelete(r)} />
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
        )
      ) : null}
      {list.data ? <Pager page={page} totalPages={list.data.totalPages} onPage={(p) => setQ({ page: String(p), edit: q.edit })} /> : null}
      <DeleteDialog
        open={screen.deleting !== undefined}
        title={t('Delete the tax rate “%s”?', screen.deleting ? rateTitle(screen.deleting) : '')}
        confirmLabel={t('Delete tax rate')}
        deletion={screen.deletion}
        onConfirm={() => void screen.confirmDelete()}
        onCancel={screen.cancelDelete}
      >
        <p>{t('Carts will no longer be taxed at this rate. This cannot be undone.')}</p>
      </DeleteDialog>
    </Page>
  );
}

/** "VAT 20% (GB)", to name a rate in buttons and messages. */
function rateTitle(r: TaxRate): string {
  const where = [r.country, r.state].filter(Boolean).join(' ') || t('Everywhere');
  return `${r.name || t('Tax')} ${formatPercent(r.rate)} (${where})`;
}

interface RateForm {
  country: string;
  state: string;
  postcodes: string;
  cities: string;
  rate: string;
  name: string;
  priority: string;
  compound: boolean;
  shipping: boolean;
  class: string;
}

function formOf(r: TaxRate): RateForm {
  return {
    country: r.country,
    state: r.state,
    postcodes: r.postcodes.join('; '),
    cities: r.cities.join('; '),
    rate: String(Number(r.rate)),
    name: r.name,
    priority: String(r.priority),
    compound: r.compound,
    shipping: r.shipping,
    class: r.class,
  };
}

const splitList = (text: string) => text.split(';').map((v) => v.trim()).filter(Boolean);

function bodyOf(f: RateForm): Record<string, unknown> {
  const priority = f.priority.trim();
  return {
    country: f.country.trim(),
    state: f.state.trim(),
    postcodes: splitList(f.postcodes),
    cities: splitList(f.cities),
    rate: amountInput(f.rate) || '0',
    name: f.name.trim(),
    priority: /^\d+$/.test(priority) ? Number(priority) : priority === '' ? 1 : priority,
    compound: f.compound,
    shipping: f.shipping,
    class: f.class,
  };
}

function TaxRateEditor(props: { edit: string; taxClass: string; classes: TaxClass[]; onClose: (message?: string) => void }) {
  const creating = props.edit === 'new';
  const id = Number(props.edit);
  const loaded = useResource((signal) => (creating ? Promise.resolve(null) : api<TaxRate>(`/wc/v3/taxes/${id}`, { signal })), [props.edit]);
  const [form, setForm] = useState<RateForm | undefined>(
    creating ? { country: '', state: '', postcodes: '', cities: '', rate: '', name: '', priority: '1', compound: false, shipping: true, class: props.taxClass } : undefined,
  );
  const save = useAction();
  const errors = useFieldErrors(save.error);
  const formRef = useFocusFirstInvalid(errors);
  const heading = useFocusOn<HTMLHeadingElement>(form ? props.edit : null);
  useEffect(() => {
    if (loaded.data) setForm(formOf(loaded.data));
  }, [loaded.data]);
  const set = (changes: Partial<RateForm>) => setForm((f) => f && { ...f, ...changes });

  const submit = async (e: Event) => {
    e.preventDefault();
    const saved = await save.run(() => api<TaxRate>(creating ? '/wc/v3/taxes' : `/wc/v3/taxes/${id}`, { method: creating ? 'POST' : 'PUT', body: bodyOf(form!) }));
    if (saved) props.onClose(creating ? t('Tax rate “%s” added.', rateTitle(saved)) : t('Tax rate “%s” saved.', rateTitle(saved)));
  };

  const country = (form?.country ?? '').trim().toUpperCase();
  return (
    <section class="card cat-editor" aria-labelledby="tax-editor-title">
      <div class="card-head">
        <h2 id="tax-editor-title" ref={heading} tabIndex={-1}>
          {creating ? t('Add tax rate') : loaded.data ? t('Edit tax rate “%s”', rateTitle(loaded.data)) : t('Edit tax rate')}
        </h2>
      </div>
      <ErrorNotice error={loaded.error} onRetry={loaded.reload} />
      {!creating && loaded.loading && !loaded.data ? <Loading /> : null}
      {form ? (
        <form ref={formRef} onSubmit={submit} noValidate>
          <ErrorNotice error={save.error} />
          <div class="form-grid">
            <Field
              id="tax-country"
              label={t('Country code')}
              hint={country.length === 2 && countryName(country) !== country ? countryName(country) : t('Two letters, as GB or FR. Empty: every country.')}
              error={errors.country}
            >
              {(c) => <input {...c} maxLength={2} autocomplete="off" spellcheck={false} class="cat-input-code" value={form.country} onInput={(e) => set({ country: e.currentTarget.value })} />}
            </Field>
            <Field id="tax-state" label={t('State code')} hint={t('As CA for California. Empty: every state.')} error={errors.state}>
              {(c) => <input {...c} autocomplete="off" spellcheck={false} class="cat-input-code" value={form.state} onInput={(e) => set({ state: e.currentTarget.value })} />}
            </Field>
            <Field id="tax-postcodes" label={t('Postcodes')} hint={t('Separated by semicolons; * and ranges (90210...90220) allowed. Empty: all.')} error={errors.postcodes ?? errors.postcode}>
              {(c) => <input {...c} autocomplete="off" spellcheck={false} value={form.postcodes} onInput={(e) => set({ postcodes: e.currentTarget.value })} />}
            </Field>
            <Field id="tax-cities" label={t('Cities')} hint={t('Separated by semicolons. Empty: all.')} error={errors.cities ?? errors.city}>
              {(c) => <input {...c} autocomplete="off" value={form.cities} onInput={(e) => set({ cities: e.currentTarget.value })} />}
            </Field>
            <Field id="tax-rate" label={t('Rate (%)')} hint={t('Up to 4 decimals, as 20 or 7.25.')} error={errors.rate}>
              {(c) => <input {...c} inputMode="decimal" autocomplete="off" value={form.rate} onInput={(e) => set({ rate: e.currentTarget.value })} />}
            </Field>
            <Field id="tax-name" label={t('Tax name')} hint={t('Shown to shoppers, as VAT.')} error={errors.name}>
              {(c) => <input {...c} value={form.name} onInput={(e) => set({ name: e.currentTarget.value })} />}
            </Field>
            <Field id="tax-priority" label={t('Priority')} hint={t('One rate per priority applies; use several priorities to stack rates.')} error={errors.priority}>
              {(c) => <input {...c} inputMode="numeric" autocomplete="off" value={form.priority} onInput={(e) => set({ priority: e.currentTarget.value })} />}
            </Field>
            <Field id="tax-class" label={t('Tax class')} error={errors.class}>
              {(c) => (
                <select {...c} value={form.class} onChange={(e) => set({ class: e.currentTarget.value })}>
                  {(props.classes.length ? props.classes : [{ slug: form.class, name: form.class }]).map((cl) => (
                    <option value={cl.slug}>{taxClassLabel(cl)}</option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <Field id="tax-compound" label={t('Compound (applied on top of the other taxes)')} inline error={errors.compound}>
            {(c) => <input {...c} type="checkbox" checked={form.compound} onChange={(e) => set({ compound: e.currentTarget.checked })} />}
          </Field>
          <Field id="tax-shipping" label={t('Applies to shipping too')} inline error={errors.shipping}>
            {(c) => <input {...c} type="checkbox" checked={form.shipping} onChange={(e) => set({ shipping: e.currentTarget.checked })} />}
          </Field>
          <div class="form-actions">
            <button type="submit" class="button button-primary" disabled={save.busy}>
              {save.busy ? t('Saving…') : creating ? t('Add tax rate') : t('Save tax rate')}
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
