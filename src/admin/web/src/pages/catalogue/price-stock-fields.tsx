import { formatNumber, t } from '../../i18n.ts';
import { Field } from '../../ui/field.tsx';
import { amountInput, dayOf } from './shared.ts';

/**
 * Price and stock of one product or variation, as wc/v3 has them: the state a form keeps of them, the
 * fields that edit it, and the part of a PUT or POST body they make. The product editor and each
 * variation's form show them alike.
 */

export interface PriceStock {
  id: number;
  regular_price: string;
  sale_price: string;
  date_on_sale_from: string | null;
  date_on_sale_to: string | null;
  manage_stock: boolean | 'parent';
  stock_quantity: number | null;
  stock_status: 'instock' | 'outofstock' | 'onbackorder';
  backorders: 'no' | 'notify' | 'yes';
}

export interface PriceStockState {
  regular: string;
  sale: string;
  schedule: boolean;
  from: string;
  to: string;
  manage: boolean;
  quantity: string;
  status: string;
  backorders: string;
}

export function priceStockState(v: Omit<PriceStock, 'id'>): PriceStockState {
  return {
    regular: v.regular_price,
    sale: v.sale_price,
    schedule: Boolean(v.date_on_sale_from || v.date_on_sale_to),
    from: dayOf(v.date_on_sale_from),
    to: dayOf(v.date_on_sale_to),
    manage: v.manage_stock === true,
    quantity: v.stock_quantity === null ? '' : String(v.stock_quantity),
    status: v.stock_status,
    backorders: v.backorders,
  };
}

/** Which parts apply: a price of its own (not a variable or grouped product), a stock (not an external or grouped one). */
export interface PriceStockParts {
  priced: boolean;
  stocked: boolean;
  /** Whether its stock status is set by hand when stock is not managed (a variable product's follows its variations). */
  statusEditable: boolean;
}

export function priceStockBody(form: PriceStockState, parts: PriceStockParts): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (parts.priced) {
    out.regular_price = amountInput(form.regular);
    out.sale_price = amountInput(form.sale);
    // As WooCommerce's product screen: a sale starts at the beginning of its first day and ends at the end of its last.
    out.date_on_sale_from = form.schedule && form.from ? `${form.from}T00:00:00` : '';
    out.date_on_sale_to = form.schedule && form.to ? `${form.to}T23:59:59` : '';
  }
  if (parts.stocked) {
    out.manage_stock = form.manage;
    if (form.manage) {
      const quantity = form.quantity.trim();
      out.stock_quantity = quantity === '' ? null : /^-?\d+$/.test(quantity) ? Number(quantity) : quantity;
      out.backorders = form.backorders;
    } else if (parts.statusEditable) out.stock_status = form.status;
  }
  return out;
}

/** What the browser can tell before asking: a sale price must be below the regular price. */
export function checkPriceStock(body: Record<string, unknown>): Record<string, string> {
  const regular = Number(body.regular_price);
  const sale = Number(body.sale_price);
  if (typeof body.sale_price === 'string' && body.sale_price !== '' && body.regular_price !== '' && Number.isFinite(regular) && Number.isFinite(sale) && sale >= regular) {
    return { sale_price: t('The sale price must be lower than the regular price.') };
  }
  return {};
}

export interface PriceStockFieldsProps extends PriceStockParts {
  /** Prefix of the controls' ids, unique on the page. */
  idPrefix: string;
  form: PriceStockState;
  set: (changes: Partial<PriceStockState>) => void;
  errors: Record<string, string>;
  /** A variation whose stock the parent manages. */
  parentStock?: { quantity: number | null };
}

export function PriceStockFields(props: PriceStockFieldsProps) {
  const { idPrefix: id, priced, stocked, statusEditable, form, set, errors } = props;
  return (
    <>

      {priced ? (
        <fieldset class="cat-form-fieldset">
          <legend class={stocked ? undefined : 'visually-hidden'}>{t('Price')}</legend>
          <div class="form-grid">
            <Field id={`${id}-regular-price`} label={t('Regular price')} error={errors.regular_price}>
              {(c) => <input {...c} inputMode="decimal" autocomplete="off" value={form.regular} onInput={(e) => set({ regular: e.currentTarget.value })} />}
            </Field>
            <Field id={`${id}-sale-price`} label={t('Sale price')} hint={t('Leave empty for no sale.')} error={errors.sale_price}>
              {(c) => <input {...c} inputMode="decimal" autocomplete="off" value={form.sale} onInput={(e) => set({ sale: e.currentTarget.value })} />}
            </Field>
          </div>
          <div class="field field-inline">
            <input
              type="checkbox"
              id={`${id}-schedule`}
              checked={form.schedule}
              aria-controls={`${id}-sale-dates`}
              onChange={(e) => set({ schedule: e.currentTarget.checked })}
            />
            <label for={`${id}-schedule`}>{t('Schedule the sale')}</label>
          </div>
          <div class="form-grid" id={`${id}-sale-dates`} hidden={!form.schedule}>
            <Field id={`${id}-sale-from`} label={t('Sale starts on')} hint={t('Empty: from now.')} error={errors.date_on_sale_from}>
              {(c) => <input {...c} type="date" value={form.from} onInput={(e) => set({ from: e.currentTarget.value })} />}
            </Field>
            <Field id={`${id}-sale-to`} label={t('Sale ends on')} hint={t('Empty: no end. The sale ends at the end of this day.')} error={errors.date_on_sale_to}>
              {(c) => <input {...c} type="date" value={form.to} onInput={(e) => set({ to: e.currentTarget.value })} />}
            </Field>
          </div>
        </fieldset>
      ) : null}
      {stocked ? (
        <fieldset class="cat-form-fieldset">
          <legend class={priced ? undefined : 'visually-hidden'}>{t('Stock')}</legend>
          <Field id={`${id}-manage-stock`} label={t('Track the stock quantity')} inline error={errors.manage_stock}>
            {(c) => <input {...c} type="checkbox" checked={form.manage} onChange={(e) => set({ manage: e.currentTarget.checked })} />}
          </Field>
          {!form.manage && props.parentStock ? (
            <p class="field-hint">
              {props.parentStock.quantity === null
                ? t('The parent product manages this variation’s stock.')
                : t('The parent product manages this variation’s stock (%s in stock).', formatNumber(props.parentStock.quantity))}
            </p>
          ) : null}
          {form.manage ? (
            <div class="form-grid">
              <Field id={`${id}-stock-quantity`} label={t('Quantity in stock')} error={errors.stock_quantity}>
                {(c) => <input {...c} inputMode="numeric" autocomplete="off" value={form.quantity} onInput={(e) => set({ quantity: e.currentTarget.value })} />}
              </Field>
              <Field id={`${id}-backorders`} label={t('Allow backorders?')} error={errors.backorders}>
                {(c) => (
                  <select {...c} value={form.backorders} onChange={(e) => set({ backorders: e.currentTarget.value })}>
                    <option value="no">{t('Do not allow')}</option>
                    <option value="notify">{t('Allow, but notify the customer')}</option>
                    <option value="yes">{t('Allow')}</option>
                  </select>
                )}
              </Field>
            </div>
          ) : statusEditable && !props.parentStock ? (
            <Field id={`${id}-stock-status`} label={t('Stock status')} error={errors.stock_status}>
              {(c) => (
                <select {...c} value={form.status} onChange={(e) => set({ status: e.currentTarget.value })}>
                  <option value="instock">{t('In stock')}</option>
                  <option value="outofstock">{t('Out of stock')}</option>
                  <option value="onbackorder">{t('On backorder')}</option>
                </select>
              )}
            </Field>
          ) : !props.parentStock ? (
            <p class="field-hint">{t('Without stock tracking here, the stock status follows the variations.')}</p>
          ) : null}
        </fieldset>
      ) : null}
    </>
  );
}
