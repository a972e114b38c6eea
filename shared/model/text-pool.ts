// Many strings kept as their characters in one byte pool, each known by its span. A million-alert import interns
// some two million entity keys and as many values; as strings each costs a 12-byte header, 4-byte alignment and a
// 4-byte slot in its array (a value sliced from its key 20 bytes more), and each is an object every full collection
// marks. Here a string costs its characters plus 8 bytes of span, and the collector sees a few typed arrays.
import { grow } from './arrays';

/**
 * The characters of many strings, one byte each, for strings whose characters are all below 256 (entity keys are
 * mostly lower-cased ASCII); any other string is kept as it is in `wide`, its span [-1 - its index there, 0].
 */
export class TextPool {
  bytes = new Uint8Array(4096);
  used = 0;
  readonly wide: string[] = [];

  /** Append `s`; returns its span's start (its end is start + length, or 0 for a wide string). */
  add(s: string): number {
    const n = s.length;
    for (let i = 0; i < n; i++) {
      if (s.charCodeAt(i) > 255) {
        this.wide.push(s);
        return -this.wide.length;
      }
    }
    const start = this.used;
    if (start + n > this.bytes.length) this.bytes = grow(this.bytes, start + n);
    const b = this.bytes;
    for (let i = 0; i < n; i++) b[start + i] = s.charCodeAt(i);
    this.used = start + n;
    return start;
  }

  /** Room for `chars` more characters without growing (a bulk load that knows its size). */
  reserve(chars: number): void {
    this.bytes = grow(this.bytes, this.used + chars, true);
  }
}

/**
 * Strings by position, as spans of a `TextPool`. A string made from a span is a new copy each time: the list is
 * for strings read rarely (display, explanations) and compared often (`equals`, for the intern tables).
 */
export class TextList {
  private span = new Int32Array(2048);
  /** Number of positions. */
  count = 0;

  constructor(readonly pool: TextPool) {}

  /** Append `s` at the next position; returns it. */
  push(s: string): number {
    const start = this.pool.add(s);
    return this.pushSpan(start, start < 0 ? 0 : start + s.length);
  }

  /**
   * Append, as the next position, the part of position `of` of `list` (of the same pool) from character `from` on:
   * a value that is its key after the type prefix shares the key's bytes. Returns the new position.
   */
  pushTail(list: TextList, of: number, from: number): number {
    const start = list.span[2 * of] ?? 0;
    if (start < 0) return this.push((this.pool.wide[-1 - start] ?? '').slice(from));
    return this.pushSpan(start + from, list.span[2 * of + 1] ?? 0);
  }

  private pushSpan(start: number, end: number): number {
    const at = this.count++;
    if (this.span.length < 2 * this.count) this.span = grow(this.span, 2 * this.count);
    this.span[2 * at] = start;
    this.span[2 * at + 1] = end;
    return at;
  }

  /** Room for `n` positions without growing. */
  reserve(n: number): void {
    this.span = grow(this.span, 2 * n, true);
  }

  /** Whether position `at` holds `s`. */
  equals(at: number, s: string): boolean {
    const start = this.span[2 * at] ?? 0;
    if (start < 0) return this.pool.wide[-1 - start] === s;
    const n = s.length;
    if ((this.span[2 * at + 1] ?? 0) - start !== n) return false;
    const b = this.pool.bytes;
    for (let i = 0; i < n; i++) if (b[start + i] !== s.charCodeAt(i)) return false;
    return true;
  }

  /** The string at position `at` ('' past the end). */
  at(at: number): string {
    if (at < 0 || at >= this.count) return '';
    const start = this.span[2 * at] ?? 0;
    if (start < 0) return this.pool.wide[-1 - start] ?? '';
    const end = this.span[2 * at + 1] ?? 0;
    const b = this.pool.bytes;
    // fromCharCode takes its units as arguments: long strings (hostile 1 MB values) go in pieces under the
    // engine's argument limit.
    let out = '';
    for (let i = start; i < end; i += 4096) out += String.fromCharCode.apply(null, b.subarray(i, Math.min(end, i + 4096)) as unknown as number[]);
    return out;
  }

  /** Order of positions a and b as their strings compare (code units), without making them when both are narrow. */
  compare(a: number, b: number): number {
    const sa = this.span[2 * a] ?? 0;
    const sb = this.span[2 * b] ?? 0;
    if (sa < 0 || sb < 0) {
      const x = this.at(a);
      const y = this.at(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    const la = (this.span[2 * a + 1] ?? 0) - sa;
    const lb = (this.span[2 * b + 1] ?? 0) - sb;
    const bytes = this.pool.bytes;
    for (let i = 0, n = Math.min(la, lb); i < n; i++) {
      const d = (bytes[sa + i] ?? 0) - (bytes[sb + i] ?? 0);
      if (d !== 0) return d < 0 ? -1 : 1;
    }
    return la < lb ? -1 : la > lb ? 1 : 0;
  }
}
