// Synthetic alerts for throughput benches: Microsoft Graph alerts_v2 records of about 500-700 bytes with
// realistic entity reuse — a few hosts and users hit often (Zipf-like), many one-off IPs and file hashes.
// Deterministic for a seed. (Correlation quality uses shared/scenario's ground-truth campaigns instead.)

export const mulberry32 = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const TITLES = [
  ['Suspicious PowerShell command line', 'execution', 'T1059.001', 'medium'],
  ['Credential dumping from LSASS memory', 'credentialAccess', 'T1003.001', 'high'],
  ['Suspicious remote service creation', 'lateralMovement', 'T1021.002', 'high'],
  ['Malicious file detected', 'execution', 'T1204.002', 'medium'],
  ['Connection to known malicious IP', 'commandAndControl', 'T1071.001', 'low'],
  ['Multiple failed sign-ins', 'credentialAccess', 'T1110', 'low'],
  ['Unusual data transfer to external host', 'exfiltration', 'T1041', 'high'],
  ['Phishing email delivered', 'initialAccess', 'T1566.001', 'medium'],
] as const;

const hex = (rnd: () => number, n: number): string => {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(rnd() * 16)];
  return s;
};

/** Zipf-ish pick in [0, n): low indexes much more likely. */
const zipf = (rnd: () => number, n: number): number => Math.min(n - 1, Math.floor(n * Math.pow(rnd(), 3)));

export type SyntheticOptions = {
  seed?: number;
  start?: number;
  hosts?: number;
  users?: number;
  /**
   * A fresh MDE device id in every alert, as before 2026-11-24 (a host's alerts named it by hundreds of ids, which
   * no export does): for runs comparable with the earlier rounds of docs/benchmarks.md.
   */
  freshDeviceIds?: boolean;
};

/** The MDE device id of host number `h`: one per device, as Defender names a machine. */
const deviceIdOf = (h: number): string => hex(mulberry32(0x5eed ^ Math.imul(h + 1, 2654435761)), 8);

/** Yield `count` alerts as NDJSON lines (each ends with '\n'), starting at alert number `from`. */
export function* syntheticLines(count: number, from = 0, opts: SyntheticOptions = {}): Generator<string> {
  const rnd = mulberry32((opts.seed ?? 42) ^ (from * 2654435761));
  const start = opts.start ?? Date.UTC(2025, 5, 1);
  const hosts = opts.hosts ?? 2000;
  const users = opts.users ?? 1500;
  for (let i = from; i < from + count; i++) {
    const [title, category, technique, severity] = TITLES[Math.floor(rnd() * TITLES.length)];
    const t = new Date(start + i * 1500 + Math.floor(rnd() * 1000)).toISOString();
    const hostNo = zipf(rnd, hosts);
    const host = `ws-${hostNo.toString().padStart(4, '0')}`;
    const user = `user${zipf(rnd, users)}`;
    const ip = `${11 + Math.floor(rnd() * 200)}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}`;
    // Drawn either way, so every other field is the same as with fresh ids.
    const freshId = hex(rnd, 8);
    const deviceId = opts.freshDeviceIds ? freshId : deviceIdOf(hostNo);
    const rec = {
      id: `da${i.toString(16).padStart(12, '0')}`,
      title,
      severity,
      status: 'new',
      category,
      serviceSource: 'microsoftDefenderForEndpoint',
      detectorId: `det-${technique}`,
      mitreTechniques: [technique],
      firstActivityDateTime: t,
      lastActivityDateTime: t,
      createdDateTime: t,
      evidence: [
        { '@odata.type': '#microsoft.graph.security.deviceEvidence', roles: [], verdict: 'suspicious', deviceDnsName: `${host}.corp.example`, mdeDeviceId: deviceId },
        { '@odata.type': '#microsoft.graph.security.userEvidence', roles: [], verdict: 'unknown', userAccount: { accountName: user, domainName: 'CORP' } },
        { '@odata.type': '#microsoft.graph.security.ipEvidence', roles: ['attacker'], verdict: 'malicious', ipAddress: ip },
        { '@odata.type': '#microsoft.graph.security.fileEvidence', roles: [], verdict: 'malicious', fileDetails: { fileName: `x${i}.exe`, sha256: hex(rnd, 64) } },
      ],
    };
    yield `${JSON.stringify(rec)}\n`;
  }
}
