// A light, direct mapping of scenario records to Alerts for benchmarks: the same entities the Graph and Suricata
// adapters produce (checked in correlate tests against the real adapters), without their verbatim evidence,
// descriptions and validation, so a million records convert in seconds.
import type { Alert, AlertId, Entity, EntityProps, EntityRole, Severity } from '#shared/model/index';
import { makeAlertId, resolveTactic } from '#shared/model/index';
import type { Json, JsonObject } from './graph-records';
import type { ScenarioRecord } from './types';

const obj = (v: Json | undefined): JsonObject | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined);
const txt = (v: Json | undefined): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const list = (v: Json | undefined): Json[] => (Array.isArray(v) ? v : []);

const ent = (type: Entity['type'], value: string, props: EntityProps = {}, roles: EntityRole[] = ['unknown']): Entity | undefined => {
  if (!value) return undefined;
  const clean: EntityProps = {};
  for (const [k, v] of Object.entries(props) as [keyof EntityProps, string | undefined][]) if (v) clean[k] = v;
  return { type, value, roles, props: clean };
};

const account = (ua: JsonObject | undefined, roles: EntityRole[]): Entity | undefined => {
  if (!ua) return undefined;
  const name = txt(ua['accountName']);
  const domain = txt(ua['domainName']);
  const upn = txt(ua['userPrincipalName']);
  const value = upn || (domain && name ? `${domain}\\${name}` : name);
  return ent('account', value, { accountName: name, ntDomain: domain, upn, upnSuffix: upn.split('@')[1], sid: txt(ua['userSid']), aadUserId: txt(ua['azureAdUserId']) }, roles);
};

const fileOf = (fd: JsonObject | undefined, roles: EntityRole[]): Entity | undefined =>
  fd ? ent('file', txt(fd['fileName']), { filePath: `${txt(fd['filePath'])}\\${txt(fd['fileName'])}`, directory: txt(fd['filePath']), sha1: txt(fd['sha1']), sha256: txt(fd['sha256']) }, roles) : undefined;

const rolesOf = (v: Json | undefined): EntityRole[] => {
  const r = list(v).map(txt).filter(Boolean) as EntityRole[];
  return r.length ? r : ['unknown'];
};

const graphEntities = (rec: JsonObject): Entity[] => {
  const out: (Entity | undefined)[] = [];
  for (const e of list(rec['evidence'])) {
    const ev = obj(e);
    if (!ev) continue;
    const roles = rolesOf(ev['roles']);
    switch (txt(ev['@odata.type']).replace('#microsoft.graph.security.', '')) {
      case 'deviceEvidence': {
        const name = txt(ev['deviceDnsName']);
        const dot = name.indexOf('.');
        out.push(ent('device', name, { hostName: dot > 0 ? name.slice(0, dot) : name, fqdn: dot > 0 ? name : '', deviceId: txt(ev['mdeDeviceId']) }, roles));
        break;
      }
      case 'userEvidence':
        out.push(account(obj(ev['userAccount']), roles));
        break;
      case 'ipEvidence':
        out.push(ent('ip', txt(ev['ipAddress']), {}, roles));
        break;
      case 'urlEvidence':
        out.push(ent('url', txt(ev['url']), {}, roles));
        break;
      case 'fileEvidence':
        out.push(fileOf(obj(ev['fileDetails']), roles));
        break;
      case 'processEvidence': {
        const img = obj(ev['imageFile']);
        out.push(ent('process', txt(img?.['fileName']), { imagePath: `${txt(img?.['filePath'])}\\${txt(img?.['fileName'])}`, commandLine: txt(ev['processCommandLine']) }, roles));
        out.push(fileOf(img, ['unknown']), account(obj(ev['userAccount']), ['unknown']));
        break;
      }
      case 'mailboxEvidence':
        out.push(ent('mailbox', txt(ev['primaryAddress']), {}, roles), account(obj(ev['userAccount']), ['unknown']));
        break;
      case 'analyzedMessageEvidence':
        out.push(ent('mailMessage', txt(ev['networkMessageId']), { networkMessageId: txt(ev['networkMessageId']), subject: txt(ev['subject']) }, roles));
        out.push(ent('ip', txt(ev['senderIp']), {}, ['source']));
        for (const u of list(ev['urls'])) out.push(ent('url', txt(u)));
        break;
      case 'registryKeyEvidence':
        out.push(ent('registryKey', `${txt(ev['registryHive'])}\\${txt(ev['registryKey'])}`, {}, roles));
        break;
    }
  }
  return out.filter((e): e is Entity => e !== undefined);
};

const SEV: Readonly<Record<number, Severity>> = { 1: 'high', 2: 'medium', 3: 'low' };

const base = (id: AlertId, source: string, title: string, detectorId: string, severity: Severity, first: number, last: number, tactics: string[], entities: Entity[]): Alert => ({
  id,
  source,
  product: source,
  sourceAlertId: id,
  detectorId,
  title,
  description: '',
  severity,
  status: 'new',
  classification: 'unknown',
  determination: 'unknown',
  firstActivity: first,
  lastActivity: last,
  detectedAt: last,
  tactics,
  techniques: [],
  remediation: [],
  entities,
  raw: '',
  origins: [],
});

/** One scenario record as an Alert with the adapters' entities (no raw text). */
export const lightAlert = (r: ScenarioRecord): Alert => {
  const rec = r.record;
  if (r.format === 'graph') {
    const tactic = resolveTactic(txt(rec['category']));
    return base(
      makeAlertId('graph', txt(rec['id'])),
      'graph',
      txt(rec['title']),
      txt(rec['detectorId']),
      (txt(rec['severity']) || 'medium') as Severity,
      Date.parse(txt(rec['firstActivityDateTime'])),
      Date.parse(txt(rec['lastActivityDateTime'])),
      tactic ? [tactic] : [],
      graphEntities(rec),
    );
  }
  const alert = obj(rec['alert']) ?? {};
  const http = obj(rec['http']);
  const dns = obj(rec['dns']);
  const tls = obj(rec['tls']);
  const host = txt(http?.['hostname']);
  const entities = [
    ent('ip', txt(rec['src_ip']), {}, ['source']),
    ent('ip', txt(rec['dest_ip']), {}, ['destination']),
    ent('domain', host, {}, ['destination']),
    http ? ent('url', `http://${host}${txt(http['url'])}`, {}, ['destination']) : undefined,
    ent('dnsQuery', txt(dns?.['rrname'])),
    ent('domain', txt(tls?.['sni']), {}, ['destination']),
  ].filter((e): e is Entity => e !== undefined);
  const ts = txt(rec['timestamp']);
  const time = Date.parse(`${ts.slice(0, 23)}${ts.slice(26, 29)}:${ts.slice(29)}`);
  const tactics = list(obj(alert['metadata'])?.['mitre_tactic_id']).map(txt).filter(Boolean);
  return base(
    makeAlertId('suricata', `${txt(rec['flow_id'])}:${txt(alert['signature_id'])}`),
    'suricata',
    txt(alert['signature']),
    `1:${txt(alert['signature_id'])}:${txt(alert['rev'])}`,
    SEV[Number(alert['severity'])] ?? 'medium',
    time,
    time,
    tactics,
    entities,
  );
};
