import type { Bus } from './bus.ts';
import { coalesced } from './reloader.ts';

/**
 * A value every node keeps in memory and reloads from the database when any node says it changed
 * (the catalogue snapshot, the settings). Reloads coalesce; `version` changes with every new value.
 */
export class SharedValue<T> {
  private value: T | null = null;
  private revision = 0;
  private readonly reload: () => Promise<void>;

  constructor(
    private readonly bus: Bus,
    private readonly topic: string,
    load: () => Promise<T>,
    onError: (err: unknown) => void,
  ) {
    this.reload = coalesced(async () => this.set(await load()), onError);
    bus.subscribe(topic, () => void this.reload());
  }

  /** First load at start-up; a failure here is fatal, so it propagates. */
  async init(load: () => Promise<T>): Promise<void> {
    this.set(await load());
  }

  get(): T {
    if (this.value === null) throw new Error(`${this.topic} used before it was loaded`);
    return this.value;
  }

  version(): number {
    return this.revision;
  }

  /** After writing to the database: reload here, then tell the other nodes. */
  async changed(): Promise<void> {
    await this.reload();
    await this.bus.publish(this.topic);
  }

  /** After writing a value this node already holds: keep it, then tell the other nodes. */
  async replaced(value: T): Promise<void> {
    this.set(value);
    await this.bus.publish(this.topic);
  }

  private set(value: T): void {
    this.value = value;
    this.revision++;
  }
}
