// Microsoft Sentinel incidents (`Microsoft.SecurityInsights/incidents` REST API), either as the API writes them
// (`{id, name, type, properties: {...}}`) or flattened by pandas `json_normalize` (keys are dotted strings such as
// "properties.title", as msticpy saves them). Each incident is an incident-level record: it becomes ONE alert
// that stands for the whole incident (product 'Microsoft Sentinel', source 'sentinel-incidents').
//
// Choices (see the tests):
// - Incident status words differ from alert status: New → new, Active → inProgress, Closed → resolved.
// - classification maps (BenignPositive → informationalExpectedActivity, Undetermined → unknown); the
//   classificationReason has no exact Caseline determination and goes into the detail text instead.
// - The incident number, alert count, alert product names, classification reason and labels are appended to
//   the description as one detail line (Alert has no free-form detail field).
// - detectorId is the first related analytic rule id. The incident's `Alerts` list (links to member alerts) has
//   no place in the normalised alert and stays in `raw`.
import type { AlertStatus } from '#shared/model/index';
import { parseClassification } from '#shared/model/index';
import type { AlertInput } from '#shared/ingest/alert-builder';
import { field, path } from '#shared/ingest/alert-builder';
import type {
  AdapterContext,
  AdapterResult,
  DetectSample,
  SourceAdapter,
  SourceRecord,
} from '#shared/ingest/types';
import {
  firstText,
  get,
  isObj,
  items,
  optionalTimeOf,
  reject,
  sampleObjects,
  severityOf,
  singleAlert,
  startTimeOf,
  stringList,
  tacticNames,
  text,
} from './ms-common';

const ARM_TYPE = /^microsoft\.securityinsights\/incidents$/i;

/** `properties.x.y` from a pandas-flattened record (dotted key) or from the nested API shape. */
const prop = (r: unknown, dotted: string): unknown => {
  const flat = field(r, dotted);
  if (flat !== undefined) return flat;
  return path(r, dotted);
};
const propText = (r: unknown, dotted: string): string => text(prop(r, dotted));

const INCIDENT_STATUS: Readonly<Record<string, AlertStatus>> = {
  new: 'new',
  active: 'inProgress',
  closed: 'resolved',
};

const detect = (sample: DetectSample): number => {
  let best = 0;
  const header = new Set(sample.header.map((h) => h.trim().toLowerCase()));
  if (header.has('properties.incidentnumber') && header.has('properties.title')) best = 0.9;
  for (const o of sampleObjects(sample)) {
    if (ARM_TYPE.test(text(get(o, 'type')))) return 0.99;
    if (prop(o, 'properties.incidentNumber') !== undefined && prop(o, 'properties.title') !== undefined)
      best = Math.max(best, 0.9);
  }
  return best;
};

const normalize = (record: SourceRecord, ctx: AdapterContext): AdapterResult => {
  const r = record.value;
  if (!isObj(r)) return reject('', 'not a Sentinel incident (expected an object)');
  const severity = severityOf(prop(r, 'properties.severity'));
  if (!severity.ok) return reject('properties.severity', severity.reason);

  const first = startTimeOf(
    (k) => prop(r, k),
    ['properties.firstActivityTimeUtc', 'properties.createdTimeUtc'],
    ctx.defaultZone,
  );
  if (!first)
    return reject('properties.firstActivityTimeUtc', 'missing: no firstActivityTimeUtc or createdTimeUtc');
  const start = first.time;
  if (!start.ok) return reject(first.key, start.reason);
  const optional = (k: string): number | undefined => optionalTimeOf(prop(r, k), ctx.defaultZone);

  const number = propText(r, 'properties.incidentNumber');
  const alertCount = propText(r, 'properties.additionalData.alertsCount');
  const products = stringList(prop(r, 'properties.additionalData.alertProductNames'));
  const reason = propText(r, 'properties.classificationReason');
  const labels = items(prop(r, 'properties.labels'))
    .map((l) => (isObj(l) ? firstText(l, 'labelName') : text(l)))
    .filter(Boolean);
  const detail = [
    number ? `Sentinel incident #${number}` : 'Sentinel incident',
    alertCount ? `alerts: ${alertCount}` : '',
    products.length ? `alert products: ${products.join(', ')}` : '',
    reason ? `classification reason: ${reason}` : '',
    labels.length ? `labels: ${labels.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const description = [propText(r, 'properties.description'), detail].filter(Boolean).join('\n\n');

  const input: AlertInput = {
    source: 'sentinel-incidents',
    product: 'Microsoft Sentinel',
    sourceAlertId: firstText(r, 'name') || propText(r, 'properties.incidentNumber') || firstText(r, 'id'),
    detectorId: stringList(prop(r, 'properties.relatedAnalyticRuleIds'))[0] ?? '',
    title: propText(r, 'properties.title'),
    description,
    severity: severity.severity,
    status: INCIDENT_STATUS[propText(r, 'properties.status').toLowerCase()] ?? 'new',
    classification: parseClassification(propText(r, 'properties.classification')) ?? 'unknown',
    firstActivity: start.ms,
    tactics: tacticNames(prop(r, 'properties.additionalData.tactics')),
    techniques: stringList(prop(r, 'properties.additionalData.techniques')),
  };
  const last = optional('properties.lastActivityTimeUtc');
  const detected = optional('properties.createdTimeUtc');
  return singleAlert(input, { start, startValue: first.value, last, detected }, record, ctx);
};

export const sentinelIncidentsAdapter: SourceAdapter = {
  name: 'sentinel-incidents',
  label: 'Microsoft Sentinel incidents (API JSON, nested or pandas-flattened)',
  containers: ['json-array', 'json-object', 'ndjson', 'csv'],
  detect,
  normalize,
};
