// Generic alerts from any CSV or JSON: either through an analyst's field mapping (makeGenericAdapter) or by
// best-effort guesses of common column names (genericAdapter). Both always score low in detection, so any
// specific adapter wins.
//
// - Mapping fields are column names or dotted paths into JSON ("host.name"; flat dotted keys work too).
// - Guessed columns (case and punctuation ignored): time = @timestamp, timestamp, time, datetime, date,
//   TimeGenerated, ...; title = title, AlertName, name, rule, RuleTitle, signature, message, ...;
//   severity = severity, level, priority, risk, ...; id = id, AlertId, uuid, ...; plus common entity
//   columns (src_ip, dst_ip, host, user, url, domain, file, process, command_line, sha256, ...).
// - Severity text: informational/low/medium/high/critical and their abbreviations, plus syslog-like words
//   (debug/notice → informational, warning/minor → low, moderate/error → medium, major/severe → high,
//   emergency/alert/fatal → critical). Numbers: a `priority`/`urgency` column is Suricata-like (1 high,
//   2 medium, 3 low, 4+ informational); other numbers up to 10 are a 0–10 scale (0 informational, 1–3 low,
//   4–6 medium, 7–8 high, 9–10 critical); 11–100 use Elastic's risk-score bands. Anything else → medium.
// - sourceAlertId = "<mapping name>:<id>" when an id column exists (so two mappings' "1", "2", ... never
//   collide), else '' and the record's content identifies it.
import type { Entity, EntityType, Severity } from '#shared/model/index';
import { ENTITY_TYPES, parseSeverity } from '#shared/model/index';
import { buildAlert, entity, str } from '#shared/ingest/alert-builder';
import type { GenericMapping } from '#shared/engine/api';
import type { AdapterResult, DetectSample, SourceAdapter } from '#shared/ingest/types';
import {
  DEFAULT_SEVERITY,
  accountEntity,
  asArray,
  asObject,
  deviceEntity,
  domainEntity,
  dotted,
  fileEntity,
  firstStr,
  fractionOf,
  ipEntity,
  kindOf,
  pickTime,
  processEntity,
  quote,
  registryEntity,
  reject,
  timeFields,
  urlEntity,
} from './common';

/**
 * Detection score of an analyst mapping whose time and title fields exist: above guessing (0.1), below any
 * specific adapter's match, so a mapping never takes a file a real adapter recognises.
 */
export const MAPPED_CONFIDENCE = 0.2;

const norm = (k: string): string => k.toLowerCase().replace(/[^a-z0-9]/g, '');

const SEVERITY_WORDS: Readonly<Record<string, Severity>> = {
  debug: 'informational',
  notice: 'informational',
  none: 'informational',
  warning: 'low',
  warn: 'low',
  minor: 'low',
  moderate: 'medium',
  error: 'medium',
  major: 'high',
  severe: 'high',
  emergency: 'critical',
  alert: 'critical',
  fatal: 'critical',
};

/** Severity from a text or number; `column` tells whether a number is a priority (1 = most urgent). */
export const genericSeverity = (value: unknown, column = ''): Severity | undefined => {
  const s = str(Array.isArray(value) ? (value as unknown[])[0] : value).trim();
  if (!s) return undefined;
  if (/^\d{1,3}(\.\d+)?$/.test(s)) {
    const n = Number(s);
    if (/priority|urgency/.test(norm(column)))
      return n < 1 ? undefined : n < 2 ? 'high' : n < 3 ? 'medium' : n < 4 ? 'low' : 'informational';
    if (n <= 10)
      return n < 1 ? 'informational' : n < 4 ? 'low' : n < 7 ? 'medium' : n < 9 ? 'high' : 'critical';
    if (n <= 100) return n <= 21 ? 'low' : n <= 47 ? 'medium' : n <= 73 ? 'high' : 'critical';
    return undefined;
  }
  return parseSeverity(s) ?? SEVERITY_WORDS[s.toLowerCase()];
};

/** Build the entity an analyst mapped a field to, with the same helpers the specific adapters use. */
const typedEntity = (type: EntityType, value: unknown): Entity | undefined => {
  switch (type) {
    case 'ip':
      return ipEntity(value, ['unknown']);
    case 'device':
      return deviceEntity(value, ['unknown']);
    case 'account':
      return accountEntity(value, ['unknown']);
    case 'file':
      return fileEntity(value, ['unknown']);
    case 'process':
      return /\s/.test(str(value).trim())
        ? processEntity({ commandLine: value }, ['unknown'])
        : processEntity({ image: value }, ['unknown']);
    case 'url':
      return urlEntity(value, '', ['unknown']);
    case 'domain':
      return domainEntity(value, ['unknown']);
    case 'registryKey':
    case 'registryValue':
      return registryEntity(value, ['unknown'], { isValue: type === 'registryValue' });
    default:
      return entity({ type, value, roles: ['unknown'] });
  }
};

const valuesAt = (v: unknown, fieldPath: string): unknown[] => {
  const x = dotted(v, fieldPath);
  return Array.isArray(x) ? asArray(x).slice(0, 50) : [x];
};

type Picked = {
  title: string;
  titleField: string;
  time: ReturnType<typeof pickTime>;
  timeField: string;
  rawTime: unknown;
};

const normalizeWith =
  (
    name: string,
    pick: (v: object, zone: string) => Picked,
    extras: (
      v: object,
      p: Picked,
    ) => {
      severity?: unknown;
      severityField?: string;
      description?: string;
      id?: string;
      entities: (Entity | undefined)[];
    },
  ): SourceAdapter['normalize'] =>
  (record, ctx): AdapterResult => {
    const v = asObject(record.value);
    if (!v) return reject('', `record is ${kindOf(record.value)}, not an object with named fields`);
    const p = pick(v, ctx.defaultZone);
    if (!p.titleField)
      return reject(
        'title',
        'no title column found (looked for title, name, AlertName, rule, RuleTitle, signature, message, ...)',
      );
    if (!p.title) return reject(p.titleField, `the title field ${quote(p.titleField)} is empty`);
    if (!p.timeField)
      return reject(
        'time',
        'no time column found (looked for @timestamp, timestamp, time, datetime, date, TimeGenerated, ...)',
      );
    if (!p.time) return reject(p.timeField, `unreadable time ${quote(p.rawTime)} in ${quote(p.timeField)}`);
    const x = extras(v, p);
    return {
      ok: true,
      alerts: [
        buildAlert(
          {
            source: 'generic',
            product: name,
            sourceAlertId: x.id ? `${name}:${x.id}` : '',
            title: p.title,
            description: x.description ?? '',
            severity: genericSeverity(x.severity, x.severityField) ?? DEFAULT_SEVERITY,
            ...timeFields(p.time),
            entities: x.entities,
          },
          record,
          ctx,
        ),
      ],
    };
  };

const detectMapped = (sample: DetectSample, fields: readonly string[]): number => {
  if (sample.container === 'csv' || sample.container === 'tsv-zeek') {
    const h = new Set(sample.header.map(norm));
    return fields.every((f) => h.has(norm(f))) ? MAPPED_CONFIDENCE : 0;
  }
  return fractionOf(sample.records, (r) => fields.every((f) => dotted(r, f) !== undefined)) >= 0.5
    ? MAPPED_CONFIDENCE
    : 0;
};

/** An adapter for one analyst-defined mapping. */
export const makeGenericAdapter = (mapping: GenericMapping): SourceAdapter => {
  const entityMaps = (mapping.entities ?? []).filter(
    (e) => (ENTITY_TYPES as readonly string[]).includes(e.type) && e.field,
  );
  return {
    name: 'generic',
    label: `Generic mapping "${mapping.name}"`,
    containers: ['csv', 'json-array', 'ndjson', 'json-object'],
    detect: (sample) => detectMapped(sample, [mapping.time, mapping.title]),
    normalize: normalizeWith(
      mapping.name || 'Generic',
      (v, zone) => {
        const rawTime = dotted(v, mapping.time);
        return {
          title: firstStr(dotted(v, mapping.title)),
          titleField: mapping.title,
          rawTime,
          time: pickTime([[mapping.time, rawTime]], zone),
          timeField: mapping.time,
        };
      },
      (v) => ({
        severity: mapping.severity ? dotted(v, mapping.severity) : undefined,
        severityField: mapping.severity ?? '',
        description: mapping.description ? firstStr(dotted(v, mapping.description)) : '',
        id: mapping.id ? firstStr(dotted(v, mapping.id)) : '',
        entities: entityMaps.flatMap((e) => valuesAt(v, e.field).map((x) => typedEntity(e.type, x))),
      }),
    ),
  };
};

// --- Guessing -------------------------------------------------------------------------------------------------

const TIME = [
  '@timestamp',
  'timestamp',
  'time',
  'datetime',
  'date',
  'eventtime',
  'timegenerated',
  'timecreated',
  'created',
  'createdat',
  'createddatetime',
  'starttime',
  'starttimeutc',
  'firstseen',
  'firstactivity',
  'detectiontime',
  'alerttime',
  'utctime',
  'ts',
];
const TITLE = [
  'title',
  'alertname',
  'alertdisplayname',
  'displayname',
  'name',
  'rulename',
  'ruletitle',
  'rule',
  'signature',
  'eventname',
  'summary',
  'message',
  'msg',
  'subject',
  'description',
];
const SEVERITY = [
  'severity',
  'level',
  'priority',
  'risk',
  'risklevel',
  'criticality',
  'severityname',
  'alertseverity',
  'urgency',
];
const DESCRIPTION = ['description', 'details', 'message', 'msg', 'reason', 'summary'];
const ID = ['id', 'alertid', 'uuid', 'systemalertid', 'findingid', 'uid', 'guid', '_id'];
const SRC_IP = [
  'srcip',
  'sourceip',
  'source.ip',
  'src',
  'clientip',
  'remoteip',
  'callerip',
  'ipaddress',
  'ip',
];
const DST_IP = ['dstip', 'destip', 'destinationip', 'destination.ip', 'dst', 'serverip'];
const HOST = [
  'host',
  'hostname',
  'host.name',
  'computer',
  'computername',
  'device',
  'devicename',
  'machine',
  'machinename',
  'endpoint',
];
const USER = [
  'user',
  'username',
  'user.name',
  'account',
  'accountname',
  'userprincipalname',
  'upn',
  'targetusername',
  'subjectusername',
];
const URL = ['url', 'uri', 'url.full', 'requesturl'];
const DOMAIN = ['domain', 'fqdn', 'url.domain'];
const FILE = ['filepath', 'file.path', 'filename', 'file.name', 'file'];
const PROCESS = ['processpath', 'process.executable', 'image', 'process', 'processname', 'process.name'];
const COMMAND = ['commandline', 'process.command_line', 'cmdline', 'command'];
const HASH = ['sha256', 'sha1', 'md5', 'hash', 'filehash'];

/** The first candidate column present in a record: dotted candidates as paths, others by normalised own key. */
const finder = (
  v: object,
): ((candidates: readonly string[], skip?: string) => { field: string; value: unknown }) => {
  const keys = new Map<string, string>();
  for (const k of Object.keys(v).slice(0, 500)) if (!keys.has(norm(k))) keys.set(norm(k), k);
  return (candidates, skip) => {
    for (const c of candidates) {
      const key = c.includes('.') ? (dotted(v, c) !== undefined ? c : undefined) : keys.get(norm(c));
      if (!key || key === skip) continue;
      const value = dotted(v, key);
      if (value === undefined || value === null || (typeof value === 'string' && value.trim() === ''))
        continue;
      // Objects are containers ("user": {"name": ...}), not values: keep looking (dotted candidates reach inside).
      if (typeof value === 'object' && !Array.isArray(value)) continue;
      return { field: key, value };
    }
    return { field: '', value: undefined };
  };
};

/** Guessing columns is only worth it when a time and a title column are both there. */
const guessable = (sample: DetectSample): number => {
  if (sample.container === 'csv' || sample.container === 'tsv-zeek') {
    const h = new Set(sample.header.map(norm));
    const has = (list: readonly string[]) => list.some((c) => h.has(norm(c)));
    return has(TIME) && has(TITLE) ? 0.1 : 0;
  }
  return fractionOf(sample.records, (r) => {
    const o = asObject(r);
    if (!o) return false;
    const find = finder(o);
    return find(TIME).field !== '' && find(TITLE).field !== '';
  }) >= 0.5
    ? 0.1
    : 0;
};

export const genericAdapter: SourceAdapter = {
  name: 'generic',
  label: 'Generic CSV/JSON (guessed columns)',
  containers: ['csv', 'json-array', 'ndjson', 'json-object'],
  detect: guessable,
  normalize: normalizeWith(
    'Generic',
    (v, zone) => {
      const find = finder(v);
      const title = find(TITLE);
      const time = find(TIME);
      return {
        title: firstStr(title.value),
        titleField: title.field,
        rawTime: time.value,
        time: pickTime([[time.field, time.value]], zone),
        timeField: time.field,
      };
    },
    (v, p) => {
      const f = finder(v);
      const severity = f(SEVERITY);
      const image = f(PROCESS);
      const command = f(COMMAND);
      const hash = str(f(HASH).value).trim();
      const fileValue = f(FILE).value;
      const hashes = {
        md5: /^[0-9a-f]{32}$/i.test(hash) ? hash : '',
        sha1: /^[0-9a-f]{40}$/i.test(hash) ? hash : '',
        sha256: /^[0-9a-f]{64}$/i.test(hash) ? hash : '',
      };
      return {
        severity: severity.value,
        severityField: severity.field,
        description: firstStr(f(DESCRIPTION, p.titleField).value),
        id: firstStr(f(ID).value),
        entities: [
          ipEntity(f(SRC_IP).value, ['source']),
          ipEntity(f(DST_IP).value, ['destination']),
          deviceEntity(f(HOST).value, ['unknown']),
          accountEntity(f(USER).value, ['unknown']),
          urlEntity(f(URL).value, '', ['unknown']),
          domainEntity(f(DOMAIN).value, ['unknown']),
          fileValue !== undefined
            ? fileEntity(fileValue, ['unknown'], hashes)
            : hash
              ? fileEntity('', ['unknown'], { ...hashes, name: hash })
              : undefined,
          processEntity({ image: image.value, commandLine: command.value }, ['unknown']),
        ],
      };
    },
  ),
};
