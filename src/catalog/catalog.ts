import type { Kysely } from 'kysely';
import type { Bus } from '../cluster/bus.ts';
import { SharedValue } from '../cluster/shared-value.ts';
import type { Database } from '../db/schema.ts';
import { loadCatalogRows } from './repository.ts';
import { CatalogSnapshot } from './snapshot.ts';

/** Holds the current catalogue snapshot; every change reloads it here and on every other node. */
export class Catalog {
  private readonly shared: SharedValue<CatalogSnapshot>;
  private readonly read: () => Promise<CatalogSnapshot>;

  constructor(db: Kysely<Database>, bus: Bus, onError: (err: unknown) => void) {
    this.read = async () => new CatalogSnapshot(await loadCatalogRows(db));
    this.shared = new SharedValue(bus, 'catalog', this.read, onError);
  }

  load(): Promise<void> {
    return this.shared.init(this.read);
  }

  current(): CatalogSnapshot {
    return this.shared.get();
  }

  /** Call after writing to the catalogue tables: reloads here, then tells the other nodes. */
  changed(): Promise<void> {
    return this.shared.changed();
  }
}
