import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dfcSampleAlerts, suricataSampleAlerts } from '#shared/report/test-fixtures';
import { findSuppression, matchesSuppression, previewSuppression, suppressionFromAlert, suppressionState, validateSuppressionRule } from './suppression';
import type { SuppressionRule } from './types';

const sample = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../shared/samples/${name}`, import.meta.url), 'utf8'));
const suricata = suricataSampleAlerts(sample('suricata-eve-wrccdc-2018.json'));
const dfc = dfcSampleAlerts(sample('defender-for-cloud-alerts-api-example.json'));
const now = Date.UTC(2024, 0, 1);

const rule = (over: Partial<SuppressionRule> = {}): SuppressionRule => ({
  id: 'sr-1', name: 'SSH scans from scoring', enabled: true, conditions: { titleContains: 'ssh scan' }, scope: 'all', reason: 'scoring engine', createdAt: now - 1000, createdBy: 'alice', hits: 0, ...over,
});

describe('suppression rules on the Suricata sample', () => {
  const sshScans = suricata.filter((a) => a.title.toLowerCase().includes('ssh scan'));

  it('preview counts what the conditions match, with sample ids', () => {
    expect(sshScans.length).toBeGreaterThan(0);
    const p = previewSuppression(rule(), suricata, 3);
    expect(p.count).toBe(sshScans.length);
    expect(p.sampleIds).toEqual(sshScans.slice(0, 3).map((a) => a.id));
  });

  it('all conditions must hold (detector AND entity AND scope)', () => {
    const a = sshScans[0];
    const ip = a.entities[1]?.value ?? '';
    const r = rule({ conditions: { detectorId: a.detectorId, entity: { type: 'ip', value: ip.toUpperCase() } }, scope: 'suricata' });
    expect(matchesSuppression(r, a, now)).toBe(true);
    const matched = suricata.filter((x) => matchesSuppression(r, x, now));
    expect(matched.every((x) => x.detectorId === a.detectorId && x.entities.some((e) => e.value === ip))).toBe(true);
    expect(matchesSuppression({ ...r, scope: 'sentinel' }, a, now)).toBe(false);
    expect(matchesSuppression(rule({ conditions: { source: 'Suricata' } }), a, now)).toBe(true); // product name
    expect(matchesSuppression(rule({ conditions: { source: 'zeek' } }), a, now)).toBe(false);
  });

  it('disabled, expired and condition-less rules never match', () => {
    const a = sshScans[0];
    expect(matchesSuppression(rule({ enabled: false }), a, now)).toBe(false);
    expect(matchesSuppression(rule({ expiresAt: now }), a, now)).toBe(false); // expiry instant is expired
    expect(matchesSuppression(rule({ expiresAt: now + 1 }), a, now)).toBe(true);
    expect(suppressionState(rule({ expiresAt: now, enabled: false }), now)).toBe('expired');
    expect(matchesSuppression(rule({ conditions: {} }), a, now)).toBe(false);
    expect(matchesSuppression(rule({ conditions: { titleContains: '   ' } }), a, now)).toBe(false);
    expect(findSuppression([rule({ enabled: false, id: 'x' }), rule({ id: 'y' })], a, now)?.id).toBe('y');
  });
});

describe('validation and suggestions', () => {
  it('checks the 2–50 character name, conditions, expiry and scope', () => {
    expect(validateSuppressionRule(rule())).toEqual([]);
    expect(validateSuppressionRule(rule({ name: 'x', conditions: {}, expiresAt: now - 5000, scope: ' ' })).map((p) => p.field)).toEqual(['name', 'conditions', 'expiresAt', 'scope']);
    expect(validateSuppressionRule(rule({ name: 'x'.repeat(51) })).map((p) => p.field)).toEqual(['name']);
  });

  it('suggests detector + compromised host for the Defender for Cloud screensaver alert', () => {
    const a = dfc[1];
    const s = suppressionFromAlert(a, 'alice', now);
    expect(s.conditions).toEqual({ detectorId: 'VM_SuspiciousScreenSaver', entity: { type: 'device', value: 'vm2' } });
    expect(s.scope).toBe('defender-for-cloud');
    expect(s.name).toBe('Suppress Suspicious Screensaver process executed');
    expect(validateSuppressionRule(s)).toEqual([]);
    expect(matchesSuppression(s, a, now)).toBe(true);
    expect(matchesSuppression(s, dfc[0], now)).toBe(false);
  });

  it('falls back to the title and caps the name at 50 characters', () => {
    const a = { ...(suricata[0]), detectorId: '', title: 'T'.repeat(80) };
    const s = suppressionFromAlert(a);
    expect(s.conditions.titleContains).toBe('T'.repeat(80));
    expect(s.name.length).toBe(50);
  });
});
