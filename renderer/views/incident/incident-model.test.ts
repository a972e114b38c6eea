import { describe, expect, it } from 'vitest';
import type { AlertRow, IncidentDetail, IncidentEntity } from '#shared/engine/api';
import type { AlertId, EntityType, IncidentId } from '#shared/model/index';
import { ASSET_TYPES, EVIDENCE_TYPES, groupEntities, reasonsByAlert, summarize } from './incident-model';

const T0 = Date.UTC(2024, 2, 10, 8);
const row = (id: string, tactics: string[], minute: number, source = 'graph'): AlertRow => ({
  id, title: id, severity: minute > 10 ? 'high' : 'low', status: 'new', source, product: source === 'graph' ? 'Microsoft Defender for Endpoint' : 'Suricata',
  firstActivity: T0 + minute * 60_000, lastActivity: T0 + (minute + 2) * 60_000, tactics, incidentId: 'in-1', entityCount: 1, assignedTo: '', classification: 'unknown', suppressed: false,
});
const ent = (type: EntityType, value: string, alertIds: string[], noise?: string): IncidentEntity => ({
  key: `${type}:${value}`, type, value, roles: ['compromised'], props: {}, alertIds, firstSeen: T0, lastSeen: T0 + 1, ...(noise ? { noise } : {}),
});

const detail = (): IncidentDetail => ({
  incident: { id: 'in-1' as IncidentId, title: 'Multi-stage incident', severity: 'high', status: 'active', classification: 'unknown', determination: 'unknown', assignedTo: '', tags: [], firstActivity: T0, lastActivity: T0 + 1, tactics: [], alertIds: [], impactedAssets: [], sources: [], createdAt: T0, updatedAt: T0 },
  alerts: [row('a1', ['TA0002', 'TA0001'], 0), row('a2', ['TA0002'], 20, 'suricata'), row('a3', [], 30)],
  reasons: [
    { kind: 'sameTargetedAsset', alertId: 'a2' as AlertId, otherAlertId: 'a1' as AlertId, text: 'Same device ws-01' },
    { kind: 'eventSequence', alertId: 'a2' as AlertId, otherAlertId: 'a1' as AlertId, tacticStep: ['TA0001', 'TA0002'], text: 'Initial access then execution' },
    { kind: 'sameTargetedAsset', alertId: 'a3' as AlertId, text: 'Same device ws-01' },
  ],
  entities: [ent('ip', '10.0.0.1', ['a1']), ent('device', 'ws-01', ['a1', 'a2', 'a3']), ent('account', 'alice', ['a1']), ent('device', 'ws-02', ['a2']), ent('file', 'x.exe', ['a2']), ent('ip', '10.0.0.9', ['a1', 'a2', 'a3'], 'common')],
});

describe('incident model', () => {
  it('splits assets from evidence and covers every entity type once', () => {
    expect(new Set([...ASSET_TYPES, ...EVIDENCE_TYPES]).size).toBe(14);
    const assets = groupEntities(detail().entities, ASSET_TYPES);
    expect(assets.map((g) => [g.label, g.entities.map((e) => e.value)])).toEqual([
      ['Device', ['ws-01', 'ws-02']],
      ['User account', ['alice']],
    ]);
    const evidence = groupEntities(detail().entities, EVIDENCE_TYPES);
    expect(evidence.map((g) => g.type)).toEqual(['ip', 'file']);
    expect(evidence[0]?.entities.map((e) => e.value)).toEqual(['10.0.0.9', '10.0.0.1']);
  });
  it('groups correlation reasons by alert', () => {
    const m = reasonsByAlert(detail().reasons);
    expect(m.get('a2')?.map((r) => r.kind)).toEqual(['sameTargetedAsset', 'eventSequence']);
    expect(m.get('a1')).toBeUndefined();
  });
  it('summarises time span, tactics in kill-chain order, sources, assets and reasons', () => {
    const s = summarize(detail());
    expect(s.alertCount).toBe(3);
    expect(s.first).toBe(T0);
    expect(s.last).toBe(T0 + 32 * 60_000);
    expect(s.tactics).toEqual([
      { id: 'TA0001', name: 'Initial Access', alerts: 1 },
      { id: 'TA0002', name: 'Execution', alerts: 2 },
    ]);
    expect(s.sources).toEqual(['Microsoft Defender for Endpoint', 'Suricata']);
    expect(s.assets).toEqual([
      { type: 'device', label: 'Device', count: 2 },
      { type: 'account', label: 'User account', count: 1 },
    ]);
    expect(s.evidenceCount).toBe(3);
    expect(s.topEntities[0]?.value).toBe('ws-01');
    expect(s.topEntities.some((e) => e.noise)).toBe(false);
    expect(s.reasons).toEqual([
      { kind: 'sameTargetedAsset', label: 'Same asset', count: 2 },
      { kind: 'eventSequence', label: 'Attack sequence', count: 1 },
    ]);
    expect(s.severities).toEqual({ low: 1, high: 2 });
  });
});
