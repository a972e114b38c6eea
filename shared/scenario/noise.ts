// Background noise: benign or commodity alerts that belong to no campaign. Each burst is one cause (a scanner, a
// PUA installer, a misconfigured service, a risky sign-in) seen one or more times. Noise reuses the same
// infrastructure as campaigns: the DC, the proxy and DNS server, SYSTEM, the same system binaries, and a few
// hosts that are hit again and again (host choice is Zipf-like).
import type { ScenarioContext } from './campaign';
import { RecordSink } from './campaign';
import { D, S, WORDS } from './catalog';
import { BIN, freshFile } from './files';
import type { FileInfo, JsonObject } from './graph-records';
import {
  analyzedMessageEvidence,
  deviceEvidence,
  fileEvidence,
  ipEvidence,
  mailboxEvidence,
  processEvidence,
  SYSTEM_ACCOUNT,
  userAccount,
  userEvidence,
} from './graph-records';
import { adminAccount, DC_INDEX, DMZ_IPS, DNS_IP, ipv6, PROXY_IP, publicIp, server, user, VPN_EGRESS_IP, workstation } from './org';
import { Rng } from './prng';
import type { ScenarioRecord } from './types';

const MIN = 60_000;

/** Popular services whose addresses many unrelated policy alerts share. */
const SERVICES = [
  { host: 'client.dropbox.com', ip: '162.125.6.19', sig: S.dropbox },
  { host: 'ping3.teamviewer.com', ip: '188.172.221.34', sig: S.teamviewer },
  { host: 'raw.githubusercontent.com', ip: '185.199.108.133', sig: S.curl },
  { host: 'pypi.org', ip: '151.101.0.223', sig: S.pythonUa },
] as const;

/** Installers that carry PUA: the same hash on every host that downloads them. */
const PUA_FILES: readonly FileInfo[] = (() => {
  const r = new Rng(0x5eed, 0x90a);
  return [
    freshFile(r, 'PDFConverterSetup.exe', 'C:\\Users\\Public\\Downloads', 2_310_552),
    freshFile(r, 'KMSAuto++.exe', 'C:\\Users\\Public\\Downloads', 4_194_304),
    freshFile(r, 'free_youtube_downloader.exe', 'C:\\Users\\Public\\Downloads', 1_840_120),
  ];
})();

const SCAN_SIGS = [S.sshScan, S.mssqlScan, S.mysqlScan, S.nmapSyn, S.dshield, S.cins] as const;

type Kind = 'scanner' | 'policy' | 'pua' | 'av' | 'bruteForce' | 'signin' | 'mail' | 'adminScript' | 'adminRdp';
const KINDS: readonly (readonly [number, Kind])[] = [
  [18, 'scanner'],
  [12, 'policy'],
  [13, 'pua'],
  [7, 'av'],
  [6, 'bruteForce'],
  [14, 'signin'],
  [10, 'mail'],
  [10, 'adminScript'],
  [3, 'adminRdp'],
];

/**
 * Noise burst `index` at a random time in [from, from + spanMs). Returns 1..max records, all in truth group
 * `n<index>`.
 */
export const noiseBurst = (ctx: ScenarioContext, index: number, from: number, spanMs: number, max: number): ScenarioRecord[] => {
  const rng = new Rng(ctx.seed, 0x0e15e, index);
  const sink = new RecordSink(rng, null, `n${index}`);
  const { size } = ctx;
  const t = from + Math.floor(rng.float() * spanMs);
  const next = (): number => rng.next();
  const kind = rng.weighted(KINDS);
  const repeats = (p: number, cap: number): number => Math.min(max, rng.geometric(p, cap));
  const hostIndex = rng.zipf(size.workstations);
  const ws = workstation(hostIndex);
  const owner = user(hostIndex % size.users);

  switch (kind) {
    case 'scanner': {
      const src = publicIp(next);
      const sig = rng.pick(SCAN_SIGS);
      const n = repeats(0.55, 8);
      for (let k = 0; k < n; k++) sink.suricata(sig, t + k * rng.int(0, 4) * MIN, src, DMZ_IPS[rng.zipf(DMZ_IPS.length)] ?? '172.16.10.10');
      break;
    }
    case 'policy': {
      if (rng.chance(0.25)) {
        sink.suricata(S.discordDns, t, DNS_IP, '1.1.1.1', { dns: 'discord.com' });
        break;
      }
      const svc = rng.pick(SERVICES);
      const src = rng.chance(0.4) ? PROXY_IP : ws.ip;
      const n = repeats(0.4, 5);
      for (let k = 0; k < n; k++) {
        const http = svc.sig.appProto === 'http' ? { http: { hostname: svc.host, url: `/${rng.pick(['', 'download', 'api/v1/ping', 'simple/requests/'])}`, userAgent: svc.sig === S.curl ? 'curl/8.4.0' : svc.sig === S.pythonUa ? 'Python-urllib/3.11' : 'Mozilla/4.0 (compatible; MSIE 6.0; DynGate)', method: 'GET' } } : {};
        sink.suricata(svc.sig, t + k * rng.int(1, 20) * MIN, src, svc.ip, svc.sig.appProto === 'tls' ? { tls: svc.host } : http);
      }
      break;
    }
    case 'pua': {
      const det = rng.pick([D.pua, D.puaInstallCore, D.autoKms]);
      const file = rng.chance(0.5) ? rng.pick(PUA_FILES) : freshFile(rng, `${rng.pick(WORDS)}_setup_${rng.int(1, 9)}.exe`, `C:\\Users\\${owner.sam}\\Downloads`, rng.int(500_000, 5_000_000));
      const n = repeats(0.3, 3);
      for (let k = 0; k < n; k++) {
        const at = t + k * rng.int(1, 30) * MIN;
        sink.graph(det, at, at, [
          deviceEvidence(ws, { created: at, roles: [], verdict: 'unknown' }),
          userEvidence(owner, { created: at, roles: [], form: 'sam' }),
          fileEvidence(file, ws, { created: at, roles: [], verdict: 'suspicious' }),
          processEvidence({ image: BIN.msedge, commandLine: '"msedge.exe" --single-argument', pid: rng.int(1000, 20000), parentPid: rng.int(1000, 20000), account: userAccount(owner, 'sam'), started: at }, ws, { created: at, roles: [], verdict: 'unknown' }),
        ], { status: rng.chance(0.3) ? 'resolved' : 'new' });
      }
      break;
    }
    case 'av': {
      const eicar = rng.chance(0.3);
      const file = eicar ? freshFile(new Rng(0xe1ca), 'eicar.com.txt', `C:\\Users\\${owner.sam}\\Downloads`, 68) : freshFile(rng, `${rng.pick(['invoice', 'scan', 'document', 'setup'])}${rng.int(100, 999)}.exe`, `C:\\Users\\${owner.sam}\\Downloads`, rng.int(100_000, 900_000));
      sink.graph(eicar ? D.eicar : D.wacatacPrevented, t, t, [
        deviceEvidence(ws, { created: t, roles: [], verdict: 'unknown' }),
        userEvidence(owner, { created: t, roles: [], form: 'sam' }),
        fileEvidence(file, ws, { created: t, roles: [], verdict: 'malicious' }),
      ], eicar ? { status: 'resolved', classification: 'informationalExpectedActivity', determination: 'securityTesting' } : {});
      break;
    }
    case 'bruteForce': {
      const dc = server(DC_INDEX + (rng.chance(0.7) ? 0 : 1));
      const accounts = [rng.chance(0.5) ? adminAccount(rng.int(0, 3)) : owner, ...(rng.chance(0.4) ? [user(rng.int(0, size.users - 1))] : [])];
      const n = repeats(0.35, 4);
      for (let k = 0; k < n; k++) {
        const at = t + k * rng.int(10, 50) * MIN;
        sink.graph(D.bruteForce, at, at + rng.int(1, 20) * MIN, [
          deviceEvidence(ws, { created: at, roles: ['source'], verdict: 'unknown', nameStyle: 'netbios' }),
          deviceEvidence(dc, { created: at, roles: ['destination'], verdict: 'unknown', nameStyle: 'netbios' }),
          ...accounts.map((a) => userEvidence(a, { created: at, roles: ['attacked'], form: 'sam' })),
        ]);
      }
      break;
    }
    case 'signin': {
      const u = user(rng.int(0, size.users - 1));
      const ip = rng.chance(0.2) ? VPN_EGRESS_IP : rng.chance(0.3) ? ipv6(next) : publicIp(next);
      const det = rng.pick([D.unfamiliarSignin, D.unfamiliarSignin, D.atypicalTravel, D.anonymousIp, D.infrequentCountry]);
      sink.graph(det, t, t, [
        userEvidence(u, { created: t, roles: ['compromised'], form: 'upn' }),
        ipEvidence(ip, { created: t, roles: [], countryLetterCode: rng.pick(['NL', 'US', 'BR', 'DE', 'SG', 'RO', 'VN']) }),
      ], rng.chance(0.4) ? { status: 'resolved', classification: 'falsePositive', determination: 'notMalicious' } : {});
      break;
    }
    case 'mail': {
      const u = user(rng.int(0, size.users - 1));
      const senderDomain = `${rng.pick(WORDS)}${rng.int(10, 999)}.${rng.pick(['com', 'net', 'info', 'ru', 'cn'])}`;
      const sender = `${rng.pick(['info', 'sales', 'support', 'office'])}@${senderDomain}`;
      const reported = rng.chance(0.5);
      sink.graph(reported ? D.userReported : D.malFileRemoved, t, t, [
        analyzedMessageEvidence(
          { sender, senderIp: publicIp(next), recipient: u.upn, subject: rng.pick(['Re: your order', 'Quotation request', 'Payment advice', 'Shipping document', 'Please review']), networkMessageId: rng.guid(), urls: [], attachments: reported ? 0 : 1, received: t, deliveryAction: 'delivered' },
          { created: t, roles: [], verdict: reported ? 'unknown' : 'malicious' },
        ),
        mailboxEvidence(u, { created: t, roles: ['destination'], verdict: 'unknown' }),
      ]);
      break;
    }
    case 'adminScript': {
      // Configuration Manager scripts running as SYSTEM trip the same PowerShell detection attackers do.
      const host = rng.chance(0.6) ? server(rng.zipf(size.servers)) : ws;
      const n = repeats(0.4, 4);
      for (let k = 0; k < n; k++) {
        const at = t + k * rng.int(20, 60) * MIN;
        const ev: JsonObject[] = [
          deviceEvidence(host, { created: at, roles: [], verdict: 'unknown' }),
          processEvidence({ image: BIN.powershell, parent: BIN.ccmexec, commandLine: `powershell.exe -ExecutionPolicy Bypass -File C:\\Windows\\CCM\\SystemTemp\\${rng.hex(8)}.ps1`, pid: rng.int(1000, 20000), parentPid: rng.int(1000, 20000), account: SYSTEM_ACCOUNT, started: at }, host, { created: at, roles: [], verdict: 'unknown' }),
        ];
        sink.graph(D.suspiciousPowerShell, at, at + MIN, ev, rng.chance(0.5) ? { status: 'resolved', classification: 'informationalExpectedActivity', determination: 'lineOfBusinessApplication' } : {});
      }
      break;
    }
    case 'adminRdp': {
      const admin = adminAccount(rng.int(4, Math.max(4, size.admins - 1)));
      const jump = server(5);
      const target = server(rng.zipf(size.servers));
      sink.graph(D.rdpHop, t, t + rng.int(5, 60) * MIN, [
        deviceEvidence(target, { created: t, roles: [], verdict: 'unknown' }),
        userEvidence(admin, { created: t, roles: [], form: 'full' }),
        ipEvidence(jump.ip, { created: t, roles: ['source'] }),
      ]);
      break;
    }
  }
  return sink.out;
};
