// Microsoft Graph security `alerts_v2` (GET /security/alerts_v2): one alert per record (the reader unwraps the
// `{ "value": [...] }` page). Evidence is typed by `@odata.type`; each evidence carries `roles` and `verdict`.
//
// Choices (see the tests):
// - product: serviceSource mapped to the product's display name (unknown values kept as written).
// - recommendedActions (free text) is split into steps on line breaks, bullets removed.
// - A device's loggedOnUsers become accounts with role `contextual`; its VM resource id (vmMetadata) becomes a
//   cloudResource with role `contextual`; its ipInterfaces are not entities (DHCP/private addresses would link
//   unrelated alerts).
// - A process's image file becomes a file entity too (hashes live on files), and its userAccount an account.
// - mailClusterEvidence, logon sessions/requests, NICs, GitHub and AD-domain evidence add no entity.
import type { Entity, EntityRole, Verdict } from '#shared/model/index';
import { parseAlertStatus, parseClassification, parseDetermination } from '#shared/model/index';
import type { AlertInput } from '#shared/ingest/alert-builder';
import { entity } from '#shared/ingest/alert-builder';
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
  cloudResourceEntity,
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
  rolesOf,
  sampleKeys,
  sampleObjects,
  severityOf,
  simpleEntity,
  singleAlert,
  splitSteps,
  startTimeOf,
  stringList,
  tacticNames,
  text,
  verdictOf,
} from './ms-common';

/** Graph `serviceSource` → product display name. */
export const GRAPH_SERVICE_SOURCES: Readonly<Record<string, string>> = {
  microsoftdefenderforendpoint: 'Microsoft Defender for Endpoint',
  microsoftdefenderforidentity: 'Microsoft Defender for Identity',
  microsoftdefenderforcloudapps: 'Microsoft Defender for Cloud Apps',
  microsoftdefenderforoffice365: 'Microsoft Defender for Office 365',
  microsoft365defender: 'Microsoft Defender XDR',
  azureadidentityprotection: 'Microsoft Entra ID Protection',
  microsoftappgovernance: 'Microsoft Defender for Cloud Apps app governance',
  datalossprevention: 'Microsoft Purview Data Loss Prevention',
  microsoftdefenderforcloud: 'Microsoft Defender for Cloud',
  microsoftsentinel: 'Microsoft Sentinel',
  microsoftinsiderriskmanagement: 'Microsoft Purview Insider Risk Management',
};

const productOf = (serviceSource: string): string => {
  const known = GRAPH_SERVICE_SOURCES[serviceSource.toLowerCase()];
  if (known) return known;
  return serviceSource && !/^unknown/i.test(serviceSource) ? serviceSource : 'Microsoft Defender XDR';
};

/** `#microsoft.graph.security.deviceEvidence` → `deviceEvidence`. */
const evidenceType = (ev: unknown): string => {
  const t = text(get(ev, '@odata.type'));
  return t.slice(t.lastIndexOf('.') + 1);
};

/** Graph `userAccount` → account entity. */
const userAccount = (ua: unknown, roles: EntityRole[] = [], verdict?: Verdict): Entity | undefined => {
  if (!isObj(ua)) return undefined;
  const input: Parameters<typeof accountEntity>[0] = {
    name: firstText(ua, 'accountName'),
    ntDomain: firstText(ua, 'domainName'),
    sid: firstText(ua, 'userSid'),
    aadUserId: firstText(ua, 'azureAdUserId'),
    upn: firstText(ua, 'userPrincipalName'),
    displayName: firstText(ua, 'displayName'),
    roles,
  };
  if (verdict) input.verdict = verdict;
  return accountEntity(input);
};

/** Graph `fileDetails` → file entity. `filePath` is the folder (a full path ending in the name is accepted too). */
const fileDetails = (fd: unknown, roles: EntityRole[] = [], verdict?: Verdict): Entity | undefined => {
  if (!isObj(fd)) return undefined;
  const name = firstText(fd, 'fileName');
  const where = firstText(fd, 'filePath');
  const isFull = !!name && baseName(where).toLowerCase() === name.toLowerCase();
  const input: Parameters<typeof fileEntity>[0] = {
    name,
    ...(isFull ? { path: where } : { directory: where }),
    sha1: firstText(fd, 'sha1'),
    sha256: firstText(fd, 'sha256'),
    md5: firstText(fd, 'md5'),
    size: firstText(fd, 'fileSize'),
    roles,
  };
  if (verdict) input.verdict = verdict;
  return fileEntity(input);
};

const fullPath = (fd: unknown): string => {
  const name = firstText(fd, 'fileName');
  const where = firstText(fd, 'filePath');
  if (!where) return name;
  if (baseName(where).toLowerCase() === name.toLowerCase()) return where;
  return name ? joinPath(where, name) : where;
};

/** The folder of a Graph fileDetails (its filePath, or the folder part of a full path). */
const folderOf = (fd: unknown): string => {
  const name = firstText(fd, 'fileName');
  const where = firstText(fd, 'filePath');
  if (!name || baseName(where).toLowerCase() !== name.toLowerCase()) return where;
  const i = Math.max(where.lastIndexOf('\\'), where.lastIndexOf('/'));
  return i > 0 ? where.slice(0, i) : '';
};

const ipOf = (ev: unknown): string => firstText(ev, 'ipAddress');

/** The entities one Graph evidence item yields (usually one; a process also yields its image file and user). */
export const graphEvidenceEntities = (ev: unknown): (Entity | undefined)[] => {
  if (!isObj(ev)) return [];
  const roles = rolesOf(get(ev, 'roles'));
  const verdict = verdictOf(get(ev, 'verdict'));
  const withVerdict = (e: Entity | undefined): Entity | undefined => {
    if (e && verdict && !e.verdict) e.verdict = verdict;
    return e;
  };
  const type = evidenceType(ev);
  const kind = type.toLowerCase();
  switch (kind) {
    case 'deviceevidence': {
      const out: (Entity | undefined)[] = [
        withVerdict(
          deviceEntity({
            hostName: firstText(ev, 'deviceDnsName', 'hostName', 'netBiosName'),
            dnsDomain: firstText(ev, 'dnsDomain'),
            ntDomain: firstText(ev, 'ntDomain'),
            deviceId: firstText(ev, 'mdeDeviceId', 'azureAdDeviceId'),
            osFamily: firstText(ev, 'osPlatform'),
            osVersion: firstText(ev, 'osBuild', 'version'),
            roles,
          }),
        ),
      ];
      for (const u of items(get(ev, 'loggedOnUsers'))) {
        out.push(
          accountEntity({
            name: firstText(u, 'accountName'),
            ntDomain: firstText(u, 'domainName'),
            roles: ['contextual'],
          }),
        );
      }
      const vm = firstText(get(ev, 'vmMetadata'), 'resourceId');
      if (vm) out.push(cloudResourceEntity({ id: vm, roles: ['contextual'] }));
      return out;
    }
    case 'userevidence':
      return [userAccount(get(ev, 'userAccount'), roles, verdict)];
    case 'ipevidence':
      return [
        withVerdict(simpleEntity('ip', ipOf(ev), { countryCode: firstText(ev, 'countryLetterCode') }, roles)),
      ];
    case 'urlevidence':
      return [withVerdict(simpleEntity('url', firstText(ev, 'url'), {}, roles))];
    case 'fileevidence':
      return [fileDetails(get(ev, 'fileDetails'), roles, verdict)];
    case 'filehashevidence': {
      const algo = firstText(ev, 'algorithm').toLowerCase();
      const value = firstText(ev, 'value');
      return [
        withVerdict(
          fileEntity({
            ...(algo === 'md5' ? { md5: value } : algo === 'sha1' ? { sha1: value } : { sha256: value }),
            roles,
          }),
        ),
      ];
    }
    case 'processevidence': {
      const image = get(ev, 'imageFile');
      const parentImage = get(ev, 'parentProcessImageFile');
      const ua = get(ev, 'userAccount');
      const uaName = firstText(ua, 'accountName');
      const uaDomain = firstText(ua, 'domainName');
      return [
        withVerdict(
          processEntity({
            imageName: firstText(image, 'fileName'),
            imageDirectory: folderOf(image),
            commandLine: firstText(ev, 'processCommandLine'),
            processId: firstText(ev, 'processId'),
            parentProcessId: firstText(ev, 'parentProcessId'),
            parentImage: isObj(parentImage) ? fullPath(parentImage) : '',
            creationTime: firstText(ev, 'processCreationDateTime'),
            accountName: uaName && uaDomain ? `${uaDomain}\\${uaName}` : uaName,
            roles,
          }),
        ),
        fileDetails(image),
        userAccount(ua),
      ];
    }
    case 'registrykeyevidence':
      return [registryKeyEntity(firstText(ev, 'registryHive'), firstText(ev, 'registryKey'), roles, verdict)];
    case 'registryvalueevidence': {
      const input: Parameters<typeof registryValueEntity>[0] = {
        hive: firstText(ev, 'registryHive'),
        key: firstText(ev, 'registryKey'),
        valueName: firstText(ev, 'registryValueName'),
        valueData: firstText(ev, 'registryValue'),
        valueType: firstText(ev, 'registryValueType'),
        roles,
      };
      if (verdict) input.verdict = verdict;
      return [registryValueEntity(input)];
    }
    case 'mailboxevidence':
      return [
        withVerdict(
          simpleEntity(
            'mailbox',
            firstText(ev, 'primaryAddress', 'upn'),
            { displayName: firstText(ev, 'displayName'), upn: firstText(ev, 'upn') },
            roles,
          ),
        ),
        userAccount(get(ev, 'userAccount')),
      ];
    case 'analyzedmessageevidence':
    case 'submissionmailevidence': {
      const p1 = get(ev, 'p1Sender');
      const p2 = get(ev, 'p2Sender');
      const out: (Entity | undefined)[] = [
        withVerdict(
          simpleEntity(
            'mailMessage',
            firstText(ev, 'networkMessageId', 'internetMessageId', 'subject'),
            {
              sender:
                firstText(ev, 'sender') || firstText(p1, 'emailAddress') || firstText(p2, 'emailAddress'),
              recipient: firstText(ev, 'recipientEmailAddress', 'recipient'),
              subject: firstText(ev, 'subject'),
              networkMessageId: firstText(ev, 'networkMessageId'),
              deliveryAction: firstText(ev, 'deliveryAction'),
            },
            roles,
          ),
        ),
      ];
      const senderIp = firstText(ev, 'senderIp');
      if (senderIp) out.push(simpleEntity('ip', senderIp, {}, ['source']));
      for (const u of stringList(get(ev, 'urls'))) out.push(simpleEntity('url', u));
      return out;
    }
    case 'cloudapplicationevidence':
    case 'oauthapplicationevidence':
    case 'serviceprincipalevidence':
      return [
        withVerdict(
          simpleEntity(
            'cloudApplication',
            firstText(ev, 'displayName', 'servicePrincipalName', 'instanceName', 'appId'),
            { appId: firstText(ev, 'appId', 'saasAppId') },
            roles,
          ),
        ),
      ];
    case 'azureresourceevidence':
      return [
        withVerdict(
          cloudResourceEntity({
            id: firstText(ev, 'resourceId'),
            resourceType: firstText(ev, 'resourceType'),
            resourceName: firstText(ev, 'resourceName'),
            roles,
          }),
        ),
      ];
    case 'amazonresourceevidence':
      return [
        withVerdict(
          cloudResourceEntity({
            id: firstText(ev, 'amazonResourceId', 'resourceName'),
            resourceType: firstText(ev, 'resourceType'),
            resourceName: firstText(ev, 'resourceName'),
            roles,
          }),
        ),
      ];
    case 'googlecloudresourceevidence':
      return [
        withVerdict(
          cloudResourceEntity({
            id: firstText(ev, 'fullResourceName', 'resourceName'),
            resourceType: firstText(ev, 'resourceType'),
            resourceName: firstText(ev, 'resourceName'),
            roles,
          }),
        ),
      ];
    case 'blobevidence':
    case 'blobcontainerevidence':
    case 'containerevidence':
    case 'containerimageevidence':
    case 'containerregistryevidence':
    case 'kubernetesclusterevidence':
    case 'kubernetescontrollerevidence':
    case 'kubernetesnamespaceevidence':
    case 'kubernetespodevidence':
    case 'kubernetessecretevidence':
    case 'kubernetesserviceaccountevidence':
    case 'kubernetesserviceevidence': {
      const name = firstText(ev, 'name', 'containerId', 'imageId', 'registry', 'url');
      const ns =
        firstText(get(ev, 'namespace'), 'name') ||
        (typeof get(ev, 'namespace') === 'string' ? text(get(ev, 'namespace')) : '');
      const id =
        firstText(ev, 'url', 'containerId', 'imageId', 'digestImage', 'registry') ||
        (ns && name ? `${ns}/${name}` : name);
      return [
        withVerdict(
          cloudResourceEntity({
            id,
            resourceType: type.replace(/Evidence$/i, ''),
            resourceName: name,
            roles,
          }),
        ),
      ];
    }
    case 'dnsevidence': {
      const answers = items(get(ev, 'ipAddresses')).map(ipOf).filter(Boolean);
      return [
        withVerdict(
          simpleEntity('dnsQuery', firstText(ev, 'domainName'), { answers: answers.join(', ') }, roles),
        ),
      ];
    }
    case 'securitygroupevidence': {
      const name = firstText(ev, 'displayName');
      return [
        withVerdict(
          entity({
            type: 'account',
            value: name || firstText(ev, 'securityGroupId'),
            roles,
            props: { displayName: name },
          }),
        ),
      ];
    }
    case 'networkconnectionevidence':
      return [
        simpleEntity('ip', ipOf(get(ev, 'sourceAddress')), { port: firstText(ev, 'sourcePort') }, ['source']),
        simpleEntity('ip', ipOf(get(ev, 'destinationAddress')), { port: firstText(ev, 'destinationPort') }, [
          'destination',
        ]),
      ];
    case 'iotdeviceevidence':
      return [
        withVerdict(
          deviceEntity({
            hostName: firstText(ev, 'deviceName', 'ioTHub', 'deviceId'),
            deviceId: firstText(ev, 'deviceId'),
            roles,
          }),
        ),
      ];
    default:
      return [];
  }
};

const GRAPH_KEYS: readonly (readonly string[])[] = [
  ['servicesource'],
  ['detectionsource'],
  ['provideralertid'],
  ['firstactivitydatetime'],
  ['lastactivitydatetime'],
  ['createddatetime'],
  ['alertweburl'],
  ['incidentweburl'],
  ['mitretechniques'],
  ['detectorid'],
  ['recommendedactions'],
  ['evidence'],
];

const detect = (sample: DetectSample): number => {
  const objects = sampleObjects(sample);
  if (objects.some((o) => text(get(o, '@odata.type')).toLowerCase() === '#microsoft.graph.security.alert'))
    return 0.99;
  const keys = sampleKeys(sample);
  // The legacy Defender for Endpoint API has its own distinctive keys; those records are not Graph.
  if (keys.has('machineid') || keys.has('alertcreationtime') || keys.has('computerdnsname')) return 0;
  const typedEvidence = objects.some((o) =>
    items(get(o, 'evidence')).some((e) =>
      text(get(e, '@odata.type')).startsWith('#microsoft.graph.security.'),
    ),
  );
  const score = keyScore(keys, GRAPH_KEYS);
  if (!keys.has('servicesource') && !typedEvidence) return score >= 0.5 ? 0.3 * score : 0;
  return Math.min(0.97, 0.5 + 0.4 * score + (typedEvidence ? 0.1 : 0));
};

const normalize = (record: SourceRecord, ctx: AdapterContext): AdapterResult => {
  const r = record.value;
  if (!isObj(r)) return reject('', 'not a Graph alert (expected an object)');
  const severity = severityOf(get(r, 'severity'));
  if (!severity.ok) return reject('severity', severity.reason);

  const first = startTimeOf(
    (k) => get(r, k),
    ['firstActivityDateTime', 'createdDateTime', 'lastActivityDateTime'],
    ctx.defaultZone,
  );
  if (!first) return reject('firstActivityDateTime', 'missing: no firstActivityDateTime or createdDateTime');
  const start = first.time;
  if (!start.ok) return reject(first.key, start.reason);
  const optional = (k: string): number | undefined => optionalTimeOf(get(r, k), ctx.defaultZone);

  const entities: (Entity | undefined)[] = [];
  for (const ev of items(get(r, 'evidence'))) entities.push(...graphEvidenceEntities(ev));

  const input: AlertInput = {
    source: 'graph',
    product: productOf(firstText(r, 'serviceSource')),
    sourceAlertId: firstText(r, 'id', 'providerAlertId'),
    detectorId: firstText(r, 'detectorId'),
    title: firstText(r, 'title'),
    description: firstText(r, 'description'),
    severity: severity.severity,
    status: parseAlertStatus(firstText(r, 'status')) ?? 'new',
    classification: parseClassification(firstText(r, 'classification')) ?? 'unknown',
    determination: parseDetermination(firstText(r, 'determination')) ?? 'unknown',
    firstActivity: start.ms,
    tactics: tacticNames(get(r, 'category')),
    techniques: stringList(get(r, 'mitreTechniques')),
    remediation: splitSteps(get(r, 'recommendedActions')),
    entities,
  };
  const last = optional('lastActivityDateTime');
  const detected = optional('createdDateTime');
  return singleAlert(input, { start, startValue: first.value, last, detected }, record, ctx);
};

export const graphAdapter: SourceAdapter = {
  name: 'graph',
  label: 'Microsoft Graph security alerts (alerts_v2)',
  containers: ['json-array', 'json-object', 'ndjson'],
  detect,
  normalize,
};
