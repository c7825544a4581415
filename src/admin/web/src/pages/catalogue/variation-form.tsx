import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { t } from '../../i18n.ts';
import { Field } from '../../ui/field.tsx';
import { ErrorNotice } from '../../ui/notice.tsx';
import { useAction } from '../../ui/use-action.ts';
import { imageBody, ImagePicker, type ImageRef } from './image-picker.tsx';
import { checkPriceStock, priceStockBody, PriceStockFields, priceStockState, type PriceStock } from './price-stock-fields.tsx';
import { ShippingFields, type ShippingValue } from './product-editor.tsx';
import { useFieldErrors, useFocusFirstInvalid } from './shared.ts';
import { SaveActions } from './shared-ui.tsx';

/**
 * One variation of a variable product, saved with one PUT (wc/v3/products/{id}/variations/{id}): its
 * SKU, whether it is sold (published, or private and so not offered), price and sale dates, stock, image,
 * weight, dimensions and shipping class. The answer replaces what is shown.
 */

export interface Variation extends PriceStock, ShippingValue {
  name: string;
  sku: string;
  status: string;
  price: string;
  on_sale: boolean;
  image: ImageRef | null;
  attributes: { id: number; name: string; option: string }[];
}

interface State {
  sku: string;
  enabled: boolean;
  image: ImageRef[];
  shipping: ShippingValue;
}

const stateOf = (v: Variation): State => ({
  sku: v.sku,
  enabled: v.status === 'publish',
  image: v.image ? [v.image] : [],
  shipping: { weight: v.weight, dimensions: { ...v.dimensions }, shipping_class: v.shipping_class },
});

export function VariationForm(props: {
  path: string;
  value: Variation;
  shippingClasses: { slug: string; name: string }[] | undefined;
  /** Set when the parent product manages this variation's stock. */
  parentStock?: { quantity: number | null };
  onSaved: (saved: Variation) => void;
}) {
  const v = props.value;
  const id = `variation-${v.id}`;
  const [state, setState] = useState(() => stateOf(v));
  const [priceStock, setPriceStock] = useState(() => priceStockState(v));
  const save = useAction();
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const serverErrors = useFieldErrors(save.error, { product_invalid_sku: 'sku' });
  const errors = save.error ? serverErrors : localErrors;
  const formRef = useFocusFirstInvalid(errors);
  const [saved, setSaved] = useState(false);
  // The variations list is fetched again whenever the product page reloads, and effects run a frame
  // after the form is first shown: neither may wipe what is being typed, so only a variation that
  // changed on the server resets the form.
  const version = JSON.stringify(v);
  const shown = useRef(version);
  useEffect(() => {
    if (shown.current === version) return;
    shown.current = version;
    setState(stateOf(v));
    setPriceStock(priceStockState(v));
  }, [version]);
  const set = (changes: Partial<State>) => {
    setState((s) => ({ ...s, ...changes }));
    setSaved(false);
  };
  const parts = { priced: true, stocked: true, statusEditable: !props.parentStock };

  const submit = async (e: Event) => {
    e.preventDefault();
    setSaved(false);
    save.reset();
    const body: Record<string, unknown> = {
      sku: state.sku,
      status: state.enabled ? 'publish' : 'private',
      image: state.image.length ? imageBody(state.image[0]) : null,
      weight: state.shipping.weight.trim(),
      dimensions: state.shipping.dimensions,
      shipping_class: state.shipping.shipping_class,
      ...priceStockBody(priceStock, parts),
    };
    const local = checkPriceStock(body);
    setLocalErrors(local);
    if (Object.keys(local).length) return;
    const answer = await save.run(() => api<Variation>(props.path, { method: 'PUT', body }));
    if (answer) {
      props.onSaved(answer);
      setSaved(true);
    }
  };

  return (
    <form ref={formRef} class="cat-product-form" onSubmit={submit} noValidate>
      <ErrorNotice error={save.error} />
      <div class="form-grid">
        <Field id={`${id}-sku`} label={t('SKU')} error={errors.sku}>
          {(c) => <input {...c} autocomplete="off" spellcheck={false} value={state.sku} onInput={(e) => set({ sku: e.currentTarget.value })} />}
        </Field>
      </div>
      <Field id={`${id}-enabled`} label={t('Enabled (offered to shoppers)')} inline error={errors.status}>
        {(c) => <input {...c} type="checkbox" checked={state.enabled} onChange={(e) => set({ enabled: e.currentTarget.checked })} />}
      </Field>
      <PriceStockFields
        idPrefix={id}
        form={priceStock}
        set={(changes) => {
          setPriceStock((f) => ({ ...f, ...changes }));
          setSaved(false);
        }}
        errors={errors}
        parentStock={props.parentStock}
        {...parts}
      />
      <ImagePicker idPrefix={`${id}-image`} label={t('Variation image')} single images={state.image} onChange={(image) => set({ image })} />
      <fieldset class="cat-form-fieldset">
        <legend>{t('Shipping')}</legend>
        <ShippingFields idPrefix={id} value={state.shipping} errors={errors} classes={props.shippingClasses} sameAsParent onChange={(changes) => set({ shipping: { ...state.shipping, ...changes } })} />
      </fieldset>
      <SaveActions busy={save.busy} saved={saved} />
    </form>
  );
}
