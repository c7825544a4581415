import type { Kysely } from 'kysely';
import { Value } from '@sinclair/typebox/value';
import type { Bus } from '../cluster/bus.ts';
import { coalesced } from '../cluster/reloader.ts';
import type { Database } from '../db/schema.ts';
import { SettingsSchema, type Settings } from './schema.ts';

const OPTION = 'settings';
const TOPIC = 'settings';

/** Stored settings merged over defaults, cached in memory and reloaded on every node when one changes. */
export class SettingsService {
  private cached: Settings = Value.Create(SettingsSchema);
  private revision = 0;
  private readonly reload: () => Promise<void>;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly bus: Bus,
    onError: (err: unknown) => void,
  ) {
    this.reload = coalesced(async () => {
      this.cached = await this.read();
      this.revision++;
    }, onError);
    bus.subscribe(TOPIC, () => void this.reload());
  }

  async load(): Promise<void> {
    this.cached = await this.read();
    this.revision++;
  }

  get(): Settings {
    return this.cached;
  }

  /** Changes whenever the settings do, so responses can tag what they were built from cheaply. */
  version(): number {
    return this.revision;
  }

  private async read(): Promise<Settings> {
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
    this.cached = next;
    this.revision++;
    await this.bus.publish(TOPIC);
  }
}
