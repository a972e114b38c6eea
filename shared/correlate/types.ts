import type { AlertId, EntityKey, EntityType, Severity } from '#shared/model/index';
import { ENTITY_TYPES } from '#shared/model/index';

/**
 * One identifier of an entity: `key` is canonical (the same thing written differently gets one key). Correlation
 * does not read roles, so they are not here (an import's reader used to unite and code them for every alert).
 */
export type CorrelationEntity = { key: EntityKey; type: EntityType; value: string };

/** Code of each entity type (its index in `ENTITY_TYPES`), as the store and a coded batch keep it. */
export const TYPE_CODE: ReadonlyMap<string, number> = new Map(ENTITY_TYPES.map((t, i) => [t, i]));
export const typeOfCode = (c: number): EntityType => ENTITY_TYPES[c] ?? 'domain';

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
 * the store interns each distinct key of the batch once instead of once an occurrence (a chunk of 2,000 alerts names
 * some 7,000 distinct entities 10,000 times). `alerts[x].entities` is left empty: its entities are the entries
 * `ent[j]` for j from `offsets[slots[x]]` to `offsets[slots[x] + 1]`. Entry c's key is `text` from `spans[4c]` to
 * `spans[4c + 1]`, its value from `spans[4c + 2]` to `spans[4c + 3]` (within the key when it is the key's tail),
 * its type `ENTITY_TYPES[types[c]]`. One string and typed arrays cross `postMessage` for the chunk, where three
 * strings an entry cost the engine ~2.5 ms a chunk to deserialise and their garbage.
 */
export type CodedAlerts = {
  coded: true;
  alerts: readonly CorrelationAlert[];
  slots: readonly number[];
  text: string;
  spans: Uint32Array;
  types: Uint8Array;
  offsets: Uint32Array;
  ent: Uint32Array;
};

/** Alerts as the correlator takes them: each with its entities, or a coded batch. */
export type CorrelationBatch = readonly CorrelationAlert[] | CodedAlerts;

/** Key of entry c of a coded batch. */
export const codedKey = (b: Pick<CodedAlerts, 'text' | 'spans'>, c: number): EntityKey => b.text.slice(b.spans[4 * c], b.spans[4 * c + 1]) as EntityKey;

/** Value of entry c of a coded batch. */
export const codedValue = (b: Pick<CodedAlerts, 'text' | 'spans'>, c: number): string => b.text.slice(b.spans[4 * c + 2], b.spans[4 * c + 3]);

/** Type of entry c of a coded batch. */
export const codedType = (b: Pick<CodedAlerts, 'types'>, c: number): EntityType => typeOfCode(b.types[c] ?? 0);

/** The alerts of a batch, each with its entities. */
export const alertsOf = (batch: CorrelationBatch): readonly CorrelationAlert[] => {
  if (!('coded' in batch)) return batch;
  const { alerts, slots, offsets, ent } = batch;
  return alerts.map((a, x) => {
    const s = slots[x] ?? 0;
    const entities: CorrelationEntity[] = [];
    for (let j = offsets[s] ?? 0, end = offsets[s + 1] ?? 0; j < end; j++) {
      const c = ent[j] ?? 0;
      entities.push({ key: codedKey(batch, c), type: codedType(batch, c), value: codedValue(batch, c) });
    }
    return { ...a, entities };
  });
};
