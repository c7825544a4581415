import type { TObject, TSchema } from '@sinclair/typebox';
import type { ComponentChildren } from 'preact';
import { SettingsSchema } from '../../../../settings/schema.ts';
import { formatNumber, t } from '../i18n.ts';
import { Field, type FieldControl } from '../ui/field.tsx';
import { CountrySelect, CurrencySelect, StateSelect, TimeZoneSelect, useCountries } from '../ui/reference-selects.tsx';
import { CODE_FIELDS, FIELD_TEXT, OPTION_TEXT, URL_FIELDS, type FieldName, type SectionName } from './settings-fields.ts';
import './settings.css';

/**
 * One setting's control, as its schema (src/settings/schema.ts) calls for: a select for an enum, a
 * checkbox, a number with its limits, a list one per line, or text; the store's country and state,
 * currency and time zone in the searchable selects fed by the server's lists. Labelled and explained
 * from settings-fields.ts, with the server's reason under it. The Settings and Payments screens use it.
 */

export type FormValue = string | boolean;

type Control =
  | { kind: 'select'; options: string[] }
  | { kind: 'checkbox' }
  | { kind: 'integer'; min?: number; max?: number }
  | { kind: 'text' }
  | { kind: 'lines' };

export const SECTIONS = Object.keys(SettingsSchema.properties) as SectionName[];

const sectionSchema = (section: SectionName) => SettingsSchema.properties[section] as TObject;
export const fieldsOf = (section: SectionName) => Object.keys(sectionSchema(section).properties) as FieldName[];

function controlOf(schema: TSchema): Control {
  const options = (schema as { anyOf?: TSchema[] }).anyOf;
  if (options?.every((o) => 'const' in o)) return { kind: 'select', options: options.map((o) => String(o.const)) };
  if (schema.type === 'boolean') return { kind: 'checkbox' };
  if (schema.type === 'integer') return { kind: 'integer', min: schema.minimum as number | undefined, max: schema.maximum as number | undefined };
  if (schema.type === 'array') return { kind: 'lines' };
  return { kind: 'text' };
}

const CONTROLS = new Map<string, Control>(SECTIONS.flatMap((s) => fieldsOf(s).map((f) => [f, controlOf(sectionSchema(s).properties[f])] as [string, Control])));

/** A stored value as its control holds it. */
export function toForm(field: string, value: unknown): FormValue {
  const control = CONTROLS.get(field)!;
  if (control.kind === 'checkbox') return value === true;
  if (control.kind === 'lines') return Array.isArray(value) ? value.join('\n') : '';
  return value === undefined || value === null ? '' : String(value);
}

/** What the control holds, as the API takes it: a number typed wrongly goes as typed, for the server to explain. */
export function toPayload(field: string, value: FormValue): unknown {
  const control = CONTROLS.get(field)!;
  if (control.kind === 'checkbox') return value === true;
  const text = String(value);
  if (control.kind === 'integer') return /^\s*-?\d+\s*$/.test(text) ? Number(text) : text;
  if (control.kind === 'lines') return text.split('\n').map((line) => line.trim()).filter(Boolean);
  return text;
}

export function SettingField(props: { section: SectionName; field: FieldName; value: FormValue; error?: string; onChange: (value: FormValue) => void; extra?: ComponentChildren }) {
  const { field, value } = props;
  const control = CONTROLS.get(field)!;
  const text = (FIELD_TEXT[props.section] as Record<string, { label: () => string; hint?: () => string }>)[field];
  const range =
    control.kind === 'integer' && control.min !== undefined && control.max !== undefined ? t('From %1$s to %2$s.', formatNumber(control.min), formatNumber(control.max)) : '';
  const hint = [text?.hint?.(), range].filter(Boolean).join(' ') || undefined;
  const id = `setting-${field}`;
  if (field === 'country') return <StoreCountryField id={id} label={text?.label() ?? field} hint={hint} error={props.error} value={String(value)} onChange={props.onChange} />;
  const wide = control.kind === 'lines' || field === 'access_token' || field === 'salt_key';
  return (
    <div class={`settings-field${wide ? ' settings-field-wide' : ''}${control.kind === 'checkbox' ? ' settings-field-check' : ''}`}>
      <Field id={id} label={text?.label() ?? field} hint={hint} error={props.error} inline={control.kind === 'checkbox'}>
        {(c) => {
          switch (control.kind) {
            case 'checkbox':
              return <input {...c} type="checkbox" name={field} checked={value === true} onChange={(e) => props.onChange(e.currentTarget.checked)} />;
            case 'select': {
              const names = OPTION_TEXT[field];
              const options = control.options.includes(String(value)) ? control.options : [String(value), ...control.options];
              return (
                <select {...c} name={field} value={String(value)} onChange={(e) => props.onChange(e.currentTarget.value)}>
                  {options.map((o) => (
                    <option key={o} value={o}>
                      {names?.[o]?.() ?? o}
                    </option>
                  ))}
                </select>
              );
            }
            case 'integer':
              return (
                <input {...c} type="number" name={field} inputMode="numeric" step={1} min={control.min} max={control.max} value={String(value)} onInput={(e) => props.onChange(e.currentTarget.value)} class="settings-number" />
              );
            case 'lines':
              return (
                <textarea
                  {...c}
                  name={field}
                  rows={Math.max(3, String(value).split('\n').length + 1)}
                  spellcheck={false}
                  autoCapitalize="off"
                  value={String(value)}
                  onInput={(e) => props.onChange(e.currentTarget.value)}
                />
              );
            default:
              if (field === 'currency') return <CurrencySelect {...c} value={String(value)} onChange={props.onChange} />;
              if (field === 'timezone_string') return <TimeZoneSelect {...c} value={String(value)} onChange={props.onChange} />;
              return (
                <input
                  {...c}
                  type={URL_FIELDS.has(field) ? 'url' : 'text'}
                  name={field}
                  value={String(value)}
                  list={undefined}
                  spellcheck={CODE_FIELDS.has(field) ? false : undefined}
                  autoCapitalize={CODE_FIELDS.has(field) ? 'off' : undefined}
                  autoComplete="off"
                  class={CODE_FIELDS.has(field) ? 'settings-code' : undefined}
                  onInput={(e) => props.onChange(e.currentTarget.value)}
                />
              );
          }
        }}
      </Field>
      {props.extra ? <div class="settings-extra">{props.extra}</div> : null}
    </div>
  );
}

/**
 * The store's address country (`US:CA`, WooCommerce's `woocommerce_default_country`): the country,
 * then its state where the store knows the country's states; a new country drops the old state.
 */
function StoreCountryField(props: { id: string; label: string; hint?: string; error?: string; value: string; onChange: (value: string) => void }) {
  const [country, state = ''] = props.value.split(':');
  const states = useCountries().data?.find((c) => c.code === country)?.states ?? [];
  return (
    <>
      <div class="settings-field">
        <Field id={props.id} label={props.label} hint={props.hint} error={props.error}>
          {(c: FieldControl) => <CountrySelect {...c} value={country} onChange={props.onChange} />}
        </Field>
      </div>
      {states.length ? (
        <div class="settings-field">
          <Field id={`${props.id}-state`} label={t('State / County')}>
            {(c: FieldControl) => <StateSelect {...c} country={country} value={state} emptyLabel={t('— None —')} onChange={(next) => props.onChange(next ? `${country}:${next}` : country)} />}
          </Field>
        </div>
      ) : null}
    </>
  );
}
