import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { ApiError } from '../api.ts';
import { currentStaff, setStaff } from '../auth.ts';
import { t } from '../i18n.ts';

export type NoticeKind = 'info' | 'success' | 'warning' | 'error';

/**
 * A message above the content; errors are announced at once, the rest politely. `inLiveRegion`: the
 * notice is shown inside a live region that is always on the page (the surest way to have a message
 * read out), which announces it, so it takes no role of its own.
 */
export function Notice(props: { kind: NoticeKind; children: ComponentChildren; onDismiss?: () => void; dismissLabel?: string; inLiveRegion?: boolean }) {
  return (
    <div class={`notice notice-${props.kind}`} role={props.inLiveRegion ? undefined : props.kind === 'error' ? 'alert' : 'status'}>
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
      {needsAccessToken(props.error) ? (
        <AccessTokenForm onSaved={props.onRetry} />
      ) : props.onRetry ? (
        <button type="button" class="button" onClick={props.onRetry}>
          {t('Try again')}
        </button>
      ) : null}
    </Notice>
  );
}

/** The store requires an access token for this route, and none (or a wrong one) was sent. */
function needsAccessToken(error: ApiError): boolean {
  return error.code === 'cocart_rest_invalid_token' || (error.code === 'cocart_rest_permission_denied' && Boolean(currentStaff()?.accessToken));
}

/** Asks for the store's access token, keeps it for this tab's sign-in, and tries again. */
function AccessTokenForm(props: { onSaved?: () => void }) {
  const [token, setToken] = useState('');
  return (
    <form
      class="search-form"
      onSubmit={(e) => {
        e.preventDefault();
        const staff = currentStaff();
        if (staff && token.trim()) setStaff({ ...staff, accessToken: token.trim() });
        props.onSaved?.();
      }}
    >
      <label for="access-token">{t('The store requires an access token for this screen:')}</label>
      <input id="access-token" value={token} onInput={(e) => setToken(e.currentTarget.value)} autocomplete="off" spellcheck={false} required />
      <button type="submit" class="button button-primary">
        {t('Use this token')}
      </button>
    </form>
  );
}

export function Loading(props: { label?: string }) {
  return (
    <p class="loading" role="status">
      {props.label ?? t('Loading…')}
    </p>
  );
}
