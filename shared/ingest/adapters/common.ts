// Helpers shared by the non-Microsoft adapters: safe reads of hostile records, typed entity builders and a few
// small parsers (host:port, DOMAIN\user, Sysmon hash lists). Everything reads own properties only and builds
// objects from our own keys, so attacker-written keys such as `__proto__` stay plain data.
import type { Entity, EntityProps, EntityRole, Severity, Verdict } from '#shared/model/index';
import { entity, field, str } from '#shared/ingest/alert-builder';
import { parseTime } from '#shared/ingest/time';
import type { AdapterResult, DetectSample } from '#shared/ingest/types';

/**
 * Severity used when a source gives none (or one we cannot read): shown as medium so an unrated detection is
 * neither buried under informational noise nor inflated to high.
 */
export const DEFAULT_SEVERITY: Severity = 'medium';

/** Longest text a heuristic parser (regexes over free text) looks at; the verbatim record keeps everything. */
export const MAX_PARSE_CHARS = 16 * 1024;

export const reject = (fieldName: string, reason: string): AdapterResult => ({
  ok: false,
  field: fieldName,
  reason,
});

/** A plain (non-array) object, else undefined. */
export const asObject = (v: unknown): object | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined;

export const asArray = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);

/** Strings of a scalar or an array of scalars (non-empty, trimmed). Arrays are read to at most `max` items. */
export const strList = (v: unknown, max = 200): string[] => {
  const out: string[] = [];
  for (const item of Array.isArray(v) ? v.slice(0, max) : [v]) {
    const s = str(item).trim();
    if (s) out.push(s);
  }
  return out;
};

/** A short quoted excerpt of a hostile value for a rejection reason. */
export const quote = (v: unknown): string => {
  const s =
    typeof v === 'string' ? v : v === undefined ? 'nothing' : v === null ? 'null' : str(v) || typeof v;
  const short = s.length > 60 ? `${s.slice(0, 60)}…` : s;
  return typeof v === 'string' ? `"${short}"` : short;
};

/** What kind of value a record is, for "not an object" rejections. */
export const kindOf = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;

/**
 * Read a path in a record that may nest objects, use flat dotted keys (`"kibana.alert.rule.name"`), or mix
 * both (`{"kibana.alert.rule.threat": [{"tactic": {...}}]}`). Longer flat keys win over nesting at each level.
 */
const pathParts = new Map<string, string[]>();
export const dotted = (obj: unknown, pathText: string): unknown => {
  // Fast paths: a key that is the whole path (flat dotted keys, or no dot at all).
  const whole = field(obj, pathText);
  if (whole !== undefined || !pathText.includes('.')) return whole;
  let parts = pathParts.get(pathText);
  if (!parts) {
    parts = pathText.split('.');
    // Paths come from adapter code and mappings, so the cache stays small; cap it anyway.
    if (pathParts.size < 10_000) pathParts.set(pathText, parts);
  }
  const all = parts;
  const walk = (cur: unknown, from: number): unknown => {
    if (from === all.length) return cur;
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    for (let end = all.length; end > from; end--) {
      const next = field(cur, end - from === 1 ? (all[from] ?? '') : all.slice(from, end).join('.'));
      if (next === undefined) continue;
      const found = walk(next, end);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return walk(obj, 0);
};

/** First non-empty string among candidate values. */
export const firstStr = (...values: unknown[]): string => {
  for (const v of values) {
    const s = Array.isArray(v) ? str(v[0]).trim() : str(v).trim();
    if (s && s !== '-') return s;
  }
  return '';
};

/** First value that parses as a time (ISO or epoch); records which candidate it came from. */
export type PickedTime = { ms: number; assumedZone?: string; original: string; field: string };
export const pickTime = (
  candidates: readonly (readonly [string, unknown])[],
  zone: string,
): PickedTime | undefined => {
  for (const [name, value] of candidates) {
    const v: unknown = Array.isArray(value) ? (value as unknown[])[0] : value;
    const parsed = parseTime(v, zone);
    if (!parsed) continue;
    const picked: PickedTime = { ms: parsed.ms, original: typeof v === 'string' ? v : str(v), field: name };
    if (parsed.assumedZone) picked.assumedZone = parsed.assumedZone;
    return picked;
  }
  return undefined;
};

/** The time fields an alert takes from a picked time (original text and the zone assumed for naive times). */
export const timeFields = (
  t: PickedTime,
): { firstActivity: number; originalTime: string; assumedZone?: string } =>
  t.assumedZone
    ? { firstActivity: t.ms, originalTime: t.original, assumedZone: t.assumedZone }
    : { firstActivity: t.ms, originalTime: t.original };

// ---------------------------------------------------------------------------------------------------------------
// Addresses

const IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export const isIPv4 = (s: string): boolean => IPV4.test(s);

/** RFC 4291 text forms: up to 8 groups of 1–4 hex digits, at most one '::', an optional dotted IPv4 tail and zone. */
export const isIPv6 = (text: string): boolean => {
  if (text.length > 64) return false;
  const s = text.replace(/%[\w.-]{1,32}$/, '');
  if (!s.includes(':')) return false;
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groups = (h: string): string[] | undefined => (h === '' ? [] : h.split(':'));
  const parts = halves.map(groups);
  let count = 0;
  for (const [hi, part] of parts.entries()) {
    if (!part) return false;
    for (const [i, g] of part.entries()) {
      const isLast = hi === parts.length - 1 && i === part.length - 1;
      if (isLast && IPV4.test(g)) count += 2;
      else if (/^[0-9a-fA-F]{1,4}$/.test(g)) count += 1;
      else return false;
    }
  }
  return halves.length === 2 ? count <= 7 : count === 8;
};

export const isIp = (s: string): boolean => IPV4.test(s) || isIPv6(s);

/** Split "1.2.3.4:80" or "[::1]:80" into address and port; other text comes back as the address. */
export const splitHostPort = (text: string): { host: string; port: string } => {
  const t = text.trim();
  const v6 = /^\[([0-9a-fA-F:.%\w-]{2,64})\](?::(\d{1,5}))?$/.exec(t);
  if (v6) return { host: v6[1] ?? '', port: v6[2] ?? '' };
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})$/.exec(t);
  if (v4) return { host: v4[1] ?? '', port: v4[2] ?? '' };
  return { host: t, port: '' };
};

/** Loopback and unspecified addresses identify no machine across hosts. */
export const isLocalOnlyIp = (ip: string): boolean =>
  /^127\./.test(ip) || ip === '0.0.0.0' || ip === '::1' || ip === '::' || /^::ffff:127\./i.test(ip);

/**
 * An IP entity from an address (optionally "addr:port"); undefined when the text is not an IP address.
 * Loopback/unspecified addresses keep the entity (the analyst sees it) but with role `contextual` instead of the
 * directional role, because they name a different machine on every host and must not link alerts.
 */
export const ipEntity = (
  value: unknown,
  roles: EntityRole[],
  props: { port?: unknown; protocol?: unknown; countryCode?: unknown } = {},
): Entity | undefined => {
  const raw = str(Array.isArray(value) ? value[0] : value).trim();
  if (!raw) return undefined;
  const { host, port } = splitHostPort(raw);
  if (!isIp(host)) return undefined;
  const p = str(props.port).trim() || port;
  return entity({
    type: 'ip',
    value: host,
    roles: isLocalOnlyIp(host) ? ['contextual'] : roles,
    props: { port: p === '0' ? '' : p, protocol: props.protocol, countryCode: props.countryCode },
  });
};

// ---------------------------------------------------------------------------------------------------------------
// Hosts, accounts, files, processes

const PLACEHOLDERS = new Set(['-', 'n/a', 'na', 'none', 'null', 'unknown', '(empty)', '$', '?']);
/** Windows and tool placeholders that are not names: '-', 'N/A', '%%1793' (an unresolved message string). */
export const isPlaceholder = (s: string): boolean =>
  PLACEHOLDERS.has(s.trim().toLowerCase()) || /^%%\d+$/.test(s.trim());

/** A device entity from a host name (FQDN split into host and DNS domain); IP addresses and placeholders are skipped. */
export const deviceEntity = (
  name: unknown,
  roles: EntityRole[],
  extra: EntityProps = {},
): Entity | undefined => {
  const value = str(Array.isArray(name) ? name[0] : name).trim();
  if (!value || isPlaceholder(value) || isIp(splitHostPort(value).host)) return undefined;
  const lower = value.toLowerCase();
  if (lower === 'localhost' || lower === 'localhost.localdomain') return undefined;
  const dot = value.indexOf('.');
  const props: Record<string, unknown> = { ...extra };
  if (dot > 0 && !/\s/.test(value)) {
    props.hostName = value.slice(0, dot);
    props.dnsDomain = value.slice(dot + 1);
    props.fqdn = value;
  } else {
    props.hostName = value;
  }
  return entity({ type: 'device', value, roles, props });
};

/**
 * An account entity. `name` may be "DOMAIN\user", "user@upn.suffix" or a bare name ("<violet>" angle brackets are
 * dropped); a separate domain and SID fill ntDomain/sid. Placeholders ('-', '%%1793') yield nothing.
 */
export const accountEntity = (
  name: unknown,
  roles: EntityRole[],
  more: { domain?: unknown; sid?: unknown; displayName?: unknown; aadUserId?: unknown } = {},
): Entity | undefined => {
  let value = str(Array.isArray(name) ? name[0] : name).trim();
  if (/^<[^<>\s]+>$/.test(value)) value = value.slice(1, -1);
  if (!value || isPlaceholder(value)) return undefined;
  const props: Record<string, unknown> = {
    sid: more.sid,
    displayName: more.displayName,
    aadUserId: more.aadUserId,
  };
  const slash = value.indexOf('\\');
  const at = value.lastIndexOf('@');
  if (slash > 0 && slash < value.length - 1) {
    props.ntDomain = value.slice(0, slash);
    props.accountName = value.slice(slash + 1);
  } else if (at > 0 && at < value.length - 1 && !/\s/.test(value)) {
    props.accountName = value.slice(0, at);
    props.upnSuffix = value.slice(at + 1);
    props.upn = value;
  } else {
    props.accountName = value;
  }
  const domain = str(more.domain).trim();
  if (domain && !isPlaceholder(domain) && props.ntDomain === undefined) props.ntDomain = domain;
  if (props.sid !== undefined && isPlaceholder(str(props.sid))) props.sid = '';
  return entity({ type: 'account', value, roles, props });
};

/** Last path segment of a Windows or POSIX path. */
export const baseName = (p: string): string => {
  const t = p.trim().replace(/[\\/]+$/, '');
  const i = Math.max(t.lastIndexOf('\\'), t.lastIndexOf('/'));
  return i >= 0 ? t.slice(i + 1) : t;
};
export const dirName = (p: string): string => {
  const t = p.trim();
  const i = Math.max(t.lastIndexOf('\\'), t.lastIndexOf('/'));
  return i > 0 ? t.slice(0, i) : '';
};
const looksLikePath = (p: string): boolean => /[\\/]/.test(p);

export type Hashes = { md5?: string; sha1?: string; sha256?: string };

/** Parse Sysmon/Hayabusa hash lists: "SHA1=…,MD5=…,SHA256=…,IMPHASH=…" (`,`, `;` or whitespace separated). */
export const parseHashes = (text: unknown): Hashes => {
  const out: Hashes = {};
  const s = str(text).slice(0, 1024);
  for (const part of s.split(/[,;\s¦]+/)) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const algo = part.slice(0, eq).trim().toLowerCase().replace(/-/g, '');
    const value = part.slice(eq + 1).trim();
    if (algo === 'md5' && /^[0-9a-f]{32}$/i.test(value)) out.md5 = value;
    else if (algo === 'sha1' && /^[0-9a-f]{40}$/i.test(value)) out.sha1 = value;
    else if (algo === 'sha256' && /^[0-9a-f]{64}$/i.test(value)) out.sha256 = value;
  }
  return out;
};

const hexOf = (v: unknown, len: number): string => {
  const s = str(v).trim();
  return s.length === len && /^[0-9a-fA-F]+$/.test(s) ? s : '';
};

/** A file entity from a path or a bare name; hashes (kept only when well-formed hex) and size as props. */
export const fileEntity = (
  pathOrName: unknown,
  roles: EntityRole[],
  more: { md5?: unknown; sha1?: unknown; sha256?: unknown; name?: unknown; size?: unknown } = {},
): Entity | undefined => {
  const p = str(pathOrName).trim();
  const name = str(more.name).trim() || (p ? baseName(p) : '');
  if (!name || isPlaceholder(name)) return undefined;
  const isPath = looksLikePath(p);
  return entity({
    type: 'file',
    value: name,
    roles,
    props: {
      filePath: isPath ? p : '',
      directory: isPath ? dirName(p) : '',
      md5: hexOf(more.md5, 32),
      sha1: hexOf(more.sha1, 40),
      sha256: hexOf(more.sha256, 64),
      size: /^\d{1,19}$/.test(str(more.size)) ? more.size : '',
    },
  });
};

/** First token of a command line (quoted or not): the image it runs. */
export const imageOfCommand = (cmd: string): string => {
  const t = cmd.trim();
  if (t.startsWith('"')) {
    const end = t.indexOf('"', 1);
    return end > 1 ? t.slice(1, end) : t.slice(1);
  }
  const sp = t.search(/\s/);
  return sp > 0 ? t.slice(0, sp) : t;
};

export type ProcessInput = {
  image?: unknown;
  name?: unknown;
  commandLine?: unknown;
  processId?: unknown;
  parentProcessId?: unknown;
  parentImage?: unknown;
  creationTime?: unknown;
  hostName?: unknown;
  accountName?: unknown;
};

/** A process entity: value is the image name, from the image path, a name, or the command line's first token. */
export const processEntity = (
  p: ProcessInput,
  roles: EntityRole[],
  verdict?: Verdict,
): Entity | undefined => {
  const image = str(p.image).trim();
  const cmd = str(p.commandLine).trim();
  const name = str(p.name).trim() || (image ? baseName(image) : cmd ? baseName(imageOfCommand(cmd)) : '');
  if (!name || isPlaceholder(name)) return undefined;
  const e = entity({
    type: 'process',
    value: name,
    roles,
    props: {
      imagePath: looksLikePath(image) ? image : '',
      commandLine: cmd,
      processId: normalizePid(p.processId),
      parentProcessId: normalizePid(p.parentProcessId),
      parentImage: p.parentImage,
      creationTime: p.creationTime,
      hostName: p.hostName,
      accountName: p.accountName,
    },
  });
  if (e && verdict) e.verdict = verdict;
  return e;
};

/** Process ids as decimal text (Windows writes "0xcfc" in Security events and 3312 in Sysmon). */
export const normalizePid = (v: unknown): string => {
  const s = str(v).trim();
  if (/^0x[0-9a-f]{1,8}$/i.test(s)) return String(parseInt(s.slice(2), 16));
  return /^\d{1,10}$/.test(s) ? s : '';
};

/** A domain entity from a host name (IP addresses and placeholders are skipped). */
export const domainEntity = (name: unknown, roles: EntityRole[]): Entity | undefined => {
  const v = str(Array.isArray(name) ? name[0] : name)
    .trim()
    .replace(/\.$/, '');
  if (!v || isPlaceholder(v) || isIp(splitHostPort(v).host) || /\s/.test(v) || !v.includes('.'))
    return undefined;
  return entity({ type: 'domain', value: splitHostPort(v).host, roles });
};

/** A URL entity; a path-only URL is completed with the host name as an http URL (how Suricata and Zeek log HTTP). */
export const urlEntity = (url: unknown, host: unknown, roles: EntityRole[]): Entity | undefined => {
  const u = str(url).trim();
  if (!u || isPlaceholder(u)) return undefined;
  const h = str(host).trim();
  const full = /^[a-z][a-z0-9+.-]*:\/\//i.test(u)
    ? u
    : h && u.startsWith('/')
      ? `http://${h}${u}`
      : h
        ? `http://${h}/${u}`
        : u;
  return entity({ type: 'url', value: full, roles });
};

/** Registry key or value from a full path ("HKLM\...\Run\Name"); with `data` it is a value. */
export const registryEntity = (
  pathText: unknown,
  roles: EntityRole[],
  more: { valueName?: unknown; data?: unknown; valueType?: unknown; isValue?: boolean } = {},
): Entity | undefined => {
  const p = str(pathText).trim();
  if (!/^(HK|\\REGISTRY\\)/i.test(p)) return undefined;
  const hive = p.split('\\')[0] ?? '';
  const valueName = str(more.valueName).trim();
  const data = str(more.data).trim();
  if (more.isValue || valueName || data) {
    const full = valueName ? `${p}\\${valueName}` : p;
    return entity({
      type: 'registryValue',
      value: full,
      roles,
      props: { hive, valueName: valueName || baseName(p), valueData: data, valueType: more.valueType },
    });
  }
  return entity({ type: 'registryKey', value: p, roles, props: { hive } });
};

export const mailboxEntity = (
  address: unknown,
  roles: EntityRole[],
  displayName?: unknown,
): Entity | undefined => {
  let a = str(address).trim();
  const angle = /<([^<>\s]+@[^<>\s]+)>/.exec(a);
  if (angle) a = angle[1] ?? a;
  if (!/^[^@\s]+@[^@\s]+$/.test(a)) return undefined;
  return entity({ type: 'mailbox', value: a, roles, props: { displayName } });
};

// ---------------------------------------------------------------------------------------------------------------
// Detection helpers

/** Fraction of sampled records for which `test` holds (0 when there are none). */
export const fractionOf = (records: readonly unknown[], test: (r: unknown) => boolean): number => {
  const sample = records.slice(0, 50);
  if (sample.length === 0) return 0;
  let hits = 0;
  for (const r of sample) {
    try {
      if (test(r)) hits++;
    } catch {
      // A hostile record is simply not a match.
    }
  }
  return hits / sample.length;
};

/** Header names lowercased (BOM and surrounding quotes/space dropped). */
export const headerSet = (sample: DetectSample): Set<string> =>
  new Set(
    sample.header.map((h) =>
      h
        .replace(/^\uFEFF/, '')
        .trim()
        .toLowerCase(),
    ),
  );

/** Scale a fraction of matching records to a confidence, with a floor for "most match". */
export const confidence = (fraction: number, max = 0.95): number =>
  fraction <= 0 ? 0 : fraction >= 0.5 ? max : max * fraction * 2 * 0.9;

/** Join description lines, skipping empty ones. */
export const lines = (...items: (string | false | undefined)[]): string =>
  items.filter((x): x is string => !!x && x.trim() !== '').join('\n');
