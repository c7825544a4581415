import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { t } from '../../i18n.ts';
import { Field } from '../../ui/field.tsx';
import { ErrorNotice } from '../../ui/notice.tsx';
import { RichTextEditor } from '../../ui/rich-text.tsx';
import { useAction } from '../../ui/use-action.ts';
import { useResource } from '../../ui/use-resource.ts';
import { attributesBody, AttributesEditor, type ProductAttribute } from './attributes-editor.tsx';
import { imageBody, ImagePicker, type ImageRef } from './image-picker.tsx';
import { checkPriceStock, priceStockBody, PriceStockFields, priceStockState, type PriceStock, type PriceStockState } from './price-stock-fields.tsx';
import { ProductPicker } from './product-picker.tsx';
import { productStatusLabel, productTypeLabel, type ProductSummary } from './products.tsx';
import { useFieldErrors, useFocusFirstInvalid } from './shared.ts';
import { SaveActions } from './shared-ui.tsx';
import { BrandPicker, CategoryPicker, TagPicker, type TermRef } from './term-pickers.tsx';

/**
 * Everything a product holds, in one form that creates it (POST wc/v3/products) or saves it (PUT
 * …/{id}): what it is and where it shows, its descriptions, images, categories and tags, price and
 * tax, stock and purchase limits, shipping, linked products and attributes. The fields shown follow its
 * type (a variable product's prices are on its variations, a grouped one has none, an external one no
 * stock). The server's reasons appear under their fields; what was typed stays.
 */

export type ProductType = 'simple' | 'variable' | 'grouped' | 'external';
type Visibility = 'visible' | 'catalog' | 'search' | 'hidden';

export interface ProductData extends PriceStock, Omit<ProductSummary, keyof PriceStock | 'categories'> {
  slug: string;
  featured: boolean;
  catalog_visibility: Visibility;
  description: string;
  short_description: string;
  tax_status: 'taxable' | 'shipping' | 'none';
  tax_class: string;
  sold_individually: boolean;
  /** A number from the server; in the form, what is typed. */
  min_quantity: number | string;
  max_quantity: string;
  weight: string;
  dimensions: { length: string; width: string; height: string };
  shipping_class: string;
  virtual: boolean;
  downloadable: boolean;
  external_url: string;
  button_text: string;
  upsell_ids: number[];
  cross_sell_ids: number[];
  grouped_products: number[];
  /** A number from the server; in the form, what is typed. */
  menu_order: number | string;
  categories: TermRef[];
  brands: TermRef[];
  tags: TermRef[];
  /** WordPress's post password: shoppers must give it to see the product. Empty: none. */
  post_password: string;
  images: ImageRef[];
  attributes: ProductAttribute[];
  variations: number[];
  date_modified_gmt: string | null;
}

/** A new product as the form starts it: a published simple product, its stock not tracked. */
export const BLANK_PRODUCT: ProductData = {
  id: 0, name: '', slug: '', type: 'simple', status: 'publish', featured: false, catalog_visibility: 'visible', description: '', short_description: '',
  sku: '', price: '', regular_price: '', sale_price: '', price_html: '', on_sale: false, date_on_sale_from: null, date_on_sale_to: null,
  tax_status: 'taxable', tax_class: '', manage_stock: false, stock_quantity: null, stock_status: 'instock', backorders: 'no', sold_individually: false,
  min_quantity: 1, max_quantity: '', weight: '', dimensions: { length: '', width: '', height: '' }, shipping_class: '', virtual: false, downloadable: false,
  external_url: '', button_text: '', upsell_ids: [], cross_sell_ids: [], grouped_products: [], menu_order: 0, categories: [], brands: [], tags: [], post_password: '', images: [],
  attributes: [], variations: [], date_modified_gmt: null,
};

const TYPES: ProductType[] = ['simple', 'variable', 'grouped', 'external'];
const STATUSES = ['publish', 'draft', 'pending', 'private'] as const;

export const visibilityLabel = (v: string): string =>
  ({ visible: t('Shop and search results'), catalog: t('Shop only'), search: t('Search results only'), hidden: t('Hidden') })[v] ?? v;

const taxStatusLabel = (v: string): string => ({ taxable: t('Taxable'), shipping: t('Shipping only'), none: t('None') })[v] ?? v;

/** The form's state: the product as last loaded or saved with what was typed since, and its price and stock. */
interface EditorState {
  product: ProductData;
  priceStock: PriceStockState;
}

const stateOf = (p: ProductData): EditorState => ({ product: structuredClone(p), priceStock: priceStockState(p) });

/** Whole numbers as numbers; anything else as typed, so that the server names what is wrong with it. */
const whole = (text: string): number | string => (/^-?\d+$/.test(text.trim()) ? Number(text.trim()) : text.trim());

function bodyOf(s: EditorState): Record<string, unknown> {
  const p = s.product;
  return {
    name: p.name,
    ...(p.slug.trim() ? { slug: p.slug.trim() } : {}),
    type: p.type,
    status: p.status,
    featured: p.featured,
    catalog_visibility: p.catalog_visibility,
    description: p.description,
    short_description: p.short_description,
    sku: p.sku,
    tax_status: p.tax_status,
    tax_class: p.tax_class,
    sold_individually: p.sold_individually,
    min_quantity: String(p.min_quantity).trim() === '' ? null : whole(String(p.min_quantity)),
    max_quantity: p.max_quantity.trim(),
    weight: p.weight.trim(),
    dimensions: { length: p.dimensions.length.trim(), width: p.dimensions.width.trim(), height: p.dimensions.height.trim() },
    shipping_class: p.shipping_class,
    virtual: p.virtual,
    downloadable: p.downloadable,
    menu_order: whole(String(p.menu_order)),
    post_password: p.post_password,
    categories: p.categories.map((c) => ({ id: c.id })),
    brands: p.brands.map((b) => ({ id: b.id })),
    tags: p.tags.map((tag) => (tag.id ? { id: tag.id } : { name: tag.name })),
    images: p.images.map(imageBody),
    attributes: attributesBody(p.attributes),
    upsell_ids: p.upsell_ids,
    cross_sell_ids: p.cross_sell_ids,
    ...(p.type === 'grouped' ? { grouped_products: p.grouped_products } : {}),
    ...(p.type === 'external' ? { external_url: p.external_url.trim(), button_text: p.button_text } : {}),
    ...priceStockBody(s.priceStock, partsOf(p.type)),
  };
}

function partsOf(type: ProductType) {
  return { priced: type === 'simple' || type === 'external', stocked: type === 'simple' || type === 'variable', statusEditable: type === 'simple' };
}

/** Errors that name no parameter but are about one field. */
const FIELD_OF_CODE = { product_invalid_sku: 'sku', woocommerce_product_invalid_image_id: 'images' };

export function ProductEditor(props: { product: ProductData; onSaved: (saved: ProductData) => void }) {
  const creating = props.product.id === 0;
  const [state, setState] = useState(() => stateOf(props.product));
  const save = useAction();
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const serverErrors = useFieldErrors(save.error, FIELD_OF_CODE);
  const errors = save.error ? serverErrors : localErrors;
  const formRef = useFocusFirstInvalid(errors);
  const [saved, setSaved] = useState(false);
  const taxClasses = useResource((signal) => api<{ slug: string; name: string }[]>('/wc/v3/taxes/classes', { signal }), []);
  const shippingClasses = useResource((signal) => api<{ slug: string; name: string }[]>('/wc/v3/products/shipping_classes', { query: { per_page: 100 }, signal }), []);
  useEffect(() => setState(stateOf(props.product)), [props.product]);

  const p = state.product;
  const set = (changes: Partial<ProductData>) => {
    setState((s) => ({ ...s, product: { ...s.product, ...changes } }));
    setSaved(false);
  };
  const setPriceStock = (changes: Partial<PriceStockState>) => {
    setState((s) => ({ ...s, priceStock: { ...s.priceStock, ...changes } }));
    setSaved(false);
  };
  const parts = partsOf(p.type);

  const submit = async (e: Event) => {
    e.preventDefault();
    setSaved(false);
    save.reset();
    const body = bodyOf(state);
    const local = checkPriceStock(body);
    setLocalErrors(local);
    if (Object.keys(local).length) return;
    const answer = await save.run(() => api<ProductData>(creating ? '/wc/v3/products' : `/wc/v3/products/${p.id}`, { method: creating ? 'POST' : 'PUT', body }));
    if (answer) {
      setSaved(true);
      props.onSaved(answer);
    }
  };

  return (
    <form ref={formRef} class="cat-product-form" onSubmit={submit} noValidate aria-label={creating ? t('New product') : t('Edit product')}>
      <ErrorNotice error={save.error} />
      <section class="card" aria-labelledby="product-general">
        <h2 id="product-general">{t('General')}</h2>
        <div class="form-grid">
          <Field id="product-name" label={t('Product name')} error={errors.name}>
            {(c) => <input {...c} required value={p.name} onInput={(e) => set({ name: e.currentTarget.value })} />}
          </Field>
          <Field id="product-slug" label={t('Slug')} hint={t('Its address in the shop. Empty: made from the name.')} error={errors.slug}>
            {(c) => <input {...c} autocomplete="off" spellcheck={false} value={p.slug} onInput={(e) => set({ slug: e.currentTarget.value })} />}
          </Field>
          <Field id="product-type" label={t('Product type')} error={errors.type}>
            {(c) => (
              <select {...c} value={p.type} onChange={(e) => set({ type: e.currentTarget.value as ProductType })}>
                {TYPES.map((type) => (
                  <option value={type}>{productTypeLabel(type)}</option>
                ))}
              </select>
            )}
          </Field>
          <Field id="product-status" label={t('Status')} error={errors.status}>
            {(c) => (
              <select {...c} value={p.status} onChange={(e) => set({ status: e.currentTarget.value as ProductData['status'] })}>
                {(p.status === 'trash' ? [...STATUSES, 'trash' as const] : STATUSES).map((s) => (
                  <option value={s} disabled={s === 'trash'}>
                    {productStatusLabel(s)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="product-visibility" label={t('Catalogue visibility')} error={errors.catalog_visibility}>
            {(c) => (
              <select {...c} value={p.catalog_visibility} onChange={(e) => set({ catalog_visibility: e.currentTarget.value as Visibility })}>
                {(['visible', 'catalog', 'search', 'hidden'] as const).map((v) => (
                  <option value={v}>{visibilityLabel(v)}</option>
                ))}
              </select>
            )}
          </Field>
          <Field id="product-menu-order" label={t('Menu order')} hint={t('Lower numbers come first when the shop sorts by it.')} error={errors.menu_order}>
            {(c) => <input {...c} inputMode="numeric" value={String(p.menu_order)} onInput={(e) => set({ menu_order: e.currentTarget.value })} />}
          </Field>
          <Field id="product-password" label={t('Password')} hint={t('Shoppers must give it to see the product. Empty: anyone can see it.')} error={errors.post_password}>
            {(c) => <input {...c} autocomplete="off" spellcheck={false} value={p.post_password} onInput={(e) => set({ post_password: e.currentTarget.value })} />}
          </Field>
        </div>
        <Field id="product-featured" label={t('Featured product')} inline error={errors.featured}>
          {(c) => <input {...c} type="checkbox" checked={p.featured} onChange={(e) => set({ featured: e.currentTarget.checked })} />}
        </Field>
        {p.type === 'external' ? (
          <div class="form-grid">
            <Field id="product-external-url" label={t('Product URL')} hint={t('Where shoppers buy it.')} error={errors.external_url}>
              {(c) => <input {...c} type="url" value={p.external_url} onInput={(e) => set({ external_url: e.currentTarget.value })} />}
            </Field>
            <Field id="product-button-text" label={t('Button text')} error={errors.button_text}>
              {(c) => <input {...c} value={p.button_text} onInput={(e) => set({ button_text: e.currentTarget.value })} />}
            </Field>
          </div>
        ) : null}
      </section>

      <section class="card" aria-labelledby="product-descriptions">
        <h2 id="product-descriptions">{t('Descriptions')}</h2>
        <RichField id="product-short-description" label={t('Short description')} value={p.short_description} error={errors.short_description} onChange={(html) => set({ short_description: html })} />
        <RichField id="product-description" label={t('Description')} value={p.description} error={errors.description} onChange={(html) => set({ description: html })} />
      </section>

      <section class="card" aria-labelledby="product-media">
        <h2 id="product-media">{t('Images, categories, brands and tags')}</h2>
        {errors.images ? <p class="field-error">{errors.images}</p> : null}
        <ImagePicker idPrefix="product-image" label={t('Product images')} images={p.images} onChange={(images) => set({ images })} />
        <CategoryPicker selected={p.categories} error={errors.categories} onChange={(categories) => set({ categories })} />
        <BrandPicker selected={p.brands} error={errors.brands} onChange={(brands) => set({ brands })} />
        <TagPicker selected={p.tags} error={errors.tags} onChange={(tags) => set({ tags })} />
      </section>

      <section class="card" aria-labelledby="product-price-stock">
        <h2 id="product-price-stock">{t('Price, tax and stock')}</h2>
        {p.type === 'variable' ? <p class="field-hint cat-section-intro">{t('Prices are set on each variation, below.')}</p> : null}
        {p.type === 'grouped' ? <p class="field-hint cat-section-intro">{t('A grouped product has no price or stock of its own: they come from the products in the group.')}</p> : null}
        {p.type === 'external' ? <p class="field-hint cat-section-intro">{t('An external product is sold elsewhere, so it has no stock here.')}</p> : null}
        <div class="form-grid">
          <Field id="product-sku" label={t('SKU')} error={errors.sku}>
            {(c) => <input {...c} autocomplete="off" spellcheck={false} value={p.sku} onInput={(e) => set({ sku: e.currentTarget.value })} />}
          </Field>
          <Field id="product-tax-status" label={t('Tax status')} error={errors.tax_status}>
            {(c) => (
              <select {...c} value={p.tax_status} onChange={(e) => set({ tax_status: e.currentTarget.value as ProductData['tax_status'] })}>
                {(['taxable', 'shipping', 'none'] as const).map((v) => (
                  <option value={v}>{taxStatusLabel(v)}</option>
                ))}
              </select>
            )}
          </Field>
          <Field id="product-tax-class" label={t('Tax class')} error={errors.tax_class}>
            {(c) => (
              <select {...c} value={p.tax_class || 'standard'} onChange={(e) => set({ tax_class: e.currentTarget.value === 'standard' ? '' : e.currentTarget.value })}>
                {(taxClasses.data ?? [{ slug: 'standard', name: t('Standard') }]).map((tc) => (
                  <option value={tc.slug}>{tc.name}</option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <PriceStockFields idPrefix="product" form={state.priceStock} set={setPriceStock} errors={errors} {...parts} />
        {p.type !== 'grouped' && p.type !== 'external' ? (
          <fieldset class="cat-form-fieldset">
            <legend>{t('Purchase limits')}</legend>
            <Field id="product-sold-individually" label={t('Sold individually (one per order)')} inline error={errors.sold_individually}>
              {(c) => <input {...c} type="checkbox" checked={p.sold_individually} onChange={(e) => set({ sold_individually: e.currentTarget.checked })} />}
            </Field>
            <div class="form-grid">
              <Field id="product-min-quantity" label={t('Minimum quantity')} hint={t('Empty or 1: no minimum.')} error={errors.min_quantity}>
                {(c) => <input {...c} inputMode="numeric" value={String(p.min_quantity)} onInput={(e) => set({ min_quantity: e.currentTarget.value })} />}
              </Field>
              <Field id="product-max-quantity" label={t('Maximum quantity')} hint={t('Empty: no maximum.')} error={errors.max_quantity}>
                {(c) => <input {...c} inputMode="numeric" value={p.max_quantity} onInput={(e) => set({ max_quantity: e.currentTarget.value })} />}
              </Field>
            </div>
          </fieldset>
        ) : null}
      </section>

      <section class="card" aria-labelledby="product-shipping">
        <h2 id="product-shipping">{t('Shipping')}</h2>
        <Field id="product-virtual" label={t('Virtual (nothing to ship)')} inline error={errors.virtual}>
          {(c) => <input {...c} type="checkbox" checked={p.virtual} onChange={(e) => set({ virtual: e.currentTarget.checked })} />}
        </Field>
        <Field id="product-downloadable" label={t('Downloadable')} inline error={errors.downloadable}>
          {(c) => <input {...c} type="checkbox" checked={p.downloadable} onChange={(e) => set({ downloadable: e.currentTarget.checked })} />}
        </Field>
        {p.virtual ? null : <ShippingFields idPrefix="product" value={p} errors={errors} classes={shippingClasses.data} onChange={set} />}
      </section>

      <section class="card" aria-labelledby="product-linked">
        <h2 id="product-linked">{t('Linked products')}</h2>
        {p.type === 'grouped' ? (
          <ProductPicker id="product-grouped" label={t('Products in the group')} ids={p.grouped_products} exclude={p.id} error={errors.grouped_products} onChange={(grouped_products) => set({ grouped_products })} />
        ) : null}
        <ProductPicker id="product-upsells" label={t('Upsells')} hint={t('Offered instead of this product: better, dearer.')} ids={p.upsell_ids} exclude={p.id} error={errors.upsell_ids} onChange={(upsell_ids) => set({ upsell_ids })} />
        <ProductPicker id="product-cross-sells" label={t('Cross-sells')} hint={t('Offered in the cart with this product.')} ids={p.cross_sell_ids} exclude={p.id} error={errors.cross_sell_ids} onChange={(cross_sell_ids) => set({ cross_sell_ids })} />
      </section>

      <section class="card" aria-labelledby="product-attributes">
        <h2 id="product-attributes">{t('Attributes')}</h2>
        <AttributesEditor value={p.attributes} variable={p.type === 'variable'} error={errors.attributes} onChange={(attributes) => set({ attributes })} />
      </section>

      <SaveActions busy={save.busy} saved={saved} label={creating ? t('Create product') : undefined} />
    </form>
  );
}

/** A description, edited with the small editor, labelled like any field. */
function RichField(props: { id: string; label: string; value: string; error?: string; onChange: (html: string) => void }) {
  const labelId = `${props.id}-label`;
  return (
    <div class={`field${props.error ? ' field-invalid' : ''}`}>
      <label id={labelId} for={props.id}>
        {props.label}
      </label>
      <RichTextEditor id={props.id} labelId={labelId} value={props.value} invalid={props.error ? true : undefined} describedBy={props.error ? `${props.id}-error` : undefined} onChange={props.onChange} />
      {props.error ? (
        <p class="field-error" id={`${props.id}-error`}>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

export interface ShippingValue {
  weight: string;
  dimensions: { length: string; width: string; height: string };
  shipping_class: string;
}

/** Weight, dimensions and shipping class: a product's, and a variation's (an empty class there follows its parent). */
export function ShippingFields(props: { idPrefix: string; value: ShippingValue; errors: Record<string, string>; classes: { slug: string; name: string }[] | undefined; sameAsParent?: boolean; onChange: (changes: Partial<ShippingValue>) => void }) {
  const { idPrefix: id, value: v, errors } = props;
  const side = (key: 'length' | 'width' | 'height', label: string) => (
    <Field id={`${id}-${key}`} label={label} error={errors[`dimensions.${key}`] ?? errors.dimensions}>
      {(c) => <input {...c} inputMode="decimal" value={v.dimensions[key]} onInput={(e) => props.onChange({ dimensions: { ...v.dimensions, [key]: e.currentTarget.value } })} />}
    </Field>
  );
  return (
    <div class="form-grid">
      <Field id={`${id}-weight`} label={t('Weight')} error={errors.weight}>
        {(c) => <input {...c} inputMode="decimal" value={v.weight} onInput={(e) => props.onChange({ weight: e.currentTarget.value })} />}
      </Field>
      {side('length', t('Length'))}
      {side('width', t('Width'))}
      {side('height', t('Height'))}
      <Field id={`${id}-shipping-class`} label={t('Shipping class')} error={errors.shipping_class}>
        {(c) => (
          <select {...c} value={v.shipping_class} onChange={(e) => props.onChange({ shipping_class: e.currentTarget.value })}>
            <option value="">{props.sameAsParent ? t('Same as the product') : t('No shipping class')}</option>
            {(props.classes ?? []).map((sc) => (
              <option value={sc.slug}>{sc.name}</option>
            ))}
          </select>
        )}
      </Field>
    </div>
  );
}
