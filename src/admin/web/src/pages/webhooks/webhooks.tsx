import { paging, request } from '../../api.ts';
import { formatNumber, t } from '../../i18n.ts';
import { ErrorNotice, Loading } from '../../ui/notice.tsx';
import { Page } from '../../ui/page.tsx';
import { Pager } from '../../ui/pager.tsx';
import { useQueryState } from '../../ui/query-state.ts';
import { SearchForm } from '../../ui/search-form.tsx';
import { StatusLinks } from '../../ui/status-links.tsx';
import { Table } from '../../ui/table.tsx';
import { useResource } from '../../ui/use-resource.ts';
import { DoneNotice } from '../catalogue/shared-ui.tsx';
import { topicLabel, WEBHOOK_STATUSES, webhookStatusLabel, WebhookStatusBadge, type Webhook } from './webhooks-common.tsx';
import './webhooks.css';

/**
 * Webhooks (wc/v3/webhooks), as WooCommerce's Settings → Advanced → Webhooks: status links with their
 * counts, search in names and delivery URLs, paging, and each webhook's name (linked to its page),
 * status, topic, delivery URL and failures in a row. Page, status and search live in the address;
 * `?deleted=<name>` says a webhook was just deleted from its own screen.
 */

const PER_PAGE = 20;

/** How many webhooks there are in all and in each status (each list's X-WP-Total). */
async function loadCounts(signal: AbortSignal): Promise<Record<string, number>> {
  const totals = await Promise.all(
    ['all', ...WEBHOOK_STATUSES].map(async (status) => {
      const res = await request<Webhook[]>('/wc/v3/webhooks', { query: { status, per_page: 1 }, signal });
      return [status, paging(res.headers).total] as const;
    }),
  );
  return Object.fromEntries(totals);
}

export function WebhooksPage() {
  const [q, setQ] = useQueryState({ page: '1', status: '', search: '', deleted: '' });
  const page = Math.max(1, Number(q.page) || 1);
  const status = (WEBHOOK_STATUSES as readonly string[]).includes(q.status) ? q.status : '';
  // Any change to the list drops the "deleted" notice with it.
  const update = (changes: Partial<typeof q>) => setQ({ deleted: '', ...changes });
  const counts = useResource(loadCounts, []);
  const list = useResource(
    async (signal) => {
      const res = await request<Webhook[]>('/wc/v3/webhooks', { query: { page, per_page: PER_PAGE, search: q.search, status: status || 'all' }, signal });
      return { webhooks: res.data, search: q.search, ...paging(res.headers) };
    },
    [page, status, q.search],
  );
  const href = (s: string) => `/admin/webhooks${s ? `?status=${s}` : ''}`;
  const links = [
    { href: href(''), label: t('All'), count: counts.data?.all, current: status === '' },
    ...WEBHOOK_STATUSES.map((s) => ({ href: href(s), label: webhookStatusLabel(s), count: counts.data?.[s], current: status === s })),
  ];
  const caption = list.data?.search ? t('Webhooks matching “%s”', list.data.search) : status ? t('Webhooks: %s', webhookStatusLabel(status)) : t('Webhooks');

  return (
    <Page
      title={t('Webhooks')}
      actions={
        <a class="button button-primary" href="/admin/webhooks/new">
          {t('Add webhook')}
        </a>
      }
    >
      <DoneNotice message={q.deleted ? t('Webhook “%s” deleted.', q.deleted) : undefined} onDismiss={() => update({ page: q.page })} />
      <StatusLinks label={t('Filter by status')} links={links} />
      <ErrorNotice error={counts.error} onRetry={counts.reload} />
      <div class="webhooks-toolbar">
        <SearchForm value={q.search} label={t('Search webhooks')} onSearch={(search) => update({ search })} />
      </div>
      <ErrorNotice error={list.error} onRetry={list.reload} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        list.data.webhooks.length === 0 ? (
          <p class="webhooks-empty">{list.data.search ? t('No webhooks found for this search.') : status ? t('No webhooks found.') : t('No webhooks yet. Add one to tell another system of each order, product, coupon or customer change.')}</p>
        ) : (
          <div aria-busy={list.loading}>
            <Table caption={caption}>
              <thead>
                <tr>
                  <th scope="col">{t('Name')}</th>
                  <th scope="col">{t('Status')}</th>
                  <th scope="col">{t('Topic')}</th>
                  <th scope="col">{t('Delivery URL')}</th>
                  <th scope="col" class="num">
                    {t('Failures')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.webhooks.map((w) => (
                  <tr key={w.id}>
                    <td class="webhooks-name-cell">
                      <a href={`/admin/webhooks/${w.id}`} class="webhooks-name">
                        {w.name || t('(no name)')}
                      </a>
                    </td>
                    <td>
                      <WebhookStatusBadge status={w.status} />
                    </td>
                    <td class="webhooks-nowrap">{topicLabel(w.topic)}</td>
                    <td class="webhooks-url">{w.delivery_url}</td>
                    <td class="num">{formatNumber(w.failure_count)}</td>
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
