import type { ComponentChildren } from 'preact';
import type { ApiError } from '../api.ts';
import { t } from '../i18n.ts';

export type NoticeKind = 'info' | 'success' | 'warning' | 'error';

/** A message above the content; errors are announced at once, the rest politely. */
export function Notice(props: { kind: NoticeKind; children: ComponentChildren; onDismiss?: () => void; dismissLabel?: string }) {
  return (
    <div class={`notice notice-${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'}>
      <div class="notice-body">{props.children}</div>
      {props.onDismiss ? (
        <button type="button" class="notice-dismiss" onClick={props.onDismiss} aria-label={props.dismissLabel ?? t('Dismiss this notice')}>
          <span aria-hidden="true">×</span>
        </button>
      ) : null}
    </div>
  );
}

/** What went wrong, in the server's words, with its code for a support request. */
export function ErrorNotice(props: { error: ApiError | undefined; onRetry?: () => void }) {
  if (!props.error) return null;
  return (
    <Notice kind="error">
      <p>
        {props.error.message} <code class="error-code">{props.error.code}</code>
      </p>
      {props.onRetry ? (
        <button type="button" class="button" onClick={props.onRetry}>
          {t('Try again')}
        </button>
      ) : null}
    </Notice>
  );
}

export function Loading(props: { label?: string }) {
  return (
    <p class="loading" role="status">
      {props.label ?? t('Loading…')}
    </p>
  );
}
