// Helpers shared by the Microsoft adapters (Sentinel, Graph, Defender for Endpoint, Defender for Cloud,
// Sentinel incidents): hostile-safe field reads, embedded-JSON parsing with a depth cap, entity builders that
// follow the conventions in shared/model/entity.ts, and small detection utilities.
import type { Entity, EntityRole, Severity, Verdict } from '#shared/model/index';
import { ENTITY_ROLES, VERDICTS, parseSeverity, resolveTactic } from '#shared/model/index';
import type { AlertInput } from '#shared/ingest/alert-builder';
import { buildAlert, entity, field, str } from '#shared/ingest/alert-builder';
import { parseTime } from '#shared/ingest/time';
import type { AdapterContext, AdapterResult, DetectSample, SourceRecord } from '#shared/ingest/types';

export type Obj = Record<string, unknown>;

/** A plain JSON-ish object (not null, not an array). */
export const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Most source items (entities, evidence, steps) looked at per alert; Sentinel itself caps entities at 500. */
export const MAX_SOURCE_ITEMS = 2000;

/** An array's first MAX_SOURCE_ITEMS elements, or [] for anything that is not an array. */
export const items = (v: unknown): unknown[] =>
  Array.isArray(v) ? (v.length > MAX_SOURCE_ITEMS ? v.slice(0, MAX_SOURCE_ITEMS) : v) : [];

const lowerKeys = new WeakMap<object, Map<string, string>>();
/** Lower case of the few keys adapters ask for (literals in their code), made once. */
const lowered = new Map<string, string>();
/**
 * Own-property read that also matches the key case-insensitively (Sentinel writes `HostName`, Defender for
 * Cloud writes `hostName` for the same entity schema). Never walks the prototype chain. Small objects are
 * scanned directly (no array of their keys: most reads that miss the exact key find nothing, and every alert makes
 * dozens of them); objects with many keys get a cached lower-case key map, so a hostile 100,000-key object costs
 * one pass, not one pass per lookup.
 */
export const get = (obj: unknown, key: string): unknown => {
  if (!isObj(obj)) return undefined;
  const direct = field(obj, key);
  if (direct !== undefined) return direct;
  let lower = lowered.get(key);
  if (lower === undefined) {
    lower = key.toLowerCase();
    if (lowered.size < 4096) lowered.set(key, lower);
  }
  let count = 0;
  const n = key.length;
  for (const k in obj) {
    if (++count > 32) break;
    if (k.length === n && k.toLowerCase() === lower) return field(obj, k);
  }
  if (count <= 32) return undefined;
  let map = lowerKeys.get(obj);
  if (!map) {
    map = new Map();
    for (const k of Object.keys(obj)) {
      const low = k.toLowerCase();
      if (!map.has(low)) map.set(low, k);
    }
    lowerKeys.set(obj, map);
  }
  const real = map.get(lower);
  return real === undefined ? undefined : field(obj, real);
};

/** Trimmed text of a value (strings, finite numbers, booleans), '' otherwise. */
export const text = (v: unknown): string => str(v).trim();

/** First non-empty text among several keys of an object. */
export const firstText = (obj: unknown, ...keys: string[]): string => {
  for (const k of keys) {
    const t = text(get(obj, k));
    if (t) return t;
  }
  return '';
};

/** JSON text of a value, or its type when it cannot be serialised. */
const safeJson = (v: unknown): string => {
  try {
    return JSON.stringify(v) ?? typeof v;
  } catch {
    return typeof v;
  }
};

/** A short, quoted rendering of a bad value for reject reasons (never the whole 1 MB string). */
export const quote = (v: unknown): string => {
  const s = typeof v === 'string' ? v : safeJson(v);
  return JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}…` : s);
};

export const reject = (fieldName: string, reason: string): AdapterResult => ({
  ok: false,
  field: fieldName,
  reason,
});

// ---------------------------------------------------------------------------------------------------------
// Embedded JSON (Sentinel writes Entities, ExtendedProperties, RemediationSteps and Techniques as JSON text).

export const MAX_EMBEDDED_JSON_CHARS = 8 * 1024 * 1024;
export const MAX_JSON_DEPTH = 64;

export type ParsedJson = { ok: true; value: unknown } | { ok: false; reason: string };

/**
 * JSON.parse for text found inside a record, with a size cap and a nesting cap checked by a bracket pre-scan
 * (brackets inside strings ignored) before parsing, so a 100,000-deep value never reaches a recursive walker,
 * structuredClone or IndexedDB (SECURITY-NOTES I3). Never throws.
 */
export const parseEmbeddedJson = (input: string): ParsedJson => {
  if (input.length > MAX_EMBEDDED_JSON_CHARS)
    return { ok: false, reason: `longer than ${MAX_EMBEDDED_JSON_CHARS} characters` };
  let depth = 0;
  let inString = false;
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > MAX_JSON_DEPTH)
        return { ok: false, reason: `nested deeper than ${MAX_JSON_DEPTH} levels` };
    } else if (c === 125 || c === 93) depth--;
  }
  try {
    return { ok: true, value: JSON.parse(input) as unknown };
  } catch (e) {
    const msg = e instanceof Error ? e.message : 'parse error';
    return { ok: false, reason: `invalid JSON: ${msg.length > 120 ? `${msg.slice(0, 120)}…` : msg}` };
  }
};

/** A value that may be JSON text: strings are parsed (failures give undefined), anything else is returned as is. */
export const maybeJson = (v: unknown): unknown => {
  if (typeof v !== 'string') return v;
  const t = v.trim();
  if (!t) return undefined;
  const parsed = parseEmbeddedJson(t);
  return parsed.ok ? parsed.value : undefined;
};

/**
 * A list of strings from an array, a JSON array in a string, a Python-style list repr (`['a', 'b']`, as pandas
 * writes lists to CSV) or a comma/semicolon-separated string.
 */
export const stringList = (v: unknown): string[] => {
  if (Array.isArray(v)) return items(v).map(text).filter(Boolean);
  const t = text(v);
  if (!t) return [];
  if (t.startsWith('[')) {
    const parsed = parseEmbeddedJson(t);
    if (parsed.ok && Array.isArray(parsed.value)) return items(parsed.value).map(text).filter(Boolean);
    const quoted = [...t.matchAll(/'([^']*)'|"([^"]*)"/g)]
      .map((m) => (m[1] ?? m[2] ?? '').trim())
      .filter(Boolean);
    if (quoted.length) return quoted.slice(0, MAX_SOURCE_ITEMS);
  }
  return t
    .split(/[,;]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, MAX_SOURCE_ITEMS);
};

/** Tactic names that resolve to an ATT&CK tactic (others such as `Unknown` or `SuspiciousActivity` are dropped,
 * so buildAlert still derives tactics from techniques when no name resolves). */
export const tacticNames = (v: unknown): string[] =>
  stringList(v).filter((t) => resolveTactic(t) !== undefined);

// ---------------------------------------------------------------------------------------------------------
// Enumerations

const NO_SEVERITY = new Set(['', 'unknown', 'unspecified', 'unknownfuturevalue', 'none', 'notset']);

/**
 * Severity from a source value. Known words map through parseSeverity; an empty or "unknown/unspecified"
 * severity (documented values in Graph and MDE) is read as informational, since the source did not rate it;
 * anything else is an error the caller turns into a reject.
 */
export const severityOf = (v: unknown): { ok: true; severity: Severity } | { ok: false; reason: string } => {
  if (v === undefined || v === null) return { ok: true, severity: 'informational' };
  if (typeof v !== 'string') return { ok: false, reason: `unknown severity: ${quote(v)}` };
  if (NO_SEVERITY.has(v.trim().toLowerCase())) return { ok: true, severity: 'informational' };
  const s = parseSeverity(v);
  return s ? { ok: true, severity: s } : { ok: false, reason: `unknown severity: ${quote(v)}` };
};

const ROLE_LOOKUP = new Map<string, EntityRole>(ENTITY_ROLES.map((r) => [r.toLowerCase(), r]));
/** Evidence roles we know (Graph vocabulary); unknown words are dropped. */
export const rolesOf = (v: unknown): EntityRole[] => {
  const out: EntityRole[] = [];
  for (const r of items(v)) {
    const role = ROLE_LOOKUP.get(text(r).toLowerCase());
    if (role && !out.includes(role)) out.push(role);
  }
  return out;
};

const VERDICT_LOOKUP = new Map<string, Verdict>(VERDICTS.map((r) => [r.toLowerCase(), r]));
VERDICT_LOOKUP.set('clean', 'noThreatsFound');
export const verdictOf = (v: unknown): Verdict | undefined => VERDICT_LOOKUP.get(text(v).toLowerCase());

// ---------------------------------------------------------------------------------------------------------
// Time

/** Log Analytics portal CSV exports write `1/12/2019, 6:41:44.000 AM` (en-US). Only the AM/PM form is read: it
 * is unambiguous about month/day order. */
const US_TIME =
  /^(\d{1,2})\/(\d{1,2})\/(\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*([AaPp][Mm])$/;

export type TimeOutcome = { ok: true; ms: number; assumedZone?: string } | { ok: false; reason: string };

/**
 * Parse a source timestamp. `zone` is used for naive text; `zoneIsKnown` says the schema defines that zone
 * (Log Analytics columns are UTC), so no assumption is recorded.
 */
export const timeOf = (v: unknown, zone: string, zoneIsKnown: boolean): TimeOutcome => {
  const parsed = parseTime(typeof v === 'string' ? v.trim() : v, zone);
  if (parsed) {
    if (typeof v === 'number' || zoneIsKnown || !parsed.assumedZone) return { ok: true, ms: parsed.ms };
    return { ok: true, ms: parsed.ms, assumedZone: parsed.assumedZone };
  }
  const m = typeof v === 'string' ? US_TIME.exec(v.trim()) : null;
  if (m) {
    const [, mo, d, y, h, mi, s, frac, ampm] = m;
    const hour = Number(h);
    if (hour >= 1 && hour <= 12) {
      const h24 = (hour % 12) + ((ampm ?? '').toLowerCase() === 'pm' ? 12 : 0);
      const iso = `${y}-${(mo ?? '').padStart(2, '0')}-${(d ?? '').padStart(2, '0')}T${String(h24).padStart(2, '0')}:${mi}:${s ?? '00'}${frac ? `.${frac}` : ''}`;
      const again = parseTime(iso, zone);
      if (again)
        return zoneIsKnown
          ? { ok: true, ms: again.ms }
          : { ok: true, ms: again.ms, ...(again.assumedZone ? { assumedZone: again.assumedZone } : {}) };
    }
  }
  return { ok: false, reason: `not a timestamp: ${quote(v)}` };
};

/** True when a value is absent for time purposes (undefined, null, '' or whitespace). */
export const isBlank = (v: unknown): boolean =>
  v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/**
 * A record's start time: the first of `keys` that has a value (`read` gives a key's value), parsed in `zone`
 * (recording the zone when the text named none). Undefined when none of the keys has a value.
 */
export const startTimeOf = (
  read: (key: string) => unknown,
  keys: readonly string[],
  zone: string,
): { key: string; value: unknown; time: TimeOutcome } | undefined => {
  const key = keys.find((k) => !isBlank(read(k)));
  if (key === undefined) return undefined;
  const value = read(key);
  return { key, value, time: timeOf(value, zone, false) };
};

/** A further time of a record (end, detection) in ms, or undefined when it is absent or unreadable. */
export const optionalTimeOf = (v: unknown, zone: string): number | undefined => {
  const t = timeOf(v, zone, false);
  return t.ok ? t.ms : undefined;
};

/**
 * The one alert a Microsoft record gives: `input` with the optional last-activity and detection times where the
 * record had them, and, when the start time named no zone, the zone assumed and the start value as written.
 */
export const singleAlert = (
  input: AlertInput,
  times: {
    start: { ms: number; assumedZone?: string };
    startValue: unknown;
    last?: number;
    detected?: number;
  },
  record: SourceRecord,
  ctx: AdapterContext,
): AdapterResult => {
  if (times.last !== undefined) input.lastActivity = times.last;
  if (times.detected !== undefined) input.detectedAt = times.detected;
  if (times.start.assumedZone) {
    input.assumedZone = times.start.assumedZone;
    input.originalTime = text(times.startValue);
  }
  return { ok: true, alerts: [buildAlert(input, record, ctx)] };
};

// ---------------------------------------------------------------------------------------------------------
// Remediation text

const BULLET = /^[\s\u2022\u00b7\u25cf\u25aa\u2023\u2043\ufffd*-]+/;

/**
 * Split free-text recommended actions into steps: one step per non-empty line, leading bullets (including the
 * U+FFFD that Graph's documented example carries where a bullet was lost) removed; a single line holding
 * `1. … 2. …` is split at the numbers.
 */
export const splitSteps = (input: unknown): string[] => {
  const t = str(input);
  if (!t.trim()) return [];
  let lines = t.split(/\r\n|\r|\n/);
  if (lines.filter((l) => l.trim()).length === 1 && /(^|\s)1[.)]\s/.test(t) && /\s2[.)]\s/.test(t)) {
    // One whitespace before the number (pieces are trimmed below): `\s+` here would backtrack quadratically on
    // a long run of spaces.
    lines = t.split(/\s(?=\d{1,2}[.)]\s)/);
  }
  return lines
    .map((l) => l.replace(BULLET, '').trim())
    .filter(Boolean)
    .slice(0, MAX_SOURCE_ITEMS);
};

/** Remediation given as an array of strings, a JSON array in a string, or free text. */
export const remediationOf = (v: unknown): string[] => {
  if (Array.isArray(v)) return items(v).map(text).filter(Boolean);
  const t = text(v);
  if (t.startsWith('[')) {
    const parsed = parseEmbeddedJson(t);
    if (parsed.ok && Array.isArray(parsed.value)) return items(parsed.value).map(text).filter(Boolean);
  }
  return splitSteps(v);
};

// ---------------------------------------------------------------------------------------------------------
// Entities

/** Account names that mean "some built-in account" on every machine; matched by name alone they identify nobody. */
export const GENERIC_ACCOUNT_NAMES: ReadonlySet<string> = new Set([
  'ADMIN',
  'ADMINISTRATOR',
  'SYSTEM',
  'ROOT',
  'LOCAL SYSTEM',
  'NETWORK SERVICE',
  'LOCAL SERVICE',
]);
/** Well-known SIDs of LocalSystem, LocalService and NetworkService: the same on every Windows machine. */
const WELL_KNOWN_SIDS: ReadonlySet<string> = new Set(['S-1-5-18', 'S-1-5-19', 'S-1-5-20']);

export type AccountInput = {
  name?: string;
  ntDomain?: string;
  upnSuffix?: string;
  upn?: string;
  sid?: string;
  aadUserId?: string;
  displayName?: string;
  roles?: EntityRole[];
  verdict?: Verdict;
};

/**
 * An account entity. value: the UPN when known, else `NTDOMAIN\name`, else the name (else AAD id, SID, display
 * name). A generic built-in name (GENERIC_ACCOUNT_NAMES) given by name only, or under `NT AUTHORITY`, or a
 * well-known service SID, is kept but with the single role `contextual`, so correlation can ignore it.
 */
export const accountEntity = (input: AccountInput): Entity | undefined => {
  let name = (input.name ?? '').trim();
  let ntDomain = (input.ntDomain ?? '').trim();
  let upnSuffix = (input.upnSuffix ?? '').trim();
  let upn = (input.upn ?? '').trim();
  const sid = (input.sid ?? '').trim();
  const aadUserId = (input.aadUserId ?? '').trim();
  const displayName = (input.displayName ?? '').trim();
  const bs = name.indexOf('\\');
  if (bs > 0 && !ntDomain) {
    ntDomain = name.slice(0, bs);
    name = name.slice(bs + 1);
  }
  const at = name.lastIndexOf('@');
  if (at > 0 && !upn) {
    upn = name;
    upnSuffix ||= name.slice(at + 1);
    name = name.slice(0, at);
  }
  if (!upn && name && upnSuffix) upn = `${name}@${upnSuffix}`;
  if (upn.includes('@') && !upnSuffix) upnSuffix = upn.slice(upn.lastIndexOf('@') + 1);
  if (!name && upn.includes('@')) name = upn.slice(0, upn.lastIndexOf('@'));
  const value =
    upn || (ntDomain && name ? `${ntDomain}\\${name}` : '') || name || aadUserId || sid || displayName;
  const nameOnly = !ntDomain && !upn && !sid && !aadUserId;
  const generic =
    (GENERIC_ACCOUNT_NAMES.has(name.toUpperCase()) &&
      (nameOnly || ntDomain.toUpperCase() === 'NT AUTHORITY')) ||
    WELL_KNOWN_SIDS.has(sid.toUpperCase());
  const e: Parameters<typeof entity>[0] = {
    type: 'account',
    value,
    roles: generic ? ['contextual'] : (input.roles ?? []),
    props: { accountName: name, ntDomain, upnSuffix, upn, sid, aadUserId, displayName },
  };
  if (input.verdict) e.verdict = input.verdict;
  return entity(e);
};

export type DeviceInput = {
  hostName?: string;
  dnsDomain?: string;
  fqdn?: string;
  ntDomain?: string;
  netBiosName?: string;
  deviceId?: string;
  osFamily?: string;
  osVersion?: string;
  roles?: EntityRole[];
  verdict?: Verdict;
};

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** A device entity. value: the host name as given (short or FQDN); props split it into hostName + dnsDomain + fqdn. */
export const deviceEntity = (input: DeviceInput): Entity | undefined => {
  const given = (input.hostName ?? '').trim();
  let short = given;
  let dnsDomain = (input.dnsDomain ?? '').trim();
  let fqdn = (input.fqdn ?? '').trim();
  if (short.includes('.') && !IPV4.test(short)) {
    const dot = short.indexOf('.');
    if (!dnsDomain) dnsDomain = short.slice(dot + 1);
    if (!fqdn) fqdn = short;
    short = short.slice(0, dot);
  }
  if (!fqdn && short && dnsDomain) fqdn = `${short}.${dnsDomain}`;
  const netBios = (input.netBiosName ?? '').trim();
  const deviceId = (input.deviceId ?? '').trim();
  const value = given || fqdn || netBios || deviceId;
  const e: Parameters<typeof entity>[0] = {
    type: 'device',
    value,
    roles: input.roles ?? [],
    props: {
      hostName: short || netBios,
      dnsDomain,
      fqdn,
      ntDomain: input.ntDomain,
      deviceId,
      osFamily: input.osFamily,
      osVersion: input.osVersion,
    },
  };
  if (input.verdict) e.verdict = input.verdict;
  return entity(e);
};

/** Join a directory and a file name with the separator the directory already uses. */
export const joinPath = (dir: string, name: string): string => {
  const d = dir.trim();
  const n = name.trim();
  if (!d) return n;
  if (!n) return d;
  if (d.endsWith('\\') || d.endsWith('/')) return d + n;
  return d + (d.includes('/') && !d.includes('\\') ? '/' : '\\') + n;
};

/**
 * Split a portal export column name into its base name and time suffix: `TimeGenerated [UTC]` →
 * {base: 'TimeGenerated', suffix: 'utc'}; `StartTime [Local Time]` → suffix 'local time'. Parsed by hand: a regex
 * such as `^(.*?)\s*\[…\]$` backtracks quadratically on a long hostile header full of spaces.
 */
export const splitTimeSuffix = (name: string): { base: string; suffix: '' | 'utc' | 'local time' } => {
  const t = name.trim();
  if (t.endsWith(']')) {
    const open = t.lastIndexOf('[');
    const inside =
      open >= 0
        ? t
            .slice(open + 1, -1)
            .trim()
            .toLowerCase()
        : '';
    if (inside === 'utc' || inside === 'local time') return { base: t.slice(0, open).trim(), suffix: inside };
  }
  return { base: t, suffix: '' };
};

/** Last path component (either separator). */
export const baseName = (p: string): string => {
  const t = p.trim();
  const i = Math.max(t.lastIndexOf('\\'), t.lastIndexOf('/'));
  return i >= 0 ? t.slice(i + 1) : t;
};
const dirName = (p: string): string => {
  const t = p.trim();
  const i = Math.max(t.lastIndexOf('\\'), t.lastIndexOf('/'));
  return i > 0 ? t.slice(0, i) : '';
};

export type HashInput = { md5?: string; sha1?: string; sha256?: string };

/** Sort a hash into md5/sha1/sha256 by the algorithm name, else by its length. */
export const hashByAlgorithm = (algorithm: string, value: string): HashInput => {
  const a = algorithm.toLowerCase().replace(/[^a-z0-9]/g, '');
  const v = value.trim();
  if (!v) return {};
  if (a === 'md5' || (!a && v.length === 32)) return { md5: v };
  if (a === 'sha1' || (!a && v.length === 40)) return { sha1: v };
  if (a.startsWith('sha256') || (!a && v.length === 64)) return { sha256: v };
  return {};
};

export type FileInput = HashInput & {
  name?: string;
  directory?: string;
  /** Full path when the source gives one (split into directory + name when those are missing). */
  path?: string;
  size?: string;
  roles?: EntityRole[];
  verdict?: Verdict;
};

/** A file entity. value: the file name (else a hash when only a hash is known). */
export const fileEntity = (input: FileInput): Entity | undefined => {
  const path = (input.path ?? '').trim();
  const name = (input.name ?? '').trim() || (path ? baseName(path) : '');
  const directory = (input.directory ?? '').trim() || (path && baseName(path) === name ? dirName(path) : '');
  const filePath = path || (directory && name ? joinPath(directory, name) : '');
  const e: Parameters<typeof entity>[0] = {
    type: 'file',
    value: name || input.sha256 || input.sha1 || input.md5,
    roles: input.roles ?? [],
    props: { filePath, directory, md5: input.md5, sha1: input.sha1, sha256: input.sha256, size: input.size },
  };
  if (input.verdict) e.verdict = input.verdict;
  return entity(e);
};

/** The executable a command line starts with (quoted or not), or ''. */
export const commandImage = (commandLine: string): string => {
  const t = commandLine.trim();
  if (!t) return '';
  if (t.startsWith('"')) {
    const end = t.indexOf('"', 1);
    return end > 1 ? t.slice(1, end) : '';
  }
  return t.split(/\s/, 1)[0] ?? '';
};

export type ProcessInput = {
  imageName?: string;
  imageDirectory?: string;
  commandLine?: string;
  processId?: string;
  parentProcessId?: string;
  parentImage?: string;
  creationTime?: string;
  hostName?: string;
  accountName?: string;
  roles?: EntityRole[];
  verdict?: Verdict;
};

/**
 * A process entity. value: the image file name; when the source names no image, the executable at the start of
 * the command line. A process known only by its PID is not an entity (PIDs are reused everywhere): undefined.
 */
export const processEntity = (input: ProcessInput): Entity | undefined => {
  let name = (input.imageName ?? '').trim();
  let dir = (input.imageDirectory ?? '').trim();
  const commandLine = (input.commandLine ?? '').trim();
  if (!name && commandLine) {
    const exe = commandImage(commandLine);
    name = baseName(exe);
    if (!dir) dir = dirName(exe);
  }
  const e: Parameters<typeof entity>[0] = {
    type: 'process',
    value: name,
    roles: input.roles ?? [],
    props: {
      imagePath: dir && name ? joinPath(dir, name) : '',
      commandLine,
      processId: input.processId,
      parentProcessId: input.parentProcessId,
      parentImage: input.parentImage,
      creationTime: input.creationTime,
      hostName: input.hostName,
      accountName: input.accountName,
    },
  };
  if (input.verdict) e.verdict = input.verdict;
  return entity(e);
};

/** `HIVE\key` unless the key already starts with the hive. */
export const registryPath = (hive: string, key: string): string => {
  const h = hive.trim();
  const k = key.trim().replace(/^\\+/, '');
  if (!h) return k;
  if (!k) return h;
  return k.toUpperCase().startsWith(h.toUpperCase()) ? k : `${h}\\${k}`;
};

export const registryKeyEntity = (
  hive: string,
  key: string,
  roles: EntityRole[] = [],
  verdict?: Verdict,
): Entity | undefined => {
  if (!key.trim()) return undefined;
  const e: Parameters<typeof entity>[0] = {
    type: 'registryKey',
    value: registryPath(hive, key),
    roles,
    props: { hive },
  };
  if (verdict) e.verdict = verdict;
  return entity(e);
};

export type RegistryValueInput = {
  hive: string;
  key: string;
  valueName: string;
  valueData?: string;
  valueType?: string;
  roles?: EntityRole[];
  verdict?: Verdict;
};

/** value: `HIVE\key\valueName`; a value without a name (and without data) adds nothing over its key: undefined. */
export const registryValueEntity = (input: RegistryValueInput): Entity | undefined => {
  const keyPath = registryPath(input.hive, input.key);
  if (!keyPath || !input.valueName.trim()) return undefined;
  const e: Parameters<typeof entity>[0] = {
    type: 'registryValue',
    value: `${keyPath}\\${input.valueName.trim()}`,
    roles: input.roles ?? [],
    props: {
      hive: input.hive,
      valueName: input.valueName,
      valueData: input.valueData,
      valueType: input.valueType,
    },
  };
  if (input.verdict) e.verdict = input.verdict;
  return entity(e);
};

/** Azure resource id → resource type (`Microsoft.Compute/virtualMachines`) and name (`vm1`). */
export const parseAzureResourceId = (id: string): { resourceType: string; resourceName: string } => {
  const parts = id.split('/').filter(Boolean);
  const p = parts.map((x) => x.toLowerCase()).lastIndexOf('providers');
  if (p < 0 || parts.length < p + 4) return { resourceType: '', resourceName: parts[parts.length - 1] ?? '' };
  const rest = parts.slice(p + 2);
  const types = rest.filter((_, i) => i % 2 === 0);
  return {
    resourceType: [parts[p + 1] ?? '', ...types].join('/'),
    resourceName: rest.length % 2 === 0 ? (rest[rest.length - 1] ?? '') : '',
  };
};

export type CloudResourceInput = {
  id: string;
  resourceType?: string;
  resourceName?: string;
  roles?: EntityRole[];
  verdict?: Verdict;
};

/** value: the resource id; type and name from the source, else parsed from an Azure resource id. */
export const cloudResourceEntity = (input: CloudResourceInput): Entity | undefined => {
  const id = input.id.trim();
  if (!id) return undefined;
  const parsed = id.startsWith('/') ? parseAzureResourceId(id) : { resourceType: '', resourceName: '' };
  const e: Parameters<typeof entity>[0] = {
    type: 'cloudResource',
    value: id,
    roles: input.roles ?? [],
    props: {
      resourceType: input.resourceType || parsed.resourceType,
      resourceName: input.resourceName || parsed.resourceName,
    },
  };
  if (input.verdict) e.verdict = input.verdict;
  return entity(e);
};

export const simpleEntity = (
  type: 'ip' | 'url' | 'domain' | 'cloudApplication' | 'mailbox' | 'mailMessage' | 'dnsQuery',
  value: string,
  props: Record<string, unknown> = {},
  roles: EntityRole[] = [],
  verdict?: Verdict,
): Entity | undefined => {
  const e: Parameters<typeof entity>[0] = { type, value, roles, props };
  if (verdict) e.verdict = verdict;
  return entity(e);
};

/** Add a role to an entity built here (replacing the placeholder `unknown`). */
export const addRole = (e: Entity, role: EntityRole): void => {
  if (e.roles.includes(role)) return;
  e.roles = [...e.roles.filter((r) => r !== 'unknown'), role];
};

/**
 * The source's "compromised entity" (a host name or an account): the role `compromised` goes on the matching
 * device or account already in the list; otherwise a new entity is added, an account when the text looks like
 * one (`user@domain`, `DOMAIN\user`), else a device.
 */
export const markCompromised = (entities: (Entity | undefined)[], compromised: string): void => {
  const name = compromised.trim();
  if (!name) return;
  const low = name.toLowerCase();
  let found = false;
  for (const e of entities) {
    if (!e) continue;
    const candidates =
      e.type === 'device'
        ? [e.value, e.props.hostName, e.props.fqdn]
        : e.type === 'account'
          ? [
              e.value,
              e.props.upn,
              e.props.ntDomain && e.props.accountName
                ? `${e.props.ntDomain}\\${e.props.accountName}`
                : undefined,
            ]
          : [];
    if (candidates.some((c) => c !== undefined && c.toLowerCase() === low)) {
      addRole(e, 'compromised');
      found = true;
    }
  }
  if (found) return;
  const added =
    name.includes('@') || name.includes('\\') ? accountEntity({ name }) : deviceEntity({ hostName: name });
  if (added) {
    addRole(added, 'compromised');
    entities.push(added);
  }
};

// ---------------------------------------------------------------------------------------------------------
// Detection

/** Lower-cased keys a sample shows: the CSV header, else the own keys of its first object records. */
export const sampleKeys = (sample: DetectSample): Set<string> => {
  const keys = new Set<string>();
  for (const h of sample.header) keys.add(splitTimeSuffix(h).base.toLowerCase());
  if (keys.size) return keys;
  for (const r of sample.records.slice(0, 20))
    if (isObj(r)) for (const k of Object.keys(r)) keys.add(k.toLowerCase());
  return keys;
};

/** The sample's object records (non-objects skipped). */
export const sampleObjects = (sample: DetectSample): Obj[] => sample.records.slice(0, 20).filter(isObj);

/** Fraction of `wanted` keys (each a list of alternatives) present in `keys`. */
export const keyScore = (keys: Set<string>, wanted: readonly (readonly string[])[]): number =>
  wanted.length
    ? wanted.filter((alts) => alts.some((k) => keys.has(k.toLowerCase()))).length / wanted.length
    : 0;
