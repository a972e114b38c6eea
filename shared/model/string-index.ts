// Strings to positions in a list without a `Map`: the seeded 32-bit hash the tables keep, and the index itself. The
// correlator interns alert ids, entity keys and values with it; the alert index and the incident table find ids.

/**
 * Seed of hashString, random per process: keys come from hostile alert content, and a fixed hash would let an
 * attacker craft thousands of keys with one hash (each probe then compares them all), as a seeded Map does not.
 */
const SEED = (globalThis.crypto?.getRandomValues(new Uint32Array(1))[0] ?? Date.now()) | 0;

/**
 * 32-bit hash of a string, two UTF-16 units per step. Computed here (not by the engine's Map) so the tables below
 * can keep it: probing and growing then never touch the strings, only the match is compared.
 */
export const hashString = (s: string): number => {
  const n = s.length;
  let h = n ^ SEED;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    h = Math.imul(h ^ (s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16)), 0x9e3779b1);
    h ^= h >>> 15;
  }
  if (i < n) h = Math.imul(h ^ s.charCodeAt(i), 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
};

/**
 * Home slot of hash `h` in an open-addressing table of `slots` (any number, no power of two): its high bits scaled
 * (the product stays below `slots`, rounding included).
 */
export const homeSlot = (h: number, slots: number): number => ((h >>> 0) * slots * 2.3283064365386963e-10) | 0;

/** Strings by position: an array, or a list that compares its own (a `TextList` keeps characters, not strings). */
export type StringList = readonly string[] | { equals(at: number, s: string): boolean };

/** Whether position `at` of `list` holds `s` (read only on a hash match: about once a lookup). */
const holds = (list: StringList, at: number, s: string): boolean => (Array.isArray(list) ? (list as readonly string[])[at] === s : (list as { equals(at: number, s: string): boolean }).equals(at, s));

/**
 * Index of strings (alert ids, entity keys) to their positions in a list: open addressing with linear probing in
 * one Int32Array of [hash, position + 1] pairs. A million keys in a `Map` cost a cache miss per candidate key on
 * every lookup, a rehash that reads every key's hash again when it grows, and a huge array the garbage collector
 * scans on every full collection; here a lookup reads one pair and compares one string.
 *
 * The table has any number of slots, at most 70% used, and a hash's home slot is its high bits scaled to that number
 * (no power of two): sized for a known count (a bulk load, an import's estimate) it takes 11–12 bytes a string,
 * where a power of two at most half full took 16–32 (some 50 MB more over the three tables at a million alerts).
 */
export class StringIndex {
  private table = new Int32Array(2 * 1024);
  private slots = 1024;
  private size = 0;

  /** Position of `s` (hash `h`) in `list`, or -1. */
  get(s: string, h: number, list: StringList): number {
    const t = this.table;
    const slots = this.slots;
    for (let j = homeSlot(h, slots); ; j = j + 1 === slots ? 0 : j + 1) {
      const v = t[2 * j + 1] ?? 0;
      if (v === 0) return -1;
      if (t[2 * j] === h && holds(list, v - 1, s)) return v - 1;
    }
  }

  /** Position of `s` in `list`; when absent, records it at position `next` (the caller appends it) and returns `next`. */
  intern(s: string, h: number, list: StringList, next: number): number {
    const t = this.table;
    const slots = this.slots;
    let j = homeSlot(h, slots);
    for (; ; j = j + 1 === slots ? 0 : j + 1) {
      const v = t[2 * j + 1] ?? 0;
      if (v === 0) break;
      if (t[2 * j] === h && holds(list, v - 1, s)) return v - 1;
    }
    t[2 * j] = h;
    t[2 * j + 1] = next + 1;
    if (++this.size > this.slots * 0.7) this.grow(this.slots * 2);
    return next;
  }

  /**
   * Room for `n` strings without growing: at least doubling the table (a caller that asks batch after batch), or
   * `exact`ly the room for `n` (a known final count: one table, no larger than needed).
   */
  reserve(n: number, exact = false): void {
    const need = Math.ceil(n / 0.7) + 1;
    if (need > this.slots) this.grow(exact ? need : Math.max(need, this.slots * 2));
  }

  private grow(slots: number): void {
    const old = this.table;
    const t = new Int32Array(2 * slots);
    for (let j = 1; j < old.length; j += 2) {
      const v = old[j] ?? 0;
      if (v === 0) continue;
      const h = old[j - 1] ?? 0;
      let x = homeSlot(h, slots);
      while ((t[2 * x + 1] ?? 0) !== 0) x = x + 1 === slots ? 0 : x + 1;
      t[2 * x] = h;
      t[2 * x + 1] = v;
    }
    this.table = t;
    this.slots = slots;
  }
}

/**
 * A set of strings kept as a `StringIndex` over their list. The engine checks every alert id an import reads
 * against the ids it has claimed: at a million fresh id strings a `Set` took 0.65–0.97 s in Node and 1.4 s of the
 * engine's CPU in Chromium (hashing, growing its table, a large array for the collector to scan); this takes about
 * 0.4 s and 12 bytes a string.
 */
export class StringSet {
  private readonly index = new StringIndex();
  private readonly list: string[] = [];
  /** Strings the table has room for (see `reserve`). */
  private room = 0;

  get size(): number {
    return this.list.length;
  }

  has(s: string): boolean {
    return this.index.get(s, hashString(s), this.list) >= 0;
  }

  /** Add `s`; false when it was there already. */
  add(s: string): boolean {
    const n = this.list.length;
    if (this.index.intern(s, hashString(s), this.list, n) !== n) return false;
    this.list.push(s);
    return true;
  }

  /**
   * Room for `n` strings in all (an import's estimate of its alerts, refined as it reads): the table grows to a
   * quarter more than `n` at once, so an estimate that creeps up does not rebuild it each time.
   */
  reserve(n: number): void {
    if (n <= this.room) return;
    this.room = Math.ceil(n * 1.25);
    this.index.reserve(this.room, true);
  }
}
