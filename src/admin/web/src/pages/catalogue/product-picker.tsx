import { useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { t } from '../../i18n.ts';
import { ErrorNotice } from '../../ui/notice.tsx';
import { useAction } from '../../ui/use-action.ts';
import { useResource } from '../../ui/use-resource.ts';
import { AddField } from './add-field.tsx';

/**
 * Products linked to a product (upsells, cross-sells, a group's products), as wc/v3 keeps them: a list
 * of ids. The chosen ones are shown by name; more are found by a search of wc/v3/products.
 */

interface Found {
  id: number;
  name: string;
  sku: string;
}

export function ProductPicker(props: { id: string; label: string; hint?: string; ids: number[]; exclude?: number; onChange: (ids: number[]) => void; error?: string }) {
  const idsKey = props.ids.join(',');
  const named = useResource(
    (signal) => (props.ids.length ? api<Found[]>('/wc/v3/products', { query: { include: idsKey, per_page: 100 }, signal }) : Promise.resolve([])),
    [idsKey],
  );
  const [found, setFound] = useState<Found[]>();
  const lookup = useAction();
  const nameOf = (id: number) => named.data?.find((p) => p.id === id)?.name ?? found?.find((p) => p.id === id)?.name ?? `#${id}`;

  /** Keeps the words searched for (answers false), so that they can be changed. */
  const find = async (search: string) => {
    const results = await lookup.run(() => api<Found[]>('/wc/v3/products', { query: { search, per_page: 10 } }));
    if (results) setFound(results.filter((p) => p.id !== props.exclude));
    return false;
  };

  return (
    <fieldset class="cat-form-fieldset" aria-describedby={props.hint ? `${props.id}-hint` : undefined}>
      <legend>{props.label}</legend>
      {props.hint ? (
        <p class="field-hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? <p class="field-error">{props.error}</p> : null}
      {props.ids.length ? (
        <ul class="cat-chips">
          {props.ids.map((id) => (
            <li key={id} class="cat-chip">
              {nameOf(id)}
              <button type="button" class="cat-chip-remove" aria-label={t('Remove %s', nameOf(id))} onClick={() => props.onChange(props.ids.filter((x) => x !== id))}>
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <AddField id={`${props.id}-search`} label={t('Find a product')} button={t('Find')} type="search" busy={lookup.busy} onAdd={find} />
      <ErrorNotice error={lookup.error} />
      {found ? (
        found.length ? (
          <ul class="cat-plain-list cat-found" aria-label={t('Products found')}>
            {found.map((p) => (
              <li key={p.id}>
                <button type="button" class="button-link" disabled={props.ids.includes(p.id)} onClick={() => props.onChange([...props.ids, p.id])}>
                  {t('Add %s', p.name)}
                </button>
                {p.sku ? <code class="cat-small"> {p.sku}</code> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p class="field-hint">{t('No products found.')}</p>
        )
      ) : null}
    </fieldset>
  );
}
