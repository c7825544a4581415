import { t } from '../i18n.ts';
import { Page } from '../ui/page.tsx';

// TODO(issue 8): being built this session.
export function SessionPage() {
  return <Page title={t('Session')}>{null}</Page>;
}
