// A Map from strings (incident ids) with the semantics of `Map` the correlator uses (get, set, has, delete, size,
// values in insertion order), on the seeded hash and open addressing of the intern tables: a full run inserts a
// quarter of a million fresh ids, and a `Map` that size grows by rehashing every key it holds.
import { hashString } from '#shared/model/string-index';

export class StringMap<T> {
  /** [hash, entry + 1] pairs, linear probing, at most half full (deleted entries keep their slot until a rebuild). */
  private table = new Int32Array(64);
  private mask = 31;
  private used = 0;
  /** Entries in insertion order; a deleted entry has key undefined. */
  private keys: (string | undefined)[] = [];
  private vals: (T | undefined)[] = [];
  private hashes: number[] = [];
  private live = 0;

  get size(): number {
    return this.live;
  }

  private find(key: string, h: number): number {
    const t = this.table;
    const mask = this.mask;
    for (let j = h & mask; ; j = (j + 1) & mask) {
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
    this.hashes.push(h);
    this.live++;
    this.place(h, entry);
    if (++this.used * 2 > this.mask) this.rebuild();
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

  /** Room for `n` live entries without a rebuild (a full run knows how many incidents it is about to name). */
  reserve(n: number): void {
    if ((this.used + n) * 2 <= this.mask) return;
    // Deleted entries keep their place in the lists (so `values` keeps its order) but not in the new table.
    let slots = (this.mask + 1) * 2;
    while ((this.live + n) * 2 > slots - 1) slots *= 2;
    this.table = new Int32Array(slots * 2);
    this.mask = slots - 1;
    for (let e = 0; e < this.keys.length; e++) if (this.keys[e] !== undefined) this.place(this.hashes[e] ?? 0, e);
    this.used = this.live;
  }

  private place(h: number, entry: number): void {
    const t = this.table;
    const mask = this.mask;
    let j = h & mask;
    while ((t[2 * j + 1] ?? 0) !== 0) j = (j + 1) & mask;
    t[2 * j] = h;
    t[2 * j + 1] = entry + 1;
  }

  /** Drop deleted entries (keeping the order of the others) and size the table for twice the live ones. */
  private rebuild(): void {
    const keys: (string | undefined)[] = [];
    const vals: (T | undefined)[] = [];
    const hashes: number[] = [];
    for (let e = 0; e < this.keys.length; e++) {
      if (this.keys[e] === undefined) continue;
      keys.push(this.keys[e]);
      vals.push(this.vals[e]);
      hashes.push(this.hashes[e] ?? 0);
    }
    let slots = 64;
    while (slots < keys.length * 4) slots *= 2;
    this.table = new Int32Array(slots * 2);
    this.mask = slots - 1;
    this.keys = keys;
    this.vals = vals;
    this.hashes = hashes;
    this.used = keys.length;
    for (let e = 0; e < keys.length; e++) this.place(hashes[e] ?? 0, e);
  }
}
