// Vocabularies shared by every layer. Values follow Microsoft Graph security where one exists
// (see ../shared/DOMAIN-NOTES.md); `critical` is added because Sigma, Elastic and Wazuh use it.

export const SEVERITIES = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
/** Numeric rank for sorting and "highest of" (informational = 0 ... critical = 4). */
export const severityRank = (s: Severity): number => SEVERITIES.indexOf(s);
export const maxSeverity = (a: Severity, b: Severity): Severity => (severityRank(a) >= severityRank(b) ? a : b);

/** Alerts are never "active"; incidents never "new" (Defender uses different words for each). */
export const ALERT_STATUSES = ['new', 'inProgress', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export const INCIDENT_STATUSES = ['active', 'inProgress', 'resolved', 'redirected'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const CLASSIFICATIONS = ['unknown', 'truePositive', 'falsePositive', 'informationalExpectedActivity'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

export const DETERMINATIONS = [
  'apt',
  'malware',
  'securityPersonnel',
  'securityTesting',
  'unwantedSoftware',
  'multiStagedAttack',
  'compromisedAccount',
  'phishing',
  'maliciousUserActivity',
  'notMalicious',
  'notEnoughDataToValidate',
  'confirmedActivity',
  'lineOfBusinessApplication',
  'other',
  'unknown',
] as const;
export type Determination = (typeof DETERMINATIONS)[number];

/** Graph determination names differ between doc revisions: accept both spellings on import. */
const DETERMINATION_ALIASES: Readonly<Record<string, Determination>> = {
  compromiseduser: 'compromisedAccount',
  clean: 'notMalicious',
  insufficientdata: 'notEnoughDataToValidate',
  confirmeduseractivity: 'confirmedActivity',
  multistageattack: 'multiStagedAttack',
};

const lowerMap = <T extends string>(values: readonly T[]): Map<string, T> =>
  new Map(values.map((v) => [v.toLowerCase(), v]));
const SEVERITY_LOOKUP = lowerMap(SEVERITIES);
const CLASSIFICATION_LOOKUP = lowerMap(CLASSIFICATIONS);
const DETERMINATION_LOOKUP = lowerMap(DETERMINATIONS);
const ALERT_STATUS_LOOKUP = lowerMap(ALERT_STATUSES);

export const parseSeverity = (value: unknown): Severity | undefined => {
  if (typeof value !== 'string') return undefined;
  const v = value.trim().toLowerCase();
  if (v === 'info' || v === 'informational' || v === 'information') return 'informational';
  if (v === 'crit') return 'critical';
  if (v === 'med') return 'medium';
  return SEVERITY_LOOKUP.get(v);
};

export const parseClassification = (value: unknown): Classification | undefined => {
  if (typeof value !== 'string') return undefined;
  const v = value.trim().toLowerCase();
  if (v === 'benignpositive') return 'informationalExpectedActivity';
  if (v === 'undetermined' || v === 'notset' || v === '') return 'unknown';
  return CLASSIFICATION_LOOKUP.get(v);
};

export const parseDetermination = (value: unknown): Determination | undefined => {
  if (typeof value !== 'string') return undefined;
  const v = value.trim().toLowerCase();
  return DETERMINATION_LOOKUP.get(v) ?? DETERMINATION_ALIASES[v];
};

export const parseAlertStatus = (value: unknown): AlertStatus | undefined => {
  if (typeof value !== 'string') return undefined;
  const v = value.trim().toLowerCase().replace(/[\s_-]/g, '');
  if (v === 'active' || v === 'open' || v === 'unknown' || v === 'new') return 'new';
  if (v === 'acknowledged' || v === 'inprogress') return 'inProgress';
  if (v === 'dismissed' || v === 'closed' || v === 'resolved') return 'resolved';
  return ALERT_STATUS_LOOKUP.get(v);
};

export const ENTITY_TYPES = [
  'device',
  'account',
  'ip',
  'url',
  'domain',
  'file',
  'process',
  'mailbox',
  'mailMessage',
  'cloudResource',
  'cloudApplication',
  'registryKey',
  'registryValue',
  'dnsQuery',
] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** Graph evidence roles plus `victim` (Caseline's word for attacked/compromised when a source says only that). */
export const ENTITY_ROLES = [
  'unknown',
  'contextual',
  'scanned',
  'source',
  'destination',
  'created',
  'added',
  'compromised',
  'edited',
  'attacked',
  'attacker',
  'commandAndControl',
  'loaded',
  'suspicious',
  'policyViolator',
  'victim',
] as const;
export type EntityRole = (typeof ENTITY_ROLES)[number];

export const VERDICTS = ['unknown', 'suspicious', 'malicious', 'noThreatsFound'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** Microsoft Graph's correlation-reason vocabulary, used for every membership explanation. */
export const CORRELATION_REASON_KINDS = [
  'sameTargetedAsset',
  'similarArtifacts',
  'sharedIndicators',
  'timeFrame',
  'eventSequence',
  'repeatedAlertOccurrence',
  'sameNetworkSegment',
  'similarTTPsOrBehavior',
] as const;
export type CorrelationReasonKind = (typeof CORRELATION_REASON_KINDS)[number];
