/**
 * PHP's `unserialize` for the values WordPress and WooCommerce keep in sessions: null, booleans,
 * integers, floats, strings (lengths in bytes of their UTF-8 encoding), arrays, objects, custom-serialized
 * objects (kept as their raw payload) and `r`/`R` references to values already read. Nothing is ever
 * instantiated: an object is its class name and properties. Malformed input is refused with a
 * `PhpUnserializeError` that names what was expected and the byte offset where it was not found.
 */

export type PhpKey = number | string;
/** A PHP array: ordered, keyed by integers or strings (numeric-string keys become integers, as in PHP). */
export type PhpArray = Map<PhpKey, PhpValue>;
/** Integers outside ±2^53 arrive as bigint so that no digit is lost. */
export type PhpValue = null | boolean | number | bigint | string | PhpArray | PhpObject;

/** An object as serialized: its class name and properties (private and protected names keep PHP's NUL mangling). */
export class PhpObject {
  constructor(
    readonly className: string,
    readonly properties: PhpArray = new Map(),
    /** For `C:` (Serializable) objects: the class's own payload, not interpreted. */
    readonly custom: string | null = null,
  ) {}
}

export class PhpUnserializeError extends Error {
  constructor(
    readonly reason: string,
    /** Byte offset into the UTF-8 input. */
    readonly offset: number,
  ) {
    super(`${reason} at byte ${offset}`);
    this.name = 'PhpUnserializeError';
  }
}

export interface UnserializeOptions {
  /** Deepest nesting of arrays and objects accepted (default 512; sessions nest a few levels). */
  maxDepth?: number;
}

const C = {
  quote: 0x22,
  colon: 0x3a,
  semi: 0x3b,
  open: 0x7b,
  close: 0x7d,
} as const;

/** The type letters a value may start with (`N` is read on its own). */
const TYPES = new Set([...'bidsaOCrRE'].map((c) => c.charCodeAt(0)));

/** Marks a slot whose array or object is still being read: a reference to it would be a cycle. */
const BUILDING = Symbol('building');

const INT_RE = /^[+-]?\d+$/;
const FLOAT_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
/** PHP turns a string array key that is a canonical decimal integer into an integer key. */
const CANONICAL_INT_RE = /^(0|-?[1-9]\d*)$/;

class Parser {
  private pos = 0;
  private depth = 0;
  /** Values in the order PHP numbers them for `r:`/`R:` (1-based): every value but keys and `R:` itself. */
  private readonly slots: (PhpValue | typeof BUILDING)[] = [];

  constructor(
    private readonly b: Buffer,
    private readonly maxDepth: number,
  ) {}

  parse(): PhpValue {
    if (this.b.length === 0) this.fail('empty input');
    const value = this.value();
    if (this.pos !== this.b.length) this.fail('unexpected data after the serialized value');
    return value;
  }

  private fail(reason: string, at = this.pos): never {
    throw new PhpUnserializeError(reason, at);
  }

  private describe(at: number): string {
    if (at >= this.b.length) return 'end of input';
    const c = this.b[at];
    return c >= 0x20 && c < 0x7f ? `'${String.fromCharCode(c)}'` : `byte 0x${c.toString(16).padStart(2, '0')}`;
  }

  private expect(byte: number): void {
    if (this.b[this.pos] !== byte) this.fail(`expected '${String.fromCharCode(byte)}', found ${this.describe(this.pos)}`);
    this.pos++;
  }

  /** ASCII text up to (not including) `terminator`, which is consumed. */
  private token(terminator: number, what: string): string {
    const start = this.pos;
    const end = this.b.indexOf(terminator, start);
    // Numbers and lengths are short; a terminator far away means it is missing.
    if (end < 0 || end - start > 400) this.fail(`unterminated ${what}`, start);
    this.pos = end + 1;
    return this.b.toString('latin1', start, end);
  }

  /** Up to 15 decimal digits (optionally signed) followed by `terminator`, read without making a string; null if not. */
  private digits(terminator: number, signed: boolean): number | null {
    const b = this.b;
    let p = this.pos;
    let negative = false;
    if (signed && (b[p] === 0x2d || b[p] === 0x2b)) negative = b[p++] === 0x2d;
    const first = p;
    let n = 0;
    for (; p < b.length && p - first <= 15; p++) {
      const c = b[p];
      if (c < 0x30 || c > 0x39) break;
      n = n * 10 + (c - 0x30);
    }
    if (p === first || p - first > 15 || b[p] !== terminator) return null;
    this.pos = p + 1;
    return negative ? -n : n;
  }

  private length(terminator: number, what: string): number {
    const fast = this.digits(terminator, false);
    if (fast !== null) return fast;
    const at = this.pos;
    const text = this.token(terminator, what);
    if (!/^\d+$/.test(text)) this.fail(`${what} "${text}" is not a non-negative integer`, at);
    const n = Number(text);
    if (!Number.isSafeInteger(n)) this.fail(`${what} ${text} is too large`, at);
    return n;
  }

  /** `"<n bytes>"` as a UTF-8 string. */
  private quoted(n: number, what: string): string {
    const at = this.pos;
    this.expect(C.quote);
    const start = this.pos;
    const end = start + n;
    if (end + 1 > this.b.length) this.fail(`${what} of ${n} bytes runs past the end of the input`, at);
    if (this.b[end] !== C.quote) {
      this.fail(`${what} of ${n} bytes is not followed by '"' (found ${this.describe(end)}; is the length counted in characters instead of bytes?)`, at);
    }
    this.pos = end + 1;
    return this.b.toString('utf8', start, end);
  }

  private value(): PhpValue {
    const at = this.pos;
    const type = this.b[at];
    if (type === undefined) this.fail('expected a value, found end of input');
    if (type === 0x4e /* N */) {
      this.pos++;
      this.expect(C.semi);
      this.slots.push(null);
      return null;
    }
    if (!TYPES.has(type)) {
      const letter = (type | 0x20) >= 0x61 && (type | 0x20) <= 0x7a;
      this.fail(letter ? `unknown type '${String.fromCharCode(type)}'` : `expected a value, found ${this.describe(at)}`, at);
    }
    if (this.b[at + 1] !== C.colon) this.fail(`expected ':' after type '${String.fromCharCode(type)}', found ${this.describe(at + 1)}`, at + 1);
    this.pos = at + 2;
    switch (type) {
      case 0x62 /* b */: {
        const t = this.token(C.semi, 'boolean');
        if (t !== '0' && t !== '1') this.fail(`boolean "${t}" is neither 0 nor 1`, at);
        return this.push(t === '1');
      }
      case 0x69 /* i */: {
        const fast = this.digits(C.semi, true);
        if (fast !== null) return this.push(fast);
        const t = this.token(C.semi, 'integer');
        if (!INT_RE.test(t)) this.fail(`integer "${t}" is not a number`, at);
        const n = Number(t);
        return this.push(Number.isSafeInteger(n) ? n : BigInt(t));
      }
      case 0x64 /* d */: {
        const t = this.token(C.semi, 'float');
        let n: number;
        if (t === 'INF') n = Infinity;
        else if (t === '-INF') n = -Infinity;
        else if (t === 'NAN') n = NaN;
        else if (FLOAT_RE.test(t)) n = Number(t);
        else this.fail(`float "${t}" is not a number`, at);
        return this.push(n);
      }
      case 0x73 /* s */: {
        const n = this.length(C.colon, 'string length');
        const s = this.quoted(n, 'string');
        this.expect(C.semi);
        return this.push(s);
      }
      case 0x61 /* a */: {
        const count = this.length(C.colon, 'array size');
        const slot = this.reserve();
        const entries = this.entries(count, 'array');
        this.slots[slot] = entries;
        return entries;
      }
      case 0x4f /* O */: {
        const nameLength = this.length(C.colon, 'class name length');
        const className = this.quoted(nameLength, 'class name');
        this.expect(C.colon);
        const count = this.length(C.colon, 'property count');
        const slot = this.reserve();
        const object = new PhpObject(className, this.entries(count, `object ${className}`));
        this.slots[slot] = object;
        return object;
      }
      case 0x43 /* C */: {
        const nameLength = this.length(C.colon, 'class name length');
        const className = this.quoted(nameLength, 'class name');
        this.expect(C.colon);
        const n = this.length(C.colon, 'payload length');
        this.expect(C.open);
        const start = this.pos;
        if (start + n >= this.b.length) this.fail(`payload of ${className} (${n} bytes) runs past the end of the input`, start);
        this.pos = start + n;
        const payload = this.b.toString('utf8', start, this.pos);
        this.expect(C.close);
        return this.push(new PhpObject(className, new Map(), payload));
      }
      case 0x72 /* r */:
      case 0x52 /* R */: {
        const n = this.length(C.semi, 'reference');
        const target = this.slots[n - 1];
        if (n === 0 || target === undefined) this.fail(`reference ${n} names no value read before it`, at);
        if (target === BUILDING) this.fail(`reference ${n} points into the array or object that contains it (recursive values are not supported)`, at);
        // `R:` aliases a variable and takes no slot of its own; `r:` does.
        return type === 0x72 ? this.push(target) : target;
      }
      default:
        return this.fail('enum values (E:) are not supported', at);
    }
  }

  private push<T extends PhpValue>(v: T): T {
    this.slots.push(v);
    return v;
  }

  private reserve(): number {
    this.slots.push(BUILDING);
    return this.slots.length - 1;
  }

  /** `{` key value … `}` with `count` pairs; keys are `i:` or `s:` and take no reference slot. */
  private entries(count: number, what: string): PhpArray {
    if (++this.depth > this.maxDepth) this.fail(`nesting deeper than ${this.maxDepth} levels`);
    this.expect(C.open);
    const map: PhpArray = new Map();
    for (let i = 0; i < count; i++) {
      if (this.b[this.pos] === C.close) this.fail(`${what} declares ${count} entries but has ${i}`);
      const key = this.key(what);
      map.set(key, this.value());
    }
    if (this.b[this.pos] !== C.close) this.fail(`${what} declares ${count} entries but has more (found ${this.describe(this.pos)})`);
    this.pos++;
    this.depth--;
    return map;
  }

  private key(what: string): PhpKey {
    const at = this.pos;
    const type = this.b[at];
    if (this.b[at + 1] !== C.colon || (type !== 0x69 && type !== 0x73)) {
      this.fail(`${what} key must be an integer or a string, found ${this.describe(at)}`);
    }
    this.pos = at + 2;
    if (type === 0x69) {
      const fast = this.digits(C.semi, true);
      if (fast !== null) return fast;
      const t = this.token(C.semi, 'integer key');
      if (!INT_RE.test(t)) this.fail(`integer key "${t}" is not a number`, at);
      const n = Number(t);
      return Number.isSafeInteger(n) ? n : t;
    }
    const n = this.length(C.colon, 'string length');
    const s = this.quoted(n, 'string key');
    this.expect(C.semi);
    const c = s.charCodeAt(0);
    if (((c >= 0x30 && c <= 0x39) || c === 0x2d) && CANONICAL_INT_RE.test(s)) {
      const k = Number(s);
      if (Number.isSafeInteger(k)) return k;
    }
    return s;
  }
}

/** PHP's `unserialize`, strictly: the whole input must be one serialized value. */
export function unserialize(input: string | Buffer, options: UnserializeOptions = {}): PhpValue {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  return new Parser(bytes, options.maxDepth ?? 512).parse();
}

/** WordPress's `is_serialized` (strict): does this string look like a serialized value? */
export function isSerialized(data: string): boolean {
  const s = data.trim();
  if (s === 'N;') return true;
  if (s.length < 4 || s[1] !== ':') return false;
  const last = s[s.length - 1];
  if (last !== ';' && last !== '}') return false;
  switch (s[0]) {
    case 's':
      return s[s.length - 2] === '"';
    case 'a':
    case 'O':
    case 'E':
    case 'C':
      return /^[aOEC]:\d+:/.test(s);
    case 'b':
    case 'i':
    case 'd':
      return /^[bid]:[0-9.E+-]+;$/.test(s) || /^d:-?(INF|NAN);$/.test(s);
    default:
      return false;
  }
}

/** WordPress's `maybe_unserialize`: a serialized string is decoded, anything else comes back as it is. */
export function maybeUnserialize(value: PhpValue): PhpValue {
  if (typeof value !== 'string' || !isSerialized(value)) return value;
  return unserialize(value.trim());
}

export type Plain = null | boolean | number | string | Plain[] | { [key: string]: Plain };

/** PHP's name for a private (`\0Class\0name`) or protected (`\0*\0name`) property, without the mangling. */
function propertyName(key: PhpKey): string {
  const k = String(key);
  if (k.charCodeAt(0) !== 0) return k;
  const second = k.indexOf('\0', 1);
  return second < 0 ? k.slice(1) : k.slice(second + 1);
}

/**
 * A JSON-ready copy: a list (keys 0…n-1 in order) becomes an array, any other array an object; an
 * object becomes its properties with `__class` naming its class; a bigint becomes its decimal string;
 * non-finite floats become null, as JSON has no way to say them.
 */
export function toPlain(value: PhpValue): Plain {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof PhpObject) {
    const out: { [key: string]: Plain } = { __class: value.className };
    if (value.custom !== null) out.__serialized = value.custom;
    for (const [k, v] of value.properties) out[propertyName(k)] = toPlain(v);
    return out;
  }
  if (isList(value)) return Array.from(value.values(), toPlain);
  return Object.fromEntries(Array.from(value, ([k, v]) => [String(k), toPlain(v)]));
}

/** Is this array a list in PHP's sense (`array_is_list`)? */
export function isList(map: PhpArray): boolean {
  let i = 0;
  for (const k of map.keys()) if (k !== i++) return false;
  return true;
}
