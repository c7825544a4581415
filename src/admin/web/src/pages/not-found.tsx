import { t } from '../i18n.ts';
import { Page } from '../ui/page.tsx';

export function NotFoundPage() {
  return (
    <Page title={t('Page not found')}>
      <p>{t('There is no such screen in the dashboard.')}</p>
      <p>
        <a href="/admin/">{t('Back to the overview')}</a>
      </p>
    </Page>
  );
}
