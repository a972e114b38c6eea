// Microsoft Defender for Cloud alerts: the ARM `Microsoft.Security/alerts` resource (api-version 2022-01-01,
// `{id, name, type, properties}`), one alert per record (the reader unwraps list responses).
//
// Choices (see the tests):
// - sourceAlertId is the ARM `id`: the published example gives two different alerts the same systemAlertId.
// - intent (comma-separated kill-chain intents such as `PreAttack`, `Execution`) maps through the ATT&CK alias
//   table; `Unknown` is dropped.
// - entities follow the Sentinel entity schema in camelCase, so they share Sentinel's mapper ($id/$ref resolved).
//   A process known only by its PID is no entity; one with a command line takes its image from it.
// - resourceIdentifiers of type AzureResource become cloudResource entities; LogAnalytics workspace ids do not.
// - alertUri, extendedLinks, extendedProperties and supportingEvidence have no place in the normalised alert and
//   stay in `raw` (never turned into links).
import { parseAlertStatus } from '#shared/model/index';
import type { AlertInput } from '#shared/ingest/alert-builder';
import type {
  AdapterContext,
  AdapterResult,
  DetectSample,
  SourceAdapter,
  SourceRecord,
} from '#shared/ingest/types';
import {
  cloudResourceEntity,
  firstText,
  get,
  isBlank,
  isObj,
  items,
  keyScore,
  markCompromised,
  reject,
  remediationOf,
  sampleObjects,
  severityOf,
  singleAlert,
  startTimeOf,
  stringList,
  tacticNames,
  text,
  timeOf,
} from './ms-common';
import { mapSentinelEntities } from './sentinel';

const ARM_TYPE = /^microsoft\.security\/(locations\/)?alerts$/i;

const PROPERTY_KEYS: readonly (readonly string[])[] = [
  ['alertdisplayname'],
  ['alerttype'],
  ['systemalertid'],
  ['compromisedentity'],
  ['intent'],
  ['starttimeutc'],
  ['timegeneratedutc', 'reportedtimeutc', 'detectedtimeutc'],
  ['remediationsteps'],
  ['resourceidentifiers'],
  ['vendorname'],
  ['productname'],
  ['entities'],
];

const propsOf = (r: unknown): unknown => (isObj(get(r, 'properties')) ? get(r, 'properties') : r);

const detect = (sample: DetectSample): number => {
  let best = 0;
  for (const o of sampleObjects(sample)) {
    if (ARM_TYPE.test(text(get(o, 'type')))) return 0.99;
    const p = get(o, 'properties');
    if (!isObj(p)) continue;
    const keys = new Set(Object.keys(p).map((k) => k.toLowerCase()));
    if (!keys.has('alertdisplayname')) continue;
    best = Math.max(best, 0.5 + 0.4 * keyScore(keys, PROPERTY_KEYS));
  }
  return best;
};

const normalize = (record: SourceRecord, ctx: AdapterContext): AdapterResult => {
  const r = record.value;
  if (!isObj(r)) return reject('', 'not a Defender for Cloud alert (expected an object)');
  const p = propsOf(r);
  const severity = severityOf(get(p, 'severity'));
  if (!severity.ok) return reject('properties.severity', severity.reason);

  const first = startTimeOf(
    (k) => get(p, k),
    ['startTimeUtc', 'timeGeneratedUtc', 'detectedTimeUtc', 'reportedTimeUtc'],
    ctx.defaultZone,
  );
  if (!first) return reject('properties.startTimeUtc', 'missing: no startTimeUtc or timeGeneratedUtc');
  const start = first.time;
  if (!start.ok) return reject(`properties.${first.key}`, start.reason);
  const optional = (...keys: string[]): number | undefined => {
    for (const k of keys) {
      if (isBlank(get(p, k))) continue;
      const t = timeOf(get(p, k), ctx.defaultZone, false);
      if (t.ok) return t.ms;
    }
    return undefined;
  };

  const entities = mapSentinelEntities(get(p, 'entities'));
  for (const ri of items(get(p, 'resourceIdentifiers'))) {
    if (firstText(ri, 'type').toLowerCase() === 'azureresource')
      entities.push(cloudResourceEntity({ id: firstText(ri, 'azureResourceId') }));
  }
  const compromised = firstText(p, 'compromisedEntity');
  if (compromised) markCompromised(entities, compromised);

  const input: AlertInput = {
    source: 'defender-cloud',
    product: firstText(p, 'productName') || firstText(p, 'vendorName') || 'Microsoft Defender for Cloud',
    sourceAlertId: firstText(r, 'id') || firstText(r, 'name') || firstText(p, 'systemAlertId'),
    detectorId: firstText(p, 'alertType'),
    title: firstText(p, 'alertDisplayName', 'alertName'),
    description: firstText(p, 'description'),
    severity: severity.severity,
    status: parseAlertStatus(firstText(p, 'status', 'state')) ?? 'new',
    firstActivity: start.ms,
    tactics: tacticNames(get(p, 'intent')),
    techniques: [...stringList(get(p, 'techniques')), ...stringList(get(p, 'subTechniques'))],
    remediation: remediationOf(get(p, 'remediationSteps')),
    entities,
  };
  const last = optional('endTimeUtc');
  const detected = optional('timeGeneratedUtc', 'detectedTimeUtc', 'reportedTimeUtc');
  return singleAlert(input, { start, startValue: first.value, last, detected }, record, ctx);
};

export const defenderCloudAdapter: SourceAdapter = {
  name: 'defender-cloud',
  label: 'Microsoft Defender for Cloud alerts (Microsoft.Security/alerts)',
  containers: ['json-array', 'json-object', 'ndjson'],
  detect,
  normalize,
};
