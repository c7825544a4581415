import { api } from '../api.ts';
import { formatNumber, locale, t } from '../i18n.ts';
import { ConfirmDialog } from '../ui/confirm.tsx';
import { Badge } from '../ui/table.tsx';

/**
 * What the Scheduled actions screens share: an action as cartwright/v1/actions gives it, its status
 * in words and colour, its arguments in short, times relative to now, and the two things staff can
 * do to one (run it now, cancel it) with the rules the server applies.
 */

export const STATUSES = ['pending', 'in-progress', 'complete', 'failed', 'canceled'] as const;
export type ActionStatus = (typeof STATUSES)[number];

export interface ScheduledAction {
  id: number;
  hook: string;
  status: ActionStatus;
  args: unknown;
  group: string;
  scheduled_at: string;
  recurrence: number | null;
  attempts: number;
  max_attempts: number;
  claimed_by: string | null;
  lease_until: string | null;
  last_error: string | null;
  created_at: string;
  completed_at: string | null;
  logs?: { id: number; logged_at: string; message: string }[];
}

export function statusLabel(status: string): string {
  return (
    ({ pending: t('Pending'), 'in-progress': t('In progress'), complete: t('Complete'), failed: t('Failed'), canceled: t('Canceled') } as Record<string, string>)[status] ??
    status
  );
}

const TONES: Record<string, 'neutral' | 'good' | 'warn' | 'bad' | 'info'> = { pending: 'info', 'in-progress': 'warn', complete: 'good', failed: 'bad', canceled: 'neutral' };

export function StatusBadge(props: { status: string }) {
  return <Badge tone={TONES[props.status] ?? 'neutral'}>{statusLabel(props.status)}</Badge>;
}

/** A hook name that may wrap after each underscore (`cartwright_cleanup_<wbr>sessions`) rather than mid-word. */
export function HookName(props: { hook: string }) {
  const parts = props.hook.split('_');
  return (
    <>
      {parts.map((part, i) => (
        <>
          {part}
          {i < parts.length - 1 ? (
            <>
              _<wbr />
            </>
          ) : null}
        </>
      ))}
    </>
  );
}

/** The arguments as one line of JSON, cut to `max` characters; '' for none. */
export function shortJson(args: unknown, max = 60): string {
  if (args === null || args === undefined) return '';
  const text = JSON.stringify(args);
  if (text === '{}' || text === '[]') return '';
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** "in 5 hours", "3 minutes ago", in the page's language. */
export function relativeTime(iso: string | null, now = Date.now()): string {
  if (!iso) return '';
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return '';
  const seconds = Math.round((then - now) / 1000);
  const format = new Intl.RelativeTimeFormat(locale(), { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 45) return format.format(0, 'second');
  if (abs < 45 * 60) return format.format(Math.round(seconds / 60), 'minute');
  if (abs < 22 * 3600) return format.format(Math.round(seconds / 3600), 'hour');
  return format.format(Math.round(seconds / 86400), 'day');
}

/** How often a recurring action runs, in words. */
export function recurrenceText(seconds: number | null): string {
  if (!seconds) return t('Once');
  if (seconds % 86400 === 0) return seconds === 86400 ? t('Every day') : t('Every %s days', formatNumber(seconds / 86400));
  if (seconds % 3600 === 0) return seconds === 3600 ? t('Every hour') : t('Every %s hours', formatNumber(seconds / 3600));
  if (seconds % 60 === 0) return seconds === 60 ? t('Every minute') : t('Every %s minutes', formatNumber(seconds / 60));
  return seconds === 1 ? t('Every second') : t('Every %s seconds', formatNumber(seconds));
}

export function attemptsText(a: Pick<ScheduledAction, 'attempts' | 'max_attempts'>): string {
  return t('%1$s of %2$s', formatNumber(a.attempts), formatNumber(a.max_attempts));
}

export const canRun = (a: Pick<ScheduledAction, 'status'>) => a.status === 'pending' || a.status === 'failed';
export const canCancel = (a: Pick<ScheduledAction, 'status'>) => a.status === 'pending';

/**
 * Runs an action now or cancels it, for the list and the one-action screen alike: the action as the
 * server now has it, and what staff are told ("run now" only makes it due; a worker runs it).
 */
export async function runOrCancel(id: number, what: 'run' | 'cancel'): Promise<{ action: ScheduledAction; message: string }> {
  const action = await api<ScheduledAction>(`/cartwright/v1/actions/${id}/${what}`, { method: 'POST' });
  const message =
    what === 'run'
      ? t('Action #%1$s (%2$s) is due now; a worker will run it shortly.', String(action.id), action.hook)
      : action.recurrence
        ? t('Action #%1$s (%2$s) is canceled; it will not run again.', String(action.id), action.hook)
        : t('Action #%1$s (%2$s) is canceled.', String(action.id), action.hook);
  return { action, message };
}

/** Asks before canceling: a canceled action never runs, and a recurring one's series ends with it. */
export function CancelDialog(props: { action: ScheduledAction | null; busy: boolean; onConfirm: (a: ScheduledAction) => void; onClose: () => void }) {
  const a = props.action;
  return (
    <ConfirmDialog
      open={a !== null}
      title={a ? t('Cancel action #%s?', String(a.id)) : ''}
      confirmLabel={t('Cancel action')}
      cancelLabel={t('Keep it')}
      danger
      busy={props.busy}
      onConfirm={() => a && props.onConfirm(a)}
      onCancel={props.onClose}
    >
      {a ? (
        <p>
          {a.recurrence
            ? t('%s will not run, and will not be scheduled again. This cannot be undone.', a.hook)
            : t('%s will not run. This cannot be undone.', a.hook)}
        </p>
      ) : null}
    </ConfirmDialog>
  );
}
