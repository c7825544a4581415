import { isAdministrator } from '../auth.ts';
import { formatNumber, t } from '../i18n.ts';
import { ErrorNotice, Notice } from '../ui/notice.tsx';
import { useAction } from '../ui/use-action.ts';
import { dismissUpdateNotice, rowsLeft, startUpdate, UPDATE_GROUP, useUpdateStatus } from './update-status.ts';

/**
 * The database update banner above every screen, as the update guide describes it: "update required"
 * with the button that starts it, then "updating" with a link to its progress, then a dismissible
 * "update complete".
 */
export function UpdateNotice() {
  const { status } = useUpdateStatus();
  const { busy, error, run } = useAction();
  if (!status || status.state === 'current') return null;

  const progressLink = `/admin/actions?status=pending&group=${UPDATE_GROUP}`;

  return (
    <div class="update-notice">
      <ErrorNotice error={error} />
      {status.state === 'needed' ? (
        <Notice kind="warning">
          <p>
            <strong>{t('Cartwright database update required')}</strong>
          </p>
          <p>{t('Cartwright has been updated! To keep things running smoothly, the database that stores your customers’ carts in session has to be updated to the newest version. The update runs in the background and the store keeps working meanwhile.')}</p>
          <p>{t('Ensure you have a backup in place before you start it.')}</p>
          <p class="form-actions">
            {isAdministrator() ? (
              <button type="button" class="button button-primary" disabled={busy} onClick={() => void run(startUpdate)}>
                {busy ? t('Starting…') : t('Update Cartwright Database')}
              </button>
            ) : (
              <span>{t('Ask an administrator to start the update.')}</span>
            )}
            <a href="/admin/update">{t('Learn more about updates')}</a>
          </p>
        </Notice>
      ) : null}
      {status.state === 'running' ? (
        <Notice kind="info">
          <p>
            <strong>{t('Cartwright database update')}</strong>
          </p>
          <p>{t('Cartwright is updating the database in the background: %s rows left. The store keeps working meanwhile.', formatNumber(rowsLeft(status)))}</p>
          <p class="form-actions">
            <a href={progressLink}>{t('View progress →')}</a>
            <a href="/admin/update">{t('Learn more about updates')}</a>
          </p>
        </Notice>
      ) : null}
      {status.state === 'complete' ? (
        <Notice kind="success" onDismiss={isAdministrator() ? () => void run(dismissUpdateNotice) : undefined}>
          <p>
            <strong>{t('Cartwright database update done.')}</strong> {t('Thank you for updating to the latest version!')}
          </p>
        </Notice>
      ) : null}
    </div>
  );
}
