import { useLocation, useRoute } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { formatDateTime, t } from '../../i18n.ts';
import { ConfirmDialog } from '../../ui/confirm.tsx';
import { Field } from '../../ui/field.tsx';
import { ErrorNotice, Loading } from '../../ui/notice.tsx';
import { Page, Section } from '../../ui/page.tsx';
import { useAction } from '../../ui/use-action.ts';
import { useResource } from '../../ui/use-resource.ts';
import { BLANK_PRODUCT, ProductEditor, type ProductData } from './product-editor.tsx';
import { PriceCell, productStatusLabel, productTypeLabel, StockBadge } from './products.tsx';
import { amountInput, fetchAll, formatStoreDay, useStoreSettings } from './shared.ts';
import { DeleteDialog, DoneNotice, RowButton } from './shared-ui.tsx';
import { VariationForm, type Variation } from './variation-form.tsx';
import './catalogue.css';

/**
 * One product: a summary of it, the form that edits everything it holds, and, for a variable product,
 * its variations (generated from its attributes, each edited on its own). Duplicate and move to the
 * trash (or restore from it) beside the heading. `/admin/products/new` is the same form, empty.
 */

export function NewProductPage() {
  const { route } = useLocation();
  return (
    <Page
      title={t('Add product')}
      actions={
        <a class="button" href="/admin/products">
          {t('All products')}
        </a>
      }
    >
      <ProductEditor product={BLANK_PRODUCT} onSaved={(p) => route(`/admin/products/${p.id}?created=1`, true)} />
    </Page>
  );
}

export function ProductPage() {
  const { params } = useRoute();
  const { route, query } = useLocation();
  const id = Number(params.id);
  const settings = useStoreSettings();
  const currency = settings.data?.currency;
  const loaded = useResource((signal) => api<ProductData>(`/wc/v3/products/${id}`, { signal }), [id]);
  const [product, setProduct] = useState<ProductData>();
  const [done, setDone] = useState<string | undefined>(query.created ? t('Product created.') : undefined);
  const [trashing, setTrashing] = useState(false);
  const action = useAction();
  useEffect(() => setProduct(loaded.data), [loaded.data]);

  const duplicate = async () => {
    const copy = await action.run(() => api<ProductData>(`/wc/v3/products/${id}/duplicate`, { method: 'POST', body: {} }));
    if (copy) route(`/admin/products/${copy.id}`);
  };
  const trash = async () => {
    const answer = await action.run(() => api<ProductData>(`/wc/v3/products/${id}`, { method: 'DELETE' }));
    setTrashing(false);
    if (!answer) return;
    setProduct(answer);
    setDone(t('“%s” moved to the trash.', answer.name));
  };
  const restore = async () => {
    // As WordPress since 5.6: a product restored from the trash comes back as a draft.
    const answer = await action.run(() => api<ProductData>(`/wc/v3/products/${id}`, { method: 'PUT', body: { status: 'draft' } }));
    if (!answer) return;
    setProduct(answer);
    setDone(t('“%s” restored as a draft.', answer.name));
  };

  const p = product;
  return (
    <Page
      title={p ? p.name || t('(no name)') : t('Product')}
      actions={
        <>
          <a class="button" href="/admin/products">
            {t('All products')}
          </a>
          {p ? (
            <button type="button" class="button" disabled={action.busy} onClick={() => void duplicate()}>
              {t('Duplicate')}
            </button>
          ) : null}
          {p && p.status !== 'trash' ? (
            <button type="button" class="button button-danger" disabled={action.busy} onClick={() => setTrashing(true)}>
              {t('Move to trash')}
            </button>
          ) : null}
          {p?.status === 'trash' ? (
            <button type="button" class="button button-primary" disabled={action.busy} onClick={() => void restore()}>
              {t('Restore')}
            </button>
          ) : null}
        </>
      }
    >
      <DoneNotice message={done} onDismiss={() => setDone(undefined)} />
      <ErrorNotice error={action.error} />
      <ErrorNotice error={loaded.error} onRetry={loaded.reload} />
      {loaded.loading && !p ? <Loading /> : null}
      {p ? (
        <>
          <Section title={t('Details')}>
            <dl class="facts">
              <dt>{t('Type')}</dt>
              <dd>{productTypeLabel(p.type)}</dd>
              <dt>{t('Status')}</dt>
              <dd>{productStatusLabel(p.status)}</dd>
              <dt>{t('Price')}</dt>
              <dd>
                <PriceCell product={p} currency={currency} />
                {p.sale_price && (p.date_on_sale_from || p.date_on_sale_to) ? (
                  <span class="cat-muted cat-small cat-sale-dates">
                    {' '}
                    {t('Sale from %1$s to %2$s', formatStoreDay(p.date_on_sale_from), formatStoreDay(p.date_on_sale_to))}
                  </span>
                ) : null}
              </dd>
              <dt>{t('Stock')}</dt>
              <dd>
                <StockBadge status={p.stock_status} managed={p.manage_stock === true} quantity={p.stock_quantity} />
              </dd>
              <dt>{t('Last modified')}</dt>
              <dd>{formatDateTime(p.date_modified_gmt ? `${p.date_modified_gmt}Z` : null)}</dd>
            </dl>
          </Section>
          <ProductEditor product={p} onSaved={setProduct} />
          {p.type === 'variable' ? <Variations product={p} currency={currency} /> : null}
        </>
      ) : null}
      <ConfirmDialog
        open={trashing}
        title={t('Move “%s” to the trash?', p?.name ?? '')}
        confirmLabel={t('Move to trash')}
        danger
        busy={action.busy}
        onConfirm={() => void trash()}
        onCancel={() => setTrashing(false)}
      >
        <p>{t('Shoppers will no longer see it. It can be restored from the trash.')}</p>
      </ConfirmDialog>
    </Page>
  );
}

function variationLabel(v: Variation): string {
  return v.attributes.length ? v.attributes.map((a) => `${a.name}: ${a.option}`).join(', ') : t('Any variation');
}

function Variations(props: { product: ProductData; currency: string | undefined }) {
  const { product } = props;
  const loaded = useResource((signal) => fetchAll<Variation>(`/wc/v3/products/${product.id}/variations`, {}, signal), [product.id, product.attributes]);
  const shippingClasses = useResource((signal) => api<{ slug: string; name: string }[]>('/wc/v3/products/shipping_classes', { query: { per_page: 100 }, signal }), []);
  const [variations, setVariations] = useState<Variation[]>();
  const [open, setOpen] = useState<number | null>(null);
  const [price, setPrice] = useState('');
  const [done, setDone] = useState<string>();
  const generate = useAction();
  const removal = useAction();
  const [deleting, setDeleting] = useState<Variation>();
  useEffect(() => setVariations(loaded.data), [loaded.data]);

  const run = async () => {
    setDone(undefined);
    const regular = amountInput(price);
    const answer = await generate.run(() =>
      api<{ count: number }>(`/wc/v3/products/${product.id}/variations/generate`, { method: 'POST', body: regular ? { default_values: { regular_price: regular } } : {} }),
    );
    if (!answer) return;
    setDone(answer.count === 1 ? t('1 variation created.') : t('%d variations created.', answer.count));
    loaded.reload();
  };
  const remove = async (v: Variation) => {
    const gone = await removal.run(() => api(`/wc/v3/products/${product.id}/variations/${v.id}`, { method: 'DELETE', query: { force: true } }).then(() => true));
    if (!gone) return;
    setDeleting(undefined);
    setVariations((list) => list?.filter((x) => x.id !== v.id));
  };

  return (
    <Section title={variations ? t('Variations (%s)', String(variations.length)) : t('Variations')} id="variations">
      <DoneNotice message={done} onDismiss={() => setDone(undefined)} />
      <div class="cat-inline-form cat-generate">
        <Field id="variations-price" label={t('Regular price of new variations')} hint={t('Empty: set each one after.')}>
          {(c) => <input {...c} inputMode="decimal" value={price} onInput={(e) => setPrice(e.currentTarget.value)} />}
        </Field>
        <button type="button" class="button button-primary" disabled={generate.busy} onClick={() => void run()}>
          {generate.busy ? t('Generating…') : t('Generate variations')}
        </button>
      </div>
      <p class="field-hint cat-section-intro">{t('Makes one variation for each combination of the attributes used for variations that has none yet (save the product’s attributes first).')}</p>
      <ErrorNotice error={generate.error} />
      <ErrorNotice error={loaded.error} onRetry={loaded.reload} />
      {loaded.loading && !variations ? <Loading /> : null}
      {variations && variations.length === 0 ? <p class="cat-empty">{t('No variations found.')}</p> : null}
      {variations?.length ? (
        <ul class="cat-variations">
          {variations.map((v) => {
            const label = variationLabel(v);
            const expanded = open === v.id;
            const parentManaged = v.manage_stock === 'parent';
            return (
              <li key={v.id} class="cat-variation">
                <div class="cat-variation-head">
                  <div class="cat-variation-name">
                    <strong>{label}</strong>
                    {v.sku ? <code class="cat-small">{v.sku}</code> : null}
                  </div>
                  <div class="cat-variation-facts">
                    <PriceCell product={{ ...v, type: 'simple', price_html: '' }} currency={props.currency} />
                    <StockBadge status={v.stock_status} managed={v.manage_stock !== false} quantity={parentManaged ? product.stock_quantity : v.stock_quantity} />
                  </div>
                  <div class="cat-row-actions">
                    <RowButton label={expanded ? t('Close') : t('Edit')} name={label} expanded={expanded} controls={`variation-${v.id}-editor`} onClick={() => setOpen(expanded ? null : v.id)} />
                    <RowButton
                      label={t('Delete')}
                      name={label}
                      danger
                      onClick={() => {
                        removal.reset();
                        setDeleting(v);
                      }}
                    />
                  </div>
                </div>
                <div id={`variation-${v.id}-editor`} class="cat-variation-editor" hidden={!expanded}>
                  {expanded ? (
                    <VariationForm
                      path={`/wc/v3/products/${product.id}/variations/${v.id}`}
                      value={v}
                      shippingClasses={shippingClasses.data}
                      parentStock={parentManaged ? { quantity: product.stock_quantity } : undefined}
                      onSaved={(saved) => setVariations((list) => list?.map((x) => (x.id === saved.id ? saved : x)))}
                    />
                  ) : null}
                </div>
              </li>
            );
          })}
        </ul>
      ) : null}
      <DeleteDialog
        open={deleting !== undefined}
        title={t('Delete the variation “%s”?', deleting ? variationLabel(deleting) : '')}
        confirmLabel={t('Delete variation')}
        deletion={removal}
        onConfirm={() => deleting && void remove(deleting)}
        onCancel={() => setDeleting(undefined)}
      >
        <p>{t('Shoppers can no longer buy it. This cannot be undone.')}</p>
      </DeleteDialog>
    </Section>
  );
}
