import { api, paging, request } from '../../api.ts';
import { t } from '../../i18n.ts';
import { ErrorNotice, Loading, Notice } from '../../ui/notice.tsx';
import { Page } from '../../ui/page.tsx';
import { Pager } from '../../ui/pager.tsx';
import { useQueryState } from '../../ui/query-state.ts';
import { SearchForm } from '../../ui/search-form.tsx';
import { StatusLinks } from '../../ui/status-links.tsx';
import { Table } from '../../ui/table.tsx';
import { useResource } from '../../ui/use-resource.ts';
import { customerName, formatGmt, orderDecimals, orderMoney, OrderStatusBadge, orderStatusLabel, SETTABLE_STATUSES, sumAmounts, type Order, type OrderStatus } from './orders-common.tsx';
import './orders.css';

/**
 * Orders (wc/v3/orders), as WooCommerce's orders screen: status links with their counts
 * (wc/v3/reports/orders/totals, and the trash's from its list), search, paging, and each order's
 * number, customer, date, status and total, linked to the order. Page, status and search live in the
 * address.
 */

const PER_PAGE = 20;

/** Statuses with a link even when empty; drafts and the trash show only when there are some. */
const ALWAYS_LISTED: readonly OrderStatus[] = SETTABLE_STATUSES;
const KNOWN: readonly string[] = [...SETTABLE_STATUSES, 'checkout-draft', 'trash'];

/** How many orders there are in each status, the trash included. */
async function loadCounts(signal: AbortSignal): Promise<Record<string, number>> {
  const [totals, trash] = await Promise.all([
    api<{ slug: string; total: number }[]>('/wc/v3/reports/orders/totals', { signal }),
    request<Order[]>('/wc/v3/orders', { query: { status: 'trash', per_page: 1 }, signal }),
  ]);
  return { ...Object.fromEntries(totals.map((s) => [s.slug, s.total])), trash: paging(trash.headers).total };
}

function OrderStatusLinks(props: { status: string; counts: Record<string, number> | undefined }) {
  const { status, counts } = props;
  const all = counts ? Object.entries(counts).reduce((n, [s, c]) => (s === 'trash' ? n : n + c), 0) : undefined;
  const shown = KNOWN.filter((s) => ALWAYS_LISTED.includes(s as OrderStatus) || status === s || (counts?.[s] ?? 0) > 0);
  const links = [
    { href: '/admin/orders', label: t('All'), count: all, current: status === '' },
    ...shown.map((s) => ({ href: `/admin/orders?status=${s}`, label: s === 'checkout-draft' ? t('Drafts') : orderStatusLabel(s), count: counts?.[s], current: status === s })),
  ];
  return <StatusLinks label={t('Filter by status')} links={links} />;
}

export function OrdersPage() {
  const [q, setQ] = useQueryState({ page: '1', status: '', search: '', customer: '' });
  const customer = /^\d+$/.test(q.customer) ? q.customer : '';
  const page = Math.max(1, Number(q.page) || 1);
  const status = KNOWN.includes(q.status) ? q.status : '';
  const counts = useResource(loadCounts, []);
  const list = useResource(
    async (signal) => {
      const res = await request<Order[]>('/wc/v3/orders', { query: { page, per_page: PER_PAGE, search: q.search, status: status || 'any', customer }, signal });
      return { orders: res.data, search: q.search, ...paging(res.headers) };
    },
    [page, status, q.search, customer],
  );
  const caption = list.data?.search ? t('Orders matching “%s”', list.data.search) : status ? t('Orders: %s', orderStatusLabel(status)) : t('Orders');

  return (
    <Page title={t('Orders')}>
      <OrderStatusLinks status={status} counts={counts.data} />
      <ErrorNotice error={counts.error} onRetry={counts.reload} />
      {customer ? (
        <Notice kind="info" onDismiss={() => setQ({ customer: '' })} dismissLabel={t('Show the orders of every customer')}>
          <p>
            {t('Only the orders of one customer are shown.')} <a href={`/admin/customers/${customer}`}>{t('See the customer')}</a>
          </p>
        </Notice>
      ) : null}
      <div class="orders-toolbar">
        <SearchForm value={q.search} label={t('Search orders')} onSearch={(search) => setQ({ search })} />
      </div>
      <ErrorNotice error={list.error} onRetry={list.reload} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        list.data.orders.length === 0 ? (
          <p class="orders-empty">{list.data.search ? t('No orders found for this search.') : t('No orders found.')}</p>
        ) : (
          <div aria-busy={list.loading}>
            <Table caption={caption}>
              <thead>
                <tr>
                  <th scope="col">{t('Order and customer')}</th>
                  <th scope="col">{t('Date')}</th>
                  <th scope="col">{t('Status')}</th>
                  <th scope="col" class="num">
                    {t('Total')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.orders.map((o) => {
                  const refunded = o.refunds.length ? sumAmounts(o.refunds.map((r) => r.total.replace(/^-/, '')), orderDecimals(o)) : '';
                  return (
                    <tr key={o.id}>
                      <td>
                        <a href={`/admin/orders/${o.id}`} class="orders-name">
                          #{o.number} {customerName(o)}
                        </a>
                      </td>
                      <td class="orders-nowrap">{formatGmt(o.date_created_gmt)}</td>
                      <td>
                        <OrderStatusBadge status={o.status} />
                      </td>
                      <td class="num orders-nowrap">
                        {orderMoney(o.total, o)}
                        {refunded ? <span class="orders-muted orders-block">{t('Refunded: %s', `−${orderMoney(refunded, o)}`)}</span> : null}
                        {o.payment_method_title ? <span class="orders-muted orders-block">{t('via %s', o.payment_method_title)}</span> : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </Table>
          </div>
        )
      ) : null}
      {list.data ? <Pager page={page} totalPages={list.data.totalPages} total={list.data.total} onPage={(p) => setQ({ page: String(p) })} /> : null}
    </Page>
  );
}
