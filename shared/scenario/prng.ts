// Seedable PRNG (sfc32 seeded through splitmix32). The scenario generator never calls Math.random, so the same
// seed gives byte-identical files on every run and platform.

/** 32-bit mix of several integers (splitmix32 finaliser), used to derive independent streams. */
export const mix32 = (...parts: number[]): number => {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h = Math.imul(h ^ (p | 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
};

const HEX = '0123456789abcdef';

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(...seed: number[]) {
    this.a = mix32(...seed, 1);
    this.b = mix32(...seed, 2);
    this.c = mix32(...seed, 3);
    this.d = mix32(...seed, 4) | 1;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Next unsigned 32-bit integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }

  /** Integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.float() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** Pick by weight: `[[weight, value], ...]`. */
  weighted<T>(items: readonly (readonly [number, T])[]): T {
    let total = 0;
    for (const [w] of items) total += w;
    let x = this.float() * total;
    for (const [w, v] of items) {
      x -= w;
      if (x < 0) return v;
    }
    const last = items[items.length - 1];
    if (!last) throw new Error('weighted pick from an empty list');
    return last[1];
  }

  hex(chars: number): string {
    let s = '';
    for (let i = 0; i < chars; i++) s += HEX[this.next() & 15];
    return s;
  }

  guid(): string {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${HEX[8 + (this.next() & 3)]}${this.hex(3)}-${this.hex(12)}`;
  }

  /**
   * Index in [0, n) with a heavy head (density about 1/x, continuous Zipf with s = 1): a few items are drawn
   * very often and most rarely, like hosts in an alert queue. O(1) memory whatever n is.
   */
  zipf(n: number): number {
    if (n <= 1) return 0;
    const x = Math.floor(Math.exp(this.float() * Math.log(n + 1))) - 1;
    return Math.min(n - 1, Math.max(0, x));
  }

  /** 1 + number of successes before a failure with continuation probability p, capped at max. */
  geometric(p: number, max: number): number {
    let n = 1;
    while (n < max && this.chance(p)) n++;
    return n;
  }
}

/** 32-bit FNV-1a of a string. */
export const hashString = (text: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
};

/** A stable GUID for a name (detector ids: one per detection title, the same in every scenario). */
export const guidFor = (name: string): string => new Rng(hashString(name), 0x6d1d).guid();
