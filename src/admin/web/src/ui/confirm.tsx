import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import { t } from '../i18n.ts';

/**
 * A modal question (the browser's <dialog>: focus is kept inside, Escape cancels). Shown while `open`.
 * `cancelLabel` names the way out when "Cancel" would be ambiguous (cancelling a scheduled action, say).
 */
export function ConfirmDialog(props: { open: boolean; title: string; children?: ComponentChildren; confirmLabel: string; cancelLabel?: string; danger?: boolean; busy?: boolean; onConfirm: () => void; onCancel: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  // Its own id: a screen may hold several dialogs (a product's trash and a variation's deletion).
  const titleId = useId();
  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (props.open && !el.open) el.showModal();
    if (!props.open && el.open) el.close();
  }, [props.open]);
  return (
    <dialog ref={dialog} class="dialog" aria-labelledby={titleId} onCancel={(e) => { e.preventDefault(); props.onCancel(); }}>
      <h2 id={titleId}>{props.title}</h2>
      {props.children}
      <div class="dialog-actions">
        <button type="button" class="button" onClick={props.onCancel}>
          {props.cancelLabel ?? t('Cancel')}
        </button>
        <button type="button" class={`button ${props.danger ? 'button-danger' : 'button-primary'}`} disabled={props.busy} onClick={props.onConfirm}>
          {props.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
