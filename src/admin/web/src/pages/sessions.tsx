import { t } from '../i18n.ts';
import { Page } from '../ui/page.tsx';

// TODO(issue 8): being built this session.
export function SessionsPage() {
  return <Page title={t('Sessions')}>{null}</Page>;
}
