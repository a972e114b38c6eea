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
