import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ATTACK_SOURCE } from '#shared/model/index';
import { BUILT_IN_PLAYBOOKS } from '#shared/respond/playbooks';
import { suppressionFromAlert } from '#shared/respond/suppression';
import type { CaseManifest } from './case-file';
import { MIN_ITERATIONS, jsonDepthOk, readCaseFile, writeCaseFile } from './case-file';
import type { CaseSnapshot } from './case-snapshot';
import { emptySnapshot } from './case-snapshot';
import { validateSnapshot } from './case-validate';
import { GENERATED_AT, sampleCaseAlerts, sampleCaseInput } from './test-fixtures';

const read = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../shared/samples/${name}`, import.meta.url), 'utf8'));
const input = sampleCaseInput(sampleCaseAlerts(read('graph-alerts-v2-docs-example.json'), read('defender-for-cloud-alerts-api-example.json'), read('suricata-eve-honeypot-2018.json')));

export const sampleSnapshot = (): CaseSnapshot => ({
  ...emptySnapshot('alice', GENERATED_AT, ATTACK_SOURCE),
  alerts: [...input.alerts],
  triage: [{ id: input.alerts[0].id, status: 'inProgress', classification: 'unknown', determination: 'unknown', assignedTo: 'alice', updatedAt: GENERATED_AT }],
  incidents: [input.incident],
  reasons: input.reasons.map((r) => ({ ...r, incidentId: input.incident.id })),
  comments: [...input.comments],
  activity: [...input.activity],
  tasks: [...input.tasks],
  suppressionRules: [suppressionFromAlert(input.alerts[1], 'alice', GENERATED_AT)],
  automationRules: [{ id: 'ar-1', name: 'High to Tier 2', order: 1, enabled: true, trigger: 'incidentCreated', conditions: { severities: ['high'] }, actions: [{ kind: 'assign', to: 'tier2' }] }],
  playbooks: [{ ...BUILT_IN_PLAYBOOKS[0], id: 'pb-custom', builtIn: false, name: 'Custom' }],
  settings: { analyst: 'alice', zone: 'UTC', compact: true },
});

const snap = sampleSnapshot();
const HEADER = 13;
const manifestLength = (b: Uint8Array): number => new DataView(b.buffer, b.byteOffset).getUint32(9);
const manifestOf = (b: Uint8Array): CaseManifest => JSON.parse(new TextDecoder().decode(b.subarray(HEADER, HEADER + manifestLength(b)))) as CaseManifest;

/** What a deliberate tamperer would do: change the manifest and/or payload, then recompute every hash. */
const reseal = (b: Uint8Array, edit: (m: CaseManifest) => void, payloadEdit?: (p: Uint8Array) => void): Uint8Array => {
  const m = manifestOf(b);
  const payload = b.slice(HEADER + manifestLength(b) + 32);
  payloadEdit?.(payload);
  m.payload.sha256 = createHash('sha256').update(payload).digest('hex');
  edit(m);
  const mb = new TextEncoder().encode(JSON.stringify(m));
  const head = new Uint8Array(HEADER + mb.length);
  head.set(b.subarray(0, 9));
  new DataView(head.buffer).setUint32(9, mb.length);
  head.set(mb, HEADER);
  const seal = createHash('sha256').update(head).digest();
  return new Uint8Array([...head, ...seal, ...payload]);
};

describe('case file without passphrase', () => {
  it('round-trips the snapshot exactly, raw evidence included', async () => {
    const bytes = await writeCaseFile(snap);
    expect(new TextDecoder().decode(bytes.subarray(0, 8))).toBe('CASELINE');
    const r = await readCaseFile(bytes);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.snapshot).toEqual(snap);
    expect(r.snapshot.alerts[0]?.raw).toBe(snap.alerts[0]?.raw);
    expect(r.manifest.counts).toMatchObject({ alerts: 23, incidents: 1, comments: 1, tasks: 1, suppressionRules: 1 });
    expect(r.manifest.payload.encryption).toBeNull();
    expect(r.manifest.payload.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await writeCaseFile(snap)).toEqual(bytes); // deterministic without encryption
  });

  it('detects a flipped payload byte, a flipped manifest byte, truncation and extra bytes', async () => {
    const bytes = await writeCaseFile(snap);
    const flip = (i: number): Uint8Array => {
      const c = bytes.slice();
      c[i] = (c[i] ?? 0) ^ 0x01;
      return c;
    };
    const code = async (b: Uint8Array): Promise<string> => {
      const r = await readCaseFile(b);
      return r.ok ? 'ok' : r.error.code;
    };
    expect(await code(flip(bytes.length - 10))).toBe('TAMPERED');
    expect(await code(flip(HEADER + 20))).toBe('TAMPERED');
    expect(await code(bytes.slice(0, bytes.length - 1))).toBe('DAMAGED');
    expect(await code(bytes.slice(0, 40))).toBe('DAMAGED');
    expect(await code(new Uint8Array([...bytes, 0]))).toBe('DAMAGED');
    expect(await code(flip(0))).toBe('NOT_A_CASE_FILE');
    expect(await code(flip(8))).toBe('UNSUPPORTED_VERSION');
    expect(await code(new TextEncoder().encode('{"format":"caseline-case"}'))).toBe('NOT_A_CASE_FILE');
  });

  it('property: any single-byte change anywhere is detected', async () => {
    const bytes = await writeCaseFile(snap);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), async (i, x) => {
        const c = bytes.slice();
        c[i] = (c[i] ?? 0) ^ x;
        const r = await readCaseFile(c);
        expect(r.ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('a resealed manifest with other counts, or a newer version, is refused', async () => {
    const bytes = await writeCaseFile(snap);
    const counts = await readCaseFile(reseal(bytes, (m) => (m.counts.alerts = 22)));
    expect(counts.ok ? 'ok' : counts.error.code).toBe('TAMPERED');
    const v2 = await readCaseFile(reseal(bytes, (m) => (m.version = 2)));
    expect(v2.ok ? 'ok' : v2.error.code).toBe('UNSUPPORTED_VERSION');
  });

  it('caps decompressed size and JSON depth', async () => {
    const r = await readCaseFile(await writeCaseFile(snap), { maxBytes: 1000 });
    expect(r.ok ? 'ok' : r.error.code).toBe('TOO_LARGE');
    expect(jsonDepthOk('[[["]]]]]]]"]]]', 3)).toBe(true);
    expect(jsonDepthOk('{"a":{"b":{"c":[1]}}}', 3)).toBe(false);
    expect(jsonDepthOk('"\\"[[[["', 1)).toBe(true);
  });

  it('keeps attacker keys as data: reading never pollutes Object.prototype', async () => {
    const hostile = { ...snap, settings: JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}') as CaseSnapshot['settings'] };
    const r = await readCaseFile(await writeCaseFile(hostile));
    expect(r.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('case file with a passphrase (AES-256-GCM, PBKDF2-SHA-256)', () => {
  it('round-trips, with salt, IV and ≥310,000 iterations in the manifest and fresh randomness each time', async () => {
    const a = await writeCaseFile(snap, { passphrase: 'correct horse battery staple' });
    const b = await writeCaseFile(snap, { passphrase: 'correct horse battery staple' });
    const m = manifestOf(a);
    expect(m.payload.encryption).toMatchObject({ alg: 'AES-256-GCM', kdf: 'PBKDF2-SHA-256', iterations: MIN_ITERATIONS });
    expect(m.payload.encryption?.salt).not.toBe(manifestOf(b).payload.encryption?.salt);
    expect(m.payload.encryption?.iv).not.toBe(manifestOf(b).payload.encryption?.iv);
    const r = await readCaseFile(a, { passphrase: 'correct horse battery staple' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.snapshot).toEqual(snap);
    expect(new TextDecoder().decode(a)).not.toContain('contosoUser');
  });

  it('tells a wrong or missing passphrase from tampering', async () => {
    const a = await writeCaseFile(snap, { passphrase: 'pw-1' });
    const code = async (b: Uint8Array, passphrase?: string): Promise<string> => {
      const r = await readCaseFile(b, passphrase === undefined ? {} : { passphrase });
      return r.ok ? 'ok' : r.error.code;
    };
    expect(await code(a, 'pw-2')).toBe('WRONG_PASSPHRASE');
    expect(await code(a)).toBe('PASSPHRASE_REQUIRED');
    // A tamperer who recomputes every checksum is still caught by GCM authentication...
    expect(await code(reseal(a, () => undefined, (p) => (p[5] = (p[5] ?? 0) ^ 1)), 'pw-1')).toBe('TAMPERED');
    // ...which also covers the manifest (it is the additional authenticated data).
    expect(await code(reseal(a, (m) => (m.created = '2001-01-01T00:00:00.000Z')), 'pw-1')).toBe('TAMPERED');
    expect(await code(reseal(a, (m) => m.payload.encryption && (m.payload.encryption.iterations = 1000)), 'pw-1')).toBe('UNSUPPORTED_VERSION');
  });
});

describe('record validation on read', () => {
  it('refuses a resealed file whose records have wrong types or vocabularies, naming them', async () => {
    const broken = structuredClone(snap) as unknown as { alerts: Record<string, unknown>[]; incidents: Record<string, unknown>[] };
    broken.alerts[2].entities = 'not a list';
    broken.incidents[0].status = '<img src=x onerror=1>';
    const r = await readCaseFile(await writeCaseFile(broken as unknown as CaseSnapshot));
    expect(r.ok ? 'ok' : r.error).toEqual({ code: 'DAMAGED', message: 'Some case records are malformed (alerts[2].entities, incidents[0].status).' });
  });

  it('accepts every record the app itself writes (validateSnapshot finds nothing in the sample case)', () => {
    expect(validateSnapshot(snap)).toEqual([]);
    expect(validateSnapshot({ ...snap, comments: [{ targetId: 'x', at: 'yesterday', by: 'a', text: 't' }] })).toEqual([{ list: 'comments', index: 0, field: 'at' }]);
  });
});
