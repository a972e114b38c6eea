// From linked components to incident groups: components split by time past the caps; alerts pinned by the analyst
// (or frozen in an incident the analyst works on) stay in their incident, and free components linked to them
// attach there when the merge rules allow.
import type { IncidentId } from '#shared/model/index';
import { makeIncidentId } from '#shared/model/index';
import type { LinkResult } from './link';
import { find } from './link';
import { NOISE } from './noise';
import type { CorrelationSettings } from './settings';
import type { AlertStore } from './store';

/**
 * An incident as a run formed it. Its members are a range of the run's member buffer, and `members` makes the
 * view when asked for: a view kept per group cost some 60 bytes each, and a first run over a million alerts forms
 * nearly a million groups. For the same reason a group has six fields (36 bytes): the component and the pinned
 * incident share one, and the part of a cut component is on the rare `PartGroup`.
 */
export class Group {
  /** Member signature (set by the correlator to spot unchanged incidents). */
  sig = 0;
  /** The component (>= 0) of an automatic group, or -2 - the index of its pinned incident. */
  private readonly from: number;

  constructor(
    readonly id: IncidentId,
    private readonly buf: Int32Array,
    private readonly at: number,
    /** Number of members. */
    readonly size: number,
    target: number,
    comp: number,
  ) {
    this.from = target >= 0 ? -2 - target : comp;
  }

  /** Index of the pinned incident it is (in the run's targets), or -1 for an automatic one. */
  get target(): number {
    return this.from < -1 ? -2 - this.from : -1;
  }

  /** Component it comes from (its root alert); parts of one component share it. -1 for pinned incidents. */
  get comp(): number {
    return this.from < -1 ? -1 : this.from;
  }

  /** Set when an automatic component was cut by the caps: its part number (1-based) and the number of parts. */
  get part(): readonly [number, number] | undefined {
    return undefined;
  }

  /** Alert indexes in time order. */
  get members(): Int32Array {
    return this.buf.subarray(this.at, this.at + this.size);
  }
}

/** A part of an automatic component cut by the caps. */
class PartGroup extends Group {
  constructor(id: IncidentId, buf: Int32Array, at: number, size: number, comp: number, private readonly partOf: readonly [number, number]) {
    super(id, buf, at, size, -1, comp);
  }

  override get part(): readonly [number, number] {
    return this.partOf;
  }
}

/** An incident that holds pinned alerts (analyst decisions, or analyst state that freezes membership). */
export type Target = {
  id: IncidentId;
  /** Resolved or redirected: nothing attaches to it and it merges with nothing. */
  closed: boolean;
  /** Holds alerts an analyst placed (move, merge, split): correlation never merges it automatically. */
  manual?: boolean;
  assignedTo: string;
  classification: string;
  determination: string;
};

export type Grouping = {
  groups: Group[];
  /** Alert index → group index (-1 for none); empty when only a subset was grouped or it was not asked for. */
  groupOf: Int32Array;
  /** Automatic merges of pinned incidents that a free component joined: [from target, into target]. */
  merges: [number, number][];
};

/** Defender's merge rules: never into or out of a closed incident, nor across assignees, classifications, determinations. */
export const mergeBlock = (a: Target, b: Target): string | undefined => {
  if (a.closed || b.closed) return 'one of them is resolved';
  if (a.assignedTo && b.assignedTo && a.assignedTo !== b.assignedTo) return 'they are assigned to different people';
  if (a.classification !== 'unknown' && b.classification !== 'unknown' && a.classification !== b.classification) return 'they have different classifications';
  if (a.determination !== 'unknown' && b.determination !== 'unknown' && a.determination !== b.determination) return 'they have different determinations';
  return undefined;
};

/** Distinct entities (keys that are not deny-listed or special addresses) of some alerts. */
export const entityCount = (store: AlertStore, code: Uint8Array, members: ArrayLike<number>, stamp: Int32Array, mark: number): number => {
  let count = 0;
  for (let m = 0; m < members.length; m++) {
    const i = members[m] ?? 0;
    for (let e = store.entOff[i] ?? 0, end = store.entOff[i + 1] ?? 0; e < end; e++) {
      const k = store.entKey[e] ?? 0;
      const c = code[k] ?? 0;
      if (c === NOISE.deny || c === NOISE.special || stamp[k] === mark) continue;
      stamp[k] = mark;
      count++;
    }
  }
  return count;
};

export const formGroups = (
  store: AlertStore,
  code: Uint8Array,
  link: LinkResult,
  s: CorrelationSettings,
  pinned?: Int32Array,
  targets: readonly Target[] = [],
  subset?: Int32Array,
  /** Whether to fill `groupOf` (the correlator keeps its own map of groups and does not need it). */
  withGroupOf = true,
): Grouping => {
  const { n, ids } = store;
  const order = subset ?? store.order;
  const m = subset ? subset.length : n;
  const parent = link.parent;
  const isPinned = (i: number): boolean => pinned !== undefined && (pinned[i] ?? -1) >= 0;

  // Members of each free component, in time order (CSR by root).
  const work = store.work;
  const root = work.i32('root', n);
  const compSize = work.i32('compSize', n).fill(0);
  for (let p = 0; p < m; p++) {
    const i = order[p] ?? 0;
    if (isPinned(i)) {
      root[i] = -1;
      continue;
    }
    const r = find(parent, i);
    root[i] = r;
    compSize[r]++;
  }
  const compStart = work.i32('compStart', n + 1);
  compStart[0] = 0;
  for (let i = 0; i < n; i++) compStart[i + 1] = (compStart[i] ?? 0) + (compSize[i] ?? 0);
  const compMembers = new Int32Array(compStart[n] ?? 0);
  const fill = work.i32('fill', n);
  fill.set(compStart.subarray(0, n));
  for (let p = 0; p < m; p++) {
    const i = order[p] ?? 0;
    const r = root[i] ?? -1;
    if (r >= 0) compMembers[fill[r]++] = i;
  }

  // Which pinned incident each free component would attach to (most links wins, then the earlier target).
  const attachTo = work.i32('attachTo', n).fill(-1);
  const merges: [number, number][] = [];
  const targetMembers: number[][] = targets.map(() => []);
  if (pinned) {
    for (let p = 0; p < m; p++) {
      const i = order[p] ?? 0;
      if ((pinned[i] ?? -1) >= 0) targetMembers[pinned[i] ?? 0]?.push(i);
    }
  }
  if (link.attach.length) {
    const votes = new Map<number, Map<number, number>>();
    for (let x = 0; x < link.attach.length; x += 2) {
      const r = find(parent, link.attach[x] ?? 0);
      const t = link.attach[x + 1] ?? 0;
      const m = votes.get(r) ?? new Map<number, number>();
      m.set(t, (m.get(t) ?? 0) + 1);
      votes.set(r, m);
    }
    const sizeOf = targetMembers.map((m) => m.length);
    const redirect = targets.map((_, t) => t);
    const resolve = (t: number): number => {
      let x = t;
      while (redirect[x] !== x) x = redirect[x] ?? x;
      return x;
    };
    // Components in time order of their first alert, so the outcome never depends on map order.
    const roots = [...votes.keys()].sort((a, b) => (store.pos[compMembers[compStart[a] ?? 0] ?? 0] ?? 0) - (store.pos[compMembers[compStart[b] ?? 0] ?? 0] ?? 0));
    for (const r of roots) {
      const cand = [...(votes.get(r) ?? new Map<number, number>())]
        .map(([t, c]) => [resolve(t), c] as [number, number])
        .filter(([t]) => !targets[t]?.closed)
        .sort((a, b) => b[1] - a[1] || a[0] - b[0]);
      const chosen = cand[0]?.[0];
      if (chosen === undefined) continue;
      const size = compSize[r] ?? 0;
      if ((sizeOf[chosen] ?? 0) + size > s.maxAlertsPerIncident) continue;
      attachTo[r] = chosen;
      sizeOf[chosen] = (sizeOf[chosen] ?? 0) + size;
      for (const [t] of cand.slice(1)) {
        const into = targets[chosen];
        const from = targets[t];
        if (t === chosen || !into || !from || from.manual || into.manual || mergeBlock(from, into)) continue;
        if ((sizeOf[chosen] ?? 0) + (sizeOf[t] ?? 0) > s.maxAlertsPerIncident) continue;
        merges.push([t, chosen]);
        redirect[t] = chosen;
        sizeOf[chosen] = (sizeOf[chosen] ?? 0) + (sizeOf[t] ?? 0);
        sizeOf[t] = 0;
      }
    }
    for (const [from, into] of merges) {
      const dest = resolve(into);
      targetMembers[dest]?.push(...(targetMembers[from] ?? []));
      targetMembers[from] = [];
    }
    for (let r = 0; r < n; r++) {
      const t = attachTo[r] ?? -1;
      if (t < 0) continue;
      const dest = resolve(t);
      const list = targetMembers[dest];
      if (list) for (let x = compStart[r] ?? 0; x < (compStart[r + 1] ?? 0); x++) list.push(compMembers[x] ?? 0);
    }
  }

  const groups: Group[] = [];
  const groupOf = subset || !withGroupOf ? new Int32Array(0) : new Int32Array(n).fill(-1);
  let mark = 0;
  /** A group of `buf[at .. at + size)`. */
  const push = (buf: Int32Array, at: number, size: number, target: number, comp: number, part?: [number, number]): void => {
    const first = ids[buf[at] ?? 0] ?? '';
    const id = target >= 0 ? (targets[target]?.id ?? makeIncidentId(first)) : makeIncidentId(first);
    const gi = groups.length;
    groups.push(part ? new PartGroup(id, buf, at, size, comp, part) : new Group(id, buf, at, size, target, comp));
    if (groupOf.length) for (let m = at; m < at + size; m++) groupOf[buf[m] ?? 0] = gi;
  };

  /** End of the part of a component that starts at `start`: at most the alert cap and the entity cap. */
  const chunkEnd = (all: Int32Array, start: number): number => {
    let end = Math.min(all.length, start + s.maxAlertsPerIncident);
    // Shrink to the entity cap (rare: only huge multi-entity alerts reach it). The alerts' entity occurrences
    // bound their distinct entities: count only when that bound passes the cap.
    if (s.maxEntitiesPerIncident < Infinity) {
      let bound = 0;
      for (let x = start; x < end && bound <= s.maxEntitiesPerIncident; x++) {
        const a = all[x] ?? 0;
        bound += (store.entOff[a + 1] ?? 0) - (store.entOff[a] ?? 0);
      }
      if (bound > s.maxEntitiesPerIncident) {
        mark = work.mark();
        let count = 0;
        for (let x = start; x < end; x++) {
          // The stamp array is fetched only here: most runs never reach the entity cap.
          count += entityCount(store, code, all.subarray(x, x + 1), work.stamp('keyMark', store.K), mark);
          if (count > s.maxEntitiesPerIncident && x > start) {
            end = x;
            break;
          }
        }
      }
    }
    return end;
  };

  // Automatic groups: components in time order of their first alert, cut by the caps.
  for (let p = 0; p < m; p++) {
    const i = order[p] ?? 0;
    const r = root[i] ?? -1;
    if (r < 0 || compMembers[compStart[r] ?? 0] !== i || (attachTo[r] ?? -1) >= 0) continue;
    const from = compStart[r] ?? 0;
    const all = compMembers.subarray(from, compStart[r + 1] ?? 0);
    const firstEnd = chunkEnd(all, 0);
    if (firstEnd === all.length) {
      push(compMembers, from, all.length, -1, r);
      continue;
    }
    const cuts: number[] = [0, firstEnd];
    for (let start = firstEnd; start < all.length; ) {
      start = chunkEnd(all, start);
      cuts.push(start);
    }
    for (let ci = 0; ci + 1 < cuts.length; ci++) push(compMembers, from + (cuts[ci] ?? 0), (cuts[ci + 1] ?? 0) - (cuts[ci] ?? 0), -1, r, [ci + 1, cuts.length - 1]);
  }

  // Pinned incidents (in target order), members in time order.
  targetMembers.forEach((list, t) => {
    if (!list.length) return;
    const members = Int32Array.from(list).sort((a, b) => (store.pos[a] ?? 0) - (store.pos[b] ?? 0));
    push(members, 0, members.length, t, -1);
  });

  return { groups, groupOf, merges };
};
