import type { ComponentChildren } from 'preact';
import { t } from '../../i18n.ts';
import { ConfirmDialog } from '../../ui/confirm.tsx';
import { ErrorNotice, Notice } from '../../ui/notice.tsx';
import type { Action } from '../../ui/use-action.ts';
import { useFocusOn } from './shared.ts';

/**
 * What the catalogue screens show alike (shared.ts has the rest): the notice of what was done, the
 * question before deleting, a row's buttons, a form's save button.
 */

/** What was just done ("Coupon … deleted."), focused when it appears so that it is read out; dismissible. */
export function DoneNotice(props: { message: string | undefined; onDismiss: () => void }) {
  const ref = useFocusOn<HTMLDivElement>(props.message);
  if (!props.message) return null;
  return (
    <div ref={ref} tabIndex={-1} class="cat-focus-target">
      <Notice kind="success" onDismiss={props.onDismiss}>
        <p>{props.message}</p>
      </Notice>
    </div>
  );
}

/** Asks before deleting something for good; `deletion` is the useAction that deletes it: its button waits, its failure shows here. */
export function DeleteDialog(props: { open: boolean; title: string; confirmLabel: string; deletion: Pick<Action, 'busy' | 'error'>; onConfirm: () => void; onCancel: () => void; children: ComponentChildren }) {
  return (
    <ConfirmDialog
      open={props.open}
      title={props.title}
      confirmLabel={props.deletion.busy ? t('Deleting…') : props.confirmLabel}
      danger
      busy={props.deletion.busy}
      onConfirm={props.onConfirm}
      onCancel={props.onCancel}
    >
      {props.children}
      <ErrorNotice error={props.deletion.error} />
    </ConfirmDialog>
  );
}

/** A form's submit button, which waits while it saves, and "Saved." beside it once it has. */
export function SaveActions(props: { busy: boolean; saved: boolean; label?: string }) {
  return (
    <div class="form-actions">
      <button type="submit" class="button button-primary" disabled={props.busy}>
        {props.busy ? t('Saving…') : (props.label ?? t('Save'))}
      </button>
      {props.saved ? (
        <Notice kind="success">
          <p>{t('Saved.')}</p>
        </Notice>
      ) : null}
    </div>
  );
}

/** A button acting on one row of a list ("Edit", "Delete" …), its accessible name completed with the row's ("Edit save10"). */
export function RowButton(props: { label: string; name: string; onClick: () => void; danger?: boolean; disabled?: boolean; expanded?: boolean; controls?: string }) {
  return (
    <button
      type="button"
      class={props.danger ? 'button button-danger' : 'button'}
      disabled={props.disabled}
      aria-expanded={props.expanded}
      aria-controls={props.controls}
      onClick={props.onClick}
    >
      {props.label}
      <span class="visually-hidden"> {props.name}</span>
    </button>
  );
}
