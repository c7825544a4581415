import { useRoute } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api.ts';
import { formatDateTime, t } from '../i18n.ts';
import { ErrorNotice, Loading, Notice } from '../ui/notice.tsx';
import { Page, Section } from '../ui/page.tsx';
import { Table } from '../ui/table.tsx';
import { useAction } from '../ui/use-action.ts';
import { useInterval, useResource } from '../ui/use-resource.ts';
import {
  attemptsText,
  CancelDialog,
  canCancel,
  canRun,
  recurrenceText,
  relativeTime,
  runOrCancel,
  StatusBadge,
  type ScheduledAction,
} from './actions-common.tsx';
import './actions.css';
import './sessions.css';

/**
 * One scheduled action (GET cartwright/v1/actions/:id, which carries its log): what it runs with,
 * when, who holds it, its last error, and its history; Run now and Cancel as on the list. While it is
 * due or running the screen refreshes itself, so a run started here is seen to finish.
 */

function When(props: { iso: string | null; now: number }) {
  if (!props.iso) return <>—</>;
  return (
    <>
      {formatDateTime(props.iso)} <span class="sessions-muted">({relativeTime(props.iso, props.now)})</span>
    </>
  );
}

export function ActionPage() {
  const { params } = useRoute();
  const id = params.id ?? '';
  const loaded = useResource((signal) => {
    if (!/^\d+$/.test(id)) return Promise.reject(new ApiError(404, 'cartwright_action_not_found', t('No action with this ID.')));
    return api<ScheduledAction>(`/cartwright/v1/actions/${id}`, { signal });
  }, [id]);
  // What run now / cancel returned (it carries the log too), until the next load.
  const [changed, setChanged] = useState<ScheduledAction>();
  useEffect(() => setChanged(undefined), [loaded.data]);
  const acting = useAction();
  const [done, setDone] = useState<string>();
  const [confirming, setConfirming] = useState(false);

  const a = changed ?? loaded.data;
  const now = Date.now();
  const lively = !!a && (a.status === 'in-progress' || (a.status === 'pending' && new Date(a.scheduled_at).getTime() <= now));
  useInterval(loaded.reload, 3000, lively && !loaded.loading);

  const act = async (what: 'run' | 'cancel') => {
    if (!a) return;
    setDone(undefined);
    const result = await acting.run(() => runOrCancel(a.id, what));
    if (result) {
      setChanged(result.action);
      setDone(result.message);
    } else loaded.reload();
    setConfirming(false);
    // The button pressed may be gone now (a canceled action has none): back to the heading.
    requestAnimationFrame(() => document.querySelector<HTMLElement>('main h1')?.focus());
  };

  return (
    <div class="action-screen">
      <p class="sessions-back">
        <a href="/admin/actions">{t('← All scheduled actions')}</a>
      </p>
      <Page
        title={a ? t('Action #%1$s: %2$s', String(a.id), a.hook) : t('Scheduled action')}
        actions={
          a ? (
            <>
              {canRun(a) ? (
                <button type="button" class="button button-primary" disabled={acting.busy} onClick={() => void act('run')}>
                  {t('Run now')}
                </button>
              ) : null}
              {canCancel(a) ? (
                <button type="button" class="button button-danger" disabled={acting.busy} onClick={() => setConfirming(true)}>
                  {t('Cancel action')}
                </button>
              ) : null}
            </>
          ) : null
        }
      >
        {done ? (
          <Notice kind="success" onDismiss={() => setDone(undefined)}>
            <p>{done}</p>
          </Notice>
        ) : null}
        <ErrorNotice error={acting.error} />
        <ErrorNotice error={loaded.error} onRetry={loaded.error?.status === 404 ? undefined : loaded.reload} />
        {loaded.loading && !a ? <Loading /> : null}
        {a ? (
          <>
            <div class="grid">
              <Section title={t('Details')}>
                <dl class="facts">
                  <dt>{t('Status')}</dt>
                  <dd>
                    <StatusBadge status={a.status} />
                  </dd>
                  <dt>{t('Hook')}</dt>
                  <dd>
                    <code>{a.hook}</code>
                  </dd>
                  <dt>{t('Group')}</dt>
                  <dd>{a.group ? <a href={`/admin/actions?group=${encodeURIComponent(a.group)}`}>{a.group}</a> : '—'}</dd>
                  <dt>{t('Runs')}</dt>
                  <dd>{recurrenceText(a.recurrence)}</dd>
                  <dt>{t('Attempts')}</dt>
                  <dd>{attemptsText(a)}</dd>
                </dl>
              </Section>
              <Section title={t('Timings')}>
                <dl class="facts">
                  <dt>{t('Created')}</dt>
                  <dd>
                    <When iso={a.created_at} now={now} />
                  </dd>
                  <dt>{t('Scheduled for')}</dt>
                  <dd>
                    <When iso={a.scheduled_at} now={now} />
                  </dd>
                  <dt>{a.status === 'canceled' ? t('Canceled') : t('Finished')}</dt>
                  <dd>
                    <When iso={a.completed_at} now={now} />
                  </dd>
                  <dt>{t('Claimed by')}</dt>
                  <dd>{a.claimed_by ? <code>{a.claimed_by}</code> : '—'}</dd>
                  <dt>{t('Lease until')}</dt>
                  <dd>
                    <When iso={a.lease_until} now={now} />
                  </dd>
                </dl>
              </Section>
            </div>
            {a.last_error ? (
              <Section title={t('Last error')}>
                <pre class="actions-pre actions-error">{a.last_error}</pre>
              </Section>
            ) : null}
            <Section title={t('Arguments')}>
              <pre class="actions-pre">{JSON.stringify(a.args, null, 2)}</pre>
            </Section>
            <Section title={t('Log')}>
              {a.logs && a.logs.length ? (
                <Table caption={t('Log of action #%s', String(a.id))}>
                  <thead>
                    <tr>
                      <th scope="col">{t('Date')}</th>
                      <th scope="col">{t('Message')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {a.logs.map((l) => (
                      <tr key={l.id}>
                        <td class="sessions-nowrap">{formatDateTime(l.logged_at)}</td>
                        <td class="actions-log-message">{l.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </Table>
              ) : (
                <p class="sessions-muted">{t('No log entries.')}</p>
              )}
            </Section>
          </>
        ) : null}
        {loaded.error?.status === 404 ? (
          <p>
            <a href="/admin/actions">{t('Back to the scheduled actions')}</a>
          </p>
        ) : null}
      </Page>
      <CancelDialog action={confirming && a ? a : null} busy={acting.busy} onConfirm={() => void act('cancel')} onClose={() => setConfirming(false)} />
    </div>
  );
}
