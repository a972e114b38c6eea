// Hayabusa timelines: `csv-timeline` CSV (any profile: minimal, standard, verbose, all-field-info, timesketch) and
// `json-timeline` JSON/JSONL, one detection per row/object.
//
// Columns (config/profiles.yaml in Yamato-Security/hayabusa): Timestamp, Computer, Channel, EventID, Level,
// MitreTactics, MitreTags, OtherTags, RecordID, RuleTitle, Details, ExtraFieldInfo, RuleFile, EvtxFile, RuleID,
// AllFieldInfo; older releases (the sample) write RulePath and FilePath instead of RuleFile and EvtxFile.
// - title = RuleTitle; detectorId = RuleID, else the rule file path; Computer → device.
// - severity from Level: crit/critical (and emer/emergency) → critical, high, med/medium, low, info/informational.
// - time = Timestamp ("2013-10-24 01:16:13.843 +09:00" by default, or --ISO-8601); other display formats
//   (--US-time, --RFC-2822, ...) are rejected with a hint to re-export.
// - Details (and ExtraFieldInfo / AllFieldInfo as fallbacks) are "Key: value" pairs separated by " ¦ " (current
//   releases) or "  :  " (older releases, as in the sample), or a JSON object in JSON output. Keys are Hayabusa's
//   abbreviations (rules/config/default_details.txt) or the EVTX field names: users (User, SrcUser, TgtUser, Acct,
//   with Domain/SID), IPs (SrcIP, TgtIP, "IP Address" with ports), hosts (SrcComp/Workstation, TgtComp/TgtSvr),
//   processes (Proc, Cmdline/Cmd, ParentCmdline, PID, SrcProc/TgtProc), files (Path, TgtFile, loaded Image),
//   hashes (Hash/Hashes "MD5=…,SHA256=…"), registry (TgtObj under HK*), DNS queries (Query), services (Svc).
// - ATT&CK: MitreTactics (Hayabusa's abbreviations: Exec, Persis, PrivEsc, Evas, CredAccess, ...) and MitreTags
//   (technique ids); absent in the default profile, so most rows carry none.
// - sourceAlertId = Computer|Channel|RecordID|rule when a RecordID is present (one event can match several
//   rules), else '' so the row's content identifies it.
import type { Entity, Severity } from '#shared/model/index';
import { parseSeverity } from '#shared/model/index';
import { buildAlert, entity, field, str } from '#shared/ingest/alert-builder';
import type { SourceAdapter } from '#shared/ingest/types';
import {
  DEFAULT_SEVERITY,
  MAX_PARSE_CHARS,
  accountEntity,
  asObject,
  baseName,
  confidence,
  deviceEntity,
  domainEntity,
  fileEntity,
  firstStr,
  fractionOf,
  headerSet,
  imageOfCommand,
  ipEntity,
  isPlaceholder,
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

/** Hayabusa's MitreTactics abbreviations (config/mitre_tactics.txt) → ATT&CK tactic ids. */
const TACTIC_ABBREVIATIONS: Readonly<Record<string, string>> = {
  recon: 'TA0043',
  resdev: 'TA0042',
  initaccess: 'TA0001',
  exec: 'TA0002',
  persis: 'TA0003',
  privesc: 'TA0004',
  evas: 'TA0005',
  credaccess: 'TA0006',
  disc: 'TA0007',
  latmov: 'TA0008',
  collect: 'TA0009',
  c2: 'TA0011',
  exfil: 'TA0010',
  impact: 'TA0040',
};

export const hayabusaSeverity = (level: unknown): Severity | undefined => {
  const l = str(level).trim().toLowerCase();
  if (l === 'emer' || l === 'emergency') return 'critical';
  return parseSeverity(l);
};

/** A column by its Hayabusa name, else by the same name in another case (hand-edited headers). */
const col = (v: unknown, name: string): unknown => {
  const exact = field(v, name);
  if (exact !== undefined) return exact;
  const lower = name.toLowerCase();
  for (const k of Object.keys(v as object)) if (k.toLowerCase() === lower) return field(v, k);
  return undefined;
};

const normKey = (k: string): string => k.toLowerCase().replace(/[\s_-]/g, '');
const KEY_TEXT = /^[A-Za-z][A-Za-z0-9 _().-]{0,40}$/;

/**
 * Parse Details-like text into normalised key → value (first occurrence wins). Pairs are split on " ¦ " and, in
 * older releases, on "  :  "; each pair on its first ':' ("SID:S-1-5-…" has no space). Free text is skipped.
 */
export const parseDetails = (details: unknown, into = new Map<string, string>()): Map<string, string> => {
  const add = (key: string, value: unknown): void => {
    const k = normKey(key);
    const s = str(value).trim();
    if (k && s && !into.has(k) && into.size < 200) into.set(k, s);
  };
  const obj = asObject(details);
  if (obj) {
    for (const k of Object.keys(obj).slice(0, 200)) add(k, field(obj, k));
    return into;
  }
  const text = str(details).slice(0, MAX_PARSE_CHARS * 4);
  if (!text) return into;
  for (const part of text.split(/ ¦ |\s{2}:\s{2}/)) {
    const colon = part.indexOf(':');
    if (colon <= 0) continue;
    const key = part.slice(0, colon).trim();
    if (!KEY_TEXT.test(key) || key.startsWith('(')) continue;
    add(key, part.slice(colon + 1));
  }
  // Aggregation rules: "[condition] count() by IpAddress >= 5 in timeframe [result] count:3558 IpAddress:1.2.3.4 timeframe:5m"
  const result = text.indexOf('[result]');
  if (result >= 0)
    for (const m of text.slice(result, result + 2048).matchAll(/(\w{1,40}):(\S{1,256})/g))
      add(m[1] ?? '', m[2]);
  return into;
};

const detailsText = (details: unknown): string => {
  const obj = asObject(details);
  if (!obj) return str(details);
  return Object.keys(obj)
    .slice(0, 100)
    .map((k) => `${k}: ${str(field(obj, k))}`)
    .join(' ¦ ');
};

/** Hayabusa's per-event-type keys for each thing, abbreviations first, then EVTX field names. */
const K = {
  user: ['user', 'subjectusername'],
  userDomain: ['domain', 'subjectdomainname'],
  userSid: ['sid', 'subjectusersid'],
  srcUser: ['srcuser', 'sourceuser', 'sourceusername'],
  srcSid: ['srcsid'],
  tgtUser: ['tgtuser', 'targetuser', 'targetusername'],
  tgtDomain: ['tgtdomain', 'targetdomainname'],
  tgtSid: ['tgtsid', 'targetusersid', 'targetsid'],
  otherUsers: ['acct', 'svcacct', 'accountname', 'detectionuser'],
  srcIp: ['srcip', 'ipaddress', 'ip', 'sourceip', 'sourceaddress', 'clientaddress', 'sourcenetworkaddress'],
  srcPort: ['srcport', 'port', 'ipport', 'sourceport'],
  tgtIp: ['tgtip', 'destinationip', 'destaddress', 'destinationaddress'],
  tgtPort: ['tgtport', 'destinationport', 'destport'],
  srcComp: ['srccomp', 'workstation', 'workstationname', 'clientname'],
  tgtComp: ['tgtcomp', 'tgtsvr', 'targetserver', 'targetinfo'],
  srcHost: ['srchost', 'sourcehostname'],
  tgtHost: ['tgthost', 'destinationhostname'],
  proc: ['proc', 'process', 'processname', 'newprocessname', 'app', 'application'],
  image: ['image'],
  cmd: ['cmdline', 'cmd', 'commandline'],
  pid: ['pid', 'processid', 'newprocessid'],
  parentCmd: ['parentcmdline', 'parentcmd', 'parentcommandline'],
  parentImage: ['parentimage', 'parentproc'],
  parentPid: ['parentpid', 'parentprocessid'],
  srcProc: ['srcproc', 'sourceimage'],
  srcPid: ['srcpid', 'sourceprocessid'],
  tgtProc: ['tgtproc', 'targetimage'],
  tgtPid: ['tgtpid', 'targetprocessid'],
  path: ['path'],
  tgtFile: ['tgtfile', 'targetfilename', 'targetfile'],
  loaded: ['imageloaded'],
  hashes: ['hashes', 'hash'],
  regObject: ['tgtobj', 'targetobject'],
  regEventType: ['eventtype'],
  svc: ['svc', 'service', 'servicename'],
  query: ['query', 'queryname'],
} as const;

/** The program a service command runs; %COMSPEC% is cmd.exe. */
const serviceImage = (command: string): string => {
  const name = baseName(imageOfCommand(command));
  return name.toLowerCase() === '%comspec%' ? 'cmd.exe' : name;
};

const detailEntities = (d: Map<string, string>): (Entity | undefined)[] => {
  const get = (keys: readonly string[]): string => {
    for (const k of keys) {
      const v = d.get(k);
      if (v !== undefined && !isPlaceholder(v)) return v;
    }
    return '';
  };
  const out: (Entity | undefined)[] = [
    accountEntity(get(K.user), ['unknown'], { domain: get(K.userDomain), sid: get(K.userSid) }),
    accountEntity(get(K.srcUser), ['source'], { sid: get(K.srcSid) }),
    accountEntity(get(K.tgtUser), ['destination'], { domain: get(K.tgtDomain), sid: get(K.tgtSid) }),
    ...K.otherUsers.map((k) => accountEntity(d.get(k), ['unknown'])),
    ipEntity(get(K.srcIp), ['source'], { port: get(K.srcPort) }),
    ipEntity(get(K.tgtIp), ['destination'], { port: get(K.tgtPort) }),
    deviceEntity(get(K.srcComp), ['source']),
    deviceEntity(get(K.tgtComp), ['destination']),
    domainEntity(get(K.srcHost), ['source']),
    domainEntity(get(K.tgtHost), ['destination']),
  ];
  const hashes = parseHashes(get(K.hashes));
  const hasHashes = Object.keys(hashes).length > 0;
  const cmd = get(K.cmd);
  const proc = get(K.proc);
  const path = get(K.path);
  const svc = get(K.svc);
  // 4688 names the image in Path (no Proc); Sysmon 7 puts the loaded DLL in Image next to Proc.
  const image = proc || (cmd && path ? path : '') || (!proc ? get(K.image) : '');
  const loaded = get(K.loaded) || (proc ? get(K.image) : '');
  const pathIsFile = path && path !== image && !svc;
  out.push(
    processEntity(
      {
        image,
        commandLine: cmd,
        processId: get(K.pid),
        parentImage: get(K.parentImage),
        parentProcessId: get(K.parentPid),
      },
      ['unknown'],
    ),
    processEntity({ image: get(K.parentImage), commandLine: get(K.parentCmd), processId: get(K.parentPid) }, [
      'unknown',
    ]),
    processEntity({ image: get(K.srcProc), processId: get(K.srcPid) }, ['source']),
    processEntity({ image: get(K.tgtProc), processId: get(K.tgtPid) }, ['destination']),
    // A service's image path is a command line ("%COMSPEC% /b /c start ... powershell.exe ...").
    svc && path ? processEntity({ name: serviceImage(path), commandLine: path }, ['unknown']) : undefined,
    loaded ? fileEntity(loaded, ['loaded'], hasHashes ? hashes : {}) : undefined,
    pathIsFile ? fileEntity(path, ['unknown'], hasHashes && !loaded && !image ? hashes : {}) : undefined,
    fileEntity(get(K.tgtFile), ['unknown'], hasHashes && !loaded && !image ? hashes : {}),
    // Hashes of the process image itself (Sysmon 1): kept on a file entity for the image.
    hasHashes && image && !loaded ? fileEntity(image, ['unknown'], hashes) : undefined,
  );
  const reg = get(K.regObject);
  if (reg) {
    // Sysmon 13/14 details read "TgtObj: HKLM\...\Run\Name: C:\evil.exe" (object, then ': ', then the data).
    const sep = reg.indexOf(': ');
    const key = sep > 0 ? reg.slice(0, sep) : reg;
    const data = sep > 0 ? reg.slice(sep + 2) : '';
    const isValue = !!data || /setvalue/i.test(get(K.regEventType));
    out.push(registryEntity(key, ['unknown'], { data, isValue }));
  }
  const q = get(K.query);
  const dns = domainEntity(q, ['unknown']);
  if (dns) out.push(entity({ type: 'dnsQuery', value: dns.value, roles: ['unknown'] }));
  return out;
};

const tacticsOf = (v: unknown): string[] =>
  splitList(v).map((t) => TACTIC_ABBREVIATIONS[t.toLowerCase().replace(/[^a-z0-9]/g, '')] ?? t);

const splitList = (v: unknown): string[] =>
  Array.isArray(v)
    ? strList(v, 50)
    : str(v)
        .split(/ ¦ |[,;|]/)
        .map((s) => s.trim())
        .filter(Boolean)
        .slice(0, 50);

const isHayabusaObject = (r: unknown): boolean =>
  asObject(r) !== undefined &&
  typeof col(r, 'RuleTitle') === 'string' &&
  col(r, 'Level') !== undefined &&
  (col(r, 'Timestamp') !== undefined || col(r, 'datetime') !== undefined);

export const hayabusaAdapter: SourceAdapter = {
  name: 'hayabusa',
  label: 'Hayabusa timeline (CSV or JSON)',
  containers: ['csv', 'json-array', 'ndjson'],
  detect(sample) {
    if (sample.container === 'csv') {
      const h = headerSet(sample);
      const hasTime = h.has('timestamp') || h.has('datetime');
      if (h.has('ruletitle') && h.has('level') && hasTime && (h.has('computer') || h.has('details')))
        return 0.95;
      if ((h.has('ruletitle') || h.has('rulefile') || h.has('rulepath')) && h.has('level') && hasTime)
        return 0.8;
      return 0;
    }
    if (sample.container === 'tsv-zeek' || sample.container === 'json-object') return 0;
    return confidence(fractionOf(sample.records, isHayabusaObject));
  },
  normalize(record, ctx) {
    const v = record.value;
    if (!asObject(v)) return reject('', `record is ${kindOf(v)}, not a Hayabusa detection`);
    const title = firstStr(col(v, 'RuleTitle'), col(v, 'message'));
    if (!title) return reject('RuleTitle', 'no RuleTitle: not a Hayabusa detection');
    const rawTime = col(v, 'Timestamp') ?? col(v, 'datetime');
    const time = pickTime([['Timestamp', rawTime]], ctx.defaultZone);
    if (!time) {
      return reject(
        'Timestamp',
        `unreadable Timestamp ${quote(rawTime)}: export with Hayabusa's default time format or --ISO-8601`,
      );
    }
    const details = col(v, 'Details');
    const parsed = parseDetails(details);
    parseDetails(col(v, 'ExtraFieldInfo'), parsed);
    parseDetails(col(v, 'AllFieldInfo'), parsed);
    const computer = firstStr(col(v, 'Computer'));
    const channel = firstStr(col(v, 'Channel'));
    const eventId = firstStr(col(v, 'EventID'));
    const recordId = firstStr(col(v, 'RecordID'));
    const ruleFile = firstStr(col(v, 'RuleFile'), col(v, 'RulePath'));
    const ruleId = firstStr(col(v, 'RuleID'));
    const evtx = firstStr(col(v, 'EvtxFile'), col(v, 'FilePath'));
    const dText = detailsText(details).trim();
    const otherTags = splitList(col(v, 'OtherTags'));
    return {
      ok: true,
      alerts: [
        buildAlert(
          {
            source: 'hayabusa',
            product: 'Hayabusa',
            sourceAlertId:
              recordId && computer ? `${computer}|${channel}|${recordId}|${ruleId || ruleFile || title}` : '',
            detectorId: ruleId || ruleFile,
            title,
            description: lines(
              dText && dText !== '-' && `Details: ${dText.slice(0, 8000)}`,
              (eventId || channel) &&
                `Event ${eventId || '?'}${channel ? ` (${channel})` : ''}${recordId ? `, record ${recordId}` : ''}`,
              ruleFile && `Rule: ${ruleFile}`,
              evtx && evtx !== '-' && `EVTX: ${evtx}`,
              otherTags.length ? `Tags: ${otherTags.join(', ')}` : undefined,
            ),
            severity: hayabusaSeverity(col(v, 'Level')) ?? DEFAULT_SEVERITY,
            ...timeFields(time),
            tactics: tacticsOf(col(v, 'MitreTactics')),
            techniques: splitList(col(v, 'MitreTags')).map((t) => t.replace(/^attack\./i, '')),
            entities: [deviceEntity(computer, ['unknown']), ...detailEntities(parsed)],
          },
          record,
          ctx,
        ),
      ],
    };
  },
};
