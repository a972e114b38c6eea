// Microsoft Defender for Endpoint alert API, the legacy `api.securitycenter.microsoft.com/api/alerts` shape
// (MicrosoftDocs/defender-docs `defender-endpoint/api/alerts.md`). Values are PascalCase (`High`, `InProgress`,
// `TruePositive`); evidence items are flat objects typed by `entityType` (User, Process, File, Ip, Url, Registry…).
//
// Choices (see the tests):
// - The alert's machine (machineId + computerDnsName) becomes a device; relatedUser an account; loggedOnUsers
//   accounts with role `contextual`.
// - A Process evidence also yields its image file (name, folder, sha1, sha256) as a file entity.
// - comments, assignedTo and investigation fields have no place in the normalised alert and stay in `raw`.
import type { Entity } from '#shared/model/index';
import { parseAlertStatus, parseClassification, parseDetermination } from '#shared/model/index';
import type { AlertInput } from '#shared/ingest/alert-builder';
import type {
  AdapterContext,
  AdapterResult,
  DetectSample,
  SourceAdapter,
  SourceRecord,
} from '#shared/ingest/types';
import {
  accountEntity,
  baseName,
  deviceEntity,
  fileEntity,
  firstText,
  get,
  isObj,
  items,
  joinPath,
  keyScore,
  optionalTimeOf,
  processEntity,
  registryKeyEntity,
  registryValueEntity,
  reject,
  sampleKeys,
  sampleObjects,
  severityOf,
  simpleEntity,
  singleAlert,
  startTimeOf,
  stringList,
  tacticNames,
  text,
} from './ms-common';

/** `Informational, expected activity` → `InformationalExpectedActivity` before the enum parsers see it. */
const squash = (v: string): string => v.replace(/[^A-Za-z]/g, '');

/** MDE evidence `filePath` is the folder; a full path ending in the file name is accepted too. */
const fileParts = (ev: unknown): { name: string; directory: string; path: string } => {
  const name = firstText(ev, 'fileName');
  const where = firstText(ev, 'filePath');
  if (name && baseName(where).toLowerCase() === name.toLowerCase())
    return { name, directory: '', path: where };
  return { name, directory: where, path: '' };
};

/** The entities one MDE evidence item yields. */
export const mdeEvidenceEntities = (ev: unknown): (Entity | undefined)[] => {
  if (!isObj(ev)) return [];
  const kind = firstText(ev, 'entityType')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
  const account = (): Entity | undefined =>
    accountEntity({
      name: firstText(ev, 'accountName'),
      ntDomain: firstText(ev, 'domainName'),
      sid: firstText(ev, 'userSid'),
      aadUserId: firstText(ev, 'aadUserId'),
      upn: firstText(ev, 'userPrincipalName'),
    });
  switch (kind) {
    case 'user':
    case 'account':
      return [account()];
    case 'process': {
      const f = fileParts(ev);
      const folder =
        f.directory || (f.path ? f.path.slice(0, Math.max(0, f.path.length - f.name.length - 1)) : '');
      const parentName = firstText(ev, 'parentProcessFileName');
      const parentFolder = firstText(ev, 'parentProcessFilePath');
      const acct = firstText(ev, 'accountName');
      const dom = firstText(ev, 'domainName');
      return [
        processEntity({
          imageName: f.name,
          imageDirectory: folder,
          commandLine: firstText(ev, 'processCommandLine'),
          processId: firstText(ev, 'processId'),
          parentProcessId: firstText(ev, 'parentProcessId'),
          parentImage: parentName ? joinPath(parentFolder, parentName) : '',
          creationTime: firstText(ev, 'processCreationTime'),
          accountName: acct && dom ? `${dom}\\${acct}` : acct,
        }),
        fileEntity({
          ...f,
          sha1: firstText(ev, 'sha1'),
          sha256: firstText(ev, 'sha256'),
          md5: firstText(ev, 'md5'),
        }),
        acct ? account() : undefined,
      ];
    }
    case 'file':
      return [
        fileEntity({
          ...fileParts(ev),
          sha1: firstText(ev, 'sha1'),
          sha256: firstText(ev, 'sha256'),
          md5: firstText(ev, 'md5'),
        }),
      ];
    case 'ip':
    case 'ipaddress':
      return [simpleEntity('ip', firstText(ev, 'ipAddress'))];
    case 'url':
      return [simpleEntity('url', firstText(ev, 'url'))];
    case 'registry':
    case 'registrykey':
    case 'registryvalue': {
      const hive = firstText(ev, 'registryHive');
      const key = firstText(ev, 'registryKey');
      const valueName = firstText(ev, 'registryValueName');
      return valueName
        ? [
            registryValueEntity({
              hive,
              key,
              valueName,
              valueData: firstText(ev, 'registryValue'),
              valueType: firstText(ev, 'registryValueType'),
            }),
          ]
        : [registryKeyEntity(hive, key)];
    }
    case 'machine':
    case 'device':
      return [
        deviceEntity({
          hostName: firstText(ev, 'computerDnsName', 'deviceName'),
          deviceId: firstText(ev, 'machineId', 'deviceId'),
        }),
      ];
    default:
      return [];
  }
};

const MDE_KEYS: readonly (readonly string[])[] = [
  ['machineid'],
  ['alertcreationtime'],
  ['computerdnsname'],
  ['firsteventtime'],
  ['lasteventtime'],
  ['lastupdatetime'],
  ['investigationstate', 'investigationid'],
  ['relateduser'],
  ['rbacgroupname'],
  ['aadtenantid'],
  ['detectionsource'],
  ['threatfamilyname'],
  ['evidence'],
];

const detect = (sample: DetectSample): number => {
  const objects = sampleObjects(sample);
  const keys = sampleKeys(sample);
  if (
    keys.has('servicesource') ||
    objects.some((o) => text(get(o, '@odata.type')).toLowerCase().startsWith('#microsoft.graph.'))
  )
    return 0;
  if (!keys.has('machineid') && !keys.has('alertcreationtime') && !keys.has('computerdnsname')) return 0;
  const typedEvidence = objects.some((o) =>
    items(get(o, 'evidence')).some((e) => text(get(e, 'entityType')) !== ''),
  );
  return Math.min(0.97, 0.45 + 0.45 * keyScore(keys, MDE_KEYS) + (typedEvidence ? 0.05 : 0));
};

const normalize = (record: SourceRecord, ctx: AdapterContext): AdapterResult => {
  const r = record.value;
  if (!isObj(r)) return reject('', 'not a Defender for Endpoint alert (expected an object)');
  const severity = severityOf(get(r, 'severity'));
  if (!severity.ok) return reject('severity', severity.reason);

  const first = startTimeOf(
    (k) => get(r, k),
    ['firstEventTime', 'alertCreationTime', 'lastEventTime'],
    ctx.defaultZone,
  );
  if (!first) return reject('firstEventTime', 'missing: no firstEventTime or alertCreationTime');
  const start = first.time;
  if (!start.ok) return reject(first.key, start.reason);
  const optional = (k: string): number | undefined => optionalTimeOf(get(r, k), ctx.defaultZone);

  const entities: (Entity | undefined)[] = [
    deviceEntity({ hostName: firstText(r, 'computerDnsName'), deviceId: firstText(r, 'machineId') }),
  ];
  const related = get(r, 'relatedUser');
  if (isObj(related))
    entities.push(
      accountEntity({
        name: firstText(related, 'userName', 'accountName'),
        ntDomain: firstText(related, 'domainName'),
      }),
    );
  for (const u of items(get(r, 'loggedOnUsers'))) {
    entities.push(
      accountEntity({
        name: firstText(u, 'accountName', 'userName'),
        ntDomain: firstText(u, 'domainName'),
        roles: ['contextual'],
      }),
    );
  }
  for (const ev of items(get(r, 'evidence'))) entities.push(...mdeEvidenceEntities(ev));

  const input: AlertInput = {
    source: 'mde',
    product: 'Microsoft Defender for Endpoint',
    sourceAlertId: firstText(r, 'id', 'alertId'),
    detectorId: firstText(r, 'detectorId'),
    title: firstText(r, 'title'),
    description: firstText(r, 'description'),
    severity: severity.severity,
    status: parseAlertStatus(firstText(r, 'status')) ?? 'new',
    classification: parseClassification(squash(firstText(r, 'classification'))) ?? 'unknown',
    determination: parseDetermination(squash(firstText(r, 'determination'))) ?? 'unknown',
    firstActivity: start.ms,
    tactics: tacticNames(get(r, 'category')),
    techniques: stringList(get(r, 'mitreTechniques')),
    entities,
  };
  const last = optional('lastEventTime');
  const detected = optional('alertCreationTime');
  return singleAlert(input, { start, startValue: first.value, last, detected }, record, ctx);
};

export const mdeAdapter: SourceAdapter = {
  name: 'mde',
  label: 'Microsoft Defender for Endpoint alerts API',
  containers: ['json-array', 'json-object', 'ndjson'],
  detect,
  normalize,
};
