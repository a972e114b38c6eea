// Which entities are noise: too common to mean anything (a DC, a proxy, SYSTEM, powershell.exe). Decided per key
// from the whole set of alerts, so the answer never depends on import order: allow list first, then deny list,
// then addresses that name no single machine, then frequency.
import type { EntityType } from '#shared/model/index';
import { isSpecialIpAt, specialIpReason } from './addresses';
import type { CorrelationSettings } from './settings';

const ACCOUNT_KINDS = ['sid:', 'aad:', 'upn:', 'nt:', 'name:'] as const;

/**
 * Identifier part of a key: 'acct:sid:S-1-5-18' → 'S-1-5-18', 'host:ws-17' → 'ws-17'. The same as
 * key.replace(/^(acct:(?:sid|aad|upn|nt|name)|[a-z0-9]+):/, '') (noise.test.ts checks it), without a regular
 * expression's match object for each of a million keys.
 */
export const keyIdentifier = (key: string): string => {
  const at = identifierStart(key);
  return at ? key.slice(at) : key;
};

/** Where the identifier part of a key starts (keyIdentifier(key) is key.slice(identifierStart(key))). */
const identifierStart = (key: string): number => {
  if (key.startsWith('acct:')) for (const kind of ACCOUNT_KINDS) if (key.startsWith(kind, 5)) return 5 + kind.length;
  let i = 0;
  for (; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57))) break;
  }
  return i > 0 && key.charCodeAt(i) === 58 ? i + 1 : 0;
};

export type EntityList = {
  /** The entry that matches the key, its identifier part or the value. */
  match: (key: string, value: string) => string | undefined;
  /** Whether some entry matches the key or its identifier part; with `matchesValue`, the same answer as `match`. */
  matchesKey: (key: string) => boolean;
  /** Whether some entry matches the value (shared by a key's aliases: checked once per value). */
  matchesValue: (value: string) => boolean;
};

const globSource = (entry: string): string =>
  entry
    .split('*')
    .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');

/**
 * A list of exact entries (one hash lookup each) and globs (`*`, compiled into one regular expression). An entity
 * matches on its key, its key's identifier part or its value, case-insensitively.
 */
export const compileList = (entries: readonly string[]): EntityList => {
  const exact = new Map<string, string>();
  const globs: string[] = [];
  for (const raw of entries) {
    const e = raw.trim().toLowerCase();
    if (!e) continue;
    if (e.includes('*')) globs.push(raw.trim());
    else if (!exact.has(e)) exact.set(e, raw.trim());
  }
  // Length, first and last code unit of the exact entries, folded into a small bit table: a text whose three do
  // not occur cannot match, and most keys are not hashed into the map (nor copied out of their key) at all.
  let longest = 0;
  for (const e of exact.keys()) longest = Math.max(longest, e.length);
  const shapes = new Uint8Array(8192);
  const shapeOf = (t: string, from: number): number => (((t.length - from) * 131 + t.charCodeAt(from)) * 131 + t.charCodeAt(t.length - 1)) & 8191;
  for (const e of exact.keys()) shapes[shapeOf(e, 0)] = 1;
  /** Whether an exact entry may equal t.slice(from) (false only when none can). */
  const exactMay = (t: string, from: number): boolean => from < t.length && t.length - from <= longest && shapes[shapeOf(t, from)] === 1;
  const exactHit = (t: string): string | undefined => (exactMay(t, 0) ? exact.get(t) : undefined);
  const combined = globs.length ? new RegExp(`^(?:${globs.map((g) => `(${globSource(g.toLowerCase())})`).join('|')})$`, 's') : undefined;
  // First code units the globs can match (when none starts with `*`): a text starting otherwise cannot match, and
  // a million keys skip the regular expression (and the identifier part's copy) on one array read.
  const starts = globs.every((g) => !g.toLowerCase().startsWith('*')) ? new Uint8Array(65536) : undefined;
  if (starts) for (const g of globs) starts[g.toLowerCase().charCodeAt(0)] = 1;
  /** Whether some glob may match text t from index `at` on (false only when none can). */
  const globMay = (t: string, at: number): boolean => combined !== undefined && (!starts || (at < t.length && starts[t.charCodeAt(at)] === 1));
  /** Whether some glob matches (no match array to allocate). */
  const globTest = (t: string): boolean => globMay(t, 0) && combined !== undefined && combined.test(t);
  const globHit = (t: string): string | undefined => {
    if (!combined) return undefined;
    const m = combined.exec(t);
    if (!m) return undefined;
    for (let i = 1; i < m.length; i++) if (m[i] !== undefined) return globs[i - 1];
    return globs[0];
  };
  const empty = exact.size === 0 && !combined;
  return {
    match: (key, value) => {
      if (empty) return undefined;
      const k = key.toLowerCase();
      const id = keyIdentifier(k);
      const v = value.trim().toLowerCase();
      const hit = exactHit(k) ?? exactHit(id) ?? exactHit(v);
      if (hit !== undefined) return hit;
      return globHit(id) ?? (v !== id ? globHit(v) : undefined);
    },
    matchesKey: (key) => {
      if (empty) return false;
      const k = key.toLowerCase();
      if (exactHit(k) !== undefined) return true;
      // The identifier part is copied out only when its length or first character could match.
      const at = identifierStart(k);
      if (exactMay(k, at) && exact.has(at ? k.slice(at) : k)) return true;
      return globMay(k, at) && combined !== undefined && combined.test(at ? k.slice(at) : k);
    },
    matchesValue: (value) => {
      if (empty) return false;
      const v = value.trim().toLowerCase();
      return exactHit(v) !== undefined || globTest(v);
    },
  };
};

/** Noise verdict codes kept per key (Uint8Array): 0 significant, else the kind of noise. */
export const NOISE = { none: 0, allow: 1, deny: 2, special: 3, frequent: 4, persistent: 5 } as const;

export type NoiseEntry = {
  key: string;
  type: EntityType;
  value: string;
  alertCount: number;
  /** Sentence for the settings page: why this entity does not link alerts. */
  why: string;
  kind: 'deny' | 'special' | 'frequent' | 'persistent';
  /** Separate periods (windows) the entity appears in. */
  periods: number;
};

export type NoiseRules = {
  allow: EntityList;
  deny: EntityList;
  threshold: number;
  periods: number;
  periodMs: number;
  /** Horizon either side, in periods. */
  horizon: number;
};

export const noiseRules = (s: CorrelationSettings): NoiseRules => ({
  allow: compileList(s.allowList),
  deny: compileList(s.denyList),
  threshold: s.noiseThreshold,
  periods: s.noisePeriods,
  periodMs: Math.max(1, s.windowMs),
  horizon: Math.floor(s.noiseHorizonMs / Math.max(1, s.windowMs)),
});

/**
 * What the lists say about a key, independent of counts: NOISE.allow, deny, special or none. `valueBits` is what
 * they say about its value (`listValueBits`: bit 1 allow, bit 2 deny), kept per value as keys share values.
 */
export const listVerdict = (rules: NoiseRules, key: string, valueBits: number): number => {
  if ((valueBits & 1) !== 0 || rules.allow.matchesKey(key)) return NOISE.allow;
  if ((valueBits & 2) !== 0 || rules.deny.matchesKey(key)) return NOISE.deny;
  if (key.startsWith('ip:') && isSpecialIpAt(key, 3)) return NOISE.special;
  return NOISE.none;
};

/** The value's part of a list verdict: bit 1 when the allow list matches it, bit 2 the deny list. */
export const listValueBits = (rules: NoiseRules, value: string): number => (rules.allow.matchesValue(value) ? 1 : 0) | (rules.deny.matchesValue(value) ? 2 : 0);

/** Verdict from the list verdict and the key's alert count (presence in time is judged per occurrence). */
export const verdictOf = (list: number, count: number, rules: NoiseRules): number => {
  if (list !== NOISE.none) return list;
  if (count > rules.threshold) return NOISE.frequent;
  return NOISE.none;
};

/**
 * The noise state of a run: a verdict per key, and per entity occurrence (store.entKey index) whether the key is
 * locally persistent at that alert's time (present in more than `periods` periods within the horizon).
 */
export type NoiseState = {
  code: Uint8Array;
  occ: Uint8Array;
  /** Per key: most periods seen within a horizon, and how many of its alerts fall where it is noise. */
  localPeriods: Int32Array;
  noisyAlerts: Int32Array;
};

const duration = (ms: number): string => (ms % 3_600_000 === 0 ? `${ms / 3_600_000} h` : ms % 60_000 === 0 ? `${ms / 60_000} min` : `${ms / 1000} s`);

export const noiseWhy = (rules: NoiseRules, code: number, key: string, value: string, count: number, periods: number, noisyAlerts = count): string => {
  if (code === NOISE.deny) return `on the deny list (matches "${rules.deny.match(key, value) ?? ''}")`;
  if (code === NOISE.special) return `${specialIpReason(key.slice(3)) ?? 'special address'}: names no single machine`;
  if (code === NOISE.frequent) return `in ${count.toLocaleString('en-US')} alerts, more than the noise threshold of ${rules.threshold}`;
  if (code === NOISE.persistent) {
    const where = noisyAlerts < count ? `; noise in ${noisyAlerts.toLocaleString('en-US')} of its ${count.toLocaleString('en-US')} alerts` : ` (${count.toLocaleString('en-US')} alerts)`;
    return `seen in up to ${periods.toLocaleString('en-US')} separate ${duration(rules.periodMs)} periods within ${duration(rules.horizon * rules.periodMs)} either side, more than ${rules.periods}: always present, like infrastructure${where}`;
  }
  return '';
};

export const isNoise = (code: number): boolean => code >= NOISE.deny;
