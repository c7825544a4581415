import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../api.ts';
import { isAdministrator } from '../auth.ts';
import { t } from '../i18n.ts';
import { ErrorNotice, Loading, Notice } from '../ui/notice.tsx';
import { Page } from '../ui/page.tsx';
import { useQueryState } from '../ui/query-state.ts';
import { Badge, Table } from '../ui/table.tsx';
import { useAction } from '../ui/use-action.ts';
import { useResource } from '../ui/use-resource.ts';
import { DoneNotice } from './catalogue/shared-ui.tsx';
import { SettingField, toForm, toPayload, type FormValue } from './setting-field.tsx';
import { FIELD_TEXT, GROUPS, type FieldName, type FieldText } from './settings-fields.ts';
import './payments.css';

/**
 * Payments (wc/v3/payment_gateways): the ways shoppers may pay, in the order they are offered, each
 * with whether it is on and whether it can be used at all (Stripe needs a secret key: stored here or
 * in STRIPE_SECRET_KEY on the server, as the server reports it). Administrators turn a gateway on or
 * off from the list and change its settings in the editor below it (`?gateway=cod`); the server stores
 * them as the store's payment settings and explains any refusal under its field. Shop managers see the
 * list only, as they see no settings.
 */

interface GatewaySetting {
  id: string;
  label: string;
  type: string;
  value: string | string[];
  overridden_by?: string;
}

interface Gateway {
  id: string;
  title: string;
  description: string;
  order: number;
  enabled: boolean;
  method_title: string;
  method_description: string;
  method_supports: string[];
  settings: Record<string, GatewaySetting>;
  needs_setup: boolean;
}

/** The stored setting a gateway's field is: `cod` + `title` → `cod_title`. */
const fieldOf = (gateway: string, id: string) => `${gateway}_${id}` as FieldName<'payments'>;

/**
 * A gateway's name and what it does, in the page's language where the dashboard knows the gateway (the
 * legend of its settings and the hint of its on/off switch, as the Settings screen words them), else
 * as the server gives them.
 */
function gatewayName(g: Gateway): string {
  return (GROUPS.payments ?? []).find((group) => (group.fields as string[]).includes(`${g.id}_enabled`))?.legend() ?? g.method_title;
}

function gatewayDescription(g: Gateway): string {
  return (FIELD_TEXT.payments as Record<string, FieldText | undefined>)[`${g.id}_enabled`]?.hint?.() ?? g.method_description;
}

/** A gateway's value as wc/v3 writes it ("yes", a list, text), as the stored setting has it. */
const fromWire = (setting: GatewaySetting) => (setting.type === 'checkbox' ? setting.value === 'yes' : setting.value);

function StatusBadges(props: { gateway: Gateway }) {
  const g = props.gateway;
  return (
    <>
      {g.enabled ? <Badge tone="good">{t('Enabled')}</Badge> : <Badge>{t('Disabled')}</Badge>}
      {g.needs_setup ? (
        <>
          {' '}
          <Badge tone={g.enabled ? 'bad' : 'warn'}>{t('Needs setup')}</Badge>
        </>
      ) : null}
    </>
  );
}

/** Why a gateway is not usable, in words, with what would make it so. */
function setupText(g: Gateway): string {
  if (g.id === 'stripe') {
    return g.enabled
      ? t('Stripe is enabled, but shoppers are not offered it: it has no secret key. Set STRIPE_SECRET_KEY on the server, or enter the key in its settings.')
      : t('Stripe cannot take payments until it has a secret key: set STRIPE_SECRET_KEY on the server, or enter the key in its settings.');
  }
  return t('%s needs setting up before shoppers can be offered it.', gatewayName(g));
}

export function PaymentsPage() {
  const admin = isAdministrator();
  const [q, setQ] = useQueryState({ gateway: '' });
  const list = useResource((signal) => api<Gateway[]>('/wc/v3/payment_gateways', { signal }), []);
  const [done, setDone] = useState<string>();
  const toggling = useAction();
  const [target, setTarget] = useState<string>();

  const toggle = async (g: Gateway) => {
    setTarget(g.id);
    setDone(undefined);
    const saved = await toggling.run(() => api<Gateway>(`/wc/v3/payment_gateways/${g.id}`, { method: 'PUT', body: { enabled: !g.enabled } }));
    if (!saved) return;
    setDone(saved.enabled ? t('“%s” is enabled: shoppers may choose it.', gatewayName(saved)) : t('“%s” is disabled: shoppers are no longer offered it.', gatewayName(saved)));
    list.reload();
  };

  const editing = admin ? list.data?.find((g) => g.id === q.gateway) : undefined;
  return (
    <Page title={t('Payments')}>
      <p class="payments-intro">{t('The ways shoppers may pay, in the order they are offered them at checkout.')}</p>
      {!admin ? (
        <Notice kind="info">
          <p>{t('Only administrators can turn payment methods on or off and change their settings.')}</p>
        </Notice>
      ) : null}
      <DoneNotice message={done} onDismiss={() => setDone(undefined)} />
      <ErrorNotice error={toggling.error} />
      <ErrorNotice error={list.error} onRetry={list.reload} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        <div aria-busy={list.loading}>
          <Table caption={t('Payment methods')}>
            <thead>
              <tr>
                <th scope="col">{t('Method')}</th>
                <th scope="col">{t('Status')}</th>
                <th scope="col">{t('Description')}</th>
                {admin ? (
                  <th scope="col">
                    <span class="visually-hidden">{t('Actions')}</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {list.data.map((g) => (
                <tr key={g.id}>
                  <td>
                    <strong>{gatewayName(g)}</strong>
                    {g.title && g.title !== gatewayName(g) ? <span class="payments-muted payments-block">{t('Shoppers see “%s”', g.title)}</span> : null}
                  </td>
                  <td class="payments-nowrap">
                    <StatusBadges gateway={g} />
                    {g.needs_setup ? <span class="payments-muted payments-block payments-setup">{setupText(g)}</span> : null}
                  </td>
                  <td class="payments-muted">{gatewayDescription(g)}</td>
                  {admin ? (
                    <td>
                      <div class="payments-row-actions">
                        <button type="button" class="button" disabled={toggling.busy && target === g.id} onClick={() => void toggle(g)}>
                          {g.enabled ? t('Disable') : t('Enable')}
                          <span class="visually-hidden"> {gatewayName(g)}</span>
                        </button>
                        <a class="button" href={`/admin/payments?gateway=${g.id}`} aria-current={q.gateway === g.id ? 'true' : undefined} onClick={() => setDone(undefined)}>
                          {t('Manage')}
                          <span class="visually-hidden"> {gatewayName(g)}</span>
                        </a>
                      </div>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      ) : null}
      {editing ? (
        <GatewayEditor
          key={editing.id}
          gateway={editing}
          onClose={(message) => {
            setQ({ gateway: '' });
            if (message) {
              setDone(message);
              list.reload();
            }
          }}
        />
      ) : null}
    </Page>
  );
}

/** The fields the editor shows for a gateway, grouped as the Settings screen groups the payment settings. */
function editorGroups(g: Gateway): { legend: string; fields: { id: string; field: FieldName<'payments'> }[] }[] {
  const own = new Set(['enabled', 'description']);
  return (GROUPS.payments ?? [])
    .map((group) => ({
      legend: group.legend(),
      fields: group.fields
        .filter((field) => field.startsWith(`${g.id}_`))
        .map((field) => ({ id: field.slice(g.id.length + 1), field }))
        .filter(({ id }) => own.has(id) || id in g.settings),
    }))
    .filter((group) => group.fields.length > 0);
}

/** A field's value as the gateway has it now. */
function currentValue(g: Gateway, id: string): unknown {
  if (id === 'enabled') return g.enabled;
  if (id === 'description') return g.description;
  return fromWire(g.settings[id]);
}

function GatewayEditor(props: { gateway: Gateway; onClose: (message?: string) => void }) {
  const g = props.gateway;
  const groups = useMemo(() => editorGroups(g), [g]);
  const fields = groups.flatMap((group) => group.fields);
  const initial = useMemo(() => Object.fromEntries(fields.map(({ id, field }) => [field, toForm(field, currentValue(g, id))])) as Record<string, FormValue>, [g]);
  const [values, setValues] = useState(initial);
  const save = useAction();
  const errors = useMemo(() => {
    const byId = save.error?.fieldErrors ?? {};
    return Object.fromEntries(Object.entries(byId).map(([id, reason]) => [fieldOf(g.id, id.replace(/^settings\[(.*)\]$/, '$1')), reason]));
  }, [save.error]);
  useEffect(() => document.getElementById('gateway-editor-title')?.focus(), [g.id]);

  const submit = async (e: Event) => {
    e.preventDefault();
    const body: { enabled?: boolean; description?: string; settings: Record<string, unknown> } = { settings: {} };
    for (const { id, field } of fields) {
      const value = toPayload(field, values[field]);
      if (JSON.stringify(value) === JSON.stringify(toPayload(field, initial[field]))) continue;
      if (id === 'enabled') body.enabled = value as boolean;
      else if (id === 'description') body.description = value as string;
      else body.settings[id] = typeof value === 'boolean' ? (value ? 'yes' : 'no') : value;
    }
    if (body.enabled === undefined && body.description === undefined && !Object.keys(body.settings).length) {
      props.onClose(t('Nothing to save: no setting of “%s” has changed.', gatewayName(g)));
      return;
    }
    const saved = await save.run(() => api<Gateway>(`/wc/v3/payment_gateways/${g.id}`, { method: 'PUT', body }));
    if (saved) props.onClose(t('The settings of “%s” are saved.', gatewayName(saved)));
  };

  return (
    <form class="card payments-editor" aria-labelledby="gateway-editor-title" noValidate onSubmit={submit}>
      <div class="card-head">
        <h2 id="gateway-editor-title" tabIndex={-1}>
          {t('%s settings', gatewayName(g))}
        </h2>
      </div>
      {g.needs_setup ? (
        <Notice kind="warning">
          <p>{setupText(g)}</p>
        </Notice>
      ) : null}
      {groups.map((group) => (
        <fieldset class="settings-group" key={group.legend}>
          <legend>{group.legend}</legend>
          <div class="form-grid">
            {group.fields.map(({ id, field }) => {
              const env = g.settings[id]?.overridden_by;
              return (
                <SettingField
                  key={field}
                  section="payments"
                  field={field}
                  value={values[field]}
                  error={errors[field]}
                  onChange={(next) => setValues((v) => ({ ...v, [field]: next }))}
                  extra={env ? <p class="payments-env">{t('%s is set on the server and is used instead of this one.', env)}</p> : null}
                />
              );
            })}
          </div>
        </fieldset>
      ))}
      <ErrorNotice error={save.error} />
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={save.busy}>
          {save.busy ? t('Saving…') : t('Save changes')}
        </button>
        <button type="button" class="button" onClick={() => props.onClose()}>
          {t('Cancel')}
        </button>
      </div>
    </form>
  );
}
