import type { AlertId, EntityKey, EntityRole, EntityType, Severity } from '#shared/model/index';

/**
 * One identifier of an entity: `key` is canonical (the same thing written differently gets one key). Roles come
 * along for callers; correlation itself does not read them.
 */
export type CorrelationEntity = { key: EntityKey; type: EntityType; value: string; roles: readonly EntityRole[] };

/** What correlation needs of an alert; the engine stores these compactly and feeds them back at open. */
export type CorrelationAlert = {
  id: AlertId;
  /** UTC epoch ms. */
  first: number;
  last: number;
  severity: Severity;
  title: string;
  detectorId: string;
  source: string;
  /** ATT&CK tactic ids (TA00xx). */
  tactics: readonly string[];
  entities: readonly CorrelationEntity[];
};

/**
 * Alerts whose entities are coded into a dictionary the batch shares (an import's chunk, as the reader packs it):
 * the store interns each distinct key of the batch once instead of once an occurrence (a chunk of 1,000 alerts names
 * some 3,700 distinct entities 7,000 times). `alerts[x].entities` is left empty: its entities are the pairs
 * (dictionary entry, role list) `ent[2j]`, `ent[2j + 1]` for j from `offsets[slots[x]]` to `offsets[slots[x] + 1]`, and
 * entry c is `dict[3c]` (key), `dict[3c + 1]` (type), `dict[3c + 2]` (value).
 */
export type CodedAlerts = {
  coded: true;
  alerts: readonly CorrelationAlert[];
  slots: readonly number[];
  dict: readonly string[];
  roles: readonly (readonly EntityRole[])[];
  offsets: Uint32Array;
  ent: Uint32Array;
};

/** Alerts as the correlator takes them: each with its entities, or a coded batch. */
export type CorrelationBatch = readonly CorrelationAlert[] | CodedAlerts;

/** The alerts of a batch, each with its entities. */
export const alertsOf = (batch: CorrelationBatch): readonly CorrelationAlert[] => {
  if (!('coded' in batch)) return batch;
  const { alerts, slots, dict, roles, offsets, ent } = batch;
  return alerts.map((a, x) => {
    const s = slots[x] ?? 0;
    const entities: CorrelationEntity[] = [];
    for (let j = offsets[s] ?? 0, end = offsets[s + 1] ?? 0; j < end; j++) {
      const c = (ent[j * 2] ?? 0) * 3;
      entities.push({ key: dict[c] as EntityKey, type: dict[c + 1] as EntityType, value: dict[c + 2] ?? '', roles: roles[ent[j * 2 + 1] ?? 0] ?? [] });
    }
    return { ...a, entities };
  });
};
