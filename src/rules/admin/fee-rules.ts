import { Type, type Static } from '@sinclair/typebox';
import type { Selectable } from 'kysely';
import { invalidParam, literals, orNull, trashNotSupported, type StoreInput } from '../../catalog/admin/input.ts';
import { commitChange } from '../../cluster/change.ts';
import { isCountry } from '../../commerce/address.ts';
import type { FeeRulesTable } from '../../db/schema.ts';
import { CocartError } from '../../errors.ts';
import { deleteFeeRule, feeInputFromRow, findFeeRuleRow, listFeeRuleRows, saveFeeRule, type FeeInput } from '../repository.ts';
import { ruleAmount, taxClassFromWire, type RulesStore } from './values.ts';

/**
 * The store's own fee rules. A rule adds one fee to every cart that meets all its conditions; its
 * `amount` is money in the store's currency (`fixed`) or a percentage of the items total (`percent`).
 */

export const FeeBody = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 200 })),
  enabled: Type.Optional(Type.Boolean()),
  type: Type.Optional(literals(['fixed', 'percent'])),
  amount: Type.Optional(Type.String({ maxLength: 20 })),
  taxable: Type.Optional(Type.Boolean()),
  tax_class: Type.Optional(Type.String({ maxLength: 200 })),
  minimum_amount: Type.Optional(orNull(Type.String({ maxLength: 20 }))),
  maximum_amount: Type.Optional(orNull(Type.String({ maxLength: 20 }))),
  countries: Type.Optional(Type.Array(Type.String({ maxLength: 2 }))),
  payment_methods: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }))),
  requires_shipping: Type.Optional(Type.Boolean()),
  order: Type.Optional(Type.Integer({ minimum: -2_147_483_648, maximum: 2_147_483_647 })),
});
export type FeeBody = Static<typeof FeeBody>;

export type FeeRuleRow = Selectable<FeeRulesTable>;

function invalidFeeId(): CocartError {
  return new CocartError('cartwright_rest_fee_rule_invalid_id', 'not_found', 'Invalid ID.');
}

export class FeeRuleService {
  constructor(private readonly store: RulesStore) {}

  all(): Promise<FeeRuleRow[]> {
    return listFeeRuleRows(this.store.database.db);
  }

  async find(id: number): Promise<FeeRuleRow> {
    const row = id > 0 ? await findFeeRuleRow(this.store.database.db, id) : null;
    if (!row) throw invalidFeeId();
    return row;
  }

  async create(input: StoreInput, body: FeeBody & { name: string; amount: string }): Promise<FeeRuleRow> {
    const blank: FeeInput = {
      name: '', enabled: true, type: 'fixed', amount: '0', taxable: false, taxClass: '', minimumAmount: null, maximumAmount: null,
      countries: [], paymentMethods: [], requiresShipping: false, order: 0,
    };
    const fee = this.apply(input, blank, body);
    return commitChange(this.store.database, this.store.rules, async (trx) => (await findFeeRuleRow(trx, await saveFeeRule(trx, fee)))!);
  }

  async update(input: StoreInput, id: number, body: FeeBody): Promise<FeeRuleRow> {
    return commitChange(this.store.database, this.store.rules, async (trx) => {
      const row = id > 0 ? await findFeeRuleRow(trx, id) : null;
      if (!row) throw invalidFeeId();
      return (await findFeeRuleRow(trx, await saveFeeRule(trx, { ...this.apply(input, feeInputFromRow(row), body), id })))!;
    });
  }

  /** Answers the rule as it was. */
  async delete(id: number, force: boolean): Promise<FeeRuleRow> {
    if (!force) throw trashNotSupported('Fee rules do not support trashing.', [], 'cartwright_rest_trash_not_supported');
    return commitChange(this.store.database, this.store.rules, async (trx) => {
      const row = id > 0 ? await findFeeRuleRow(trx, id) : null;
      if (!row) throw invalidFeeId();
      await deleteFeeRule(trx, id);
      return row;
    });
  }

  private apply(input: StoreInput, base: FeeInput, b: FeeBody): FeeInput {
    const x: FeeInput = { ...base };
    if (b.name !== undefined) {
      x.name = b.name.trim();
      if (!x.name) throw invalidParam('name', 'name cannot be empty.');
    }
    if (b.enabled !== undefined) x.enabled = b.enabled;
    if (b.type !== undefined) x.type = b.type as FeeInput['type'];
    if (b.amount !== undefined || b.type !== undefined) x.amount = ruleAmount(x.type === 'percent', b.amount ?? x.amount, input.decimals);
    if (b.taxable !== undefined) x.taxable = b.taxable;
    if (b.tax_class !== undefined) x.taxClass = taxClassFromWire(this.store.rules, input.decimals, 'tax_class', b.tax_class);
    if (b.minimum_amount !== undefined) x.minimumAmount = input.parsePrice('minimum_amount', b.minimum_amount);
    if (b.maximum_amount !== undefined) x.maximumAmount = input.parsePrice('maximum_amount', b.maximum_amount);
    if (x.minimumAmount !== null && x.maximumAmount !== null && x.minimumAmount > x.maximumAmount) {
      throw invalidParam('maximum_amount', 'maximum_amount must not be below minimum_amount.');
    }
    if (b.countries !== undefined) {
      const countries = b.countries.map((v) => v.trim().toUpperCase());
      const bad = countries.find((v) => !isCountry(v));
      if (bad !== undefined) throw invalidParam('countries', `countries: ${bad} is not a valid country code.`);
      x.countries = [...new Set(countries)];
    }
    if (b.payment_methods !== undefined) x.paymentMethods = [...new Set(b.payment_methods.map((v) => v.trim()).filter(Boolean))];
    if (b.requires_shipping !== undefined) x.requiresShipping = b.requires_shipping;
    if (b.order !== undefined) x.order = b.order;
    return x;
  }
}
