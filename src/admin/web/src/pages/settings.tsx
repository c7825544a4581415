import { useEffect, useRef, useState } from 'preact/hooks';
import type { Settings } from '../../../../settings/schema.ts';
import { api } from '../api.ts';
import { currentStaff, isAdministrator, setStaff } from '../auth.ts';
import { t } from '../i18n.ts';
import { ConfirmDialog } from '../ui/confirm.tsx';
import { ErrorNotice, Loading, Notice, type NoticeKind } from '../ui/notice.tsx';
import { Page } from '../ui/page.tsx';
import { useQueryState } from '../ui/query-state.ts';
import { useAction } from '../ui/use-action.ts';
import { useResource } from '../ui/use-resource.ts';
import { fieldsOf, SECTIONS as ALL_SECTIONS, SettingField, toForm, toPayload, type FormValue } from './setting-field.tsx';
import { GROUPS, SECTION_TEXT, type FieldName, type SectionName } from './settings-fields.ts';
import './settings.css';

/**
 * Settings (cocart/settings, administrators only): every setting of the schema, a section at a time
 * (`?section=tax`), each with the control its schema calls for. A save sends only the fields that
 * changed; the server stores all of them or none, and says why each refused one is wrong, in the
 * page's language, under that field. Edits in other sections are kept until saved or undone. The
 * payment settings have a screen of their own (Payments), which the section links lead to.
 */

const SECTIONS: SectionName[] = ALL_SECTIONS.filter((s) => s !== 'payments');

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function without<T>(record: Record<string, T>, keys: string[]): Record<string, T> {
  const next = { ...record };
  for (const k of keys) delete next[k];
  return next;
}

const storedValue = (settings: Settings, section: SectionName, field: string): unknown => (settings[section] as Record<string, unknown>)[field];

/** The fields of a section whose edited value differs from the stored one, as the API takes them. */
function changesIn(section: SectionName, settings: Settings, drafts: Record<string, FormValue>): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const field of fieldsOf(section)) {
    if (!(field in drafts)) continue;
    const value = toPayload(field, drafts[field]);
    if (!same(value, storedValue(settings, section, field))) changes[field] = value;
  }
  return changes;
}

export function SettingsPage() {
  const admin = isAdministrator();
  const settings = useResource((signal) => (admin ? api<Settings>('/cocart/settings/get', { signal }) : Promise.resolve(undefined)), [admin]);
  const denied = !admin || settings.error?.status === 403;
  return (
    <Page title={t('Settings')}>
      {denied ? (
        <ReadOnlyNotice />
      ) : (
        <>
          <ErrorNotice error={settings.error} onRetry={settings.reload} />
          {settings.loading && !settings.data ? <Loading /> : null}
          {settings.data ? <SettingsEditor initial={settings.data} /> : null}
        </>
      )}
    </Page>
  );
}

/** What a shop manager sees: why there is no form, and where the summary is. */
function ReadOnlyNotice() {
  return (
    <Notice kind="info">
      <p>
        <strong>{t('Only administrators can see and change the store’s settings.')}</strong>
      </p>
      <p>{t('Shop managers can look at a summary of them on the System status screen; ask an administrator to change one.')}</p>
      <p>
        <a href="/admin/status">{t('Go to the System status')}</a>
      </p>
    </Notice>
  );
}

/**
 * The dashboard sends the store's access token while the store requires one (api.ts): kept in step
 * with what was just saved, so that the Sessions screens go on working after a change here.
 */
function keepAccessToken(settings: Settings): void {
  const staff = currentStaff();
  if (!staff) return;
  const accessToken = settings.general.require_access_token && settings.general.access_token ? settings.general.access_token : undefined;
  if (staff.accessToken !== accessToken) setStaff({ ...staff, accessToken });
}

interface Status {
  kind: NoticeKind;
  text: string;
}

function SettingsEditor(props: { initial: Settings }) {
  const [q] = useQueryState({ section: 'store' });
  const section: SectionName = SECTIONS.includes(q.section as SectionName) ? (q.section as SectionName) : 'store';
  const [stored, setStored] = useState<Settings>(props.initial);
  const [drafts, setDrafts] = useState<Record<string, FormValue>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<Status>();
  const action = useAction();
  const busy = action.busy;
  /** The fields of the section being saved, whose old reasons a new answer replaces. */
  const saving = useRef<string[]>([]);
  const [confirmToken, setConfirmToken] = useState(false);
  const [invalidSave, setInvalidSave] = useState(0);
  const form = useRef<HTMLFormElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const firstSection = useRef(true);

  const dirty = (s: SectionName) => Object.keys(changesIn(s, stored, drafts)).length > 0;
  const anyDirty = SECTIONS.some(dirty);

  // Another section: its heading takes the focus (the content under the links changed), old messages go.
  useEffect(() => {
    setStatus(undefined);
    action.reset();
    if (firstSection.current) firstSection.current = false;
    else heading.current?.focus();
  }, [section]);

  // The server refused values: each reason goes under its field (kept there until that section is saved again).
  const refusal = action.error?.code === 'cocart_rest_value_invalid' && Object.keys(action.error.fieldErrors).length ? action.error : undefined;
  useEffect(() => {
    if (!refusal) return;
    const refused = refusal.fieldErrors;
    setErrors((errs) => ({ ...without(errs, saving.current), ...refused }));
    const count = Object.keys(refused).length;
    setStatus({ kind: 'error', text: count === 1 ? t('Nothing was saved: one setting needs correcting.') : t('Nothing was saved: %d settings need correcting.', count) });
    setInvalidSave((n) => n + 1);
  }, [refusal]);

  // Refused fields: the first one takes the focus, its reason read out with it.
  useEffect(() => {
    if (invalidSave) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [invalidSave]);

  // Leaving the page with unsaved edits asks first.
  useEffect(() => {
    if (!anyDirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    addEventListener('beforeunload', warn);
    return () => removeEventListener('beforeunload', warn);
  }, [anyDirty]);

  const value = (field: string): FormValue => (field in drafts ? drafts[field] : toForm(field, storedValue(stored, section, field)));
  const edit = (field: string, next: FormValue) => {
    setDrafts((d) => ({ ...d, [field]: next }));
    setStatus(undefined);
  };

  const save = async (e: Event) => {
    e.preventDefault();
    const fields = fieldsOf(section);
    const changes = changesIn(section, stored, drafts);
    action.reset();
    if (!Object.keys(changes).length) {
      setErrors((errs) => without(errs, fields));
      setStatus({ kind: 'info', text: t('Nothing to save: no setting in this section has changed.') });
      return;
    }
    setStatus(undefined);
    saving.current = fields;
    const next = await action.run(() => api<Settings>('/cocart/settings/save', { method: 'POST', body: changes }));
    if (!next) return;
    setStored(next);
    keepAccessToken(next);
    setDrafts((d) => without(d, fields));
    setErrors((errs) => without(errs, fields));
    const count = Object.keys(changes).length;
    setStatus({ kind: 'success', text: count === 1 ? t('Setting saved.') : t('%d settings saved.', count) });
  };

  const undo = () => {
    const fields = fieldsOf(section);
    setDrafts((d) => without(d, fields));
    setErrors((errs) => without(errs, fields));
    action.reset();
    setStatus({ kind: 'info', text: t('Changes undone.') });
  };

  const generateToken = async () => {
    setConfirmToken(false);
    setStatus(undefined);
    const generated = await action.run(() => api<{ access_token: string }>('/cocart/settings/access-token', { method: 'POST' }));
    if (!generated) return;
    const next = { ...stored, general: { ...stored.general, access_token: generated.access_token } };
    setStored(next);
    keepAccessToken(next);
    setDrafts((d) => without(d, ['access_token']));
    setErrors((errs) => without(errs, ['access_token']));
    setStatus({ kind: 'success', text: t('A new access token was generated and saved.') });
    form.current?.querySelector<HTMLInputElement>('#setting-access_token')?.focus();
  };

  const fields = fieldsOf(section);
  const grouped = new Set((GROUPS[section] ?? []).flatMap((g) => g.fields as string[]));
  const loose = fields.filter((f) => !grouped.has(f));
  const renderField = (field: FieldName) => (
    <SettingField
      key={field}
      section={section}
      field={field}
      value={value(field)}
      error={errors[field]}
      onChange={(next) => edit(field, next)}
      extra={
        field === 'access_token' ? (
          <button type="button" class="button" disabled={busy} onClick={() => (stored.general.access_token ? setConfirmToken(true) : void generateToken())}>
            {t('Generate a new token')}
          </button>
        ) : null
      }
    />
  );

  return (
    <div class="settings">
      <nav class="settings-nav" aria-label={t('Settings sections')}>
        <ul>
          {SECTIONS.map((s) => {
            const unsaved = dirty(s);
            const invalid = fieldsOf(s).some((f) => errors[f]);
            return (
              <li key={s}>
                <a href={s === 'store' ? '/admin/settings' : `/admin/settings?section=${s}`} aria-current={s === section ? 'page' : undefined}>
                  {SECTION_TEXT[s].title()}
                  {invalid ? (
                    <span class="settings-mark settings-mark-invalid" title={t('needs correcting')}>
                      <span aria-hidden="true">!</span>
                      <span class="visually-hidden"> ({t('needs correcting')})</span>
                    </span>
                  ) : unsaved ? (
                    <span class="settings-mark" title={t('unsaved changes')}>
                      <span aria-hidden="true">•</span>
                      <span class="visually-hidden"> ({t('unsaved changes')})</span>
                    </span>
                  ) : null}
                </a>
              </li>
            );
          })}
          <li>
            <a href="/admin/payments">{t('Payments')}</a>
          </li>
        </ul>
      </nav>

      <form ref={form} class="card settings-form" aria-labelledby="settings-section-title" noValidate onSubmit={save}>
        <div class="card-head">
          <h2 id="settings-section-title" ref={heading} tabIndex={-1}>
            {SECTION_TEXT[section].title()}
          </h2>
        </div>
        <p class="settings-intro">{SECTION_TEXT[section].intro()}</p>
        {(GROUPS[section] ?? []).map((group) => (
          <fieldset class="settings-group" key={group.legend()}>
            <legend>{group.legend()}</legend>
            <div class="form-grid">{(group.fields as FieldName[]).map(renderField)}</div>
          </fieldset>
        ))}
        {loose.length ? <div class="form-grid">{loose.map(renderField)}</div> : null}
        <ErrorNotice error={refusal ? undefined : action.error} />
        <div class="form-actions settings-actions">
          <button type="submit" class="button button-primary" disabled={busy}>
            {busy ? t('Saving…') : t('Save changes')}
          </button>
          {dirty(section) ? (
            <button type="button" class="button" disabled={busy} onClick={undo}>
              {t('Undo changes')}
            </button>
          ) : null}
          <div class="settings-status" role="status">
            {status ? (
              <Notice kind={status.kind} inLiveRegion onDismiss={() => setStatus(undefined)}>
                <p>{status.text}</p>
              </Notice>
            ) : null}
          </div>
        </div>
      </form>

      <ConfirmDialog
        open={confirmToken}
        title={t('Generate a new access token?')}
        confirmLabel={t('Generate a new token')}
        busy={busy}
        onConfirm={() => void generateToken()}
        onCancel={() => setConfirmToken(false)}
      >
        <p>{t('The new token replaces the current one at once: apps that send the current token can no longer use the Sessions API while the token is required.')}</p>
      </ConfirmDialog>
    </div>
  );
}
