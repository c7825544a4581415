import { useRoute } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { api, paging, request } from '../../api.ts';
import { formatDateTime, t } from '../../i18n.ts';
import { ErrorNotice, Loading, Notice } from '../../ui/notice.tsx';
import { Page, Section } from '../../ui/page.tsx';
import { useResource } from '../../ui/use-resource.ts';
import { PriceStockForm, type PriceStock } from './price-stock-form.tsx';
import { PriceCell, productStatusLabel, productTypeLabel, StockBadge, type ProductSummary } from './products.tsx';
import { formatStoreDay, useStoreSettings } from './shared.ts';
import './catalogue.css';

/**
 * One product: what it is, and its price, sale and stock, edited in place (PUT wc/v3/products/:id).
 * A variable product's variations are listed below it, each with the same form (…/variations/:id).
 */

type Product = ProductSummary &
  PriceStock & {
    date_modified_gmt: string | null;
    variations: number[];
    grouped_products: number[];
  };

type Variation = PriceStock & {
  name: string;
  sku: string;
  status: string;
  price: string;
  on_sale: boolean;
  attributes: { id: number; name: string; option: string }[];
};

async function allVariations(productId: number, signal: AbortSignal): Promise<Variation[]> {
  const out: Variation[] = [];
  for (let page = 1; ; page++) {
    const res = await request<Variation[]>(`/wc/v3/products/${productId}/variations`, { query: { page, per_page: 100 }, signal });
    out.push(...res.data);
    if (page >= paging(res.headers).totalPages) return out;
  }
}

export function ProductPage() {
  const { params } = useRoute();
  const id = Number(params.id);
  const settings = useStoreSettings();
  const currency = settings.data?.currency;
  const loaded = useResource((signal) => api<Product>(`/wc/v3/products/${id}`, { signal }), [id]);
  const [product, setProduct] = useState<Product>();
  useEffect(() => setProduct(loaded.data), [loaded.data]);

  const p = product;
  return (
    <Page
      title={p ? p.name || t('(no name)') : t('Product')}
      actions={
        <a class="button" href="/admin/products">
          {t('All products')}
        </a>
      }
    >
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
              <dt>{t('SKU')}</dt>
              <dd>{p.sku ? <code>{p.sku}</code> : '—'}</dd>
              <dt>{t('Categories')}</dt>
              <dd>{p.categories.length ? p.categories.map((c) => c.name).join(', ') : '—'}</dd>
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
          {p.type === 'grouped' ? (
            <Notice kind="info">
              <p>{t('A grouped product has no price or stock of its own: they come from the products in the group.')}</p>
            </Notice>
          ) : (
            <Section title={p.type === 'variable' ? t('Stock') : p.type === 'external' ? t('Price') : t('Price and stock')}>
              {p.type === 'variable' ? <p class="field-hint cat-section-intro">{t('Prices are set on each variation, below.')}</p> : null}
              {p.type === 'external' ? <p class="field-hint cat-section-intro">{t('An external product is sold elsewhere, so it has no stock here.')}</p> : null}
              <PriceStockForm
                idPrefix="product"
                path={`/wc/v3/products/${p.id}`}
                value={p}
                priced={p.type !== 'variable'}
                stocked={p.type !== 'external'}
                statusEditable={p.type !== 'variable'}
                onSaved={setProduct}
              />
            </Section>
          )}
          {p.type === 'variable' ? <Variations product={p} currency={currency} /> : null}
        </>
      ) : null}
    </Page>
  );
}

function variationLabel(v: Variation): string {
  return v.attributes.length ? v.attributes.map((a) => `${a.name}: ${a.option}`).join(', ') : t('Any variation');
}

function Variations(props: { product: Product; currency: string | undefined }) {
  const { product } = props;
  const loaded = useResource((signal) => allVariations(product.id, signal), [product.id]);
  const [variations, setVariations] = useState<Variation[]>();
  const [open, setOpen] = useState<number | null>(null);
  useEffect(() => setVariations(loaded.data), [loaded.data]);

  return (
    <Section title={variations ? t('Variations (%s)', String(variations.length)) : t('Variations')} id="variations">
      <ErrorNotice error={loaded.error} onRetry={loaded.reload} />
      {loaded.loading && !variations ? <Loading /> : null}
      {variations && variations.length === 0 ? <p class="cat-empty">{t('No variations found.')}</p> : null}
      {variations?.length ? (
        <ul class="cat-variations">
          {variations.map((v) => {
            const label = variationLabel(v);
            const expanded = open === v.id;
            return (
              <li key={v.id} class="cat-variation">
                <div class="cat-variation-head">
                  <div class="cat-variation-name">
                    <strong>{label}</strong>
                    {v.sku ? <code class="cat-small">{v.sku}</code> : null}
                  </div>
                  <div class="cat-variation-facts">
                    <PriceCell product={{ ...v, type: 'simple', price_html: '' }} currency={props.currency} />
                    <StockBadge
                      status={v.stock_status}
                      managed={v.manage_stock !== false}
                      quantity={v.manage_stock === 'parent' ? product.stock_quantity : v.stock_quantity}
                    />
                  </div>
                  <button
                    type="button"
                    class="button"
                    aria-expanded={expanded}
                    aria-controls={`variation-${v.id}-editor`}
                    onClick={() => setOpen(expanded ? null : v.id)}
                  >
                    {expanded ? t('Close') : t('Edit')}
                    <span class="visually-hidden"> {label}</span>
                  </button>
                </div>
                <div id={`variation-${v.id}-editor`} class="cat-variation-editor" hidden={!expanded}>
                  {expanded ? (
                    <PriceStockForm
                      idPrefix={`variation-${v.id}`}
                      path={`/wc/v3/products/${product.id}/variations/${v.id}`}
                      value={v}
                      priced
                      stocked
                      statusEditable={v.manage_stock !== 'parent'}
                      parentStock={v.manage_stock === 'parent' ? { quantity: product.stock_quantity } : undefined}
                      onSaved={(saved) => setVariations((list) => list?.map((x) => (x.id === saved.id ? saved : x)))}
                    />
                  ) : null}
                </div>
              </li>
            );
          })}
        </ul>
      ) : null}
    </Section>
  );
}
