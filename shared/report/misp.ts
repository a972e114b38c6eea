// MISP event (MISP core format, draft-dulaunoy-misp-core-format): one event per case, one attribute per IOC,
// ATT&CK techniques as galaxy tags. Instance-local ids (id, event_id, org ids) are left for the importing MISP.
import type { Severity } from '#shared/model/index';
import { getTechnique } from '#shared/model/index';
import type { Ioc, IocType } from './iocs';
import type { CaseReportModel } from './model';
import { CASELINE_NAMESPACE, uuidv5 } from './uuid';
import { isValidMs, isoTime } from './time-text';

export type MispAttribute = {
  uuid: string;
  type: string;
  category: string;
  value: string;
  to_ids: boolean;
  comment: string;
  timestamp: string;
  distribution: string;
  deleted: boolean;
  first_seen?: string;
  last_seen?: string;
};

export type MispEvent = {
  Event: {
    uuid: string;
    info: string;
    date: string;
    timestamp: string;
    published: boolean;
    threat_level_id: string;
    analysis: string;
    distribution: string;
    Attribute: MispAttribute[];
    Tag: { name: string }[];
  };
};

const ATTACKER_ROLES = new Set(['attacker', 'source', 'commandAndControl']);

const mispType = (ioc: Ioc): { type: string; category: string } => {
  const map: Record<IocType, { type: string; category: string }> = {
    ipv4: { type: ioc.roles.some((r) => ATTACKER_ROLES.has(r)) ? 'ip-src' : 'ip-dst', category: 'Network activity' },
    ipv6: { type: ioc.roles.some((r) => ATTACKER_ROLES.has(r)) ? 'ip-src' : 'ip-dst', category: 'Network activity' },
    domain: { type: 'domain', category: 'Network activity' },
    url: { type: 'url', category: 'Network activity' },
    sha256: { type: 'sha256', category: 'Payload delivery' },
    sha1: { type: 'sha1', category: 'Payload delivery' },
    md5: { type: 'md5', category: 'Payload delivery' },
    fileName: { type: 'filename', category: 'Payload delivery' },
    email: { type: ioc.roles.includes('victim') || ioc.roles.includes('attacked') ? 'email-dst' : 'email-src', category: 'Payload delivery' },
  };
  return map[ioc.type];
};

/** MISP threat levels: 1 High, 2 Medium, 3 Low, 4 Undefined. */
const THREAT_LEVEL: Record<Severity, string> = { critical: '1', high: '1', medium: '2', low: '3', informational: '4' };

const seconds = (ms: number): string => String(Math.floor((isValidMs(ms) && ms >= 0 ? ms : 0) / 1000));
const iso = (ms: number): string | undefined => (ms >= 0 ? isoTime(ms) : undefined);

export const toMispEvent = (m: CaseReportModel, options: { tlp?: 'clear' | 'green' | 'amber' | 'amber+strict' | 'red' } = {}): MispEvent => {
  const stamp = seconds(m.generatedAt);
  const uuid = (key: string): string => uuidv5(`misp\u0000${m.incidentId}\u0000${key}`, CASELINE_NAMESPACE);
  const Attribute: MispAttribute[] = m.iocs.map((ioc) => {
    const { type, category } = mispType(ioc);
    const a: MispAttribute = {
      uuid: uuid(`${ioc.type}\u0000${ioc.value}`),
      type,
      category,
      value: ioc.value,
      // Private addresses and bare file names are context: not for detection feeds.
      to_ids: !ioc.isPrivate && ioc.type !== 'fileName',
      comment: `Seen in ${ioc.alertCount} alert(s)${ioc.isPrivate ? '; private address' : ''}`,
      timestamp: stamp,
      distribution: '5',
      deleted: false,
    };
    const first = iso(ioc.firstSeen);
    const last = iso(Math.max(ioc.firstSeen, ioc.lastSeen));
    if (first) a.first_seen = first;
    if (last) a.last_seen = last;
    return a;
  });
  const Tag = [{ name: `tlp:${options.tlp ?? 'amber'}` }];
  for (const t of m.techniques) {
    const tech = getTechnique(t.id);
    if (tech) Tag.push({ name: `misp-galaxy:mitre-attack-pattern="${tech.name} - ${t.id}"` });
  }
  const info = `${m.title}`.replace(/[\r\n]+/g, ' ').slice(0, 256);
  return {
    Event: {
      uuid: uuid('event'),
      info: info || m.incidentId,
      date: (iso(m.firstActivity) ?? iso(m.generatedAt) ?? '1970-01-01').slice(0, 10),
      timestamp: stamp,
      published: false,
      threat_level_id: THREAT_LEVEL[m.severity],
      analysis: m.status === 'resolved' ? '2' : m.status === 'inProgress' ? '1' : '0',
      distribution: '0',
      Attribute,
      Tag,
    },
  };
};
