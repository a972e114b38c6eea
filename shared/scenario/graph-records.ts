// Builders for Microsoft Graph security alerts_v2 objects and their evidence, in the shape of the documented
// example (../shared/samples/graph-alerts-v2-docs-example.json). Only plain JSON values.
import type { OrgHost, OrgUser } from './org';
import { NT_DOMAIN, TENANT_ID } from './org';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

// Evidence repeats the alert's times many times over; a small memo saves most Date formatting.
const isoMemo = new Map<number, string>();
export const iso = (ms: number): string => {
  let s = isoMemo.get(ms);
  if (s === undefined) {
    s = new Date(ms).toISOString();
    if (isoMemo.size > 4096) isoMemo.clear();
    isoMemo.set(ms, s);
  }
  return s;
};

export type GraphDetection = {
  title: string;
  description: string;
  category: string;
  techniques: readonly string[];
  severity: 'informational' | 'low' | 'medium' | 'high';
  serviceSource: string;
  detectionSource: string;
  recommendedActions: string;
  threatFamilyName?: string;
};

type EvidenceBase = { created: number; roles?: readonly string[]; verdict?: string; detailedRoles?: readonly string[] };

const base = (type: string, e: EvidenceBase): JsonObject => ({
  '@odata.type': `#microsoft.graph.security.${type}`,
  createdDateTime: iso(e.created),
  verdict: e.verdict ?? 'unknown',
  remediationStatus: 'none',
  remediationStatusDetails: null,
  roles: [...(e.roles ?? [])],
  detailedRoles: [...(e.detailedRoles ?? [])],
  tags: [],
});

/** How a source names the device: MDE gives the FQDN, identity alerts often the upper-case NetBIOS name. */
export const deviceEvidence = (host: OrgHost, e: EvidenceBase & { nameStyle?: 'fqdn' | 'netbios' }): JsonObject => ({
  ...base('deviceEvidence', e),
  firstSeenDateTime: iso(e.created - 86_400_000 * 200),
  mdeDeviceId: host.mdeDeviceId,
  azureAdDeviceId: null,
  deviceDnsName: e.nameStyle === 'netbios' ? host.name : host.fqdn,
  osPlatform: host.os,
  osBuild: host.os === 'Windows11' ? 22631 : host.os === 'Windows10' ? 19045 : host.os === 'WindowsServer2022' ? 20348 : 17763,
  version: host.os.startsWith('WindowsServer') ? host.os.slice(13) : host.os === 'Windows11' ? '23H2' : '22H2',
  healthStatus: 'active',
  riskScore: e.verdict === 'malicious' ? 'high' : 'medium',
  rbacGroupId: host.os.startsWith('WindowsServer') ? 12 : 7,
  rbacGroupName: host.os.startsWith('WindowsServer') ? 'Servers' : 'Workstations',
  onboardingStatus: 'onboarded',
  defenderAvStatus: 'updated',
  ipInterfaces: [host.ip],
  loggedOnUsers: [],
  vmMetadata: null,
});

export type AccountForm = 'full' | 'upn' | 'sam';

/** Graph userAccount object; `form` controls which identifiers the source filled (they vary by product). */
export const userAccount = (u: OrgUser, form: AccountForm): JsonObject => ({
  accountName: form === 'upn' ? u.upn.split('@')[0] ?? u.sam : u.sam,
  domainName: form === 'upn' ? null : NT_DOMAIN,
  userSid: form === 'upn' ? null : u.sid,
  azureAdUserId: form === 'sam' ? null : u.aadUserId,
  userPrincipalName: form === 'sam' ? null : u.upn,
  displayName: u.displayName,
});

export const SYSTEM_ACCOUNT: JsonObject = {
  accountName: 'SYSTEM',
  domainName: 'NT AUTHORITY',
  userSid: 'S-1-5-18',
  azureAdUserId: null,
  userPrincipalName: null,
  displayName: 'System',
};

export const userEvidence = (u: OrgUser, e: EvidenceBase & { form?: AccountForm }): JsonObject => ({
  ...base('userEvidence', e),
  userAccount: userAccount(u, e.form ?? 'full'),
});

export const ipEvidence = (ip: string, e: EvidenceBase & { countryLetterCode?: string }): JsonObject => ({
  ...base('ipEvidence', e),
  ipAddress: ip,
  countryLetterCode: e.countryLetterCode ?? null,
});

export const urlEvidence = (url: string, e: EvidenceBase): JsonObject => ({ ...base('urlEvidence', e), url });

export type FileInfo = { fileName: string; filePath: string; sha1: string; sha256: string; size: number; publisher?: string };

const fileDetails = (f: FileInfo): JsonObject => ({
  sha1: f.sha1,
  sha256: f.sha256,
  fileName: f.fileName,
  filePath: f.filePath,
  fileSize: f.size,
  filePublisher: f.publisher ?? null,
  signer: f.publisher ?? null,
  issuer: f.publisher ? 'Microsoft Windows Production PCA 2011' : null,
});

export const fileEvidence = (f: FileInfo, host: OrgHost, e: EvidenceBase): JsonObject => ({
  ...base('fileEvidence', e),
  detectionStatus: e.verdict === 'malicious' ? 'detected' : 'detected',
  mdeDeviceId: host.mdeDeviceId,
  fileDetails: fileDetails(f),
});

export const processEvidence = (
  p: { image: FileInfo; parent?: FileInfo; commandLine: string; pid: number; parentPid: number; account: JsonObject; started: number },
  host: OrgHost,
  e: EvidenceBase,
): JsonObject => ({
  ...base('processEvidence', e),
  processId: p.pid,
  parentProcessId: p.parentPid,
  processCommandLine: p.commandLine,
  processCreationDateTime: iso(p.started),
  parentProcessCreationDateTime: iso(p.started - 3_600_000),
  detectionStatus: 'detected',
  mdeDeviceId: host.mdeDeviceId,
  imageFile: fileDetails(p.image),
  parentProcessImageFile: p.parent ? fileDetails(p.parent) : null,
  userAccount: p.account,
});

export const registryKeyEvidence = (key: string, hive: string, e: EvidenceBase): JsonObject => ({
  ...base('registryKeyEvidence', e),
  registryKey: key,
  registryHive: hive,
});

export const mailboxEvidence = (u: OrgUser, e: EvidenceBase): JsonObject => ({
  ...base('mailboxEvidence', e),
  displayName: u.displayName,
  primaryAddress: u.upn,
  userAccount: userAccount(u, 'upn'),
});

export const analyzedMessageEvidence = (
  m: { sender: string; senderIp: string; recipient: string; subject: string; networkMessageId: string; urls: readonly string[]; attachments: number; received: number; deliveryAction: string },
  e: EvidenceBase,
): JsonObject => ({
  ...base('analyzedMessageEvidence', e),
  antiSpamDirection: 'inbound',
  attachmentsCount: m.attachments,
  deliveryAction: m.deliveryAction,
  deliveryLocation: m.deliveryAction === 'delivered' ? 'inbox' : 'quarantine',
  internetMessageId: `<${m.networkMessageId.slice(0, 8)}.${m.networkMessageId.slice(9, 13)}@${m.sender.split('@')[1] ?? 'mail'}>`,
  language: 'en',
  networkMessageId: m.networkMessageId,
  p1Sender: { emailAddress: m.sender, displayName: null, domainName: m.sender.split('@')[1] ?? null },
  p2Sender: { emailAddress: m.sender, displayName: null, domainName: m.sender.split('@')[1] ?? null },
  receivedDateTime: iso(m.received),
  recipientEmailAddress: m.recipient,
  senderIp: m.senderIp,
  subject: m.subject,
  threatDetectionMethods: ['urlDetonationReputation'],
  threats: ['Phish'],
  urlCount: m.urls.length,
  urls: [...m.urls],
  urn: `urn:MailEntity:${m.networkMessageId.replace(/-/g, '')}`,
});

const ID_PREFIX: Readonly<Record<string, string>> = {
  microsoftDefenderForEndpoint: 'da',
  microsoftDefenderForOffice365: 'fa',
  microsoftDefenderForIdentity: 'aa',
  azureAdIdentityProtection: 'ad',
  microsoftDefenderForCloudApps: 'ca',
};

/** A Graph alert id in the product's style (MDE: da<ticks>_<int>; others: prefix + GUID). */
export const graphAlertId = (serviceSource: string, created: number, next: () => number): string => {
  const prefix = ID_PREFIX[serviceSource] ?? 'xa';
  // .NET ticks of the creation time, as Defender for Endpoint writes them.
  if (prefix === 'da') return `da${String(621355968000000000n + BigInt(created) * 10000n + BigInt(next() % 10000))}_${(next() | 0) % 2147483647}`;
  const h = (): string => (next() >>> 0).toString(16).padStart(8, '0');
  const g = `${h()}-${h().slice(0, 4)}-${h().slice(0, 4)}-${h().slice(0, 4)}-${h()}${h().slice(0, 4)}`;
  return `${prefix}${g}`;
};

export const graphAlert = (a: {
  id: string;
  detection: GraphDetection;
  detectorId: string;
  first: number;
  last: number;
  created: number;
  status?: 'new' | 'inProgress' | 'resolved';
  classification?: string;
  determination?: string;
  evidence: JsonObject[];
  threatDisplayName?: string;
}): JsonObject => ({
  '@odata.type': '#microsoft.graph.security.alert',
  id: a.id,
  providerAlertId: a.id,
  // Defender's own grouping is left out on purpose: it would hand the correlator the answer.
  incidentId: null,
  status: a.status ?? 'new',
  severity: a.detection.severity,
  classification: a.classification ?? 'unknown',
  determination: a.determination ?? 'unknown',
  serviceSource: a.detection.serviceSource,
  detectionSource: a.detection.detectionSource,
  detectorId: a.detectorId,
  tenantId: TENANT_ID,
  title: a.detection.title,
  description: a.detection.description,
  recommendedActions: a.detection.recommendedActions,
  category: a.detection.category,
  assignedTo: null,
  alertWebUrl: `https://security.microsoft.com/alerts/${a.id}?tid=${TENANT_ID}`,
  incidentWebUrl: null,
  actorDisplayName: null,
  threatDisplayName: a.threatDisplayName ?? null,
  threatFamilyName: a.detection.threatFamilyName ?? null,
  mitreTechniques: [...a.detection.techniques],
  createdDateTime: iso(a.created),
  lastUpdateDateTime: iso(a.created + 60_000),
  resolvedDateTime: a.status === 'resolved' ? iso(a.created + 3_600_000) : null,
  firstActivityDateTime: iso(a.first),
  lastActivityDateTime: iso(a.last),
  comments: [],
  evidence: a.evidence,
  systemTags: [],
});
