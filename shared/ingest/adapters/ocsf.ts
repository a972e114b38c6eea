// OCSF findings: Detection Finding (class_uid 2004, OCSF 1.1+) and the older Security Finding (class_uid 2001,
// OCSF 1.0; deprecated in 1.1). Other classes are rejected with their class named.
//
// Field names follow the OCSF schema (github.com/ocsf/ocsf-schema: events/findings/finding.json,
// detection_finding.json, security_finding.json; objects/finding_info.json, evidences.json, attack.json,
// endpoint.json, process.json, file.json, fingerprint.json, remediation.json), as browsable at schema.ocsf.io.
// - sourceAlertId = finding_info.uid (2001: finding.uid); title = finding_info.title; description = desc;
//   detectorId = finding_info.analytic.uid (else its name).
// - severity_id: 1 informational, 2 low, 3 medium, 4 high, 5 critical, 6 fatal → critical; 0/99 read the
//   `severity` caption instead, else medium.
// - status_id (2001: state_id): 1 new, 2 in progress, 3 suppressed / 4 resolved / 5 archived / 6 deleted →
//   resolved; activity_id 3 (Close) → resolved when no status is given.
// - time: firstActivity = finding_info.first_seen_time, else start_time, else time; lastActivity =
//   last_seen_time / end_time; detectedAt = finding_info.created_time, else time. Times are epoch ms
//   (timestamp_t) or the *_dt datetime strings.
// - ATT&CK from finding_info.attacks[] (and top-level attacks[] of the Security Control profile / 2001):
//   tactic.uid/name, technique.uid, sub_technique.uid.
// - product = metadata.product.vendor_name + name.
// - Entities: device (affected host) and resources[] (affected cloud resources) → role 'victim'; evidences[]
//   actor.user / actor.process → 'source', src_endpoint → 'source', dst_endpoint → 'destination', process,
//   file, url, query/dns_query, device, user, email → their types, with evidence verdict_id as verdict.
// - remediation.desc, kb_article_list[].title/src_url, kb_articles[] and references[] → remediation.
import type { AlertStatus, Entity, EntityRole, Severity, Verdict } from '#shared/model/index';
import { parseAlertStatus, parseSeverity } from '#shared/model/index';
import { buildAlert, entity, field, path, str } from '#shared/ingest/alert-builder';
import type { SourceAdapter } from '#shared/ingest/types';
import {
  DEFAULT_SEVERITY,
  accountEntity,
  asArray,
  asObject,
  confidence,
  deviceEntity,
  domainEntity,
  fileEntity,
  firstStr,
  fractionOf,
  ipEntity,
  kindOf,
  lines,
  mailboxEntity,
  pickTime,
  processEntity,
  quote,
  reject,
  strList,
  timeFields,
  urlEntity,
} from './common';

const SEVERITY_BY_ID: Readonly<Record<string, Severity>> = {
  '1': 'informational',
  '2': 'low',
  '3': 'medium',
  '4': 'high',
  '5': 'critical',
  '6': 'critical',
};
const STATUS_BY_ID: Readonly<Record<string, AlertStatus>> = {
  '1': 'new',
  '2': 'inProgress',
  '3': 'resolved',
  '4': 'resolved',
  '5': 'resolved',
  '6': 'resolved',
};
/** evidences.verdict_id → entity verdict (False Positive and Benign → no threats found). */
const VERDICT_BY_ID: Readonly<Record<string, Verdict>> = {
  '1': 'noThreatsFound',
  '2': 'malicious',
  '4': 'suspicious',
  '5': 'noThreatsFound',
  '8': 'suspicious',
};
/** Class names for clear rejections of other OCSF classes. */
const CLASS_NAMES: Readonly<Record<string, string>> = {
  '1001': 'File System Activity',
  '1007': 'Process Activity',
  '2002': 'Vulnerability Finding',
  '2003': 'Compliance Finding',
  '2005': 'Incident Finding',
  '2006': 'Data Security Finding',
  '3001': 'Account Change',
  '3002': 'Authentication',
  '4001': 'Network Activity',
  '4002': 'HTTP Activity',
  '4003': 'DNS Activity',
  '6003': 'API Activity',
};

const idText = (v: unknown): string => {
  const s = str(v).trim();
  return /^\d{1,6}$/.test(s) ? String(Number(s)) : '';
};

/** OCSF fingerprint list → hashes (algorithm_id 1 MD5, 2 SHA-1, 3 SHA-256, or the algorithm caption). */
const hashesOf = (fingerprints: unknown): { md5?: string; sha1?: string; sha256?: string } => {
  const out: { md5?: string; sha1?: string; sha256?: string } = {};
  for (const fp of asArray(fingerprints).slice(0, 20)) {
    const id = idText(field(fp, 'algorithm_id'));
    const name = str(field(fp, 'algorithm'))
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
    const value = str(field(fp, 'value')).trim();
    if (id === '1' || name === 'md5') out.md5 = value;
    else if (id === '2' || name === 'sha1') out.sha1 = value;
    else if (id === '3' || name === 'sha256') out.sha256 = value;
  }
  return out;
};

const userEntity = (u: unknown, roles: EntityRole[]): Entity | undefined => {
  if (!asObject(u)) return undefined;
  const uid = firstStr(field(u, 'uid'));
  return accountEntity(firstStr(field(u, 'name'), field(u, 'email_addr'), uid), roles, {
    domain: field(u, 'domain'),
    sid: /^S-\d-/.test(uid) ? uid : '',
    displayName: field(u, 'full_name'),
  });
};

const fileOf = (f: unknown, roles: EntityRole[]): Entity | undefined => {
  if (!asObject(f)) return undefined;
  return fileEntity(firstStr(field(f, 'path'), field(f, 'name')), roles, {
    name: field(f, 'name'),
    size: field(f, 'size'),
    ...hashesOf(field(f, 'hashes')),
  });
};

const processOf = (p: unknown, roles: EntityRole[], hostName: string): (Entity | undefined)[] => {
  if (!asObject(p)) return [];
  const file = field(p, 'file');
  const parent = field(p, 'parent_process');
  const user = field(p, 'user');
  return [
    processEntity(
      {
        image: field(file, 'path'),
        name: firstStr(field(p, 'name'), field(file, 'name')),
        commandLine: field(p, 'cmd_line'),
        processId: field(p, 'pid'),
        parentProcessId: field(parent, 'pid'),
        parentImage: firstStr(path(parent, 'file.path'), field(parent, 'name')),
        hostName,
        accountName: field(user, 'name'),
      },
      roles,
    ),
    fileOf(file, ['unknown']),
    userEntity(user, roles),
    asObject(parent)
      ? processEntity(
          {
            image: path(parent, 'file.path'),
            name: field(parent, 'name'),
            commandLine: field(parent, 'cmd_line'),
            processId: field(parent, 'pid'),
            hostName,
          },
          ['unknown'],
        )
      : undefined,
  ];
};

const endpointOf = (ep: unknown, roles: EntityRole[]): (Entity | undefined)[] => {
  if (!asObject(ep)) return [];
  return [
    ipEntity(field(ep, 'ip'), roles, { port: field(ep, 'port') }),
    deviceEntity(firstStr(field(ep, 'hostname'), field(ep, 'name')), roles, {
      deviceId: firstStr(field(ep, 'uid')),
      osFamily: firstStr(path(ep, 'os.name')),
    }),
    domainEntity(field(ep, 'domain'), roles),
  ];
};

const deviceOf = (d: unknown, roles: EntityRole[]): (Entity | undefined)[] => {
  if (!asObject(d)) return [];
  return [
    deviceEntity(firstStr(field(d, 'hostname'), field(d, 'name')), roles, {
      deviceId: firstStr(field(d, 'uid'), field(d, 'instance_uid')),
      osFamily: firstStr(path(d, 'os.name')),
      osVersion: firstStr(path(d, 'os.version')),
    }),
    ipEntity(field(d, 'ip'), ['unknown']),
  ];
};

const urlOf = (u: unknown): (Entity | undefined)[] => {
  if (typeof u === 'string') return [urlEntity(u, '', ['unknown'])];
  if (!asObject(u)) return [];
  const host = firstStr(field(u, 'hostname'));
  const full =
    firstStr(field(u, 'url_string')) ||
    (host ? `${firstStr(field(u, 'scheme')) || 'https'}://${host}${firstStr(field(u, 'path'))}` : '');
  return [urlEntity(full, host, ['unknown']), domainEntity(host, ['unknown'])];
};

const emailOf = (e: unknown): (Entity | undefined)[] => {
  if (!asObject(e)) return [];
  const from = firstStr(field(e, 'from'));
  const to = strList(field(e, 'to'), 50);
  const messageId = firstStr(field(e, 'message_uid'), field(e, 'uid'));
  const subject = firstStr(field(e, 'subject'));
  return [
    mailboxEntity(from, ['source']),
    ...to.map((t) => mailboxEntity(t, ['destination'])),
    messageId || subject
      ? entity({
          type: 'mailMessage',
          value: messageId || subject,
          roles: ['unknown'],
          props: { networkMessageId: messageId, subject, sender: from, recipient: to[0] },
        })
      : undefined,
  ];
};

/** Entities of one evidence object (or of the event's top level, which shares the attribute names). */
const evidenceEntities = (ev: unknown, hostName: string, withDevice = true): (Entity | undefined)[] => {
  const actor = field(ev, 'actor');
  const query = field(ev, 'query') ?? field(ev, 'dns_query');
  const hostname = firstStr(field(query, 'hostname'));
  const found: (Entity | undefined)[] = [
    userEntity(field(actor, 'user'), ['source']),
    ...processOf(field(actor, 'process'), ['source'], hostName),
    ...processOf(field(ev, 'process'), ['unknown'], hostName),
    fileOf(field(ev, 'file'), ['unknown']),
    ...endpointOf(field(ev, 'src_endpoint'), ['source']),
    ...endpointOf(field(ev, 'dst_endpoint'), ['destination']),
    ...urlOf(field(ev, 'url')),
    hostname
      ? entity({
          type: 'dnsQuery',
          value: hostname.replace(/\.$/, ''),
          roles: ['unknown'],
          props: { recordType: field(query, 'type') },
        })
      : undefined,
    ...(withDevice ? deviceOf(field(ev, 'device'), ['unknown']) : []),
    userEntity(field(ev, 'user'), ['unknown']),
    ...emailOf(field(ev, 'email')),
  ];
  const verdict = VERDICT_BY_ID[idText(field(ev, 'verdict_id'))];
  if (verdict) for (const e of found) if (e) e.verdict = verdict;
  return found;
};

const attacksOf = (list: unknown): { tactics: string[]; techniques: string[] } => {
  const tactics: string[] = [];
  const techniques: string[] = [];
  for (const a of asArray(list).slice(0, 100)) {
    const tactic = field(a, 'tactic');
    tactics.push(
      ...strList(field(tactic, 'uid')),
      ...(field(tactic, 'uid') === undefined ? strList(field(tactic, 'name')) : []),
    );
    for (const t of asArray(field(a, 'tactics')).slice(0, 20))
      tactics.push(...strList(field(t, 'uid') ?? field(t, 'name')));
    techniques.push(...strList(path(a, 'technique.uid')), ...strList(path(a, 'sub_technique.uid')));
  }
  return { tactics, techniques };
};

const remediationOf = (r: unknown): string[] => {
  if (!asObject(r)) return [];
  const out = strList(field(r, 'desc'));
  for (const kb of asArray(field(r, 'kb_article_list')).slice(0, 50)) {
    const text = [firstStr(field(kb, 'title'), field(kb, 'uid')), firstStr(field(kb, 'src_url'))]
      .filter(Boolean)
      .join(': ');
    if (text) out.push(text);
  }
  out.push(...strList(field(r, 'kb_articles'), 50), ...strList(field(r, 'references'), 50));
  return out;
};

const FINDING_CLASSES = new Set(['2001', '2004']);
const isFinding = (r: unknown): boolean => FINDING_CLASSES.has(idText(field(r, 'class_uid')));
const isOcsf = (r: unknown): boolean =>
  idText(field(r, 'class_uid')) !== '' &&
  (field(r, 'metadata') !== undefined ||
    field(r, 'category_uid') !== undefined ||
    field(r, 'type_uid') !== undefined);

export const ocsfAdapter: SourceAdapter = {
  name: 'ocsf',
  label: 'OCSF Detection / Security Findings',
  containers: ['json-array', 'ndjson', 'json-object'],
  detect(sample) {
    if (sample.container === 'csv' || sample.container === 'tsv-zeek') return 0;
    const findings = fractionOf(sample.records, isFinding);
    if (findings > 0) return confidence(findings);
    // Other OCSF classes: read them so each record is rejected with its class named.
    return fractionOf(sample.records, isOcsf) >= 0.5 ? 0.5 : 0;
  },
  normalize(record, ctx) {
    const v = record.value;
    if (!asObject(v)) return reject('', `record is ${kindOf(v)}, not an OCSF event object`);
    const cls = idText(field(v, 'class_uid'));
    if (!cls)
      return reject('class_uid', `no numeric class_uid (${quote(field(v, 'class_uid'))}): not an OCSF event`);
    if (!FINDING_CLASSES.has(cls)) {
      const name = firstStr(field(v, 'class_name')) || CLASS_NAMES[cls] || 'another class';
      return reject(
        'class_uid',
        `class_uid ${cls} (${name}) is not a Detection Finding (2004) or Security Finding (2001)`,
      );
    }
    const legacy = cls === '2001';
    const info = legacy ? field(v, 'finding') : field(v, 'finding_info');
    const infoName = legacy ? 'finding' : 'finding_info';
    if (!asObject(info))
      return reject(
        infoName,
        `${infoName} is missing: every ${legacy ? 'Security' : 'Detection'} Finding has one`,
      );
    const title = firstStr(field(info, 'title'), field(v, 'message'));
    if (!title) return reject(`${infoName}.title`, 'finding has no title');
    const time = pickTime(
      [
        [`${infoName}.first_seen_time`, field(info, 'first_seen_time')],
        [`${infoName}.first_seen_time_dt`, field(info, 'first_seen_time_dt')],
        ['start_time', field(v, 'start_time')],
        ['time', field(v, 'time')],
        ['time_dt', field(v, 'time_dt')],
      ],
      ctx.defaultZone,
    );
    if (!time) return reject('time', `missing or unreadable time ${quote(field(v, 'time'))}`);
    const last = pickTime(
      [
        [`${infoName}.last_seen_time`, field(info, 'last_seen_time')],
        ['end_time', field(v, 'end_time')],
      ],
      ctx.defaultZone,
    );
    const detected = pickTime(
      [
        [`${infoName}.created_time`, field(info, 'created_time')],
        ['time', field(v, 'time')],
      ],
      ctx.defaultZone,
    );

    const severity =
      SEVERITY_BY_ID[idText(field(v, 'severity_id'))] ??
      parseSeverity(field(v, 'severity')) ??
      DEFAULT_SEVERITY;
    const statusId = idText(field(v, legacy ? 'state_id' : 'status_id'));
    const status: AlertStatus =
      STATUS_BY_ID[statusId] ??
      parseAlertStatus(field(v, legacy ? 'state' : 'status')) ??
      (idText(field(v, 'activity_id')) === '3' ? 'resolved' : 'new');
    const productName = firstStr(path(v, 'metadata.product.name'));
    const vendor = firstStr(path(v, 'metadata.product.vendor_name'));
    const product =
      vendor && productName && !productName.toLowerCase().startsWith(vendor.toLowerCase())
        ? `${vendor} ${productName}`
        : productName || vendor || 'OCSF';
    const analytic = field(info, 'analytic') ?? field(v, 'analytic');
    const fromInfo = attacksOf(field(info, 'attacks'));
    const fromTop = attacksOf(field(v, 'attacks'));
    const hostName = firstStr(path(v, 'device.hostname'), path(v, 'device.name'));

    const entities: (Entity | undefined)[] = [...deviceOf(field(v, 'device'), ['victim'])];
    for (const r of asArray(field(v, 'resources')).slice(0, 100)) {
      const id = firstStr(field(r, 'uid'), field(r, 'name'));
      if (id)
        entities.push(
          entity({
            type: 'cloudResource',
            value: id,
            roles: ['victim'],
            props: { resourceType: field(r, 'type'), resourceName: field(r, 'name') },
          }),
        );
    }
    // The top level shares the evidence attribute names (Security Control profile); its device is read above.
    entities.push(...evidenceEntities(v, hostName, false));
    for (const ev of asArray(field(v, 'evidences')).slice(0, 100))
      entities.push(...evidenceEntities(ev, hostName));

    const malware = asArray(field(v, 'malware'))
      .slice(0, 20)
      .map((m) => firstStr(field(m, 'name')))
      .filter(Boolean);
    const cves = asArray(field(v, 'vulnerabilities'))
      .slice(0, 20)
      .map((x) => firstStr(path(x, 'cve.uid')))
      .filter(Boolean);
    const types = strList(field(info, 'types'), 20);
    return {
      ok: true,
      alerts: [
        buildAlert(
          {
            source: 'ocsf',
            product,
            sourceAlertId: firstStr(field(info, 'uid'), path(v, 'metadata.uid')),
            detectorId: firstStr(field(analytic, 'uid'), field(analytic, 'name')),
            title,
            description: lines(
              firstStr(field(info, 'desc')),
              types.length ? `Types: ${types.join(', ')}` : undefined,
              firstStr(field(analytic, 'name')) && `Analytic: ${firstStr(field(analytic, 'name'))}`,
              malware.length ? `Malware: ${malware.join(', ')}` : undefined,
              cves.length ? `Vulnerabilities: ${cves.join(', ')}` : undefined,
              firstStr(field(info, 'src_url')) && `Source: ${firstStr(field(info, 'src_url'))}`,
            ),
            severity,
            status,
            ...timeFields(time),
            ...(last ? { lastActivity: last.ms } : {}),
            ...(detected ? { detectedAt: detected.ms } : {}),
            tactics: [...fromInfo.tactics, ...fromTop.tactics],
            techniques: [...fromInfo.techniques, ...fromTop.techniques],
            remediation: remediationOf(field(v, 'remediation') ?? field(info, 'remediation')),
            entities,
          },
          record,
          ctx,
        ),
      ],
    };
  },
};
