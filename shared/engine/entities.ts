// Entities across alerts: canonical keys (shared/correlate's entity identity), merged per incident and indexed
// across the whole case for the entity pane.
import type { Alert, Entity, EntityRole, EntityType } from '#shared/model/index';
import { entityKeys } from '#shared/correlate/keys';
import type { CompactEntity } from './chunk';
import type { IncidentEntity } from './api';

/** The entity's primary canonical key; entities with no identifier (a process known only by its image) get a literal one. */
export const primaryKey = (e: Entity): { key: string; type: EntityType; value: string } => {
  const keys = entityKeys(e);
  const own = keys.find((k) => k.type === e.type) ?? keys[0];
  return own ? { key: own.key, type: e.type, value: e.value } : { key: `${e.type}:${e.value.toLowerCase()}`, type: e.type, value: e.value };
};

/** All keys an entity is known by (FQDN and short host name, UPN and SID...). */
export const allKeys = (e: Entity): string[] => {
  const keys = entityKeys(e).map((k) => k.key);
  return keys.length ? keys : [primaryKey(e).key];
};

export const fromCompact = (c: CompactEntity): Entity => ({
  type: c[0] as EntityType,
  value: c[1],
  roles: (c[2] ? c[2].split(',') : ['unknown']) as EntityRole[],
  props: c[3] ? (c[3]) : {},
});

/** Merge the entities of some alerts by primary key: roles united, props filled, alerts and first/last seen. */
export const mergeEntities = (alerts: readonly Alert[]): IncidentEntity[] => {
  const byKey = new Map<string, IncidentEntity>();
  for (const a of alerts) {
    for (const e of a.entities) {
      const { key, type, value } = primaryKey(e);
      let m = byKey.get(key);
      if (!m) {
        m = { key, type, value, roles: [], props: {}, alertIds: [], firstSeen: a.firstActivity, lastSeen: a.lastActivity };
        byKey.set(key, m);
      }
      for (const r of e.roles) if (!m.roles.includes(r)) m.roles.push(r);
      for (const [k, v] of Object.entries(e.props)) if (!(k in m.props)) (m.props as Record<string, string>)[k] = v;
      if (m.alertIds[m.alertIds.length - 1] !== a.id) m.alertIds.push(a.id);
      m.firstSeen = Math.min(m.firstSeen, a.firstActivity);
      m.lastSeen = Math.max(m.lastSeen, a.lastActivity);
    }
  }
  for (const m of byKey.values()) if (m.roles.length > 1) m.roles = m.roles.filter((r) => r !== 'unknown');
  return [...byKey.values()].sort((x, y) => y.alertIds.length - x.alertIds.length || (x.key < y.key ? -1 : 1));
};

/** Case-wide index: entity key → alert positions (built lazily from the chunks' compact entities). */
export class EntityIndex {
  private postings = new Map<string, number[]>();
  private info = new Map<string, { type: EntityType; value: string; aliases: Set<string> }>();
  builtTo = 0;

  add(position: number, entities: readonly CompactEntity[]): void {
    for (const c of entities) {
      const e = fromCompact(c);
      const primary = primaryKey(e);
      for (const key of allKeys(e)) {
        let list = this.postings.get(key);
        if (!list) {
          list = [];
          this.postings.set(key, list);
        }
        if (list[list.length - 1] !== position) list.push(position);
        let inf = this.info.get(key);
        if (!inf) {
          inf = { type: key === primary.key ? e.type : primary.type, value: e.value, aliases: new Set() };
          this.info.set(key, inf);
        }
        if (inf.aliases.size < 20) inf.aliases.add(e.value);
      }
    }
  }

  positions(key: string): readonly number[] {
    return this.postings.get(key) ?? [];
  }
  describe(key: string): { type: EntityType; value: string; aliases: string[] } | undefined {
    const i = this.info.get(key);
    return i ? { type: i.type, value: i.value, aliases: [...i.aliases].filter((a) => a !== i.value) } : undefined;
  }
}
