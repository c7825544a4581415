import { Type, type Static } from '@sinclair/typebox';
import { invalidParam, trashNotSupported, type StoreInput } from '../../catalog/admin/input.ts';
import { slugOf } from '../../catalog/import/index.ts';
import { commitChange } from '../../cluster/change.ts';
import { isCountry, isState, normalizeState } from '../../commerce/address.ts';
import type { TaxClass, TaxRate } from '../../commerce/types.ts';
import { CocartError } from '../../errors.ts';
import {
  deleteTaxClass, deleteTaxRate, findTaxClass, findTaxRate, listTaxClasses, listTaxRates, saveTaxClass, saveTaxRate, type TaxRateInput,
} from '../repository.ts';
import { parsePercent, taxClassFromWire, type RulesStore } from './values.ts';

/**
 * Tax rates and tax classes. A rate's `postcodes` and `cities` are lists; the legacy `postcode` / `city`
 * strings are the same lists joined by `;` (the lists win when both are sent, as in WooCommerce). The
 * standard class is '' in storage and has no row; deleting a class deletes its rates.
 */

export const TaxBody = Type.Object({
  country: Type.Optional(Type.String({ maxLength: 2 })),
  state: Type.Optional(Type.String({ maxLength: 200 })),
  postcode: Type.Optional(Type.String()),
  city: Type.Optional(Type.String()),
  postcodes: Type.Optional(Type.Array(Type.String({ maxLength: 200 }))),
  cities: Type.Optional(Type.Array(Type.String({ maxLength: 200 }))),
  rate: Type.Optional(Type.String({ maxLength: 20 })),
  name: Type.Optional(Type.String({ maxLength: 200 })),
  priority: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647 })),
  compound: Type.Optional(Type.Boolean()),
  shipping: Type.Optional(Type.Boolean()),
  order: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647 })),
  class: Type.Optional(Type.String({ maxLength: 200 })),
});
export type TaxBody = Static<typeof TaxBody>;

/** The standard class as WooCommerce names it; its slug is reserved. */
export const STANDARD_TAX_CLASS: TaxClass = { slug: 'standard', name: 'Standard rate' };

export function invalidTaxId(kind: 'invalid' | 'not_found'): CocartError {
  return new CocartError('woocommerce_rest_invalid_id', kind, 'Invalid resource ID.');
}

const noTrash = () => trashNotSupported('Taxes do not support trashing.');

/** `a; b;;c` or a list → trimmed, non-empty, unique entries. */
function locales(values: string[], upper: boolean): string[] {
  const out = values.map((v) => (upper ? v.trim().toUpperCase() : v.trim())).filter(Boolean);
  return [...new Set(out)];
}

export class TaxService {
  constructor(private readonly store: RulesStore) {}

  all(): Promise<TaxRate[]> {
    return listTaxRates(this.store.database.db);
  }

  async find(id: number): Promise<TaxRate> {
    const rate = id > 0 ? await findTaxRate(this.store.database.db, id) : null;
    if (!rate) throw invalidTaxId('not_found');
    return rate;
  }

  /** A class slug from the wire ("standard" is ''); refused, naming `name`, when the store has no such class. */
  classSlug(input: StoreInput, name: string, value: string): string {
    return taxClassFromWire(this.store.rules, input.decimals, name, value);
  }

  async create(input: StoreInput, body: TaxBody & { id?: number }): Promise<TaxRate> {
    if (body.id) throw new CocartError('woocommerce_rest_tax_exists', 'invalid', 'Cannot create existing resource.');
    const blank: TaxRateInput = { country: '', state: '', postcodes: [], cities: [], rate: 0, name: '', priority: 1, compound: false, shipping: true, order: 0, taxClass: '' };
    const rate = this.apply(input, blank, body);
    return commitChange(this.store.database, this.store.rules, async (trx) => (await findTaxRate(trx, await saveTaxRate(trx, rate)))!);
  }

  async update(input: StoreInput, id: number, body: TaxBody): Promise<TaxRate> {
    return commitChange(this.store.database, this.store.rules, async (trx) => {
      const stored = id > 0 ? await findTaxRate(trx, id) : null;
      if (!stored) throw invalidTaxId('not_found');
      return (await findTaxRate(trx, await saveTaxRate(trx, { ...this.apply(input, stored, body), id })))!;
    });
  }

  /** Answers the rate as it was. */
  async delete(id: number, force: boolean): Promise<TaxRate> {
    if (!force) throw noTrash();
    return commitChange(this.store.database, this.store.rules, async (trx) => {
      const stored = id > 0 ? await findTaxRate(trx, id) : null;
      if (!stored) throw invalidTaxId('invalid');
      await deleteTaxRate(trx, id);
      return stored;
    });
  }

  /** The stored classes by name (not the standard class, which has no row). */
  classes(): Promise<TaxClass[]> {
    return listTaxClasses(this.store.database.db);
  }

  /** A new class named `value`; its slug comes from the name. */
  async createClass(value: string): Promise<TaxClass> {
    const name = value.trim();
    const slug = slugOf(name).slice(0, 200);
    if (!name || !slug) throw new CocartError('woocommerce_rest_tax_class_invalid_name', 'invalid', 'Tax class requires a valid name');
    return commitChange(this.store.database, this.store.rules, async (trx) => {
      const existing = await listTaxClasses(trx);
      if (slug === STANDARD_TAX_CLASS.slug || existing.some((t) => t.slug === slug || t.name.toLowerCase() === name.toLowerCase())) {
        throw new CocartError('woocommerce_rest_tax_class_exists', 'invalid', 'Tax class already exists');
      }
      await saveTaxClass(trx, { slug, name });
      return { slug, name };
    });
  }

  /**
   * Makes the classes exactly those named, as WooCommerce's tax settings page saves its "Additional tax
   * classes" (one name a line): classes no longer named are deleted with their rates, new names become
   * classes. All in one transaction; an unusable name changes nothing.
   */
  async syncClasses(names: string[]): Promise<TaxClass[]> {
    const wanted = [...new Map(names.map((n) => n.trim()).filter(Boolean).map((name) => [name.toLowerCase(), name])).values()];
    const fresh = wanted.map((name) => ({ name, slug: slugOf(name).slice(0, 200) }));
    if (fresh.some((c) => !c.slug)) throw new CocartError('woocommerce_rest_tax_class_invalid_name', 'invalid', 'Tax class requires a valid name');
    return commitChange(this.store.database, this.store.rules, async (trx) => {
      const named = new Set(wanted.map((n) => n.toLowerCase()));
      const existing = await listTaxClasses(trx);
      const kept = existing.filter((c) => named.has(c.name.toLowerCase()));
      for (const c of existing) if (!kept.includes(c)) await deleteTaxClass(trx, c.slug);
      const keptNames = new Set(kept.map((c) => c.name.toLowerCase()));
      const slugs = new Set([STANDARD_TAX_CLASS.slug, ...kept.map((c) => c.slug)]);
      for (const c of fresh.filter((f) => !keptNames.has(f.name.toLowerCase()))) {
        // The standard class's slug, or two names with one slug ("Zero rate", "zero-rate").
        if (slugs.has(c.slug)) throw new CocartError('woocommerce_rest_tax_class_exists', 'invalid', 'Tax class already exists');
        slugs.add(c.slug);
        await saveTaxClass(trx, c);
      }
      return listTaxClasses(trx);
    });
  }

  /** Deletes a class and its rates; answers the class as it was. The standard class cannot be deleted. */
  async deleteClass(slug: string, force: boolean): Promise<TaxClass> {
    if (!force) throw noTrash();
    const invalid = () => new CocartError('woocommerce_rest_invalid_id', 'invalid', 'Invalid resource id.');
    if (slug === STANDARD_TAX_CLASS.slug) throw invalid();
    return commitChange(this.store.database, this.store.rules, async (trx) => {
      const found = await findTaxClass(trx, slug);
      if (!found || !(await deleteTaxClass(trx, slug))) throw invalid();
      return found;
    });
  }

  private apply(input: StoreInput, base: TaxRateInput, b: TaxBody): TaxRateInput {
    const x: TaxRateInput = { ...base };
    if (b.country !== undefined) {
      const country = b.country.trim().toUpperCase();
      if (country !== '' && !isCountry(country)) throw invalidParam('country', 'country is not a valid country code.');
      x.country = country;
    }
    if (b.state !== undefined || b.country !== undefined) {
      const state = (b.state ?? x.state).trim();
      if (state !== '' && x.country !== '' && !isState(x.country, state)) throw invalidParam('state', `state is not a state of ${x.country}.`);
      x.state = x.country ? normalizeState(x.country, state).toUpperCase() : state.toUpperCase();
    }
    const postcodes = b.postcodes ?? (b.postcode !== undefined ? b.postcode.split(';') : undefined);
    if (postcodes !== undefined) x.postcodes = locales(postcodes, true);
    const cities = b.cities ?? (b.city !== undefined ? b.city.split(';') : undefined);
    if (cities !== undefined) x.cities = locales(cities, false);
    if (x.postcodes.some((p) => p.length > 200)) throw invalidParam('postcodes', 'postcodes entries must be at most 200 characters long.');
    if (x.cities.some((p) => p.length > 200)) throw invalidParam('cities', 'cities entries must be at most 200 characters long.');
    // The column holds "999.9999" at most.
    if (b.rate !== undefined) x.rate = Number(parsePercent('rate', b.rate, 999.9999));
    if (b.name !== undefined) x.name = b.name.trim();
    if (b.priority !== undefined) x.priority = b.priority;
    if (b.compound !== undefined) x.compound = b.compound;
    if (b.shipping !== undefined) x.shipping = b.shipping;
    if (b.order !== undefined) x.order = b.order;
    if (b.class !== undefined) x.taxClass = this.classSlug(input, 'class', b.class);
    return x;
  }
}
