// Test support for report/respond tests (not used by the app): turns the real sample exports in ../shared/samples
// into Alerts through the real alert builder, and builds incidents around them. Pure: tests pass the parsed JSON.
import type { ActivityEntry, Alert, Comment, CorrelationReason, Incident, IncidentId } from '#shared/model/index';
import { ATTACK_SOURCE, makeIncidentId, maxSeverity, parseSeverity, sortTactics } from '#shared/model/index';
import type { Task } from '#shared/respond/types';
import type { ReportInput } from './model';
import type { EntityInput } from '#shared/ingest/alert-builder';
import { buildAlert, entity, path, str } from '#shared/ingest/alert-builder';
import type { AdapterContext } from '#shared/ingest/types';
import { parseTime } from '#shared/ingest/time';
import type { ImportId } from '#shared/model/index';

const ctx = (file: string): AdapterContext => ({ file, importId: 'imp-test' as ImportId, defaultZone: 'UTC' });
const ms = (v: unknown): number => parseTime(v)?.ms ?? 0;
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Microsoft Graph alerts_v2 example (graph-alerts-v2-docs-example.json). */
export const graphSampleAlerts = (json: unknown): Alert[] =>
  arr(path(json, 'value')).map((a, i) => {
    const ents: (EntityInput | undefined)[] = [];
    for (const ev of arr(path(a, 'evidence'))) {
      const t = str(path(ev, ['@odata.type']));
      const roles = arr(path(ev, 'roles')).map(str).filter((r) => r === 'compromised' || r === 'attacker') as EntityInput['roles'];
      if (t.endsWith('deviceEvidence')) {
        ents.push({ type: 'device', value: path(ev, 'deviceDnsName'), roles, props: { deviceId: path(ev, 'mdeDeviceId') } });
        for (const ip of arr(path(ev, 'ipInterfaces'))) ents.push({ type: 'ip', value: ip });
      } else if (t.endsWith('fileEvidence') || t.endsWith('processEvidence')) {
        const f = path(ev, t.endsWith('fileEvidence') ? 'fileDetails' : 'imageFile');
        ents.push({ type: 'file', value: path(f, 'fileName'), props: { sha1: path(f, 'sha1'), sha256: path(f, 'sha256'), directory: path(f, 'filePath') } });
        const u = path(ev, 'userAccount');
        if (u) ents.push({ type: 'account', value: `${str(path(u, 'domainName'))}\\${str(path(u, 'accountName'))}`, props: { accountName: path(u, 'accountName'), sid: path(u, 'userSid'), ntDomain: path(u, 'domainName') } });
      } else if (t.endsWith('registryKeyEvidence')) {
        ents.push({ type: 'registryKey', value: path(ev, 'registryKey'), props: { hive: path(ev, 'registryHive') } });
      }
    }
    const record = { position: i + 1, value: a, text: JSON.stringify(a) };
    return buildAlert(
      {
        source: 'graph',
        product: str(path(a, 'serviceSource')),
        sourceAlertId: str(path(a, 'id')),
        detectorId: str(path(a, 'detectorId')),
        title: str(path(a, 'title')),
        description: str(path(a, 'description')),
        severity: parseSeverity(path(a, 'severity')) ?? 'medium',
        firstActivity: ms(path(a, 'firstActivityDateTime')),
        lastActivity: ms(path(a, 'lastActivityDateTime')),
        detectedAt: ms(path(a, 'createdDateTime')),
        tactics: [str(path(a, 'category'))],
        techniques: arr(path(a, 'mitreTechniques')).map(str),
        remediation: str(path(a, 'recommendedActions')).split('\n'),
        entities: ents.map((e) => (e ? entity(e) : undefined)),
      },
      record,
      ctx('graph-alerts-v2-docs-example.json'),
    );
  });

/** Defender for Cloud REST example (defender-for-cloud-alerts-api-example.json). */
export const dfcSampleAlerts = (json: unknown): Alert[] =>
  arr(path(json, ['responses', '200', 'body', 'value'])).map((a, i) => {
    const p = path(a, 'properties');
    const ents: (EntityInput | undefined)[] = [];
    for (const e of arr(path(p, 'entities'))) {
      const t = str(path(e, 'type'));
      if (t === 'ip') ents.push({ type: 'ip', value: path(e, 'address'), props: { countryCode: path(e, 'location.countryCode') } });
      if (t === 'host') ents.push({ type: 'device', value: path(e, 'hostName'), roles: ['compromised'] });
      if (t === 'account') ents.push({ type: 'account', value: `${str(path(e, 'ntDomain'))}\\${str(path(e, 'name'))}`, props: { accountName: path(e, 'name'), sid: path(e, 'sid'), ntDomain: path(e, 'ntDomain') } });
      if (t === 'file') ents.push({ type: 'file', value: path(e, 'name'), props: { directory: path(e, 'directory') } });
      if (t === 'process') ents.push({ type: 'process', value: path(e, 'commandLine') || path(e, 'processId'), props: { commandLine: path(e, 'commandLine'), processId: path(e, 'processId') } });
    }
    return buildAlert(
      {
        source: 'defender-for-cloud',
        product: str(path(p, 'productName')),
        sourceAlertId: str(path(a, 'id')),
        detectorId: str(path(p, 'alertType')),
        title: str(path(p, 'alertDisplayName')),
        description: str(path(p, 'description')),
        severity: parseSeverity(path(p, 'severity')) ?? 'medium',
        firstActivity: ms(path(p, 'startTimeUtc')),
        lastActivity: ms(path(p, 'endTimeUtc')),
        detectedAt: ms(path(p, 'timeGeneratedUtc')),
        tactics: [str(path(p, 'intent'))],
        techniques: [...arr(path(p, 'techniques')), ...arr(path(p, 'subTechniques'))].map(str),
        remediation: arr(path(p, 'remediationSteps')).map(str),
        entities: ents.map((e) => (e ? entity(e) : undefined)),
      },
      { position: i + 1, value: a, text: JSON.stringify(a) },
      ctx('defender-for-cloud-alerts-api-example.json'),
    );
  });

/** Suricata EVE alerts (suricata-eve-*.json); `limit` keeps the first records. */
export const suricataSampleAlerts = (json: unknown, limit = Infinity): Alert[] =>
  arr(json)
    .slice(0, limit)
    .map((a, i) =>
      buildAlert(
        {
          source: 'suricata',
          product: 'Suricata',
          detectorId: str(path(a, 'alert.signature_id')),
          title: str(path(a, 'alert.signature')),
          description: str(path(a, 'alert.category')),
          severity: (['high', 'high', 'medium', 'low'] as const)[Number(path(a, 'alert.severity')) || 3] ?? 'low',
          firstActivity: ms(path(a, 'timestamp')),
          entities: [
            entity({ type: 'ip', value: path(a, 'src_ip'), roles: ['source'] }),
            entity({ type: 'ip', value: path(a, 'dest_ip'), roles: ['destination'] }),
          ],
        },
        { position: i + 1, value: a, text: JSON.stringify(a) },
        ctx('suricata.json'),
      ),
    );

/** An incident holding these alerts, derived the way correlation derives one (for tests only). */
export const incidentOf = (alerts: readonly Alert[], over: Partial<Incident> = {}): Incident => {
  const sorted = [...alerts].sort((a, b) => a.firstActivity - b.firstActivity);
  const first = sorted[0];
  const id: IncidentId = makeIncidentId(first?.id ?? 'none');
  return {
    id,
    title: first ? `${first.title}${alerts.length > 1 ? ` and ${alerts.length - 1} more` : ''}` : 'Empty incident',
    severity: alerts.reduce((s, a) => maxSeverity(s, a.severity), 'informational' as Alert['severity']),
    status: 'active',
    classification: 'unknown',
    determination: 'unknown',
    assignedTo: '',
    tags: [],
    firstActivity: Math.min(...alerts.map((a) => a.firstActivity)),
    lastActivity: Math.max(...alerts.map((a) => a.lastActivity)),
    tactics: sortTactics(alerts.flatMap((a) => a.tactics)),
    alertIds: sorted.map((a) => a.id),
    impactedAssets: [],
    sources: [...new Set(alerts.map((a) => a.source))].sort(),
    createdAt: first?.detectedAt ?? 0,
    updatedAt: first?.detectedAt ?? 0,
    ...over,
  };
};

/** RFC 4180 reader used to check what a spreadsheet or script would read back. */
export const parseCsv = (text: string): string[][] => {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let cell = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new Error('unterminated quoted cell');
        cell += text.slice(i, q);
        if (text[q + 1] === '"') {
          cell += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
    } else {
      const m = /[,\r]/g;
      m.lastIndex = i;
      const hit = m.exec(text);
      const end = hit ? hit.index : text.length;
      cell = text.slice(i, end);
      i = end;
    }
    row.push(cell);
    if (text[i] === ',') i++;
    else if (text.startsWith('\r\n', i) || i >= text.length) {
      rows.push(row);
      row = [];
      i += 2;
    } else throw new Error(`unexpected character at ${i}`);
  }
  return rows;
};

export const GENERATED_AT = Date.UTC(2024, 5, 1, 9, 30, 0, 123);

/** The real samples (parsed JSON of the Graph, Defender for Cloud and Suricata honeypot files) as alerts. */
export const sampleCaseAlerts = (graph: unknown, dfc: unknown, suricata: unknown): Alert[] => [
  ...graphSampleAlerts(graph),
  ...dfcSampleAlerts(dfc),
  ...suricataSampleAlerts(suricata, 20),
];

/** A report input around those alerts, with a reason, comment, activity entry and task. */
export const sampleCaseInput = (alerts: Alert[]): ReportInput => {
  const incident = incidentOf(alerts, { status: 'inProgress', assignedTo: 'alice', tags: ['wrccdc'], classification: 'truePositive', determination: 'malware' });
  const [a0, a1] = alerts;
  const reasons: CorrelationReason[] = a0 && a1 ? [{ kind: 'sameTargetedAsset', alertId: a1.id, otherAlertId: a0.id, entityType: 'device', entityValue: 'vm2', text: `Same device vm2 as "${a0.title}".` }] : [];
  const comments: Comment[] = [{ targetId: incident.id, at: GENERATED_AT - 60_000, by: 'alice', text: 'Confirmed with the host owner.\nIsolating now.' }];
  const activity: ActivityEntry[] = [{ targetId: incident.id, at: GENERATED_AT - 120_000, by: 'alice', action: 'update', field: 'status', from: 'active', to: 'inProgress' }];
  const tasks: Task[] = [{ id: 'tk-1', incidentId: incident.id, title: 'Collect memory image', owner: 'alice', status: 'open', createdAt: GENERATED_AT - 100_000, source: 'manual' }];
  return { incident, alerts, reasons, comments, activity, tasks, analyst: 'alice', generatedAt: GENERATED_AT, attackSource: ATTACK_SOURCE };
};
