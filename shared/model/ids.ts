// Stable ids. A 2x53-bit string hash (cyrb53 variant, two seeds) is synchronous and fast, which the import
// hot path needs (crypto.subtle is async); 106 bits make collisions between distinct alerts negligible.

declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };
export type AlertId = Brand<string, 'AlertId'>;
export type IncidentId = Brand<string, 'IncidentId'>;
export type EntityKey = Brand<string, 'EntityKey'>;
export type ImportId = Brand<string, 'ImportId'>;

/** An entity key's part after its type prefix (`host:ws-1` → `ws-1`). */
export const valueOfKey = (key: string): string => key.slice(key.indexOf(':') + 1);
/** Whether an entity's value is its key's part after the type prefix (most: host names, addresses, hashes). */
export const isKeyValue = (key: string, value: string): boolean => key.length === key.indexOf(':') + 1 + value.length && key.endsWith(value);

/** cyrb53's final mix of its two lanes into 53 bits. */
const finish = (h1: number, h2: number): number => {
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
};

/** cyrb53 string hash with a seed (53 bits); also used by the correlator's fast incident ids. */
export const cyrb53 = (str: string, seed: number): number => {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  return finish(h1, h2);
};

/**
 * 22-character base-36 digest of a string (cyrb53 under two seeds), deterministic across runs, platforms and hosts:
 * stored ids are made of it, so it never changes. Both hashes run in one pass over the text (every alert id is one).
 */
export const stableHash = (text: string): string => {
  let a1 = 0xdeadbeef ^ 0x9e3779b1;
  let a2 = 0x41c6ce57 ^ 0x9e3779b1;
  let b1 = 0xdeadbeef ^ 0x85ebca6b;
  let b2 = 0x41c6ce57 ^ 0x85ebca6b;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    a1 = Math.imul(a1 ^ ch, 2654435761);
    a2 = Math.imul(a2 ^ ch, 1597334677);
    b1 = Math.imul(b1 ^ ch, 2654435761);
    b2 = Math.imul(b2 ^ ch, 1597334677);
  }
  return base36(finish(a1, a2)) + base36(finish(b1, b2));
};

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';
/** `n.toString(36).padStart(11, '0')` for a 53-bit integer, without the engine's general radix conversion. */
const base36 = (n: number): string => {
  let out = '';
  for (let i = 0; i < 11; i++) {
    const q = Math.floor(n / 36);
    out = DIGITS[n - q * 36] + out;
    n = q;
  }
  return out;
};

export const makeAlertId = (source: string, sourceAlertId: string): AlertId =>
  `al-${stableHash(`${source}\u0000${sourceAlertId}`)}` as AlertId;

/** Ids of incidents are derived from their earliest member (the correlation issue makes them order-independent). */
export const makeIncidentId = (seedAlertId: string): IncidentId => `in-${stableHash(seedAlertId).slice(0, 16)}` as IncidentId;
