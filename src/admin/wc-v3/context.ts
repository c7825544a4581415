import type { FastifyRequest } from 'fastify';
import { invalidParam, type StoreInput } from '../../catalog/admin/input.ts';
import type { CatalogSnapshot } from '../../catalog/snapshot.ts';
import type { Product } from '../../catalog/types.ts';
import { parseMajor, toMajorString, type CurrencyFormat } from '../../commerce/money.ts';
import { gmtOffset, parseDateTime, wpDate, wpDateGmt } from '../../api/dates.ts';
import { storeCurrency } from '../../settings/currency.ts';
import { apiRoot, origin, storeUrl } from '../../api/request-context.ts';
import type { Runtime } from '../../runtime.ts';

/**
 * What every wc/v3 handler needs for one request: the catalogue as it is now, the store's money and
 * time-zone rules, and where links point. Money on this API is a decimal string of major units
 * ("21.99"); dates are WordPress's `YYYY-MM-DDTHH:MM:SS`, once in the store's zone and once as GMT.
 */
export class WcContext implements StoreInput {
  readonly snapshot: CatalogSnapshot;
  readonly decimals: number;
  readonly timeZone: string;
  readonly currency: CurrencyFormat;
  readonly root: string;
  readonly origin: string;
  readonly store: string;
  readonly now: number;
  private children: Map<number, Product[]> | null = null;

  /** For a request, or, without one, for work in the background (a webhook's payload). */
  constructor(runtime: Runtime, req: FastifyRequest | null) {
    const settings = runtime.settings.get();
    this.snapshot = runtime.catalog.current();
    this.decimals = settings.store.num_decimals;
    this.timeZone = settings.store.timezone_string;
    this.currency = storeCurrency(settings);
    this.origin = origin(req, runtime);
    this.root = `${apiRoot(req, runtime)}/wc/v3`;
    this.store = storeUrl(req, runtime);
    this.now = runtime.now();
  }

  /** Every variation of a parent, whatever its status (the snapshot indexes published ones only). */
  variationsOf(parentId: number): Product[] {
    if (!this.children) {
      this.children = new Map();
      for (const p of this.snapshot.products.values()) {
        if (p.type !== 'variation') continue;
        this.children.set(p.parentId, [...(this.children.get(p.parentId) ?? []), p]);
      }
      for (const list of this.children.values()) list.sort((a, b) => a.menuOrder - b.menuOrder || a.id - b.id);
    }
    return this.children.get(parentId) ?? [];
  }

  money(minor: number | null): string {
    return minor === null ? '' : toMajorString(minor, this.decimals);
  }

  date(unix: number | null): string | null {
    return wpDate(unix, this.timeZone);
  }

  dateGmt(unix: number | null): string | null {
    return wpDateGmt(unix);
  }

  /** A price from the wire: '' or null clear it; anything but a non-negative decimal is a 400 naming the field. */
  parsePrice(name: string, value: string | null): number | null {
    if (value === null || value.trim() === '') return null;
    const minor = parseMajor(value, this.decimals);
    if (minor === null || minor < 0) throw invalidParam(name, `${name} is not a valid price.`);
    return minor;
  }

  /**
   * A date from the wire: with a zone it is that moment; without one it is the store's local time,
   * or GMT when `gmt` is set. '' or null clear it.
   */
  parseDate(name: string, value: string | null, gmt: boolean): number | null {
    if (value === null || value.trim() === '') return null;
    const asUtc = parseDateTime(value);
    if (asUtc === null) throw invalidParam(name, `${name} is not a valid date.`);
    if (gmt || /(Z|[+-]\d{2}:?\d{2})$/i.test(value.trim())) return asUtc;
    return asUtc - Math.round(Number(gmtOffset(this.timeZone, asUtc)) * 3600);
  }
}

/** A numeric id from the URL; the route's pattern guarantees digits, this guards the size. */
export function pathId(req: FastifyRequest, name = 'id'): number {
  const id = Number((req.params as Record<string, string>)[name]);
  return Number.isSafeInteger(id) ? id : -1;
}

export function links(self: string, collection: string, up?: string): Record<string, { href: string }[]> {
  const out: Record<string, { href: string }[]> = { self: [{ href: self }], collection: [{ href: collection }] };
  if (up) out.up = [{ href: up }];
  return out;
}
