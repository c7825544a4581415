import { useState } from 'preact/hooks';
import { api, paging, request } from '../../api.ts';
import { formatNumber, t } from '../../i18n.ts';
import { ErrorNotice, Loading } from '../../ui/notice.tsx';
import { Page } from '../../ui/page.tsx';
import { Pager } from '../../ui/pager.tsx';
import { useQueryState } from '../../ui/query-state.ts';
import { SearchForm } from '../../ui/search-form.tsx';
import { Badge, Table } from '../../ui/table.tsx';
import { useResource } from '../../ui/use-resource.ts';
import { useAction } from '../../ui/use-action.ts';
import { BulkActions } from './product-bulk.tsx';
import { formatPrice, useStoreSettings } from './shared.ts';
import { DoneNotice, RowButton } from './shared-ui.tsx';
import './catalogue.css';

/**
 * The catalogue's products (every status, and the trash on its own), searchable and filtered as
 * wc/v3/products allows, with stock and prices; each duplicated, moved to the trash or restored from
 * its row, several at once with the bulk actions.
 */

export interface ProductSummary {
  id: number;
  name: string;
  type: 'simple' | 'variable' | 'grouped' | 'external';
  status: 'publish' | 'draft' | 'pending' | 'private' | 'future' | 'trash';
  sku: string;
  price: string;
  regular_price: string;
  sale_price: string;
  price_html: string;
  on_sale: boolean;
  manage_stock: boolean | 'parent';
  stock_quantity: number | null;
  stock_status: 'instock' | 'outofstock' | 'onbackorder';
  categories: { id: number; name: string }[];
}

const PER_PAGE = 20;

export const productTypeLabel = (type: string): string =>
  ({ simple: t('Simple'), variable: t('Variable'), grouped: t('Grouped'), external: t('External/Affiliate') })[type] ?? type;

export const productStatusLabel = (status: string): string =>
  ({ publish: t('Published'), draft: t('Draft'), pending: t('Pending review'), private: t('Private'), future: t('Scheduled'), trash: t('Trash') })[status] ?? status;

export const stockStatusLabel = (status: string): string =>
  ({ instock: t('In stock'), outofstock: t('Out of stock'), onbackorder: t('On backorder') })[status] ?? status;

export function StockBadge(props: { status: string; managed: boolean; quantity: number | null }) {
  const tone = props.status === 'instock' ? 'good' : props.status === 'outofstock' ? 'bad' : 'warn';
  return (
    <span class="cat-stock">
      <Badge tone={tone}>{stockStatusLabel(props.status)}</Badge>
      {props.managed && props.quantity !== null ? <span class="cat-stock-quantity">{t('%s in stock', formatNumber(props.quantity))}</span> : null}
    </span>
  );
}

/** Regular and sale price; a variable or grouped product shows its lowest price ("From …" when its children differ). */
export function PriceCell(props: { product: Pick<ProductSummary, 'type' | 'price' | 'regular_price' | 'sale_price' | 'on_sale' | 'price_html'>; currency: string | undefined }) {
  const { product: p, currency } = props;
  if (p.type === 'variable' || p.type === 'grouped') {
    if (!p.price) return <span class="cat-muted">—</span>;
    const range = /&ndash;|–/.test(p.price_html);
    return <span>{range ? t('From %s', formatPrice(p.price, currency)) : formatPrice(p.price, currency)}</span>;
  }
  if (!p.regular_price && !p.sale_price) return <span class="cat-muted">—</span>;
  if (!p.sale_price) return <span>{formatPrice(p.regular_price, currency)}</span>;
  return (
    <span class="cat-price">
      <del>
        <span class="visually-hidden">{t('Regular price:')} </span>
        {formatPrice(p.regular_price, currency)}
      </del>{' '}
      <ins>
        <span class="visually-hidden">{t('Sale price:')} </span>
        {formatPrice(p.sale_price, currency)}
      </ins>
      {!p.on_sale ? (
        <>
          {' '}
          <Badge tone="info">{t('Sale scheduled')}</Badge>
        </>
      ) : null}
    </span>
  );
}

const SORTS: Record<string, { orderby: string; order: 'asc' | 'desc'; label: () => string }> = {
  'date-desc': { orderby: 'date', order: 'desc', label: () => t('Newest first') },
  'date-asc': { orderby: 'date', order: 'asc', label: () => t('Oldest first') },
  'title-asc': { orderby: 'title', order: 'asc', label: () => t('Name, A to Z') },
  'title-desc': { orderby: 'title', order: 'desc', label: () => t('Name, Z to A') },
  'price-asc': { orderby: 'price', order: 'asc', label: () => t('Price, lowest first') },
  'price-desc': { orderby: 'price', order: 'desc', label: () => t('Price, highest first') },
};

const FILTER_DEFAULTS = { status: 'any', stock_status: '', type: '', category: '' };

export function ProductsPage() {
  const [q, setQ] = useQueryState({ page: '1', search: '', sort: 'date-desc', ...FILTER_DEFAULTS });
  const page = Math.max(1, Number(q.page) || 1);
  const sort = SORTS[q.sort] ?? SORTS['date-desc'];
  const settings = useStoreSettings();
  const currency = settings.data?.currency;
  const categories = useResource(
    (signal) => api<{ id: number; name: string; parent: number }[]>('/wc/v3/products/categories', { query: { per_page: 100, orderby: 'name' }, signal }),
    [],
  );
  const list = useResource(
    async (signal) => {
      const res = await request<ProductSummary[]>('/wc/v3/products', {
        query: {
          page,
          per_page: PER_PAGE,
          search: q.search,
          status: q.status,
          stock_status: q.stock_status,
          type: q.type,
          category: q.category,
          orderby: sort.orderby,
          order: sort.order,
        },
        signal,
      });
      return { items: res.data, search: q.search, ...paging(res.headers) };
    },
    [page, q.search, q.status, q.stock_status, q.type, q.category, q.sort],
  );
  const filtered = q.search !== '' || Object.entries(FILTER_DEFAULTS).some(([k, v]) => q[k as keyof typeof FILTER_DEFAULTS] !== v);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [done, setDone] = useState<string>();
  const rowAction = useAction();
  const inTrash = q.status === 'trash';
  const items = list.data?.items ?? [];
  const chosen = items.filter((p) => selected.has(p.id));
  const select = (ids: number[], on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      for (const id of ids) on ? next.add(id) : next.delete(id);
      return next;
    });
  const finish = (message: string) => {
    setDone(message);
    setSelected(new Set());
    list.reload();
  };
  const duplicate = async (p: ProductSummary) => {
    const copy = await rowAction.run(() => api<ProductSummary>(`/wc/v3/products/${p.id}/duplicate`, { method: 'POST', body: {} }));
    if (copy) finish(t('“%1$s” duplicated as “%2$s”.', p.name, copy.name));
  };
  const trash = async (p: ProductSummary) => {
    if (await rowAction.run(() => api(`/wc/v3/products/${p.id}`, { method: 'DELETE' }).then(() => true))) finish(t('“%s” moved to the trash.', p.name));
  };
  const restore = async (p: ProductSummary) => {
    // As WordPress since 5.6: a product restored from the trash comes back as a draft.
    if (await rowAction.run(() => api(`/wc/v3/products/${p.id}`, { method: 'PUT', body: { status: 'draft' } }).then(() => true))) finish(t('“%s” restored as a draft.', p.name));
  };

  return (
    <Page
      title={t('Products')}
      actions={
        <a class="button button-primary" href="/admin/products/new">
          {t('Add product')}
        </a>
      }
    >
      <DoneNotice message={done} onDismiss={() => setDone(undefined)} />
      <ErrorNotice error={rowAction.error} />
      <div class="cat-toolbar">
        <SearchForm value={q.search} label={t('Search products')} onSearch={(search) => setQ({ search })} />
      </div>
      <div class="filters cat-filters" role="group" aria-label={t('Filters')}>
        <div class="cat-filter">
          <label for="filter-status">{t('Status')}</label>
          <select id="filter-status" value={q.status} onChange={(e) => setQ({ status: e.currentTarget.value })}>
            <option value="any">{t('All statuses')}</option>
            {(['publish', 'draft', 'pending', 'private', 'trash'] as const).map((s) => (
              <option value={s}>{productStatusLabel(s)}</option>
            ))}
          </select>
        </div>
        <div class="cat-filter">
          <label for="filter-stock">{t('Stock')}</label>
          <select id="filter-stock" value={q.stock_status} onChange={(e) => setQ({ stock_status: e.currentTarget.value })}>
            <option value="">{t('Any stock status')}</option>
            {(['instock', 'outofstock', 'onbackorder'] as const).map((s) => (
              <option value={s}>{stockStatusLabel(s)}</option>
            ))}
          </select>
        </div>
        <div class="cat-filter">
          <label for="filter-type">{t('Type')}</label>
          <select id="filter-type" value={q.type} onChange={(e) => setQ({ type: e.currentTarget.value })}>
            <option value="">{t('All types')}</option>
            {(['simple', 'variable', 'grouped', 'external'] as const).map((s) => (
              <option value={s}>{productTypeLabel(s)}</option>
            ))}
          </select>
        </div>
        <div class="cat-filter">
          <label for="filter-category">{t('Category')}</label>
          <select id="filter-category" value={q.category} onChange={(e) => setQ({ category: e.currentTarget.value })} disabled={!categories.data && !q.category}>
            <option value="">{t('All categories')}</option>
            {(categories.data ?? []).map((c) => (
              <option value={String(c.id)}>{c.name}</option>
            ))}
          </select>
        </div>
        <div class="cat-filter">
          <label for="filter-sort">{t('Sort by')}</label>
          <select id="filter-sort" value={q.sort in SORTS ? q.sort : 'date-desc'} onChange={(e) => setQ({ sort: e.currentTarget.value })}>
            {Object.entries(SORTS).map(([value, s]) => (
              <option value={value}>{s.label()}</option>
            ))}
          </select>
        </div>
        {filtered ? (
          <button type="button" class="button-link" onClick={() => setQ({ search: '', ...FILTER_DEFAULTS })}>
            {t('Clear search and filters')}
          </button>
        ) : null}
      </div>
      <ErrorNotice error={categories.error} />
      <ErrorNotice error={list.error} onRetry={list.reload} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        list.data.items.length === 0 ? (
          <p class="cat-empty">{filtered ? t('No products found for this search or these filters.') : t('No products found.')}</p>
        ) : (
          <div aria-busy={list.loading}>
            <BulkActions selected={chosen} inTrash={inTrash} onDone={finish} />
            <Table caption={list.data.search ? t('Products matching “%s”', list.data.search) : t('Products')}>
              <thead>
                <tr>
                  <th scope="col" class="cat-select">
                    <input
                      type="checkbox"
                      aria-label={t('Select every product on this page')}
                      checked={items.length > 0 && chosen.length === items.length}
                      onChange={(e) => select(items.map((p) => p.id), e.currentTarget.checked)}
                    />
                  </th>
                  <th scope="col">{t('Name')}</th>
                  <th scope="col">{t('SKU')}</th>
                  <th scope="col">{t('Stock')}</th>
                  <th scope="col">{t('Price')}</th>
                  <th scope="col">{t('Type')}</th>
                  <th scope="col">
                    <span class="visually-hidden">{t('Actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((p) => (
                  <tr key={p.id}>
                    <td class="cat-select">
                      <input type="checkbox" aria-label={t('Select %s', p.name || t('(no name)'))} checked={selected.has(p.id)} onChange={(e) => select([p.id], e.currentTarget.checked)} />
                    </td>
                    <td class="cat-name-cell">
                      <a href={`/admin/products/${p.id}`} class="cat-product-name">
                        {p.name || t('(no name)')}
                      </a>
                      {p.status !== 'publish' ? (
                        <>
                          {' '}
                          <Badge>{productStatusLabel(p.status)}</Badge>
                        </>
                      ) : null}
                      {p.categories.length ? <div class="cat-muted cat-small">{p.categories.map((c) => c.name).join(', ')}</div> : null}
                    </td>
                    <td class="cat-sku">{p.sku ? <code>{p.sku}</code> : <span class="cat-muted">—</span>}</td>
                    <td>
                      <StockBadge status={p.stock_status} managed={p.manage_stock === true} quantity={p.stock_quantity} />
                    </td>
                    <td>
                      <PriceCell product={p} currency={currency} />
                    </td>
                    <td>{productTypeLabel(p.type)}</td>
                    <td>
                      <div class="cat-row-actions">
                        {inTrash ? (
                          <RowButton label={t('Restore')} name={p.name} disabled={rowAction.busy} onClick={() => void restore(p)} />
                        ) : (
                          <>
                            <RowButton label={t('Duplicate')} name={p.name} disabled={rowAction.busy} onClick={() => void duplicate(p)} />
                            <RowButton label={t('Trash')} name={p.name} disabled={rowAction.busy} danger onClick={() => void trash(p)} />
                          </>
                        )}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
        )
      ) : null}
      {list.data ? <Pager page={page} totalPages={list.data.totalPages} total={list.data.total} onPage={(p) => setQ({ page: String(p) })} /> : null}
    </Page>
  );
}
