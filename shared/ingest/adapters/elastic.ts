// Elastic Security detection alerts (documents of the `.alerts-security.alerts-<space>` indices), as exported by
// a search (`{"hits":{"hits":[{"_id", "_source": {...}}]}}`, one hit per record, or the whole response), by the
// fields API (`{"fields": {"host.name": ["x"]}}`), or as bare documents in NDJSON/JSON arrays.
//
// Field names follow Elastic's "Alert schema" page (elastic.co/guide/en/security/current/alert-schema.html) and
// ECS. Alert documents mix flat dotted keys ("kibana.alert.rule.name") with nested ECS objects ("host": {...});
// every read goes through `dotted()`, which accepts either. Legacy 7.x `signal.*` fields are read as fallbacks.
// - sourceAlertId = kibana.alert.uuid (else the hit's _id); detectorId = kibana.alert.rule.rule_id (else .uuid).
// - title = kibana.alert.rule.name; description = kibana.alert.reason, then the rule description.
// - severity = kibana.alert.severity (low/medium/high/critical), else the rule's, else from
//   kibana.alert.risk_score with Elastic's bands (0–21 low, 22–47 medium, 48–73 high, 74–100 critical).
// - status from kibana.alert.workflow_status: open → new, acknowledged/in-progress → inProgress,
//   closed → resolved; kibana.alert.workflow_reason (false_positive, true_positive, benign_positive) → classification.
// - time: firstActivity = kibana.alert.suppression.start, else kibana.alert.original_time (the source event),
//   else @timestamp; lastActivity = suppression.end or kibana.alert.last_detected; detectedAt = @timestamp.
// - ATT&CK from kibana.alert.rule.threat[] (tactic, technique[], technique[].subtechnique[]) and ECS threat.*.
// - Entities: host → device (host.ip → ip), user / user.target → account, source.* / destination.* → ip and
//   domain, process (+parent) → process and the executable as a file with process.hash.*, file.* → file,
//   url.* → url/domain, dns.question.name → dnsQuery, registry.* → registry key/value, cloud.instance/account →
//   cloudResource, email.* → mailboxes and a mailMessage.
import type { Alert, Classification, Entity, Severity } from '#shared/model/index';
import { parseAlertStatus, parseSeverity } from '#shared/model/index';
import { buildAlert, entity, field, path, str } from '#shared/ingest/alert-builder';
import type { AdapterContext, AdapterResult, SourceAdapter, SourceRecord } from '#shared/ingest/types';
import {
  accountEntity,
  asArray,
  asObject,
  confidence,
  deviceEntity,
  domainEntity,
  dotted,
  fileEntity,
  firstStr,
  fractionOf,
  ipEntity,
  kindOf,
  lines,
  mailboxEntity,
  pickTime,
  processEntity,
  quote,
  registryEntity,
  reject,
  strList,
  timeFields,
  urlEntity,
} from './common';

/** The alert document inside a search hit (`_source`, or `fields` from the fields API), else the record itself. */
const unwrap = (v: unknown): { doc: unknown; hitId: string } => {
  const source = field(v, '_source');
  if (asObject(source)) return { doc: source, hitId: firstStr(field(v, '_id')) };
  const fields = field(v, 'fields');
  if (asObject(fields) && field(v, '_id') !== undefined)
    return { doc: fields, hitId: firstStr(field(v, '_id')) };
  return { doc: v, hitId: '' };
};

/** First scalar at a path (fields-API values are one-element arrays). */
const one = (doc: unknown, p: string): unknown => {
  const v = dotted(doc, p);
  return Array.isArray(v) ? (v as unknown[])[0] : v;
};
const oneOf = (doc: unknown, ...paths: string[]): unknown => {
  for (const p of paths) {
    const v = one(doc, p);
    if (v !== undefined && v !== null && str(v) !== '') return v;
  }
  return undefined;
};

/** Elastic's documented risk-score bands. */
export const severityFromRiskScore = (v: unknown): Severity | undefined => {
  const s = str(v).trim();
  if (!/^\d{1,3}(\.\d+)?$/.test(s)) return undefined;
  const n = Number(s);
  if (n > 100) return undefined;
  return n <= 21 ? 'low' : n <= 47 ? 'medium' : n <= 73 ? 'high' : 'critical';
};

const classificationOf = (reason: unknown): Classification | undefined => {
  const r = str(reason).trim().toLowerCase();
  return r === 'false_positive'
    ? 'falsePositive'
    : r === 'true_positive'
      ? 'truePositive'
      : r === 'benign_positive'
        ? 'informationalExpectedActivity'
        : undefined;
};

/** Tactics and techniques from rule.threat arrays (nested objects or flattened fields-API lists) and ECS threat.*. */
const attackOf = (doc: unknown): { tactics: string[]; techniques: string[] } => {
  const tactics: string[] = [];
  const techniques: string[] = [];
  for (const base of ['kibana.alert.rule.threat', 'signal.rule.threat', 'threat']) {
    const threat = dotted(doc, base);
    for (const t of (Array.isArray(threat) ? threat : [threat]).slice(0, 50)) {
      if (!asObject(t)) continue;
      const tactic = field(t, 'tactic');
      tactics.push(...strList(field(tactic, 'id'), 20), ...strList(field(tactic, 'name'), 20));
      const techList = field(t, 'technique');
      for (const tech of (Array.isArray(techList) ? techList : [techList]).slice(0, 50)) {
        techniques.push(...strList(field(tech, 'id'), 50));
        const subs = field(tech, 'subtechnique');
        for (const sub of (Array.isArray(subs) ? subs : [subs]).slice(0, 50))
          techniques.push(...strList(field(sub, 'id'), 50));
      }
    }
    // Flattened forms: "kibana.alert.rule.threat.tactic.id": ["TA0002"], "threat.technique.subtechnique.id": [...]
    tactics.push(
      ...strList(dotted(doc, `${base}.tactic.id`), 50),
      ...strList(dotted(doc, `${base}.tactic.name`), 50),
    );
    techniques.push(
      ...strList(dotted(doc, `${base}.technique.id`), 50),
      ...strList(dotted(doc, `${base}.technique.subtechnique.id`), 50),
    );
  }
  return { tactics, techniques };
};

const entitiesOf = (doc: unknown): (Entity | undefined)[] => {
  const g = (p: string): unknown => one(doc, p);
  const hostName = firstStr(g('host.name'), g('host.hostname'));
  const out: (Entity | undefined)[] = [
    deviceEntity(hostName, ['unknown'], {
      deviceId: str(g('host.id')),
      osFamily: firstStr(g('host.os.family'), g('host.os.platform'), g('host.os.type')),
      osVersion: firstStr(g('host.os.version')),
    }),
    ...strList(dotted(doc, 'host.ip'), 20).map((ip) => ipEntity(ip, ['unknown'])),
    accountEntity(g('user.name'), ['unknown'], {
      domain: g('user.domain'),
      sid: /^S-\d-/.test(str(g('user.id'))) ? g('user.id') : '',
    }),
    accountEntity(g('user.target.name'), ['destination'], { domain: g('user.target.domain') }),
    ipEntity(g('source.ip'), ['source'], {
      port: g('source.port'),
      countryCode: g('source.geo.country_iso_code'),
    }),
    domainEntity(g('source.domain'), ['source']),
    ipEntity(g('destination.ip'), ['destination'], {
      port: g('destination.port'),
      countryCode: g('destination.geo.country_iso_code'),
    }),
    domainEntity(g('destination.domain'), ['destination']),
  ];
  const exe = firstStr(g('process.executable'));
  out.push(
    processEntity(
      {
        image: exe,
        name: g('process.name'),
        commandLine: g('process.command_line'),
        processId: g('process.pid'),
        parentProcessId: g('process.parent.pid'),
        parentImage: firstStr(g('process.parent.executable'), g('process.parent.name')),
        hostName,
        accountName: g('user.name'),
      },
      ['unknown'],
    ),
    processEntity(
      {
        image: g('process.parent.executable'),
        name: g('process.parent.name'),
        commandLine: g('process.parent.command_line'),
        processId: g('process.parent.pid'),
        hostName,
      },
      ['unknown'],
    ),
  );
  if (exe)
    out.push(
      fileEntity(exe, ['unknown'], {
        md5: g('process.hash.md5'),
        sha1: g('process.hash.sha1'),
        sha256: g('process.hash.sha256'),
      }),
    );
  out.push(
    fileEntity(firstStr(g('file.path'), g('file.name')), ['unknown'], {
      name: g('file.name'),
      md5: g('file.hash.md5'),
      sha1: g('file.hash.sha1'),
      sha256: g('file.hash.sha256'),
      size: g('file.size'),
    }),
    urlEntity(firstStr(g('url.full'), g('url.original')), g('url.domain'), ['unknown']),
    domainEntity(g('url.domain'), ['unknown']),
  );
  const question = firstStr(g('dns.question.name'));
  if (question)
    out.push(
      entity({
        type: 'dnsQuery',
        value: question,
        roles: ['unknown'],
        props: {
          recordType: g('dns.question.type'),
          answers: strList(dotted(doc, 'dns.resolved_ip'), 20).join(', '),
        },
      }),
    );
  const regPath = firstStr(g('registry.path'));
  const regKey = firstStr(g('registry.key'));
  const hive = firstStr(g('registry.hive'));
  if (firstStr(g('registry.value'))) {
    // registry.path is the full path of the value; registry.key omits the hive.
    const keyPath = regPath
      ? regPath.slice(0, Math.max(0, regPath.lastIndexOf('\\')))
      : hive && regKey
        ? `${hive}\\${regKey}`
        : regKey;
    out.push(
      registryEntity(keyPath, ['unknown'], {
        valueName: g('registry.value'),
        data: firstStr(dotted(doc, 'registry.data.strings')),
        valueType: g('registry.data.type'),
        isValue: true,
      }),
    );
  } else if (regPath || regKey) {
    out.push(registryEntity(regPath || (hive ? `${hive}\\${regKey}` : regKey), ['unknown']));
  }
  const instance = firstStr(g('cloud.instance.id'));
  if (instance)
    out.push(
      entity({
        type: 'cloudResource',
        value: instance,
        roles: ['unknown'],
        props: { resourceType: 'instance', resourceName: g('cloud.instance.name') },
      }),
    );
  const account = firstStr(g('cloud.account.id'));
  if (account)
    out.push(
      entity({
        type: 'cloudResource',
        value: account,
        roles: ['contextual'],
        props: {
          resourceType: `${firstStr(g('cloud.provider')) || 'cloud'} account`,
          resourceName: g('cloud.account.name'),
        },
      }),
    );
  const senders = strList(dotted(doc, 'email.from.address'), 10);
  const recipients = strList(dotted(doc, 'email.to.address'), 50);
  out.push(
    ...senders.map((a) => mailboxEntity(a, ['source'])),
    ...recipients.map((a) => mailboxEntity(a, ['destination'])),
  );
  const messageId = firstStr(g('email.message_id'));
  const subject = firstStr(g('email.subject'));
  if (messageId || subject) {
    out.push(
      entity({
        type: 'mailMessage',
        value: messageId || subject,
        roles: ['unknown'],
        props: { networkMessageId: messageId, subject, sender: senders[0], recipient: recipients[0] },
      }),
    );
  }
  return out;
};

const isAlertDoc = (v: unknown): boolean => {
  const { doc } = unwrap(v);
  return dotted(doc, 'kibana.alert.rule.name') !== undefined || dotted(doc, 'signal.rule.name') !== undefined;
};
const hitsOf = (v: unknown): readonly unknown[] => asArray(path(v, 'hits.hits'));

const normalizeOne = (record: SourceRecord, ctx: AdapterContext): AdapterResult => {
  const { doc, hitId } = unwrap(record.value);
  if (!asObject(doc)) return reject('_source', `alert document is ${kindOf(doc)}, not an object`);
  const title = firstStr(oneOf(doc, 'kibana.alert.rule.name', 'signal.rule.name'));
  if (!title)
    return reject(
      'kibana.alert.rule.name',
      'no kibana.alert.rule.name: not an Elastic Security detection alert',
    );
  const time = pickTime(
    [
      ['kibana.alert.suppression.start', one(doc, 'kibana.alert.suppression.start')],
      ['kibana.alert.original_time', one(doc, 'kibana.alert.original_time')],
      ['signal.original_time', one(doc, 'signal.original_time')],
      ['@timestamp', one(doc, '@timestamp')],
    ],
    ctx.defaultZone,
  );
  if (!time) return reject('@timestamp', `missing or unreadable time ${quote(one(doc, '@timestamp'))}`);
  const last = pickTime(
    [
      ['kibana.alert.suppression.end', one(doc, 'kibana.alert.suppression.end')],
      ['kibana.alert.last_detected', one(doc, 'kibana.alert.last_detected')],
    ],
    ctx.defaultZone,
  );
  const detected = pickTime([['@timestamp', one(doc, '@timestamp')]], ctx.defaultZone);
  const severity =
    parseSeverity(
      oneOf(doc, 'kibana.alert.severity', 'kibana.alert.rule.severity', 'signal.rule.severity'),
    ) ??
    severityFromRiskScore(
      oneOf(doc, 'kibana.alert.risk_score', 'kibana.alert.rule.risk_score', 'signal.rule.risk_score'),
    ) ??
    'medium';
  const { tactics, techniques } = attackOf(doc);
  const risk = firstStr(
    oneOf(doc, 'kibana.alert.risk_score', 'kibana.alert.rule.risk_score', 'signal.rule.risk_score'),
  );
  const ruleDescription = firstStr(oneOf(doc, 'kibana.alert.rule.description', 'signal.rule.description'));
  const input = {
    source: 'elastic',
    product: 'Elastic Security',
    sourceAlertId: firstStr(one(doc, 'kibana.alert.uuid')) || hitId,
    detectorId: firstStr(
      oneOf(
        doc,
        'kibana.alert.rule.rule_id',
        'kibana.alert.rule.uuid',
        'signal.rule.rule_id',
        'signal.rule.id',
      ),
    ),
    title,
    description: lines(
      firstStr(oneOf(doc, 'kibana.alert.reason', 'signal.reason')),
      ruleDescription && `Rule: ${ruleDescription.slice(0, 4000)}`,
      risk && `Risk score: ${risk}`,
      firstStr(one(doc, 'kibana.alert.building_block_type')) && 'Building block alert',
      firstStr(one(doc, 'message')).slice(0, 2000),
    ),
    severity,
    status: parseAlertStatus(oneOf(doc, 'kibana.alert.workflow_status', 'signal.status')) ?? 'new',
    classification: classificationOf(one(doc, 'kibana.alert.workflow_reason')) ?? 'unknown',
    ...timeFields(time),
    tactics,
    techniques,
    entities: entitiesOf(doc),
  };
  const alert: Alert = buildAlert(
    {
      ...input,
      ...(last ? { lastActivity: last.ms } : {}),
      ...(detected ? { detectedAt: detected.ms } : {}),
    },
    record,
    ctx,
  );
  return { ok: true, alerts: [alert] };
};

export const elasticAdapter: SourceAdapter = {
  name: 'elastic',
  label: 'Elastic Security detection alerts',
  containers: ['json-array', 'ndjson', 'json-object'],
  detect(sample) {
    if (sample.container === 'csv' || sample.container === 'tsv-zeek') return 0;
    return confidence(fractionOf(sample.records, (r) => isAlertDoc(r) || hitsOf(r).some(isAlertDoc)));
  },
  normalize(record, ctx) {
    const v = record.value;
    if (!asObject(v)) return reject('', `record is ${kindOf(v)}, not an Elastic alert object`);
    const hits = hitsOf(v);
    if (hits.length === 0 && asObject(field(v, 'hits')))
      return reject('hits.hits', 'search response without hits');
    if (hits.length === 0) return normalizeOne(record, ctx);
    // A whole search response: one alert per hit, each keeping its own hit as raw text.
    const alerts: Alert[] = [];
    let firstReject: AdapterResult | undefined;
    for (const hit of hits.slice(0, 10_000)) {
      let text = '';
      try {
        text = JSON.stringify(hit) ?? '';
      } catch {
        text = '';
      }
      const r = normalizeOne({ position: record.position, value: hit, text }, ctx);
      if (r.ok) alerts.push(...r.alerts);
      else firstReject ??= r;
    }
    if (alerts.length === 0) return firstReject ?? reject('hits.hits', 'no alert in hits');
    return { ok: true, alerts };
  },
};
