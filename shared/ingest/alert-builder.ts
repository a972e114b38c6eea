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
  if (input.props) {
    for (const [k, v] of Object.entries(input.props)) {
      const s = str(v).trim();
      if (s && s !== '-') (props as Record<string, string>)[k] = cap(s);
    }
  }
  const e: Entity = { type: input.type, value, roles: input.roles?.length ? [...new Set(input.roles)] : ['unknown'], props };
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

/** Merge entities that are the same (type + value, case-insensitive): roles and props are united. */
export const dedupeEntities = (entities: readonly (Entity | undefined)[]): Entity[] => {
  const byKey = new Map<string, Entity>();
  for (const e of entities) {
    if (!e) continue;
    const key = `${e.type}\u0000${e.value.toLowerCase()}`;
    const prev = byKey.get(key);
    if (!prev) {
      if (byKey.size < MAX_ENTITIES) byKey.set(key, { ...e, roles: [...e.roles], props: { ...e.props } });
      continue;
    }
    const roles = [...new Set([...prev.roles, ...e.roles])].filter((r) => r !== 'unknown');
    prev.roles = roles.length ? roles : ['unknown'];
    prev.props = { ...e.props, ...prev.props };
    if (!prev.verdict && e.verdict) prev.verdict = e.verdict;
  }
  return [...byKey.values()];
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
