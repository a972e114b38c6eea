// What the incident page derives from IncidentDetail: assets vs evidence, per-alert reasons, the summary.
import type { IncidentDetail, IncidentEntity } from '#shared/engine/api';
import type { CorrelationReason, CorrelationReasonKind, EntityType } from '#shared/model/index';
import { ENTITY_TYPE_LABELS, sortTactics, tacticName } from '#shared/model/index';

export const ASSET_TYPES: readonly EntityType[] = ['device', 'account', 'mailbox', 'cloudApplication', 'cloudResource'];
export const EVIDENCE_TYPES: readonly EntityType[] = ['ip', 'file', 'process', 'url', 'domain', 'registryKey', 'registryValue', 'dnsQuery', 'mailMessage'];

export type EntityGroup = { type: EntityType; label: string; entities: IncidentEntity[] };

/** Entities of the given types, grouped by type in the given order, most-referenced first within a type. */
export const groupEntities = (entities: readonly IncidentEntity[], types: readonly EntityType[]): EntityGroup[] =>
  types
    .map((type) => ({
      type,
      label: ENTITY_TYPE_LABELS[type],
      entities: entities.filter((e) => e.type === type).sort((a, b) => b.alertIds.length - a.alertIds.length || a.firstSeen - b.firstSeen || (a.key < b.key ? -1 : 1)),
    }))
    .filter((g) => g.entities.length > 0);

export const REASON_LABEL: Record<CorrelationReasonKind, string> = {
  sameTargetedAsset: 'Same asset',
  similarArtifacts: 'Similar artifacts',
  sharedIndicators: 'Shared indicator',
  timeFrame: 'Time frame',
  eventSequence: 'Attack sequence',
  repeatedAlertOccurrence: 'Repeated alert',
  sameNetworkSegment: 'Same network segment',
  similarTTPsOrBehavior: 'Similar TTPs',
};

export const reasonsByAlert = (reasons: readonly CorrelationReason[]): Map<string, CorrelationReason[]> => {
  const m = new Map<string, CorrelationReason[]>();
  for (const r of reasons) {
    const l = m.get(r.alertId);
    if (l) l.push(r);
    else m.set(r.alertId, [r]);
  }
  return m;
};

export type IncidentSummary = {
  alertCount: number;
  first: number;
  last: number;
  sources: string[];
  tactics: { id: string; name: string; alerts: number }[];
  assets: { type: EntityType; label: string; count: number }[];
  evidenceCount: number;
  topEntities: IncidentEntity[];
  reasons: { kind: CorrelationReasonKind; label: string; count: number }[];
  severities: Record<string, number>;
};

export const summarize = (d: Pick<IncidentDetail, 'incident' | 'alerts' | 'entities' | 'reasons'>): IncidentSummary => {
  const tacticCount = new Map<string, number>();
  const severities: Record<string, number> = {};
  let first = Infinity;
  let last = -Infinity;
  for (const a of d.alerts) {
    for (const t of new Set(a.tactics)) tacticCount.set(t, (tacticCount.get(t) ?? 0) + 1);
    severities[a.severity] = (severities[a.severity] ?? 0) + 1;
    first = Math.min(first, a.firstActivity);
    last = Math.max(last, a.lastActivity);
  }
  if (!d.alerts.length) [first, last] = [d.incident.firstActivity, d.incident.lastActivity];
  const reasonCount = new Map<CorrelationReasonKind, number>();
  for (const r of d.reasons) reasonCount.set(r.kind, (reasonCount.get(r.kind) ?? 0) + 1);
  return {
    alertCount: d.alerts.length,
    first,
    last,
    sources: [...new Set(d.alerts.map((a) => a.product || a.source))].sort(),
    tactics: sortTactics(tacticCount.keys()).map((id) => ({ id, name: tacticName(id), alerts: tacticCount.get(id) ?? 0 })),
    assets: groupEntities(d.entities, ASSET_TYPES).map((g) => ({ type: g.type, label: g.label, count: g.entities.length })),
    evidenceCount: d.entities.filter((e) => EVIDENCE_TYPES.includes(e.type)).length,
    topEntities: d.entities.filter((e) => !e.noise).slice().sort((a, b) => b.alertIds.length - a.alertIds.length).slice(0, 8),
    reasons: [...reasonCount].map(([kind, count]) => ({ kind, label: REASON_LABEL[kind], count })).sort((a, b) => b.count - a.count),
    severities,
  };
};
