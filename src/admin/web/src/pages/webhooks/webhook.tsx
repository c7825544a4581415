import { useLocation, useRoute } from 'preact-iso';
import { useState } from 'preact/hooks';
import { api, paging, request } from '../../api.ts';
import { formatNumber, t } from '../../i18n.ts';
import { Field } from '../../ui/field.tsx';
import { ErrorNotice, Loading, Notice } from '../../ui/notice.tsx';
import { Page, Section } from '../../ui/page.tsx';
import { Pager } from '../../ui/pager.tsx';
import { useQueryState } from '../../ui/query-state.ts';
import { Badge, Table } from '../../ui/table.tsx';
import { useAction } from '../../ui/use-action.ts';
import { useResource } from '../../ui/use-resource.ts';
import { useFieldErrors, useFocusFirstInvalid } from '../catalogue/shared.ts';
import { DeleteDialog, DoneNotice } from '../catalogue/shared-ui.tsx';
import { NotFoundPage } from '../not-found.tsx';
import { formatGmtSeconds, formatSeconds, TOPICS, topicLabel, WEBHOOK_STATUSES, webhookStatusLabel, WebhookStatusBadge, type Delivery, type Webhook, type WebhookStatus } from './webhooks-common.tsx';
import './webhooks.css';

/**
 * One webhook (`/admin/webhooks/new` to add one, `/admin/webhooks/<id>` to edit it): its name, status,
 * topic, delivery URL and secret, saved through wc/v3/webhooks with the server's refusals under their
 * fields; deleting it for good once confirmed; and its delivery log (…/deliveries), newest first,
 * each attempt opening onto the request's and the response's headers and the response's body.
 * `?created=1` says the webhook was just added; `?page=` is the log's page.
 */

interface WebhookForm {
  name: string;
  status: WebhookStatus;
  topic: string;
  delivery_url: string;
  secret: string;
}

const BLANK: WebhookForm = { name: '', status: 'active', topic: 'order.created', delivery_url: '', secret: '' };

const formOf = (w: Webhook): WebhookForm => ({ name: w.name, status: w.status, topic: w.topic, delivery_url: w.delivery_url, secret: w.secret ?? '' });

/** Refusals that name no parameter but are about one field. */
const FIELD_OF_CODE = {
  woocommerce_rest_shop_webhook_invalid_delivery_url: 'delivery_url',
  woocommerce_rest_shop_webhook_invalid_topic: 'topic',
  woocommerce_rest_shop_webhook_invalid_status: 'status',
};

export function WebhookPage() {
  const { params } = useRoute();
  const id = params.id ?? '';
  if (id !== 'new' && !/^\d+$/.test(id)) return <NotFoundPage />;
  // A new screen for each webhook: nothing typed for one is left over for the next.
  return <WebhookScreen key={id} id={id} />;
}

function WebhookScreen(props: { id: string }) {
  const creating = props.id === 'new';
  const id = Number(props.id);
  const { route } = useLocation();
  const [q, setQ] = useQueryState({ created: '', page: '1' });
  const loaded = useResource((signal) => (creating ? Promise.resolve(null) : api<Webhook>(`/wc/v3/webhooks/${id}`, { query: { context: 'edit' }, signal })), []);
  const [saved, setSaved] = useState<Webhook>();
  const webhook = saved ?? loaded.data ?? undefined;
  const [done, setDone] = useState<string>();
  const [confirming, setConfirming] = useState(false);
  const deletion = useAction();

  const remove = async () => {
    if (!webhook) return;
    const deleted = await deletion.run(() => api(`/wc/v3/webhooks/${id}`, { method: 'DELETE', query: { force: true } }).then(() => true));
    if (deleted) route(`/admin/webhooks?deleted=${encodeURIComponent(webhook.name)}`);
  };
  const notice = done ?? (q.created && webhook ? t('Webhook “%s” created.', webhook.name) : undefined);

  return (
    <div class="webhook-screen">
      <p class="webhooks-back">
        <a href="/admin/webhooks">{t('← All webhooks')}</a>
      </p>
      <Page
        title={creating ? t('Add webhook') : webhook ? t('Webhook “%s”', webhook.name) : t('Webhook')}
        actions={
          webhook ? (
            <button type="button" class="button button-danger" onClick={() => {
                deletion.reset();
                setConfirming(true);
              }}>
              {t('Delete permanently')}
            </button>
          ) : null
        }
      >
        <DoneNotice
          message={notice}
          onDismiss={() => {
            setDone(undefined);
            setQ({ created: '', page: q.page });
          }}
        />
        <ErrorNotice error={loaded.error} onRetry={loaded.error?.status === 404 ? undefined : loaded.reload} />
        {!creating && loaded.loading && !webhook ? <Loading /> : null}
        {webhook?.status === 'disabled' && webhook.failure_count > 0 ? (
          <Notice kind="warning">
            <p>{t('This webhook was disabled after %s failed deliveries in a row. Once the receiver works again, make it active and save.', formatNumber(webhook.failure_count))}</p>
          </Notice>
        ) : null}
        {creating || webhook ? (
          <Section title={t('Webhook data')} id="webhook-data">
            <WebhookEditor
              webhook={webhook}
              onSaved={(w) => {
                if (creating) return route(`/admin/webhooks/${w.id}?created=1`, true);
                setSaved(w);
                setQ({ created: '', page: q.page });
                setDone(t('Webhook “%s” saved.', w.name));
              }}
            />
          </Section>
        ) : null}
        {webhook ? <DeliveryLog webhookId={webhook.id} page={Math.max(1, Number(q.page) || 1)} onPage={(p) => setQ({ created: q.created, page: String(p) })} /> : null}
        <DeleteDialog
          open={confirming}
          title={t('Delete webhook “%s”?', webhook?.name ?? '')}
          confirmLabel={t('Delete webhook')}
          deletion={deletion}
          onConfirm={() => void remove()}
          onCancel={() => setConfirming(false)}
        >
          <p>{t('Nothing more will be sent to its delivery URL, and its delivery log goes with it. This cannot be undone.')}</p>
        </DeleteDialog>
      </Page>
    </div>
  );
}

/** The form of a new webhook (no `webhook`) or of an existing one; `onSaved` gets the server's answer. */
function WebhookEditor(props: { webhook: Webhook | undefined; onSaved: (w: Webhook) => void }) {
  const existing = props.webhook;
  const [form, setForm] = useState<WebhookForm>(existing ? formOf(existing) : BLANK);
  const save = useAction();
  const errors = useFieldErrors(save.error, FIELD_OF_CODE);
  const formRef = useFocusFirstInvalid(errors);
  const set = (changes: Partial<WebhookForm>) => setForm((f) => ({ ...f, ...changes }));

  const submit = async (e: Event) => {
    e.preventDefault();
    const body = { name: form.name.trim(), status: form.status, topic: form.topic, delivery_url: form.delivery_url.trim(), secret: form.secret };
    const answer = await save.run(() => api<Webhook>(existing ? `/wc/v3/webhooks/${existing.id}` : '/wc/v3/webhooks', { method: existing ? 'PUT' : 'POST', body }));
    if (!answer) return;
    setForm(formOf(answer));
    props.onSaved(answer);
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-labelledby="webhook-data">
      <ErrorNotice error={save.error} />
      <div class="form-grid">
        <Field id="webhook-name" label={t('Name')} hint={existing ? undefined : t('For staff only. Left empty, it is named after the date.')} error={errors.name}>
          {(c) => <input {...c} value={form.name} maxLength={191} onInput={(e) => set({ name: e.currentTarget.value })} />}
        </Field>
        <Field id="webhook-status" label={t('Status')} hint={t('Only an active webhook is delivered; a paused one keeps its settings.')} error={errors.status}>
          {(c) => (
            <select {...c} value={form.status} onChange={(e) => set({ status: e.currentTarget.value as WebhookStatus })}>
              {WEBHOOK_STATUSES.map((s) => (
                <option value={s}>{webhookStatusLabel(s)}</option>
              ))}
            </select>
          )}
        </Field>
        <Field id="webhook-topic" label={t('Topic')} hint={t('What is delivered: the order, product, coupon or customer as the API shows it.')} error={errors.topic}>
          {(c) => (
            <select {...c} value={form.topic} onChange={(e) => set({ topic: e.currentTarget.value })}>
              {(TOPICS as readonly string[]).includes(form.topic) ? null : <option value={form.topic}>{topicLabel(form.topic)}</option>}
              {TOPICS.map((topic) => (
                <option value={topic}>{topicLabel(topic)}</option>
              ))}
            </select>
          )}
        </Field>
        <Field id="webhook-url" label={t('Delivery URL')} hint={t('Where each delivery is POSTed, starting with http:// or https://.')} error={errors.delivery_url}>
          {(c) => <input {...c} type="url" inputMode="url" autocomplete="off" spellcheck={false} required value={form.delivery_url} onInput={(e) => set({ delivery_url: e.currentTarget.value })} />}
        </Field>
        <Field
          id="webhook-secret"
          label={t('Secret')}
          hint={existing ? t('Signs each delivery (the X-WC-Webhook-Signature header); the receiver checks it with the same secret. Left empty, the current one is kept.') : t('Signs each delivery (the X-WC-Webhook-Signature header). Left empty, one is generated.')}
          error={errors.secret}
        >
          {(c) => <input {...c} class="webhooks-secret" autocomplete="off" spellcheck={false} value={form.secret} onInput={(e) => set({ secret: e.currentTarget.value })} />}
        </Field>
      </div>
      {existing ? (
        <dl class="facts webhooks-facts">
          <dt>{t('Failures in a row')}</dt>
          <dd>{formatNumber(existing.failure_count)}</dd>
          <dt>{t('Created')}</dt>
          <dd>{formatGmtSeconds(existing.date_created_gmt)}</dd>
        </dl>
      ) : null}
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={save.busy}>
          {save.busy ? t('Saving…') : existing ? t('Save webhook') : t('Add webhook')}
        </button>
      </div>
    </form>
  );
}

const LOG_PER_PAGE = 20;

/** "HTTP 200 OK", or why no answer came ("No answer: ECONNREFUSED"). */
function deliverySummary(d: Delivery): string {
  return d.response_code !== '' ? `HTTP ${d.response_code} ${d.response_message}`.trim() : t('No answer: %s', d.response_message);
}

function Headers(props: { headers: Record<string, string> }) {
  const lines = Object.entries(props.headers).map(([name, value]) => `${name}: ${value}`);
  return lines.length ? <pre class="webhooks-pre">{lines.join('\n')}</pre> : <p class="webhooks-muted">{t('None')}</p>;
}

function DeliveryLog(props: { webhookId: number; page: number; onPage: (page: number) => void }) {
  const { webhookId, page } = props;
  const log = useResource(
    async (signal) => {
      const res = await request<Delivery[]>(`/wc/v3/webhooks/${webhookId}/deliveries`, { query: { page, per_page: LOG_PER_PAGE }, signal });
      return { deliveries: res.data, ...paging(res.headers) };
    },
    [webhookId, page],
  );
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const toggle = (id: number) =>
    setOpen((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <Section
      title={t('Delivery log')}
      id="delivery-log"
      actions={
        <button type="button" class="button" onClick={log.reload}>
          {t('Refresh')}
        </button>
      }
    >
      <p class="card-note webhooks-log-intro">{t('Every attempt, newest first (the last 100 are kept). A failed delivery is tried again later with the same delivery ID.')}</p>
      <ErrorNotice error={log.error} onRetry={log.reload} />
      {log.loading && !log.data ? <Loading /> : null}
      {log.data ? (
        log.data.deliveries.length === 0 ? (
          <p class="webhooks-empty">{t('Nothing delivered yet.')}</p>
        ) : (
          <div class="webhooks-log" aria-busy={log.loading}>
            <Table caption={t('Delivery log')}>
              <thead>
                <tr>
                  <th scope="col">{t('Date')}</th>
                  <th scope="col">{t('Result')}</th>
                  <th scope="col">{t('Topic')}</th>
                  <th scope="col" class="num">
                    {t('Duration')}
                  </th>
                  <th scope="col" class="num">
                    {t('Attempt')}
                  </th>
                  <th scope="col">{t('Delivery ID')}</th>
                  <th scope="col">
                    <span class="visually-hidden">{t('Details')}</span>
                  </th>
                </tr>
              </thead>
              {log.data.deliveries.map((d) => {
                const expanded = open.has(d.id);
                const date = formatGmtSeconds(d.date_created_gmt);
                return (
                  <tbody key={d.id} class="webhooks-delivery">
                    <tr>
                      <td class="webhooks-nowrap">{date}</td>
                      <td>
                        <span class="webhooks-result">
                          <Badge tone={d.success ? 'good' : 'bad'}>{d.success ? t('Delivered') : t('Failed')}</Badge> <span>{deliverySummary(d)}</span>
                        </span>
                      </td>
                      <td>
                        {topicLabel(d.topic)}
                        {d.resource_id ? <span class="webhooks-muted"> #{d.resource_id}</span> : null}
                      </td>
                      <td class="num webhooks-nowrap">{formatSeconds(d.duration)}</td>
                      <td class="num">{formatNumber(d.attempt)}</td>
                      <td>
                        <code class="webhooks-delivery-id" title={d.delivery_id}>
                          {d.delivery_id.slice(0, 8)}
                        </code>
                      </td>
                      <td>
                        <button type="button" class="button" aria-expanded={expanded} aria-controls={`delivery-${d.id}`} onClick={() => toggle(d.id)}>
                          {expanded ? t('Hide details') : t('Details')}
                          <span class="visually-hidden"> {t('of the attempt at %s', date)}</span>
                        </button>
                      </td>
                    </tr>
                    <tr id={`delivery-${d.id}`} class="webhooks-details-row" hidden={!expanded}>
                      {expanded ? (
                        <td colSpan={7}>
                          <div class="webhooks-details">
                            <div>
                              <h3>{t('Request')}</h3>
                              <p class="webhooks-request-line">
                                <code>POST {d.request_url}</code>
                              </p>
                              <p>
                                {t('Delivery ID')} <code class="webhooks-delivery-id">{d.delivery_id}</code>
                              </p>
                              <h4>{t('Headers')}</h4>
                              <Headers headers={d.request_headers} />
                            </div>
                            <div>
                              <h3>{t('Response')}</h3>
                              <p>{deliverySummary(d)}</p>
                              <h4>{t('Headers')}</h4>
                              <Headers headers={d.response_headers} />
                              <h4>{t('Body')}</h4>
                              {d.response_body ? <pre class="webhooks-pre">{d.response_body}</pre> : <p class="webhooks-muted">{t('Empty')}</p>}
                            </div>
                          </div>
                        </td>
                      ) : null}
                    </tr>
                  </tbody>
                );
              })}
            </Table>
          </div>
        )
      ) : null}
      {log.data ? <Pager page={page} totalPages={log.data.totalPages} total={log.data.total} onPage={props.onPage} /> : null}
    </Section>
  );
}
