// Chainsaw `hunt --json` output (WithSecureLabs/chainsaw), one JSON array element per hit, in either shape:
// - `{detection: ["rule title", ...], event: {Event: {System, EventData | UserData}}}` (the e2e/hunt_expected.json
//   shape of the sample): one event matched by several rules → one alert per rule;
// - `{group, kind: "individual", document: {kind: "evtx", data: {Event: {...}}}, name, level, status, tags,
//   authors, timestamp}` (Chainsaw 2.x), and `kind: "aggregate"` with `documents: [...]`: one alert per element.
//
// Mapping:
// - title = the rule name; severity = level (critical/high/medium/low/informational); the first shape carries no
//   level, so those alerts are medium (the default for an unrated detection).
// - sourceAlertId = Computer|Channel|EventRecordID|rule (stable, distinct per rule); when the event has no record
//   id, a hash of the record text stands in for it.
// - time = System.TimeCreated SystemTime (`TimeCreated_attributes` or `TimeCreated["#attributes"]`), else the
//   element's `timestamp`.
// - ATT&CK from `tags` (attack.t1059.001 → technique, attack.execution → tactic).
// - Entities: System.Computer → device; EventData (or the UserData child) Subject* → account 'source', Target* →
//   account 'destination', User / Detection User → account; Image/NewProcessName + CommandLine + ProcessId +
//   Parent* → process (+ parent process), Hashes → file hashes of the image (or of ImageLoaded for Sysmon 7);
//   SourceImage/TargetImage → processes 'source'/'destination'; ImageLoaded → file 'loaded'; TargetFilename and
//   Defender's Path → file; TargetObject (+Details) → registry; IpAddress/SourceIp → ip 'source', DestinationIp →
//   ip 'destination', DestinationHostname → domain, QueryName → dnsQuery, WorkstationName → device 'source';
//   ServiceName + ImagePath → the service's process.
import type { Alert, Entity } from '#shared/model/index';
import { parseSeverity, parseTechniqueId, stableHash } from '#shared/model/index';
import { buildAlert, entity, field, path, str } from '#shared/ingest/alert-builder';
import type { AdapterContext, SourceAdapter, SourceRecord } from '#shared/ingest/types';
import {
  DEFAULT_SEVERITY,
  accountEntity,
  asArray,
  asObject,
  baseName,
  confidence,
  deviceEntity,
  domainEntity,
  fileEntity,
  firstStr,
  fractionOf,
  imageOfCommand,
  ipEntity,
  isPlaceholder,
  kindOf,
  lines,
  parseHashes,
  pickTime,
  processEntity,
  reject,
  registryEntity,
  strList,
  timeFields,
} from './common';

type Hit = { rule: string; level: unknown; tags: string[]; group: string; authors: string[] };

/** `Foo_attributes` (the sample) or `Foo["#attributes"]` (Chainsaw 2.x / evtx crate JSON). */
const attr = (sys: unknown, name: string, key: string): unknown =>
  field(field(sys, `${name}_attributes`), key) ?? path(sys, [name, '#attributes', key]);

/** The named-field map of an event: EventData, or the first object inside UserData (LogFileCleared, ...). */
const eventDataOf = (event: unknown): unknown => {
  const ed = field(event, 'EventData');
  if (asObject(ed)) return ed;
  const ud = asObject(field(event, 'UserData'));
  if (ud) {
    for (const k of Object.keys(ud).slice(0, 20)) {
      const child = field(ud, k);
      if (!k.endsWith('_attributes') && k !== '#attributes' && asObject(child)) return child;
    }
  }
  return undefined;
};

const eventEntities = (event: unknown, data: unknown, eventId: string): (Entity | undefined)[] => {
  const sys = field(event, 'System');
  const g = (k: string): string => {
    const s = str(field(data, k)).trim();
    return s && !isPlaceholder(s) ? s : '';
  };
  const computer = firstStr(field(sys, 'Computer'));
  // Security 4688 names the new process NewProcessName/NewProcessId; its ProcessId is the creator's.
  const is4688 = !!g('NewProcessName');
  const image = g('NewProcessName') || g('Image') || g('ProcessName') || g('Process Name');
  const parentImage = g('ParentImage') || g('ParentProcessName');
  const pid = is4688 ? g('NewProcessId') : g('ProcessId');
  const parentPid = is4688 ? g('ProcessId') : g('ParentProcessId');
  const loaded = g('ImageLoaded');
  const hashes = parseHashes(g('Hashes') || g('Hash'));
  const hasHashes = Object.keys(hashes).length > 0;
  const targetFile = g('TargetFilename');
  // Sysmon 15 (FileCreateStreamHash) hashes the target file; Sysmon 7 the loaded image; otherwise the image.
  const hashTarget = loaded ? 'loaded' : eventId === '15' && targetFile ? 'target' : 'image';
  const defenderPath = g('Path').replace(/^file:_/i, '');
  const service = g('ServiceName');
  const servicePath = g('ImagePath');
  const user = g('User') || g('Detection User');
  return [
    deviceEntity(computer, ['unknown']),
    accountEntity(g('SubjectUserName'), ['source'], {
      domain: g('SubjectDomainName'),
      sid: g('SubjectUserSid'),
    }),
    accountEntity(g('TargetUserName'), ['destination'], {
      domain: g('TargetDomainName'),
      sid: g('TargetUserSid') || g('TargetSid'),
    }),
    accountEntity(user, ['unknown']),
    processEntity(
      {
        image,
        commandLine: g('CommandLine'),
        processId: pid,
        parentImage,
        parentProcessId: parentPid,
        hostName: computer,
        accountName: user,
      },
      ['unknown'],
    ),
    parentImage || g('ParentCommandLine')
      ? processEntity(
          {
            image: parentImage,
            commandLine: g('ParentCommandLine'),
            processId: parentPid,
            hostName: computer,
          },
          ['unknown'],
        )
      : undefined,
    processEntity({ image: g('SourceImage'), processId: g('SourceProcessId'), hostName: computer }, [
      'source',
    ]),
    processEntity({ image: g('TargetImage'), processId: g('TargetProcessId'), hostName: computer }, [
      'destination',
    ]),
    image && hashTarget === 'image' && hasHashes ? fileEntity(image, ['unknown'], hashes) : undefined,
    loaded ? fileEntity(loaded, ['loaded'], hasHashes ? hashes : {}) : undefined,
    fileEntity(targetFile, ['unknown'], hashTarget === 'target' ? hashes : {}),
    /^[a-z]:\\|^\\\\/i.test(defenderPath) ? fileEntity(defenderPath, ['unknown']) : undefined,
    registryEntity(g('TargetObject'), ['unknown'], {
      data: g('Details'),
      isValue: /setvalue/i.test(g('EventType')),
    }),
    ipEntity(g('IpAddress') || g('SourceIp') || g('SourceAddress'), ['source'], {
      port: g('IpPort') || g('SourcePort'),
    }),
    ipEntity(g('DestinationIp') || g('DestAddress'), ['destination'], {
      port: g('DestinationPort') || g('DestPort'),
    }),
    domainEntity(g('DestinationHostname'), ['destination']),
    deviceEntity(g('WorkstationName'), ['source']),
    g('QueryName') ? entity({ type: 'dnsQuery', value: g('QueryName'), roles: ['unknown'] }) : undefined,
    service && servicePath
      ? processEntity({ name: serviceImage(servicePath), commandLine: servicePath, hostName: computer }, [
          'unknown',
        ])
      : undefined,
  ];
};

const serviceImage = (command: string): string => {
  const name = baseName(imageOfCommand(command));
  return name.toLowerCase() === '%comspec%' ? 'cmd.exe' : name;
};

const attackOf = (tags: readonly string[]): { tactics: string[]; techniques: string[] } => {
  const tactics: string[] = [];
  const techniques: string[] = [];
  for (const tag of tags) {
    const t = tag.replace(/^attack\./i, '');
    if (t === tag && !/^t\d{4}/i.test(tag)) continue; // only attack.* tags (or bare technique ids)
    if (parseTechniqueId(t)) techniques.push(t);
    else if (!/^[gs]\d{4}$/i.test(t)) tactics.push(t.replace(/[_-]/g, ' '));
  }
  return { tactics, techniques };
};

/** The events of one element: the `event` of the first shape, or the document(s) of Chainsaw 2.x. */
const eventsOf = (v: unknown): unknown[] => {
  const ev = field(v, 'event');
  if (asObject(ev)) return [field(ev, 'Event') ?? ev];
  const docs = [field(v, 'document'), ...asArray(field(v, 'documents')).slice(0, 100)].filter((d) =>
    asObject(d),
  );
  return docs.map((d) => {
    const data = field(d, 'data');
    return field(data, 'Event') ?? data;
  });
};

const hitsOf = (v: unknown): Hit[] => {
  const detection = field(v, 'detection');
  if (detection !== undefined) {
    return strList(detection, 100).map((rule) => ({
      rule,
      level: undefined,
      tags: [],
      group: '',
      authors: [],
    }));
  }
  const name = firstStr(field(v, 'name'));
  return name
    ? [
        {
          rule: name,
          level: field(v, 'level'),
          tags: strList(field(v, 'tags'), 100),
          group: firstStr(field(v, 'group')),
          authors: strList(field(v, 'authors'), 20),
        },
      ]
    : [];
};

const isChainsaw = (r: unknown): boolean =>
  (Array.isArray(field(r, 'detection')) && asObject(path(r, 'event.Event')) !== undefined) ||
  (typeof field(r, 'name') === 'string' &&
    (asObject(path(r, 'document.data')) !== undefined || Array.isArray(field(r, 'documents'))) &&
    field(r, 'kind') !== undefined);

const normalizeElement = (
  record: SourceRecord,
  ctx: AdapterContext,
): ReturnType<SourceAdapter['normalize']> => {
  const v = record.value;
  if (!asObject(v)) return reject('', `record is ${kindOf(v)}, not a Chainsaw detection`);
  const hits = hitsOf(v);
  if (hits.length === 0)
    return reject('detection', 'no rule names (neither `detection` nor `name`): not a Chainsaw hunt result');
  const events = eventsOf(v);
  const first = events[0];
  const sys = field(first, 'System');
  const times = events
    .map((e) =>
      pickTime(
        [['System.TimeCreated.SystemTime', attr(field(e, 'System'), 'TimeCreated', 'SystemTime')]],
        ctx.defaultZone,
      ),
    )
    .filter((t) => t !== undefined);
  const time = times[0] ?? pickTime([['timestamp', field(v, 'timestamp')]], ctx.defaultZone);
  if (!time)
    return reject(
      'System.TimeCreated',
      'no readable event time (System.TimeCreated SystemTime or timestamp)',
    );
  const lastMs = Math.max(time.ms, ...times.map((t) => t.ms));
  const firstMs = Math.min(time.ms, ...times.map((t) => t.ms));

  const computer = firstStr(field(sys, 'Computer'));
  const channel = firstStr(field(sys, 'Channel'));
  const recordId = firstStr(field(sys, 'EventRecordID'));
  const eventId = firstStr(field(sys, 'EventID'), path(sys, ['EventID', '#text']));
  const provider = firstStr(attr(sys, 'Provider', 'Name'));
  const identity =
    computer && recordId ? `${computer}|${channel}|${recordId}` : `sha:${stableHash(record.text)}`;
  // Merged by buildAlert, as every adapter's.
  const entities = events.flatMap((e) => eventEntities(e, eventDataOf(e), firstStr(path(e, 'System.EventID'))));
  const data = eventDataOf(first);
  const threat = firstStr(field(data, 'Threat Name'));
  const script = firstStr(field(data, 'ScriptBlockText'));
  const seen = new Map<string, number>();
  const alerts: Alert[] = [];
  for (const hit of hits) {
    const n = (seen.get(hit.rule) ?? 0) + 1;
    seen.set(hit.rule, n);
    const { tactics, techniques } = attackOf(hit.tags);
    const others = hits.filter((h) => h.rule !== hit.rule).map((h) => h.rule);
    alerts.push(
      buildAlert(
        {
          source: 'chainsaw',
          product: 'Chainsaw',
          sourceAlertId: `${identity}|${hit.rule}${n > 1 ? `|${n}` : ''}`,
          detectorId: hit.rule,
          title: hit.rule,
          description: lines(
            (eventId || channel) &&
              `Event ${eventId || '?'}${channel ? ` (${channel})` : ''}${provider ? ` from ${provider}` : ''}${recordId ? `, record ${recordId}` : ''}`,
            events.length > 1 ? `Aggregate of ${events.length} events` : undefined,
            hit.group && `Group: ${hit.group}`,
            hit.authors.length ? `Rule authors: ${hit.authors.join(', ')}` : undefined,
            threat && `Threat: ${threat}`,
            others.length ? `Also matched: ${others.slice(0, 20).join('; ')}` : undefined,
            script && `Script: ${script.slice(0, 2000)}`,
          ),
          severity: parseSeverity(hit.level) ?? DEFAULT_SEVERITY,
          ...timeFields(time),
          firstActivity: firstMs,
          lastActivity: lastMs,
          tactics,
          techniques,
          entities,
        },
        record,
        ctx,
      ),
    );
  }
  return { ok: true, alerts };
};

export const chainsawAdapter: SourceAdapter = {
  name: 'chainsaw',
  label: 'Chainsaw hunt results (JSON)',
  containers: ['json-array', 'ndjson'],
  detect(sample) {
    if (sample.container !== 'json-array' && sample.container !== 'ndjson') return 0;
    return confidence(fractionOf(sample.records, isChainsaw));
  },
  normalize: normalizeElement,
};
