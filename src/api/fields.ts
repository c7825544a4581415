/**
 * Which fields a response carries (`fields`, `exclude_fields`, presets), with WordPress's
 * `rest_is_field_included` semantics: a field is included when it is listed, when one of its
 * descendants is listed, or when one of its ancestors is listed; exclusion wins.
 * Both syntaxes are accepted: dots (`totals.total`, Beta 1) and colons (`totals:subtotal-total`, 4.x).
 */
export class FieldSelection {
  static readonly ALL = new FieldSelection(null, []);

  private constructor(
    /** null = everything. */
    private readonly wanted: readonly string[] | null,
    private readonly excluded: readonly string[],
  ) {}

  static parse(fields: string | string[] | undefined, exclude?: string | string[]): FieldSelection {
    const wanted = tokens(fields);
    const excluded = tokens(exclude);
    if (!wanted.length && !excluded.length) return FieldSelection.ALL;
    return new FieldSelection(wanted.length ? wanted : null, excluded);
  }

  static of(paths: readonly string[]): FieldSelection {
    return new FieldSelection(paths, []);
  }

  get isAll(): boolean {
    return this.wanted === null && this.excluded.length === 0;
  }

  /** The listed top-level names (null when everything is wanted). */
  topLevel(): string[] | null {
    return this.wanted ? [...new Set(this.wanted.map((p) => p.split('.')[0]))] : null;
  }

  includes(path: string): boolean {
    if (this.excluded.some((ex) => path === ex || path.startsWith(`${ex}.`))) return false;
    if (this.wanted === null) return true;
    return this.wanted.some((w) => w === path || w.startsWith(`${path}.`) || path.startsWith(`${w}.`));
  }

  /** The selection inside `field`, for filtering a nested object. */
  child(field: string): FieldSelection {
    const prefix = `${field}.`;
    const excluded = this.excluded.filter((e) => e.startsWith(prefix)).map((e) => e.slice(prefix.length));
    if (this.wanted === null || this.wanted.some((w) => w === field || field.startsWith(`${w}.`))) {
      return excluded.length ? new FieldSelection(null, excluded) : FieldSelection.ALL;
    }
    const nested = this.wanted.filter((w) => w.startsWith(prefix)).map((w) => w.slice(prefix.length));
    return new FieldSelection(nested.length ? nested : null, excluded);
  }

  /**
   * Keeps only what is selected, at every depth, as WordPress's `rest_filter_response_fields`: a list is
   * trimmed item by item (`items.name` leaves each item its name), an object key by key.
   */
  trim(value: unknown): unknown {
    if (this.isAll || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((v) => this.trim(v));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (this.includes(k)) out[k] = this.child(k).trim(v);
    return out;
  }

  /** Keeps only the selected keys of a plain object (one level; nested selections via `child`). */
  pick<T extends Record<string, unknown>>(obj: T): Partial<T> {
    if (this.isAll) return obj;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) if (this.includes(k)) out[k] = v;
    return out as Partial<T>;
  }
}

function tokens(input: string | string[] | undefined): string[] {
  if (input === undefined) return [];
  const raw = Array.isArray(input) ? input.join(',') : String(input);
  const out: string[] = [];
  for (const token of raw.split(/[\s,]+/)) {
    const t = token.trim();
    if (!t) continue;
    const colon = t.indexOf(':');
    if (colon > 0) {
      const parent = t.slice(0, colon);
      const children = t.slice(colon + 1).split('-').filter(Boolean);
      if (children.length) for (const c of children) out.push(`${parent}.${c}`);
      else out.push(parent);
    } else {
      out.push(t);
    }
  }
  return out;
}
