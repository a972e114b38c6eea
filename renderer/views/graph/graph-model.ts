// The attack-story graph as plain data: IncidentDetail → nodes and edges, with tactic/time filters and large
// same-type groups collapsed. No Cytoscape, no DOM: unit-tested in node.
import type { AlertRow, IncidentDetail, IncidentEntity } from '#shared/engine/api';
import type { EntityRole, EntityType, Severity } from '#shared/model/index';
import { ENTITY_TYPE_LABELS, TACTICS, severityRank, tacticRank } from '#shared/model/index';
import { deriveRelations } from './graph-relations';

export type NodeKind = 'alert' | 'entity' | 'group';

export type GraphNode = {
  id: string;
  kind: NodeKind;
  /** Entity type, or 'alert' for alerts and groups of alerts. */
  type: EntityType | 'alert';
  /** The text as the source wrote it (untrusted; views render it as text or canvas text only). */
  value: string;
  severity?: Severity;
  /** Kill-chain column: lowest tactic rank among its alerts; TACTICS.length when unmapped. */
  rank: number;
  first: number;
  last: number;
  /** Alerts this node stands for (alert, group of alerts) or that name it (entity, group of entities). */
  alertIds: string[];
  entityKey?: string;
  roles: EntityRole[];
  /** Group: the ids of the nodes it stands for. */
  members?: string[];
  count: number;
  noise?: string;
};

export type EdgeKind = 'role' | 'relation';
export type GraphEdge = { id: string; source: string; target: string; label: string; kind: EdgeKind; count: number };
export type GraphModel = { nodes: GraphNode[]; edges: GraphEdge[]; alertCount: number; entityCount: number };

export const UNMAPPED = 'unmapped';

export type GraphOptions = {
  /** Same-type groups larger than this collapse into one node unless expanded (default 25). */
  collapseOver?: number;
  /** Alerts sharing a title collapse into one node above this many (default 2: a detection repeated 3+ times). */
  alertCollapseOver?: number;
  /** Group ids the analyst expanded. */
  expanded?: ReadonlySet<string>;
  /** Keep alerts with one of these tactic ids (UNMAPPED keeps alerts without a tactic); empty keeps all. */
  tactics?: ReadonlySet<string>;
  /** Keep alerts whose activity overlaps [from, to]. */
  timeRange?: readonly [number, number] | undefined;
  hideNoise?: boolean;
};

export const DEFAULT_COLLAPSE_OVER = 25;
export const DEFAULT_ALERT_COLLAPSE_OVER = 2;

export const alertNodeId = (alertId: string): string => `a:${alertId}`;
export const entityNodeId = (key: string): string => `e:${key}`;
export const entityGroupId = (type: EntityType): string => `g:${type}`;
export const alertGroupId = (title: string): string => `g:alert:${title}`;

const PLURAL: Readonly<Record<EntityType, string>> = {
  device: 'devices',
  account: 'user accounts',
  ip: 'IP addresses',
  url: 'URLs',
  domain: 'domains',
  file: 'files',
  process: 'processes',
  mailbox: 'mailboxes',
  mailMessage: 'email messages',
  cloudResource: 'cloud resources',
  cloudApplication: 'cloud applications',
  registryKey: 'registry keys',
  registryValue: 'registry values',
  dnsQuery: 'DNS queries',
};
export const typeLabel = (type: EntityType | 'alert', count = 1): string =>
  type === 'alert' ? (count === 1 ? 'Alert' : 'alerts') : count === 1 ? ENTITY_TYPE_LABELS[type] : PLURAL[type];

/** Roles worth writing on an edge ('unknown' says nothing). */
const roleLabel = (roles: readonly EntityRole[]): string => roles.filter((r) => r !== 'unknown').join(', ');

export const alertRank = (a: Pick<AlertRow, 'tactics'>): number =>
  a.tactics.length ? Math.min(...a.tactics.map(tacticRank)) : TACTICS.length;

export const alertMatches = (a: AlertRow, opts: GraphOptions): boolean => {
  if (opts.tactics && opts.tactics.size > 0) {
    const hit = a.tactics.length === 0 ? opts.tactics.has(UNMAPPED) : a.tactics.some((t) => opts.tactics?.has(t));
    if (!hit) return false;
  }
  if (opts.timeRange) {
    const [from, to] = opts.timeRange;
    if (a.lastActivity < from || a.firstActivity > to) return false;
  }
  return true;
};

const higher = (a: Severity | undefined, b: Severity): Severity => (a === undefined || severityRank(b) > severityRank(a) ? b : a);

/** Build the graph for an incident under the given filters and collapse settings. */
export const buildGraph = (detail: Pick<IncidentDetail, 'alerts' | 'entities'>, opts: GraphOptions = {}): GraphModel => {
  const over = opts.collapseOver ?? DEFAULT_COLLAPSE_OVER;
  const alertOver = opts.alertCollapseOver ?? DEFAULT_ALERT_COLLAPSE_OVER;
  const expanded = opts.expanded ?? new Set<string>();
  const alerts = detail.alerts.filter((a) => alertMatches(a, opts));
  const kept = new Map(alerts.map((a) => [a.id, a]));
  const entities: IncidentEntity[] = [];
  for (const e of detail.entities) {
    if (opts.hideNoise && e.noise) continue;
    const ids = e.alertIds.filter((id) => kept.has(id));
    if (ids.length) entities.push(ids.length === e.alertIds.length ? e : { ...e, alertIds: ids });
  }

  const nodes: GraphNode[] = [];
  /** Node id of each alert/entity after collapsing (itself or its group). */
  const rep = new Map<string, string>();

  // Alerts: one node each, or one per title when many share it (a scanner repeating one signature).
  const byTitle = new Map<string, AlertRow[]>();
  for (const a of alerts) {
    const list = byTitle.get(a.title);
    if (list) list.push(a);
    else byTitle.set(a.title, [a]);
  }
  for (const [title, list] of byTitle) {
    const gid = alertGroupId(title);
    if (list.length > alertOver && !expanded.has(gid)) {
      let severity: Severity | undefined;
      for (const a of list) severity = higher(severity, a.severity);
      nodes.push({
        id: gid,
        kind: 'group',
        type: 'alert',
        value: title,
        severity,
        rank: Math.min(...list.map(alertRank)),
        first: Math.min(...list.map((a) => a.firstActivity)),
        last: Math.max(...list.map((a) => a.lastActivity)),
        alertIds: list.map((a) => a.id),
        roles: [],
        members: list.map((a) => alertNodeId(a.id)),
        count: list.length,
      });
      for (const a of list) rep.set(alertNodeId(a.id), gid);
    } else {
      for (const a of list) {
        const id = alertNodeId(a.id);
        nodes.push({ id, kind: 'alert', type: 'alert', value: a.title, severity: a.severity, rank: alertRank(a), first: a.firstActivity, last: a.lastActivity, alertIds: [a.id], roles: [], count: 1 });
        rep.set(id, id);
      }
    }
  }

  const rankOfAlerts = (ids: readonly string[]): number => {
    let r = TACTICS.length;
    for (const id of ids) {
      const a = kept.get(id);
      if (a) r = Math.min(r, alertRank(a));
    }
    return r;
  };

  // Entities: one node each, or one per type when the type is crowded.
  const byType = new Map<EntityType, IncidentEntity[]>();
  for (const e of entities) {
    const list = byType.get(e.type);
    if (list) list.push(e);
    else byType.set(e.type, [e]);
  }
  for (const [type, list] of byType) {
    const gid = entityGroupId(type);
    if (list.length > over && !expanded.has(gid)) {
      const alertIds = [...new Set(list.flatMap((e) => e.alertIds))];
      nodes.push({
        id: gid,
        kind: 'group',
        type,
        value: `${list.length} ${PLURAL[type]}`,
        rank: rankOfAlerts(alertIds),
        first: Math.min(...list.map((e) => e.firstSeen)),
        last: Math.max(...list.map((e) => e.lastSeen)),
        alertIds,
        roles: [...new Set(list.flatMap((e) => e.roles))],
        members: list.map((e) => entityNodeId(e.key)),
        count: list.length,
      });
      for (const e of list) rep.set(entityNodeId(e.key), gid);
    } else {
      for (const e of list) {
        const id = entityNodeId(e.key);
        nodes.push({
          id,
          kind: 'entity',
          type,
          value: e.value,
          rank: rankOfAlerts(e.alertIds),
          first: e.firstSeen,
          last: e.lastSeen,
          alertIds: e.alertIds,
          entityKey: e.key,
          roles: e.roles,
          count: 1,
          ...(e.noise ? { noise: e.noise } : {}),
        });
        rep.set(id, id);
      }
    }
  }

  // Edges, merged when collapsing maps several onto the same pair.
  const edges = new Map<string, GraphEdge>();
  const addEdge = (from: string, to: string, label: string, kind: EdgeKind): void => {
    const s = rep.get(from);
    const t = rep.get(to);
    if (!s || !t || s === t) return;
    const id = `${kind}|${s}|${t}|${label}`;
    const e = edges.get(id);
    if (e) e.count++;
    else edges.set(id, { id, source: s, target: t, label, kind, count: 1 });
  };
  for (const e of entities) {
    const label = roleLabel(e.roles);
    for (const a of e.alertIds) addEdge(alertNodeId(a), entityNodeId(e.key), label, 'role');
  }
  for (const r of deriveRelations(entities)) addEdge(entityNodeId(r.from), entityNodeId(r.to), r.label, 'relation');

  return { nodes, edges: [...edges.values()], alertCount: alerts.length, entityCount: entities.length };
};

/** The node that shows an alert or an entity key now (itself, or the group it collapsed into). */
export const nodeShowing = (model: GraphModel, memberId: string): string | undefined => {
  for (const n of model.nodes) if (n.id === memberId || n.members?.includes(memberId)) return n.id;
  return undefined;
};

/** Node ids that involve any of the given alerts (the alerts' nodes and the entities they name). */
export const nodesOfAlerts = (model: GraphModel, alertIds: ReadonlySet<string>): Set<string> => {
  const out = new Set<string>();
  for (const n of model.nodes) if (n.alertIds.some((a) => alertIds.has(a))) out.add(n.id);
  return out;
};

/** Shortest path between two nodes, edges taken in either direction; undefined when they are not connected. */
export const findPath = (model: GraphModel, from: string, to: string): { nodes: string[]; edges: string[] } | undefined => {
  const adj = new Map<string, { node: string; edge: string }[]>();
  const link = (a: string, b: string, edge: string): void => {
    const list = adj.get(a);
    if (list) list.push({ node: b, edge });
    else adj.set(a, [{ node: b, edge }]);
  };
  for (const e of model.edges) {
    link(e.source, e.target, e.id);
    link(e.target, e.source, e.id);
  }
  if (!model.nodes.some((n) => n.id === from) || !model.nodes.some((n) => n.id === to)) return undefined;
  const prev = new Map<string, { node: string; edge: string } | null>([[from, null]]);
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    const cur = queue[i];
    if (cur === to) break;
    for (const next of adj.get(cur) ?? []) {
      if (prev.has(next.node)) continue;
      prev.set(next.node, { node: cur, edge: next.edge });
      queue.push(next.node);
    }
  }
  if (!prev.has(to)) return undefined;
  const nodes = [to];
  const edges: string[] = [];
  for (let step = prev.get(to); step; step = prev.get(step.node)) {
    nodes.unshift(step.node);
    edges.unshift(step.edge);
  }
  return { nodes, edges };
};
