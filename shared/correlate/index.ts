// Correlation: entity identity, noise, linking, incidents, explanations, settings preview and evaluation.
export type { CorrelationAlert, CorrelationEntity } from './types';
export { toCorrelationAlert, correlationEntities, entityKeys, shortHostName } from './keys';
export { canonicalIp, canonicalIPv4, canonicalIPv6, canonicalUrl, canonicalDomain, specialIpReason } from './addresses';
export type { CorrelationSettings } from './settings';
export { DEFAULT_CORRELATION_SETTINGS, COMMON_BINARIES, BUILTIN_ACCOUNTS, normalizeSettings } from './settings';
export type { NoiseEntry } from './noise';
export type { IncidentState } from './incidents';
export type { AlertPin, CorrelationChanges, Correlator, CorrelatorInit, Decision, DecisionResult, Redirect } from './correlator';
export { createCorrelator } from './correlator';
export type { BatchResult } from './batch';
export { correlateBatch } from './batch';
export type { SettingsPreview } from './preview';
export { previewSettings } from './preview';
export type { GroupingScore } from './evaluate';
export { scoreGrouping, scoreLabels } from './evaluate';
export type { TitleFacts } from './titles';
export { incidentTitle, tacticLabel } from './titles';
export { formatGap } from './explain';
