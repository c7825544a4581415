/**
 * Filters transform a value, actions notify. Callbacks run by ascending priority (default 10), equal
 * priorities in registration order — WordPress's semantics, which CoCart's extensions are written for.
 * Hook names and argument types are declared in `FilterHooks` and `ActionHooks` (hooks/types.ts).
 */
import type { ActionHooks, FilterHooks } from './types.ts';

type FilterFn<K extends keyof FilterHooks> = (
  value: FilterHooks[K][0],
  ...args: FilterHooks[K] extends [unknown, ...infer R] ? R : never
) => FilterHooks[K][0];
type ActionFn<K extends keyof ActionHooks> = (...args: ActionHooks[K]) => void | Promise<void>;

interface Entry {
  fn: (...args: any[]) => any;
  priority: number;
  seq: number;
}

export const DEFAULT_PRIORITY = 10;

export class HookRegistry {
  private readonly filters = new Map<string, Entry[]>();
  private readonly actions = new Map<string, Entry[]>();
  private seq = 0;
  /** Changes whenever a callback is added or removed, so rendered output can be tagged with it. */
  version = 0;
  /** Called when a deprecated hook that someone uses fires: (old name, replacement). */
  onDeprecated: (hook: string, replacement: string | null) => void = () => {};

  private add(map: Map<string, Entry[]>, name: string, fn: Entry['fn'], priority: number): () => void {
    const list = map.get(name) ?? [];
    const entry = { fn, priority, seq: this.seq++ };
    list.push(entry);
    list.sort((a, b) => a.priority - b.priority || a.seq - b.seq);
    map.set(name, list);
    this.version++;
    return () => {
      const i = list.indexOf(entry);
      if (i >= 0) list.splice(i, 1);
      this.version++;
    };
  }

  addFilter<K extends keyof FilterHooks>(name: K, fn: FilterFn<K>, priority = DEFAULT_PRIORITY): () => void {
    return this.add(this.filters, name as string, fn, priority);
  }

  addAction<K extends keyof ActionHooks>(name: K, fn: ActionFn<K>, priority = DEFAULT_PRIORITY): () => void {
    return this.add(this.actions, name as string, fn, priority);
  }

  hasFilter(name: keyof FilterHooks): boolean {
    return (this.filters.get(name as string)?.length ?? 0) > 0;
  }

  hasAction(name: keyof ActionHooks): boolean {
    return (this.actions.get(name as string)?.length ?? 0) > 0;
  }

  applyFilters<K extends keyof FilterHooks>(
    name: K,
    value: FilterHooks[K][0],
    ...args: FilterHooks[K] extends [unknown, ...infer R] ? R : never
  ): FilterHooks[K][0] {
    const list = this.filters.get(name as string);
    if (!list) return value;
    let v = value;
    for (const e of list) v = e.fn(v, ...args);
    return v;
  }

  async doAction<K extends keyof ActionHooks>(name: K, ...args: ActionHooks[K]): Promise<void> {
    const list = this.actions.get(name as string);
    if (!list) return;
    for (const e of [...list]) await e.fn(...args);
  }

  /** Runs a deprecated filter only when someone registered it, then reports the deprecation. */
  applyDeprecatedFilter<K extends keyof FilterHooks>(
    name: K,
    replacement: string | null,
    value: FilterHooks[K][0],
    ...args: FilterHooks[K] extends [unknown, ...infer R] ? R : never
  ): FilterHooks[K][0] {
    if (!this.hasFilter(name)) return value;
    this.onDeprecated(name as string, replacement);
    return this.applyFilters(name, value, ...args);
  }
}
