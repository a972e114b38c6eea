// Structure checks for the interchange exports against their specifications: STIX 2.1 (required properties of each
// SDO/SRO/SCO used, id and timestamp formats), ATT&CK Navigator layer format 4.5, MISP core format.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getTechnique } from '#shared/model/index';
import type { Ioc } from './iocs';
import { toMispEvent } from './misp';
import { caseReportModel } from './model';
import { attackVersionOf, toNavigatorLayer } from './navigator';
import type { StixObject } from './stix';
import { stixPattern, stixString, toStixBundle } from './stix';
import { parseCsv, sampleCaseAlerts, sampleCaseInput } from './test-fixtures';
import { toTimelineCsv } from './timeline-csv';
import { STIX_SCO_NAMESPACE, canonicalJson, sha1, uuidv5 } from './uuid';

const read = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../shared/samples/${name}`, import.meta.url), 'utf8'));
const model = caseReportModel(sampleCaseInput(sampleCaseAlerts(read('graph-alerts-v2-docs-example.json'), read('defender-for-cloud-alerts-api-example.json'), read('suricata-eve-honeypot-2018.json'))));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const STIX_TS_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const SDO_REQUIRED: Record<string, string[]> = {
  identity: ['name'],
  indicator: ['pattern', 'pattern_type', 'valid_from'],
  'observed-data': ['first_observed', 'last_observed', 'number_observed', 'object_refs'],
  'attack-pattern': ['name'],
  incident: ['name'],
  report: ['name', 'published', 'object_refs'],
  sighting: ['sighting_of_ref'],
};
const SCO_TYPES = new Set(['ipv4-addr', 'ipv6-addr', 'domain-name', 'url', 'email-addr', 'file']);

/** A small STIX 2.1 validator for the object types Caseline writes (spec §3, §4, §5, §6). */
const validateStix = (objects: StixObject[]): string[] => {
  const errors: string[] = [];
  const ids = new Set(objects.map((o) => o.id));
  const ref = (o: StixObject, key: string, v: unknown): void => {
    if (typeof v !== 'string' || !ids.has(v)) errors.push(`${o.id}: ${key} ${String(v)} does not resolve`);
  };
  for (const o of objects) {
    const [type, uuid] = o.id.split('--');
    if (type !== o.type || !UUID.test(uuid ?? '')) errors.push(`${o.id}: id is not ${o.type}--UUID`);
    if (SCO_TYPES.has(o.type)) {
      if (o.spec_version !== undefined && o.spec_version !== '2.1') errors.push(`${o.id}: spec_version`);
      if (o.type === 'file' ? !o.hashes && !o.name : typeof o.value !== 'string') errors.push(`${o.id}: SCO lacks its value`);
      continue;
    }
    const required = SDO_REQUIRED[o.type];
    if (!required) {
      errors.push(`${o.id}: unexpected type`);
      continue;
    }
    if (o.spec_version !== '2.1') errors.push(`${o.id}: spec_version must be '2.1'`);
    for (const k of ['created', 'modified']) if (typeof o[k] !== 'string' || !STIX_TS_MS.test(o[k])) errors.push(`${o.id}: ${k} not RFC 3339 with ms`);
    if ((o.modified as string) < (o.created as string)) errors.push(`${o.id}: modified before created`);
    for (const k of required) if (o[k] === undefined) errors.push(`${o.id}: missing ${k}`);
    if (o.created_by_ref !== undefined) ref(o, 'created_by_ref', o.created_by_ref);
    for (const [k, v] of Object.entries(o)) {
      if (k.endsWith('_refs')) (Array.isArray(v) && v.length ? v : [undefined]).forEach((x: unknown) => ref(o, k, x));
      else if (k.endsWith('_ref') && k !== 'created_by_ref') ref(o, k, v);
    }
    if (o.type === 'indicator') {
      if (o.pattern_type !== 'stix') errors.push(`${o.id}: pattern_type`);
      if (!STIX_TS_MS.test(String(o.valid_from))) errors.push(`${o.id}: valid_from`);
    }
    if (o.type === 'observed-data') {
      const n = o.number_observed as number;
      if (!Number.isInteger(n) || n < 1 || n > 999_999_999) errors.push(`${o.id}: number_observed`);
      if (String(o.last_observed) < String(o.first_observed)) errors.push(`${o.id}: last_observed before first_observed`);
    }
    if (o.type === 'sighting' && String(o.last_seen) < String(o.first_seen)) errors.push(`${o.id}: last_seen before first_seen`);
    if (o.type === 'attack-pattern') {
      const refs = o.external_references as { source_name: string; external_id: string; url: string }[];
      if (!refs.some((r) => r.source_name === 'mitre-attack' && /^T\d{4}(\.\d{3})?$/.test(r.external_id) && r.url.startsWith('https://attack.mitre.org/techniques/'))) errors.push(`${o.id}: no mitre-attack reference`);
    }
  }
  return errors;
};

describe('STIX 2.1 bundle', () => {
  const bundle = toStixBundle(model);

  it('validates: ids, spec_version, ms timestamps, required properties, resolvable refs', () => {
    expect(bundle.type).toBe('bundle');
    expect(bundle.id).toMatch(/^bundle--/);
    expect(validateStix(bundle.objects)).toEqual([]);
    expect(new Set(bundle.objects.map((o) => o.id)).size).toBe(bundle.objects.length);
  });

  it('has an indicator, observed-data and sighting per IOC, attack-patterns per technique, one report referencing all', () => {
    const count = (t: string): number => bundle.objects.filter((o) => o.type === t).length;
    expect(count('indicator')).toBe(model.iocs.filter((i) => !i.isPrivate).length);
    expect(count('observed-data')).toBe(model.iocs.length);
    expect(count('sighting')).toBe(count('indicator'));
    expect(count('attack-pattern')).toBe(model.techniques.length);
    const report = bundle.objects.find((o) => o.type === 'report');
    expect((report?.object_refs as string[]).length).toBe(bundle.objects.length - 1);
    const ap = bundle.objects.find((o) => o.type === 'attack-pattern' && o.name === 'Hidden Files and Directories');
    expect(ap?.external_references).toEqual([{ source_name: 'mitre-attack', external_id: 'T1564.001', url: 'https://attack.mitre.org/techniques/T1564/001/' }]);
    expect(ap?.kill_chain_phases).toEqual([{ kill_chain_name: 'mitre-attack', phase_name: 'defense-evasion' }]);
    const ind = bundle.objects.find((o) => o.type === 'indicator' && String(o.pattern).includes('8963a19f'));
    expect(ind?.pattern).toBe("[file:hashes.'SHA-256' = '8963a19fb992ad9a76576c5638fd68292cffb9aaac29eb8285f9abf6196a7dec']");
    expect(ind?.valid_from).toBe('2021-04-26T07:45:50.116Z');
  });

  it('is deterministic, and SCO ids are the spec\'s UUIDv5 over the ID-contributing properties', () => {
    expect(toStixBundle(model)).toEqual(bundle);
    const ip = bundle.objects.find((o) => o.type === 'ipv4-addr' && o.value === '192.0.2.1');
    expect(ip?.id).toBe(`ipv4-addr--${uuidv5('{"value":"192.0.2.1"}', STIX_SCO_NAMESPACE)}`);
  });

  it('escapes quote and backslash in pattern literals', () => {
    expect(stixString("a'b\\c")).toBe("'a\\'b\\\\c'");
    const ioc: Ioc = { type: 'url', value: "http://x/'] OR [url:value = 'y", firstSeen: 0, lastSeen: 0, alertCount: 1, alertIds: [], isPrivate: false, roles: [] };
    expect(stixPattern(ioc)).toBe("[url:value = 'http://x/\\'] OR [url:value = \\'y']");
  });
});

describe('uuid', () => {
  it('SHA-1 and UUIDv5 match the published test vectors', () => {
    const hex = (b: Uint8Array): string => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
    expect(hex(sha1(new TextEncoder().encode('abc')))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(hex(sha1(new TextEncoder().encode('a'.repeat(1000))))).toBe('291e9a6c66994949b57ba5e650361e98fc36b1ba');
    expect(uuidv5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: null } })).toBe('{"a":{"c":null,"d":[1,"x"]},"b":1}');
  });
});

describe('ATT&CK Navigator layer 4.5', () => {
  const layer = toNavigatorLayer(model);
  it('has the documented required fields and valid technique entries', () => {
    expect(layer.versions.layer).toBe('4.5');
    expect(layer.versions.navigator).toMatch(/^5\.\d+\.\d+$/);
    expect(layer.domain).toBe('enterprise-attack');
    expect(typeof layer.name).toBe('string');
    expect(layer.gradient.colors.length).toBeGreaterThanOrEqual(2);
    expect(layer.gradient.maxValue).toBeGreaterThan(layer.gradient.minValue);
    for (const l of layer.legendItems) expect(l).toEqual({ label: expect.any(String) as string, color: expect.stringMatching(/^#[0-9a-f]{6}$/i) as string });
    for (const t of layer.techniques) {
      expect(t.techniqueID).toMatch(/^T\d{4}(\.\d{3})?$/);
      expect(getTechnique(t.techniqueID)).toBeDefined();
      expect(t.tactic).toMatch(/^[a-z-]+$/);
      expect(typeof t.score).toBe('number');
    }
    expect(layer.techniques.filter((t) => t.techniqueID === 'T1053').map((t) => t.tactic)).toEqual(['execution', 'persistence', 'privilege-escalation']);
    expect(layer.techniques.find((t) => t.techniqueID === 'T1564.001')).toMatchObject({ tactic: 'defense-evasion', score: 1 });
  });
  it('reads an ATT&CK version from the data source when it names one', () => {
    expect(attackVersionOf('MITRE ATT&CK v17.1')).toBe('17');
    expect(attackVersionOf('mitre/cti enterprise-attack (STIX 2.x objects), commit 421deacb77191b38bdd1bf63268954e93da91365')).toBeUndefined();
  });
});

describe('MISP event', () => {
  const ev = toMispEvent(model).Event;
  it('has the core-format required fields with the right JSON types', () => {
    expect(ev.uuid).toMatch(UUID);
    expect(ev.info.length).toBeGreaterThan(0);
    expect(ev.info.length).toBeLessThanOrEqual(256);
    expect(ev.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(ev.timestamp).toMatch(/^\d+$/);
    expect(ev.published).toBe(false);
    expect(['1', '2', '3', '4']).toContain(ev.threat_level_id);
    expect(['0', '1', '2']).toContain(ev.analysis);
    expect(['0', '1', '2', '3', '4']).toContain(ev.distribution);
    expect(ev.threat_level_id).toBe('1'); // high
    expect(ev.analysis).toBe('1'); // in progress
    for (const a of ev.Attribute) {
      expect(a.uuid).toMatch(UUID);
      expect(typeof a.to_ids).toBe('boolean');
      expect(a.timestamp).toMatch(/^\d+$/);
      expect(a.deleted).toBe(false);
      expect(['Network activity', 'Payload delivery']).toContain(a.category);
    }
    expect(ev.Attribute.find((a) => a.value === '8963a19fb992ad9a76576c5638fd68292cffb9aaac29eb8285f9abf6196a7dec')).toMatchObject({ type: 'sha256', to_ids: true });
    expect(ev.Attribute.find((a) => a.value === 'MsSense.exe')).toMatchObject({ type: 'filename', to_ids: false });
    expect(ev.Tag).toContainEqual({ name: 'misp-galaxy:mitre-attack-pattern="Hidden Files and Directories - T1564.001"' });
    expect(ev.Tag[0]).toEqual({ name: 'tlp:amber' });
  });
});

describe('Timesketch timeline CSV', () => {
  it('has message, datetime, timestamp_desc and a row per alert in time order', () => {
    const rows = parseCsv(toTimelineCsv(model));
    expect(rows[0]?.slice(0, 4)).toEqual(['message', 'datetime', 'timestamp_desc', 'timestamp']);
    expect(rows).toHaveLength(model.timeline.length + 1);
    const g = rows.find((r) => r[0] === 'Suspicious execution of hidden file');
    expect(g?.slice(1, 4)).toEqual(['2021-04-26T07:45:50.116Z', 'Alert first activity', String(Date.parse('2021-04-26T07:45:50.116Z') * 1000)]);
  });
});
