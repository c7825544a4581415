import { paging, request } from '../../api.ts';
import { countryName, formatDateTime, t } from '../../i18n.ts';
import { ErrorNotice, Loading } from '../../ui/notice.tsx';
import { Page } from '../../ui/page.tsx';
import { Pager } from '../../ui/pager.tsx';
import { useQueryState } from '../../ui/query-state.ts';
import { SearchForm } from '../../ui/search-form.tsx';
import { StatusLinks } from '../../ui/status-links.tsx';
import { Table } from '../../ui/table.tsx';
import { useResource } from '../../ui/use-resource.ts';
import { DoneNotice } from '../catalogue/shared-ui.tsx';
import { customerLabel, roleLabel, ROLES, type Customer } from './customers-common.ts';
import './customers.css';

/**
 * Customers (wc/v3/customers), as WordPress's Users screen lists them: by role with counts (customers
 * first, staff when asked), searched by name, e-mail address, username or phone, paged; each row's name
 * links to the customer. Page, role and search live in the address; `?deleted=<name>` says one was
 * just deleted from its own screen.
 */

const PER_PAGE = 20;

async function loadCounts(signal: AbortSignal): Promise<Record<string, number>> {
  const totals = await Promise.all(
    ['all', ...ROLES].map(async (role) => {
      const res = await request<Customer[]>('/wc/v3/customers', { query: { role, per_page: 1 }, signal });
      return [role, paging(res.headers).total] as const;
    }),
  );
  return Object.fromEntries(totals);
}

export function CustomersPage() {
  const [q, setQ] = useQueryState({ page: '1', role: 'customer', search: '', deleted: '' });
  const page = Math.max(1, Number(q.page) || 1);
  const role = q.role === 'all' || (ROLES as readonly string[]).includes(q.role) ? q.role : 'customer';
  const update = (changes: Partial<typeof q>) => setQ({ deleted: '', ...changes });
  const counts = useResource(loadCounts, []);
  const list = useResource(
    async (signal) => {
      const res = await request<Customer[]>('/wc/v3/customers', { query: { page, per_page: PER_PAGE, search: q.search, role, orderby: 'registered_date', order: 'desc' }, signal });
      return { customers: res.data, search: q.search, ...paging(res.headers) };
    },
    [page, role, q.search],
  );
  const href = (r: string) => `/admin/customers${r === 'customer' ? '' : `?role=${r}`}`;
  const links = [...ROLES, 'all'].map((r) => ({ href: href(r), label: r === 'all' ? t('Everyone') : roleLabel(r), count: counts.data?.[r], current: role === r }));
  const caption = list.data?.search ? t('Customers matching “%s”', list.data.search) : role === 'customer' ? t('Customers') : t('Users: %s', role === 'all' ? t('Everyone') : roleLabel(role));

  return (
    <Page
      title={t('Customers')}
      actions={
        <a class="button button-primary" href="/admin/customers/new">
          {t('Add customer')}
        </a>
      }
    >
      <DoneNotice message={q.deleted ? t('Customer “%s” deleted.', q.deleted) : undefined} onDismiss={() => update({ page: q.page })} />
      <StatusLinks label={t('Filter by role')} links={links} />
      <ErrorNotice error={counts.error} onRetry={counts.reload} />
      <div class="customers-toolbar">
        <SearchForm value={q.search} label={t('Search customers')} onSearch={(search) => update({ search })} />
      </div>
      <ErrorNotice error={list.error} onRetry={list.reload} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        list.data.customers.length === 0 ? (
          <p class="customers-empty">{list.data.search ? t('No customers found for this search.') : t('No customers yet.')}</p>
        ) : (
          <div aria-busy={list.loading}>
            <Table caption={caption}>
              <thead>
                <tr>
                  <th scope="col">{t('Name')}</th>
                  <th scope="col">{t('E-mail')}</th>
                  <th scope="col">{t('Location')}</th>
                  <th scope="col">{t('Role')}</th>
                  <th scope="col">{t('Registered')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.customers.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <a href={`/admin/customers/${c.id}`} class="customers-name">
                        {customerLabel(c)}
                      </a>
                      <span class="customers-muted customers-block">{c.username}</span>
                    </td>
                    <td class="customers-email">{c.email}</td>
                    <td>{[c.billing.city, countryName(c.billing.country ?? '')].filter(Boolean).join(', ') || '—'}</td>
                    <td>{roleLabel(c.role)}</td>
                    <td class="customers-nowrap">{formatDateTime(c.date_created_gmt ? `${c.date_created_gmt}Z` : null)}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
        )
      ) : null}
      {list.data ? <Pager page={page} totalPages={list.data.totalPages} total={list.data.total} onPage={(p) => update({ page: String(p) })} /> : null}
    </Page>
  );
}
