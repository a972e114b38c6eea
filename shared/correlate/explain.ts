// Explanations: for each alert of an incident, the link that put it there — which entities it shares with which
// other alert, how far apart in time, and which kill-chain step — as reasons in Microsoft Graph's vocabulary with
// one sentence an analyst can read ("shares host ws-17 and account j.doe with alert 'Suspicious PowerShell
// command line' 14 min later, Execution → Credential access").
import type { AlertId, CorrelationReason, CorrelationReasonKind, EntityKey, EntityType } from '#shared/model/index';
import { TACTICS } from '#shared/model/index';
import type { Group } from './groups';
import type { NoiseState } from './noise';
import { NOISE } from './noise';
import type { CorrelationSettings } from './settings';
import type { AlertStore } from './store';
import { typeOfCode } from './types';
import { tacticLabel } from './titles';

const TYPE_WORD: Readonly<Record<EntityType, string>> = {
  device: 'host',
  account: 'account',
  ip: 'IP address',
  url: 'URL',
  domain: 'domain',
  file: 'file',
  process: 'process',
  mailbox: 'mailbox',
  mailMessage: 'email message',
  cloudResource: 'cloud resource',
  cloudApplication: 'cloud application',
  registryKey: 'registry key',
  registryValue: 'registry value',
  dnsQuery: 'domain',
};

export const kindOfType = (t: EntityType): CorrelationReasonKind =>
  t === 'device' || t === 'account' || t === 'mailbox' || t === 'cloudResource'
    ? 'sameTargetedAsset'
    : t === 'ip' || t === 'url' || t === 'domain' || t === 'dnsQuery'
      ? 'sharedIndicators'
      : 'similarArtifacts';

/** '14 min', '2 h 5 min', '3 d 4 h', '12 s'. */
export const formatGap = (ms: number): string => {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
};

const listWords = (items: string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;

type Candidate = { other: number; keys: number[]; gap: number; later: boolean };

const isLinkable = (c: number): boolean => c === NOISE.none || c === NOISE.allow || c === NOISE.persistent;

/** Entities (not aliases: one per type + value) shared by two alerts, those that link here first. */
const sharedKeys = (store: AlertStore, noise: NoiseState, a: number, b: number, stamp: Int32Array, occB: Uint8Array): { keys: number[]; linking: number } => {
  const { code, occ } = noise;
  for (let e = store.entOff[b] ?? 0, end = store.entOff[b + 1] ?? 0; e < end; e++) {
    const k = store.entKey[e] ?? 0;
    stamp[k] = b;
    occB[k] = occ[e] ?? 0;
  }
  const out: number[] = [];
  let linking = 0;
  const seen = new Set<number>();
  for (const wantLinkable of [true, false]) {
    for (let e = store.entOff[a] ?? 0, end = store.entOff[a + 1] ?? 0; e < end; e++) {
      const k = store.entKey[e] ?? 0;
      if (stamp[k] !== b) continue;
      const c = code[k] ?? 0;
      const linkable = isLinkable(c) && !occ[e] && !occB[k];
      if (linkable !== wantLinkable || c === NOISE.deny || c === NOISE.special) continue;
      const id = store.keyAlias[k] ?? 0;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(k);
      if (linkable) linking++;
    }
  }
  return { keys: out, linking };
};

const tacticStep = (store: AlertStore, from: number, to: number): [string, string] | undefined => {
  const lo = store.minRank[from] ?? 0;
  const hi = store.maxRank[to] ?? 0;
  if (!(store.tactics[from] ?? 0) || !(store.tactics[to] ?? 0) || lo >= hi) return undefined;
  const a = TACTICS[lo]?.id;
  const b = TACTICS[hi]?.id;
  return a && b ? [a, b] : undefined;
};

export type ExplainContext = {
  store: AlertStore;
  noise: NoiseState;
  settings: CorrelationSettings;
  /** Each alert's group (compared by identity). */
  groupOf: readonly (Group | undefined)[];
  pinnedBy?: (alert: number) => boolean;
  /** Scratch of store.K entries, reused between calls (allocated on first use). */
  stamp?: Int32Array;
  occB?: Uint8Array;
};

/** Reasons for every alert of a group (keyed by alert id). */
export const explainGroup = (ctx: ExplainContext, g: Group): Map<AlertId, CorrelationReason[]> => {
  const { store, noise, settings, groupOf } = ctx;
  const out = new Map<AlertId, CorrelationReason[]>();
  if (!ctx.stamp || ctx.stamp.length < store.K) ctx.stamp = new Int32Array(store.K).fill(-1);
  const stamp = ctx.stamp;
  if (!ctx.occB || ctx.occB.length < store.K) ctx.occB = new Uint8Array(store.K);
  const occB = ctx.occB;
  const W = settings.windowMs;
  const seqW = Math.max(W, settings.sequenceWindowMs);
  const members = g.members;
  const title = (i: number): string => store.titleStr[store.title[i] ?? 0] ?? '';
  const idOf = (i: number): AlertId => store.ids[i] ?? ('' as AlertId);

  for (let x = 0; x < members.length; x++) {
    const a = members[x] ?? 0;
    const id = idOf(a);
    if (ctx.pinnedBy?.(a)) {
      out.set(id, [{ kind: 'timeFrame', alertId: id, text: 'Placed in this incident by an analyst decision (pinned: later correlation runs keep it here).' }]);
      continue;
    }
    if (x === 0) {
      const text = g.part && g.part[0] > 1 ? `First alert of part ${g.part[0]} of ${g.part[1]}: the correlated group passed the cap of ${settings.maxAlertsPerIncident} alerts or ${settings.maxEntitiesPerIncident} entities and was split by time.` : 'First alert of this incident; the others link to it directly or through each other.';
      out.set(id, [{ kind: 'timeFrame', alertId: id, text }]);
      continue;
    }
    // Candidates through linking entities, within the sequence window either side.
    const cands = new Map<number, Candidate>();
    const fa = store.first[a] ?? 0;
    const la = store.last[a] ?? 0;
    for (let e = store.entOff[a] ?? 0, end = store.entOff[a + 1] ?? 0; e < end; e++) {
      const k = store.entKey[e] ?? 0;
      if (noise.occ[e] || !isLinkable(noise.code[k] ?? 0)) continue;
      const refs = store.refsOf(k);
      if (refs.length < 2) continue;
      // Position of a in the key's time-ordered occurrences (binary search on time order).
      const pa = store.pos[a] ?? 0;
      let l = 0;
      let h = refs.length;
      while (l < h) {
        const mid = (l + h) >> 1;
        if ((store.pos[store.alertOfRef[refs[mid] ?? 0] ?? 0] ?? 0) < pa) l = mid + 1;
        else h = mid;
      }
      for (let j = l - 1, steps = 0; j >= 0 && steps < 64; j--) {
        const ref = refs[j] ?? 0;
        const b = store.alertOfRef[ref] ?? 0;
        const gap = Math.max(0, fa - (store.last[b] ?? 0));
        if (fa - (store.first[b] ?? 0) > seqW * 4) break;
        if (groupOf[b] !== g || noise.occ[ref] || gap > seqW) continue;
        steps++;
        if (!cands.has(b)) cands.set(b, { other: b, keys: [], gap, later: true });
      }
      for (let j = l + 1, steps = 0; j < refs.length && steps < 64; j++) {
        const ref = refs[j] ?? 0;
        const b = store.alertOfRef[ref] ?? 0;
        const gap = Math.max(0, (store.first[b] ?? 0) - la);
        if (gap > seqW) break;
        if (groupOf[b] !== g || noise.occ[ref] || b === a) continue;
        steps++;
        if (!cands.has(b)) cands.set(b, { other: b, keys: [], gap, later: false });
      }
    }
    // Repeated detection (links through bursty entities) and, last, anything in the group sharing an entity.
    if (cands.size === 0) {
      for (let y = 0; y < members.length; y++) {
        const b = members[y] ?? 0;
        if (b === a) continue;
        const later = (store.pos[b] ?? 0) < (store.pos[a] ?? 0);
        const gap = later ? Math.max(0, fa - (store.last[b] ?? 0)) : Math.max(0, (store.first[b] ?? 0) - la);
        if (!cands.has(b)) cands.set(b, { other: b, keys: [], gap, later });
      }
    }
    let best: Candidate | undefined;
    let bestScore = -Infinity;
    for (const c of cands.values()) {
      const shared = sharedKeys(store, noise, a, c.other, stamp, occB);
      c.keys = shared.keys;
      if (!c.keys.length) continue;
      const linkable = shared.linking;
      const step = c.later ? tacticStep(store, c.other, a) : tacticStep(store, a, c.other);
      const sameDetector = store.detector[a] === store.detector[c.other];
      const inWindow = c.gap <= W || (step !== undefined && c.gap <= seqW) || (sameDetector && c.gap <= settings.repeatWindowMs);
      // Prefer links the rules would make, then more shared entities, an earlier partner, a kill-chain step, a small gap.
      const score = (inWindow ? 1e9 : 0) + linkable * 1e6 + c.keys.length * 1e4 + (c.later ? 5e3 : 0) + (step ? 1e3 : 0) - Math.min(999, c.gap / 60_000);
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    if (!best) {
      out.set(id, [{ kind: 'timeFrame', alertId: id, text: g.target >= 0 ? 'Joined this incident through an alert an analyst placed here.' : 'Grouped with this incident by an earlier correlation run.' }]);
      continue;
    }
    const b = best.other;
    const step = best.later ? tacticStep(store, b, a) : tacticStep(store, a, b);
    const repeated = store.detector[a] === store.detector[b];
    const ents = best.keys.slice(0, 4).map((k) => ({ key: k, type: typeOfCode(store.keyType[k] ?? 0), value: store.keyValue(k) }));
    const entText = listWords(ents.map((e) => `${TYPE_WORD[e.type]} ${e.value}`));
    const when = best.gap === 0 ? 'at the same time' : `${formatGap(best.gap)} ${best.later ? 'later' : 'earlier'}`;
    const stepText = step ? `, ${tacticLabel(step[0])} → ${tacticLabel(step[1])}` : '';
    const text = repeated
      ? `repeats detection '${title(b)}' on ${entText}, ${when}${stepText}`
      : `shares ${entText} with alert '${title(b)}' ${when}${stepText}`;
    const reasons: CorrelationReason[] = [];
    const first = ents[0];
    const primaryKind: CorrelationReasonKind = repeated ? 'repeatedAlertOccurrence' : first ? kindOfType(first.type) : 'timeFrame';
    const primary: CorrelationReason = { kind: primaryKind, alertId: id, otherAlertId: idOf(b), gapMs: best.gap, text: text.charAt(0).toUpperCase() + text.slice(1) };
    if (first) {
      primary.entityKey = store.keyString(first.key) as EntityKey;
      primary.entityType = first.type;
      primary.entityValue = first.value;
    }
    if (step) primary.tacticStep = step;
    reasons.push(primary);
    for (const e of ents.slice(1)) {
      reasons.push({ kind: kindOfType(e.type), alertId: id, otherAlertId: idOf(b), entityKey: store.keyString(e.key) as EntityKey, entityType: e.type, entityValue: e.value, gapMs: best.gap, text: `Also shares ${TYPE_WORD[e.type]} ${e.value}` });
    }
    if (step) reasons.push({ kind: 'eventSequence', alertId: id, otherAlertId: idOf(b), gapMs: best.gap, tacticStep: step, text: `Kill-chain step ${tacticLabel(step[0])} → ${tacticLabel(step[1])}` });
    out.set(id, reasons);
  }
  return out;
};
