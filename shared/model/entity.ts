import type { EntityRole, EntityType, Verdict } from './enums';

/**
 * Properties an entity may carry. Adapters fill only what their source says; keys are ours (never copied from
 * the record), so attacker-written keys such as `__proto__` cannot reach an object here.
 * Conventions per type (the `value` field is the primary display/identity value):
 * - device: value = host name as given; hostName (short), dnsDomain, fqdn, ntDomain, deviceId, osFamily, osVersion
 * - account: value = as given; accountName, ntDomain, upnSuffix, upn, sid, aadUserId, displayName
 * - ip: value = address; port, countryCode
 * - url: value = url; domain: value = domain name
 * - file: value = file name; filePath, directory, md5, sha1, sha256, size
 * - process: value = image name; imagePath, commandLine, processId, parentProcessId, parentImage, creationTime, hostName, accountName
 * - mailbox: value = primary address; displayName
 * - mailMessage: value = network message id or subject; sender, recipient, subject, networkMessageId, deliveryAction
 * - cloudResource: value = resource id; resourceType, resourceName
 * - cloudApplication: value = app name; appId
 * - registryKey: value = key; hive; registryValue: value = key\valueName; valueName, valueData, valueType
 * - dnsQuery: value = queried name; answers, recordType
 */
export type EntityProps = Partial<
  Record<
    | 'hostName'
    | 'dnsDomain'
    | 'fqdn'
    | 'ntDomain'
    | 'deviceId'
    | 'osFamily'
    | 'osVersion'
    | 'accountName'
    | 'upnSuffix'
    | 'upn'
    | 'sid'
    | 'aadUserId'
    | 'displayName'
    | 'port'
    | 'countryCode'
    | 'filePath'
    | 'directory'
    | 'md5'
    | 'sha1'
    | 'sha256'
    | 'size'
    | 'imagePath'
    | 'commandLine'
    | 'processId'
    | 'parentProcessId'
    | 'parentImage'
    | 'creationTime'
    | 'sender'
    | 'recipient'
    | 'subject'
    | 'networkMessageId'
    | 'deliveryAction'
    | 'resourceType'
    | 'resourceName'
    | 'appId'
    | 'hive'
    | 'valueName'
    | 'valueData'
    | 'valueType'
    | 'answers'
    | 'recordType'
    | 'protocol',
    string
  >
>;

export type Entity = {
  type: EntityType;
  /** Primary value as the source wrote it (display); identity keys are derived in shared/correlate. */
  value: string;
  roles: EntityRole[];
  verdict?: Verdict;
  props: EntityProps;
};

export const ENTITY_TYPE_LABELS: Readonly<Record<Entity['type'], string>> = {
  device: 'Device',
  account: 'User account',
  ip: 'IP address',
  url: 'URL',
  domain: 'Domain',
  file: 'File',
  process: 'Process',
  mailbox: 'Mailbox',
  mailMessage: 'Email message',
  cloudResource: 'Cloud resource',
  cloudApplication: 'Cloud application',
  registryKey: 'Registry key',
  registryValue: 'Registry value',
  dnsQuery: 'DNS query',
};
