import { isAdministrator } from '../auth.ts';
import { formatDateTime, formatNumber, t } from '../i18n.ts';
import { ErrorNotice, Loading, Notice } from '../ui/notice.tsx';
import { Page, Section } from '../ui/page.tsx';
import { Table } from '../ui/table.tsx';
import { useAction } from '../ui/use-action.ts';
import { rowsLeft, startUpdate, UPDATE_GROUP, updateProgress, useUpdateStatus, type UpdateStatus } from './update-status.ts';

/**
 * The database update: what it changes, how far it has come, and how to update safely (the update
 * guide's "Learn more about updates").
 */
export function UpdatePage() {
  const snapshot = useUpdateStatus();
  const { status } = snapshot;
  const starting = useAction();

  const stateText: Record<string, string> = {
    current: t('The database is up to date.'),
    needed: t('The database needs an update. Nothing changes until it is started.'),
    running: t('The update is running in the background. The store keeps working meanwhile.'),
    complete: t('The update is complete.'),
  };
  const percent = Math.round(updateProgress(snapshot) * 100);

  return (
    <Page title={t('Database update')}>
      <ErrorNotice error={starting.error ?? snapshot.error} />
      <Section title={t('Progress')}>
        {!status ? (
          <Loading />
        ) : (
          <>
            <p role="status">{stateText[status.state]}</p>
            {status.state === 'running' || status.state === 'complete' ? (
              <div class="progress">
                <div class="progress-label" id="update-progress-label">
                  <span>{t('Updated')}</span>
                  <span>{percent}%</span>
                </div>
                <progress max={100} value={percent} aria-labelledby="update-progress-label" aria-valuetext={t('%s rows left', formatNumber(rowsLeft(status)))} />
              </div>
            ) : null}
            {status.completed_at ? <p>{t('Completed %s.', formatDateTime(status.completed_at))}</p> : null}
            {status.state === 'needed' ? (
              isAdministrator() ? (
                <p class="form-actions">
                  <button type="button" class="button button-primary" disabled={starting.busy} onClick={() => void starting.run(startUpdate)}>
                    {starting.busy ? t('Starting…') : t('Update Cartwright Database')}
                  </button>
                </p>
              ) : (
                <Notice kind="info">{t('Ask an administrator to start the update.')}</Notice>
              )
            ) : null}
            <UpdateRoutines routines={status.routines} caption={t('Update routines')} captionVisible />
            <h3>{t('Its scheduled actions')}</h3>
            <dl class="facts">
              <dt>{t('Pending')}</dt>
              <dd>
                <a href={`/admin/actions?status=pending&group=${UPDATE_GROUP}`}>{formatNumber(status.actions.pending)}</a>
              </dd>
              <dt>{t('In progress')}</dt>
              <dd>{formatNumber(status.actions.in_progress)}</dd>
              <dt>{t('Complete')}</dt>
              <dd>
                <a href={`/admin/actions?status=complete&group=${UPDATE_GROUP}`}>{formatNumber(status.actions.complete)}</a>
              </dd>
              <dt>{t('Failed')}</dt>
              <dd>
                <a href={`/admin/actions?status=failed&group=${UPDATE_GROUP}`}>{formatNumber(status.actions.failed)}</a>
              </dd>
            </dl>
          </>
        )}
      </Section>

      <Section title={t('Updating safely')}>
        <p>{t('Some versions of Cartwright change how carts are stored. The new version starts on the old data, keeps every cart working, and asks you to update the database; the update then runs as small background batches, so no cart is locked for long and none is lost.')}</p>
        <ol>
          <li>
            {t('Take a backup first:')} <code>npx cartwright backup backup.db</code> {t('(on PostgreSQL it runs pg_dump).')}
          </li>
          <li>{t('Try the update on a copy of the store restored from that backup, if you can.')}</li>
          <li>
            {t('Start the update here, or run it in the foreground with a progress bar:')} <code>npx cartwright update</code>
          </li>
          <li>{t('Stopped half-way (a restart, a crash), it resumes where it stopped the next time it runs.')}</li>
        </ol>
      </Section>
    </Page>
  );
}

/** The update's routines and the rows each has left (here and on the system status). */
export function UpdateRoutines(props: { routines: UpdateStatus['routines']; caption: string; captionVisible?: boolean }) {
  return (
    <Table caption={props.caption} captionVisible={props.captionVisible}>
      <thead>
        <tr>
          <th scope="col">{t('Routine')}</th>
          <th scope="col">{t('What it does')}</th>
          <th scope="col" class="num">
            {t('Rows left')}
          </th>
        </tr>
      </thead>
      <tbody>
        {props.routines.map((r) => (
          <tr key={r.name}>
            <td>
              <code>{r.name}</code>
            </td>
            <td>{r.description}</td>
            <td class="num">{formatNumber(r.remaining)}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
