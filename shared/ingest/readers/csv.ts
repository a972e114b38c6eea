// RFC 4180 CSV (quotes, doubled quotes, line breaks inside quotes, CRLF/LF/CR), streaming.
// Rows are found by quote parity, so each character is looked at once however many chunks a row spans; each row
// is then split on its own. Values are null-prototype objects (header → cell), so a `__proto__` column is data.
// Positions are the 1-based physical line where the row starts (the header is line 1).
import type { TextEncodingName } from './decode';
import type { Emitter } from './emitter';
import { tooLargeReason } from './emitter';
import { ReaderError } from './errors';
import type { LineBreak } from './lines';
import type { ReaderLimits } from './limits';

export const CSV_DELIMITERS = [',', '\t', ';', '|'] as const;

/** The delimiter of a header line: the candidate seen most often outside quotes (ties: `,` `\t` `;` `|`), else `,`. */
export const sniffDelimiter = (line: string): string => {
  let comma = 0;
  let tab = 0;
  let semi = 0;
  let pipe = 0;
  let inQuote = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 34) inQuote = !inQuote;
    else if (!inQuote) {
      if (c === 44) comma++;
      else if (c === 9) tab++;
      else if (c === 59) semi++;
      else if (c === 124) pipe++;
    }
  }
  const counts = [comma, tab, semi, pipe];
  let best = 0;
  for (let k = 1; k < counts.length; k++) if ((counts[k] ?? 0) > (counts[best] ?? 0)) best = k;
  return (counts[best] ?? 0) > 0 ? CSV_DELIMITERS[best] ?? ',' : ',';
};

/**
 * Split one row's text into cells. Keeps at most `limit` cells but counts them all. Lenient where RFC 4180 is
 * violated: a quote inside an unquoted cell is literal; text after a closing quote is appended; an unclosed quote
 * takes the rest of the row.
 */
export const splitCsvRow = (text: string, delim: string, limit: number): { cells: string[]; count: number } => {
  const dl = delim.length;
  if (text.indexOf('"') === -1) {
    const cells = text.split(delim, limit);
    if (cells.length < limit) return { cells, count: cells.length };
    let count = 1;
    for (let p = text.indexOf(delim); p !== -1; p = text.indexOf(delim, p + dl)) count++;
    return { cells, count };
  }
  const cells: string[] = [];
  const n = text.length;
  let count = 0;
  let i = 0;
  for (;;) {
    let cell: string;
    if (text.charCodeAt(i) === 34) {
      let out = '';
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q === -1) {
          out += text.slice(j);
          i = n;
          break;
        }
        out += text.slice(j, q);
        if (text.charCodeAt(q + 1) === 34) {
          out += '"';
          j = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      const d = text.indexOf(delim, i);
      const stop = d === -1 ? n : d;
      if (stop > i) out += text.slice(i, stop);
      cell = out;
      i = stop;
    } else {
      const d = text.indexOf(delim, i);
      const stop = d === -1 ? n : d;
      cell = text.slice(i, stop);
      i = stop;
    }
    count++;
    if (cells.length < limit) cells.push(cell);
    if (i >= n) break;
    i += dl;
    if (i >= n) {
      count++;
      if (cells.length < limit) cells.push('');
      break;
    }
  }
  return { cells, count };
};

/** Column names as keys: trimmed; an empty first name is `_index` (pandas' unnamed index), other empty ones `_colN`; repeats get `_2`, `_3`. */
export const uniqueColumnNames = (raw: readonly string[]): string[] => {
  const seen = new Set<string>();
  return raw.map((r, k) => {
    let name = r.trim() || (k === 0 ? '_index' : `_col${k + 1}`);
    if (seen.has(name)) {
      let m = 2;
      while (seen.has(`${name}_${m}`)) m++;
      name = `${name}_${m}`;
    }
    seen.add(name);
    return name;
  });
};

const countChar = (s: string, ch: string): number => {
  let n = 0;
  for (let p = s.indexOf(ch); p !== -1; p = s.indexOf(ch, p + 1)) n++;
  return n;
};

export class CsvParser {
  private header: string[] | undefined;
  private delim: string | undefined;
  private parts: string[] = [];
  private partsChars = 0;
  private inQuote = false;
  private rowHasQuote = false;
  private skipping = false;
  /** Physical line where the current row starts. */
  private lineNo = 1;
  private droppedBreaks = 0;

  constructor(
    private readonly emit: Emitter,
    private readonly limits: ReaderLimits,
    private readonly brk: LineBreak,
    private readonly encoding: TextEncodingName,
    delimiter?: string,
  ) {
    this.delim = delimiter || undefined;
  }

  push(s: string): void {
    const brk = this.brk;
    const n = s.length;
    let i = 0;
    let rowStart = 0;
    let nlPos = -2;
    let qPos = -2;
    while (i < n) {
      if (this.skipping) {
        const nl = s.indexOf(brk, i);
        if (nl === -1) {
          i = n;
          rowStart = n;
          break;
        }
        this.skipping = false;
        this.lineNo += this.droppedBreaks + 1;
        this.droppedBreaks = 0;
        i = nl + 1;
        rowStart = i;
        continue;
      }
      if (qPos !== -1 && qPos < i) qPos = s.indexOf('"', i);
      if (this.inQuote) {
        if (qPos === -1) {
          i = n;
          break;
        }
        this.inQuote = false;
        i = qPos + 1;
        continue;
      }
      if (nlPos !== -1 && nlPos < i) nlPos = s.indexOf(brk, i);
      if (qPos !== -1 && (nlPos === -1 || qPos < nlPos)) {
        this.inQuote = true;
        this.rowHasQuote = true;
        i = qPos + 1;
        continue;
      }
      if (nlPos === -1) {
        i = n;
        break;
      }
      const text = this.parts.length ? this.parts.join('') + s.slice(rowStart, nlPos) : s.slice(rowStart, nlPos);
      this.parts = [];
      this.partsChars = 0;
      this.row(text);
      i = nlPos + 1;
      rowStart = i;
    }
    if (rowStart < n) {
      const part = rowStart === 0 ? s : s.slice(rowStart);
      this.partsChars += part.length;
      this.parts.push(part);
      const cap = this.header ? this.limits.maxRecordChars : this.limits.maxLineChars;
      if (this.partsChars > cap + 1) this.drop();
    }
  }

  end(): void {
    if (this.skipping || this.parts.length === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    if (this.inQuote) {
      if (!this.header) throw new ReaderError('BAD_HEADER', 'The CSV header has an unclosed quote.');
      this.emit.reject(this.lineNo, '', 'unterminated quoted field (the file ends inside quotes)');
      return;
    }
    this.row(text);
  }

  /** A row in progress passed the cap: reject it now and skip to the next line break (quotes ignored, to resync). */
  private drop(): void {
    if (!this.header) throw new ReaderError('BAD_HEADER', `The CSV header line is longer than ${this.limits.maxLineChars} characters.`);
    this.emit.reject(this.lineNo, '', tooLargeReason(this.limits));
    for (const p of this.parts) this.droppedBreaks += countChar(p, this.brk);
    this.parts = [];
    this.partsChars = 0;
    this.skipping = true;
    this.inQuote = false;
    this.rowHasQuote = false;
  }

  private row(raw: string): void {
    const text = this.brk === '\n' && raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
    const line = this.lineNo;
    this.lineNo += 1 + (this.rowHasQuote ? countChar(text, this.brk) : 0);
    this.rowHasQuote = false;
    if (text.length === 0) return;
    const header = this.header;
    if (!header) {
      this.setHeader(text);
      return;
    }
    if (text.length > this.limits.maxRecordChars) {
      this.emit.reject(line, '', tooLargeReason(this.limits));
      return;
    }
    const { cells, count } = splitCsvRow(text, this.delim ?? ',', header.length + 1);
    if (count !== header.length) {
      this.emit.reject(line, '', `expected ${header.length} columns, found ${count}`);
      return;
    }
    const value = Object.create(null) as Record<string, string>;
    header.forEach((name, k) => (value[name] = cells[k] ?? ''));
    this.emit.record(line, value, text);
  }

  private setHeader(text: string): void {
    const limits = this.limits;
    if (text.length > limits.maxLineChars) throw new ReaderError('BAD_HEADER', `The CSV header line is longer than ${limits.maxLineChars} characters.`);
    const delim = this.delim ?? sniffDelimiter(text);
    this.delim = delim;
    const { cells, count } = splitCsvRow(text, delim, limits.maxColumns + 1);
    if (count > limits.maxColumns) throw new ReaderError('BAD_HEADER', `The CSV header has ${count} columns; at most ${limits.maxColumns} are read.`);
    this.header = uniqueColumnNames(cells);
    this.emit.setHeader({ kind: 'container', container: 'csv', header: [...this.header], encoding: this.encoding, delimiter: delim });
    this.emit.flushHeader();
  }
}
