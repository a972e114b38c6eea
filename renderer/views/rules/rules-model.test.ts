import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { AutomationRule, SuppressionRule } from '#shared/respond/types';
import { BUILT_IN_PLAYBOOKS } from '#shared/respond/playbooks';
import { validateSuppressionRule } from '#shared/respond/suppression';
import {
  STEP_KINDS,
  automationProblems,
  byOrder,
  cleanAutomation,
  cleanSuppression,
  copyOfPlaybook,
  dateInputValue,
  defaultAction,
  defaultStep,
  describeAction,
  describeAutomationConditions,
  describeStep,
  describeSuppression,
  emptyAutomationRule,
  moveItem,
  moveRule,
  nextOrder,
  parseDateInput,
  playbookProblems,
  ruleKindOf,
  ruleState,
  splitList,
  suppressionProblems,
} from './rules-model';

const T0 = Date.UTC(2024, 2, 10, 8);
const sup = (c: SuppressionRule['conditions'], extra: Partial<SuppressionRule> = {}): SuppressionRule => ({ id: 'sr-1', name: 'Scanner noise', enabled: true, conditions: c, scope: 'all', reason: '', createdAt: T0, createdBy: 'a', hits: 0, ...extra });
const auto = (id: string, order: number): AutomationRule => ({ ...emptyAutomationRule(order), id, name: id, actions: [{ kind: 'assign', to: 'x' }] });

describe('rules model', () => {
  it('reads the sub-page from the route query, defaulting to suppression', () => {
    expect(ruleKindOf('kind=automation')).toBe('automation');
    expect(ruleKindOf('kind=playbooks&x=1')).toBe('playbooks');
    expect(ruleKindOf('kind=__proto__')).toBe('suppression');
    expect(ruleKindOf(undefined)).toBe('suppression');
  });

  it('describes suppression conditions in words', () => {
    expect(describeSuppression(sup({ detectorId: '2010935', entity: { type: 'ip', value: '10.0.0.5' } }))).toBe('detector is “2010935” and ip address is “10.0.0.5”');
    expect(describeSuppression(sup({ titleContains: '  ' }))).toBe('no condition (matches nothing)');
  });

  it('gives the same verdict as the engine on whether a suppression rule can be saved', () => {
    const arb = fc.record({
      name: fc.string({ maxLength: 60 }),
      detectorId: fc.option(fc.constantFrom('', ' ', '2010935'), { nil: undefined }),
      titleContains: fc.option(fc.constantFrom('', 'scan'), { nil: undefined }),
      entity: fc.option(fc.record({ type: fc.constant('ip' as const), value: fc.constantFrom('', ' ', '10.0.0.1') }), { nil: undefined }),
      scope: fc.constantFrom('', 'all', 'suricata'),
      expires: fc.option(fc.integer({ min: -10, max: 10 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(arb, (r) => {
        const c: SuppressionRule['conditions'] = {};
        if (r.detectorId !== undefined) c.detectorId = r.detectorId;
        if (r.titleContains !== undefined) c.titleContains = r.titleContains;
        if (r.entity !== undefined) c.entity = r.entity;
        const rule = sup(c, { name: r.name, scope: r.scope, ...(r.expires !== undefined ? { expiresAt: T0 + r.expires } : {}) });
        const mine = Object.keys(suppressionProblems(rule)).sort();
        const engine = [...new Set(validateSuppressionRule(rule).map((p) => p.field))].sort();
        expect(mine).toEqual(engine);
        // Cleaning never changes the verdict, and leaves no empty condition behind.
        const clean = cleanSuppression(rule);
        expect(Object.keys(suppressionProblems(clean)).sort()).toEqual(mine.includes('name') && clean.name.length >= 2 && clean.name.length <= 50 ? mine.filter((f) => f !== 'name') : mine);
        for (const v of Object.values(clean.conditions)) expect(typeof v === 'string' ? v.trim() : v.value.trim()).not.toBe('');
      }),
    );
  });

  it('reads expiry dates as the end of that UTC day and writes them back', () => {
    const t = parseDateInput('2024-03-10');
    expect(t).toBe(Date.UTC(2024, 2, 10, 23, 59, 59, 999));
    expect(dateInputValue(t)).toBe('2024-03-10');
    expect(parseDateInput('2024-02-30')).toBeUndefined();
    expect(parseDateInput('10/03/2024')).toBeUndefined();
    expect(dateInputValue(undefined)).toBe('');
    fc.assert(fc.property(fc.integer({ min: 0, max: 4_000_000_000_000 }), (ms) => {
        expect(parseDateInput(dateInputValue(ms))).toBeGreaterThanOrEqual(ms);
      }),
    );
  });

  it('states rules as enabled, disabled or expired', () => {
    expect(ruleState({ enabled: true }, T0)).toBe('enabled');
    expect(ruleState({ enabled: false }, T0)).toBe('disabled');
    expect(ruleState({ enabled: true, expiresAt: T0 }, T0)).toBe('expired');
  });

  it('moves automation rules by swapping their run positions', () => {
    const rules = [auto('b', 20), auto('a', 10), auto('c', 30)];
    expect(byOrder(rules).map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(moveRule(rules, 'c', -1).map((r) => [r.id, r.order])).toEqual([
      ['c', 20],
      ['b', 30],
    ]);
    expect(moveRule(rules, 'a', -1)).toEqual([]);
    expect(moveRule(rules, 'c', 1)).toEqual([]);
    // Ties (two rules at the same order) are renumbered so the move is visible.
    const tied = [auto('a', 5), auto('b', 5), auto('c', 40)];
    const moved = moveRule(tied, 'b', -1);
    const after = byOrder(tied.map((r) => moved.find((m) => m.id === r.id) ?? r));
    expect(after.map((r) => r.id)).toEqual(['b', 'a', 'c']);
    expect(nextOrder(rules)).toBe(40);
    expect(nextOrder([])).toBe(10);
    expect(nextOrder([auto('x', 1000)])).toBe(1000);
  });

  it('moves list items within bounds', () => {
    expect(moveItem([1, 2, 3], 0, 1)).toEqual([2, 1, 3]);
    expect(moveItem([1, 2, 3], 0, -1)).toEqual([1, 2, 3]);
    expect(moveItem([1, 2, 3], 2, 1)).toEqual([1, 2, 3]);
  });

  it('describes automation conditions, actions and playbook steps', () => {
    const rule: AutomationRule = { ...auto('r', 10), conditions: { severities: ['high', 'critical'], tactics: ['TA0006'], sources: ['suricata'], titleContains: 'scan' } };
    expect(describeAutomationConditions(rule)).toBe('severity is High or Critical and tactic is Credential Access and source is “suricata” and title contains “scan”');
    expect(describeAutomationConditions(emptyAutomationRule(10))).toBe('every incident');
    expect(describeAction({ kind: 'runPlaybook', playbookId: 'pb-phishing' }, BUILT_IN_PLAYBOOKS)).toBe('run playbook “Phishing response”');
    expect(describeAction({ kind: 'runPlaybook', playbookId: 'gone' }, BUILT_IN_PLAYBOOKS)).toBe('run playbook gone (missing)');
    for (const k of STEP_KINDS) expect(describeStep(defaultStep(k)).length).toBeGreaterThan(5);
    for (const p of BUILT_IN_PLAYBOOKS) for (const s of p.steps) expect(describeStep(s)).not.toContain('undefined');
  });

  it('checks automation rules and playbooks before the engine does', () => {
    const r = emptyAutomationRule(10);
    expect(automationProblems(r, BUILT_IN_PLAYBOOKS)).toEqual(['Give the rule a name.', 'Add at least one action.']);
    const ok: AutomationRule = { ...r, name: 'x', actions: [defaultAction('runPlaybook', BUILT_IN_PLAYBOOKS)] };
    expect(automationProblems(ok, BUILT_IN_PLAYBOOKS)).toEqual([]);
    expect(automationProblems({ ...ok, order: 0 }, BUILT_IN_PLAYBOOKS)).toEqual(['Order is a whole number from 1 to 1000.']);
    expect(automationProblems({ ...ok, actions: [defaultAction('assign', []), defaultAction('addTags', [])] }, [])).toHaveLength(2);
    const copy = copyOfPlaybook(BUILT_IN_PLAYBOOKS[0] ?? BUILT_IN_PLAYBOOKS[1]);
    expect(copy).toMatchObject({ id: '', builtIn: false, name: 'Copy of Contain compromised account' });
    expect(playbookProblems(copy)).toEqual([]);
    expect(playbookProblems({ ...copy, name: ' ', steps: [defaultStep('addTags'), defaultStep('addTasks')] })).toEqual(['Give the playbook a name.', '“Add tags” needs at least one tag.', '“Add tasks” needs at least one task.']);
  });

  it('drops empty automation conditions and splits lists', () => {
    const clean = cleanAutomation({ ...auto('r', 10), conditions: { severities: [], tactics: ['TA0001'], entityValue: ' ', titleContains: ' x ' } });
    expect(clean.conditions).toEqual({ tactics: ['TA0001'], titleContains: 'x' });
    expect(splitList(' a, b ,,a\nc ')).toEqual(['a', 'b', 'c']);
  });
});
