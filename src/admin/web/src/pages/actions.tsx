import { useEffect, useState } from 'preact/hooks';
import { api, paging, request } from '../api.ts';
import { formatDateTime, t } from '../i18n.ts';
import { Field } from '../ui/field.tsx';
import { ErrorNotice, Loading, Notice } from '../ui/notice.tsx';
import { Page } from '../ui/page.tsx';
import { Pager } from '../ui/pager.tsx';
import { useQueryState } from '../ui/query-state.ts';
import { SearchForm } from '../ui/search-form.tsx';
import { StatusLinks } from '../ui/status-links.tsx';
import { Table } from '../ui/table.tsx';
import { useAction } from '../ui/use-action.ts';
import { useInterval, useResource } from '../ui/use-resource.ts';
import {
  attemptsText,
  CancelDialog,
  HookName,
  canCancel,
  canRun,
  relativeTime,
  runOrCancel,
  shortJson,
  StatusBadge,
  statusLabel,
  STATUSES,
  type ActionStatus,
  type ScheduledAction,
} from './actions-common.tsx';
import { SortHeader } from './sessions-common.tsx';
import './actions.css';
import './sessions.css';

/**
 * The background queue (cartwright/v1/actions), as WooCommerce's Tools → Scheduled Actions: status
 * links with their counts, hook and group filters, search in hooks and arguments, paging and order in
 * the address; each row can be run now (pending, failed) or canceled (pending), and shows the result
 * in place. While something is running or due, the list refreshes itself.
 */

const PER_PAGE = 20;
const DEFAULTS = { page: '1', status: '', hook: '', group: '', search: '', orderby: 'scheduled_at', order: 'desc' };
type Query = typeof DEFAULTS;

/** The address of this list with `changes` (a status link keeps the other filters, and starts at page 1). */
function listHref(q: Query, changes: Partial<Query>): string {
  const next = { ...q, page: '1', ...changes };
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(next)) if (v !== '' && v !== DEFAULTS[k as keyof Query]) params.set(k, v);
  const qs = params.toString();
  return `/admin/actions${qs ? `?${qs}` : ''}`;
}

function ActionStatusLinks(props: { q: Query; counts: Record<ActionStatus, number> | undefined }) {
  const { q, counts } = props;
  const all = counts ? Object.values(counts).reduce((a, b) => a + b, 0) : undefined;
  const links: { status: string; label: string; count: number | undefined }[] = [
    { status: '', label: t('All statuses'), count: all },
    // As WordPress: a status with nothing in it is left out, unless it is the one chosen.
    ...STATUSES.filter((s) => !counts || counts[s] > 0 || q.status === s).map((s) => ({ status: s, label: statusLabel(s), count: counts?.[s] })),
  ];
  return <StatusLinks label={t('Filter by status')} links={links.map((l) => ({ href: listHref(q, { status: l.status }), label: l.label, count: l.count, current: q.status === l.status }))} />;
}

/** Hook and group: exact names, offered from the actions the queue holds. */
function HookGroupFilter(props: { q: Query; onApply: (hook: string, group: string) => void }) {
  const [hook, setHook] = useState(props.q.hook);
  const [group, setGroup] = useState(props.q.group);
  useEffect(() => setHook(props.q.hook), [props.q.hook]);
  useEffect(() => setGroup(props.q.group), [props.q.group]);
  const known = useResource(
    (signal) =>
      api<ScheduledAction[]>('/cartwright/v1/actions', { query: { per_page: 100, orderby: 'id', order: 'desc' }, signal }).then((list) => ({
        hooks: [...new Set(list.map((a) => a.hook))].sort(),
        groups: [...new Set(list.map((a) => a.group).filter(Boolean))].sort(),
      })),
    [],
  );
  const filtered = props.q.hook !== '' || props.q.group !== '';
  return (
    <form
      class="actions-filters"
      aria-label={t('Filter by hook and group')}
      onSubmit={(e) => {
        e.preventDefault();
        props.onApply(hook.trim(), group.trim());
      }}
    >
      <Field id="filter-hook" label={t('Hook')}>
        {(c) => <input {...c} type="text" list="known-hooks" value={hook} autocomplete="off" spellcheck={false} onInput={(e) => setHook(e.currentTarget.value)} />}
      </Field>
      <Field id="filter-group" label={t('Group')}>
        {(c) => <input {...c} type="text" list="known-groups" value={group} autocomplete="off" spellcheck={false} onInput={(e) => setGroup(e.currentTarget.value)} />}
      </Field>
      <datalist id="known-hooks">{known.data?.hooks.map((h) => <option value={h} />)}</datalist>
      <datalist id="known-groups">{known.data?.groups.map((g) => <option value={g} />)}</datalist>
      <div class="actions-filter-buttons">
        <button type="submit" class="button">
          {t('Filter')}
        </button>
        {filtered ? (
          <button type="button" class="button-link" onClick={() => props.onApply('', '')}>
            {t('Clear filters')}
          </button>
        ) : null}
      </div>
    </form>
  );
}

export function ActionsPage() {
  const [q, setQ] = useQueryState(DEFAULTS);
  const page = Math.max(1, Number(q.page) || 1);
  const status = (STATUSES as readonly string[]).includes(q.status) ? q.status : '';
  const orderby = q.orderby === 'id' ? 'id' : 'scheduled_at';
  const order = q.order === 'asc' ? 'asc' : 'desc';

  const list = useResource(
    async (signal) => {
      const res = await request<ScheduledAction[]>('/cartwright/v1/actions', {
        query: { page, per_page: PER_PAGE, status, hook: q.hook, group: q.group, search: q.search, orderby, order },
        signal,
      });
      return { actions: res.data, ...paging(res.headers) };
    },
    [page, status, q.hook, q.group, q.search, orderby, order],
  );
  const counts = useResource(
    (signal) => api<Record<ActionStatus, number>>('/cartwright/v1/actions/counts', { query: { hook: q.hook, group: q.group, search: q.search }, signal }),
    [q.hook, q.group, q.search],
  );

  // What run now / cancel returned, shown in its row until the list is loaded again.
  const [changed, setChanged] = useState<Record<number, ScheduledAction>>({});
  useEffect(() => setChanged({}), [list.data]);
  const acting = useAction();
  // The action being run or canceled: only its buttons wait.
  const [target, setTarget] = useState<number | null>(null);
  const busy = acting.busy ? target : null;
  const [done, setDone] = useState<string>();
  const [confirmCancel, setConfirmCancel] = useState<ScheduledAction | null>(null);

  const rows = (list.data?.actions ?? []).map((a) => changed[a.id] ?? a);
  const now = Date.now();
  const lively = rows.some((a) => a.status === 'in-progress' || (a.status === 'pending' && new Date(a.scheduled_at).getTime() <= now));
  useInterval(
    () => {
      list.reload();
      counts.reload();
    },
    5000,
    lively && !list.loading,
  );

  const act = async (a: ScheduledAction, what: 'run' | 'cancel') => {
    setTarget(a.id);
    setDone(undefined);
    const result = await acting.run(() => runOrCancel(a.id, what));
    if (result) {
      setChanged((c) => ({ ...c, [a.id]: result.action }));
      setDone(result.message);
      counts.reload();
    } else {
      // The action changed meanwhile (it started, say): show it as it is now.
      list.reload();
    }
    setConfirmCancel(null);
    // The button pressed may be gone now (a canceled action has none): keep focus in its row.
    requestAnimationFrame(() => document.querySelector<HTMLElement>(`tr[data-action-id="${a.id}"] .actions-hook`)?.focus());
  };

  const sort = (column: string, next: 'asc' | 'desc') => setQ({ orderby: column, order: next });
  const filtered = status !== '' || q.hook !== '' || q.group !== '' || q.search !== '';

  return (
    <Page title={t('Scheduled actions')}>
      <ActionStatusLinks q={{ ...q, status }} counts={counts.data} />
      <ErrorNotice error={counts.error} onRetry={counts.reload} />
      <div class="actions-toolbar">
        <SearchForm value={q.search} label={t('Search actions')} onSearch={(search) => setQ({ search })} />
        <HookGroupFilter q={q} onApply={(hook, group) => setQ({ hook, group })} />
      </div>
      {done ? (
        <Notice kind="success" onDismiss={() => setDone(undefined)}>
          <p>{done}</p>
        </Notice>
      ) : null}
      <ErrorNotice error={acting.error} />
      <ErrorNotice error={list.error} onRetry={list.reload} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        rows.length === 0 ? (
          <p class="sessions-empty">{filtered ? t('No actions found for this search or these filters.') : t('No actions found.')}</p>
        ) : (
          <div aria-busy={list.loading}>
            <Table caption={status ? t('Scheduled actions: %s', statusLabel(status)) : t('Scheduled actions')}>
              <thead>
                <tr>
                  <SortHeader label={t('ID')} column="id" orderby={orderby} order={order} firstOrder="desc" onSort={sort} class="num" />
                  <th scope="col">{t('Hook')}</th>
                  <th scope="col">{t('Status')}</th>
                  <th scope="col">{t('Arguments')}</th>
                  <th scope="col">{t('Group')}</th>
                  <SortHeader label={t('Scheduled for')} column="scheduled_at" orderby={orderby} order={order} firstOrder="desc" onSort={sort} />
                  <th scope="col" class="num">
                    {t('Attempts')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((a) => {
                  const args = shortJson(a.args);
                  return (
                    <tr key={a.id} data-action-id={a.id}>
                      <td class="num">
                        <a href={`/admin/actions/${a.id}`}>{a.id}</a>
                      </td>
                      <td class="actions-hook-cell">
                        <a href={`/admin/actions/${a.id}`} class="actions-hook">
                          <HookName hook={a.hook} />
                        </a>
                        {canRun(a) || canCancel(a) ? (
                          <div class="actions-row-actions">
                            {canRun(a) ? (
                              <button type="button" class="button-link" disabled={busy === a.id} onClick={() => void act(a, 'run')}>
                                {t('Run now')}
                                <span class="visually-hidden"> {t('action #%s', String(a.id))}</span>
                              </button>
                            ) : null}
                            {canCancel(a) ? (
                              <button type="button" class="button-link actions-cancel" disabled={busy === a.id} onClick={() => setConfirmCancel(a)}>
                                {t('Cancel')}
                                <span class="visually-hidden"> {t('action #%s', String(a.id))}</span>
                              </button>
                            ) : null}
                          </div>
                        ) : null}
                      </td>
                      <td>
                        <StatusBadge status={a.status} />
                        {a.status === 'failed' && a.last_error ? <span class="sessions-muted sessions-block actions-error-line">{a.last_error}</span> : null}
                      </td>
                      <td class="actions-args">{args ? <code title={JSON.stringify(a.args)}>{args}</code> : <span class="sessions-muted">—</span>}</td>
                      <td>{a.group ? <a href={listHref(q, { group: a.group })}>{a.group}</a> : <span class="sessions-muted">—</span>}</td>
                      <td class="sessions-nowrap">
                        {formatDateTime(a.scheduled_at)}
                        <span class="sessions-muted sessions-block">{relativeTime(a.scheduled_at, now)}</span>
                      </td>
                      <td class="num sessions-nowrap">{attemptsText(a)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </Table>
          </div>
        )
      ) : null}
      {list.data ? <Pager page={page} totalPages={list.data.totalPages} total={list.data.total} onPage={(p) => setQ({ page: String(p) })} /> : null}
      <CancelDialog action={confirmCancel} busy={confirmCancel !== null && busy === confirmCancel.id} onConfirm={(a) => void act(a, 'cancel')} onClose={() => setConfirmCancel(null)} />
    </Page>
  );
}
