// Synthetic data for the workspace-at-scale benches (issue #5): alert chunks as the store holds them (columns and
// the JSON meta the engine parses at open), incidents as persisted, and one large incident for the graph.
// Deterministic for a seed; distributions chosen to look like a busy multi-source case, not a best case:
// activity times are spread at random over 90 days (no help from import order), titles and hosts are Zipf-like.
import type { AlertRow, IncidentDetail, IncidentEntity } from '#shared/engine/api';
import type { AlertId, EntityKey, EntityRole, EntityType, Incident, IncidentId, IncidentStatus, Severity } from '#shared/model/index';
import { TACTICS } from '#shared/model/index';
import type { AlertMeta } from '#shared/store/alert-index';
import { mulberry32 } from '../synthetic';

/** Zipf-ish pick in [0, n): low indexes much more likely. */
const zipf = (rnd: () => number, n: number): number => Math.min(n - 1, Math.floor(n * Math.pow(rnd(), 2.5)));
const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
const weighted = <T>(rnd: () => number, list: readonly (readonly [T, number])[]): T => {
  let r = rnd();
  for (const [v, w] of list) if ((r -= w) < 0) return v;
  return list[list.length - 1][0];
};

const BASES = [
  'Suspicious PowerShell command line', 'Credential dumping from LSASS memory', 'Suspicious remote service creation', 'Malicious file detected',
  'Connection to known malicious IP', 'Multiple failed sign-ins', 'Unusual data transfer to external host', 'Phishing email delivered',
  'Ransomware behaviour detected', 'Suspicious scheduled task', 'Process injection', 'Mimikatz credential theft tool',
  'Impossible travel activity', 'Anomalous token usage', 'Suspicious inbox forwarding rule', 'Possible lateral movement via WMI',
  'ET POLICY Outbound SMB', 'ET SCAN Nmap scripting engine', 'Brute force attack against RDP', 'Suspicious registry run key',
  'Defense evasion: event log cleared', 'New local administrator added', 'Cobalt Strike beacon', 'DNS tunnelling suspected',
  'Office application spawned a shell', 'Shadow copies deleted', 'Kerberoasting activity', 'Password spray',
  'Unsigned driver loaded', 'Web shell detected',
] as const;
const QUALIFIERS = ['', ' on a server', ' by a service account', ' (preview)', ' from a rare location', ' in a high-value asset', ' (high volume)', ' on a domain controller', ' via SMB', ' — correlated'] as const;
/** 300 distinct titles. */
export const TITLES: readonly string[] = BASES.flatMap((b) => QUALIFIERS.map((q) => `${b}${q}`));
const SOURCES = [
  ['graph', 'Microsoft Defender for Endpoint'],
  ['graph', 'Microsoft Defender for Identity'],
  ['mde', 'Microsoft Defender for Endpoint'],
  ['sentinel', 'Microsoft Sentinel'],
  ['suricata', 'Suricata'],
  ['wazuh', 'Wazuh'],
  ['elastic', 'Elastic Security'],
  ['hayabusa', 'Hayabusa'],
  ['crowdstrike', 'Falcon'],
] as const;
const SEVERITY_MIX: readonly (readonly [number, number])[] = [[0, 0.2], [1, 0.3], [2, 0.3], [3, 0.15], [4, 0.05]];
const STATUS_MIX: readonly (readonly [number, number])[] = [[0, 0.8], [1, 0.1], [2, 0.1]];
const TACTIC_IDS = TACTICS.map((t) => t.id);
const FILES = ['defender-2025-06.json', 'sentinel-export.ndjson', 'eve.json', 'wazuh-alerts.json', 'elastic-signals.ndjson', 'hayabusa.csv'];

export const START = Date.UTC(2025, 5, 1);
export const SPAN = 90 * 86_400_000;

/** An alert chunk row as the store keeps it (meta as JSON text; the engine parses it at open). */
export type SyntheticChunk = { seq: number; ids: string[]; times: Float64Array; severity: Uint8Array; status: Uint8Array; meta: string };

/** `count` alerts in chunks of 1,000, as the engine appends them when a case opens. */
export function* alertChunks(count: number, seed = 7): Generator<SyntheticChunk> {
  const rnd = mulberry32(seed);
  const tacticCombos: string[] = [''];
  for (let i = 0; i < 40; i++) tacticCombos.push([...new Set([pick(rnd, TACTIC_IDS), ...(rnd() < 0.3 ? [pick(rnd, TACTIC_IDS)] : [])])].join(','));
  for (let seq = 1, done = 0; done < count; seq++) {
    const n = Math.min(1000, count - done);
    const ids: string[] = [];
    const times = new Float64Array(n * 3);
    const severity = new Uint8Array(n);
    const status = new Uint8Array(n);
    const meta: AlertMeta[] = [];
    for (let i = 0; i < n; i++) {
      const k = done + i;
      const ti = zipf(rnd, TITLES.length);
      const [source, product] = SOURCES[ti % SOURCES.length];
      ids.push(`${source.slice(0, 2)}${k.toString(16).padStart(10, '0')}`);
      const t = START + Math.floor(rnd() * SPAN);
      times[i * 3] = t;
      times[i * 3 + 1] = t + Math.floor(rnd() * 600_000);
      times[i * 3 + 2] = t;
      severity[i] = weighted(rnd, SEVERITY_MIX);
      status[i] = weighted(rnd, STATUS_MIX);
      meta.push([TITLES[ti], source, product, `det-${ti % BASES.length}`, tacticCombos[ti % tacticCombos.length], 1 + Math.floor(rnd() * 12), FILES[ti % FILES.length]]);
    }
    yield { seq, ids, times, severity, status, meta: JSON.stringify(meta) };
    done += n;
  }
}

const INC_STATUS_MIX: readonly (readonly [IncidentStatus, number])[] = [['active', 0.75], ['inProgress', 0.1], ['resolved', 0.12], ['redirected', 0.03]];
const SEVERITY_NAMES: readonly Severity[] = ['informational', 'low', 'medium', 'high', 'critical'];

/** `count` incidents in chunks of 1,000 as the engine persists them. */
export const incidentChunks = (count: number, seed = 11): { seq: number; incidents: Incident[] }[] => {
  const rnd = mulberry32(seed);
  const chunks: { seq: number; incidents: Incident[] }[] = [];
  let alert = 0;
  for (let k = 0; k < count; k++) {
    if (k % 1000 === 0) chunks.push({ seq: chunks.length + 1, incidents: [] });
    const first = START + Math.floor(rnd() * SPAN);
    const nAlerts = 1 + zipf(rnd, 40);
    const alertIds = Array.from({ length: nAlerts }, () => `al${(alert++).toString(16).padStart(10, '0')}` as AlertId);
    const host = `ws-${zipf(rnd, 3000).toString().padStart(4, '0')}`;
    const user = `user${zipf(rnd, 2000)}`;
    const status = weighted(rnd, INC_STATUS_MIX);
    chunks[chunks.length - 1].incidents.push({
      id: `in-${k.toString(36)}` as IncidentId,
      title: `${TITLES[zipf(rnd, TITLES.length)]} on ${host} involving ${user}`,
      severity: SEVERITY_NAMES[weighted(rnd, SEVERITY_MIX)],
      status,
      classification: 'unknown',
      determination: 'unknown',
      assignedTo: rnd() < 0.2 ? pick(rnd, ['alice', 'bob', 'carol']) : '',
      tags: rnd() < 0.1 ? ['vip'] : [],
      firstActivity: first,
      lastActivity: first + Math.floor(rnd() * 86_400_000),
      tactics: [...new Set([pick(rnd, TACTIC_IDS), pick(rnd, TACTIC_IDS)])],
      alertIds,
      impactedAssets: [
        { key: `device:${host}` as EntityKey, type: 'device', value: host, alertCount: nAlerts },
        { key: `account:corp\\${user}` as EntityKey, type: 'account', value: `CORP\\${user}`, alertCount: nAlerts },
      ],
      sources: [pick(rnd, SOURCES)[0]],
      ...(status === 'redirected' ? { redirectedTo: 'in-0' as IncidentId } : {}),
      createdAt: first,
      updatedAt: first,
    });
  }
  return chunks;
};

const ENTITY_MIX: readonly (readonly [EntityType, number])[] = [
  ['device', 0.12], ['account', 0.12], ['ip', 0.26], ['file', 0.2], ['process', 0.16], ['url', 0.08], ['domain', 0.06],
];
/** Sources name roles per entity type, mostly the same one (a device is compromised, a remote IP the attacker). */
const ROLE_OF: Readonly<Partial<Record<EntityType, EntityRole>>> = { device: 'compromised', account: 'compromised', ip: 'attacker', url: 'commandAndControl', domain: 'commandAndControl' };
const OTHER_ROLES: readonly EntityRole[] = ['victim', 'source', 'destination', 'created'];

/** One large incident: `entities` entities over `alerts` alerts (a long multi-host intrusion). */
export const bigIncident = (entities: number, alerts: number, seed = 5): IncidentDetail => {
  const rnd = mulberry32(seed);
  const t0 = START + 10 * 86_400_000;
  const rows: AlertRow[] = [];
  for (let i = 0; i < alerts; i++) {
    const ti = zipf(rnd, 120);
    const first = t0 + Math.floor((i / alerts) * 3 * 86_400_000 + rnd() * 600_000);
    const [source, product] = SOURCES[ti % SOURCES.length];
    // Tactics advance roughly with time, as an intrusion does.
    const stage = Math.min(TACTIC_IDS.length - 1, Math.floor((i / alerts) * TACTIC_IDS.length + rnd() * 3));
    rows.push({
      id: `al-${i}`,
      title: TITLES[ti],
      severity: SEVERITY_NAMES[weighted(rnd, SEVERITY_MIX)],
      status: 'new',
      source,
      product,
      firstActivity: first,
      lastActivity: first + 60_000,
      tactics: rnd() < 0.08 ? [] : [TACTIC_IDS[stage]],
      incidentId: 'in-big',
      entityCount: 0,
      assignedTo: '',
      classification: 'unknown',
      suppressed: false,
    });
  }
  const hosts: string[] = [];
  const pids: string[] = [];
  const ents: IncidentEntity[] = [];
  for (let k = 0; k < entities; k++) {
    const type = weighted(rnd, ENTITY_MIX);
    // Each entity is named by 1-3 alerts; a few hub entities (the first hosts and accounts) by many.
    const hub = k < 20;
    const n = hub ? 10 + Math.floor(rnd() * 40) : 1 + Math.floor(rnd() * 3);
    const ids = new Set<string>();
    for (let j = 0; j < n; j++) ids.add(rows[Math.floor(rnd() * alerts)].id);
    const firstSeen = Math.min(...[...ids].map((id) => rows[Number(id.slice(3))].firstActivity));
    let value: string;
    let props: IncidentEntity['props'] = {};
    switch (type) {
      case 'device':
        value = `ws-${k.toString().padStart(4, '0')}.corp.example`;
        hosts.push(value);
        props = { hostName: value };
        break;
      case 'account':
        value = `CORP\\user${k}`;
        props = { accountName: `user${k}`, ntDomain: 'CORP' };
        break;
      case 'ip':
        value = `${10 + (k % 200)}.${(k * 7) % 256}.${(k * 13) % 256}.${(k * 31) % 256}`;
        break;
      case 'file':
        value = `payload-${k}.exe`;
        props = { filePath: `C:\\Users\\Public\\payload-${k}.exe` };
        break;
      case 'process':
        value = `${pick(rnd, ['powershell.exe', 'rundll32.exe', 'cmd.exe', 'wmic.exe'])} (${k})`;
        // Process trees: most processes name an earlier one as parent (relation edges in the graph).
        props = { processId: String(1000 + k), ...(pids.length && rnd() < 0.7 ? { parentProcessId: pick(rnd, pids) } : {}), ...(hosts.length ? { hostName: pick(rnd, hosts) } : {}) };
        pids.push(String(1000 + k));
        break;
      case 'url':
        value = `https://cdn-${k}.evil.example/stage/${k}`;
        break;
      default:
        value = `c2-${k}.evil.example`;
    }
    ents.push({
      key: `${type}:${value.toLowerCase()}`,
      type,
      value,
      roles: [rnd() < 0.1 ? pick(rnd, OTHER_ROLES) : (ROLE_OF[type] ?? 'unknown')],
      props,
      alertIds: [...ids],
      firstSeen,
      lastSeen: firstSeen + 3_600_000,
    });
  }
  const incident: Incident = {
    id: 'in-big' as IncidentId,
    title: 'Multi-stage intrusion on ws-0001.corp.example',
    severity: 'critical',
    status: 'active',
    classification: 'unknown',
    determination: 'unknown',
    assignedTo: '',
    tags: [],
    firstActivity: rows[0]?.firstActivity ?? t0,
    lastActivity: rows[rows.length - 1]?.lastActivity ?? t0,
    tactics: [...new Set(rows.flatMap((r) => r.tactics))],
    alertIds: rows.map((r) => r.id as AlertId),
    impactedAssets: [],
    sources: [...new Set(rows.map((r) => r.source))],
    createdAt: t0,
    updatedAt: t0,
  };
  return { incident, alerts: rows, reasons: [], entities: ents };
};
