// Collects a parser's output for one chunk; the async reader yields it. Enforces the record cap.
import { countReplacementChars } from './decode';
import { ReaderError } from './errors';
import type { SourceRecord } from '#shared/ingest/types';
import type { ContainerEvent, ReadEvent } from './events';
import type { ReaderLimits } from './limits';

export class Emitter {
  out: ReadEvent[] = [];
  private header: ContainerEvent | undefined;
  private headerSent = false;
  private count = 0;

  constructor(readonly limits: ReaderLimits) {}

  /** Set (or replace, until it is sent) the container event; it goes out before the first record. */
  setHeader(header: ContainerEvent): void {
    if (!this.headerSent) this.header = header;
  }

  get hasHeader(): boolean {
    return this.header !== undefined;
  }

  flushHeader(): void {
    if (this.headerSent || !this.header) return;
    this.out.push(this.header);
    this.headerSent = true;
  }

  record(position: number, value: unknown, text: string, byteStart?: number, byteEnd?: number): void {
    this.bump();
    const record: SourceRecord = { position, value, text };
    if (byteStart !== undefined && byteEnd !== undefined) {
      record.byteStart = byteStart;
      record.byteEnd = byteEnd;
    }
    this.out.push({ kind: 'record', record, replacementChars: countReplacementChars(text) });
  }

  reject(position: number, field: string, reason: string): void {
    this.bump();
    this.out.push({ kind: 'reject', record: position, field, reason });
  }

  /** JSON.parse of one record's text, or a reject. */
  parsed(position: number, text: string, byteStart?: number, byteEnd?: number): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      this.reject(position, '', `invalid JSON: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    this.record(position, value, text, byteStart, byteEnd);
  }

  take(): ReadEvent[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  private bump(): void {
    this.flushHeader();
    if (++this.count > this.limits.maxRecords) {
      throw new ReaderError('TOO_MANY_RECORDS', `The file has more than ${this.limits.maxRecords} records; reading stopped there.`);
    }
  }
}

export const tooLargeReason = (limits: ReaderLimits): string => `record larger than ${limits.maxRecordChars} characters`;
export const tooLongLineReason = (limits: ReaderLimits): string => `line longer than ${limits.maxLineChars} characters`;
export const tooDeepReason = (limits: ReaderLimits): string => `JSON nesting deeper than ${limits.maxDepth} levels`;
