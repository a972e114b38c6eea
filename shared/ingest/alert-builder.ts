// The one place adapters turn picked fields into an Alert: defaults, ids, caps and origins are set here, so
// each adapter only maps its source's fields.
import type {
  Alert,
  AlertStatus,
  Classification,
  Determination,
  Entity,
  EntityProps,
  EntityRole,
  EntityType,
  Severity,
} from '#shared/model/index';
import { makeAlertId, parseTechniqueId, resolveTactic, sortTactics, tacticsOfTechnique } from '#shared/model/index';
import type { AdapterContext, SourceRecord } from './types';

/** Longest string kept in a normalised field; the verbatim record keeps everything. */
export const MAX_FIELD_CHARS = 64 * 1024;
/** Entities per alert (Sentinel caps at 500). */
export const MAX_ENTITIES = 500;

export const cap = (s: string): string => (s.length > MAX_FIELD_CHARS ? s.slice(0, MAX_FIELD_CHARS) + '…' : s);

/** A string from an unknown value: strings as is, finite numbers and booleans as text, else ''. */
export const str = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'boolean' ? String(v) : '';

/** Own-property read that never walks the prototype chain (attacker keys like `__proto__` are plain data). */
export const field = (obj: unknown, key: string): unknown =>
  obj !== null && typeof obj === 'object' && Object.prototype.hasOwnProperty.call(obj, key)
    ? (obj as Record<string, unknown>)[key]
    : undefined;

/** Nested own-property path read: path('a.b.c') or path(['a', 'b.c']) for dotted flat keys. */
export const path = (obj: unknown, keys: string | readonly string[]): unknown => {
  let cur = obj;
  for (const k of typeof keys === 'string' ? keys.split('.') : keys) {
    cur = field(cur, k);
    if (cur === undefined) return undefined;
  }
  return cur;
};

export type EntityInput = {
  type: EntityType;
  value: unknown;
  roles?: EntityRole[];
  props?: Record<string, unknown>;
  verdict?: Entity['verdict'];
};

/** Build an entity from picked fields; undefined when it has no value. Props keep only non-empty strings. */
export const entity = (input: EntityInput): Entity | undefined => {
  const value = cap(str(input.value).trim());
  if (!value || value === '-') return undefined;
  const props: EntityProps = {};
  const given = input.props;
  if (given) {
    for (const k of Object.keys(given)) {
      const s = str(given[k]).trim();
      if (s && s !== '-') (props as Record<string, string>)[k] = cap(s);
    }
  }
  const roles = input.roles;
  const e: Entity = { type: input.type, value, roles: !roles?.length ? ['unknown'] : roles.length === 1 ? [roles[0]] : [...new Set(roles)], props };
  if (input.verdict) e.verdict = input.verdict;
  return e;
};

export type AlertInput = {
  source: string;
  product: string;
  /** Source's own alert id; '' falls back to the record number. */
  sourceAlertId?: string;
  detectorId?: string;
  title: string;
  description?: string;
  severity: Severity;
  status?: AlertStatus;
  classification?: Classification;
  determination?: Determination;
  firstActivity: number;
  lastActivity?: number;
  detectedAt?: number;
  assumedZone?: string;
  originalTime?: string;
  /** Tactic names in any spelling; resolved through the ATT&CK alias table. */
  tactics?: readonly string[];
  techniques?: readonly string[];
  remediation?: readonly string[];
  entities?: readonly (Entity | undefined)[];
};

/**
 * Merge entities that are the same (type + value, case-insensitive): roles and props are united, in first-seen
 * order, at most MAX_ENTITIES. An alert's few entities are matched by a scan (a Map and a key string per entity cost
 * more at a handful); a long list by a Map. The entities given are never changed.
 */
export const dedupeEntities = (entities: readonly (Entity | undefined)[]): Entity[] => {
  const out: Entity[] = [];
  const lower: string[] = [];
  const copied: boolean[] = [];
  let byKey: Map<string, number> | undefined;
  for (const e of entities) {
    if (!e) continue;
    const value = e.value.toLowerCase();
    let at = -1;
    if (byKey) at = byKey.get(`${e.type}\u0000${value}`) ?? -1;
    else {
      for (let j = 0; j < out.length; j++) {
        if (lower[j] === value && out[j]?.type === e.type) {
          at = j;
          break;
        }
      }
    }
    if (at < 0) {
      if (out.length >= MAX_ENTITIES) continue;
      byKey?.set(`${e.type}\u0000${value}`, out.length);
      out.push(e);
      lower.push(value);
      copied.push(false);
      if (!byKey && out.length > 16) byKey = new Map(out.map((x, j) => [`${x.type}\u0000${lower[j] ?? ''}`, j]));
      continue;
    }
    const first = out[at];
    const prev = copied[at] ? first : { ...first, roles: [...first.roles], props: { ...first.props } };
    out[at] = prev;
    copied[at] = true;
    const roles = [...new Set([...prev.roles, ...e.roles])].filter((r) => r !== 'unknown');
    prev.roles = roles.length ? roles : ['unknown'];
    prev.props = { ...e.props, ...prev.props };
    if (!prev.verdict && e.verdict) prev.verdict = e.verdict;
  }
  return out;
};

export const buildAlert = (input: AlertInput, record: SourceRecord, ctx: AdapterContext): Alert => {
  const sourceAlertId = input.sourceAlertId?.trim() || String(record.position);
  const techniques = [...new Set((input.techniques ?? []).map((t) => parseTechniqueId(t)).filter((t): t is string => !!t))].sort();
  const tactics = sortTactics([
    ...(input.tactics ?? []).map((t) => resolveTactic(t)).filter((t): t is string => !!t),
    ...(input.tactics?.length ? [] : techniques.flatMap(tacticsOfTechnique)),
  ]);
  const first = input.firstActivity;
  const alert: Alert = {
    // Without a source id the record's content identifies it, so re-importing the same file dedupes.
    id: input.sourceAlertId?.trim() ? makeAlertId(input.source, sourceAlertId) : makeAlertId(input.source, `#${record.text}`),
    source: input.source,
    product: cap(input.product),
    sourceAlertId: cap(sourceAlertId),
    detectorId: cap(input.detectorId ?? ''),
    title: cap(input.title.trim() || '(untitled alert)'),
    description: cap(input.description ?? ''),
    severity: input.severity,
    status: input.status ?? 'new',
    classification: input.classification ?? 'unknown',
    determination: input.determination ?? 'unknown',
    firstActivity: first,
    lastActivity: Math.max(first, input.lastActivity ?? first),
    detectedAt: input.detectedAt ?? input.lastActivity ?? first,
    tactics,
    techniques,
    remediation: (input.remediation ?? []).map((r) => cap(r.trim())).filter(Boolean),
    entities: dedupeEntities(input.entities ?? []),
    raw: record.text,
    origins: [{ importId: ctx.importId, file: ctx.file, record: record.position }],
  };
  if (input.assumedZone || input.originalTime) {
    alert.timeNote = { original: input.originalTime ?? '' };
    if (input.assumedZone) alert.timeNote.assumedZone = input.assumedZone;
  }
  return alert;
};
