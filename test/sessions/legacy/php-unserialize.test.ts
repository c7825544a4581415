import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PhpObject,
  PhpUnserializeError,
  isSerialized,
  maybeUnserialize,
  toPlain,
  unserialize,
  type PhpArray,
  type PhpValue,
} from '../../../src/sessions/legacy/php-unserialize.ts';
import { PhpFloat, float, serialize, type Serializable } from './php-serialize.ts';

const map = (...entries: [string | number, PhpValue][]): PhpArray => new Map(entries);

describe('unserialize: scalars', () => {
  it.each([
    ['N;', null],
    ['b:0;', false],
    ['b:1;', true],
    ['i:0;', 0],
    ['i:-42;', -42],
    ['i:+7;', 7],
    ['i:9007199254740991;', 9007199254740991],
    ['i:9223372036854775807;', 9223372036854775807n],
    ['i:-9223372036854775808;', -9223372036854775808n],
    ['d:0.1;', 0.1],
    ['d:-1.5;', -1.5],
    ['d:36;', 36],
    ['d:1.0E+25;', 1e25],
    ['d:2.5e-3;', 0.0025],
    ['d:.5;', 0.5],
    ['d:INF;', Infinity],
    ['d:-INF;', -Infinity],
    ['d:NAN;', NaN],
    ['s:0:"";', ''],
    ['s:5:"hello";', 'hello'],
  ] as const)('%s', (input, expected) => {
    expect(unserialize(input)).toEqual(expected);
  });

  it('counts string lengths in UTF-8 bytes', () => {
    expect(unserialize('s:4:"Für";')).toBe('Für');
    expect(unserialize('s:13:"Zoë ♥ 🎁";')).toBe('Zoë ♥ 🎁');
    expect(Buffer.byteLength('Zoë ♥ 🎁')).toBe(13);
  });

  it('takes quotes, semicolons and braces inside a string as they are', () => {
    expect(unserialize('s:11:"a";b:1;}{"c";')).toBe('a";b:1;}{"c');
  });

  it('reads a Buffer as well as a string', () => {
    expect(unserialize(Buffer.from('s:3:"Für";'.replace('3', '4')))).toBe('Für');
  });
});

describe('unserialize: arrays and objects', () => {
  it('reads arrays in order, integer keys as numbers and numeric string keys as PHP does', () => {
    const v = unserialize('a:4:{s:1:"b";i:1;i:0;s:1:"x";s:2:"10";b:1;s:2:"07";N;}');
    expect(v).toEqual(map(['b', 1], [0, 'x'], [10, true], ['07', null]));
    expect([...(v as PhpArray).keys()]).toEqual(['b', 0, 10, '07']);
  });

  it('keeps the last value of a repeated key, at the first place', () => {
    expect(unserialize('a:3:{i:0;s:1:"a";i:1;s:1:"b";i:0;s:1:"c";}')).toEqual(map([0, 'c'], [1, 'b']));
  });

  it('reads nested arrays', () => {
    expect(unserialize('a:1:{s:4:"cart";a:1:{s:3:"abc";a:2:{s:10:"product_id";i:12;s:8:"quantity";d:2;}}}')).toEqual(
      map(['cart', map(['abc', map(['product_id', 12], ['quantity', 2])])]),
    );
  });

  it('reads objects as their class name and properties, private and protected names unmangled by toPlain', () => {
    const v = unserialize('O:8:"WC_Thing":3:{s:4:"name";s:1:"x";s:7:"\0*\0prot";i:1;s:14:"\0WC_Thing\0priv";b:0;}');
    expect(v).toBeInstanceOf(PhpObject);
    const o = v as PhpObject;
    expect(o.className).toBe('WC_Thing');
    expect(o.properties.get('\0*\0prot')).toBe(1);
    expect(toPlain(o)).toEqual({ __class: 'WC_Thing', name: 'x', prot: 1, priv: false });
  });

  it('keeps a custom-serialized (C:) object as its raw payload', () => {
    const v = unserialize('C:11:"ArrayObject":21:{x:i:0;a:0:{};m:a:0:{}}') as PhpObject;
    expect(v.className).toBe('ArrayObject');
    expect(v.custom).toBe('x:i:0;a:0:{};m:a:0:{}');
  });

  it('resolves r: and R: references to values read before them, numbered as PHP numbers them', () => {
    // slots: 1 the array, 2 the object, 3 its property, 4 the r: copy; keys take none
    const v = unserialize('a:3:{i:0;O:8:"stdClass":1:{s:1:"a";s:2:"hi";}i:1;r:2;i:2;R:3;}') as PhpArray;
    expect(v.get(1)).toBe(v.get(0));
    expect(v.get(2)).toBe('hi');
    expect(unserialize('a:3:{i:0;i:5;i:1;r:2;i:2;R:3;}')).toEqual(map([0, 5], [1, 5], [2, 5]));
  });

  it('turns lists into JS arrays and other arrays into objects for JSON', () => {
    expect(toPlain(unserialize('a:2:{i:0;s:1:"a";i:1;a:1:{s:1:"k";d:INF;}}'))).toEqual(['a', { k: null }]);
    expect(toPlain(unserialize('a:2:{i:1;s:1:"a";i:0;s:1:"b";}'))).toEqual({ 1: 'a', 0: 'b' });
    expect(toPlain(unserialize('i:9223372036854775807;'))).toBe('9223372036854775807');
    expect(toPlain(unserialize('a:1:{s:9:"__proto__";i:1;}'))).toEqual(JSON.parse('{"__proto__":1}'));
  });
});

describe('unserialize: malformed input', () => {
  it.each([
    ['', 'empty input at byte 0'],
    ['s:3:"Für";', 'string of 3 bytes is not followed by \'"\' (found \'r\'; is the length counted in characters instead of bytes?) at byte 4'],
    ['s:10:"short";', 'string of 10 bytes runs past the end of the input at byte 5'],
    ['s:5:"hello"', "expected ';', found end of input at byte 11"],
    ['s:x:"a";', 'string length "x" is not a non-negative integer at byte 2'],
    ['i:12', 'unterminated integer at byte 2'],
    ['i:1.5;', 'integer "1.5" is not a number at byte 0'],
    ['d:abc;', 'float "abc" is not a number at byte 0'],
    ['b:2;', 'boolean "2" is neither 0 nor 1 at byte 0'],
    ['N', "expected ';', found end of input at byte 1"],
    ['x:1;', "unknown type 'x' at byte 0"],
    ['i;1;', "expected ':' after type 'i', found ';' at byte 1"],
    ['a:2:{i:0;i:1;}', 'array declares 2 entries but has 1 at byte 13'],
    ['a:1:{i:0;i:1;i:1;i:2;}', "array declares 1 entries but has more (found 'i') at byte 13"],
    ['a:1:{i:0;i:1;', "array declares 1 entries but has more (found end of input) at byte 13"],
    ['a:1:{d:0.5;i:1;}', "array key must be an integer or a string, found 'd' at byte 5"],
    ['a:1:{N;i:1;}', "array key must be an integer or a string, found 'N' at byte 5"],
    ['i:1;i:2;', 'unexpected data after the serialized value at byte 4'],
    ['a:1:{i:0;R:1;}', 'reference 1 points into the array or object that contains it (recursive values are not supported) at byte 9'],
    ['a:1:{i:0;r:5;}', 'reference 5 names no value read before it at byte 9'],
    ['r:0;', 'reference 0 names no value read before it at byte 0'],
    ['E:11:"Suit:Hearts";', 'enum values (E:) are not supported at byte 0'],
    ['O:3:"Foo":1:{s:1:"a";}', "expected a value, found '}' at byte 21"],
    ['a:1:{i:0;', 'expected a value, found end of input at byte 9'],
  ])('%j → %s', (input, message) => {
    let error: unknown;
    try {
      unserialize(input);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(PhpUnserializeError);
    expect((error as Error).message).toBe(message);
  });

  it('refuses nesting deeper than the limit instead of overflowing the stack', () => {
    const deep = 'a:1:{i:0;'.repeat(5000) + 'N;' + '}'.repeat(5000);
    expect(() => unserialize(deep)).toThrow(/nesting deeper than 512 levels/);
    expect(unserialize('a:1:{i:0;'.repeat(500) + 'N;' + '}'.repeat(500))).toBeInstanceOf(Map);
    expect(() => unserialize('a:1:{i:0;'.repeat(20) + 'N;' + '}'.repeat(20), { maxDepth: 10 })).toThrow(/nesting deeper than 10 levels/);
  });
});

describe('isSerialized and maybeUnserialize (WordPress)', () => {
  it('tells serialized strings from plain ones', () => {
    for (const s of ['N;', 'b:1;', 'i:5;', 'd:0.5;', 's:1:"a";', 'a:0:{}', 'O:8:"stdClass":0:{}', '  a:0:{}  ']) expect(isSerialized(s)).toBe(true);
    for (const s of ['', 'cod', 'flat_rate:1', 'a:', 's:1:"a"', 'i:5', 'x:1;', '{"a":1}']) expect(isSerialized(s)).toBe(false);
  });

  it('decodes serialized strings and leaves everything else as it is', () => {
    expect(maybeUnserialize('cod')).toBe('cod');
    expect(maybeUnserialize('a:1:{i:0;s:3:"abc";}')).toEqual(map([0, 'abc']));
    expect(maybeUnserialize(5)).toBe(5);
    expect(() => maybeUnserialize('a:1:{i:0;s:9:"abc";}')).toThrow(PhpUnserializeError);
  });
});

// --- properties: the writer in php-serialize.ts and this reader agree on every value -----------------

/** What a written value reads back as. */
function expected(v: Serializable): PhpValue {
  if (v instanceof PhpFloat) return v.value;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) && BigInt(Number(v)) === v ? Number(v) : v;
  if (v instanceof PhpObject) return new PhpObject(v.className, expected(v.properties as Serializable) as PhpArray, v.custom);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, expected(x)]));
  return v as PhpValue;
}

const phpString = fc.string({ unit: fc.oneof(fc.constantFrom('"', ';', '}', '{', ':', '\\', '\0', '\n'), fc.string({ unit: 'grapheme', maxLength: 1 })), maxLength: 12 });
const stringKey = phpString.filter((s) => !/^(0|-?[1-9]\d*)$/.test(s));
const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
const double = fc.double().map((d) => float(Object.is(d, -0) ? 0 : d));

const { value: phpValue } = fc.letrec<{ value: Serializable; array: Serializable; object: Serializable }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.constant(null), fc.boolean(), fc.integer(), int64, double, phpString, tie('array'), tie('object')),
  array: fc
    .uniqueArray(fc.tuple(fc.oneof(fc.integer({ min: -5, max: 50 }), stringKey), tie('value')), { selector: ([k]) => k, maxLength: 5 })
    .map((entries) => new Map(entries) as Serializable),
  object: fc
    .tuple(fc.constantFrom('stdClass', 'WC_Customer', 'Ünïcode_Class'), fc.uniqueArray(fc.tuple(stringKey, tie('value')), { selector: ([k]) => k, maxLength: 4 }))
    .map(([cls, props]) => new PhpObject(cls, new Map(props as [string, PhpValue][]))),
}));

describe('unserialize: properties', () => {
  it('reads back whatever serialize writes', () => {
    fc.assert(
      fc.property(phpValue, (v) => {
        expect(unserialize(serialize(v))).toEqual(expected(v));
      }),
      { numRuns: 500 },
    );
  });

  it('refuses every proper prefix of a serialized value with a PhpUnserializeError', () => {
    fc.assert(
      fc.property(phpValue, fc.nat(), (v, cut) => {
        const bytes = Buffer.from(serialize(v));
        const prefix = bytes.subarray(0, cut % bytes.length);
        expect(() => unserialize(prefix)).toThrow(PhpUnserializeError);
      }),
      { numRuns: 300 },
    );
  });

  it('fails on arbitrary garbage only with PhpUnserializeError, never with anything else', () => {
    const pieces = fc.constantFrom('a:', 'i:', 's:', 'O:', 'd:', 'b:', 'r:', 'R:', 'N;', '1', '2', ':', ';', '{', '}', '"', 'x', '-', '9999999999999999999');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }), (parts) => {
        try {
          unserialize(parts.join(''));
        } catch (err) {
          expect(err).toBeInstanceOf(PhpUnserializeError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
