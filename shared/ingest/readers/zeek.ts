// Zeek ASCII logs: `#separator`, `#set_separator`, `#empty_field`, `#unset_field`, `#path`, `#fields`, `#types`
// header lines, tab-separated records, a `#close` footer. Values mirror Zeek's own JSON writer, so one adapter can
// read both forms: unset (`-`) fields are left out, `(empty)` is [] for set/vector/table and '' otherwise,
// containers are arrays, count/int/port/double/interval/time are numbers (integers beyond 2^53 stay text), bool is
// true/false, `\xHH` and `\\` escapes are decoded. Values are null-prototype objects; positions are line numbers.
import type { TextEncodingName } from './decode';
import type { Emitter } from './emitter';
import { tooLongLineReason } from './emitter';
import { ReaderError } from './errors';
import type { LineBreak } from './lines';
import { LineSplitter } from './lines';
import type { ReaderLimits } from './limits';
import { uniqueColumnNames } from './csv';

const ESCAPE = /\\(\\|x[0-9a-fA-F]{2})/g;

/** Zeek's ASCII escapes: `\xHH` → that character, `\\` → `\`. */
export const unescapeZeek = (s: string): string =>
  s.indexOf('\\') === -1 ? s : s.replace(ESCAPE, (_m, g: string) => (g === '\\' ? '\\' : String.fromCharCode(parseInt(g.slice(1), 16))));

const NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const INTEGER_TYPES = new Set(['count', 'int', 'port']);
const NUMBER_TYPES = new Set(['double', 'interval', 'time']);
const isContainerType = (t: string | undefined): boolean => !!t && /^(?:set|vector|table)\[/.test(t);

export class ZeekParser {
  private sep = '\t';
  private setSep = ',';
  private emptyField = '(empty)';
  private unsetField = '-';
  private logPath: string | undefined;
  private fields: string[] | undefined;
  private types: string[] | undefined;
  private headerSent = false;
  private conv: ((cell: string) => unknown)[] | undefined;
  private readonly lines: LineSplitter;

  constructor(
    private readonly emit: Emitter,
    private readonly limits: ReaderLimits,
    brk: LineBreak,
    private readonly encoding: TextEncodingName,
  ) {
    const cap = Math.min(limits.maxLineChars, limits.maxRecordChars);
    this.lines = new LineSplitter(brk, cap, (line, no) => this.line(line, no), (no) => this.emit.reject(no, '', tooLongLineReason({ ...limits, maxLineChars: cap })));
  }

  push(text: string): void {
    this.lines.push(text);
  }

  end(): void {
    this.lines.end();
    if (!this.headerSent && this.fields) this.sendHeader();
  }

  private line(text: string, no: number): void {
    if (text.length === 0) return;
    if (text.charCodeAt(0) === 35) {
      this.directive(text);
      return;
    }
    const fields = this.fields;
    if (!fields) throw new ReaderError('BAD_HEADER', 'This Zeek log has no #fields line before its first record.');
    if (!this.headerSent) this.sendHeader();
    const cells = text.split(this.sep, fields.length + 1);
    if (cells.length !== fields.length) {
      let found = cells.length;
      if (found > fields.length) {
        found = 1;
        for (let p = text.indexOf(this.sep); p !== -1; p = text.indexOf(this.sep, p + this.sep.length)) found++;
      }
      this.emit.reject(no, '', `expected ${fields.length} fields, found ${found}`);
      return;
    }
    const value = Object.create(null) as Record<string, unknown>;
    const conv = this.converters();
    for (let k = 0; k < fields.length; k++) {
      const v = conv[k]?.(cells[k] ?? '');
      if (v !== undefined) value[fields[k] ?? ''] = v;
    }
    this.emit.record(no, value, text);
  }

  /** One converter per field, chosen once per #types line rather than per cell. */
  private converters(): readonly ((cell: string) => unknown)[] {
    if (this.conv) return this.conv;
    const unset = this.unsetField;
    const empty = this.emptyField;
    const setSep = this.setSep;
    const types = this.types;
    this.conv = (this.fields ?? []).map((_, k) => {
      const type = types?.[k];
      if (isContainerType(type)) return (c: string) => (c === unset ? undefined : c === empty ? [] : c.split(setSep).map(unescapeZeek));
      if (type !== undefined && INTEGER_TYPES.has(type)) {
        return (c: string) => {
          if (c === unset) return undefined;
          if (NUMBER.test(c)) {
            const n = Number(c);
            if (Number.isSafeInteger(n)) return n;
          }
          return c === empty ? '' : unescapeZeek(c);
        };
      }
      if (type !== undefined && NUMBER_TYPES.has(type)) return (c: string) => (c === unset ? undefined : NUMBER.test(c) ? Number(c) : c === empty ? '' : unescapeZeek(c));
      if (type === 'bool') return (c: string) => (c === unset ? undefined : c === 'T' ? true : c === 'F' ? false : c === empty ? '' : unescapeZeek(c));
      return (c: string) => (c === unset ? undefined : c === empty ? '' : unescapeZeek(c));
    });
    return this.conv;
  }

  private directive(text: string): void {
    this.conv = undefined;
    if (text.startsWith('#separator')) {
      const sep = unescapeZeek(text.slice('#separator'.length).replace(/^ /, ''));
      if (sep.length > 0) this.sep = sep;
      return;
    }
    const cells = text.split(this.sep);
    const arg = unescapeZeek(cells[1] ?? '');
    switch (cells[0]) {
      case '#set_separator':
        if (arg) this.setSep = arg;
        break;
      case '#empty_field':
        this.emptyField = arg;
        break;
      case '#unset_field':
        this.unsetField = arg;
        break;
      case '#path':
        this.logPath = arg;
        break;
      case '#fields': {
        const names = cells.slice(1);
        if (names.length > this.limits.maxColumns) {
          throw new ReaderError('BAD_HEADER', `The Zeek #fields line has ${names.length} fields; at most ${this.limits.maxColumns} are read.`);
        }
        this.fields = uniqueColumnNames(names.map(unescapeZeek));
        this.types = undefined;
        break;
      }
      case '#types':
        this.types = cells.slice(1);
        break;
      default:
      // #open, #close and comments carry nothing a record needs.
    }
  }

  private sendHeader(): void {
    this.headerSent = true;
    const ev = { kind: 'container' as const, container: 'tsv-zeek' as const, header: [...(this.fields ?? [])], encoding: this.encoding, delimiter: this.sep };
    this.emit.setHeader({
      ...ev,
      ...(this.types ? { fieldTypes: [...this.types] } : {}),
      ...(this.logPath !== undefined ? { logPath: this.logPath } : {}),
    });
    this.emit.flushHeader();
  }
}
