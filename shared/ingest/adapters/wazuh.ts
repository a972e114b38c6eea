// Wazuh alerts (`alerts.json`: NDJSON, one alert object per line; also JSON arrays of the same objects).
//
// Mapping (https://documentation.wazuh.com/current/user-manual/ruleset/rules/rules-classification.html):
// - sourceAlertId = `id` (unique per manager); detectorId = rule.id; title = rule.description. For the generic
//   IDS rules (groups `ids`, e.g. 20100 "First time this IDS alert is generated.", 20101 "IDS event.") the
//   Suricata/Snort signature is appended ("IDS event: ET WEB_SERVER ..."), taken from data.alert.signature
//   (EVE decoded into `data`) or from the fast.log text in full_log.
// - severity from rule.level: 0–3 informational, 4–7 low, 8–11 medium, 12–14 high, 15 critical. The wrapped
//   Suricata priority is kept in the description only: Wazuh's level is the rating this source assigns.
// - ATT&CK: rule.mitre.id (techniques) and rule.mitre.tactic (names).
// - Entities: agent.name is the device whose agent shipped the log, kept with role 'contextual' (a log-replay or
//   collector host such as `user-0` is on every line, and contextual entities are what noise pruning may
//   drop); predecoder.hostname is the host that wrote the log line (role unknown); data.srcip/src_ip →
//   ip 'source', data.dstip/dest_ip → ip 'destination' ("192.168.10.21:80" is split into address and port);
//   data.srcuser/dstuser → accounts ("<violet>" unwrapped); EVE fields in `data` (http.hostname, url, dns,
//   tls, files) as in the Suricata adapter; Windows eventdata (data.win.*) and syscheck (FIM) files. When a
//   line decoded no address at all (Wazuh had no decoder for it), IPv4 addresses in full_log are kept as ip
//   entities with role unknown, so an attacker named only in the log text still links its alerts.
// - description: rule groups, wrapped signature details, location and full_log when short.
import type { Entity, Severity } from '#shared/model/index';
import { buildAlert, field, path, str } from '#shared/ingest/alert-builder';
import type { SourceAdapter } from '#shared/ingest/types';
import {
  MAX_PARSE_CHARS,
  accountEntity,
  asObject,
  confidence,
  deviceEntity,
  fileEntity,
  firstStr,
  fractionOf,
  ipEntity,
  isIp,
  kindOf,
  lines,
  parseHashes,
  pickTime,
  processEntity,
  quote,
  registryEntity,
  reject,
  strList,
  timeFields,
} from './common';
import { eveDescription, eveEntities } from './suricata';

/** Wazuh rule level (0–15) → severity; see the header comment. */
export const wazuhSeverity = (level: unknown): Severity | undefined => {
  const s = str(level).trim();
  if (!/^\d{1,2}$/.test(s)) return undefined;
  const n = Number(s);
  if (n > 15) return undefined;
  return n <= 3 ? 'informational' : n <= 7 ? 'low' : n <= 11 ? 'medium' : n <= 14 ? 'high' : 'critical';
};

export type FastLogLine = {
  gid: string;
  sid: string;
  rev: string;
  signature: string;
  classification: string;
  priority: string;
};

/** Parse a Suricata/Snort fast.log line: "... [**] [1:2016184:5] SIGNATURE [**] [Classification: X] [Priority: 1] {TCP} a:p -> b:p". */
export const parseFastLog = (text: string): FastLogLine | undefined => {
  const s = text.slice(0, MAX_PARSE_CHARS);
  const open = s.indexOf('[**] [');
  if (open < 0) return undefined;
  const idsEnd = s.indexOf(']', open + 6);
  if (idsEnd < 0) return undefined;
  const ids = /^(\d{1,10}):(\d{1,12}):(\d{1,6})$/.exec(s.slice(open + 6, idsEnd));
  if (!ids) return undefined;
  const close = s.indexOf('[**]', idsEnd);
  if (close < 0) return undefined;
  const signature = s.slice(idsEnd + 1, close).trim();
  if (!signature) return undefined;
  const rest = s.slice(close, close + 1024);
  return {
    gid: ids[1] ?? '',
    sid: ids[2] ?? '',
    rev: ids[3] ?? '',
    signature,
    classification: /\[Classification: ([^\]]{0,200})\]/.exec(rest)?.[1]?.trim() ?? '',
    priority: /\[Priority: (\d{1,3})\]/.exec(rest)?.[1] ?? '',
  };
};

const IPV4_IN_TEXT = /\b\d{1,3}(?:\.\d{1,3}){3}\b/g;
/** IPv4 addresses named in free text (at most 8). */
export const ipsInText = (text: string): string[] => {
  const found = new Set<string>();
  for (const m of text.slice(0, 4096).matchAll(IPV4_IN_TEXT)) {
    if (isIp(m[0])) found.add(m[0]);
    if (found.size >= 8) break;
  }
  return [...found];
};

/** Entities of Windows event data as Wazuh decodes it (data.win.system / data.win.eventdata, camelCase keys). */
const windowsEntities = (win: unknown): (Entity | undefined)[] => {
  const sys = field(win, 'system');
  const ev = field(win, 'eventdata');
  if (!asObject(ev) && !asObject(sys)) return [];
  const g = (k: string): unknown => field(ev, k);
  const hashes = parseHashes(g('hashes'));
  const image = firstStr(g('image'), g('newProcessName'), g('processName'));
  return [
    deviceEntity(field(sys, 'computer'), ['unknown']),
    accountEntity(g('subjectUserName'), ['source'], {
      domain: g('subjectDomainName'),
      sid: g('subjectUserSid'),
    }),
    accountEntity(g('targetUserName'), ['destination'], {
      domain: g('targetDomainName'),
      sid: firstStr(g('targetUserSid'), g('targetSid')),
    }),
    accountEntity(g('user'), ['unknown']),
    ipEntity(firstStr(g('ipAddress'), g('sourceIp'), g('sourceAddress')), ['source'], {
      port: firstStr(g('ipPort'), g('sourcePort')),
    }),
    ipEntity(firstStr(g('destinationIp'), g('destAddress')), ['destination'], {
      port: firstStr(g('destinationPort'), g('destPort')),
    }),
    deviceEntity(g('workstationName'), ['source']),
    processEntity(
      {
        image,
        commandLine: g('commandLine'),
        processId: firstStr(g('processId'), g('newProcessId')),
        parentImage: g('parentImage'),
        parentProcessId: g('parentProcessId'),
      },
      ['unknown'],
    ),
    image ? fileEntity(image, ['unknown'], hashes) : undefined,
    fileEntity(g('targetFilename'), ['unknown']),
    registryEntity(g('targetObject'), ['unknown'], { data: g('details') }),
  ];
};

/** File integrity monitoring alerts: the changed file with its new hashes. */
const syscheckEntities = (sc: unknown): (Entity | undefined)[] => {
  const p = firstStr(field(sc, 'path'));
  if (!p) return [];
  if (/^HK/i.test(p)) return [registryEntity(p, ['edited'], { valueName: field(sc, 'value_name') })];
  return [
    fileEntity(p, ['edited'], {
      md5: field(sc, 'md5_after'),
      sha1: field(sc, 'sha1_after'),
      sha256: field(sc, 'sha256_after'),
      size: field(sc, 'size_after'),
    }),
    accountEntity(firstStr(field(sc, 'uname_after'), path(sc, 'audit.user.name')), ['unknown']),
  ];
};

const isWazuh = (r: unknown): boolean => {
  const rule = field(r, 'rule');
  return (
    asObject(rule) !== undefined &&
    field(rule, 'level') !== undefined &&
    field(rule, 'id') !== undefined &&
    (field(r, 'agent') !== undefined || field(r, 'manager') !== undefined)
  );
};

export const wazuhAdapter: SourceAdapter = {
  name: 'wazuh',
  label: 'Wazuh alerts (alerts.json)',
  containers: ['ndjson', 'json-array'],
  detect(sample) {
    if (sample.container !== 'ndjson' && sample.container !== 'json-array') return 0;
    return confidence(fractionOf(sample.records, isWazuh));
  },
  normalize(record, ctx) {
    const v = record.value;
    if (!asObject(v)) return reject('', `record is ${kindOf(v)}, not a Wazuh alert object`);
    const rule = field(v, 'rule');
    if (!asObject(rule)) return reject('rule', 'no rule object: not a Wazuh alert');
    const level = field(rule, 'level');
    const severity = wazuhSeverity(level);
    if (!severity) return reject('rule.level', `rule level ${quote(level)} is not a number from 0 to 15`);
    const time = pickTime(
      [
        ['timestamp', field(v, 'timestamp')],
        ['@timestamp', field(v, '@timestamp')],
      ],
      ctx.defaultZone,
    );
    if (!time) return reject('timestamp', `missing or unreadable timestamp ${quote(field(v, 'timestamp'))}`);

    const data = field(v, 'data');
    const fullLog = firstStr(field(v, 'full_log'));
    const eveAlert = field(data, 'alert');
    const fast = fullLog ? parseFastLog(fullLog) : undefined;
    const signature = firstStr(field(eveAlert, 'signature')) || fast?.signature || '';
    const ruleDescription = firstStr(field(rule, 'description'));
    const groups = strList(field(rule, 'groups'), 50);
    let title = ruleDescription || `Wazuh rule ${firstStr(field(rule, 'id'))}`;
    if (signature && !title.includes(signature))
      title =
        groups.includes('ids') || !ruleDescription ? `${title.replace(/\.$/, '')}: ${signature}` : title;

    const sigIds = asObject(eveAlert)
      ? [field(eveAlert, 'gid'), field(eveAlert, 'signature_id'), field(eveAlert, 'rev')]
          .map((x) => str(x))
          .join(':')
      : fast
        ? `${fast.gid}:${fast.sid}:${fast.rev}`
        : firstStr(field(data, 'id'));
    const isEve =
      asObject(data) !== undefined &&
      (field(data, 'src_ip') !== undefined ||
        field(data, 'dest_ip') !== undefined ||
        asObject(eveAlert) !== undefined);
    const description = lines(
      `Wazuh rule ${firstStr(field(rule, 'id'))} (level ${str(level)})${groups.length ? `; groups: ${groups.join(', ')}` : ''}`,
      signature && `Signature ${sigIds}: ${signature}`,
      fast && (fast.classification || fast.priority)
        ? `Classification: ${fast.classification}${fast.priority ? `; priority ${fast.priority}` : ''}`
        : undefined,
      isEve ? eveDescription(data) : undefined,
      firstStr(field(v, 'location')) && `Location: ${firstStr(field(v, 'location'))}`,
      firstStr(path(v, 'decoder.name')) && `Decoder: ${firstStr(path(v, 'decoder.name'))}`,
      // EVE JSON in full_log is already decoded into `data` (and kept verbatim in raw).
      !fullLog || (isEve && fullLog.startsWith('{'))
        ? undefined
        : fullLog.length <= 2000
          ? `Log: ${fullLog}`
          : `Log: ${fullLog.slice(0, 2000)}…`,
    );

    const agent = field(v, 'agent');
    const entities: (Entity | undefined)[] = [
      deviceEntity(field(agent, 'name'), ['contextual'], { deviceId: firstStr(field(agent, 'id')) }),
      ipEntity(field(agent, 'ip'), ['contextual']),
      deviceEntity(path(v, 'predecoder.hostname'), ['unknown']),
      ipEntity(field(data, 'srcip'), ['source'], { port: field(data, 'srcport') }),
      ipEntity(field(data, 'dstip'), ['destination'], { port: field(data, 'dstport') }),
      accountEntity(field(data, 'srcuser'), ['source']),
      accountEntity(field(data, 'dstuser'), ['destination']),
      ...(isEve ? eveEntities(data) : []),
      ...windowsEntities(field(data, 'win')),
      ...syscheckEntities(field(v, 'syscheck')),
    ];
    const hasIp = entities.some((e) => e?.type === 'ip' && !e.roles.includes('contextual'));
    if (!hasIp && fullLog) for (const ip of ipsInText(fullLog)) entities.push(ipEntity(ip, ['unknown']));

    const mitre = field(rule, 'mitre');
    return {
      ok: true,
      alerts: [
        buildAlert(
          {
            source: 'wazuh',
            product: 'Wazuh',
            sourceAlertId: firstStr(field(v, 'id')),
            detectorId: firstStr(field(rule, 'id')),
            title,
            description,
            severity,
            ...timeFields(time),
            tactics: strList(field(mitre, 'tactic'), 20),
            techniques: strList(field(mitre, 'id'), 40),
            entities,
          },
          record,
          ctx,
        ),
      ],
    };
  },
};
