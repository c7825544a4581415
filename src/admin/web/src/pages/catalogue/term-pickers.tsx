import { api } from '../../api.ts';
import { t } from '../../i18n.ts';
import { ErrorNotice } from '../../ui/notice.tsx';
import { useAction } from '../../ui/use-action.ts';
import { useResource } from '../../ui/use-resource.ts';
import { AddField } from './add-field.tsx';

/**
 * A product's categories, brands and tags. Categories and brands (WooCommerce's two hierarchical
 * taxonomies) are ticked in the store's tree, and a new one can be made there
 * (wc/v3/products/categories, …/brands); tags are named: a known one by its id, a new one by its name,
 * which wc/v3 creates when the product is saved, as WooCommerce does.
 */

export interface TermRef {
  id?: number;
  name: string;
}

export interface Category {
  id: number;
  name: string;
  slug: string;
  parent: number;
  description: string;
  menu_order: number;
  count: number;
  image: { id: number; src: string; alt: string } | null;
}

/** Every category, or every term of another hierarchical taxonomy (WooCommerce pages terms by 100 at most; a shop with more is not served by this picker). */
export function useCategories(path = '/wc/v3/products/categories') {
  return useResource((signal) => api<Category[]>(path, { query: { per_page: 100, orderby: 'name' }, signal }), [path]);
}

/** The categories as a tree, each with its depth, children under their parent in menu order then by name. */
export function categoryTree(all: Category[]): { category: Category; depth: number }[] {
  const out: { category: Category; depth: number }[] = [];
  const walk = (parent: number, depth: number) => {
    const children = all.filter((c) => c.parent === parent).sort((a, b) => a.menu_order - b.menu_order || a.name.localeCompare(b.name));
    for (const c of children) {
      out.push({ category: c, depth });
      walk(c.id, depth + 1);
    }
  };
  walk(0, 0);
  // A category whose parent is gone still shows, at the top.
  for (const c of all) if (!out.some((o) => o.category.id === c.id)) out.push({ category: c, depth: 0 });
  return out;
}

/** What differs between the pickers of categories and brands. */
interface TreePickerTaxonomy {
  /** The wc/v3 collection. */
  path: string;
  /** The ids' prefix: `product-category`, `product-brand`. */
  id: string;
  legend: string;
  newLabel: string;
  addLabel: string;
}

function TreePicker(props: { taxonomy: TreePickerTaxonomy; selected: TermRef[]; onChange: (selected: TermRef[]) => void; error?: string }) {
  const { taxonomy: tax } = props;
  const terms = useCategories(tax.path);
  const create = useAction();
  const ticked = new Set(props.selected.map((c) => c.id));

  const toggle = (c: Category, on: boolean) =>
    props.onChange(on ? [...props.selected, { id: c.id, name: c.name }] : props.selected.filter((s) => s.id !== c.id));
  const add = async (name: string) => {
    const made = await create.run(() => api<Category>(tax.path, { method: 'POST', body: { name } }));
    if (!made) return false;
    terms.reload();
    props.onChange([...props.selected, { id: made.id, name: made.name }]);
  };

  return (
    <fieldset class="cat-form-fieldset" aria-describedby={props.error ? `${tax.id}-error` : undefined}>
      <legend>{tax.legend}</legend>
      {props.error ? (
        <p class="field-error" id={`${tax.id}-error`}>
          {props.error}
        </p>
      ) : null}
      <ErrorNotice error={terms.error} onRetry={terms.reload} />
      <ul class="cat-checklist">
        {categoryTree(terms.data ?? []).map(({ category: c, depth }) => (
          <li key={c.id} style={{ paddingInlineStart: `${depth * 1.25}rem` }}>
            <input type="checkbox" id={`${tax.id}-${c.id}`} checked={ticked.has(c.id)} onChange={(e) => toggle(c, e.currentTarget.checked)} />
            <label for={`${tax.id}-${c.id}`}>{c.name}</label>
          </li>
        ))}
      </ul>
      <AddField id={`${tax.id}-new`} label={tax.newLabel} button={tax.addLabel} busy={create.busy} onAdd={add} />
      <ErrorNotice error={create.error} />
    </fieldset>
  );
}

export function CategoryPicker(props: { selected: TermRef[]; onChange: (selected: TermRef[]) => void; error?: string }) {
  const taxonomy = { path: '/wc/v3/products/categories', id: 'product-category', legend: t('Categories'), newLabel: t('New category'), addLabel: t('Add category') };
  return <TreePicker taxonomy={taxonomy} {...props} />;
}

export function BrandPicker(props: { selected: TermRef[]; onChange: (selected: TermRef[]) => void; error?: string }) {
  const taxonomy = { path: '/wc/v3/products/brands', id: 'product-brand', legend: t('Brands'), newLabel: t('New brand'), addLabel: t('Add brand') };
  return <TreePicker taxonomy={taxonomy} {...props} />;
}

export function TagPicker(props: { selected: TermRef[]; onChange: (selected: TermRef[]) => void; error?: string }) {
  const tags = useResource((signal) => api<TermRef[]>('/wc/v3/products/tags', { query: { per_page: 100, orderby: 'name' }, signal }), []);
  const add = (wanted: string) => {
    if (props.selected.some((s) => s.name.toLowerCase() === wanted.toLowerCase())) return;
    const known = tags.data?.find((tag) => tag.name.toLowerCase() === wanted.toLowerCase());
    props.onChange([...props.selected, known ? { id: known.id, name: known.name } : { name: wanted }]);
  };
  return (
    <fieldset class="cat-form-fieldset">
      <legend>{t('Tags')}</legend>
      {props.error ? <p class="field-error">{props.error}</p> : null}
      {props.selected.length ? (
        <ul class="cat-chips">
          {props.selected.map((tag) => (
            <li key={tag.id ?? tag.name} class="cat-chip">
              {tag.name}
              <button type="button" class="cat-chip-remove" aria-label={t('Remove tag %s', tag.name)} onClick={() => props.onChange(props.selected.filter((s) => s !== tag))}>
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <AddField id="product-new-tag" label={t('Add a tag')} button={t('Add tag')} list="product-tag-names" onAdd={add} />
      <datalist id="product-tag-names">
        {(tags.data ?? []).map((tag) => (
          <option value={tag.name} />
        ))}
      </datalist>
    </fieldset>
  );
}
