import type { Kysely } from 'kysely';
import { Value } from '@sinclair/typebox/value';
import type { Bus } from '../cluster/bus.ts';
import { SharedValue } from '../cluster/shared-value.ts';
import type { Database } from '../db/schema.ts';
import { SettingsSchema, type Settings } from './schema.ts';

const OPTION = 'settings';

/** Stored settings merged over defaults, cached in memory and reloaded on every node when one changes. */
export class SettingsService {
  private readonly shared: SharedValue<Settings>;
  private readonly read: () => Promise<Settings>;

  constructor(
    private readonly db: Kysely<Database>,
    bus: Bus,
    onError: (err: unknown) => void,
  ) {
    this.read = () => this.readStored();
    this.shared = new SharedValue(bus, 'settings', this.read, onError);
  }

  load(): Promise<void> {
    return this.shared.init(this.read);
  }

  get(): Settings {
    return this.shared.get();
  }

  /** Changes whenever the settings do, so responses can tag what they were built from cheaply. */
  version(): number {
    return this.shared.version();
  }

  private async readStored(): Promise<Settings> {
    const row = await this.db.selectFrom('options').select('value').where('name', '=', OPTION).executeTakeFirst();
    let stored: unknown = {};
    try {
      stored = row ? JSON.parse(row.value) : {};
    } catch {
      stored = {};
    }
    // Defaults fill anything missing; a stored value that no longer validates falls back to its default.
    const merged = Value.Default(SettingsSchema, Value.Clean(SettingsSchema, structuredClone(stored))) as Settings;
    return Value.Check(SettingsSchema, merged) ? merged : Value.Create(SettingsSchema);
  }

  /** Saves a complete, already validated settings object. */
  async save(next: Settings): Promise<void> {
    const value = JSON.stringify(next);
    await this.db
      .insertInto('options')
      .values({ name: OPTION, value })
      .onConflict((oc) => oc.column('name').doUpdateSet({ value }))
      .execute();
    await this.shared.replaced(next);
  }
}
