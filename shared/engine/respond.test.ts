// Respond and report through the engine API, on the demo case and real samples (fake-indexeddb).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { ADAPTERS } from '#shared/ingest/adapters/index';
import { demoCase } from '#shared/scenario/index';
import type { ImportSource } from './api';
import { createEngine } from './engine';

const SAMPLES = resolve(import.meta.dirname, '../../../shared/samples');
const sample = (name: string): ImportSource => ({ name, blob: new Blob([readFileSync(resolve(SAMPLES, name))]) });
const open = (factory = new IDBFactory()) => createEngine({ dbName: 'case', indexedDB: factory, IDBKeyRange, adapters: ADAPTERS, demoFiles: demoCase, emit: () => undefined });
const biggest = async (e: Awaited<ReturnType<typeof open>>) => (await e['incidents/query']({ offset: 0, limit: 1, sort: { field: 'alerts', dir: 'desc' } })).rows[0]?.id ?? '';

describe('respond', () => {
  it('runs a built-in playbook: incident changes, tasks, reviewed containment commands, all in the activity log', async () => {
    const e = await open();
    await e['demo/load'](undefined);
    const id = await biggest(e);
    const pb = (await e['playbooks/list'](undefined)).find((p) => /compromised account/i.test(p.name));
    expect(pb).toBeDefined();
    const run = await e['playbooks/run']({ playbookId: pb?.id ?? '', incidentId: id });
    expect(run.tasks.length).toBeGreaterThan(0);
    const commands = run.outputs.find((o) => o.kind === 'commands');
    expect(commands?.text).toMatch(/REVIEW/);
    expect(commands?.text).toMatch(/Disable-ADAccount/);
    expect((await e['tasks/list']({ incidentId: id })).length).toBe(run.tasks.length);
    const log = await e['activity/list']({ targetId: id });
    expect(log.some((a) => a.action === 'playbook run')).toBe(true);
    const inc = (await e['incidents/get']({ id }))?.incident;
    expect(inc?.status === 'inProgress' || inc?.assignedTo !== '' || (inc?.tags.length ?? 0) > 0).toBe(true);
    e.close();
  });

  it('suppresses similar alerts: preview, existing on demand, future imports always', async () => {
    const e = await open();
    await e['import/run']({ sources: [sample('suricata-eve-wrccdc-2018.json')] });
    const target = (await e['alerts/query']({ offset: 0, limit: 50, filter: { text: 'ETERNALBLUE' } })).rows[0];
    expect(target).toBeDefined();
    const rule = await e['suppression/suggest']({ alertId: target?.id ?? '' });
    rule.name = 'EternalBlue noise';
    rule.reason = 'lab';
    const preview = await e['suppression/preview']({ rule });
    expect(preview.count).toBeGreaterThan(0);
    const [saved] = await e['suppression/save']({ rule });
    const applied = await e['suppression/apply']({ id: saved?.id ?? '' });
    expect(applied.suppressed).toBe(preview.count);
    const after = await e['alerts/query']({ offset: 0, limit: 500, filter: { statuses: ['resolved'] } });
    expect(after.rows.filter((r) => r.suppressed).length).toBe(preview.count);
    // A future import: new occurrences of the same detection on the same entity are suppressed as they arrive.
    const raw = JSON.parse((await e['alerts/get']({ id: target?.id ?? '' }))?.raw ?? '{}') as Record<string, unknown>;
    const records = [1, 2, 3].map((d) => ({ ...raw, flow_id: d, timestamp: `2019-01-0${d}T00:00:00.000000+0000` }));
    const s = await e['import/run']({ sources: [{ name: 'more.json', blob: new Blob([JSON.stringify(records)]) }] });
    expect(s.files[0]?.accepted).toBe(records.length);
    const fresh = await e['alerts/query']({ offset: 0, limit: 50, filter: { text: 'ETERNALBLUE', from: Date.UTC(2018, 11, 31) } });
    expect(fresh.rows.length).toBe(records.length);
    expect(fresh.rows.map((r) => [r.suppressed, r.status, r.incidentId])).toEqual(records.map(() => [true, "resolved", undefined]));
    e.close();
  });

  it('an automation rule fires on incident creation at import', async () => {
    const e = await open();
    await e['automation/save']({ rule: { id: '', name: 'Tag high', order: 1, enabled: true, trigger: 'incidentCreated', conditions: { severities: ['high', 'critical'] }, actions: [{ kind: 'addTags', tags: ['auto-high'] }, { kind: 'assign', to: 'tier2' }] } });
    await e['demo/load'](undefined);
    const tagged = await e['incidents/query']({ offset: 0, limit: 100, filter: { tags: ['auto-high'] } });
    expect(tagged.total).toBeGreaterThan(0);
    expect(tagged.rows.every((r) => r.severity === 'high' || r.severity === 'critical')).toBe(true);
    expect(tagged.rows.every((r) => r.assignedTo === 'tier2')).toBe(true);
    const log = await e['activity/list']({ targetId: tagged.rows[0]?.id ?? '' });
    expect(log.some((a) => a.action === 'automation rule fired')).toBe(true);
    e.close();
  });

  it('builds reports in every format with alert content escaped', async () => {
    const e = await open();
    await e['demo/load'](undefined);
    const id = await biggest(e);
    const html = await e['report/build']({ incidentId: id, format: 'html' });
    expect(html.text).toContain('Content-Security-Policy');
    expect(html.text).not.toMatch(/<script/i);
    const stix = JSON.parse((await e['report/build']({ incidentId: id, format: 'stix' })).text) as { type: string; objects: { type: string }[] };
    expect(stix.type).toBe('bundle');
    expect(stix.objects.some((o) => o.type === 'report')).toBe(true);
    const nav = JSON.parse((await e['report/build']({ incidentId: id, format: 'navigator' })).text) as { domain: string; techniques: unknown[] };
    expect(nav.domain).toBe('enterprise-attack');
    expect(nav.techniques.length).toBeGreaterThan(0);
    expect((await e['report/build']({ incidentId: id, format: 'timeline' })).text.split('\n')[0]).toMatch(/message.*datetime.*timestamp_desc/);
    expect((await e['report/build']({ incidentId: id, format: 'md' })).text).toMatch(/^#/);
    e.close();
  });

  it('exports a case file and reopens it; a tampered file changes nothing; merging two cases keeps both sides', async () => {
    const a = await open();
    await a['demo/load'](undefined);
    const id = await biggest(a);
    await a['comments/add']({ targetId: id, text: 'Mine: initial access via phishing' });
    const file = await a['case/export']({ passphrase: 'correct horse' });
    const b = await open();
    const bad = file.bytes.slice();
    bad[bad.length - 10] = (bad[bad.length - 10] ?? 0) ^ 0xff;
    expect(await b['case/open']({ bytes: bad, passphrase: 'correct horse', mode: 'replace' })).toMatchObject({ ok: false });
    expect((await b['case/stats'](undefined)).alerts).toBe(0);
    expect(await b['case/open']({ bytes: file.bytes, passphrase: 'wrong', mode: 'replace' })).toMatchObject({ ok: false, code: 'WRONG_PASSPHRASE' });
    expect(await b['case/open']({ bytes: file.bytes, passphrase: 'correct horse', mode: 'replace' })).toMatchObject({ ok: true });
    expect((await b['case/stats'](undefined)).alerts).toBe((await a['case/stats'](undefined)).alerts);
    expect((await b['comments/list']({ targetId: id })).map((c) => c.text)).toEqual(['Mine: initial access via phishing']);
    // Both investigators work on, then B merges A's new file: nothing either did is lost.
    await b['comments/add']({ targetId: id, text: 'Theirs: lateral movement to the DC' });
    await a['comments/add']({ targetId: id, text: 'Mine: exfil over HTTPS' });
    await a['import/run']({ sources: [sample('suricata-eve-honeypot-2018.json')] });
    const again = await a['case/export']({});
    const merged = await b['case/open']({ bytes: again.bytes, mode: 'merge' });
    expect(merged.ok).toBe(true);
    expect((await b['comments/list']({ targetId: id })).map((c) => c.text).sort()).toEqual(['Mine: exfil over HTTPS', 'Mine: initial access via phishing', 'Theirs: lateral movement to the DC']);
    expect((await b['case/stats'](undefined)).alerts).toBe((await a['case/stats'](undefined)).alerts);
    a.close();
    b.close();
  });
});
