// Microsoft Sentinel `SecurityAlert` table exported as CSV (Log Analytics / msticpy) or as JSON (an array of
// row objects with the same column names). Entities, ExtendedProperties, RemediationSteps and Techniques are JSON
// inside strings; entities link to each other with Json.NET `$id` / `$ref`.
//
// Choices (see the tests):
// - Log Analytics stores datetimes in UTC, so naive times are read as UTC without recording an assumption; a CSV
//   column headed `… [Local Time]` is read in the import's default zone and the assumption is recorded.
// - An Entities string that is not valid JSON (or nests deeper than 64 levels) does not reject the alert: the
//   alert is kept without those entities and the verbatim record (`raw`) still holds the text, so nothing is lost.
// - Generic built-in account names given by name only are kept with the single role `contextual`
//   (see accountEntity in ms-common.ts).
// - product is ProductName, else ProviderName (the demo export has only ProviderName: `Detection`,
//   `CustomAlertRule`, `InternalDemo`), else VendorName; detectorId is AlertType.
// - ResourceId (the affected Azure resource) and a host's AzureID become cloudResource entities; a Log Analytics
//   workspace id does not (it would link every alert of the workspace).
// - CompromisedEntity puts the role `compromised` on the device/account it names, or is added as one.
// - `malware` entities have no Caseline entity type: their files and processes are kept (they are entities of
//   their own), the malware name stays in `raw`. `host-logon-session`, `location`, `nic` and mail clusters are
//   links between other entities and add nothing of their own.
import type { Entity } from '#shared/model/index';
import { parseAlertStatus } from '#shared/model/index';
import type { AlertInput } from '#shared/ingest/alert-builder';
import { entity, field } from '#shared/ingest/alert-builder';
import type {
  AdapterContext,
  AdapterResult,
  DetectSample,
  SourceAdapter,
  SourceRecord,
} from '#shared/ingest/types';
import type { Obj } from './ms-common';
import {
  accountEntity,
  addRole,
  cloudResourceEntity,
  deviceEntity,
  fileEntity,
  firstText,
  get,
  hashByAlgorithm,
  isBlank,
  isObj,
  items,
  joinPath,
  keyScore,
  markCompromised,
  parseAzureResourceId,
  parseEmbeddedJson,
  processEntity,
  registryKeyEntity,
  registryValueEntity,
  reject,
  remediationOf,
  sampleKeys,
  severityOf,
  simpleEntity,
  singleAlert,
  splitTimeSuffix,
  stringList,
  tacticNames,
  text,
  timeOf,
} from './ms-common';

// ---------------------------------------------------------------------------------------------------------
// Sentinel entity graph (also used by Defender for Cloud, whose entities follow the same schema in camelCase)

const MAX_WALK_DEPTH = 16;
const MAX_VISITED_OBJECTS = 20_000;

type EntityGraph = {
  /** Entity objects: the top-level items plus any nested inline definition carrying `$id` and a type. */
  nodes: Obj[];
  resolve: (v: unknown) => Obj | undefined;
};

const entityGraph = (input: unknown): EntityGraph => {
  const byId = new Map<string, Obj>();
  const nodes: Obj[] = [];
  const seen = new Set<Obj>();
  let visited = 0;
  const walk = (v: unknown, depth: number, isTop: boolean): void => {
    if (depth > MAX_WALK_DEPTH || visited >= MAX_VISITED_OBJECTS) return;
    if (Array.isArray(v)) {
      for (const x of items(v)) walk(x, depth + 1, false);
      return;
    }
    if (!isObj(v)) return;
    visited++;
    const id = field(v, '$id');
    const hasId = typeof id === 'string' || typeof id === 'number';
    if (hasId && !byId.has(String(id))) byId.set(String(id), v);
    if ((isTop || hasId) && text(get(v, 'Type')) && !seen.has(v)) {
      seen.add(v);
      nodes.push(v);
    }
    for (const k of Object.keys(v)) {
      const child = field(v, k);
      if (child !== null && typeof child === 'object') walk(child, depth + 1, false);
    }
  };
  const top = Array.isArray(input) ? items(input) : isObj(input) ? [input] : [];
  for (const e of top) walk(e, 0, true);
  return {
    nodes,
    resolve: (v) => {
      if (!isObj(v)) return undefined;
      const ref = field(v, '$ref');
      if (ref === undefined) return v;
      return typeof ref === 'string' || typeof ref === 'number' ? byId.get(String(ref)) : undefined;
    },
  };
};

const typeOf = (o: unknown): string =>
  text(get(o, 'Type'))
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

/** `DOMAIN\name` (or name) of a Sentinel account object, for a process's accountName prop. */
const accountLabel = (o: Obj | undefined): string => {
  if (!o) return '';
  const name = firstText(o, 'Name');
  const domain = firstText(o, 'NTDomain');
  return name && domain ? `${domain}\\${name}` : name || firstText(o, 'UPNSuffix');
};

/**
 * Map a Sentinel / Defender for Cloud entity list (already parsed) to Caseline entities, resolving `$ref`
 * links. The list may hold undefined for entities without a value; buildAlert drops them.
 */
export const mapSentinelEntities = (input: unknown): (Entity | undefined)[] => {
  const graph = entityGraph(input);
  const { resolve } = graph;
  const out: (Entity | undefined)[] = [];
  const byNode = new Map<Obj, Entity>();
  const linkedHashes = new Set<Obj>();
  const deferred: Obj[] = [];
  const push = (node: Obj | undefined, e: Entity | undefined): void => {
    if (!e) return;
    out.push(e);
    if (node) byNode.set(node, e);
  };
  for (const o of graph.nodes) {
    switch (typeOf(o)) {
      case 'account':
        push(
          o,
          accountEntity({
            name: firstText(o, 'Name'),
            ntDomain: firstText(o, 'NTDomain'),
            upnSuffix: firstText(o, 'UPNSuffix'),
            sid: firstText(o, 'Sid'),
            aadUserId: firstText(o, 'AadUserId'),
            displayName: firstText(o, 'DisplayName', 'FullName'),
          }),
        );
        break;
      case 'host': {
        const azureId = firstText(o, 'AzureID');
        push(
          o,
          deviceEntity({
            hostName: firstText(o, 'HostName') || (azureId ? parseAzureResourceId(azureId).resourceName : ''),
            dnsDomain: firstText(o, 'DnsDomain'),
            fqdn: firstText(o, 'FQDN'),
            ntDomain: firstText(o, 'NTDomain'),
            netBiosName: firstText(o, 'NetBiosName'),
            deviceId: firstText(o, 'MdatpDeviceId', 'AzureID', 'OMSAgentID'),
            osFamily: firstText(o, 'OSFamily', 'OperatingSystem'),
            osVersion: firstText(o, 'OSVersion'),
          }),
        );
        if (azureId) push(undefined, cloudResourceEntity({ id: azureId }));
        break;
      }
      case 'iotdevice':
        push(
          o,
          deviceEntity({
            hostName: firstText(o, 'DeviceName', 'IoTDeviceId', 'DeviceId'),
            deviceId: firstText(o, 'DeviceId', 'IoTDeviceId'),
          }),
        );
        break;
      case 'ip':
        push(
          o,
          simpleEntity('ip', firstText(o, 'Address'), {
            countryCode: firstText(get(o, 'Location'), 'CountryCode'),
          }),
        );
        break;
      case 'url':
        push(o, simpleEntity('url', firstText(o, 'Url')));
        break;
      case 'azureresource':
        push(o, cloudResourceEntity({ id: firstText(o, 'ResourceId') }));
        break;
      case 'cloudapplication':
        push(
          o,
          simpleEntity('cloudApplication', firstText(o, 'Name', 'AppId', 'InstanceName'), {
            appId: firstText(o, 'AppId'),
          }),
        );
        break;
      case 'dns': {
        const answers = items(get(o, 'IpAddresses'))
          .map((a) => firstText(resolve(a), 'Address'))
          .filter(Boolean);
        push(o, simpleEntity('dnsQuery', firstText(o, 'DomainName'), { answers: answers.join(', ') }));
        break;
      }
      case 'file': {
        let hashes = {};
        for (const h of items(get(o, 'FileHashes'))) {
          const node = resolve(h);
          if (!node) continue;
          linkedHashes.add(node);
          hashes = { ...hashByAlgorithm(firstText(node, 'Algorithm'), firstText(node, 'Value')), ...hashes };
        }
        push(o, fileEntity({ name: firstText(o, 'Name'), directory: firstText(o, 'Directory'), ...hashes }));
        break;
      }
      case 'filehash':
        deferred.push(o);
        break;
      case 'process': {
        const image = resolve(get(o, 'ImageFile'));
        const parent = resolve(get(o, 'ParentProcess'));
        const parentImage = parent ? resolve(get(parent, 'ImageFile')) : undefined;
        const parentPath = parentImage
          ? [firstText(parentImage, 'Directory'), firstText(parentImage, 'Name')]
          : ['', ''];
        push(
          o,
          processEntity({
            imageName: firstText(image, 'Name'),
            imageDirectory: firstText(image, 'Directory'),
            commandLine: firstText(o, 'CommandLine'),
            processId: firstText(o, 'ProcessId'),
            parentProcessId: firstText(parent, 'ProcessId'),
            parentImage: parentPath[1] ? joinPath(parentPath[0] ?? '', parentPath[1]) : '',
            creationTime: firstText(o, 'CreationTimeUtc'),
            hostName: firstText(resolve(get(o, 'Host')), 'HostName'),
            accountName: accountLabel(resolve(get(o, 'Account'))),
          }),
        );
        break;
      }
      case 'registrykey':
        push(o, registryKeyEntity(firstText(o, 'Hive'), firstText(o, 'Key')));
        break;
      case 'registryvalue': {
        const key = resolve(get(o, 'Key'));
        push(
          o,
          registryValueEntity({
            hive: firstText(key, 'Hive'),
            key: key ? firstText(key, 'Key') : firstText(o, 'Key'),
            valueName: firstText(o, 'Name'),
            valueData: firstText(o, 'Value'),
            valueType: firstText(o, 'ValueType'),
          }),
        );
        break;
      }
      case 'mailbox':
        push(
          o,
          simpleEntity('mailbox', firstText(o, 'MailboxPrimaryAddress', 'Upn'), {
            displayName: firstText(o, 'DisplayName'),
            upn: firstText(o, 'Upn'),
            aadUserId: firstText(o, 'AadId', 'ExternalDirectoryObjectId'),
          }),
        );
        break;
      case 'mailmessage':
      case 'submissionmail': {
        push(
          o,
          simpleEntity('mailMessage', firstText(o, 'NetworkMessageId', 'InternetMessageId', 'Subject'), {
            sender: firstText(o, 'Sender', 'P1Sender', 'P2Sender'),
            recipient: firstText(o, 'Recipient'),
            subject: firstText(o, 'Subject'),
            networkMessageId: firstText(o, 'NetworkMessageId'),
            deliveryAction: firstText(o, 'DeliveryAction'),
          }),
        );
        const senderIp = firstText(o, 'SenderIP', 'SenderIp');
        if (senderIp) push(undefined, simpleEntity('ip', senderIp, {}, ['source']));
        for (const u of stringList(get(o, 'Urls'))) push(undefined, simpleEntity('url', u));
        break;
      }
      case 'securitygroup': {
        const dn = firstText(o, 'DistinguishedName');
        push(
          o,
          entity({
            type: 'account',
            value: dn || firstText(o, 'SID', 'ObjectGuid'),
            props: { sid: firstText(o, 'SID'), displayName: dn },
          }),
        );
        break;
      }
      case 'networkconnection':
        deferred.push(o);
        break;
      default:
        break;
    }
  }
  for (const o of deferred) {
    if (typeOf(o) === 'filehash') {
      if (!linkedHashes.has(o))
        push(o, fileEntity(hashByAlgorithm(firstText(o, 'Algorithm'), firstText(o, 'Value'))));
      continue;
    }
    // network-connection: the linked addresses take the roles source / destination.
    for (const [key, role] of [
      ['SourceAddress', 'source'],
      ['DestinationAddress', 'destination'],
    ] as const) {
      const node = resolve(get(o, key));
      if (!node) continue;
      const known = byNode.get(node);
      if (known) addRole(known, role);
      else push(node, simpleEntity('ip', firstText(node, 'Address'), {}, [role]));
    }
  }
  return out;
};

// ---------------------------------------------------------------------------------------------------------
// Columns

type Column = { key: string; isLocal: boolean };

/** Column lookup by name, case-insensitive, ignoring the ` [UTC]` / ` [Local Time]` suffix of portal exports. */
const columnsOf = (
  r: Obj,
): ((name: string) => { value: unknown; key: string; isLocal: boolean } | undefined) => {
  const map = new Map<string, Column>();
  for (const k of Object.keys(r)) {
    const { base, suffix } = splitTimeSuffix(k);
    const low = base.toLowerCase();
    if (!map.has(low)) map.set(low, { key: k, isLocal: suffix === 'local time' });
  }
  return (name) => {
    const c = map.get(name.toLowerCase());
    return c ? { value: field(r, c.key), key: c.key, isLocal: c.isLocal } : undefined;
  };
};

const DISTINCTIVE: readonly (readonly string[])[] = [
  ['systemalertid'],
  ['alertseverity', 'severity'],
  ['displayname', 'alertdisplayname'],
  ['alertname'],
  ['providername'],
  ['vendorname'],
  ['alerttype'],
  ['entities'],
  ['extendedproperties'],
  ['compromisedentity'],
  ['timegenerated'],
  ['starttime', 'starttimeutc'],
  ['endtime', 'endtimeutc'],
  ['workspacesubscriptionid'],
  ['isincident'],
  ['confidencelevel'],
];

const detect = (sample: DetectSample): number => {
  const keys = sampleKeys(sample);
  const score = keyScore(keys, DISTINCTIVE);
  if (!keys.has('systemalertid')) return score >= 0.5 ? 0.3 * score : 0;
  return Math.min(0.99, 0.5 + 0.5 * score);
};

const normalize = (record: SourceRecord, ctx: AdapterContext): AdapterResult => {
  const r = record.value;
  if (!isObj(r)) return reject('', 'not a SecurityAlert row (expected an object)');
  const col = columnsOf(r);
  const first = (...names: string[]): { value: unknown; key: string; isLocal: boolean } | undefined => {
    for (const n of names) {
      const c = col(n);
      if (c && !isBlank(c.value)) return c;
    }
    return undefined;
  };
  const textOf = (...names: string[]): string => text(first(...names)?.value);

  const sev = first('AlertSeverity', 'Severity');
  const severity = severityOf(sev?.value);
  if (!severity.ok) return reject(sev?.key ?? 'AlertSeverity', severity.reason);

  // Times: the activity start is required; later times are used when they parse.
  const start = first('StartTime', 'StartTimeUtc', 'TimeGenerated', 'ProcessingEndTime');
  if (!start) return reject('StartTime', 'missing: no StartTime, StartTimeUtc or TimeGenerated');
  const zoneFor = (c: { isLocal: boolean }): [string, boolean] =>
    c.isLocal ? [ctx.defaultZone, false] : ['UTC', true];
  const startTime = timeOf(start.value, ...zoneFor(start));
  if (!startTime.ok) return reject(start.key, startTime.reason);
  const optionalTime = (...names: string[]): number | undefined => {
    const c = first(...names);
    if (!c) return undefined;
    const t = timeOf(c.value, ...zoneFor(c));
    return t.ok ? t.ms : undefined;
  };
  const end = optionalTime('EndTime', 'EndTimeUtc');
  const generated = optionalTime('TimeGenerated', 'ProcessingEndTime');

  // Entities: JSON text (CSV, Log Analytics JSON) or an already parsed array.
  const rawEntities = first('Entities')?.value;
  let entityList: unknown = [];
  if (typeof rawEntities === 'string') {
    const parsed = parseEmbeddedJson(rawEntities.trim());
    if (parsed.ok) entityList = parsed.value;
  } else if (Array.isArray(rawEntities)) entityList = rawEntities;
  const entities = mapSentinelEntities(entityList);
  // ResourceId is the affected Azure resource (a VM, a SQL server); a Log Analytics workspace id would link every
  // alert of the workspace, so it is not an entity.
  const resourceId = textOf('ResourceId');
  if (
    resourceId &&
    parseAzureResourceId(resourceId).resourceType.toLowerCase() !== 'microsoft.operationalinsights/workspaces'
  ) {
    entities.push(cloudResourceEntity({ id: resourceId }));
  }
  const compromised = textOf('CompromisedEntity');
  if (compromised) markCompromised(entities, compromised);

  const input: AlertInput = {
    source: 'sentinel',
    product: textOf('ProductName') || textOf('ProviderName') || textOf('VendorName') || 'Microsoft Sentinel',
    sourceAlertId: textOf('SystemAlertId'),
    detectorId: textOf('AlertType'),
    title: textOf('DisplayName', 'AlertDisplayName', 'AlertName'),
    description: textOf('Description'),
    severity: severity.severity,
    status: parseAlertStatus(textOf('Status')) ?? 'new',
    firstActivity: startTime.ms,
    tactics: tacticNames(first('Tactics')?.value),
    techniques: [...stringList(first('Techniques')?.value), ...stringList(first('SubTechniques')?.value)],
    remediation: remediationOf(first('RemediationSteps')?.value),
    entities,
  };
  return singleAlert(
    input,
    { start: startTime, startValue: start.value, last: end, detected: generated },
    record,
    ctx,
  );
};

export const sentinelAdapter: SourceAdapter = {
  name: 'sentinel',
  label: 'Microsoft Sentinel SecurityAlert (CSV or JSON export)',
  containers: ['csv', 'json-array', 'ndjson', 'json-object'],
  detect,
  normalize,
};
