import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DumpError, guessFormat, readSessionDump, readTextFile, type DumpFormat, type DumpRow } from '../../../src/sessions/legacy/dump.ts';
import { DUMP_FOOTER, DUMP_HEADER, csvOf, legacyRows, mysqlBatchOf, sqlDumpOf, sqlString, type LegacyRow } from './fixtures.ts';

const NOW = 1_717_243_200;

async function* chunked(text: string, sizes: number[] = []): AsyncGenerator<string> {
  let at = 0;
  let i = 0;
  while (at < text.length) {
    const n = sizes.length ? Math.max(1, sizes[i++ % sizes.length]) : text.length;
    yield text.slice(at, at + n);
    at += n;
  }
}

async function rowsOf(text: string, format?: DumpFormat, sizes?: number[]): Promise<DumpRow[]> {
  const out: DumpRow[] = [];
  for await (const r of readSessionDump(chunked(text, sizes), format)) out.push(r);
  return out;
}

async function failureOf(text: string, format?: DumpFormat): Promise<Error> {
  try {
    await rowsOf(text, format);
  } catch (err) {
    return err as Error;
  }
  throw new Error('no error');
}

const asStrings = (r: LegacyRow) => ({
  cart_id: String(r.cart_id),
  cart_key: r.cart_key,
  cart_value: r.cart_value,
  cart_created: String(r.cart_created),
  cart_expiry: String(r.cart_expiry),
  cart_source: r.cart_source,
  cart_hash: r.cart_hash,
});

// Values with every character the escapes must carry: quotes, backslashes, newlines, tabs, NUL, ^Z, UTF-8.
const tricky: LegacyRow = {
  cart_id: 99,
  cart_key: 'abc',
  cart_value: 'a:1:{s:4:"note";s:27:"It\'s "odd"\\ \n\r\t\0\x1a; ),(;Ω";}',
  cart_created: NOW - 10,
  cart_expiry: NOW + 10,
  cart_source: 'cocart',
  cart_hash: '',
};

describe('guessing the format', () => {
  it.each([
    ['-- MySQL dump 10.13\n', 'sql'],
    ['/*!40101 SET NAMES utf8 */;', 'sql'],
    ['\uFEFF\n\nINSERT INTO `wp_cocart_carts` VALUES', 'sql'],
    ['create table x', 'sql'],
    ['"cart_id","cart_key","cart_value"\r\n', 'csv'],
    ['cart_id\tcart_key\tcart_value\n', 'csv'],
    ['hello world', null],
  ] as const)('%j is %s', (head, format) => {
    expect(guessFormat(head)).toBe(format);
  });
});

describe('SQL dumps', () => {
  const rows = [...legacyRows(25, { now: NOW }), tricky];

  it('reads every row of a mysqldump (extended inserts, no column list) and passes over everything else', async () => {
    const read = await rowsOf(sqlDumpOf(rows, { rowsPerInsert: 10 }));
    expect(read.map((r) => r.values)).toEqual(rows.map(asStrings));
    expect(read.every((r) => r.problem === undefined)).toBe(true);
    expect(read[0].where).toBe(`row 1 (line ${DUMP_HEADER.split('\n').length})`);
    expect(read[10].where).toBe(`row 11 (line ${DUMP_HEADER.split('\n').length + 1})`);
  });

  it('maps values by the column list of a --complete-insert dump, in any order, ignoring unknown columns', async () => {
    expect((await rowsOf(sqlDumpOf(rows, { columnList: true }))).map((r) => r.values)).toEqual(rows.map(asStrings));
    const [row] = await rowsOf(
      "INSERT INTO `wp_cocart_carts` (`cart_expiry`, `cart_key`, `extra`, `cart_value`) VALUES (1718000000, 'k1', 'zzz', 'a:0:{}');",
    );
    expect(row.values).toEqual({ cart_expiry: '1718000000', cart_key: 'k1', cart_value: 'a:0:{}' });
  });

  it('gives the same rows however the text is cut into chunks', async () => {
    const text = sqlDumpOf([...rows.slice(0, 4), tricky], { rowsPerInsert: 2 });
    const whole = await rowsOf(text);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 20 }), async (sizes) => {
        expect(await rowsOf(text, undefined, sizes)).toEqual(whole);
      }),
      { numRuns: 60 },
    );
    expect(await rowsOf(text, undefined, [1])).toEqual(whole);
  });

  it('reads the other ways MySQL spells an insert and its values', async () => {
    const text = [
      "insert ignore into wordpress.wp_cocart_carts values (1,'a','a:0:{}',1,2000000000,'cocart','');",
      "REPLACE INTO `shop`.`wp2_cocart_carts` VALUES (2,_utf8mb4'b',_binary 'a:0:{}',1,2000000000,NULL,DEFAULT);",
      "INSERT INTO wp_cocart_carts VALUES (3,'c',0x613a303a7b7d,1,2000000000,X'636f63617274','it''s') ON DUPLICATE KEY UPDATE cart_value=VALUES(cart_value);",
      "INSERT LOW_PRIORITY INTO `wp_cocart_carts` VALUE (4, N'd' ,  'a:0:{}' , +1 , 2000000000 , 'x\\%y', '') AS new;",
    ].join('\n');
    expect((await rowsOf(text)).map((r) => r.values)).toEqual([
      { cart_id: '1', cart_key: 'a', cart_value: 'a:0:{}', cart_created: '1', cart_expiry: '2000000000', cart_source: 'cocart', cart_hash: '' },
      { cart_id: '2', cart_key: 'b', cart_value: 'a:0:{}', cart_created: '1', cart_expiry: '2000000000', cart_source: null, cart_hash: null },
      { cart_id: '3', cart_key: 'c', cart_value: 'a:0:{}', cart_created: '1', cart_expiry: '2000000000', cart_source: 'cocart', cart_hash: "it's" },
      { cart_id: '4', cart_key: 'd', cart_value: 'a:0:{}', cart_created: '+1', cart_expiry: '2000000000', cart_source: 'x\\%y', cart_hash: '' },
    ]);
  });

  it('reports a row with the wrong number of values and goes on', async () => {
    const read = await rowsOf("INSERT INTO `wp_cocart_carts` VALUES (1,'a','a:0:{}',1,2),(2,'b','a:0:{}',1,2000000000,'cocart','');");
    expect(read[0].problem).toBe("has 5 values, without a column list CoCart 3.x's columns are 7");
    expect(read[0].values.cart_key).toBe('a');
    expect(read[1].problem).toBeUndefined();
  });

  it('gives the rows before a syntax error, then the error', async () => {
    const text = sqlDumpOf(rows.slice(0, 3)) + "INSERT INTO wp_cocart_carts VALUES (1,'a',NOW(),1,2,'c','');";
    const read: DumpRow[] = [];
    let error: unknown;
    try {
      for await (const r of readSessionDump(chunked(text))) read.push(r);
    } catch (err) {
      error = err;
    }
    expect(read.map((r) => r.values.cart_key)).toEqual(rows.slice(0, 3).map((r) => r.cart_key));
    expect(error).toBeInstanceOf(DumpError);
  });

  it('reads a dump of an empty table as no rows', async () => {
    expect(await rowsOf(DUMP_HEADER + DUMP_FOOTER)).toEqual([]);
  });

  it.each([
    ['a dump of other tables only', "-- dump\nINSERT INTO wp_options VALUES (1,'a');\n", /no INSERT INTO …cocart_carts/],
    ['a dump cut off inside a row', DUMP_HEADER + "INSERT INTO `wp_cocart_carts` VALUES (1,'a','a:0:{}',1", /the dump ends inside a string|ends inside a row/],
    ['a dump cut off inside a string', DUMP_HEADER + "INSERT INTO `wp_cocart_carts` VALUES (1,'a','a:0:{", /the dump ends inside a string \(line \d+\)/],
    ['an expression as a value', "INSERT INTO wp_cocart_carts VALUES (1,'a',CONCAT('x'),1,2,'c','');", /unsupported value "CONCAT" in a row of INSERT INTO wp_cocart_carts \(line 1\)/],
    ['a missing comma', "\n\nINSERT INTO wp_cocart_carts VALUES (1 'a');", /expected ',' or '\)' after a value in INSERT INTO wp_cocart_carts, found 'a' \(line 3\)/],
    ['an INSERT … SET', "INSERT INTO wp_cocart_carts SET cart_key='a';", /no INSERT INTO/],
    ['a column list without cart_value', 'INSERT INTO wp_cocart_carts (cart_key, cart_expiry) VALUES (1, 2);', /INSERT INTO wp_cocart_carts: the columns cart_value are missing/],
    ['an empty file', '   \n', /the file is empty/],
    ['text that is no dump at all', 'hello there', /neither an SQL dump nor a CSV file/],
  ])('refuses %s with a DumpError that says where', async (_what, text, message) => {
    const err = await failureOf(text);
    expect(err).toBeInstanceOf(DumpError);
    expect(err.message).toMatch(message);
  });

  it('unescapes exactly what mysqldump escapes', async () => {
    const values = ['plain', "it's", 'say "hi"', 'back\\slash', 'new\nline', 'tab\there', 'nul\0', 'ctrl-z\x1a', 'cr\r', '💳 ünïcode', "''", '\\\\'];
    const text = `INSERT INTO wp_cocart_carts (cart_key, cart_value, cart_expiry) VALUES ${values.map((v) => `('k',${sqlString(v)},1)`).join(',')};`;
    expect((await rowsOf(text)).map((r) => r.values.cart_value)).toEqual(values);
  });
});

describe('CSV and TSV exports', () => {
  const rows = [...legacyRows(12, { now: NOW }), tricky];

  it("reads phpMyAdmin's CSV (quoted, quotes doubled, CRLF)", async () => {
    const read = await rowsOf(csvOf(rows));
    expect(read.map((r) => r.values)).toEqual(rows.map(asStrings));
    expect(read[0].where).toBe('line 2');
    // The tricky row holds a newline, so the row after it would start a line later.
    expect(read[read.length - 1].where).toBe(`line ${rows.length + 1}`);
  });

  it('reads semicolon-separated and quoted tab-separated files', async () => {
    expect((await rowsOf(csvOf(rows, ';'))).map((r) => r.values)).toEqual(rows.map(asStrings));
    expect((await rowsOf(csvOf(rows, '\t'))).map((r) => r.values)).toEqual(rows.map(asStrings));
  });

  it('reads `mysql --batch` output (tab-separated, backslash escapes, no quoting)', async () => {
    const read = await rowsOf(mysqlBatchOf(rows));
    expect(read.map((r) => r.values)).toEqual(rows.map(asStrings));
    expect(read.map((r) => r.where)).toEqual(rows.map((_, i) => `line ${i + 2}`));
  });

  it('gives the same rows however the text is cut into chunks', async () => {
    for (const text of [csvOf(rows.slice(0, 3).concat(tricky)), mysqlBatchOf(rows.slice(0, 3).concat(tricky))]) {
      const whole = await rowsOf(text);
      await fc.assert(
        fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 10 }), async (sizes) => {
          expect(await rowsOf(text, undefined, sizes)).toEqual(whole);
        }),
        { numRuns: 30 },
      );
    }
  });

  it('reads NULL as null, a backslash-escaped CSV, headers in any order and case, and unknown columns', async () => {
    const csv = 'CART_EXPIRY,cart_key,"wp_cocart_carts.cart_value",other,cart_hash\n2000000000,k1,"a:1:{s:1:\\"a\\";s:1:\\"b\\";}",x,NULL\n';
    const [row] = await rowsOf(csv);
    expect(row.values).toEqual({ cart_expiry: '2000000000', cart_key: 'k1', cart_value: 'a:1:{s:1:"a";s:1:"b";}', cart_hash: null });
    const batch = 'cart_key\tcart_value\tcart_expiry\tcart_source\nk2\ta:0:{}\t2000000000\t\\N\n';
    expect((await rowsOf(batch))[0].values).toEqual({ cart_key: 'k2', cart_value: 'a:0:{}', cart_expiry: '2000000000', cart_source: null });
  });

  it('reports a row with the wrong number of fields and goes on', async () => {
    const read = await rowsOf('cart_key,cart_value,cart_expiry\nk1,a:0:{}\nk2,a:0:{},2000000000\n');
    expect(read[0]).toMatchObject({ where: 'line 2', problem: 'has 2 values, the header names 3' });
    expect(read[1].problem).toBeUndefined();
  });

  it.each([
    ['a header without cart_value', 'cart_key,cart_expiry\nk,1\n', /the columns cart_value are missing/],
    ['no header', 'k1,a:0:{},2000000000\n', /neither an SQL dump nor a CSV file/],
    ['a header of unknown names, as CSV', 'a,b,c\n1,2,3\n', /the first line is not a header naming the wp_cocart_carts columns/],
    ['an unclosed quote', 'cart_key,cart_value,cart_expiry\n"k1,"a:0:{},1\n', /the CSV cannot be read: Invalid Closing Quote/],
  ])('refuses %s', async (_what, text, message) => {
    const err = await failureOf(text, text.startsWith('a,b') ? 'csv' : undefined);
    expect(err).toBeInstanceOf(DumpError);
    expect(err.message).toMatch(message);
  });
});

describe('reading a file', () => {
  it('streams a file as text, dropping a byte-order mark and keeping characters cut between chunks whole', async () => {
    const path = join(tmpdir(), `cw-dump-${process.pid}.csv`);
    const text = 'cart_key,cart_value,cart_expiry\n' + `k,"${'Ω€𝄞'.repeat(400_000)}",1\n`;
    writeFileSync(path, '\uFEFF' + text);
    let bytes = 0;
    let read = '';
    for await (const chunk of readTextFile(path, (n) => (bytes += n))) read += chunk;
    expect(read).toBe(text);
    expect(bytes).toBe(Buffer.byteLength('\uFEFF' + text));
  });
});
