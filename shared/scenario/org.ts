// The simulated organisation: users, workstations, servers and shared infrastructure, all derived from an index,
// so a million-alert scenario needs no tables in memory. Sizes grow with the number of campaigns, like a bigger
// company sees more attacks.

export const DOMAIN = 'fabrikam.com';
export const NT_DOMAIN = 'FABRIKAM';
export const DOMAIN_SID = 'S-1-5-21-2338913454-1672432619-3806711220';
export const TENANT_ID = '7c1f2e4a-93d8-4b6e-a5f0-2d9c8e1b6a37';

const FIRST = [
  'james', 'mary', 'robert', 'patricia', 'john', 'jennifer', 'michael', 'linda', 'david', 'elizabeth', 'william',
  'barbara', 'richard', 'susan', 'joseph', 'jessica', 'thomas', 'sarah', 'chris', 'karen', 'daniel', 'lisa',
  'matthew', 'nancy', 'anthony', 'betty', 'mark', 'sandra', 'paul', 'ashley', 'steven', 'emily', 'andrew', 'donna',
  'kevin', 'michelle', 'brian', 'carol', 'george', 'amanda', 'timothy', 'melissa', 'ronald', 'deborah', 'jason',
  'stephanie', 'ryan', 'rebecca', 'jacob', 'laura', 'gary', 'helen', 'nicholas', 'sharon', 'eric', 'cynthia',
  'priya', 'wei', 'fatima', 'lukas', 'sofia', 'mateo', 'aisha', 'kenji', 'olga', 'tomas',
] as const;
const LAST = [
  'smith', 'johnson', 'williams', 'brown', 'jones', 'garcia', 'miller', 'davis', 'rodriguez', 'martinez',
  'hernandez', 'lopez', 'gonzalez', 'wilson', 'anderson', 'thomas', 'taylor', 'moore', 'jackson', 'martin', 'lee',
  'perez', 'thompson', 'white', 'harris', 'sanchez', 'clark', 'ramirez', 'lewis', 'robinson', 'walker', 'young',
  'allen', 'king', 'wright', 'scott', 'torres', 'nguyen', 'hill', 'flores', 'green', 'adams', 'nelson', 'baker',
  'hall', 'rivera', 'campbell', 'mitchell', 'carter', 'roberts', 'kowalski', 'novak', 'schmidt', 'okafor', 'tanaka',
  'patel', 'chen', 'haddad', 'larsen', 'ivanova', 'dubois',
] as const;

const cap1 = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export type OrgSize = { users: number; workstations: number; servers: number; admins: number };

export const orgSize = (campaigns: number): OrgSize => {
  const users = Math.max(40, 40 + campaigns * 40);
  return { users, workstations: users + Math.ceil(users / 10), servers: Math.max(10, 10 + campaigns * 6), admins: Math.max(8, 4 + campaigns * 12) };
};

export type OrgUser = {
  index: number;
  displayName: string;
  /** sAMAccountName, e.g. jsmith. */
  sam: string;
  upn: string;
  sid: string;
  aadUserId: string;
};

/** Deterministic 32-bit hash used to spread indexes over name lists. */
const spread = (k: number, salt: number): number => {
  let h = Math.imul(k ^ salt, 0x27d4eb2d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x165667b1);
  return (h ^ (h >>> 13)) >>> 0;
};

const hexOf = (n: number, width: number): string => (n >>> 0).toString(16).padStart(width, '0').slice(-width);

export const user = (k: number): OrgUser => {
  const combos = FIRST.length * LAST.length;
  // A permutation of the name slots (2027 is prime and does not divide the slot count): unique names up to `combos`.
  const slot = ((k % combos) * 2027 + 1234) % combos;
  const first = FIRST[slot % FIRST.length] ?? 'user';
  const last = LAST[Math.floor(slot / FIRST.length) % LAST.length] ?? 'user';
  // Distinct people who would share a name get a number, as directories do.
  const n = k >= combos ? String(Math.floor(k / combos) + 1) : '';
  const sam = `${first.charAt(0)}${last}${n}`;
  return {
    index: k,
    displayName: `${cap1(first)} ${cap1(last)}${n ? ' ' + n : ''}`,
    sam,
    upn: `${first}.${last}${n}@${DOMAIN}`,
    sid: `${DOMAIN_SID}-${1104 + k}`,
    aadUserId: `${hexOf(spread(k, 1), 8)}-${hexOf(spread(k, 2), 4)}-4${hexOf(spread(k, 3), 3)}-a${hexOf(spread(k, 4), 3)}-${hexOf(spread(k, 5), 8)}${hexOf(spread(k, 6), 4)}`,
  };
};

/** Privileged accounts: adm-<name> for IT staff, plus a few service accounts. */
export const adminAccount = (k: number): OrgUser => {
  const services = ['svc-backup', 'svc-sql', 'svc-sccm', 'svc-scan'];
  if (k < services.length) {
    const sam = services[k] ?? 'svc-admin';
    return { index: -1 - k, displayName: sam, sam, upn: `${sam}@${DOMAIN}`, sid: `${DOMAIN_SID}-${1000 + k}`, aadUserId: `0000${hexOf(spread(k, 9), 4)}-0000-4000-a000-${hexOf(spread(k, 10), 12)}` };
  }
  const u = user(k - services.length);
  const sam = `adm-${u.sam}`;
  return { index: -1 - k, displayName: `${u.displayName} (admin)`, sam, upn: `${sam}@${DOMAIN}`, sid: `${DOMAIN_SID}-${50000 + k}`, aadUserId: `${hexOf(spread(k, 11), 8)}-0000-4000-b000-${hexOf(spread(k, 12), 12)}` };
};

export type OrgHost = {
  /** NetBIOS name, upper case (FAB-WS-0042). */
  name: string;
  fqdn: string;
  ip: string;
  mdeDeviceId: string;
  os: 'Windows11' | 'Windows10' | 'WindowsServer2022' | 'WindowsServer2019';
};

const deviceId = (salt: number, k: number): string =>
  Array.from({ length: 5 }, (_, i) => hexOf(spread(k, salt * 31 + i), 8)).join('');

export const workstation = (k: number): OrgHost => {
  const kind = k % 3 === 0 ? 'LT' : 'WS';
  const name = `FAB-${kind}-${pad(k + 1, 4)}`;
  return {
    name,
    fqdn: `${name.toLowerCase()}.${DOMAIN}`,
    ip: `10.${20 + Math.floor(k / 65024)}.${Math.floor(k / 254) % 256}.${(k % 254) + 1}`,
    mdeDeviceId: deviceId(1, k),
    os: k % 4 === 0 ? 'Windows10' : 'Windows11',
  };
};

const NAMED_SERVERS = ['DC01', 'DC02', 'FS01', 'SQL01', 'APP01', 'JUMP01', 'WEB01', 'PRINT01', 'SCCM01', 'FS02'] as const;
export const DC_INDEX = 0;

export const server = (j: number): OrgHost => {
  const name = `FAB-${NAMED_SERVERS[j] ?? `APP${pad(j, 3)}`}`;
  return {
    name,
    fqdn: `${name.toLowerCase()}.${DOMAIN}`,
    ip: `10.1.${Math.floor(j / 240)}.${(j % 240) + 10}`,
    mdeDeviceId: deviceId(2, j),
    os: j % 2 === 0 ? 'WindowsServer2022' : 'WindowsServer2019',
  };
};

/** Infrastructure every connection passes through (the entities a correlator must not glue on). */
export const PROXY_IP = '10.0.0.8';
export const DNS_IP = '10.0.0.53';
/** Internet-facing servers that scanners hit all day. */
export const DMZ_IPS = ['172.16.10.10', '172.16.10.11', '172.16.10.12', '172.16.10.20', '172.16.10.25'] as const;
export const VPN_EGRESS_IP = '198.51.100.23';

/** A random public IPv4 address (never private, loopback, multicast or reserved). */
export const publicIp = (next: () => number): string => {
  for (;;) {
    const a = 1 + (next() % 223);
    if (a === 10 || a === 127 || a === 0 || a === 100 || a === 169 || a === 172 || a === 192 || a === 198 || a === 203) continue;
    return `${a}.${next() % 256}.${next() % 256}.${1 + (next() % 254)}`;
  }
};

/** Random IPv6 in the documentation range, sometimes written the long way (leading zeros, upper case). */
export const ipv6 = (next: () => number): string => {
  const groups = ['2001', '0db8', hexOf(next(), 4), hexOf(next(), 4), '0000', '0000', hexOf(next(), 4), hexOf(next(), 4)];
  const style = next() % 3;
  if (style === 0) return groups.join(':').toUpperCase();
  if (style === 1) return groups.map((g) => g.replace(/^0+(?=.)/, '')).join(':');
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::${groups.slice(6).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}`;
};
