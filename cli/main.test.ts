import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './main';
import { findChromium } from './pdf';

const SAMPLES = resolve(import.meta.dirname, '../../shared/samples');
const run = async (...argv: string[]): Promise<{ code: number; out: string; err: string }> => {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
};

describe('caseline CLI', () => {
  it('prints help and exits 0; no command is a usage error', async () => {
    const help = await run('--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('caseline import <files…>');
    expect((await run()).code).toBe(2);
  });

  it('works as the bundle `npm run build` makes (what `npx caseline` runs once built)', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'caseline-cli-')), 'caseline.mjs');
    execFileSync(process.execPath, ['scripts/build-cli.mjs', out], { cwd: resolve(import.meta.dirname, '..') });
    const text = execFileSync(process.execPath, [out, 'correlate', join(SAMPLES, 'suricata-eve-wrccdc-2018.json'), '--json'], { encoding: 'utf8' });
    const parsed = JSON.parse(text) as { alerts: number; incidents: { alertIds: string[] }[] };
    expect(parsed.alerts).toBe(207);
    expect(parsed.incidents.length).toBeGreaterThan(1);
    expect(parsed.incidents.flatMap((i) => i.alertIds)).toHaveLength(207);
  });

  it('rejects bad arguments and unreadable files with exit 2 and a clear message', async () => {
    expect(await run('frobnicate')).toMatchObject({ code: 2, err: expect.stringContaining('unknown command') as unknown });
    expect(await run('import')).toMatchObject({ code: 2, err: expect.stringContaining('at least one file') as unknown });
    expect(await run('import', '/nonexistent/x.json')).toMatchObject({ code: 2, err: expect.stringContaining('cannot read') as unknown });
    expect(await run('import', join(SAMPLES, 'suricata-eve-wrccdc-2018.json'), '--format', 'nope')).toMatchObject({ code: 2, err: expect.stringContaining('unknown format') as unknown });
    expect(await run('import', join(SAMPLES, 'suricata-eve-wrccdc-2018.json'), '--tz', 'Mars/Olympus')).toMatchObject({ code: 2, err: expect.stringContaining('time zone') as unknown });
  });

  it('imports real samples and prints the stable JSON shape', async () => {
    const r = await run('import', join(SAMPLES, 'sentinel-securityalert-demo.csv'), join(SAMPLES, 'chainsaw-hunt-evtx-attack-samples.json'), '--json');
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.out) as { files: Record<string, unknown>[] };
    expect(parsed.files).toEqual([
      { file: 'sentinel-securityalert-demo.csv', format: 'sentinel', records: 189, accepted: 189, duplicates: 0, rejected: [] },
      { file: 'chainsaw-hunt-evtx-attack-samples.json', format: 'chainsaw', records: 300, accepted: 551, duplicates: 0, rejected: [] },
    ]);
  });

  it('exits 1 and lists each rejected record with record number, field and reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caseline-cli-'));
    const file = join(dir, 'eve.ndjson');
    const good = '{"timestamp":"2018-03-24T10:00:00.000000-0600","event_type":"alert","src_ip":"10.0.0.1","dest_ip":"10.0.0.2","alert":{"signature":"x","signature_id":1,"severity":2}}';
    writeFileSync(file, [good, '{not json', good.replace('10:00', '10:01'), good.replace('"2018-03-24T10:00:00.000000-0600"', '"yesterday"')].join('\n'));
    const r = await run('import', file, '--json');
    expect(r.code).toBe(1);
    const f = (JSON.parse(r.out) as { files: { accepted: number; records: number; rejected: { record: number; field: string; reason: string }[] }[] }).files[0];
    expect(f?.records).toBe(4);
    expect(f?.accepted).toBe(2);
    expect(f?.rejected.map((x) => x.record)).toEqual([2, 4]);
    expect(f?.rejected[1]?.field).toBe('timestamp');
    const text = await run('import', file);
    expect(text.out).toMatch(/record 2: .+/);
  });
});

describe('caseline correlate', () => {
  it('prints incidents in the stable JSON shape, with source alert ids and reasons', async () => {
    const r = await run('correlate', join(SAMPLES, 'wazuh-alerts-ait-ldsv11-insect.json'), '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { incidents: { id: string; title: string; severity: string; tactics: string[]; alertIds: string[]; sourceAlertIds: string[]; entities: { value: string }[]; reasons: { alertId: string; text: string }[] }[]; alerts: number; rejected: unknown[] };
    expect(out.alerts).toBe(497);
    expect(out.rejected).toEqual([]);
    const biggest = out.incidents[0];
    // SOURCES.md: the whole file is one attack on the mail server. It must come out as that attack's incidents,
    // split by time only because of the 150-alert cap (Sentinel's), each naming the attacker.
    const attack = out.incidents.filter((i) => i.entities.some((e) => e.value === '192.168.10.18'));
    expect(attack.reduce((n, i) => n + i.alertIds.length, 0)).toBeGreaterThanOrEqual(495);
    expect(attack.every((i) => i.alertIds.length <= 150)).toBe(true);
    expect(attack.length).toBeLessThanOrEqual(Math.ceil(497 / 150));
    expect(biggest?.sourceAlertIds).toHaveLength(biggest?.alertIds.length ?? -1);
    expect(biggest?.sourceAlertIds.every((s) => /^\d+\.\d+$/.test(s))).toBe(true);
    expect(biggest?.entities.map((e) => e.value)).toContain('192.168.10.18');
    // Every member says why it joined.
    const explained = new Set(biggest?.reasons.map((r) => r.alertId));
    expect(biggest?.alertIds.every((id) => explained.has(id))).toBe(true);
    expect(Object.keys(biggest ?? {}).sort()).toEqual(['alertIds', 'entities', 'firstActivity', 'id', 'lastActivity', 'reasons', 'severity', 'sourceAlertIds', 'status', 'tactics', 'title'].sort());
  });

  it('takes --window as a duration and refuses nonsense', async () => {
    const narrow = JSON.parse((await run('correlate', join(SAMPLES, 'suricata-eve-wrccdc-2018.json'), '--window', '1m', '--json')).out) as { incidents: unknown[] };
    const wide = JSON.parse((await run('correlate', join(SAMPLES, 'suricata-eve-wrccdc-2018.json'), '--window', 'PT12H', '--json')).out) as { incidents: unknown[] };
    expect(narrow.incidents.length).toBeGreaterThan(wide.incidents.length);
    expect(await run('correlate', join(SAMPLES, 'suricata-eve-wrccdc-2018.json'), '--window', 'soon')).toMatchObject({ code: 2, err: expect.stringContaining('--window') as unknown });
  });
});

describe('caseline report and export-case', () => {
  it('writes reports of an incident from alert exports, and of all incidents from an encrypted case file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caseline-report-'));
    const sample = join(SAMPLES, 'wazuh-alerts-ait-ldsv11-insect.json');
    const incidents = (JSON.parse((await run('correlate', sample, '--json')).out) as { incidents: { id: string }[] }).incidents;
    const id = incidents[0]?.id ?? '';
    const md = join(dir, 'r.md');
    expect((await run('report', sample, '--incident', id, '--format', 'md', '-o', md)).code).toBe(0);
    expect(readFileSync(md, 'utf8').replace(/\\/g, '')).toContain(id);
    const nav = join(dir, 'layer.json');
    expect((await run('report', sample, '--incident', id, '--format', 'navigator', '-o', nav)).code).toBe(0);
    expect(JSON.parse(readFileSync(nav, 'utf8'))).toMatchObject({ domain: 'enterprise-attack' });
    process.env.CASELINE_TEST_PW = 'pw for tests';
    const caseFile = join(dir, 'c.caseline');
    expect((await run('export-case', sample, '-o', caseFile, '--passphrase-env', 'CASELINE_TEST_PW')).code).toBe(0);
    const csv = join(dir, 'iocs.csv');
    expect((await run('report', caseFile, '--all', '--format', 'csv', '-o', csv, '--passphrase-env', 'CASELINE_TEST_PW')).code).toBe(0);
    expect(readFileSync(csv, 'utf8')).toContain('192.168.10.18');
    expect(await run('report', caseFile, '--all', '--format', 'csv', '-o', csv)).toMatchObject({ code: 2, err: expect.stringContaining('PASSPHRASE_REQUIRED') as unknown });
    expect(await run('report', sample, '--incident', 'in-nope', '--format', 'md', '-o', md)).toMatchObject({ code: 2, err: expect.stringContaining('no incident') as unknown });
    expect(await run('report', sample, '--all', '--format', 'docx', '-o', md)).toMatchObject({ code: 2, err: expect.stringContaining('--format') as unknown });
  });
});

describe('caseline report --format pdf', () => {
  const hasTools = existsSync('/usr/bin/pdftoppm') && !!findChromium();
  it.runIf(hasTools)('prints the report through Chromium and the PDF renders to PNG pages', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caseline-pdf-'));
    const pdf = join(dir, 'r.pdf');
    const r = await run('report', join(SAMPLES, 'suricata-eve-wrccdc-2018.json'), '--all', '--format', 'pdf', '-o', pdf);
    expect(r.code).toBe(0);
    expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    execFileSync('/usr/bin/pdftoppm', ['-r', '40', '-png', '-f', '1', '-l', '1', pdf, join(dir, 'page')]);
    const png = readdirSync(dir).find((f) => f.endsWith('.png'));
    expect(png).toBeDefined();
    const bytes = readFileSync(join(dir, png ?? ''));
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(bytes.length).toBeGreaterThan(5000);
  }, 120_000);
});
