import { useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { t } from '../../i18n.ts';
import { ErrorNotice } from '../../ui/notice.tsx';
import { useAction } from '../../ui/use-action.ts';
import { useResource } from '../../ui/use-resource.ts';
import { AddField } from './add-field.tsx';
import { RowButton } from './shared-ui.tsx';

/**
 * A product's attributes, as wc/v3 has them: a store attribute (its `id`) with some of its terms, or
 * an attribute of this product only (a `name` and its values); each shown on the product page or not,
 * and used for variations or not. Options are names; a new term of a store attribute can be made here
 * (wc/v3/products/attributes/{id}/terms).
 */

export interface ProductAttribute {
  id: number;
  name: string;
  position: number;
  visible: boolean;
  variation: boolean;
  options: string[];
}

export interface StoreAttribute {
  id: number;
  name: string;
  slug: string;
}

export interface AttributeTerm {
  id: number;
  name: string;
  slug: string;
  menu_order: number;
}

export function useStoreAttributes() {
  return useResource((signal) => api<StoreAttribute[]>('/wc/v3/products/attributes', { signal }), []);
}

/** What wc/v3 is given: store attributes by id, the others by name with their values. */
export function attributesBody(list: ProductAttribute[]): Record<string, unknown>[] {
  return list.map((a, position) => ({
    ...(a.id ? { id: a.id } : { name: a.name.trim() }),
    position,
    visible: a.visible,
    variation: a.variation,
    options: a.options,
  }));
}

export function AttributesEditor(props: { value: ProductAttribute[]; variable: boolean; onChange: (list: ProductAttribute[]) => void; error?: string }) {
  const store = useStoreAttributes();
  const [adding, setAdding] = useState('custom');
  const unused = (store.data ?? []).filter((s) => !props.value.some((a) => a.id === s.id));
  const update = (i: number, changes: Partial<ProductAttribute>) => props.onChange(props.value.map((a, j) => (j === i ? { ...a, ...changes } : a)));

  const add = () => {
    const global = unused.find((s) => String(s.id) === adding);
    props.onChange([...props.value, { id: global?.id ?? 0, name: global?.name ?? '', position: props.value.length, visible: true, variation: props.variable, options: [] }]);
    setAdding('custom');
  };

  return (
    <div class="cat-attributes">
      {props.error ? <p class="field-error">{props.error}</p> : null}
      <ErrorNotice error={store.error} onRetry={store.reload} />
      {props.value.length === 0 ? <p class="field-hint">{t('No attributes yet.')}</p> : null}
      {props.value.map((a, i) => (
        <fieldset class="cat-form-fieldset cat-attribute" key={`${a.id}-${i}`}>
          <legend>{a.id ? a.name : a.name.trim() || t('New attribute')}</legend>
          {a.id ? (
            <TermChoices attribute={a} onChange={(options) => update(i, { options })} />
          ) : (
            <div class="form-grid">
              <div class="field">
                <label for={`attribute-${i}-name`}>{t('Attribute name')}</label>
                <input id={`attribute-${i}-name`} value={a.name} onInput={(e) => update(i, { name: e.currentTarget.value })} />
              </div>
              <ValuesField id={`attribute-${i}-values`} options={a.options} onChange={(options) => update(i, { options })} />
            </div>
          )}
          <div class="field field-inline">
            <input type="checkbox" id={`attribute-${i}-visible`} checked={a.visible} onChange={(e) => update(i, { visible: e.currentTarget.checked })} />
            <label for={`attribute-${i}-visible`}>{t('Visible on the product page')}</label>
          </div>
          {props.variable ? (
            <div class="field field-inline">
              <input type="checkbox" id={`attribute-${i}-variation`} checked={a.variation} onChange={(e) => update(i, { variation: e.currentTarget.checked })} />
              <label for={`attribute-${i}-variation`}>{t('Used for variations')}</label>
            </div>
          ) : null}
          <div class="cat-row-actions">
            <RowButton label={t('Move up')} name={a.name} disabled={i === 0} onClick={() => props.onChange(swap(props.value, i, i - 1))} />
            <RowButton label={t('Remove attribute')} name={a.name} danger onClick={() => props.onChange(props.value.filter((_, j) => j !== i))} />
          </div>
        </fieldset>
      ))}
      <div class="cat-inline-form">
        <div class="field">
          <label for="product-add-attribute">{t('Attribute to add')}</label>
          <select id="product-add-attribute" value={adding} onChange={(e) => setAdding(e.currentTarget.value)}>
            <option value="custom">{t('An attribute of this product only')}</option>
            {unused.map((s) => (
              <option value={String(s.id)}>{s.name}</option>
            ))}
          </select>
        </div>
        <button type="button" class="button" onClick={add}>
          {t('Add attribute')}
        </button>
      </div>
    </div>
  );
}

/** An attribute's own values, typed as `a | b | c`: the text is kept as typed, the values follow it. */
function ValuesField(props: { id: string; options: string[]; onChange: (options: string[]) => void }) {
  const [text, setText] = useState(() => props.options.join(' | '));
  return (
    <div class="field">
      <label for={props.id}>{t('Values')}</label>
      <input
        id={props.id}
        aria-describedby={`${props.id}-hint`}
        value={text}
        onInput={(e) => {
          setText(e.currentTarget.value);
          props.onChange(e.currentTarget.value.split('|').map((v) => v.trim()).filter(Boolean));
        }}
      />
      <p class="field-hint" id={`${props.id}-hint`}>
        {t('Separated by |, as in S | M | L.')}
      </p>
    </div>
  );
}

export function swap<T>(list: T[], i: number, j: number): T[] {
  const out = [...list];
  [out[i], out[j]] = [out[j], out[i]];
  return out;
}

/** A store attribute's terms, ticked when the product has them, and a new one made on the spot. */
function TermChoices(props: { attribute: ProductAttribute; onChange: (options: string[]) => void }) {
  const { attribute: a } = props;
  const terms = useResource(
    (signal) => api<AttributeTerm[]>(`/wc/v3/products/attributes/${a.id}/terms`, { query: { per_page: 100, orderby: 'term_group' }, signal }),
    [a.id],
  );
  const create = useAction();
  const has = (term: string) => a.options.some((o) => o.toLowerCase() === term.toLowerCase());
  const add = async (name: string) => {
    const made = await create.run(() => api<AttributeTerm>(`/wc/v3/products/attributes/${a.id}/terms`, { method: 'POST', body: { name } }));
    if (!made) return false;
    terms.reload();
    props.onChange([...a.options, made.name]);
  };
  const prefix = `attribute-${a.id}-term`;
  return (
    <>
      <ErrorNotice error={terms.error} onRetry={terms.reload} />
      <ul class="cat-checklist cat-checklist-inline" aria-label={t('Terms of %s', a.name)}>
        {(terms.data ?? []).map((term) => (
          <li key={term.id}>
            <input
              type="checkbox"
              id={`${prefix}-${term.id}`}
              checked={has(term.name)}
              onChange={(e) => props.onChange(e.currentTarget.checked ? [...a.options, term.name] : a.options.filter((o) => o.toLowerCase() !== term.name.toLowerCase()))}
            />
            <label for={`${prefix}-${term.id}`}>{term.name}</label>
          </li>
        ))}
      </ul>
      <AddField id={`${prefix}-new`} label={t('New term of %s', a.name)} button={t('Add term')} busy={create.busy} onAdd={add} />
      <ErrorNotice error={create.error} />
    </>
  );
}
