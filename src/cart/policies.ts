import { BUILT_IN_MERGE_STRATEGIES, unionMerge, type MergeStrategy, type MergeStrategyName } from './merge-carts.ts';
import { customPriceWithSalt, type UnitPriceStrategy } from './unit-price.ts';

/**
 * The cart's replaceable policies, one interface each with its built-ins beside it: how a guest cart
 * merges into a customer's at login (chosen by the `cart.merge_strategy` setting) and what a line's
 * unit costs. A plugin puts its own in place at start-up, before any runs; from then on it is used
 * whatever the setting says.
 */
export class CartPolicies {
  private customMerge: MergeStrategy | null = null;
  private price: UnitPriceStrategy = customPriceWithSalt;

  setMergeStrategy(strategy: MergeStrategy): void {
    this.customMerge = strategy;
  }

  setUnitPrice(strategy: UnitPriceStrategy): void {
    this.price = strategy;
  }

  /** The strategy for a hand-over: a plugin's, else the built-in the setting names. */
  mergeStrategy(setting: MergeStrategyName): MergeStrategy {
    return this.customMerge ?? BUILT_IN_MERGE_STRATEGIES[setting] ?? unionMerge;
  }

  unitPrice(): UnitPriceStrategy {
    return this.price;
  }
}
