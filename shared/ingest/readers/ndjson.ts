// NDJSON: one JSON value per line; blank lines are skipped; positions are 1-based line numbers.
import type { Emitter } from './emitter';
import { tooDeepReason, tooLargeReason, tooLongLineReason } from './emitter';
import { exceedsDepth } from './json-scan';
import type { LineBreak } from './lines';
import { LineSplitter } from './lines';
import type { ReaderLimits } from './limits';

const isBlank = (line: string): boolean => {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 10) return false;
  }
  return true;
};

export class NdjsonParser {
  private readonly lines: LineSplitter;

  constructor(
    private readonly emit: Emitter,
    private readonly limits: ReaderLimits,
    brk: LineBreak,
    /** The byte offset in the file of a character of its text, when it can be told (see ByteMap). */
    private readonly byteAt: (char: number) => number | undefined = () => undefined,
    firstLine = 1,
  ) {
    // A line is a record, so the smaller of the two caps applies, with the reason that names it.
    const byRecord = limits.maxRecordChars < limits.maxLineChars;
    const tooLong = byRecord ? tooLargeReason(limits) : tooLongLineReason(limits);
    this.lines = new LineSplitter(
      brk,
      byRecord ? limits.maxRecordChars : limits.maxLineChars,
      (line, no, start) => this.line(line, no, start),
      (no) => this.emit.reject(no, '', tooLong),
      firstLine,
    );
  }

  push(text: string): void {
    this.lines.push(text);
  }

  end(): void {
    this.lines.end();
  }

  private line(text: string, no: number, start: number): void {
    const c0 = text.charCodeAt(0);
    if (text.length === 0 || ((c0 === 32 || c0 === 9) && isBlank(text))) return;
    if (exceedsDepth(text, this.limits.maxDepth)) {
      this.emit.reject(no, '', tooDeepReason(this.limits));
      return;
    }
    const from = this.byteAt(start);
    this.emit.parsed(no, text, from, from === undefined ? undefined : this.byteAt(start + text.length));
  }
}
