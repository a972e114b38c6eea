// Indicators of compromise taken from alert entities, validated per type, with first/last seen and alert counts.
import type { Alert, EntityRole, Verdict } from '#shared/model/index';

export const IOC_TYPES = ['ipv4', 'ipv6', 'domain', 'url', 'sha256', 'sha1', 'md5', 'fileName', 'email'] as const;
export type IocType = (typeof IOC_TYPES)[number];

export type Ioc = {
  type: IocType;
  value: string;
  firstSeen: number;
  lastSeen: number;
  alertCount: number;
  alertIds: string[];
  /** Private, loopback or link-local address: context, not something to block. */
  isPrivate: boolean;
  roles: EntityRole[];
  verdict?: Verdict;
};

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);
const IPV6 = /^(?=.*:.*:)[0-9a-f:.]{2,45}$/i;
const HOSTNAME = /^(?=.{1,253}$)(?!-)[a-z0-9_-]{1,63}(?:\.[a-z0-9_-]{1,63})*\.?$/i;
const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@[a-z0-9.-]{1,253}$/i;
const URL_TEXT = /^[a-z][a-z0-9+.-]{0,31}:\S{1,8190}$/i;

export const isIpv4 = (s: string): boolean => IPV4.test(s);
/** Loose IPv6 check (hex groups and colons, optional embedded IPv4); at most one `::`. */
export const isIpv6 = (s: string): boolean => IPV6.test(s) && s.split('::').length <= 2;
export const isHostname = (s: string): boolean => HOSTNAME.test(s) && /[a-z]/i.test(s) && !isIpv4(s);

export const isPrivateIp = (ip: string): boolean => {
  if (isIpv4(ip)) {
    const [a = 0, b = 0] = ip.split('.').map(Number);
    return a === 10 || a === 127 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) ||
      (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
  }
  const v = ip.toLowerCase();
  return v === '::1' || v === '::' || /^f[cd]/.test(v) || /^fe[89ab]/.test(v);
};

const hashType = (h: string): IocType | undefined =>
  /^[0-9a-f]{64}$/i.test(h) ? 'sha256' : /^[0-9a-f]{40}$/i.test(h) ? 'sha1' : /^[0-9a-f]{32}$/i.test(h) ? 'md5' : undefined;

// eslint-disable-next-line no-control-regex -- refusing control characters in file names
const CONTROL = /[\0-\x1F\x7F-\x9F]/;

/** Classify one candidate value as an IOC type, or undefined when it is not a well-formed one. */
export const classifyIoc = (kind: 'ip' | 'domain' | 'url' | 'hash' | 'fileName' | 'email', raw: string): IocType | undefined => {
  const v = raw.trim();
  if (!v || v.length > 8192) return undefined;
  switch (kind) {
    case 'ip':
      return isIpv4(v) ? 'ipv4' : isIpv6(v) ? 'ipv6' : undefined;
    case 'domain':
      return isHostname(v) ? 'domain' : undefined;
    case 'url':
      return URL_TEXT.test(v) ? 'url' : undefined;
    case 'hash':
      return hashType(v);
    case 'fileName':
      return CONTROL.test(v) || v.length > 1024 ? undefined : 'fileName';
    case 'email':
      return EMAIL.test(v) ? 'email' : undefined;
  }
};

/** Identity of an indicator: case matters only for URLs and file names as written. */
const normalise = (type: IocType, v: string): string => (type === 'url' || type === 'fileName' ? v : v.toLowerCase());

type Candidate = { kind: Parameters<typeof classifyIoc>[0]; value: string | undefined };

const candidatesOf = (e: Alert['entities'][number]): Candidate[] => {
  switch (e.type) {
    case 'ip':
      return [{ kind: 'ip', value: e.value }];
    case 'domain':
    case 'dnsQuery':
      return [{ kind: 'domain', value: e.value }];
    case 'url':
      return [{ kind: 'url', value: e.value }];
    case 'file':
      return [
        { kind: 'fileName', value: e.value },
        { kind: 'hash', value: e.props.sha256 },
        { kind: 'hash', value: e.props.sha1 },
        { kind: 'hash', value: e.props.md5 },
      ];
    case 'mailbox':
      return [{ kind: 'email', value: e.value }];
    case 'mailMessage':
      return [
        { kind: 'email', value: e.props.sender },
        { kind: 'email', value: e.props.recipient },
      ];
    default:
      return [];
  }
};

const TYPE_ORDER = new Map<IocType, number>(IOC_TYPES.map((t, i) => [t, i]));

/** All IOCs of the alerts, deduplicated, sorted by type then value. */
export const extractIocs = (alerts: readonly Alert[]): Ioc[] => {
  const byKey = new Map<string, Ioc & { ids: Set<string> }>();
  for (const alert of alerts) {
    for (const entity of alert.entities) {
      for (const c of candidatesOf(entity)) {
        if (c.value === undefined) continue;
        const type = classifyIoc(c.kind, c.value);
        if (!type) continue;
        const value = normalise(type, c.value.trim());
        const key = `${type}\u0000${value.toLowerCase()}`;
        let ioc = byKey.get(key);
        if (!ioc) {
          const isPrivate = (type === 'ipv4' || type === 'ipv6') && isPrivateIp(value);
          ioc = { type, value, firstSeen: alert.firstActivity, lastSeen: alert.lastActivity, alertCount: 0, alertIds: [], isPrivate, roles: [], ids: new Set() };
          byKey.set(key, ioc);
        }
        ioc.firstSeen = Math.min(ioc.firstSeen, alert.firstActivity);
        ioc.lastSeen = Math.max(ioc.lastSeen, alert.lastActivity);
        ioc.ids.add(alert.id);
        for (const r of entity.roles) if (r !== 'unknown' && !ioc.roles.includes(r)) ioc.roles.push(r);
        if (entity.verdict && (ioc.verdict === undefined || verdictRank(entity.verdict) > verdictRank(ioc.verdict))) ioc.verdict = entity.verdict;
      }
    }
  }
  const out: Ioc[] = [];
  for (const { ids, ...ioc } of byKey.values()) {
    const alertIds = [...ids].sort();
    const item: Ioc = { ...ioc, alertIds, alertCount: alertIds.length, roles: [...ioc.roles].sort() };
    out.push(item);
  }
  return out.sort((a, b) => (TYPE_ORDER.get(a.type) ?? 0) - (TYPE_ORDER.get(b.type) ?? 0) || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
};

const verdictRank = (v: Verdict): number => ['unknown', 'noThreatsFound', 'suspicious', 'malicious'].indexOf(v);
