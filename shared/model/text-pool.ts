// Many strings kept as their characters in one byte pool, each known by its span. A million-alert import interns
// some two million entity keys and as many values; as strings each costs a 12-byte header, 4-byte alignment and a
// 4-byte slot in its array (a value sliced from its key 20 bytes more), and each is an object every full collection
// marks. Here a string costs its characters plus 8 bytes of span, and the collector sees a few typed arrays.
import { grow } from './arrays';

/** Value of each lower-case hex digit by code unit, -1 for any other unit below 128. */
const NIBBLE = Int8Array.from({ length: 128 }, (_, u) => (u >= 48 && u <= 57 ? u - 48 : u >= 97 && u <= 102 ? u - 87 : -1));
/** Value of a lower-case hex digit, or -1. */
const nibble = (u: number): number => (u < 128 ? (NIBBLE[u] ?? -1) : -1);
/** Two hex digits per byte value. */
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/**
 * A string of its own with the characters of `s`. An import's keys are slices of its chunks' text (see
 * `CodedAlerts`): a slice kept for good would keep the chunk's whole text alive.
 */
const ownCopy = (s: string): string => JSON.parse(JSON.stringify(s)) as string;

/** Length of a packed span's prefix (its characters up to the first ':'; the digits follow, two a byte). */
const packedPrefix = (b: Uint8Array, start: number): number => {
  let i = start;
  while (b[i] !== 58) i++;
  return i + 1 - start;
};

/**
 * The characters of many strings, one byte each, for strings whose characters are all below 256 (entity keys are
 * mostly lower-cased ASCII); any other string is kept as it is in `wide`, its span [-1 - its index there, 0]. A
 * hash key (`sha256:` and lower-case hex, see `addHex`) keeps its prefix and one byte per two digits, its span
 * [start, -1 - end]: a SHA-256 key is 39 bytes instead of 71.
 */
export class TextPool {
  bytes = new Uint8Array(4096);
  used = 0;
  readonly wide: string[] = [];

  /** Append `s`; returns its span's start (its end is start + length), or -1 - its index in `wide`. */
  add(s: string): number {
    const n = s.length;
    const start = this.used;
    if (start + n > this.bytes.length) this.bytes = grow(this.bytes, start + n);
    const b = this.bytes;
    for (let i = 0; i < n; i++) {
      const u = s.charCodeAt(i);
      if (u > 255) {
        this.wide.push(ownCopy(s));
        return -this.wide.length;
      }
      b[start + i] = u;
    }
    this.used = start + n;
    return start;
  }

  /**
   * Append `s` packed when it is a hash key: a short prefix ending in ':' (2 to 7 characters before it), then an
   * even number (32 or more) of lower-case hex digits (file hashes, MDE device ids), kept two digits a byte. Returns
   * its span's start (its end is `used` after), or -1 when `s` is not one (nothing appended).
   */
  addHex(s: string): number {
    const from = s.indexOf(':') + 1;
    const n = s.length - from;
    if (from < 3 || from > 8 || n < 32 || (n & 1) !== 0) return -1;
    const start = this.used;
    const end = start + from + n / 2;
    if (end > this.bytes.length) this.bytes = grow(this.bytes, end);
    const b = this.bytes;
    for (let i = 0; i < from; i++) {
      const u = s.charCodeAt(i);
      if (u > 255) return -1;
      b[start + i] = u;
    }
    for (let i = from, o = start + from; i < s.length; i += 2) {
      const hi = nibble(s.charCodeAt(i));
      const lo = nibble(s.charCodeAt(i + 1));
      if (hi < 0 || lo < 0) return -1;
      b[o++] = hi * 16 + lo;
    }
    this.used = end;
    return start;
  }

  /** Room for `chars` more characters without growing (a bulk load that knows its size). */
  reserve(chars: number): void {
    this.bytes = grow(this.bytes, this.used + chars, true);
  }
}

/**
 * Strings by position, as spans of a `TextPool`. A string is made from its span when asked for (the last 16,384 made
 * are kept): the list is for strings read rarely (display, explanations, list rules) and compared often (`equals`,
 * for the intern tables).
 */
export class TextList {
  private span = new Int32Array(2048);
  /** Number of positions. */
  count = 0;
  /**
   * Strings made lately, by position modulo 16,384: the few hosts and accounts that thousands of incidents name as
   * assets come back as the same string, whose hash the engine has already computed.
   */
  private readonly made: string[] = new Array<string>(16384).fill('');
  private readonly madeAt = new Int32Array(16384).fill(-1);

  constructor(readonly pool: TextPool) {}

  /** Append `s` at the next position; returns it. */
  push(s: string): number {
    const packed = this.pool.addHex(s);
    if (packed >= 0) return this.pushSpan(packed, -1 - this.pool.used);
    const start = this.pool.add(s);
    return this.pushSpan(start, start < 0 ? 0 : start + s.length);
  }

  /**
   * Append, as the next position, the part of position `of` of `list` (of the same pool) from character `from` on:
   * a value that is its key after the type prefix shares the key's bytes. Returns the new position.
   */
  pushTail(list: TextList, of: number, from: number): number {
    const start = list.span[2 * of] ?? 0;
    const end = list.span[2 * of + 1] ?? 0;
    if (start < 0 || end < 0) return this.push(list.at(of).slice(from));
    return this.pushSpan(start + from, end);
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
    const end = this.span[2 * at + 1] ?? 0;
    const b = this.pool.bytes;
    const n = s.length;
    if (end < 0) {
      const pre = packedPrefix(b, start);
      if (n !== pre + 2 * (-1 - end - start - pre)) return false;
      for (let i = 0; i < pre; i++) if (b[start + i] !== s.charCodeAt(i)) return false;
      for (let i = pre, o = start + pre; i < n; i += 2) {
        const hi = nibble(s.charCodeAt(i));
        const lo = nibble(s.charCodeAt(i + 1));
        if (hi < 0 || lo < 0 || hi * 16 + lo !== b[o++]) return false;
      }
      return true;
    }
    if (end - start !== n) return false;
    for (let i = 0; i < n; i++) if (b[start + i] !== s.charCodeAt(i)) return false;
    return true;
  }

  /** The string at position `at` ('' past the end). */
  at(at: number): string {
    if (at < 0 || at >= this.count) return '';
    const slot = at & 16383;
    if (this.madeAt[slot] === at) return this.made[slot] ?? '';
    const s = this.make(at);
    this.made[slot] = s;
    this.madeAt[slot] = at;
    return s;
  }

  private make(at: number): string {
    const start = this.span[2 * at] ?? 0;
    if (start < 0) return this.pool.wide[-1 - start] ?? '';
    const end = this.span[2 * at + 1] ?? 0;
    const b = this.pool.bytes;
    if (end < 0) {
      const pre = packedPrefix(b, start);
      const out: string[] = [String.fromCharCode.apply(null, b.subarray(start, start + pre) as unknown as number[])];
      for (let i = start + pre; i < -1 - end; i++) out.push(HEX[b[i] ?? 0] ?? '');
      return out.join('');
    }
    // fromCharCode takes its units as arguments: long strings (hostile 1 MB values) go in pieces under the
    // engine's argument limit.
    let out = '';
    for (let i = start; i < end; i += 4096) out += String.fromCharCode.apply(null, b.subarray(i, Math.min(end, i + 4096)) as unknown as number[]);
    return out;
  }

  /** Order of positions a and b as their strings compare (code units), without making them when both are plain. */
  compare(a: number, b: number): number {
    const sa = this.span[2 * a] ?? 0;
    const sb = this.span[2 * b] ?? 0;
    if (sa < 0 || sb < 0 || (this.span[2 * a + 1] ?? 0) < 0 || (this.span[2 * b + 1] ?? 0) < 0) {
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
