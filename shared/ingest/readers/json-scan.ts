// Streaming JSON splitter for json-array and json-object containers. It tracks depth and string/escape state over
// decoded chunks to find record boundaries, so a 2 GB array is never held whole, then JSON.parse()s each record's
// exact slice. Depth is capped here, before JSON.parse (SECURITY-NOTES I3): a 20,000-deep value is a reject, never
// a RangeError further down (structuredClone, postMessage, IndexedDB).
//
// Top-level values, one after another (normally just one):
// - `[ ... ]`: each element is a record.
// - `{ ... }`: if the object holds an array of objects at a known wrapper path (`value`, `hits.hits`,
//   `responses.*.body.value`, ...) the array's elements are the records; otherwise the object itself is one record.
// Records are numbered 1, 2, 3 ... across the file.
import type { Emitter } from './emitter';
import { tooDeepReason, tooLargeReason } from './emitter';
import type { ReaderLimits } from './limits';

/**
 * Paths (from the top-level object) of arrays that wrap records: OData/Graph/Azure list responses (`value`),
 * Azure REST spec examples (`responses.<status>.body.value`), Elasticsearch search responses (`hits.hits`),
 * JSON:API-style and vendor APIs (`data`, `results`, `resources`), AWS Security Hub / GuardDuty (`Findings`).
 * `*` matches any key. The array must hold objects (or be empty) to count as a wrapper.
 */
export const DEFAULT_RECORD_PATHS: readonly (readonly string[])[] = [
  ['value'],
  ['hits', 'hits'],
  ['responses', '*', 'body', 'value'],
  ['data'],
  ['results'],
  ['resources'],
  ['Findings'],
  ['findings'],
];

const MAX_KEY_CHARS = 256;

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;
const COLON = 58;

const isJsonWs = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9;

/** Ends a scalar (number, true, false, null, or garbage) outside strings. */
const endsScalar = (c: number): boolean =>
  c === 32 || c === 10 || c === 13 || c === 9 || c === COMMA || c === CLOSE_BRACKET || c === CLOSE_BRACE || c === OPEN_BRACE || c === OPEN_BRACKET || c === QUOTE || c === COLON;

/** Index of the quote that closes a string whose content starts at `from`, or -1 (escapes honoured). */
export const findStringEnd = (s: string, from: number): number => {
  let q = s.indexOf('"', from);
  while (q !== -1) {
    let k = q - 1;
    while (k >= from && s.charCodeAt(k) === BACKSLASH) k--;
    if (((q - 1 - k) & 1) === 0) return q;
    q = s.indexOf('"', q + 1);
  }
  return -1;
};

/**
 * Whether a complete JSON text nests deeper than `max` (`{}` and `[]` are depth 1). Brackets inside strings are
 * ignored; an unterminated string stops the scan (JSON.parse will reject that text anyway).
 */
export const exceedsDepth = (s: string, max: number): boolean => {
  if (s.length <= max) return false;
  // Fast path (about 10x quicker than the scan): depth needs more than `max` opening brackets, strings or not.
  let opens = 0;
  for (let p = s.indexOf('{'); p !== -1 && opens <= max; p = s.indexOf('{', p + 1)) opens++;
  for (let p = s.indexOf('['); p !== -1 && opens <= max; p = s.indexOf('[', p + 1)) opens++;
  if (opens <= max) return false;
  let depth = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === QUOTE) {
      const q = findStringEnd(s, i + 1);
      if (q === -1) return false;
      i = q;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
};

const pathMatches = (path: readonly string[], patterns: readonly (readonly string[])[]): string[] | undefined => {
  for (const p of patterns) {
    if (p.length !== path.length) continue;
    let ok = true;
    for (let k = 0; k < p.length && ok; k++) ok = p[k] === '*' || p[k] === path[k];
    if (ok) return [...path];
  }
  return undefined;
};

type Frame = { isObject: boolean; path: string[] | undefined; expectKey: boolean; key: string | undefined };

export type JsonScannerEvents = {
  /** The first top-level value opened: '[' → json-array, '{' → json-object. */
  onRoot(kind: 'array' | 'object'): void;
  /** A wrapper array was found in the first object (before its first record). */
  onWrapper(path: string[]): void;
};

export class JsonScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Depth at which records sit (inside the record array), or -1. */
  private recordDepth = -1;
  private index = 0;
  private roots = 0;
  private halted = false;

  // The value being captured (a record array element, or a whole top-level object).
  private capActive = false;
  private capBase = 0;
  private capStart = 0;
  private capParts: string[] = [];
  private capChars = 0;
  private capTooLarge = false;
  private capTooDeep = false;
  private capScalar = false;
  /** A whole top-level object that may still turn out to be a wrapper. */
  private capIsRoot = false;

  // Wrapper search inside a top-level object.
  private tracking = false;
  private readonly frames: Frame[] = [];
  private candidateDepth = -1;
  private keyActive = false;
  private keyStart = 0;
  private keyParts: string[] = [];
  private keyChars = 0;

  private readonly maxTrack: number;

  constructor(
    private readonly emit: Emitter,
    private readonly limits: ReaderLimits,
    private readonly events: JsonScannerEvents,
    private readonly recordPaths: readonly (readonly string[])[] = DEFAULT_RECORD_PATHS,
  ) {
    this.maxTrack = Math.max(1, ...recordPaths.map((p) => p.length + 1));
  }

  push(s: string): void {
    const n = s.length;
    let i = 0;
    this.capStart = 0;
    this.keyStart = 0;
    while (i < n && !this.halted) {
      if (this.inString) {
        i = this.skipString(s, i);
        continue;
      }
      if (this.capActive && !this.tracking && this.depth > this.capBase && !this.capScalar) {
        i = this.skipInside(s, i);
        continue;
      }
      if (this.capScalar) {
        let j = i;
        while (j < n && !endsScalar(s.charCodeAt(j))) j++;
        if (j === n) {
          i = n;
          break;
        }
        this.finishCapture(s, j);
        i = j;
        continue;
      }
      const c = s.charCodeAt(i);
      if (isJsonWs(c)) {
        i++;
        continue;
      }
      if (this.candidateDepth >= 0) {
        if (this.depth === this.candidateDepth) {
          if (c === OPEN_BRACE) this.confirmWrapper(true);
          else if (c === CLOSE_BRACKET) this.confirmWrapper(false);
        }
        this.candidateDepth = -1;
      }
      const d = this.depth;
      if (d === 0) {
        if (c === OPEN_BRACKET) {
          this.startRoot('array');
        } else if (c === OPEN_BRACE) {
          this.startRoot('object');
          this.startCapture(i, 0, true);
        } else {
          this.emit.reject(this.index + 1, '', 'unexpected text after the JSON value');
          this.halted = true;
          return;
        }
      } else if (d === this.recordDepth && !this.capActive) {
        if (c === COMMA) {
          i++;
          continue;
        }
        if (c !== CLOSE_BRACKET) {
          this.startCapture(i, d, false);
          if (c !== QUOTE && c !== OPEN_BRACE && c !== OPEN_BRACKET) {
            this.capScalar = true;
            i++;
            continue;
          }
        } else {
          this.recordDepth = -1;
        }
      }
      switch (c) {
        case QUOTE:
          this.inString = true;
          if (this.tracking && this.depth <= this.maxTrack) {
            const f = this.frames[this.depth];
            if (f && f.isObject && f.expectKey) {
              this.keyActive = true;
              this.keyStart = i + 1;
              this.keyParts = [];
              this.keyChars = 0;
            }
          }
          i++;
          break;
        case OPEN_BRACE:
        case OPEN_BRACKET:
          this.open(c === OPEN_BRACE);
          i++;
          break;
        case CLOSE_BRACE:
        case CLOSE_BRACKET:
          this.close(s, i);
          i++;
          break;
        case COMMA:
          if (this.tracking && this.depth <= this.maxTrack) {
            const f = this.frames[this.depth];
            if (f && f.isObject) {
              f.expectKey = true;
              f.key = undefined;
            }
          }
          i++;
          break;
        case COLON:
          if (this.tracking && this.depth <= this.maxTrack) {
            const f = this.frames[this.depth];
            if (f && f.isObject) f.expectKey = false;
          }
          i++;
          break;
        default:
          i++;
      }
    }
    // Carry what the chunk holds of an unfinished record or key into the next chunk.
    if (this.capActive && !this.capTooLarge && !this.capTooDeep) {
      const part = s.slice(this.capStart);
      this.capParts.push(part);
      this.capChars += part.length;
      if (this.capChars > this.limits.maxRecordChars) this.dropCapture('large');
    }
    if (this.keyActive) {
      if (this.keyChars <= MAX_KEY_CHARS) this.keyParts.push(s.slice(this.keyStart));
      this.keyChars += n - this.keyStart;
    }
  }

  end(): void {
    if (this.halted) return;
    if (this.capActive && this.capScalar && !this.inString) {
      this.capStart = 0;
      this.finishCapture('', 0);
      return;
    }
    if (this.capActive) {
      this.index++;
      this.emit.reject(this.index, '', 'the file ends inside this record (truncated?)');
      return;
    }
    if (this.depth > 0) this.emit.reject(0, '', 'the file ends before the top-level JSON value is closed (truncated?)');
  }

  private startRoot(kind: 'array' | 'object'): void {
    if (this.roots++ === 0) this.events.onRoot(kind);
    this.frames.length = 0;
    this.tracking = kind === 'object';
    if (kind === 'array') this.recordDepth = 1;
  }

  /**
   * Hot path inside a record's container value (most of the text): only strings and brackets matter, so the loop
   * keeps its state in locals. Returns where the main loop resumes (after the record, or the end of the chunk).
   */
  private skipInside(s: string, from: number): number {
    const n = s.length;
    const base = this.capBase;
    const deepest = base + this.limits.maxDepth;
    let depth = this.depth;
    for (let j = from; j < n; j++) {
      const c = s.charCodeAt(j);
      if (c === QUOTE) {
        const q = findStringEnd(s, j + 1);
        if (q === -1) {
          this.depth = depth;
          this.inString = true;
          return this.skipString(s, j + 1);
        }
        j = q;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (++depth > deepest && !this.capTooDeep) this.dropCapture('deep');
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (--depth === base) {
          this.depth = depth;
          this.finishCapture(s, j + 1);
          return j + 1;
        }
      }
    }
    this.depth = depth;
    return n;
  }

  private skipString(s: string, from: number): number {
    const n = s.length;
    let i = from;
    if (this.escaped) {
      this.escaped = false;
      i++;
      if (i >= n) return n;
    }
    const q = findStringEnd(s, i);
    if (q === -1) {
      let k = n - 1;
      while (k >= i && s.charCodeAt(k) === BACKSLASH) k--;
      this.escaped = ((n - 1 - k) & 1) === 1;
      return n;
    }
    this.inString = false;
    if (this.keyActive) this.finishKey(s, q);
    if (this.capActive && this.depth === this.capBase && !this.capIsRoot) this.finishCapture(s, q + 1);
    return q + 1;
  }

  private finishKey(s: string, q: number): void {
    this.keyActive = false;
    this.keyChars += q - this.keyStart;
    const f = this.frames[this.depth];
    if (!f) return;
    if (this.keyChars > MAX_KEY_CHARS) {
      f.key = undefined;
      return;
    }
    const raw = this.keyParts.join('') + s.slice(this.keyStart, q);
    let key: string | undefined = raw;
    if (raw.indexOf('\\') !== -1) {
      try {
        const parsed: unknown = JSON.parse(`"${raw}"`);
        key = typeof parsed === 'string' ? parsed : undefined;
      } catch {
        key = undefined;
      }
    }
    f.key = key;
  }

  private open(isObject: boolean): void {
    const nd = ++this.depth;
    if (this.capActive && nd - this.capBase > this.limits.maxDepth) this.dropCapture('deep');
    if (!this.tracking || nd > this.maxTrack) return;
    const parent = this.frames[nd - 1];
    let path: string[] | undefined;
    if (nd === 1) path = [];
    else if (parent && parent.isObject && parent.path && parent.key !== undefined) path = [...parent.path, parent.key];
    this.frames[nd] = { isObject, path, expectKey: isObject, key: undefined };
    if (!isObject && path && nd > 1 && pathMatches(path, this.recordPaths)) this.candidateDepth = nd;
  }

  private close(s: string, i: number): void {
    const d = this.depth;
    if (d === 0) return;
    this.depth = d - 1;
    if (this.tracking && d <= this.maxTrack) this.frames.length = d;
    if (this.capActive && this.depth === this.capBase) this.finishCapture(s, i + 1);
    if (this.depth === 0) this.tracking = false;
  }

  /** The array just opened at `candidateDepth` is a wrapper: its elements (if any) are the records. */
  private confirmWrapper(hasRecords: boolean): void {
    const f = this.frames[this.candidateDepth];
    if (this.roots === 1 && f?.path) this.events.onWrapper([...f.path]);
    if (this.capIsRoot) this.resetCapture();
    this.tracking = false;
    this.frames.length = 0;
    if (hasRecords) this.recordDepth = this.candidateDepth;
  }

  private startCapture(i: number, base: number, isRoot: boolean): void {
    this.capActive = true;
    this.capBase = base;
    this.capStart = i;
    this.capParts = [];
    this.capChars = 0;
    this.capTooLarge = false;
    this.capTooDeep = false;
    this.capScalar = false;
    this.capIsRoot = isRoot;
  }

  private dropCapture(why: 'large' | 'deep'): void {
    if (why === 'large') this.capTooLarge = true;
    else this.capTooDeep = true;
    this.capParts = [];
  }

  private resetCapture(): void {
    this.capActive = false;
    this.capParts = [];
    this.capChars = 0;
    this.capScalar = false;
    this.capIsRoot = false;
  }

  private finishCapture(s: string, end: number): void {
    const position = ++this.index;
    const large = this.capTooLarge || this.capChars + (end - this.capStart) > this.limits.maxRecordChars;
    const deep = this.capTooDeep;
    const text = large || deep ? '' : this.capParts.length ? this.capParts.join('') + s.slice(this.capStart, end) : s.slice(this.capStart, end);
    this.resetCapture();
    if (deep) this.emit.reject(position, '', tooDeepReason(this.limits));
    else if (large) this.emit.reject(position, '', tooLargeReason(this.limits));
    else this.emit.parsed(position, text);
  }
}
