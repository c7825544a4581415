import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { parse as parseCsv } from 'csv-parse';

/**
 * Rows of CoCart 3.x's session table `wp_cocart_carts` from an export of it, read as a stream:
 *
 * - CSV with a header row naming the columns: comma, semicolon or tab separated, fields quoted with
 *   `"` (doubled or backslash-escaped inside), as phpMyAdmin and spreadsheets write it; or the tab-
 *   separated output of `mysql --batch` (no quoting, `\t` `\n` `\\` `\0` escapes, NULL for null).
 * - An SQL dump: every `INSERT`/`REPLACE INTO <prefix>cocart_carts [(columns)] VALUES (…),(…);`
 *   statement, with MySQL's string escapes; without a column list the 3.x column order applies.
 *   Every other statement (CREATE TABLE, SET, LOCK TABLES, other tables' INSERTs …) is passed over.
 *
 * A row with the wrong number of values comes out with a `problem` and the file goes on; a file that
 * cannot be read as either format (no header, broken SQL syntax) throws a `DumpError`.
 */

export const SESSION_COLUMNS = ['cart_id', 'cart_key', 'cart_value', 'cart_created', 'cart_expiry', 'cart_source', 'cart_hash'] as const;
export type SessionColumn = (typeof SESSION_COLUMNS)[number];
const REQUIRED: readonly SessionColumn[] = ['cart_key', 'cart_value', 'cart_expiry'];

export type DumpFormat = 'csv' | 'sql';

export interface DumpRow {
  /** Where the row is, for reports: `line 12` (CSV) or `row 12 (line 40)` (SQL, where rows share lines). */
  where: string;
  values: Partial<Record<SessionColumn, string | null>>;
  /** The row could not be read whole (wrong number of values); its values may be partial. */
  problem?: string;
}

export class DumpError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DumpError';
  }
}

const SQL_START = /^(--|\/\*|#|(insert|replace|create|drop|set|lock|unlock|use|start|begin|commit|alter)\b)/i;

/** SQL or CSV by the first characters of the file; null when it looks like neither. */
export function guessFormat(head: string): DumpFormat | null {
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (SQL_START.test(text)) return 'sql';
  const firstLine = text.split('\n', 1)[0] ?? '';
  if (/cart_key/i.test(firstLine)) return 'csv';
  return null;
}

/** The file as text chunks (UTF-8, a byte-order mark dropped); `onBytes` hears how many bytes were read. */
export async function* readTextFile(path: string, onBytes?: (bytes: number) => void): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let first = true;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    onBytes?.(chunk.length);
    let text = decoder.write(chunk);
    if (first && text.length) {
      text = text.replace(/^\uFEFF/, '');
      first = false;
    }
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/** Session rows of a dump; the format is guessed from the first characters when not given. */
export async function* readSessionDump(chunks: AsyncIterable<string>, format?: DumpFormat): AsyncGenerator<DumpRow> {
  const source = chunks[Symbol.asyncIterator]();
  // Enough of the file to tell the format, the delimiter and the quoting.
  let head = '';
  let done = false;
  while (!done && head.length < 1 << 16) {
    const r = await source.next();
    if (r.done) done = true;
    else head += r.value;
  }
  const rest: AsyncIterable<string> = {
    async *[Symbol.asyncIterator]() {
      if (head) yield head;
      if (done) return;
      for (;;) {
        const r = await source.next();
        if (r.done) return;
        yield r.value;
      }
    },
  };
  const chosen = format ?? guessFormat(head);
  if (!head.trim()) throw new DumpError('the file is empty');
  if (!chosen) {
    throw new DumpError('this is neither an SQL dump nor a CSV file with a header row naming the wp_cocart_carts columns (give --format if it is one of them)');
  }
  if (chosen === 'sql') yield* readSql(rest);
  else yield* readCsv(head, rest);
}

// ---------------------------------------------------------------------------------------------
// CSV and TSV

function normalizeColumn(name: string): string {
  return name
    .trim()
    .replace(/^["'`]|["'`]$/g, '')
    .trim()
    .toLowerCase()
    .replace(/^.*\./, '');
}

function columnMap(names: readonly string[]): (SessionColumn | null)[] {
  const map = names.map((n) => {
    const c = normalizeColumn(n);
    return (SESSION_COLUMNS as readonly string[]).includes(c) ? (c as SessionColumn) : null;
  });
  const missing = REQUIRED.filter((c) => !map.includes(c));
  if (missing.length) throw new DumpError(`the columns ${missing.join(', ')} are missing (found: ${names.map(normalizeColumn).join(', ')})`);
  return map;
}

function rowFrom(columns: readonly (SessionColumn | null)[], cells: readonly (string | null)[], where: string, expect: string): DumpRow {
  const values: DumpRow['values'] = {};
  columns.forEach((c, i) => {
    if (c && i < cells.length) values[c] = cells[i];
  });
  // A trailing empty field (a separator at the end of every line) is no extra value.
  const count = cells.length === columns.length + 1 && !cells[cells.length - 1] ? columns.length : cells.length;
  const row: DumpRow = { where, values };
  if (count !== columns.length) row.problem = `has ${count} values, ${expect} ${columns.length}`;
  return row;
}

const NULL_WORD = 'NULL';

function splitHeader(line: string, delimiter: string): string[] {
  return line.split(delimiter).map((f) => f.trim());
}

async function* readCsv(head: string, chunks: AsyncIterable<string>): AsyncGenerator<DumpRow> {
  const firstLine = (head.split('\n', 1)[0] ?? '').replace(/\r$/, '');
  // The separator is the one that splits the header into the most known column names.
  let best: { delimiter: string; known: number } = { delimiter: ',', known: 0 };
  for (const delimiter of ['\t', ',', ';', '|']) {
    const known = splitHeader(firstLine, delimiter).filter((f) => (SESSION_COLUMNS as readonly string[]).includes(normalizeColumn(f))).length;
    if (known > best.known) best = { delimiter, known };
  }
  if (best.known < 2) throw new DumpError('the first line is not a header naming the wp_cocart_carts columns (cart_key, cart_value, cart_expiry …)');
  const { delimiter } = best;
  const headerQuoted = firstLine.trimStart().startsWith('"');
  const secondLine = head.split('\n', 2)[1] ?? '';
  const dataQuoted = secondLine.startsWith('"') || secondLine.includes(`${delimiter}"`);
  if (delimiter === '\t' && !headerQuoted && !dataQuoted) {
    yield* readMysqlBatch(chunks);
    return;
  }
  // Quotes inside fields: doubled (RFC 4180, phpMyAdmin's default) or backslash-escaped.
  const doubled = head.split('""').length;
  const backslashed = head.split('\\"').length;
  const escape = backslashed > doubled ? '\\' : '"';
  const parser = parseCsv({ delimiter, escape, bom: true, relax_column_count: true, skip_empty_lines: true, info: true });
  const feed = (async () => {
    try {
      for await (const chunk of chunks) {
        if (parser.destroyed) return;
        if (!parser.write(chunk)) {
          await new Promise((r) => {
            parser.once('drain', r);
            parser.once('close', r);
          });
        }
      }
      parser.end();
    } catch (err) {
      parser.destroy(err as Error);
    }
  })();
  let columns: (SessionColumn | null)[] | null = null;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      // csv-parse tells the line a record ends on; the line breaks inside its fields lead back to where it starts.
      let breaks = 0;
      for (const f of record) if (f.includes('\n') || f.includes('\r')) breaks += f.match(/\r\n|\r|\n/g)!.length;
      const line = info.lines - breaks;
      if (!columns) {
        columns = columnMap(record);
        continue;
      }
      yield rowFrom(columns, record.map((f) => (f === NULL_WORD ? null : f)), `line ${line}`, 'the header names');
    }
  } catch (err) {
    if (err instanceof DumpError) throw err;
    throw new DumpError(`the CSV cannot be read: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    // Read to the end, or given up on: either way the feeding stops.
    parser.destroy();
    await feed;
  }
  if (!columns) throw new DumpError('the file has no header row');
}

/** `mysql --batch` escapes: `\0 \b \n \r \t \Z \\`; a lone `\N` (SELECT … INTO OUTFILE) or NULL is null. */
function unescapeBatch(field: string): string | null {
  if (field === NULL_WORD || field === '\\N') return null;
  if (!field.includes('\\')) return field;
  return field.replace(/\\(.)/gs, (_, c: string) => BACKSLASH_ESCAPES[c] ?? c);
}

const BACKSLASH_ESCAPES: Record<string, string> = { '0': '\0', b: '\b', n: '\n', r: '\r', t: '\t', Z: '\x1a', '\\': '\\' };

async function* readMysqlBatch(chunks: AsyncIterable<string>): AsyncGenerator<DumpRow> {
  let columns: (SessionColumn | null)[] | null = null;
  let line = 0;
  let carry = '';
  const take = (text: string): DumpRow | null => {
    line++;
    const l = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (l === '') return null;
    const fields = l.split('\t');
    if (!columns) {
      columns = columnMap(fields);
      return null;
    }
    return rowFrom(columns, fields.map(unescapeBatch), `line ${line}`, 'the header names');
  };
  for await (const chunk of chunks) {
    const text = carry + chunk;
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      const row = take(text.slice(start, nl));
      start = nl + 1;
      if (row) yield row;
    }
    carry = text.slice(start);
  }
  if (carry) {
    const row = take(carry);
    if (row) yield row;
  }
  if (!columns) throw new DumpError('the file has no header row');
}

// ---------------------------------------------------------------------------------------------
// SQL dumps

type Token = { kind: 'word'; text: string } | { kind: 'string'; quote: string; text: string } | { kind: 'punct'; text: string };

const WORD_CHAR = /[A-Za-z0-9_$@.+\-]/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const TABLE = /cocart_carts$/i;
const MYSQL_ESCAPES: Record<string, string> = { '0': '\0', b: '\b', n: '\n', r: '\r', t: '\t', Z: '\x1a' };

/** Not enough text buffered to finish the token. */
const MORE = null;
const UNKNOWN = -2;

/**
 * A resumable tokenizer and statement reader: text arrives in chunks, and a token cut by the end
 * of a chunk is read again, whole, once the next chunk is there.
 */
class SqlReader {
  private buf = '';
  private pos = 0;
  /** Line number at `lineAtPos`, advanced as the reader moves on. */
  private line = 1;
  private lineAtPos = 0;
  /** The first line break at or after `lineAtPos` (-1: none in the buffer, UNKNOWN: not looked for yet). */
  private nextBreak = UNKNOWN;
  private state: 'start' | 'head' | 'skip' | 'values' | 'tuple' = 'start';
  private head: Token[] = [];
  private headLine = 0;
  private columns: (SessionColumn | null)[] = [...SESSION_COLUMNS];
  private explicitColumns = false;
  private cells: (string | null)[] = [];
  /** In a tuple: a value was read and a separator is due. */
  private haveValue = false;
  /** A character-set introducer (`_binary`), `X` (hex) or `N` read before the string it applies to. */
  private prefix: 'hex' | 'plain' | null = null;
  private tupleLine = 0;
  private rowIndex = 0;
  private table = '';
  sawTable = false;

  /** Reads what it can of the text so far; `final` when no more will come. */
  feed(chunk: string, final: boolean, out: DumpRow[]): void {
    this.lineAt(this.pos);
    this.buf = this.pos < this.buf.length ? this.buf.slice(this.pos) + chunk : chunk;
    this.lineAtPos -= this.pos;
    this.nextBreak = this.nextBreak >= 0 ? this.nextBreak - this.pos : UNKNOWN;
    this.pos = 0;
    for (;;) {
      const start = this.pos;
      const token = this.next(final);
      if (token === MORE) {
        this.pos = start;
        break;
      }
      if (token === undefined) break;
      this.step(token, out);
    }
    if (final) this.finish();
  }

  /** The line `p` is on; positions are asked for in order, so each line break is looked for once. */
  private lineAt(p: number): number {
    if (p <= this.lineAtPos) return this.line;
    let nl = this.nextBreak === UNKNOWN ? this.buf.indexOf('\n', this.lineAtPos) : this.nextBreak;
    while (nl >= 0 && nl < p) {
      this.line++;
      nl = this.buf.indexOf('\n', nl + 1);
    }
    this.nextBreak = nl;
    this.lineAtPos = p;
    return this.line;
  }

  private fail(message: string, line = this.lineAt(this.pos)): never {
    throw new DumpError(`${message} (line ${line})`);
  }

  /** The next token, `undefined` at the end of the text, MORE if the text so far ends inside one. */
  private next(final: boolean): Token | typeof MORE | undefined {
    const b = this.buf;
    for (;;) {
      while (this.pos < b.length && b.charCodeAt(this.pos) <= 0x20) this.pos++;
      if (this.pos >= b.length) return undefined;
      const c = b[this.pos];
      const c2 = b[this.pos + 1];
      // `# …` and `-- …` (a dash pair followed by a space or the line's end) run to the end of the line.
      let lineComment = c === '#';
      if (c === '-' && c2 === '-') {
        if (this.pos + 2 >= b.length && !final) return MORE;
        lineComment = this.pos + 2 >= b.length || b.charCodeAt(this.pos + 2) <= 0x20;
      }
      if (lineComment) {
        const nl = b.indexOf('\n', this.pos);
        if (nl < 0) {
          if (!final) return MORE;
          this.pos = b.length;
          return undefined;
        }
        this.pos = nl + 1;
        continue;
      }
      if (c === '-' && c2 === undefined && !final) return MORE;
      if (c === '/' && c2 === '*') {
        const end = b.indexOf('*/', this.pos + 2);
        if (end < 0) {
          if (!final) return MORE;
          this.fail('the dump ends inside a /* comment */');
        }
        this.pos = end + 2;
        continue;
      }
      if (c === '/' && c2 === undefined && !final) return MORE;
      break;
    }
    const c = b[this.pos];
    if (c === "'" || c === '"' || c === '`') return this.quoted(c, final);
    if (WORD_CHAR.test(c)) {
      let end = this.pos + 1;
      while (end < b.length && WORD_CHAR.test(b[end])) end++;
      if (end >= b.length && !final) return MORE;
      const text = b.slice(this.pos, end);
      this.pos = end;
      return { kind: 'word', text };
    }
    this.pos++;
    return { kind: 'punct', text: c };
  }

  /** A quoted string or identifier with MySQL's escapes: backslash sequences (not in `…`) and a doubled quote. */
  private quoted(quote: string, final: boolean): Token | typeof MORE {
    const b = this.buf;
    const open = this.pos;
    const backslashes = quote !== '`';
    let from = open + 1;
    let parts: string[] | null = null;
    // Next quote and next backslash from `from`, each searched again only once passed.
    let q = b.indexOf(quote, from);
    let bs = backslashes ? b.indexOf('\\', from) : -1;
    for (;;) {
      if (bs >= 0 && (q < 0 || bs < q)) {
        if (bs + 1 >= b.length) {
          if (!final) return MORE;
          this.fail('the dump ends inside a string', this.lineAt(open));
        }
        (parts ??= []).push(b.slice(from, bs));
        const e = b[bs + 1];
        // `\%` and `\_` keep their backslash (they are LIKE escapes); any other `\x` is `x`.
        parts.push(MYSQL_ESCAPES[e] ?? (e === '%' || e === '_' ? `\\${e}` : e));
        from = bs + 2;
        bs = b.indexOf('\\', from);
        if (q >= 0 && q < from) q = b.indexOf(quote, from);
        continue;
      }
      if (q < 0) {
        if (!final) return MORE;
        this.fail('the dump ends inside a string', this.lineAt(open));
      }
      if (q + 1 >= b.length && !final) return MORE;
      if (b[q + 1] === quote) {
        (parts ??= []).push(b.slice(from, q + 1));
        from = q + 2;
        q = b.indexOf(quote, from);
        if (bs >= 0 && bs < from) bs = b.indexOf('\\', from);
        continue;
      }
      const last = b.slice(from, q);
      this.pos = q + 1;
      return { kind: 'string', quote, text: parts ? parts.join('') + last : last };
    }
  }

  private step(t: Token, out: DumpRow[]): void {
    switch (this.state) {
      case 'start':
        if (t.kind === 'punct' && t.text === ';') return;
        this.head = [t];
        this.headLine = this.lineAt(this.pos);
        this.state = 'head';
        return;
      case 'head':
        return this.headToken(t);
      case 'skip':
        if (t.kind === 'punct' && t.text === ';') this.state = 'start';
        return;
      case 'values':
        if (t.kind === 'punct') {
          if (t.text === '(') {
            this.state = 'tuple';
            this.cells = [];
            this.haveValue = false;
            this.prefix = null;
            this.tupleLine = this.lineAt(this.pos);
            return;
          }
          if (t.text === ',') return;
          if (t.text === ';') {
            this.state = 'start';
            return;
          }
        }
        // ON DUPLICATE KEY UPDATE …, or a row alias (AS new): nothing more to read in this statement.
        if (t.kind === 'word' && /^(on|as)$/i.test(t.text)) {
          this.state = 'skip';
          return;
        }
        return this.fail(`unexpected ${show(t)} between the rows of INSERT INTO ${this.table}`);
      case 'tuple':
        return this.tupleToken(t, out);
    }
  }

  private headToken(t: Token): void {
    if (t.kind === 'punct' && t.text === ';') {
      this.checkCreate();
      this.state = 'start';
      return;
    }
    if (t.kind === 'word' && /^values?$/i.test(t.text) && /^(insert|replace)$/i.test(this.head[0].text)) return this.startInsert();
    this.head.push(t);
    if (t.kind === 'punct' && t.text === '(' && /^create$/i.test(this.head[0].text)) {
      this.checkCreate();
      this.state = 'skip';
    } else if (this.head.length > 4096 || !/^(insert|replace|create)$/i.test(this.head[0].text)) {
      this.state = 'skip';
    }
  }

  private checkCreate(): void {
    if (!/^create$/i.test(this.head[0].text)) return;
    const names = this.head.filter((t) => t.kind !== 'punct').map((t) => t.text.replace(/^.*\./, ''));
    if (/^table$/i.test(names[1] ?? '') && names.some((n, i) => i > 1 && TABLE.test(n))) this.sawTable = true;
  }

  /** `INSERT [LOW_PRIORITY|DELAYED|HIGH_PRIORITY] [IGNORE] [INTO] table [(columns)]`, read when VALUES arrives. */
  private startInsert(): void {
    const h = this.head;
    let i = 1;
    while (i < h.length && h[i].kind === 'word' && /^(low_priority|delayed|high_priority|ignore|into)$/i.test(h[i].text)) i++;
    const ident = (t: Token | undefined) => (t && (t.kind === 'word' || (t.kind === 'string' && t.quote !== "'")) ? t.text : null);
    let name = ident(h[i++]);
    // db.table, `db`.`table`, `db`.table
    while (name !== null && h[i]?.kind === 'word' && h[i].text.startsWith('.')) {
      const dotted = h[i++].text;
      name = dotted === '.' ? ident(h[i++]) : dotted.slice(1);
    }
    if (name === null) {
      this.state = 'skip';
      return;
    }
    name = name.replace(/^.*\./, '');
    if (!TABLE.test(name)) {
      this.state = 'skip';
      return;
    }
    this.sawTable = true;
    this.table = name;
    const columns: string[] = [];
    if (h[i]?.kind === 'punct' && h[i].text === '(') {
      i++;
      for (;;) {
        const c = ident(h[i++]);
        if (c === null) return this.fail(`cannot read the column list of INSERT INTO ${name}`, this.headLine);
        columns.push(c);
        const sep = h[i++];
        if (sep?.kind === 'punct' && sep.text === ')') break;
        if (!(sep?.kind === 'punct' && sep.text === ',')) return this.fail(`cannot read the column list of INSERT INTO ${name}`, this.headLine);
      }
    }
    if (i !== h.length) return this.fail(`cannot read INSERT INTO ${name}: unexpected ${show(h[i])}`, this.headLine);
    try {
      this.columns = columns.length ? columnMap(columns) : [...SESSION_COLUMNS];
    } catch (err) {
      return this.fail(`INSERT INTO ${name}: ${(err as Error).message}`, this.headLine);
    }
    this.explicitColumns = columns.length > 0;
    this.state = 'values';
  }

  private tupleToken(t: Token, out: DumpRow[]): void {
    if (t.kind === 'punct' && (t.text === ',' || t.text === ')')) {
      if (!this.haveValue || this.prefix) {
        if (t.text === ')' && this.cells.length === 0 && !this.prefix) return this.fail(`an empty row in INSERT INTO ${this.table}`);
        return this.fail(`a value is missing in a row of INSERT INTO ${this.table}`);
      }
      this.haveValue = false;
      if (t.text === ')') {
        this.rowIndex++;
        const expect = this.explicitColumns ? 'the column list names' : "without a column list CoCart 3.x's columns are";
        out.push(rowFrom(this.columns, this.cells, `row ${this.rowIndex} (line ${this.tupleLine})`, expect));
        this.state = 'values';
      }
      return;
    }
    if (this.haveValue) return this.fail(`expected ',' or ')' after a value in INSERT INTO ${this.table}, found ${show(t)}`);
    if (t.kind === 'string') {
      if (t.quote === '`') return this.fail(`unexpected identifier \`${t.text}\` in a row of INSERT INTO ${this.table}`);
      this.cells.push(this.prefix === 'hex' ? fromHex(t.text, () => this.fail(`X'${t.text.slice(0, 20)}…' is not hexadecimal`)) : t.text);
      this.prefix = null;
      this.haveValue = true;
      return;
    }
    if (t.kind === 'word' && !this.prefix) {
      const w = t.text;
      if (/^null$/i.test(w) || /^default$/i.test(w)) this.cells.push(null);
      else if (/^true$/i.test(w)) this.cells.push('1');
      else if (/^false$/i.test(w)) this.cells.push('0');
      else if (NUMBER.test(w)) this.cells.push(w);
      else if (/^0x[0-9a-f]*$/i.test(w)) this.cells.push(fromHex(w.slice(2), () => this.fail(`${w.slice(0, 20)} is not hexadecimal`)));
      else if (/^x$/i.test(w)) {
        this.prefix = 'hex';
        return;
      } else if (/^n$/i.test(w) || /^_[a-z0-9]+$/i.test(w)) {
        this.prefix = 'plain';
        return;
      } else return this.fail(`unsupported value ${show(t)} in a row of INSERT INTO ${this.table}`);
      this.haveValue = true;
      return;
    }
    return this.fail(`unsupported value ${show(t)} in a row of INSERT INTO ${this.table}`);
  }

  private finish(): void {
    if (this.state === 'tuple') this.fail(`the dump ends inside a row of INSERT INTO ${this.table} (is the file cut short?)`, this.tupleLine);
    if (this.state === 'head') this.checkCreate();
  }
}

function fromHex(hex: string, bad: () => never): string {
  if (hex.length % 2 || !/^[0-9a-f]*$/i.test(hex)) bad();
  return Buffer.from(hex, 'hex').toString('utf8');
}

function show(t: Token | undefined): string {
  if (!t) return 'the end of the statement';
  if (t.kind === 'string') return `${t.quote}${t.text.slice(0, 30)}${t.text.length > 30 ? '…' : ''}${t.quote}`;
  return `"${t.text.slice(0, 30)}"`;
}

async function* readSql(chunks: AsyncIterable<string>): AsyncGenerator<DumpRow> {
  const reader = new SqlReader();
  const out: DumpRow[] = [];
  // Rows read before a syntax error still come out, ahead of the error.
  const feed = function* (chunk: string, final: boolean) {
    try {
      reader.feed(chunk, final, out);
    } finally {
      yield* out.splice(0);
    }
  };
  for await (const chunk of chunks) yield* feed(chunk, false);
  yield* feed('', true);
  if (!reader.sawTable) throw new DumpError('the dump has no INSERT INTO …cocart_carts (nor its CREATE TABLE): is it a dump of the wp_cocart_carts table?');
}
