import { readFileSync } from 'node:fs';
import { mitigationsForTechnique } from '#shared/model/index';
import { describe, expect, it } from 'vitest';
import { dfcSampleAlerts, graphSampleAlerts } from '#shared/report/test-fixtures';
import { carryChecklist, mitigationGuidance } from './guidance';

const sample = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../shared/samples/${name}`, import.meta.url), 'utf8'));
const graph = graphSampleAlerts(sample('graph-alerts-v2-docs-example.json'));
const dfc = dfcSampleAlerts(sample('defender-for-cloud-alerts-api-example.json'));

describe('mitigationGuidance', () => {
  it('dedupes the sources\' remediation steps and keeps who recommended them', () => {
    const twice = [...dfc, { ...(dfc[1] ?? dfc[0]), id: 'x' as never, remediation: ['3. Run a full anti-malware scan and verify that the threat was removed.'] }];
    const g = mitigationGuidance(twice);
    expect(g.remediation.map((s) => s.text)).toEqual([
      'No further action is needed.',
      '1. Run Process Explorer and try to identify unknown running processes (see https://technet.microsoft.com/en-us/sysinternals/bb896653.aspx)',
      '2. Make sure the machine is completely updated and has an updated anti-malware application installed',
      '3. Run a full anti-malware scan and verify that the threat was removed',
      '4. Install and run Microsoft\u2019s Malicious Software Removal Tool (see https://www.microsoft.com/en-us/download/malicious-software-removal-tool-details.aspx)',
      '5. Run Microsoft\u2019s Autoruns utility and try to identify unknown applications that are configured to run at login (see https://technet.microsoft.com/en-us/sysinternals/bb963902.aspx)',
      '6. Escalate the alert to the information security team',
    ]);
    expect(g.remediation[3]?.alertIds).toHaveLength(2);
    expect(g.remediation[0]?.sources).toEqual(['Azure Security Center']);
  });

  it('lists each technique with its tactics and ATT&CK mitigations, and builds the checklist', () => {
    const g = mitigationGuidance(graph);
    expect(g.techniques.map((t) => [t.techniqueId, t.name, t.tactics.map((x) => x.name), t.alertCount])).toEqual([
      ['T1564.001', 'Hide Artifacts: Hidden Files and Directories', ['Defense Evasion'], 1],
    ]);
    const ids = g.techniques[0]?.mitigations.map((m) => m.mitigationId) ?? [];
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).toEqual([...ids].sort());
    const mitItems = g.checklist.filter((c) => c.techniqueId);
    expect(mitItems.every((c) => c.id === `mit-T1564.001-${c.mitigationId}` && !c.done && c.comment === '')).toBe(true);
    expect(g.checklist.filter((c) => !c.techniqueId).length).toBe(g.remediation.length);
    expect(new Set(g.checklist.map((c) => c.id)).size).toBe(g.checklist.length);
  });

  it('lists a mitigation once per technique, with the sub-technique\'s own ATT&CK text over its parent\'s', () => {
    // T1053.002 (Scheduled Task/Job: At) and its parent T1053 both link M1018 with different texts in ATT&CK.
    const links = mitigationsForTechnique('T1053.002');
    const ids = links.map((l) => l.mitigation.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
    const m1018 = links.find((l) => l.mitigation.id === 'M1018');
    expect(m1018?.how).toMatch(/at\.allow/);
    // A mitigation only the parent links is still listed.
    const parentOnly = mitigationsForTechnique('T1053').map((l) => l.mitigation.id).filter((m) => !ids.includes(m));
    expect(parentOnly).toEqual([]);
  });

  it('Defender for Cloud techniques T1059/T1053/T1072 and sub-techniques map to Execution etc.', () => {
    const g = mitigationGuidance(dfc);
    expect(g.techniques.map((t) => t.techniqueId)).toEqual(['T1053', 'T1053.002', 'T1059', 'T1059.001', 'T1059.006', 'T1072']);
    expect(g.techniques.find((t) => t.techniqueId === 'T1059')?.tactics.map((t) => t.id)).toEqual(['TA0002']);
  });

  it('carries ticks and comments to a recomputed checklist', () => {
    const a = mitigationGuidance(dfc).checklist;
    const saved = a.map((c, i) => (i === 0 ? { ...c, done: true, comment: 'done by bob' } : c));
    const b = carryChecklist(mitigationGuidance([...dfc, ...graph]).checklist, saved);
    expect(b.find((c) => c.id === a[0]?.id)).toMatchObject({ done: true, comment: 'done by bob' });
  });

  it('shows Graph\'s bullet-prefixed steps without the bullet, and ATT&CK text without citations or tags', () => {
    const g = mitigationGuidance([...graph, ...dfc]);
    expect(g.remediation.map((r) => r.text)).toContain('Submit undetected files to the MMPC malware portal');
    expect(g.remediation.every((r) => !r.text.startsWith('\uFFFD'))).toBe(true);
    const how = g.techniques.flatMap((t) => t.mitigations.map((m) => m.how));
    expect(how.some((h) => /\(Citation:|<code>|\]\(/.test(h))).toBe(false);
    expect(how).toContain('Configure settings for scheduled tasks to force tasks to run under the context of the authenticated account instead of allowing them to run as SYSTEM. The associated Registry key is located at HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\SubmitControl. The setting can be configured through GPO: Computer Configuration > [Policies] > Windows Settings > Security Settings > Local Policies > Security Options: Domain Controller: Allow server operators to schedule tasks, set to disabled.');
  });
});
