// A Map from strings (incident ids) with the semantics of `Map` the correlator uses (get, set, has, delete, size,
// values in insertion order), on the seeded hash and open addressing of the intern tables: a full run inserts up to
// a million fresh ids, and a `Map` that size grows by rehashing every key it holds.
import { hashString, homeSlot } from '#shared/model/string-index';

/** Most slots in use (deleted entries included) before the table is rebuilt. */
const LOAD = 0.7;

export class StringMap<T> {
  /**
   * [hash, entry + 1] pairs, linear probing, any number of slots with a hash's home at its high bits scaled (as in
   * `StringIndex`): sized for a known count it takes ~11 bytes an entry, where a power of two at most half full took
   * 16–32. Deleted entries keep their slot until a rebuild. The hashes live only here: a rebuild reads them back.
   */
  private table = new Int32Array(2 * 64);
  private slots = 64;
  private used = 0;
  /** Entries in insertion order; a deleted entry has key undefined. */
  private keys: (string | undefined)[] = [];
  private vals: (T | undefined)[] = [];
  private live = 0;

  get size(): number {
    return this.live;
  }

  private find(key: string, h: number): number {
    const t = this.table;
    const slots = this.slots;
    for (let j = homeSlot(h, slots); ; j = j + 1 === slots ? 0 : j + 1) {
      const v = t[2 * j + 1] ?? 0;
      if (v === 0) return -1;
      if (t[2 * j] === h && this.keys[v - 1] === key) return v - 1;
    }
  }

  get(key: string): T | undefined {
    const e = this.find(key, hashString(key));
    return e < 0 ? undefined : this.vals[e];
  }

  has(key: string): boolean {
    return this.find(key, hashString(key)) >= 0;
  }

  set(key: string, value: T): this {
    const h = hashString(key);
    const e = this.find(key, h);
    if (e >= 0) {
      this.vals[e] = value;
      return this;
    }
    const entry = this.keys.length;
    this.keys.push(key);
    this.vals.push(value);
    this.live++;
    StringMap.place(this.table, this.slots, h, entry);
    if (++this.used > this.slots * LOAD) this.rebuild(this.live * 2);
    return this;
  }

  delete(key: string): boolean {
    const e = this.find(key, hashString(key));
    if (e < 0) return false;
    this.keys[e] = undefined;
    this.vals[e] = undefined;
    this.live--;
    return true;
  }

  *values(): IterableIterator<T> {
    const { keys, vals } = this;
    for (let e = 0; e < keys.length; e++) if (keys[e] !== undefined) yield vals[e] as T;
  }

  /** Room for `n` more live entries without a rebuild (a full run knows how many incidents it is about to name). */
  reserve(n: number): void {
    if (this.used + n <= this.slots * LOAD) return;
    this.rebuild(this.live + n);
  }

  private static place(t: Int32Array, slots: number, h: number, entry: number): void {
    let j = homeSlot(h, slots);
    while ((t[2 * j + 1] ?? 0) !== 0) j = j + 1 === slots ? 0 : j + 1;
    t[2 * j] = h;
    t[2 * j + 1] = entry + 1;
  }

  /** Drop deleted entries (keeping the order of the others) into a table with room for `room` live entries. */
  private rebuild(room: number): void {
    const oldKeys = this.keys;
    const oldVals = this.vals;
    const renumber = new Int32Array(oldKeys.length);
    const keys: (string | undefined)[] = [];
    const vals: (T | undefined)[] = [];
    for (let e = 0; e < oldKeys.length; e++) {
      if (oldKeys[e] === undefined) continue;
      renumber[e] = keys.length;
      keys.push(oldKeys[e]);
      vals.push(oldVals[e]);
    }
    const slots = Math.max(64, Math.ceil(room / LOAD) + 1);
    const t = new Int32Array(2 * slots);
    const old = this.table;
    for (let j = 1; j < old.length; j += 2) {
      const v = old[j] ?? 0;
      if (v !== 0 && oldKeys[v - 1] !== undefined) StringMap.place(t, slots, old[j - 1] ?? 0, renumber[v - 1] ?? 0);
    }
    this.table = t;
    this.slots = slots;
    this.keys = keys;
    this.vals = vals;
    this.used = keys.length;
  }
}
