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

/** cyrb53 string hash with a seed (53 bits): `stableHash` is it under two seeds, in one pass (see `hashPair`). */
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

/** stableHash's two lanes of the last text hashed (`hashPair`): cyrb53 under its two seeds. */
let laneA = 0;
let laneB = 0;
const hashPair = (text: string): void => {
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
  laneA = finish(a1, a2);
  laneB = finish(b1, b2);
};

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';
/**
 * The first `keep` of the 11 base-36 digits (zero-padded, as `n.toString(36).padStart(11, '0')`) of a non-negative
 * integer below 2^53, as char codes at out[at...]: V8's general radix conversion takes about a microsecond.
 */
const base36 = (out: number[], n: number, at: number, keep: number): void => {
  let x = n;
  for (let d = 10; d >= 0; d--) {
    const q = Math.floor(x / 36);
    if (d < keep) out[at + d] = DIGITS.charCodeAt(x - q * 36);
    x = q;
  }
};

const hashCodes = new Array<number>(22).fill(0);
/**
 * 22-character base-36 digest of a string (cyrb53 under two seeds), deterministic across runs, platforms and hosts:
 * stored ids are made of it, so it never changes. Both hashes run in one pass over the text (every alert id is one).
 */
export const stableHash = (text: string): string => {
  hashPair(text);
  base36(hashCodes, laneA, 0, 11);
  base36(hashCodes, laneB, 11, 11);
  return String.fromCharCode.apply(null, hashCodes);
};

export const makeAlertId = (source: string, sourceAlertId: string): AlertId =>
  `al-${stableHash(`${source}\u0000${sourceAlertId}`)}` as AlertId;

const incidentCodes = [0x69, 0x6e, 0x2d, ...new Array<number>(16).fill(0)]; // 'in-'
/**
 * Ids of incidents are derived from their earliest member (the correlation issue makes them order-independent):
 * 'in-' and the first 16 characters of its stableHash, written directly (a full run names a million incidents).
 */
export const makeIncidentId = (seedAlertId: string): IncidentId => {
  hashPair(seedAlertId);
  base36(incidentCodes, laneA, 3, 11);
  base36(incidentCodes, laneB, 14, 5);
  return String.fromCharCode.apply(null, incidentCodes) as IncidentId;
};
