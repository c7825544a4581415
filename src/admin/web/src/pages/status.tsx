import { Fragment, type ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api.ts';
import { isAdministrator } from '../auth.ts';
import { formatDateTime, formatNumber, t } from '../i18n.ts';
import { ErrorNotice, Loading, Notice } from '../ui/notice.tsx';
import { Page, Section } from '../ui/page.tsx';
import { Badge } from '../ui/table.tsx';
import { useResource } from '../ui/use-resource.ts';
import { FIELD_TEXT, OPTION_TEXT, type FieldName, type SectionName } from './settings-fields.ts';
import { supportReport, type SystemStatus } from './status-report.ts';
import { UpdateRoutines } from './update.tsx';
import './status.css';

/**
 * System status (GET /cartwright/v1/system-status; administrators and shop managers): versions, the
 * database and Redis, modules and plugins, a summary of the settings, carts in session, background
 * jobs and any pending database update. "Copy support report" puts a plain-text report on the
 * clipboard; where the browser refuses, the report is shown selected, to copy by hand.
 */

/** The summary's keys, as the settings they come from (their labels are the settings screen's). */
const SUMMARY_FIELDS: Record<string, [SectionName, FieldName]> = {
  store: ['store', 'title'],
  currency: ['store', 'currency'],
  country: ['store', 'country'],
  language: ['store', 'language'],
  taxes: ['tax', 'calc_taxes'],
  prices_include_tax: ['tax', 'prices_include_tax'],
  shipping: ['shipping', 'enable_shipping'],
  coupons: ['coupons', 'enable_coupons'],
  cart_expiration_days: ['cart', 'cart_expiration_days'],
  merge_strategy: ['cart', 'merge_strategy'],
  rate_limit: ['rate_limit', 'enabled'],
  require_access_token: ['general', 'require_access_token'],
};

function summaryLabel(key: string): string {
  const setting = SUMMARY_FIELDS[key];
  if (!setting) return key;
  const [section, field] = setting;
  return (FIELD_TEXT[section] as Record<string, { label: () => string }>)[field]?.label() ?? key;
}

function summaryValue(key: string, value: string | number | boolean): ComponentChildren {
  if (typeof value === 'boolean') return value ? <Badge tone="good">{t('On')}</Badge> : <Badge>{t('Off')}</Badge>;
  if (typeof value === 'number') return formatNumber(value);
  const field = SUMMARY_FIELDS[key]?.[1];
  return (field && OPTION_TEXT[field]?.[value]?.()) ?? value;
}

const databaseName = (kind: string) => (kind === 'postgres' ? 'PostgreSQL' : kind === 'sqlite' ? 'SQLite' : kind);

function updateBadge(state: SystemStatus['update']['state']) {
  switch (state) {
    case 'needed':
      return <Badge tone="warn">{t('Update needed')}</Badge>;
    case 'running':
      return <Badge tone="info">{t('Updating')}</Badge>;
    case 'complete':
      return <Badge tone="good">{t('Update complete')}</Badge>;
    default:
      return <Badge tone="good">{t('Up to date')}</Badge>;
  }
}

export function StatusPage() {
  const status = useResource((signal) => api<SystemStatus>('/cartwright/v1/system-status', { signal }), []);
  const [loadedAt, setLoadedAt] = useState(() => new Date());
  useEffect(() => {
    if (status.data) setLoadedAt(new Date());
  }, [status.data]);
  const s = status.data;
  return (
    <Page
      title={t('System status')}
      actions={
        <button type="button" class="button" onClick={status.reload} disabled={status.loading}>
          {status.loading && s ? t('Refreshing…') : t('Refresh')}
        </button>
      }
    >
      <ErrorNotice error={status.error} onRetry={status.reload} />
      {status.loading && !s ? <Loading /> : null}
      {s ? (
        <>
          <SupportReport report={supportReport(s, loadedAt, location.origin + location.pathname)} />
          <div class="grid status-grid" aria-busy={status.loading}>
            <Section title={t('Versions')} id="status-versions">
              <dl class="facts status-facts">
                <dt>Cartwright</dt>
                <dd>
                  <code>{s.versions.cartwright}</code>
                </dd>
                <dt>Node.js</dt>
                <dd>
                  <code>{s.versions.node}</code>
                </dd>
                <dt>{t('Database')}</dt>
                <dd>
                  <code>{s.versions.database}</code>
                </dd>
              </dl>
            </Section>

            <Section title={t('Database and cache')} id="status-database">
              <dl class="facts status-facts">
                <dt>{t('Database')}</dt>
                <dd>{databaseName(s.database.kind)}</dd>
                <dt>{t('Location')}</dt>
                <dd>
                  <code>{s.database.location}</code>
                </dd>
                <dt>Redis</dt>
                <dd>{s.redis ? <Badge tone="good">{t('In use')}</Badge> : <Badge>{t('Not used')}</Badge>}</dd>
              </dl>
              {!s.redis ? <p class="status-note">{t('Without Redis, rate limits and cache changes are kept by each server on its own.')}</p> : null}
            </Section>

            <Section title={t('E-mail')} id="status-email">
              <dl class="facts status-facts">
                <dt>{t('Order e-mails')}</dt>
                <dd>{s.email.enabled ? <Badge tone="good">{t('On')}</Badge> : <Badge>{t('Off')}</Badge>}</dd>
                {s.email.server ? (
                  <>
                    <dt>{t('SMTP server')}</dt>
                    <dd>
                      <code>{s.email.server}</code>
                    </dd>
                  </>
                ) : null}
              </dl>
              {!s.email.enabled ? <p class="status-note">{t('No order e-mail is sent: the server has no SMTP_URL. The store works as usual.')}</p> : null}
            </Section>

            <Section title={t('Carts in session')} id="status-sessions" actions={<a href="/admin/sessions">{t('See the sessions')}</a>}>
              <dl class="facts status-facts status-numbers">
                <dt>{t('All carts in session')}</dt>
                <dd>{formatNumber(s.sessions.total)}</dd>
                <dt>{t('Active carts')}</dt>
                <dd>{formatNumber(s.sessions.active)}</dd>
                <dt>{t('Expiring within 24 hours')}</dt>
                <dd>{formatNumber(s.sessions.expiring)}</dd>
                <dt>{t('Expired, awaiting clean-up')}</dt>
                <dd>{formatNumber(s.sessions.expired)}</dd>
                <dt>{t('Created by the CoCart API')}</dt>
                <dd>{formatNumber(s.sessions.bySource.cocart)}</dd>
                <dt>{t('Created by the web')}</dt>
                <dd>{formatNumber(s.sessions.bySource.woocommerce)}</dd>
                <dt>{t('Created by other means')}</dt>
                <dd>{formatNumber(s.sessions.bySource.other)}</dd>
              </dl>
            </Section>

            <Section title={t('Background jobs')} id="status-jobs" actions={<a href="/admin/actions">{t('See the scheduled actions')}</a>}>
              <dl class="facts status-facts status-numbers">
                <dt>{t('Workers on this server')}</dt>
                <dd>{formatNumber(s.jobs.workers)}</dd>
                <dt>{t('Pending')}</dt>
                <dd>{formatNumber(s.jobs.pending)}</dd>
                <dt>{t('In progress')}</dt>
                <dd>{formatNumber(s.jobs['in-progress'])}</dd>
                <dt>{t('Complete')}</dt>
                <dd>{formatNumber(s.jobs.complete)}</dd>
                <dt>{t('Failed')}</dt>
                <dd>{s.jobs.failed ? <Badge tone="bad">{formatNumber(s.jobs.failed)}</Badge> : formatNumber(s.jobs.failed)}</dd>
                <dt>{t('Canceled')}</dt>
                <dd>{formatNumber(s.jobs.canceled)}</dd>
              </dl>
              {s.jobs.workers === 0 ? <p class="status-note">{t('This server runs no workers: another server has to run the background jobs.')}</p> : null}
            </Section>

            <Section title={t('Settings')} id="status-settings" actions={isAdministrator() ? <a href="/admin/settings">{t('Change the settings')}</a> : undefined}>
              <dl class="facts status-facts">
                {Object.entries(s.settings).map(([key, value]) => (
                  <Fragment key={key}>
                    <dt>{summaryLabel(key)}</dt>
                    <dd>{summaryValue(key, value)}</dd>
                  </Fragment>
                ))}
              </dl>
            </Section>

            <Section title={t('Modules and plugins')} id="status-modules">
              <h3 class="status-subhead">{t('Modules')}</h3>
              <ul class="status-list">
                {s.modules.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
              <h3 class="status-subhead">{t('Plugins')}</h3>
              {s.plugins.length ? (
                <ul class="status-list">
                  {s.plugins.map((p) => (
                    <li key={p}>
                      <code>{p}</code>
                    </li>
                  ))}
                </ul>
              ) : (
                <p class="status-note">{t('No plugins found.')}</p>
              )}
            </Section>
          </div>

          <Section title={t('Database update')} id="status-update" actions={updateBadge(s.update.state)}>
            {s.update.state === 'needed' || s.update.state === 'running' ? (
              <p>
                <a href="/admin/update">{s.update.state === 'needed' ? t('Go to the database update') : t('See its progress')}</a>
              </p>
            ) : null}
            {s.update.completed_at !== null ? <p class="status-note">{t('Last update completed %s.', formatDateTime(s.update.completed_at))}</p> : null}
            {s.update.routines.length ? (
              <div class="status-routines">
                <UpdateRoutines routines={s.update.routines} caption={t('Database update routines')} />
              </div>
            ) : (
              <p class="status-note">{t('No database update routines found.')}</p>
            )}
          </Section>
        </>
      ) : null}
    </Page>
  );
}

/**
 * The support report: copied with one button; shown (and selected, to copy by hand) when the browser
 * does not let the page write to the clipboard. The outcome is announced in a live region that is
 * always on the page, so screen readers hear it.
 */
function SupportReport(props: { report: string }) {
  const [outcome, setOutcome] = useState<'copied' | 'refused'>();
  const [open, setOpen] = useState(false);
  const pre = useRef<HTMLPreElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const selectReport = () => {
    const el = pre.current;
    if (!el) return;
    el.focus();
    const range = document.createRange();
    range.selectNodeContents(el);
    const selection = getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
  };

  const copy = async () => {
    clearTimeout(timer.current);
    setOutcome(undefined);
    try {
      if (!navigator.clipboard?.writeText) throw new Error('no clipboard');
      await navigator.clipboard.writeText(props.report);
      setOutcome('copied');
      timer.current = setTimeout(() => setOutcome(undefined), 8000);
    } catch {
      setOutcome('refused');
      setOpen(true);
      requestAnimationFrame(selectReport);
    }
  };

  return (
    <section class="card status-report" aria-labelledby="status-report-title">
      <div class="card-head">
        <h2 id="status-report-title">{t('Support report')}</h2>
        <div class="card-actions">
          <button type="button" class="button button-primary" onClick={() => void copy()}>
            {t('Copy support report')}
          </button>
        </div>
      </div>
      <p class="status-note">{t('Paste it into a support request: it lists what is below, in English, without passwords or customer data.')}</p>
      <div class="status-outcome" role="status">
        {outcome === 'copied' ? (
          <Notice kind="success" inLiveRegion>
            <p>{t('Copied: the support report is on the clipboard.')}</p>
          </Notice>
        ) : outcome === 'refused' ? (
          <Notice kind="warning" inLiveRegion>
            <p>{t('The browser did not let the page copy the report. It is selected below: press Ctrl+C (⌘C on a Mac) to copy it.')}</p>
          </Notice>
        ) : null}
      </div>
      <details class="status-details" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>{t('Show the report')}</summary>
        <pre ref={pre} class="report" tabIndex={0} aria-label={t('Support report')}>
          {props.report}
        </pre>
      </details>
    </section>
  );
}
