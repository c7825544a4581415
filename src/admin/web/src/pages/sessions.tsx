import { useEffect } from 'preact/hooks';
import { formatNumber, t } from '../i18n.ts';
import { ErrorNotice, Loading, Notice } from '../ui/notice.tsx';
import { Page } from '../ui/page.tsx';
import { Pager } from '../ui/pager.tsx';
import { useQueryState } from '../ui/query-state.ts';
import { SearchForm } from '../ui/search-form.tsx';
import { Badge, Table } from '../ui/table.tsx';
import { useResource } from '../ui/use-resource.ts';
import { ExpiryBadge, formatSessionTime, listSessions, SortHeader, sourceLabel } from './sessions-common.tsx';
import './sessions.css';

/**
 * Carts in session (the Sessions API, GET cocart/v2/sessions): paged, ordered by a column heading,
 * searched by part of a cart key or of the cart (customer name, e-mail, an item). Page, order and
 * search live in the address; `?deleted=<key>` says a cart was just deleted from its own screen.
 */

const PER_PAGE = 20;
const ORDERS = ['cart_key', 'cart_created', 'cart_expiry', 'cart_source'];

export function SessionsPage() {
  const [q, setQ] = useQueryState({ page: '1', search: '', orderby: 'cart_created', order: 'desc', deleted: '' });
  // Any change to the list drops the "deleted" notice with it.
  const update = (changes: Partial<typeof q>) => setQ({ deleted: '', ...changes });
  const page = Math.max(1, Number(q.page) || 1);
  const orderby = ORDERS.includes(q.orderby) ? q.orderby : 'cart_created';
  const order = q.order.toLowerCase() === 'asc' ? 'asc' : 'desc';

  const list = useResource(
    async (signal) => ({ ...(await listSessions({ page, per_page: PER_PAGE, orderby, order: order.toUpperCase(), search: q.search }, signal)), search: q.search }),
    [page, orderby, order, q.search],
  );

  // A page past the end (the last cart of the last page was deleted, an old link): back to the first.
  const pastTheEnd = list.error?.code === 'cocart_sessions_invalid_page_number' && page > 1;
  useEffect(() => {
    if (pastTheEnd) update({ page: '1' });
  }, [pastTheEnd]);

  const sort = (column: string, next: 'asc' | 'desc') => update({ orderby: column, order: next });
  const total = list.data?.total_sessions ?? 0;

  return (
    <Page title={t('Sessions')}>
      {q.deleted ? (
        <Notice kind="success" onDismiss={() => update({ page: q.page })}>
          <p>{t('Cart %s deleted.', q.deleted)}</p>
        </Notice>
      ) : null}
      <div class="sessions-toolbar">
        <SearchForm value={q.search} label={t('Search carts')} onSearch={(search) => update({ search })} />
        {list.data ? (
          <p class="sessions-total" aria-live="polite">
            {list.data.search
              ? total === 1
                ? t('One cart matches “%s”.', list.data.search)
                : t('%1$s carts match “%2$s”.', formatNumber(total), list.data.search)
              : total === 1
                ? t('One cart in session.')
                : t('%s carts in session.', formatNumber(total))}
          </p>
        ) : null}
        {q.search ? (
          <button type="button" class="button-link" onClick={() => update({ search: '' })}>
            {t('Clear search')}
          </button>
        ) : null}
      </div>
      <p class="sessions-hint">{t('Search by part of a cart key, a customer’s name or e-mail address, or an item’s name.')}</p>
      {pastTheEnd ? null : <ErrorNotice error={list.error} onRetry={list.reload} />}
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        list.data.sessions.length === 0 ? (
          <p class="sessions-empty">{list.data.search ? t('No carts found for “%s”.', list.data.search) : t('No carts found.')}</p>
        ) : (
          <div aria-busy={list.loading}>
            <Table caption={list.data.search ? t('Carts matching “%s”', list.data.search) : t('Carts in session')}>
              <thead>
                <tr>
                  <SortHeader label={t('Cart key')} column="cart_key" orderby={orderby} order={order} onSort={sort} />
                  <th scope="col">{t('Customer')}</th>
                  <SortHeader label={t('Created')} column="cart_created" orderby={orderby} order={order} firstOrder="desc" onSort={sort} />
                  <SortHeader label={t('Expires')} column="cart_expiry" orderby={orderby} order={order} firstOrder="desc" onSort={sort} />
                  <SortHeader label={t('Source')} column="cart_source" orderby={orderby} order={order} onSort={sort} />
                </tr>
              </thead>
              <tbody>
                {list.data.sessions.map((s) => (
                  <tr key={s.cart_key}>
                    <td>
                      <a href={`/admin/sessions/${s.cart_key}`} class="sessions-key">
                        <code>{s.cart_key}</code>
                      </a>
                    </td>
                    <td class="sessions-customer">
                      {s.customers_name || s.customers_email ? (
                        <>
                          {s.customers_name ? <span class="sessions-name">{s.customers_name}</span> : null}
                          {s.customers_email ? <span class="sessions-muted">{s.customers_email}</span> : null}
                        </>
                      ) : (
                        <span class="sessions-muted">{t('Guest')}</span>
                      )}
                    </td>
                    <td class="sessions-nowrap">{formatSessionTime(s.cart_created)}</td>
                    <td class="sessions-nowrap">
                      {formatSessionTime(s.cart_expiry)} <ExpiryBadge expiry={s.cart_expiry} />
                    </td>
                    <td>
                      <Badge tone={s.cart_source === 'cocart' ? 'info' : 'neutral'}>{sourceLabel(s.cart_source)}</Badge>
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
        )
      ) : null}
      {list.data && list.data.total_pages > 1 ? <Pager page={page} totalPages={list.data.total_pages} onPage={(p) => update({ page: String(p) })} /> : null}
    </Page>
  );
}
