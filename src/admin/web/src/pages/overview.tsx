import { api } from '../api.ts';
import { formatDay, formatNumber, t } from '../i18n.ts';
import { BarChart } from '../ui/bar-chart.tsx';
import { ErrorNotice, Loading } from '../ui/notice.tsx';
import { Page, Section } from '../ui/page.tsx';
import { Badge, Table } from '../ui/table.tsx';
import { useResource } from '../ui/use-resource.ts';
import { formatSessionTime, listSessions } from './sessions-common.tsx';

/**
 * The first screen: the carts in session now and how many were started each day, the newest carts,
 * and the system's health at a glance.
 */

interface Activity {
  counts: { total: number; active: number; expiring: number; expired: number };
  days: { date: string; active: number; expired: number }[];
}

interface StatusSummary {
  versions: { cartwright: string; node: string; database: string };
  redis: boolean;
  jobs: { workers: number; pending: number; 'in-progress': number; failed: number };
}

export function OverviewPage() {
  const activity = useResource((signal) => api<Activity>('/cartwright/v1/sessions/activity', { query: { days: 30 }, signal }), []);
  const recent = useResource((signal) => listSessions({ per_page: 5, orderby: 'cart_created', order: 'desc' }, signal).then((list) => list.sessions), []);
  const status = useResource((signal) => api<StatusSummary>('/cartwright/v1/system-status', { signal }), []);
  const counts = activity.data?.counts;

  return (
    <Page title={t('Overview')}>
      <ErrorNotice error={activity.error} onRetry={activity.reload} />
      <section aria-label={t('Carts in session')}>
        <div class="tiles">
          <Tile label={t('Active carts')} value={counts?.active} />
          <Tile label={t('Expiring within 24 hours')} value={counts?.expiring} />
          <Tile label={t('Expired, awaiting clean-up')} value={counts?.expired} />
          <Tile label={t('All carts in session')} value={counts?.total} />
        </div>
      </section>

      <Section title={t('Carts started per day')} actions={<span class="card-note">{t('Last 30 days (UTC)')}</span>}>
        {activity.data ? (
          <BarChart
            title={t('Carts started per day')}
            series={[
              { key: 'active', label: t('Still active'), className: 'bar-active' },
              { key: 'expired', label: t('Expired'), className: 'bar-expired' },
            ]}
            points={activity.data.days.map((d) => ({ label: formatDay(d.date), values: { active: d.active, expired: d.expired } }))}
          />
        ) : activity.loading ? (
          <Loading />
        ) : null}
      </Section>

      <div class="grid">
        <Section title={t('Recent carts')} actions={<a href="/admin/sessions">{t('All sessions')}</a>}>
          <ErrorNotice error={recent.error} onRetry={recent.reload} />
          {recent.data ? (
            recent.data.length ? (
              <Table caption={t('Recent carts')}>
                <thead>
                  <tr>
                    <th scope="col">{t('Cart')}</th>
                    <th scope="col">{t('Customer')}</th>
                    <th scope="col">{t('Started')}</th>
                  </tr>
                </thead>
                <tbody>
                  {recent.data.map((s) => (
                    <tr>
                      <td>
                        <a href={`/admin/sessions/${s.cart_key}`}>
                          <code>{s.cart_key.slice(0, 10)}…</code>
                        </a>
                      </td>
                      <td>{s.customers_name || s.customers_email || <span class="muted">{t('Guest')}</span>}</td>
                      <td>{formatSessionTime(s.cart_created)}</td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            ) : (
              <p>{t('No carts in session yet.')}</p>
            )
          ) : recent.loading ? (
            <Loading />
          ) : null}
        </Section>

        <Section title={t('System status')} actions={<a href="/admin/status">{t('Full system status')}</a>}>
          <ErrorNotice error={status.error} onRetry={status.reload} />
          {status.data ? (
            <dl class="facts">
              <dt>{t('Cartwright')}</dt>
              <dd>{status.data.versions.cartwright}</dd>
              <dt>{t('Database')}</dt>
              <dd>{status.data.versions.database}</dd>
              <dt>{t('Redis')}</dt>
              <dd>{status.data.redis ? t('Connected') : t('Not used')}</dd>
              <dt>{t('Background workers')}</dt>
              <dd>{formatNumber(status.data.jobs.workers)}</dd>
              <dt>{t('Scheduled actions')}</dt>
              <dd>
                {t('%1$s pending, %2$s running', formatNumber(status.data.jobs.pending), formatNumber(status.data.jobs['in-progress']))}{' '}
                {status.data.jobs.failed ? (
                  <a href="/admin/actions?status=failed">
                    <Badge tone="bad">{t('%s failed', formatNumber(status.data.jobs.failed))}</Badge>
                  </a>
                ) : null}
              </dd>
            </dl>
          ) : status.loading ? (
            <Loading />
          ) : null}
        </Section>
      </div>
    </Page>
  );
}

function Tile(props: { label: string; value: number | undefined }) {
  return (
    <div class="tile">
      <p class="tile-label">{props.label}</p>
      <p class="tile-value">{props.value === undefined ? '—' : formatNumber(props.value)}</p>
    </div>
  );
}
