import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dfcSampleAlerts, graphSampleAlerts, incidentOf } from '#shared/report/test-fixtures';
import { BUILT_IN_PLAYBOOKS, findPlaybook } from './playbooks';
import { runPlaybook } from './run-playbook';
import type { Playbook } from './types';

const sample = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../shared/samples/${name}`, import.meta.url), 'utf8'));
const alerts = [...graphSampleAlerts(sample('graph-alerts-v2-docs-example.json')), ...dfcSampleAlerts(sample('defender-for-cloud-alerts-api-example.json'))];
const incident = incidentOf(alerts, { tags: ['existing'] });
const now = Date.UTC(2024, 4, 1, 12);
const ctx = { incident, alerts, analyst: 'alice', now };
const pb = (id: string): Playbook => {
  const p = findPlaybook([], id);
  if (!p) throw new Error(id);
  return p;
};

describe('built-in playbooks', () => {
  it('ship four, with unique ids, and each has steps', () => {
    expect(BUILT_IN_PLAYBOOKS.map((p) => p.name)).toEqual(['Contain compromised account', 'Isolate infected host', 'Phishing response', 'Close as false positive']);
    expect(new Set(BUILT_IN_PLAYBOOKS.map((p) => p.id)).size).toBe(4);
  });

  it('"Close as false positive" resolves, classifies, assigns the analyst and logs each change', () => {
    const r = runPlaybook(pb('pb-close-false-positive'), ctx);
    expect(r.incidentPatch).toEqual({ assignedTo: 'alice', classification: 'falsePositive', determination: 'notMalicious', status: 'resolved', tags: ['existing', 'false-positive'] });
    expect(r.activity.map((a) => [a.action, a.field ?? '', a.from ?? '', a.to ?? ''])).toEqual([
      ['playbook.run', '', '', 'Close as false positive'],
      ['update', 'assignedTo', '', 'alice'],
      ['update', 'classification', 'unknown', 'falsePositive'],
      ['update', 'determination', 'unknown', 'notMalicious'],
      ['update', 'status', 'active', 'resolved'],
      ['update', 'tags', 'existing', 'existing, false-positive'],
      ['task.add', '', '', 'Tune or suppress the detection that raised these alerts'],
    ]);
    expect(r.activity.every((a) => a.at === now && a.by === 'alice' && a.targetId === incident.id && a.detail === 'Playbook "Close as false positive"')).toBe(true);
    expect(r.tasks).toEqual([
      { id: expect.stringMatching(/^tk-[0-9a-z]{22}$/) as string, incidentId: incident.id, title: 'Tune or suppress the detection that raised these alerts', owner: 'alice', status: 'open', createdAt: now, source: 'Close as false positive' },
    ]);
    expect(r.outputs).toEqual([]);
  });

  it('"Isolate infected host" produces reviewed commands for both shells, an IOC CSV and tasks', () => {
    const r = runPlaybook(pb('pb-isolate-host'), ctx);
    expect(r.incidentPatch.determination).toBe('malware');
    expect(r.outputs.map((o) => [o.kind, o.title])).toEqual([
      ['commands', 'Containment commands (PowerShell)'],
      ['commands', 'Containment commands (POSIX shell)'],
      ['iocs', 'Indicators (7)'] // 1.1.1.1, 192.0.2.1, MsSense.exe + SHA-1 + SHA-256, cmd.exe, scrsave.scr,
    ]);
    expect(r.outputs[0]?.text).toContain("Invoke-Command -ComputerName 'vm2'");
    expect(r.outputs[2]?.text.split('\r\n')[0]).toBe('"type","value","first_seen","last_seen","alert_count","private","roles","verdict","alert_ids"');
    expect(r.outputs[2]?.text).toContain('"ipv4","192.0.2.1","2020-02-22T00:00:00.000Z"');
    expect(r.tasks).toHaveLength(4);
    expect(new Set(r.tasks.map((t) => t.id)).size).toBe(4);
  });

  it('is pure: same input, same output, input untouched', () => {
    const before = JSON.stringify(incident);
    expect(runPlaybook(pb('pb-phishing'), ctx)).toEqual(runPlaybook(pb('pb-phishing'), ctx));
    expect(JSON.stringify(incident)).toBe(before);
  });

  it('skips steps that change nothing and lists values left out of commands', () => {
    const done = { ...incident, status: 'inProgress' as const, assignedTo: 'alice', classification: 'truePositive' as const, determination: 'compromisedAccount' as const, tags: ['compromised-account'] };
    const r = runPlaybook(pb('pb-contain-account'), { ...ctx, incident: done });
    expect(r.incidentPatch).toEqual({});
    expect(r.activity.filter((a) => a.action === 'update')).toEqual([]);
    const note = r.outputs.find((o) => o.kind === 'note');
    expect(note?.text).toContain('- account NT AUTHORITY\\SYSTEM: built-in account');
  });
});
