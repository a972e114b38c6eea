// Automation rules (Sentinel style): enabled, unexpired rules for the event's trigger run in `order` (then id);
// each sees the incident as changed by the rules before it. Pure: returns the actions, the engine applies them.
import type { Alert, Incident } from '#shared/model/index';
import type { AutomationAction, AutomationRule, AutomationTrigger } from './types';

export type AutomationEvent = { trigger: AutomationTrigger; incident: Incident; alerts: readonly Alert[] };

export type FiredAction = { ruleId: string; ruleName: string; order: number; action: AutomationAction };

type View = { incident: Incident; alerts: readonly Alert[] };

const lower = (s: string): string => s.trim().toLowerCase();

export const automationConditionsHold = (rule: AutomationRule, { incident, alerts }: View): boolean => {
  const c = rule.conditions;
  if (c.severities?.length && !c.severities.includes(incident.severity)) return false;
  if (c.tactics?.length) {
    const seen = new Set([...incident.tactics, ...alerts.flatMap((a) => a.tactics)]);
    if (!c.tactics.some((t) => seen.has(t))) return false;
  }
  if (c.sources?.length) {
    const want = new Set(c.sources.map(lower));
    const have = [...incident.sources, ...alerts.flatMap((a) => [a.source, a.product])].map(lower);
    if (!have.some((s) => want.has(s))) return false;
  }
  if (c.entityValue?.trim()) {
    const v = lower(c.entityValue);
    if (!alerts.some((a) => a.entities.some((e) => lower(e.value) === v))) return false;
  }
  if (c.titleContains?.trim()) {
    const t = lower(c.titleContains);
    const titles = [incident.customTitle ?? incident.title, ...alerts.map((a) => a.title)];
    if (!titles.some((x) => x.toLowerCase().includes(t))) return false;
  }
  return true;
};

export const isRuleActive = (rule: AutomationRule, now: number): boolean =>
  rule.enabled && (rule.expiresAt === undefined || rule.expiresAt > now);

const byOrder = (a: AutomationRule, b: AutomationRule): number => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** What an action does to the incident, for the rules after it. */
const applyTo = (incident: Incident, action: AutomationAction): Incident => {
  switch (action.kind) {
    case 'assign':
      return { ...incident, assignedTo: action.to };
    case 'addTags':
      return { ...incident, tags: [...new Set([...incident.tags, ...action.tags.map((t) => t.trim()).filter(Boolean)])] };
    case 'setSeverity':
      return { ...incident, severity: action.severity };
    case 'setStatus':
      return { ...incident, status: action.status };
    case 'runPlaybook':
      return incident;
  }
};

export const evaluateAutomation = (rules: readonly AutomationRule[], event: AutomationEvent, now: number): FiredAction[] => {
  const fired: FiredAction[] = [];
  let incident = event.incident;
  for (const rule of [...rules].sort(byOrder)) {
    if (rule.trigger !== event.trigger || !isRuleActive(rule, now)) continue;
    if (!automationConditionsHold(rule, { incident, alerts: event.alerts })) continue;
    for (const action of rule.actions) {
      fired.push({ ruleId: rule.id, ruleName: rule.name, order: rule.order, action });
      incident = applyTo(incident, action);
    }
  }
  return fired;
};
