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

export type SyntheticOptions = { seed?: number; start?: number; hosts?: number; users?: number };

/** Yield `count` alerts as NDJSON lines (each ends with '\n'), starting at alert number `from`. */
export function* syntheticLines(count: number, from = 0, opts: SyntheticOptions = {}): Generator<string> {
  const rnd = mulberry32((opts.seed ?? 42) ^ (from * 2654435761));
  const start = opts.start ?? Date.UTC(2025, 5, 1);
  const hosts = opts.hosts ?? 2000;
  const users = opts.users ?? 1500;
  for (let i = from; i < from + count; i++) {
    const [title, category, technique, severity] = TITLES[Math.floor(rnd() * TITLES.length)];
    const t = new Date(start + i * 1500 + Math.floor(rnd() * 1000)).toISOString();
    const host = `ws-${zipf(rnd, hosts).toString().padStart(4, '0')}`;
    const user = `user${zipf(rnd, users)}`;
    const ip = `${11 + Math.floor(rnd() * 200)}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}`;
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
        { '@odata.type': '#microsoft.graph.security.deviceEvidence', roles: [], verdict: 'suspicious', deviceDnsName: `${host}.corp.example`, mdeDeviceId: hex(rnd, 8) },
        { '@odata.type': '#microsoft.graph.security.userEvidence', roles: [], verdict: 'unknown', userAccount: { accountName: user, domainName: 'CORP' } },
        { '@odata.type': '#microsoft.graph.security.ipEvidence', roles: ['attacker'], verdict: 'malicious', ipAddress: ip },
        { '@odata.type': '#microsoft.graph.security.fileEvidence', roles: [], verdict: 'malicious', fileDetails: { fileName: `x${i}.exe`, sha256: hex(rnd, 64) } },
      ],
    };
    yield `${JSON.stringify(rec)}\n`;
  }
}
