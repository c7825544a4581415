import type { TObject } from '@sinclair/typebox';
import { COUNTRIES, STATES } from '../../commerce/address.ts';
import { currencies as allCurrencies } from '../../commerce/currencies.ts';
import type { TaxClass } from '../../commerce/types.ts';
import { CocartError } from '../../errors.ts';
import { SettingsSchema, type Settings } from '../../settings/schema.ts';

/**
 * WooCommerce's setting options for the `general` and `tax` groups (its General and Tax settings
 * pages, as WooCommerce registers them for the REST API): each option's id, label, description, tip,
 * type and choices, and how its value maps onto our stored settings, which stay the one source of
 * truth. On the wire a checkbox is "yes"/"no", a number is text, and the standard tax class is ''.
 * A change is checked as WooCommerce checks its type (a select's value must be one of its options, a
 * multiselect keeps only known entries), then goes through the settings patch like any other.
 */

export type WireValue = string | string[];

/** What an option's value and choices are read from. */
export interface StoreView {
  settings: Settings;
  /** The additional tax classes (not the standard one). */
  taxClasses: TaxClass[];
}

/** How a new value is stored: a settings patch (field → value), or the list of tax classes. */
export type Change = { settings: Record<string, unknown> } | { taxClasses: string[] };

export type OptionType = 'text' | 'number' | 'textarea' | 'select' | 'radio' | 'multiselect' | 'checkbox';

export interface SettingOption {
  id: string;
  label: string;
  description: string;
  type: OptionType;
  tip?: string;
  default: WireValue;
  options?: (store: StoreView) => Record<string, string>;
  read(store: StoreView): WireValue;
  write(value: WireValue): Change;
}

export interface SettingGroup {
  id: string;
  label: string;
  options: SettingOption[];
  /** Whether the group is there at all (WooCommerce's Tax page only while taxes are enabled). */
  present(settings: Settings): boolean;
  /** Options shown only in some states of the store (the shipping tax class while shipping is on). */
  shown?(option: SettingOption, settings: Settings): boolean;
}

type Section = keyof Settings;

function schemaDefault(section: Section, field: string): unknown {
  return ((SettingsSchema.properties[section] as TObject).properties[field] as { default: unknown }).default;
}

/** A stored value as WooCommerce writes it. */
function toWire(value: unknown): WireValue {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.map(String);
  return String(value);
}

/** A wire value as the settings patch takes it; a number typed wrongly goes as typed, for the patch to explain. */
function fromWire(value: WireValue, like: unknown): unknown {
  if (typeof like === 'number' && typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number(value);
  return value;
}

type Text = Pick<SettingOption, 'label' | 'description' | 'tip'>;

/** An option that is one stored setting. `desc_tip: true` in WooCommerce: the tip repeats the description. */
function stored(id: string, section: Section, field: string, type: OptionType, text: Text, options?: SettingOption['options']): SettingOption {
  const like = schemaDefault(section, field);
  return {
    id,
    ...text,
    type,
    default: toWire(like),
    options,
    read: ({ settings }) => toWire((settings[section] as Record<string, unknown>)[field]),
    write: (value) => ({ settings: { [field]: fromWire(value, like) } }),
  };
}

const tipped = (label: string, description: string): Text => ({ label, description, tip: description });
const fixed = (choices: Record<string, string>) => () => choices;

const countries = fixed(COUNTRIES);

/** "Country - State" for each state, the country alone for one without states (WooCommerce's base-location choices). */
const countriesAndStates = fixed(
  Object.fromEntries(
    Object.entries(COUNTRIES).flatMap(([code, name]) => {
      const states = Object.entries(STATES[code] ?? {});
      return states.length ? states.map(([state, stateName]) => [`${code}:${state}`, `${name} - ${stateName}`]) : [[code, name]];
    }),
  ),
);

let currencyChoices: Record<string, string> | null = null;

/** "Pound sterling (£) — GBP", for the currencies the runtime knows, and the store's own whatever it is. */
function currencies({ settings }: StoreView): Record<string, string> {
  currencyChoices ??= Object.fromEntries(allCurrencies().map((c) => [c.code, `${c.name} (${c.symbol}) — ${c.code}`]));
  const own = settings.store.currency;
  return own in currencyChoices ? currencyChoices : { ...currencyChoices, [own]: own };
}

const INCL_EXCL = fixed({ incl: 'Including tax', excl: 'Excluding tax' });

const GENERAL: SettingOption[] = [
  stored('woocommerce_store_address', 'store', 'address', 'text', tipped('Address line 1', 'The street address for your business location.')),
  stored('woocommerce_store_address_2', 'store', 'address_2', 'text', tipped('Address line 2', 'An additional, optional address line for your business location.')),
  stored('woocommerce_store_city', 'store', 'city', 'text', tipped('City', 'The city in which your business is located.')),
  stored('woocommerce_default_country', 'store', 'country', 'select', tipped('Country / State', 'The country and state or province, if any, in which your business is located.'), countriesAndStates),
  stored('woocommerce_store_postcode', 'store', 'postcode', 'text', tipped('Postcode / ZIP', 'The postal code, if any, in which your business is located.')),
  stored(
    'woocommerce_allowed_countries',
    'locations',
    'allowed_countries',
    'select',
    tipped('Selling location(s)', 'This option lets you limit which countries you are willing to sell to.'),
    fixed({ all: 'Sell to all countries', all_except: 'Sell to all countries, except for…', specific: 'Sell to specific countries' }),
  ),
  stored('woocommerce_all_except_countries', 'locations', 'all_except_countries', 'multiselect', { label: 'Sell to all countries, except for…', description: '' }, countries),
  stored('woocommerce_specific_allowed_countries', 'locations', 'specific_allowed_countries', 'multiselect', { label: 'Sell to specific countries', description: '' }, countries),
  {
    // One WooCommerce option over two settings: whether there is shipping at all, and where it goes.
    id: 'woocommerce_ship_to_countries',
    ...tipped('Shipping location(s)', 'Choose which countries you want to ship to, or choose to ship to all locations you sell to.'),
    type: 'select',
    default: toWire(schemaDefault('locations', 'ship_to_countries')),
    options: fixed({ '': 'Ship to all countries you sell to', all: 'Ship to all countries', specific: 'Ship to specific countries only', disabled: 'Disable shipping & shipping calculations' }),
    read: ({ settings }) => (settings.shipping.enable_shipping ? settings.locations.ship_to_countries : 'disabled'),
    write: (value) => ({ settings: value === 'disabled' ? { enable_shipping: false } : { enable_shipping: true, ship_to_countries: value } }),
  },
  stored('woocommerce_specific_ship_to_countries', 'locations', 'specific_ship_to_countries', 'multiselect', { label: 'Ship to specific countries', description: '' }, countries),
  stored(
    'woocommerce_default_customer_address',
    'locations',
    'default_customer_address',
    'select',
    {
      label: 'Default customer location',
      description: '',
      tip: 'This option determines a customers default location. The MaxMind GeoLite Database will be periodically downloaded to your wp-content directory if using geolocation.',
    },
    fixed({ '': 'No location by default', base: 'Shop country/region', geolocation: 'Geolocate', geolocation_ajax: 'Geolocate (with page caching support)' }),
  ),
  stored('woocommerce_calc_taxes', 'tax', 'calc_taxes', 'checkbox', {
    label: 'Enable taxes',
    description: 'Enable tax rates and calculations',
    tip: 'Rates will be configurable and taxes will be calculated during checkout.',
  }),
  stored('woocommerce_enable_coupons', 'coupons', 'enable_coupons', 'checkbox', {
    label: 'Enable coupons',
    description: 'Enable the use of coupon codes',
    tip: 'Coupons can be applied from the cart and checkout pages.',
  }),
  stored('woocommerce_calc_discounts_sequentially', 'coupons', 'calc_discounts_sequentially', 'checkbox', {
    label: '',
    description: 'Calculate coupon discounts sequentially',
    tip: 'When applying multiple coupons, apply the first coupon to the full price and the second coupon to the discounted price and so on.',
  }),
  stored('woocommerce_currency', 'store', 'currency', 'select', tipped('Currency', 'This controls what currency prices are listed at in the catalog and which currency gateways will take payments in.'), currencies),
  stored(
    'woocommerce_currency_pos',
    'store',
    'currency_pos',
    'select',
    tipped('Currency position', 'This controls the position of the currency symbol.'),
    fixed({ left: 'Left', right: 'Right', left_space: 'Left with space', right_space: 'Right with space' }),
  ),
  stored('woocommerce_price_thousand_sep', 'store', 'thousand_separator', 'text', tipped('Thousand separator', 'This sets the thousand separator of displayed prices.')),
  stored('woocommerce_price_decimal_sep', 'store', 'decimal_separator', 'text', tipped('Decimal separator', 'This sets the decimal separator of displayed prices.')),
  stored('woocommerce_price_num_decimals', 'store', 'num_decimals', 'number', tipped('Number of decimals', 'This sets the number of decimal points shown in displayed prices.')),
];

const SHIPPING_TAX_CLASS = 'woocommerce_shipping_tax_class';

const TAX: SettingOption[] = [
  stored(
    'woocommerce_prices_include_tax',
    'tax',
    'prices_include_tax',
    'radio',
    {
      label: 'Prices entered with tax',
      description: '',
      tip: 'This option is important as it will affect how you input prices. If you select "Yes", enter prices including your base location\'s tax rate, the baseline for tax calculations. Changing this option will not update existing products.',
    },
    fixed({ yes: 'Yes, I will enter prices inclusive of tax', no: 'No, I will enter prices exclusive of tax' }),
  ),
  stored(
    'woocommerce_tax_based_on',
    'tax',
    'tax_based_on',
    'select',
    { label: 'Calculate tax based on', description: '', tip: 'This option determines which address is used to calculate tax.' },
    fixed({ shipping: 'Customer shipping address', billing: 'Customer billing address', base: 'Shop base address' }),
  ),
  {
    // The standard class is '' in WooCommerce's choices and 'standard' in our settings.
    id: SHIPPING_TAX_CLASS,
    ...tipped('Shipping tax class', 'Optionally control which tax class shipping gets, or leave it so shipping tax is based on the cart items themselves.'),
    type: 'select',
    default: 'inherit',
    options: ({ taxClasses }) => ({ inherit: 'Shipping tax class based on cart items', '': 'Standard', ...Object.fromEntries(taxClasses.map((c) => [c.slug, c.name])) }),
    read: ({ settings }) => (settings.tax.shipping_tax_class === 'standard' ? '' : settings.tax.shipping_tax_class),
    write: (value) => ({ settings: { shipping_tax_class: value === '' ? 'standard' : value } }),
  },
  stored('woocommerce_tax_round_at_subtotal', 'tax', 'tax_round_at_subtotal', 'checkbox', { label: 'Rounding', description: 'Round tax at subtotal level, instead of rounding per line' }),
  {
    // Not a setting: the tax classes themselves, one name a line.
    id: 'woocommerce_tax_classes',
    label: 'Additional tax classes',
    description: '',
    tip: 'List additional tax classes you need below (1 per line, e.g. Reduced Rates). These are in addition to "Standard rate" which exists by default.',
    type: 'textarea',
    default: '',
    read: ({ taxClasses }) => taxClasses.map((c) => c.name).join('\n'),
    write: (value) => ({ taxClasses: String(value).split('\n') }),
  },
  stored('woocommerce_tax_display_shop', 'tax', 'tax_display_shop', 'select', { label: 'Display prices in the shop', description: '' }, INCL_EXCL),
  stored('woocommerce_tax_display_cart', 'tax', 'tax_display_cart', 'select', { label: 'Display prices during cart and checkout', description: '' }, INCL_EXCL),
  stored('woocommerce_price_display_suffix', 'tax', 'price_display_suffix', 'text', {
    label: 'Price display suffix',
    description: '',
    tip: 'Define text to show after your product prices. This could be, for example, "inc. Vat" to explain your pricing. You can also have prices substituted here using one of the following: {price_including_tax}, {price_excluding_tax}.',
  }),
  stored('woocommerce_tax_total_display', 'tax', 'tax_total_display', 'select', { label: 'Display tax totals', description: '' }, fixed({ single: 'As a single total', itemized: 'Itemized' })),
];

export const SETTING_GROUPS: SettingGroup[] = [
  { id: 'general', label: 'General', options: GENERAL, present: () => true },
  {
    id: 'tax',
    label: 'Tax',
    options: TAX,
    present: (settings) => settings.tax.calc_taxes,
    shown: (option, settings) => option.id !== SHIPPING_TAX_CLASS || settings.shipping.enable_shipping,
  },
];

export function groupMissing(): CocartError {
  return new CocartError('rest_setting_setting_group_invalid', 'not_found', 'Invalid setting group.');
}

export function optionMissing(): CocartError {
  return new CocartError('rest_setting_setting_invalid', 'not_found', 'Invalid setting.');
}

export function invalidValue(params?: Record<string, string>): CocartError {
  return new CocartError('rest_setting_value_invalid', 'invalid', 'An invalid setting value was passed.', [], params ? { params } : {});
}

/** The options of a group as the store stands, in WooCommerce's order. */
export function optionsOf(group: SettingGroup, settings: Settings): SettingOption[] {
  return group.options.filter((o) => group.shown?.(o, settings) ?? true);
}

/**
 * A value from the wire checked as WooCommerce checks its option type: a checkbox takes "yes" or "no"
 * (nothing: its default), a select or radio one of its options, a multiselect a list (nothing: none)
 * of which unknown entries are dropped, and text any single value, trimmed.
 */
export function checkValue(option: SettingOption, raw: unknown, store: StoreView): WireValue {
  switch (option.type) {
    case 'checkbox':
      if (raw === 'yes' || raw === true) return 'yes';
      if (raw === 'no' || raw === false) return 'no';
      if (raw === undefined || raw === null || raw === '' || raw === 0 || raw === '0') return option.default;
      throw invalidValue();
    case 'select':
    case 'radio': {
      const key = raw === undefined || raw === null ? '' : typeof raw === 'string' || typeof raw === 'number' ? String(raw) : null;
      if (key === null || !Object.hasOwn(option.options?.(store) ?? {}, key)) throw invalidValue();
      return key;
    }
    case 'multiselect': {
      if (raw === undefined || raw === null || raw === '' || (Array.isArray(raw) && raw.length === 0)) return [];
      if (!Array.isArray(raw)) throw invalidValue();
      const choices = option.options?.(store) ?? {};
      return [...new Set(raw.filter((v): v is string => typeof v === 'string' && Object.hasOwn(choices, v)))];
    }
    default:
      if (raw === undefined || raw === null) return '';
      if (typeof raw === 'string') return raw.trim();
      if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
      throw invalidValue();
  }
}
