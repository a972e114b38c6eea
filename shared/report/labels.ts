// Analyst-facing words for the model's vocabularies (Defender's UI labels where it has them).
import type { Classification, Determination, IncidentStatus } from '#shared/model/index';

export const STATUS_LABELS: Readonly<Record<IncidentStatus, string>> = { active: 'Active', inProgress: 'In progress', resolved: 'Resolved', redirected: 'Merged into another incident' };
export const CLASSIFICATION_LABELS: Readonly<Record<Classification, string>> = {
  unknown: 'Not set',
  truePositive: 'True positive',
  falsePositive: 'False positive',
  informationalExpectedActivity: 'Informational, expected activity',
};
export const DETERMINATION_LABELS: Readonly<Record<Determination, string>> = {
  apt: 'APT',
  malware: 'Malware',
  securityPersonnel: 'Security personnel',
  securityTesting: 'Security test',
  unwantedSoftware: 'Unwanted software',
  multiStagedAttack: 'Multistage attack',
  compromisedAccount: 'Compromised account',
  phishing: 'Phishing',
  maliciousUserActivity: 'Malicious user activity',
  notMalicious: 'Not malicious',
  notEnoughDataToValidate: 'Not enough data to validate',
  confirmedActivity: 'Confirmed activity',
  lineOfBusinessApplication: 'Line-of-business application',
  other: 'Other',
  unknown: 'Not set',
};

/** 'True positive: Malware', or just the classification when there is no determination. */
export const verdictLabel = (c: Classification, d: Determination): string =>
  d === 'unknown' ? CLASSIFICATION_LABELS[c] : `${CLASSIFICATION_LABELS[c]}: ${DETERMINATION_LABELS[d]}`;
