import type { Kysely } from 'kysely';
import type { Bus } from '../cluster/bus.ts';
import { coalesced } from '../cluster/reloader.ts';
import type { Database } from '../db/schema.ts';
import { loadCatalogRows } from './repository.ts';
import { CatalogSnapshot } from './snapshot.ts';

const TOPIC = 'catalog';

/** Holds the current catalogue snapshot; every change reloads it here and on every other node. */
export class Catalog {
  private snapshot: CatalogSnapshot | null = null;
  private readonly reload: () => Promise<void>;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly bus: Bus,
    onError: (err: unknown) => void,
  ) {
    this.reload = coalesced(async () => {
      this.snapshot = new CatalogSnapshot(await loadCatalogRows(this.db));
    }, onError);
    bus.subscribe(TOPIC, () => void this.reload());
  }

  async load(): Promise<void> {
    await this.reload();
    if (!this.snapshot) this.snapshot = new CatalogSnapshot(await loadCatalogRows(this.db));
  }

  current(): CatalogSnapshot {
    if (!this.snapshot) throw new Error('Catalogue used before it was loaded');
    return this.snapshot;
  }

  /** Call after writing to the catalogue tables: reloads here, then tells the other nodes. */
  async changed(): Promise<void> {
    await this.reload();
    await this.bus.publish(TOPIC);
  }
}
