import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dfcSampleAlerts, incidentOf } from '#shared/report/test-fixtures';
import { evaluateAutomation } from './automation';
import type { AutomationRule } from './types';

const sample = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../shared/samples/${name}`, import.meta.url), 'utf8'));
const alerts = dfcSampleAlerts(sample('defender-for-cloud-alerts-api-example.json'));
const incident = incidentOf(alerts); // high (EICAR test alert), Execution, defender-for-cloud
const now = Date.UTC(2024, 0, 1);
const event = { trigger: 'incidentCreated' as const, incident, alerts };

const rule = (id: string, order: number, over: Partial<AutomationRule> = {}): AutomationRule => ({
  id, name: `rule ${id}`, order, enabled: true, trigger: 'incidentCreated', conditions: {}, actions: [{ kind: 'addTags', tags: [id] }], ...over,
});

describe('evaluateAutomation', () => {
  it('runs matching rules in order (ties by id), skipping disabled, expired and other-trigger rules', () => {
    const rules = [
      rule('c', 2), rule('b', 1), rule('a', 2),
      rule('off', 0, { enabled: false }), rule('old', 0, { expiresAt: now }), rule('upd', 0, { trigger: 'incidentUpdated' }),
      rule('live', 3, { expiresAt: now + 1 }),
    ];
    expect(evaluateAutomation(rules, event, now).map((f) => f.ruleId)).toEqual(['b', 'a', 'c', 'live']);
  });

  it('matches conditions on the real alerts: severity, tactic, source/product, entity value, title', () => {
    const hit = (conditions: AutomationRule['conditions']): boolean => evaluateAutomation([rule('x', 1, { conditions })], event, now).length > 0;
    expect(incident.severity).toBe('high');
    expect(hit({ severities: ['high', 'critical'] })).toBe(true);
    expect(hit({ severities: ['low'] })).toBe(false);
    expect(hit({ tactics: ['TA0002'] })).toBe(true);
    expect(hit({ tactics: ['TA0040'] })).toBe(false);
    expect(hit({ sources: ['Azure Security Center'] })).toBe(true);
    expect(hit({ sources: ['sentinel'] })).toBe(false);
    expect(hit({ entityValue: 'VM2' })).toBe(true);
    expect(hit({ entityValue: 'vm9' })).toBe(false);
    expect(hit({ titleContains: 'screensaver' })).toBe(true);
    expect(hit({ severities: ['high'], titleContains: 'nope' })).toBe(false);
  });

  it('later rules see earlier rules\' changes (Sentinel semantics)', () => {
    const rules = [
      rule('raise', 1, { conditions: { titleContains: 'test alert' }, actions: [{ kind: 'setSeverity', severity: 'critical' }] }),
      rule('page', 2, { conditions: { severities: ['critical'] }, actions: [{ kind: 'assign', to: 'oncall' }, { kind: 'runPlaybook', playbookId: 'pb-isolate-host' }] }),
    ];
    expect(evaluateAutomation(rules, event, now)).toEqual([
      { ruleId: 'raise', ruleName: 'rule raise', order: 1, action: { kind: 'setSeverity', severity: 'critical' } },
      { ruleId: 'page', ruleName: 'rule page', order: 2, action: { kind: 'assign', to: 'oncall' } },
      { ruleId: 'page', ruleName: 'rule page', order: 2, action: { kind: 'runPlaybook', playbookId: 'pb-isolate-host' } },
    ]);
    expect(evaluateAutomation([...rules].reverse(), event, now)).toHaveLength(3); // input order is irrelevant
  });

  it('property: result depends only on the set of rules, and only active rules fire', () => {
    const arbRule = fc.record({
      id: fc.string({ maxLength: 3 }), order: fc.integer({ min: 0, max: 5 }), enabled: fc.boolean(), expires: fc.option(fc.integer({ min: now - 10, max: now + 10 })),
    }).map((r) => rule(r.id, r.order, { enabled: r.enabled, ...(r.expires === null ? {} : { expiresAt: r.expires }) }));
    fc.assert(
      fc.property(fc.uniqueArray(arbRule, { selector: (r) => r.id, maxLength: 8 }), (rules) => {
        const a = evaluateAutomation(rules, event, now);
        expect(evaluateAutomation([...rules].reverse(), event, now)).toEqual(a);
        for (const f of a) {
          const r = rules.find((x) => x.id === f.ruleId);
          expect(r?.enabled && (r.expiresAt === undefined || r.expiresAt > now)).toBe(true);
        }
        expect(a.map((f) => f.order)).toEqual([...a.map((f) => f.order)].sort((x, y) => x - y));
      }),
    );
  });
});
