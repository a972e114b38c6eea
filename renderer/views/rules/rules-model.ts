// Pure helpers for the rules page and the playbook editor: rule and step descriptions in words, date fields,
// ordering, drafts and checks before the engine's own. No DOM here (tested in node).
import type { EntityType, IncidentStatus, Severity } from '#shared/model/index';
import { ENTITY_TYPE_LABELS, tacticName } from '#shared/model/index';
import type { AutomationAction, AutomationRule, ContainmentTarget, Playbook, PlaybookStep, ShellVariant, SuppressionRule } from '#shared/respond/types';
import { CLASSIFICATION_LABEL, DETERMINATION_LABEL, INCIDENT_STATUS_LABEL, SEVERITY_LABEL } from '../../app/format';

export const RULE_KINDS = ['suppression', 'automation', 'playbooks'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];
export const RULE_KIND_LABEL: Record<RuleKind, string> = { suppression: 'Suppression rules', automation: 'Automation rules', playbooks: 'Playbooks' };

/** The rules page's sub-page from the route's query (`kind=automation`); anything else is suppression. */
export const ruleKindOf = (query: string | undefined): RuleKind => {
  const k = new URLSearchParams(query ?? '').get('kind');
  return (RULE_KINDS as readonly string[]).includes(k ?? '') ? (k as RuleKind) : 'suppression';
};

const q = (s: string, max = 80): string => `“${s.length > max ? `${s.slice(0, max)}…` : s}”`;

/** Every condition of a suppression rule in words, joined by "and". */
export const describeSuppression = (rule: SuppressionRule): string => {
  const c = rule.conditions;
  const parts: string[] = [];
  if (c.detectorId?.trim()) parts.push(`detector is ${q(c.detectorId.trim())}`);
  if (c.titleContains?.trim()) parts.push(`title contains ${q(c.titleContains.trim())}`);
  if (c.source?.trim()) parts.push(`source is ${q(c.source.trim())}`);
  if (c.entity?.value.trim()) parts.push(`${ENTITY_TYPE_LABELS[c.entity.type].toLowerCase()} is ${q(c.entity.value.trim())}`);
  return parts.length ? parts.join(' and ') : 'no condition (matches nothing)';
};

export type RuleState = 'enabled' | 'disabled' | 'expired';
export const ruleState = (r: { enabled: boolean; expiresAt?: number | undefined }, now: number): RuleState =>
  r.expiresAt !== undefined && r.expiresAt <= now ? 'expired' : r.enabled ? 'enabled' : 'disabled';
export const RULE_STATE_LABEL: Record<RuleState, string> = { enabled: 'Enabled', disabled: 'Disabled', expired: 'Expired' };

const list = <T extends string>(values: readonly T[] | undefined, label: (v: T) => string): string => (values ?? []).map(label).join(' or ');

export const describeAutomationConditions = (rule: AutomationRule): string => {
  const c = rule.conditions;
  const parts: string[] = [];
  if (c.severities?.length) parts.push(`severity is ${list(c.severities, (s) => SEVERITY_LABEL[s])}`);
  if (c.tactics?.length) parts.push(`tactic is ${list(c.tactics, tacticName)}`);
  if (c.sources?.length) parts.push(`source is ${list(c.sources, (s) => q(s, 40))}`);
  if (c.entityValue?.trim()) parts.push(`an entity is ${q(c.entityValue.trim())}`);
  if (c.titleContains?.trim()) parts.push(`title contains ${q(c.titleContains.trim())}`);
  return parts.length ? parts.join(' and ') : 'every incident';
};

export const TRIGGER_LABEL: Record<AutomationRule['trigger'], string> = { incidentCreated: 'When an incident is created', incidentUpdated: 'When an incident is updated' };

export const describeAction = (a: AutomationAction, playbooks: readonly Playbook[]): string => {
  switch (a.kind) {
    case 'assign':
      return `assign to ${q(a.to, 60)}`;
    case 'addTags':
      return `add tags ${a.tags.map((t) => q(t, 40)).join(', ')}`;
    case 'setSeverity':
      return `set severity to ${SEVERITY_LABEL[a.severity]}`;
    case 'setStatus':
      return `set status to ${INCIDENT_STATUS_LABEL[a.status]}`;
    case 'runPlaybook': {
      const p = playbooks.find((x) => x.id === a.playbookId);
      return `run playbook ${p ? q(p.name, 60) : `${a.playbookId} (missing)`}`;
    }
  }
};

export const CONTAINMENT_LABEL: Record<ContainmentTarget, string> = { account: 'disable accounts', device: 'isolate hosts', ip: 'block IPs', file: 'block file hashes', domain: 'block domains', url: 'block URLs' };
export const VARIANT_LABEL: Record<ShellVariant, string> = { powershell: 'PowerShell', shell: 'POSIX shell' };

export const STEP_KINDS = ['setStatus', 'setSeverity', 'setClassification', 'assign', 'addTags', 'addTasks', 'containmentCommands', 'exportIocs'] as const satisfies readonly PlaybookStep['kind'][];
export const STEP_LABEL: Record<PlaybookStep['kind'], string> = {
  setStatus: 'Set status',
  setSeverity: 'Set severity',
  setClassification: 'Set classification',
  assign: 'Assign',
  addTags: 'Add tags',
  addTasks: 'Add tasks',
  containmentCommands: 'Generate containment commands',
  exportIocs: 'Export IOCs',
};

export const describeStep = (s: PlaybookStep): string => {
  switch (s.kind) {
    case 'setStatus':
      return `Set status to ${INCIDENT_STATUS_LABEL[s.status]}`;
    case 'setSeverity':
      return `Set severity to ${SEVERITY_LABEL[s.severity]}`;
    case 'setClassification':
      return `Classify as ${CLASSIFICATION_LABEL[s.classification]}, ${DETERMINATION_LABEL[s.determination]}`;
    case 'assign':
      return s.to?.trim() ? `Assign to ${q(s.to.trim(), 60)}` : 'Assign to the analyst running it';
    case 'addTags':
      return `Add tags ${s.tags.map((t) => q(t, 40)).join(', ') || '(none)'}`;
    case 'addTasks':
      return `Add ${s.titles.length} task${s.titles.length === 1 ? '' : 's'}`;
    case 'containmentCommands':
      return `Commands to ${s.targets.map((t) => CONTAINMENT_LABEL[t]).join(', ') || '(no targets)'} (${s.variants.map((v) => VARIANT_LABEL[v]).join(' and ') || 'no variant'})`;
    case 'exportIocs':
      return 'Export IOCs as CSV';
  }
};

export const defaultStep = (kind: PlaybookStep['kind']): PlaybookStep => {
  switch (kind) {
    case 'setStatus':
      return { kind, status: 'inProgress' };
    case 'setSeverity':
      return { kind, severity: 'high' };
    case 'setClassification':
      return { kind, classification: 'truePositive', determination: 'malware' };
    case 'assign':
      return { kind };
    case 'addTags':
      return { kind, tags: [] };
    case 'addTasks':
      return { kind, titles: [] };
    case 'containmentCommands':
      return { kind, targets: ['account', 'device', 'ip'], variants: ['powershell', 'shell'] };
    case 'exportIocs':
      return { kind };
  }
};

export const ACTION_KINDS = ['assign', 'addTags', 'setSeverity', 'setStatus', 'runPlaybook'] as const satisfies readonly AutomationAction['kind'][];
export const ACTION_LABEL: Record<AutomationAction['kind'], string> = { assign: 'Assign to', addTags: 'Add tags', setSeverity: 'Change severity', setStatus: 'Change status', runPlaybook: 'Run playbook' };

export const defaultAction = (kind: AutomationAction['kind'], playbooks: readonly Playbook[]): AutomationAction => {
  switch (kind) {
    case 'assign':
      return { kind, to: '' };
    case 'addTags':
      return { kind, tags: [] };
    case 'setSeverity':
      return { kind, severity: 'high' };
    case 'setStatus':
      return { kind, status: 'inProgress' };
    case 'runPlaybook':
      return { kind, playbookId: playbooks[0]?.id ?? '' };
  }
};

/** Statuses a rule or playbook may set (never "merged": that only comes from merging). */
export const SETTABLE_STATUSES: readonly IncidentStatus[] = ['active', 'inProgress', 'resolved'];

/** Comma- or newline-separated words, trimmed, empty and repeated ones dropped. */
export const splitList = (text: string, max = 100): string[] => [...new Set(text.split(/[,\n]/).map((s) => s.trim().slice(0, max)).filter(Boolean))];
export const splitLines = (text: string, max = 500): string[] => text.split('\n').map((s) => s.trim().slice(0, max)).filter(Boolean);

const pad = (n: number): string => String(n).padStart(2, '0');
/** `<input type=date>` value for an expiry (its UTC day), or '' for none. */
export const dateInputValue = (ms: number | undefined): string => {
  if (ms === undefined || !Number.isFinite(ms)) return '';
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
};
/** An expiry from a date field: the end of that day in UTC, so the rule holds for the whole day it names. */
export const parseDateInput = (s: string): number | undefined => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d, 23, 59, 59, 999);
  const check = new Date(t);
  return check.getUTCFullYear() === y && check.getUTCMonth() === mo - 1 && check.getUTCDate() === d ? t : undefined;
};

/** Rules in run order (lower first; ties by id, as the engine runs them). */
export const byOrder = (rules: readonly AutomationRule[]): AutomationRule[] => [...rules].sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** Move a rule one place up or down: it swaps run positions with its neighbour. Returns the rules to save. */
export const moveRule = (rules: readonly AutomationRule[], id: string, delta: -1 | 1): AutomationRule[] => {
  const sorted = byOrder(rules);
  const i = sorted.findIndex((r) => r.id === id);
  const j = i + delta;
  const a = sorted[i];
  const b = sorted[j];
  if (!a || !b) return [];
  if (a.order !== b.order) return [{ ...a, order: b.order }, { ...b, order: a.order }];
  // Equal orders: renumber the whole list 10, 20, … with the two swapped, saving only those that change.
  const next = [...sorted];
  next[i] = b;
  next[j] = a;
  return next.map((r, k) => ({ ...r, order: Math.min(1000, (k + 1) * 10) })).filter((r) => sorted.find((s) => s.id === r.id)?.order !== r.order);
};

/** The next free order for a new rule: after the last one, capped at Sentinel's 1000. */
export const nextOrder = (rules: readonly AutomationRule[]): number => Math.min(1000, Math.max(0, ...rules.map((r) => r.order)) + 10);

export const moveItem = <T>(items: readonly T[], index: number, delta: -1 | 1): T[] => {
  const j = index + delta;
  if (index < 0 || index >= items.length || j < 0 || j >= items.length) return [...items];
  const next = [...items];
  [next[index], next[j]] = [next[j], next[index]];
  return next;
};

export const emptyAutomationRule = (order: number): AutomationRule => ({ id: '', name: '', order, enabled: true, trigger: 'incidentCreated', conditions: {}, actions: [] });

/** Problems the form shows before saving (the engine checks again). */
export const automationProblems = (rule: AutomationRule, playbooks: readonly Playbook[]): string[] => {
  const out: string[] = [];
  if (!rule.name.trim()) out.push('Give the rule a name.');
  if (!Number.isInteger(rule.order) || rule.order < 1 || rule.order > 1000) out.push('Order is a whole number from 1 to 1000.');
  if (rule.actions.length === 0) out.push('Add at least one action.');
  for (const a of rule.actions) {
    if (a.kind === 'assign' && !a.to.trim()) out.push('“Assign to” needs a name.');
    if (a.kind === 'addTags' && a.tags.length === 0) out.push('“Add tags” needs at least one tag.');
    if (a.kind === 'runPlaybook' && !playbooks.some((p) => p.id === a.playbookId)) out.push('Choose a playbook to run.');
  }
  return out;
};

export const emptyPlaybook = (): Playbook => ({ id: '', name: '', description: '', builtIn: false, steps: [] });
export const copyOfPlaybook = (p: Playbook): Playbook => ({ id: '', name: `Copy of ${p.name}`.slice(0, 100), description: p.description, builtIn: false, steps: p.steps.map((s) => structuredClone(s)) });

export const playbookProblems = (p: Playbook): string[] => {
  const out: string[] = [];
  if (!p.name.trim()) out.push('Give the playbook a name.');
  if (p.steps.length === 0) out.push('Add at least one step.');
  for (const s of p.steps) {
    if (s.kind === 'addTags' && s.tags.length === 0) out.push('“Add tags” needs at least one tag.');
    if (s.kind === 'addTasks' && s.titles.length === 0) out.push('“Add tasks” needs at least one task.');
    if (s.kind === 'containmentCommands' && (s.targets.length === 0 || s.variants.length === 0)) out.push('Containment commands need at least one target and one variant.');
  }
  return [...new Set(out)];
};

/** The suppression rule's problems as the form shows them, by field (mirrors the engine's validation). */
export const suppressionProblems = (rule: SuppressionRule): Partial<Record<'name' | 'conditions' | 'expiresAt' | 'scope', string>> => {
  const out: Partial<Record<'name' | 'conditions' | 'expiresAt' | 'scope', string>> = {};
  const name = rule.name.trim();
  if (name.length < 2 || name.length > 50) out.name = 'Name must be 2 to 50 characters.';
  const c = rule.conditions;
  if (!(c.detectorId?.trim() || c.titleContains?.trim() || c.source?.trim() || c.entity?.value.trim())) out.conditions = 'Give at least one condition; a rule without one would hide every alert.';
  if (rule.expiresAt !== undefined && !(rule.expiresAt > rule.createdAt)) out.expiresAt = 'Expiry must be after the rule was created.';
  if (!rule.scope.trim()) out.scope = 'Choose all sources or one source.';
  return out;
};

/** A copy with empty conditions removed, so a cleared field does not linger as '' in the stored rule. */
export const cleanSuppression = (rule: SuppressionRule): SuppressionRule => {
  const c = rule.conditions;
  const conditions: SuppressionRule['conditions'] = {};
  if (c.detectorId?.trim()) conditions.detectorId = c.detectorId.trim();
  if (c.titleContains?.trim()) conditions.titleContains = c.titleContains.trim();
  if (c.source?.trim()) conditions.source = c.source.trim();
  if (c.entity?.value.trim()) conditions.entity = { type: c.entity.type, value: c.entity.value.trim() };
  const { expiresAt, ...rest } = rule;
  return { ...rest, name: rule.name.trim(), reason: rule.reason.trim(), conditions, ...(expiresAt !== undefined ? { expiresAt } : {}) };
};

export const cleanAutomation = (rule: AutomationRule): AutomationRule => {
  const c = rule.conditions;
  const conditions: AutomationRule['conditions'] = {};
  if (c.severities?.length) conditions.severities = [...c.severities];
  if (c.tactics?.length) conditions.tactics = [...c.tactics];
  if (c.sources?.length) conditions.sources = [...c.sources];
  if (c.entityValue?.trim()) conditions.entityValue = c.entityValue.trim();
  if (c.titleContains?.trim()) conditions.titleContains = c.titleContains.trim();
  const { expiresAt, ...rest } = rule;
  return { ...rest, name: rule.name.trim(), conditions, ...(expiresAt !== undefined ? { expiresAt } : {}) };
};

/** Entity types a suppression condition may name, in the order the form lists them. */
export const SUPPRESSION_ENTITY_TYPES: readonly EntityType[] = ['device', 'account', 'ip', 'domain', 'url', 'file', 'process', 'mailbox', 'cloudApplication', 'cloudResource'];

export const severityOptions = (values: readonly Severity[]): { value: Severity; label: string }[] => values.map((s) => ({ value: s, label: SEVERITY_LABEL[s] }));
