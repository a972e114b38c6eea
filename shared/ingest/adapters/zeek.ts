// Zeek notice.log, in Zeek's ASCII (TSV) form or its JSON streaming form (NDJSON with flat dotted keys).
//
// Fields (docs.zeek.org, Notice::Info): ts, uid, id.orig_h/p, id.resp_h/p, fuid, file_mime_type, file_desc, proto,
// note, msg, sub, src, dst, p, n, peer_descr, actions, email_dest, suppress_for, remote_location.*.
// In TSV, '-' is unset and '(empty)' an empty set; both read as absent.
// - title = "note: msg"; detectorId = note; description = sub and the connection/file/actions details.
// - sourceAlertId is derived from fields that read the same in both forms (note, ts to the microsecond, uid,
//   fuid, src, dst, p, the connection 4-tuple, and msg without escapes), so a TSV file and its JSON twin yield
//   the same ids and dedupe across each other.
// - ts: epoch seconds with fraction (TSV, or JSON with JSON::use_json_iso_time off) or ISO 8601 (JSON); the
//   fraction is read exactly, never through floating point.
// - Roles: src and id.orig_h → ip 'source' (port id.orig_p); dst and id.resp_h → ip 'destination' (port
//   id.resp_p, else p); proto as the ips' protocol.
// - Severity: notices are low unless the note says otherwise. Informational: capture-loss, packet-filter,
//   weird, software-version and tally notices. Medium: Intel::Notice, password guessing / brute forcing,
//   SQL injection, sensitive signatures, vulnerable software, Heartbleed attempts, suspicious SMTP origination.
//   High: Heartbleed success and malware hash registry matches. A notice the site raised with
//   Notice::ACTION_ALARM or ACTION_EMAIL is at least medium, with ACTION_PAGE at least high.
import type { Severity } from '#shared/model/index';
import { maxSeverity } from '#shared/model/index';
import { buildAlert, field, str } from '#shared/ingest/alert-builder';
import { parseTime } from '#shared/ingest/time';
import type { SourceAdapter } from '#shared/ingest/types';
import {
  asObject,
  confidence,
  dotted,
  fractionOf,
  headerSet,
  ipEntity,
  kindOf,
  lines,
  quote,
  reject,
} from './common';

/** A Zeek value: '-' (unset) and '(empty)' read as absent; sets (arrays or comma-joined TSV) as text. */
const zv = (v: unknown): string => {
  if (Array.isArray(v))
    return v
      .map((x) => str(x))
      .filter(Boolean)
      .join(',');
  const s = str(v).trim();
  return s === '-' || s === '(empty)' ? '' : s;
};

export type ZeekTime = { ms: number; key: string; original: string };

/** Exact Zeek timestamps: "1521911720.629574", 1521911720.629574 or "2018-03-24T17:15:20.629574Z". */
export const zeekTime = (v: unknown): ZeekTime | undefined => {
  const original = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : str(v).trim();
  if (!original) return undefined;
  let seconds: number;
  let frac = '';
  const epoch = /^(\d{1,12})(?:\.(\d{1,9}))?$/.exec(original);
  if (epoch) {
    seconds = Number(epoch[1]);
    frac = epoch[2] ?? '';
  } else {
    const iso = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})$/.exec(original);
    if (!iso) return undefined;
    const whole = parseTime(`${iso[1] ?? ''}${iso[3] ?? ''}`);
    if (!whole) return undefined;
    seconds = whole.ms / 1000;
    frac = iso[2] ?? '';
  }
  const ms = seconds * 1000 + Number(frac.padEnd(3, '0').slice(0, 3));
  const trimmed = frac.replace(/0+$/, '');
  return { ms, key: trimmed ? `${seconds}.${trimmed}` : String(seconds), original };
};

const INFORMATIONAL =
  /^(CaptureLoss|PacketFilter|Weird|Software::Software_Version_Change|Notice::Tally|Conn::(Retransmission_Inconsistency|Content_Gap)|Stats)/;
const MEDIUM =
  /^(Intel::Notice|SSH::(Password_Guessing|Interesting_Hostname_Login|Login_By_Password_Guesser)|FTP::Bruteforcing|HTTP::SQL_Injection_(Attacker|Victim)|Signatures::(Sensitive_Signature|Multiple_Signatures|Multiple_Sig_Responders|Count_Signature|Signature_Summary)|Software::Vulnerable_Version|Heartbleed::SSL_Heartbeat_(Attack|Odd_Length|Many_Requests)$|SMTP::Suspicious_Origination|Scan::(Address|Port)_Scan)/;
const HIGH = /^(Heartbleed::SSL_Heartbeat_Attack_Success|TeamCymruMalwareHashRegistry::Match|Intel::Malware)/;

export const zeekSeverity = (note: string, actions: string): Severity => {
  let s: Severity = HIGH.test(note)
    ? 'high'
    : MEDIUM.test(note)
      ? 'medium'
      : INFORMATIONAL.test(note)
        ? 'informational'
        : 'low';
  if (/ACTION_PAGE/.test(actions)) s = maxSeverity(s, 'high');
  else if (/ACTION_(ALARM|EMAIL)/.test(actions)) s = maxSeverity(s, 'medium');
  return s;
};

/** msg as it reads in both forms: TSV escapes (\\, \xHH) and whitespace dropped. */
const idText = (s: string): string =>
  s
    .replace(/\\x[0-9a-fA-F]{2}/g, '')
    .replace(/[\\\s]/g, '')
    .slice(0, 256);

const isNotice = (r: unknown): boolean =>
  asObject(r) !== undefined &&
  (field(r, '_path') === 'notice' ||
    (zv(field(r, '_path')) === '' && typeof field(r, 'note') === 'string' && field(r, 'ts') !== undefined));
const isZeekJson = (r: unknown): boolean =>
  typeof field(r, '_path') === 'string' && field(r, 'ts') !== undefined;

export const zeekAdapter: SourceAdapter = {
  name: 'zeek',
  label: 'Zeek notice.log (TSV or JSON)',
  containers: ['tsv-zeek', 'ndjson', 'json-array'],
  detect(sample) {
    if (sample.container === 'tsv-zeek') {
      const h = headerSet(sample);
      // Another Zeek log: read it so each line is rejected as "not a notice".
      return h.has('note') && h.has('ts') ? 0.95 : 0.3;
    }
    if (sample.container !== 'ndjson' && sample.container !== 'json-array') return 0;
    const notices = fractionOf(sample.records, isNotice);
    if (notices > 0) return confidence(notices);
    return fractionOf(sample.records, isZeekJson) >= 0.5 ? 0.3 : 0;
  },
  normalize(record, ctx) {
    const v = record.value;
    if (!asObject(v)) return reject('', `record is ${kindOf(v)}, not a Zeek log entry`);
    const logPath = zv(field(v, '_path'));
    if (logPath && logPath !== 'notice')
      return reject('_path', `Zeek ${quote(logPath)} log entry, not a notice`);
    const g = (k: string): string => zv(dotted(v, k));
    const note = g('note');
    if (!note) return reject('note', 'no note: not a Zeek notice.log entry');
    const rawTs = dotted(v, 'ts');
    const ts = zeekTime(rawTs);
    if (!ts) return reject('ts', `missing or unreadable ts ${quote(rawTs)}`);
    const msg = g('msg');
    const actions = g('actions');
    const proto = g('proto');
    const uid = g('uid');
    const fuid = g('fuid');
    const key = [
      note,
      ts.key,
      uid,
      fuid,
      g('src'),
      g('dst'),
      g('p'),
      g('id.orig_h'),
      g('id.orig_p'),
      g('id.resp_h'),
      g('id.resp_p'),
      idText(msg),
    ].join('|');
    const where = [g('remote_location.country_code'), g('remote_location.region'), g('remote_location.city')]
      .filter(Boolean)
      .join(', ');
    return {
      ok: true,
      alerts: [
        buildAlert(
          {
            source: 'zeek',
            product: 'Zeek',
            sourceAlertId: key,
            detectorId: note,
            title: msg ? `${note}: ${msg}` : note,
            description: lines(
              g('sub'),
              uid && `Connection uid: ${uid}`,
              fuid && `File: ${[fuid, g('file_mime_type'), g('file_desc')].filter(Boolean).join(' ')}`,
              g('n') && `Count: ${g('n')}`,
              g('peer_descr') && `Peer: ${g('peer_descr')}`,
              actions && `Actions: ${actions}`,
              where && `Remote location: ${where}`,
            ),
            severity: zeekSeverity(note, actions),
            firstActivity: ts.ms,
            originalTime: ts.original,
            entities: [
              ipEntity(g('src'), ['source'], { protocol: proto }),
              ipEntity(g('id.orig_h'), ['source'], { port: g('id.orig_p'), protocol: proto }),
              ipEntity(g('dst'), ['destination'], { port: g('id.resp_p') || g('p'), protocol: proto }),
              ipEntity(g('id.resp_h'), ['destination'], { port: g('id.resp_p') || g('p'), protocol: proto }),
            ],
          },
          record,
          ctx,
        ),
      ],
    };
  },
};
