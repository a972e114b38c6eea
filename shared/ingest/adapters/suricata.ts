// Suricata EVE JSON alerts (`event_type: "alert"`), one record per EVE event, from a JSON array or NDJSON.
//
// Mapping (https://docs.suricata.io/en/latest/output/eve/eve-json-format.html):
// - title = alert.signature; detectorId = "gid:signature_id:rev"; description = category, action, flow and
//   protocol details (Alert has no free-form props, so flow_id goes there).
// - severity: Suricata priority 1 → high, 2 → medium, 3 → low, 4 and above → informational; none → medium.
// - Roles: Suricata does not say who attacks whom (for a response signature the source is the victim), so
//   src_ip is 'source' and dest_ip 'destination', with ports and proto as props.
// - http.hostname/tls.sni → domain, http.url → url, dns rrname → dnsQuery, fileinfo/files → file,
//   smtp/email addresses → mailbox, `host` (the sensor name) → device (contextual).
// - ATT&CK from alert.metadata mitre_tactic_id/_name and mitre_technique_id (ET rules carry them).
// - sourceAlertId '': EVE has no alert id, so buildAlert keys the alert on the record's content and a
//   re-import of the same file dedupes.
import type { Entity, Severity } from '#shared/model/index';
import { buildAlert, field, path, str } from '#shared/ingest/alert-builder';
import type { SourceAdapter } from '#shared/ingest/types';
import {
  DEFAULT_SEVERITY,
  asArray,
  asObject,
  confidence,
  deviceEntity,
  domainEntity,
  fileEntity,
  firstStr,
  fractionOf,
  ipEntity,
  kindOf,
  lines,
  mailboxEntity,
  pickTime,
  quote,
  reject,
  strList,
  timeFields,
  urlEntity,
} from './common';

/** Suricata priority (alert.severity) → Caseline severity. Numbers may arrive as strings (Wazuh re-encodes EVE). */
export const suricataSeverity = (v: unknown): Severity | undefined => {
  const s = str(v).trim();
  if (!/^\d{1,3}$/.test(s)) return undefined;
  const n = Number(s);
  if (n <= 0) return undefined;
  return n === 1 ? 'high' : n === 2 ? 'medium' : n === 3 ? 'low' : 'informational';
};

/** Entities of an EVE event (also used for EVE wrapped in Wazuh alerts). */
export const eveEntities = (eve: unknown): (Entity | undefined)[] => {
  const proto = field(eve, 'proto');
  const out: (Entity | undefined)[] = [
    ipEntity(field(eve, 'src_ip'), ['source'], { port: field(eve, 'src_port'), protocol: proto }),
    ipEntity(field(eve, 'dest_ip'), ['destination'], { port: field(eve, 'dest_port'), protocol: proto }),
  ];
  const http = field(eve, 'http');
  const host = field(http, 'hostname');
  out.push(domainEntity(host, ['destination']), urlEntity(field(http, 'url'), host, ['destination']));
  const dns = field(eve, 'dns');
  out.push(domainQuery(field(dns, 'rrname')));
  for (const q of [...asArray(field(dns, 'query')), ...asArray(field(dns, 'queries'))].slice(0, 20))
    out.push(domainQuery(field(q, 'rrname')));
  out.push(domainEntity(path(eve, 'tls.sni'), ['destination']));
  for (const f of [field(eve, 'fileinfo'), ...asArray(field(eve, 'files')).slice(0, 20)]) {
    if (!asObject(f)) continue;
    out.push(
      fileEntity(field(f, 'filename'), ['unknown'], {
        md5: field(f, 'md5'),
        sha1: field(f, 'sha1'),
        sha256: field(f, 'sha256'),
        size: field(f, 'size'),
      }),
    );
  }
  const smtp = field(eve, 'smtp');
  out.push(mailboxEntity(field(smtp, 'mail_from'), ['source']));
  for (const r of strList(field(smtp, 'rcpt_to'), 20)) out.push(mailboxEntity(r, ['destination']));
  const email = field(eve, 'email');
  out.push(mailboxEntity(field(email, 'from'), ['source']));
  for (const r of strList(field(email, 'to'), 20)) out.push(mailboxEntity(r, ['destination']));
  out.push(deviceEntity(field(eve, 'host'), ['contextual']));
  return out;
};

const domainQuery = (name: unknown): Entity | undefined => {
  const d = domainEntity(name, ['unknown']);
  return d ? { ...d, type: 'dnsQuery' } : undefined;
};

/** ATT&CK ids and names from ET/Suricata rule metadata (arrays of strings). */
export const eveAttack = (alert: unknown): { tactics: string[]; techniques: string[] } => {
  const meta = field(alert, 'metadata');
  const tactics = [
    ...strList(field(meta, 'mitre_tactic_id'), 20),
    ...strList(field(meta, 'mitre_tactic_name'), 20).map((t) => t.replace(/_/g, ' ')),
  ];
  const techniques = strList(field(meta, 'mitre_technique_id'), 40);
  return { tactics, techniques };
};

/** Description lines of an EVE alert. */
export const eveDescription = (eve: unknown): string => {
  const alert = field(eve, 'alert');
  const http = field(eve, 'http');
  const tls = field(eve, 'tls');
  const method = firstStr(field(http, 'http_method'));
  const status = firstStr(field(http, 'status'));
  return lines(
    firstStr(field(alert, 'category')),
    firstStr(field(alert, 'action')) && `Action: ${firstStr(field(alert, 'action'))}`,
    firstStr(field(eve, 'app_proto')) && `Application protocol: ${firstStr(field(eve, 'app_proto'))}`,
    // Wazuh re-encodes numbers as text ("1914330066006315.000000").
    firstStr(field(eve, 'flow_id')) && `Flow id: ${firstStr(field(eve, 'flow_id')).replace(/\.0+$/, '')}`,
    (method || status) &&
      `HTTP: ${[method, firstStr(field(http, 'url')).slice(0, 500), status].filter(Boolean).join(' ')}`,
    firstStr(field(http, 'http_user_agent')) &&
      `User agent: ${firstStr(field(http, 'http_user_agent')).slice(0, 500)}`,
    firstStr(field(tls, 'subject')) && `TLS subject: ${firstStr(field(tls, 'subject')).slice(0, 500)}`,
  );
};

const isEve = (r: unknown): boolean =>
  typeof field(r, 'event_type') === 'string' &&
  (field(r, 'src_ip') !== undefined ||
    field(r, 'flow_id') !== undefined ||
    field(r, 'timestamp') !== undefined);
const isEveAlert = (r: unknown): boolean =>
  field(r, 'event_type') === 'alert' && typeof path(r, 'alert.signature') === 'string';

export const suricataAdapter: SourceAdapter = {
  name: 'suricata',
  label: 'Suricata EVE JSON alerts',
  containers: ['json-array', 'ndjson'],
  detect(sample) {
    if (sample.container !== 'json-array' && sample.container !== 'ndjson') return 0;
    const alerts = fractionOf(sample.records, isEveAlert);
    if (alerts > 0) return confidence(alerts);
    // An EVE log without alerts in its first records is still EVE: read it and reject the non-alert events.
    return fractionOf(sample.records, isEve) >= 0.5 ? 0.6 : 0;
  },
  normalize(record, ctx) {
    const eve = record.value;
    if (!asObject(eve)) return reject('', `record is ${kindOf(eve)}, not an EVE JSON object`);
    const eventType = field(eve, 'event_type');
    if (eventType !== 'alert') {
      return reject(
        'event_type',
        eventType === undefined
          ? 'no event_type: not a Suricata EVE event'
          : `event_type is ${quote(eventType)}, not 'alert'`,
      );
    }
    const alert = field(eve, 'alert');
    if (!asObject(alert)) return reject('alert', 'event_type is alert but the alert object is missing');
    const signature = firstStr(field(alert, 'signature'));
    if (!signature) return reject('alert.signature', 'alert has no signature');
    const time = pickTime([['timestamp', field(eve, 'timestamp')]], ctx.defaultZone);
    if (!time)
      return reject('timestamp', `missing or unreadable timestamp ${quote(field(eve, 'timestamp'))}`);
    const gid = firstStr(field(alert, 'gid')) || '1';
    const sid = firstStr(field(alert, 'signature_id'));
    const rev = firstStr(field(alert, 'rev'));
    const { tactics, techniques } = eveAttack(alert);
    return {
      ok: true,
      alerts: [
        buildAlert(
          {
            source: 'suricata',
            product: 'Suricata',
            sourceAlertId: '',
            detectorId: sid ? `${gid}:${sid}:${rev || '0'}` : '',
            title: signature,
            description: eveDescription(eve),
            severity: suricataSeverity(field(alert, 'severity')) ?? DEFAULT_SEVERITY,
            ...timeFields(time),
            tactics,
            techniques,
            entities: eveEntities(eve),
          },
          record,
          ctx,
        ),
      ],
    };
  },
};
