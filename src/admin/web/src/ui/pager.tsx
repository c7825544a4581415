import { formatNumber, t } from '../i18n.ts';

/** Previous / next and "page X of Y" under a list. */
export function Pager(props: { page: number; totalPages: number; total?: number; onPage: (page: number) => void }) {
  const { page, totalPages } = props;
  if (totalPages <= 1 && props.total === undefined) return null;
  return (
    <nav class="pager" aria-label={t('Pages')}>
      {props.total !== undefined ? <span class="pager-total">{t('%s items', formatNumber(props.total))}</span> : null}
      <button type="button" class="button" disabled={page <= 1} onClick={() => props.onPage(page - 1)}>
        {t('Previous')}
      </button>
      <span aria-current="page">{t('Page %1$s of %2$s', formatNumber(page), formatNumber(Math.max(totalPages, 1)))}</span>
      <button type="button" class="button" disabled={page >= totalPages} onClick={() => props.onPage(page + 1)}>
        {t('Next')}
      </button>
    </nav>
  );
}
