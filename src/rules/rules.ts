import type { Kysely } from 'kysely';
import type { Bus } from '../cluster/bus.ts';
import { SharedValue } from '../cluster/shared-value.ts';
import type { StoreRules } from '../commerce/types.ts';
import type { Database } from '../db/schema.ts';
import { buildRules, loadRuleRows, type RuleRows } from './repository.ts';

/**
 * The store's pricing rules held in memory on every node, reloaded everywhere when one node changes
 * them (as the catalogue is). Built for the store's current number of decimals.
 */
export class Rules {
  private readonly shared: SharedValue<RuleRows>;
  private readonly read: () => Promise<RuleRows>;
  private built: { version: number; decimals: number; rules: StoreRules } | null = null;
  private expiries: { version: number; times: number[] } | null = null;

  constructor(db: Kysely<Database>, bus: Bus, onError: (err: unknown) => void) {
    this.read = () => loadRuleRows(db);
    this.shared = new SharedValue(bus, 'rules', this.read, onError);
  }

  load(): Promise<void> {
    return this.shared.init(this.read);
  }

  current(decimals: number): StoreRules {
    const version = this.shared.version();
    const b = this.built;
    if (b && b.version === version && b.decimals === decimals) return b.rules;
    const rules = buildRules(this.shared.get(), decimals);
    this.built = { version, decimals, rules };
    return rules;
  }

  /** The first coupon expiry after `now`: a cart priced before it may price differently after. */
  nextCouponExpiry(now: number): number {
    // Every cart read asks (its ETag names it), so the expiries are sorted once per reload, not scanned per request.
    const version = this.shared.version();
    if (this.expiries?.version !== version) {
      const times = this.shared.get().coupons.flatMap((c) => (c.expires_at === null ? [] : [Number(c.expires_at)]));
      this.expiries = { version, times: times.sort((a, b) => a - b) };
    }
    for (const t of this.expiries.times) if (t > now) return t;
    return Number.POSITIVE_INFINITY;
  }

  /** Changes with every reload, so cached responses know the rules they were built from. */
  version(): number {
    return this.shared.version();
  }

  /** Call after writing to the rule tables: reloads here, then tells the other nodes. */
  changed(): Promise<void> {
    return this.shared.changed();
  }
}
