// Relations between the entities of an incident, read from their properties (parent process id, image path,
// DNS answers, mail recipient...) or, for account → host, from sharing an alert. Pure; indexed, never O(n²).
import type { IncidentEntity } from '#shared/engine/api';
import type { EntityType } from '#shared/model/index';

export type Relation = { from: string; to: string; label: string };

const low = (s: string | undefined): string => (s ?? '').trim().toLowerCase();
const shortHost = (s: string | undefined): string => low(s).split('.')[0] ?? '';

const urlHost = (u: string): string => {
  try {
    return new URL(u).hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return '';
  }
};

/** A multimap from a normalised attribute to entity keys. */
const indexBy = (list: readonly IncidentEntity[], attr: (e: IncidentEntity) => readonly string[]): Map<string, string[]> => {
  const m = new Map<string, string[]>();
  for (const e of list) {
    for (const v of attr(e)) {
      if (!v) continue;
      const l = m.get(v);
      if (l) l.push(e.key);
      else m.set(v, [e.key]);
    }
  }
  return m;
};

/** Co-occurring pairs per alert are only linked for small alerts (a scan alert naming 500 hosts links nothing). */
const MAX_PER_ALERT = 6;

export const deriveRelations = (entities: readonly IncidentEntity[]): Relation[] => {
  const of = (t: EntityType): IncidentEntity[] => entities.filter((e) => e.type === t);
  const processes = of('process');
  const out: Relation[] = [];
  const seen = new Set<string>();
  const add = (from: string, to: string, label: string): void => {
    const id = `${from}\u0000${to}\u0000${label}`;
    if (from === to || seen.has(id)) return;
    seen.add(id);
    out.push({ from, to, label });
  };

  // Process tree: parent pid (same host when both say) and parent image.
  const byPid = indexBy(processes, (p) => [low(p.props.processId)]);
  const byImage = indexBy(processes, (p) => [low(p.props.imagePath)]);
  const hostOf = new Map(processes.map((p) => [p.key, shortHost(p.props.hostName)]));
  for (const child of processes) {
    const ppid = low(child.props.parentProcessId);
    const pimage = low(child.props.parentImage);
    const host = hostOf.get(child.key) ?? '';
    const candidates = (ppid ? byPid.get(ppid) : undefined) ?? (pimage ? byImage.get(pimage) : undefined) ?? [];
    for (const parent of candidates) {
      const ph = hostOf.get(parent) ?? '';
      if (host && ph && host !== ph) continue;
      add(parent, child.key, 'child');
    }
  }

  // Process → image file, → host it ran on, → account it ran as.
  const files = of('file');
  const fileByPath = indexBy(files, (f) => [low(f.props.filePath), low(f.props.sha256)]);
  const devices = of('device');
  const deviceByName = indexBy(devices, (d) => [shortHost(d.value), shortHost(d.props.hostName)]);
  const accounts = of('account');
  const accountByName = indexBy(accounts, (a) => {
    const name = low(a.props.accountName);
    const dom = low(a.props.ntDomain);
    return [low(a.value), name && dom ? `${dom}\\${name}` : '', low(a.props.upn)];
  });
  for (const p of processes) {
    for (const f of new Set([...(fileByPath.get(low(p.props.imagePath)) ?? []), ...(fileByPath.get(low(p.props.sha256)) ?? [])])) add(p.key, f, 'image file');
    for (const d of deviceByName.get(shortHost(p.props.hostName)) ?? []) add(p.key, d, 'ran on');
    const acct = low(p.props.accountName);
    for (const a of accountByName.get(acct) ?? accountByName.get(acct.split('\\').pop() ?? '') ?? []) add(p.key, a, 'ran as');
  }

  // URL → its domain; DNS query → the addresses it resolved to; registry value → its key.
  const domainByName = indexBy(of('domain'), (d) => [low(d.value).replace(/\.$/, '')]);
  for (const u of of('url')) for (const d of domainByName.get(urlHost(u.value)) ?? []) add(u.key, d, 'host');
  const ipByValue = indexBy(of('ip'), (i) => [low(i.value)]);
  for (const q of of('dnsQuery')) {
    for (const ans of (q.props.answers ?? '').split(/[,\s]+/)) for (const ip of ipByValue.get(low(ans)) ?? []) add(q.key, ip, 'resolved to');
  }
  const keyByValue = indexBy(of('registryKey'), (k) => [low(k.value)]);
  for (const v of of('registryValue')) {
    const val = low(v.value);
    const cut = val.lastIndexOf('\\');
    for (const k of keyByValue.get(cut > 0 ? val.slice(0, cut) : '') ?? []) add(v.key, k, 'in key');
  }

  // Mail: message → recipient and sender mailboxes.
  const mailboxByAddress = indexBy(of('mailbox'), (m) => [low(m.value)]);
  for (const m of of('mailMessage')) {
    for (const r of mailboxByAddress.get(low(m.props.recipient)) ?? []) add(m.key, r, 'delivered to');
    for (const s of mailboxByAddress.get(low(m.props.sender)) ?? []) add(s, m.key, 'sent');
  }

  // Account → logon host, and message → URL in it: the pairs named together by a small alert.
  const byAlert = new Map<string, IncidentEntity[]>();
  for (const e of entities) {
    if (e.type !== 'account' && e.type !== 'device' && e.type !== 'mailMessage' && e.type !== 'url') continue;
    for (const a of e.alertIds) {
      const l = byAlert.get(a);
      if (l) l.push(e);
      else byAlert.set(a, [e]);
    }
  }
  for (const list of byAlert.values()) {
    const accts = list.filter((e) => e.type === 'account');
    const hosts = list.filter((e) => e.type === 'device');
    if (accts.length <= MAX_PER_ALERT && hosts.length <= MAX_PER_ALERT) for (const a of accts) for (const h of hosts) add(a.key, h.key, 'logon host');
    const msgs = list.filter((e) => e.type === 'mailMessage');
    const urls = list.filter((e) => e.type === 'url');
    if (msgs.length <= MAX_PER_ALERT && urls.length <= MAX_PER_ALERT) for (const m of msgs) for (const u of urls) add(m.key, u.key, 'contains');
  }
  return out;
};
