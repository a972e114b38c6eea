// Suppression rules (Defender for Cloud style): every given condition must hold; expired or disabled rules never
// match; a rule with no condition is invalid and matches nothing (it would hide every alert).
import type { Alert } from '#shared/model/index';
import { stableHash } from '#shared/model/index';
import type { SuppressionRule } from './types';

export type SuppressionState = 'enabled' | 'disabled' | 'expired';

export const suppressionState = (rule: SuppressionRule, now: number): SuppressionState =>
  rule.expiresAt !== undefined && rule.expiresAt <= now ? 'expired' : rule.enabled ? 'enabled' : 'disabled';

const lower = (s: string): string => s.trim().toLowerCase();

export const hasConditions = (rule: SuppressionRule): boolean => {
  const c = rule.conditions;
  return !!(c.detectorId?.trim() || c.titleContains?.trim() || c.source?.trim() || (c.entity && c.entity.value.trim()));
};

/** Conditions and scope only (what the preview shows), ignoring enabled and expiry. */
export const matchesConditions = (rule: SuppressionRule, alert: Alert): boolean => {
  if (!hasConditions(rule)) return false;
  if (rule.scope !== 'all' && lower(rule.scope) !== lower(alert.source)) return false;
  const c = rule.conditions;
  if (c.detectorId?.trim() && c.detectorId.trim() !== alert.detectorId.trim()) return false;
  if (c.titleContains?.trim() && !alert.title.toLowerCase().includes(lower(c.titleContains))) return false;
  if (c.source?.trim() && lower(c.source) !== lower(alert.source) && lower(c.source) !== lower(alert.product)) return false;
  if (c.entity && c.entity.value.trim()) {
    const want = c.entity;
    if (!alert.entities.some((e) => e.type === want.type && lower(e.value) === lower(want.value))) return false;
  }
  return true;
};

export const matchesSuppression = (rule: SuppressionRule, alert: Alert, now: number): boolean =>
  suppressionState(rule, now) === 'enabled' && matchesConditions(rule, alert);

/** The first enabled, unexpired rule that suppresses the alert. */
export const findSuppression = (rules: readonly SuppressionRule[], alert: Alert, now: number): SuppressionRule | undefined =>
  rules.find((r) => matchesSuppression(r, alert, now));

export type SuppressionPreview = { count: number; sampleIds: string[] };

/** How many of these alerts the rule's conditions match, with a sample to show. */
export const previewSuppression = (rule: SuppressionRule, alerts: readonly Alert[], sampleSize = 10): SuppressionPreview => {
  let count = 0;
  const sampleIds: string[] = [];
  for (const a of alerts) {
    if (!matchesConditions(rule, a)) continue;
    count++;
    if (sampleIds.length < sampleSize) sampleIds.push(a.id);
  }
  return { count, sampleIds };
};

export type RuleProblem = { field: string; message: string };

export const validateSuppressionRule = (rule: SuppressionRule): RuleProblem[] => {
  const problems: RuleProblem[] = [];
  const name = rule.name.trim();
  if (name.length < 2 || name.length > 50) problems.push({ field: 'name', message: 'Name must be 2 to 50 characters.' });
  if (!hasConditions(rule)) problems.push({ field: 'conditions', message: 'Give at least one condition; a rule without one would hide every alert.' });
  if (rule.expiresAt !== undefined && !(rule.expiresAt > rule.createdAt)) problems.push({ field: 'expiresAt', message: 'Expiry must be after creation.' });
  if (!rule.scope.trim()) problems.push({ field: 'scope', message: "Scope is 'all' or a source name." });
  return problems;
};

const ENTITY_PREFERENCE = ['device', 'account', 'file', 'process', 'ip', 'domain', 'url'] as const;

/** A draft rule that would suppress alerts like this one on the same entity (the analyst edits it before saving). */
export const suppressionFromAlert = (alert: Alert, by = '', now: number = alert.detectedAt): SuppressionRule => {
  const detectorId = alert.detectorId.trim();
  const conditions: SuppressionRule['conditions'] = detectorId ? { detectorId } : { titleContains: alert.title.slice(0, 200) };
  const impacted = alert.entities.filter((e) => e.roles.some((r) => r === 'compromised' || r === 'victim' || r === 'attacked'));
  for (const type of ENTITY_PREFERENCE) {
    const e = impacted.find((x) => x.type === type) ?? alert.entities.find((x) => x.type === type);
    if (e) {
      conditions.entity = { type: e.type, value: e.value };
      break;
    }
  }
  const base = `Suppress ${alert.title}`.replace(/\s+/g, ' ').trim();
  const name = base.length > 50 ? `${base.slice(0, 49)}…` : base;
  return {
    id: `sr-${stableHash(`${alert.id}\u0000${now}`)}`,
    name,
    enabled: true,
    conditions,
    scope: alert.source,
    reason: '',
    createdAt: now,
    createdBy: by,
    hits: 0,
  };
};
