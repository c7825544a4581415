import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, type ApiError } from '../../api.ts';
import { countryName, t } from '../../i18n.ts';
import { Field } from '../../ui/field.tsx';
import { ErrorNotice, Loading, Notice } from '../../ui/notice.tsx';
import { Page, Section } from '../../ui/page.tsx';
import { useQueryState } from '../../ui/query-state.ts';
import { Badge, Table } from '../../ui/table.tsx';
import { useAction } from '../../ui/use-action.ts';
import { useResource } from '../../ui/use-resource.ts';
import { amountInput, formatCost, formatPrice, useFieldErrors, useFocusFirstInvalid, useFocusOn, useStoreSettings } from './shared.ts';
import { DeleteDialog, DoneNotice } from './shared-ui.tsx';
import './catalogue.css';

/**
 * Shipping zones (wc/v3/shipping/zones): every zone with its regions and methods; one zone at a time
 * (`?zone=<id>`) to rename it, change its regions, add, edit (title, enabled, cost …) and delete its
 * methods, or delete it. Zone 0 covers the addresses no other zone does: it keeps its name and has no
 * regions, as in WooCommerce.
 */

interface Zone {
  id: number;
  name: string;
  order: number;
}

type RegionType = 'country' | 'state' | 'continent' | 'postcode';

interface Region {
  code: string;
  type: RegionType;
}

interface SettingField {
  id: string;
  label: string;
  type: string;
  value: string;
  options?: Record<string, string>;
}

type MethodId = 'flat_rate' | 'free_shipping' | 'local_pickup';

interface Method {
  instance_id: number;
  title: string;
  order: number;
  enabled: boolean;
  method_id: MethodId;
  settings: Record<string, SettingField>;
}

interface ZoneDetails {
  zone: Zone;
  regions: Region[];
  methods: Method[];
}

const METHOD_IDS: MethodId[] = ['flat_rate', 'free_shipping', 'local_pickup'];

const methodTypeLabel = (id: string): string => ({ flat_rate: t('Flat rate'), free_shipping: t('Free shipping'), local_pickup: t('Local pickup') })[id] ?? id;

const zoneName = (z: Zone): string => (z.id === 0 ? t('Locations not covered by your other zones') : z.name);

const CONTINENTS: Record<string, () => string> = {
  AF: () => t('Africa'),
  AN: () => t('Antarctica'),
  AS: () => t('Asia'),
  EU: () => t('Europe'),
  NA: () => t('North America'),
  OC: () => t('Oceania'),
  SA: () => t('South America'),
};

function regionLabel(r: Region): string {
  switch (r.type) {
    case 'country':
      return countryName(r.code);
    case 'continent':
      return CONTINENTS[r.code]?.() ?? r.code;
    case 'state': {
      const [country, state] = r.code.split(':');
      return t('%1$s, %2$s', state, countryName(country));
    }
    default:
      return t('Postcode %s', r.code);
  }
}

const setting = (m: Method, key: string): string => m.settings[key]?.value ?? '';

/** What a method costs, in a few words. */
function costSummary(m: Method, currency: string | undefined): string {
  if (m.method_id === 'free_shipping') {
    const min = formatPrice(setting(m, 'min_amount'), currency);
    switch (setting(m, 'requires')) {
      case 'coupon':
        return t('Needs a free shipping coupon');
      case 'min_amount':
        return t('Needs a spend of %s', min);
      case 'either':
        return t('Needs a coupon or a spend of %s', min);
      case 'both':
        return t('Needs a coupon and a spend of %s', min);
      default:
        return t('Free');
    }
  }
  const cost = setting(m, 'cost').trim();
  if (cost === '' || (/^[\d.]+$/.test(cost) && Number(cost) === 0)) return t('Free');
  return formatCost(cost, currency);
}

async function zoneDetails(zone: Zone, signal: AbortSignal): Promise<ZoneDetails> {
  const [regions, methods] = await Promise.all([
    api<Region[]>(`/wc/v3/shipping/zones/${zone.id}/locations`, { signal }),
    api<Method[]>(`/wc/v3/shipping/zones/${zone.id}/methods`, { signal }),
  ]);
  return { zone, regions, methods: methods.sort((a, b) => a.order - b.order || a.instance_id - b.instance_id) };
}

export function ShippingZonesPage() {
  const [q, setQ] = useQueryState({ zone: '' });
  const [done, setDone] = useState<string>();
  const show = (zone: string, message?: string) => {
    setDone(message);
    setQ({ zone });
  };
  if (/^\d+$/.test(q.zone)) return <ZonePage key={q.zone} id={Number(q.zone)} done={done} setDone={setDone} onShow={show} />;
  return <ZonesPage adding={q.zone === 'new'} done={done} setDone={setDone} onShow={show} />;
}

interface ViewProps {
  done: string | undefined;
  setDone: (message: string | undefined) => void;
  onShow: (zone: string, message?: string) => void;
}

function ZonesPage(props: ViewProps & { adding: boolean }) {
  const settings = useStoreSettings();
  const currency = settings.data?.currency;
  const { done, setDone } = props;
  const zones = useResource(async (signal) => {
    const list = await api<Zone[]>('/wc/v3/shipping/zones', { signal });
    // As WooCommerce's screen: the zone for everywhere else comes last.
    const ordered = [...list.filter((z) => z.id !== 0), ...list.filter((z) => z.id === 0)];
    return Promise.all(ordered.map((z) => zoneDetails(z, signal)));
  }, []);

  return (
    <Page
      title={t('Shipping zones')}
      actions={
        <button type="button" class="button button-primary" onClick={() => props.onShow('new')} disabled={props.adding}>
          {t('Add shipping zone')}
        </button>
      }
    >
      {settings.data && !settings.data.shipping ? (
        <Notice kind="info">
          <p>{t('Shipping is turned off in the settings: carts are not charged for shipping until it is turned on.')}</p>
        </Notice>
      ) : null}
      <DoneNotice message={done} onDismiss={() => setDone(undefined)} />
      {props.adding ? <NewZoneForm onCancel={() => props.onShow('')} onCreated={(z) => props.onShow(String(z.id), t('Shipping zone “%s” added. Now give it regions and methods.', z.name))} /> : null}
      <p class="cat-section-intro">{t('A cart is shipped by the first zone, from the top, that matches its address; the zone for everywhere else comes last.')}</p>
      <ErrorNotice error={zones.error} onRetry={zones.reload} />
      {zones.loading && !zones.data ? <Loading /> : null}
      {zones.data ? (
        <Table caption={t('Shipping zones')}>
          <thead>
            <tr>
              <th scope="col">{t('Zone name')}</th>
              <th scope="col">{t('Regions')}</th>
              <th scope="col">{t('Shipping methods')}</th>
            </tr>
          </thead>
          <tbody>
            {zones.data.map(({ zone, regions, methods }) => (
              <tr key={zone.id}>
                <td>
                  <a href={`/admin/shipping-zones?zone=${zone.id}`}>{zoneName(zone)}</a>
                </td>
                <td>
                  {zone.id === 0 ? (
                    <span class="cat-muted">{t('Everywhere else')}</span>
                  ) : regions.length ? (
                    regions.map(regionLabel).join(', ')
                  ) : (
                    <Badge tone="warn">{t('No regions: this zone matches no address')}</Badge>
                  )}
                </td>
                <td>
                  {methods.length ? (
                    <ul class="cat-plain-list">
                      {methods.map((m) => (
                        <li>
                          {m.title || methodTypeLabel(m.method_id)} <span class="cat-muted cat-small">({costSummary(m, currency)})</span>
                          {!m.enabled ? (
                            <>
                              {' '}
                              <Badge>{t('Disabled')}</Badge>
                            </>
                          ) : null}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <span class="cat-muted">{t('No shipping methods')}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
    </Page>
  );
}

function NewZoneForm(props: { onCancel: () => void; onCreated: (zone: Zone) => void }) {
  const [name, setName] = useState('');
  const save = useAction();
  const errors = useFieldErrors(save.error);
  const formRef = useFocusFirstInvalid(errors);
  const heading = useFocusOn<HTMLHeadingElement>(true);
  const submit = async (e: Event) => {
    e.preventDefault();
    const zone = await save.run(() => api<Zone>('/wc/v3/shipping/zones', { method: 'POST', body: { name: name.trim() } }));
    if (zone) props.onCreated(zone);
  };
  return (
    <section class="card cat-editor" aria-labelledby="new-zone-title">
      <div class="card-head">
        <h2 id="new-zone-title" ref={heading} tabIndex={-1}>
          {t('Add shipping zone')}
        </h2>
      </div>
      <form ref={formRef} onSubmit={submit} noValidate>
        <ErrorNotice error={save.error} />
        <Field id="new-zone-name" label={t('Zone name')} hint={t('For staff only, as “Europe” or “Local delivery”.')} error={errors.name}>
          {(c) => <input {...c} value={name} onInput={(e) => setName(e.currentTarget.value)} />}
        </Field>
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={save.busy}>
            {save.busy ? t('Saving…') : t('Add shipping zone')}
          </button>
          <button type="button" class="button" onClick={props.onCancel}>
            {t('Cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}

function ZonePage(props: ViewProps & { id: number }) {
  const settings = useStoreSettings();
  const currency = settings.data?.currency;
  const loaded = useResource(async (signal) => zoneDetails(await api<Zone>(`/wc/v3/shipping/zones/${props.id}`, { signal }), signal), [props.id]);
  const [details, setDetails] = useState<ZoneDetails>();
  const { done, setDone } = props;
  const [deleting, setDeleting] = useState(false);
  const deletion = useAction();
  useEffect(() => setDetails(loaded.data), [loaded.data]);
  const everywhereElse = props.id === 0;

  const deleteZone = async () => {
    if (!details) return;
    const deleted = await deletion.run(() => api(`/wc/v3/shipping/zones/${props.id}`, { method: 'DELETE', query: { force: true } }).then(() => true));
    if (deleted) props.onShow('', t('Shipping zone “%s” deleted.', details.zone.name));
  };

  return (
    <Page
      title={details ? t('Shipping zone “%s”', zoneName(details.zone)) : t('Shipping zone')}
      actions={
        <a class="button" href="/admin/shipping-zones">
          {t('All shipping zones')}
        </a>
      }
    >
      <DoneNotice message={done} onDismiss={() => setDone(undefined)} />
      <ErrorNotice error={loaded.error} onRetry={loaded.reload} />
      {loaded.loading && !details ? <Loading /> : null}
      {details ? (
        <>
          {everywhereElse ? (
            <Notice kind="info">
              <p>{t('This zone ships to every address that no other zone matches. It cannot be renamed or given regions, but it can have methods.')}</p>
            </Notice>
          ) : (
            <>
              <RenameZone zone={details.zone} onSaved={(zone) => { setDone(t('Shipping zone renamed to “%s”.', zone.name)); setDetails((d) => d && { ...d, zone }); }} />
              <Regions zoneId={props.id} regions={details.regions} onSaved={(regions) => { setDone(t('Regions saved.')); setDetails((d) => d && { ...d, regions }); }} />
            </>
          )}
          <Methods
            zoneId={props.id}
            methods={details.methods}
            currency={currency}
            onChange={(methods, message) => {
              setDone(message);
              setDetails((d) => d && { ...d, methods });
            }}
          />
          {!everywhereElse ? (
            <Section title={t('Delete this zone')}>
              <p>{t('Addresses in its regions will then be shipped by the next zone that matches them.')}</p>
              <button type="button" class="button button-danger" onClick={() => { deletion.reset(); setDeleting(true); }}>
                {t('Delete shipping zone')}
              </button>
            </Section>
          ) : null}
          <DeleteDialog
            open={deleting}
            title={t('Delete the shipping zone “%s”?', details.zone.name)}
            confirmLabel={t('Delete shipping zone')}
            deletion={deletion}
            onConfirm={() => void deleteZone()}
            onCancel={() => setDeleting(false)}
          >
            <p>{t('Its regions and shipping methods are deleted with it. This cannot be undone.')}</p>
          </DeleteDialog>
        </>
      ) : null}
    </Page>
  );
}

function RenameZone(props: { zone: Zone; onSaved: (zone: Zone) => void }) {
  const [name, setName] = useState(props.zone.name);
  const save = useAction();
  const errors = useFieldErrors(save.error);
  const formRef = useFocusFirstInvalid(errors);
  const submit = async (e: Event) => {
    e.preventDefault();
    const zone = await save.run(() => api<Zone>(`/wc/v3/shipping/zones/${props.zone.id}`, { method: 'PUT', body: { name: name.trim() } }));
    if (zone) {
      setName(zone.name);
      props.onSaved(zone);
    }
  };
  return (
    <Section title={t('Name')} id="zone-name-title">
      <form ref={formRef} onSubmit={submit} noValidate class="cat-inline-form">
        <ErrorNotice error={save.error} />
        <Field id="zone-name" label={t('Zone name')} error={errors.name}>
          {(c) => <input {...c} value={name} onInput={(e) => setName(e.currentTarget.value)} />}
        </Field>
        <button type="submit" class="button button-primary" disabled={save.busy || name.trim() === props.zone.name}>
          {save.busy ? t('Saving…') : t('Rename')}
        </button>
      </form>
    </Section>
  );
}

const REGION_TYPES: { type: RegionType; label: () => string; hint: () => string }[] = [
  { type: 'country', label: () => t('Country'), hint: () => t('Two letters, as GB or FR.') },
  { type: 'state', label: () => t('State'), hint: () => t('Country and state, as US:CA.') },
  { type: 'continent', label: () => t('Continent'), hint: () => t('EU, AF, AS, NA, SA, OC or AN.') },
  { type: 'postcode', label: () => t('Postcode'), hint: () => t('A postcode, a prefix with *, as BS1*, or a range, as 90210...90220.') },
];

/** The server's reason for refusing the regions sent (it names them `locations…`), if it gave one. */
const regionReason = (error: ApiError): string | undefined => Object.entries(error.fieldErrors).find(([key]) => key.startsWith('locations'))?.[1];

function Regions(props: { zoneId: number; regions: Region[]; onSaved: (regions: Region[]) => void }) {
  const [type, setType] = useState<RegionType>('country');
  const [code, setCode] = useState('');
  const saving = useAction();
  // What the browser can tell before asking (no code typed).
  const [codeError, setCodeError] = useState<string>();
  const errors = useMemo((): Record<string, string> => {
    // The only new region is the last one sent: the server's reason for it goes under the code field.
    const reason = codeError ?? (saving.error ? regionReason(saving.error) : undefined);
    return reason ? { code: reason } : {};
  }, [codeError, saving.error]);
  const formRef = useFocusFirstInvalid(errors);

  const save = async (regions: Region[]) => {
    setCodeError(undefined);
    const saved = await saving.run(() => api<Region[]>(`/wc/v3/shipping/zones/${props.zoneId}/locations`, { method: 'PUT', body: regions.map(({ code, type }) => ({ code, type })) }));
    if (saved) {
      props.onSaved(saved);
      setCode('');
    }
  };
  const add = (e: Event) => {
    e.preventDefault();
    if (!code.trim()) {
      setCodeError(t('Enter a code.'));
      return;
    }
    void save([...props.regions, { type, code: code.trim() }]);
  };
  const hint = REGION_TYPES.find((r) => r.type === type)!.hint();

  return (
    <Section title={t('Regions')} id="zone-regions-title">
      <ErrorNotice error={saving.error} />
      {props.regions.length ? (
        <ul class="cat-regions">
          {props.regions.map((r, i) => (
            <li>
              <span>
                {regionLabel(r)} <code class="cat-muted cat-small">{r.code}</code>
              </span>
              <button type="button" class="button button-danger" disabled={saving.busy} onClick={() => void save(props.regions.filter((_, j) => j !== i))}>
                {t('Remove')}
                <span class="visually-hidden"> {regionLabel(r)}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p class="cat-empty">{t('No regions yet: this zone matches no address.')}</p>
      )}
      <form ref={formRef} onSubmit={add} noValidate class="cat-inline-form">
        <Field id="region-type" label={t('Region type')}>
          {(c) => (
            <select {...c} value={type} onChange={(e) => setType(e.currentTarget.value as RegionType)}>
              {REGION_TYPES.map((r) => (
                <option value={r.type}>{r.label()}</option>
              ))}
            </select>
          )}
        </Field>
        <Field id="region-code" label={t('Code')} hint={hint} error={errors.code}>
          {(c) => <input {...c} autocomplete="off" spellcheck={false} class="cat-input-code" value={code} onInput={(e) => setCode(e.currentTarget.value)} />}
        </Field>
        <button type="submit" class="button" disabled={saving.busy}>
          {t('Add region')}
        </button>
      </form>
    </Section>
  );
}

function Methods(props: { zoneId: number; methods: Method[]; currency: string | undefined; onChange: (methods: Method[], message: string) => void }) {
  const [open, setOpen] = useState<number | null>(null);
  const [newType, setNewType] = useState<MethodId>('flat_rate');
  const adding = useAction();
  const [deleting, setDeleting] = useState<Method>();
  const deletion = useAction();
  const base = `/wc/v3/shipping/zones/${props.zoneId}/methods`;

  const add = async (e: Event) => {
    e.preventDefault();
    const method = await adding.run(() => api<Method>(base, { method: 'POST', body: { method_id: newType } }));
    if (!method) return;
    props.onChange([...props.methods, method], t('“%s” added. Set its cost below.', method.title || methodTypeLabel(method.method_id)));
    setOpen(method.instance_id);
  };
  const remove = async () => {
    if (!deleting) return;
    const deleted = await deletion.run(() => api(`${base}/${deleting.instance_id}`, { method: 'DELETE', query: { force: true } }).then(() => true));
    if (!deleted) return;
    props.onChange(
      props.methods.filter((m) => m.instance_id !== deleting.instance_id),
      t('“%s” deleted.', deleting.title || methodTypeLabel(deleting.method_id)),
    );
    setDeleting(undefined);
  };

  return (
    <Section title={t('Shipping methods')} id="zone-methods-title">
      <ErrorNotice error={adding.error} />
      {props.methods.length ? (
        <ul class="cat-methods">
          {props.methods.map((m) => {
            const title = m.title || methodTypeLabel(m.method_id);
            const expanded = open === m.instance_id;
            return (
              <li key={m.instance_id} class="cat-method">
                <div class="cat-method-head">
                  <div>
                    <strong>{title}</strong>
                    {title !== methodTypeLabel(m.method_id) ? <span class="cat-muted cat-small"> {methodTypeLabel(m.method_id)}</span> : null}
                    <div class="cat-small">
                      {m.enabled ? <Badge tone="good">{t('Enabled')}</Badge> : <Badge>{t('Disabled')}</Badge>} {costSummary(m, props.currency)}
                    </div>
                  </div>
                  <div class="cat-row-actions">
                    <button type="button" class="button" aria-expanded={expanded} aria-controls={`method-${m.instance_id}-editor`} onClick={() => setOpen(expanded ? null : m.instance_id)}>
                      {expanded ? t('Close') : t('Edit')}
                      <span class="visually-hidden"> {title}</span>
                    </button>
                    <button type="button" class="button button-danger" onClick={() => { deletion.reset(); setDeleting(m); }}>
                      {t('Delete')}
                      <span class="visually-hidden"> {title}</span>
                    </button>
                  </div>
                </div>
                <div id={`method-${m.instance_id}-editor`} hidden={!expanded}>
                  {expanded ? (
                    <MethodForm
                      path={`${base}/${m.instance_id}`}
                      method={m}
                      currency={props.currency}
                      onSaved={(saved) => {
                        props.onChange(
                          props.methods.map((x) => (x.instance_id === saved.instance_id ? saved : x)),
                          t('“%s” saved.', saved.title || methodTypeLabel(saved.method_id)),
                        );
                        setOpen(null);
                      }}
                    />
                  ) : null}
                </div>
              </li>
            );
          })}
        </ul>
      ) : (
        <p class="cat-empty">{t('No shipping methods found: carts shipped by this zone cannot choose a shipping method.')}</p>
      )}
      <form onSubmit={add} class="cat-inline-form">
        <Field id="new-method-type" label={t('Add a shipping method')}>
          {(c) => (
            <select {...c} value={newType} onChange={(e) => setNewType(e.currentTarget.value as MethodId)}>
              {METHOD_IDS.map((id) => (
                <option value={id}>{methodTypeLabel(id)}</option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" class="button" disabled={adding.busy}>
          {adding.busy ? t('Adding…') : t('Add method')}
        </button>
      </form>
      <DeleteDialog
        open={deleting !== undefined}
        title={t('Delete the shipping method “%s”?', deleting ? deleting.title || methodTypeLabel(deleting.method_id) : '')}
        confirmLabel={t('Delete method')}
        deletion={deletion}
        onConfirm={() => void remove()}
        onCancel={() => setDeleting(undefined)}
      >
        <p>{t('Carts in this zone can no longer choose it. This cannot be undone.')}</p>
      </DeleteDialog>
    </Section>
  );
}

/** The shipping class a flat-rate class cost field is about, from its label (`"Small parcel" shipping class cost`). */
function classOf(field: SettingField): string {
  return /^"(.*)" shipping class cost$/.exec(field.label)?.[1] ?? field.id;
}

const COST_HINT = () => t('An amount, or a sum such as 10.00 + 2 * [qty]: [qty] is the number of items, [cost] their total, [fee percent="10" min_fee="5"] a percentage.');

function MethodForm(props: { path: string; method: Method; currency: string | undefined; onSaved: (m: Method) => void }) {
  const m = props.method;
  const prefix = `method-${m.instance_id}`;
  const [enabled, setEnabled] = useState(m.enabled);
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(Object.values(m.settings).filter((f) => f.type !== 'title').map((f) => [f.id, f.value])));
  const save = useAction();
  const errors = useFieldErrors(save.error);
  const formRef = useFocusFirstInvalid(errors);
  const set = (key: string, value: string) => setValues((v) => ({ ...v, [key]: value }));
  const has = (key: string) => key in values;
  const err = (key: string) => errors[`settings[${key}]`];
  const classCosts = Object.values(m.settings).filter((f) => /^class_cost_\d+$/.test(f.id) || f.id === 'no_class_cost');

  const submit = async (e: Event) => {
    e.preventDefault();
    const settings = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, k === 'min_amount' ? amountInput(v) : v.trim()]));
    const saved = await save.run(() => api<Method>(props.path, { method: 'PUT', body: { enabled, settings } }));
    if (saved) props.onSaved(saved);
  };

  const text = (key: string, label: string, hint?: string, placeholder?: string) => (
    <Field id={`${prefix}-${key}`} label={label} hint={hint} error={err(key)}>
      {(c) => <input {...c} autocomplete="off" placeholder={placeholder} value={values[key]} onInput={(e) => set(key, e.currentTarget.value)} />}
    </Field>
  );
  const select = (key: string, label: string, options: [string, string][], hint?: string) => (
    <Field id={`${prefix}-${key}`} label={label} hint={hint} error={err(key)}>
      {(c) => (
        <select {...c} value={values[key]} onChange={(e) => set(key, e.currentTarget.value)}>
          {options.map(([value, text]) => (
            <option value={value}>{text}</option>
          ))}
        </select>
      )}
    </Field>
  );
  const taxOptions: [string, string][] = [
    ['taxable', t('Taxable')],
    ['none', t('Not taxable')],
  ];

  return (
    <form ref={formRef} onSubmit={submit} noValidate class="cat-method-form">
      <ErrorNotice error={save.error} />
      <Field id={`${prefix}-enabled`} label={t('Enabled')} inline error={errors.enabled}>
        {(c) => <input {...c} type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} />}
      </Field>
      <div class="form-grid">
        {has('title') ? text('title', t('Title'), t('What shoppers see at checkout.')) : null}
        {has('tax_status') ? select('tax_status', t('Tax status'), taxOptions) : null}
        {has('cost') ? text('cost', props.currency ? t('Cost (%s)', props.currency) : t('Cost'), m.method_id === 'flat_rate' ? COST_HINT() : t('Empty: free.'), '0') : null}
        {has('requires')
          ? select('requires', t('Free shipping requires'), [
              ['', t('Nothing')],
              ['coupon', t('A free shipping coupon')],
              ['min_amount', t('A minimum spend')],
              ['either', t('A minimum spend or a coupon')],
              ['both', t('A minimum spend and a coupon')],
            ])
          : null}
        {has('min_amount') ? text('min_amount', props.currency ? t('Minimum spend (%s)', props.currency) : t('Minimum spend')) : null}
        {has('type')
          ? select(
              'type',
              t('Calculation type'),
              [
                ['class', t('Per class')],
                ['order', t('Per order')],
              ],
              t('Per class: each shipping class is charged on its own. Per order: only the most expensive class is charged.'),
            )
          : null}
      </div>
      {has('ignore_discounts') ? (
        <Field id={`${prefix}-ignore_discounts`} label={t('Count the spend before coupon discounts')} inline error={err('ignore_discounts')}>
          {(c) => <input {...c} type="checkbox" checked={values.ignore_discounts === 'yes'} onChange={(e) => set('ignore_discounts', e.currentTarget.checked ? 'yes' : 'no')} />}
        </Field>
      ) : null}
      {classCosts.length ? (
        <fieldset class="cat-form-fieldset">
          <legend>{t('Shipping class costs')}</legend>
          <p class="field-hint">{t('Added to the cost for items of each shipping class. Empty: nothing added.')}</p>
          <div class="form-grid">
            {classCosts.map((f) => text(f.id, f.id === 'no_class_cost' ? t('No shipping class') : t('Class “%s”', classOf(f)), undefined, '—'))}
          </div>
        </fieldset>
      ) : null}
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={save.busy}>
          {save.busy ? t('Saving…') : t('Save method')}
        </button>
      </div>
    </form>
  );
}
