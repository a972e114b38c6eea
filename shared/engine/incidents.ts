// Incidents in the worker's memory, as columns (`IncidentTable`: a million-alert case can hold a million of them).
// Persisted incidents are served at once when a case opens; the correlator that keeps them in step with the alerts
// is built on first need (an import, a move, a merge), so a large case opens to a usable queue before it is rebuilt.
import type { ActivityEntry, CorrelationReason, Incident } from '#shared/model/index';
import { CLASSIFICATIONS, DETERMINATIONS, INCIDENT_STATUSES, SEVERITIES, valueOfKey } from '#shared/model/index';
import { countingSort, sortByString, sortByTime, sortTiedRuns } from '#shared/store/alert-index';
import { grow } from '#shared/model/arrays';
import { hashString } from '#shared/model/string-index';
import type { AlertPin, CorrelationChanges, Correlator, CorrelationAlert, CorrelationBatch, CorrelationSettings, IncidentState } from '#shared/correlate/index';
import { alertsOf, createCorrelator } from '#shared/correlate/index';
import type { IncidentFilter, IncidentPatch, IncidentSortField, SortDir } from './api';
import type { IncidentChunkRow, IncidentColumns } from '#shared/store/db';
import { CODES, IncidentTable, KEY_VALUE, maskOfAny, NO_MASK, TEXT, TIMES } from './incident-table';

export type IncidentChange = {
  /** Incidents to write (created, updated, redirected). */
  changed: string[];
  created: string[];
  activity: ActivityEntry[];
  /** The table slot of each of `changed` (-1: none), when the change knows them: `chunksFor` then looks no id up. */
  slots?: Int32Array;
};

/** Incident statuses ranked by name (as the status sort orders them). */
const STATUS_RANK = Uint32Array.from(INCIDENT_STATUSES, (st) => [...INCIDENT_STATUSES].sort().indexOf(st));

const stateOf = (i: Incident): IncidentState => ({
  id: i.id,
  status: i.status,
  assignedTo: i.assignedTo,
  classification: i.classification,
  determination: i.determination,
  tags: i.tags,
  ...(i.customTitle ? { customTitle: i.customTitle } : {}),
  ...(i.redirectedTo ? { redirectedTo: i.redirectedTo } : {}),
  alertIds: i.alertIds,
});

export type StoredIncidents = { seq: number; incidents?: readonly Incident[]; cols?: IncidentColumns };

/** A stored incident chunk as the store loads it. */
export const storedIncidents = (row: IncidentChunkRow): StoredIncidents => ('json' in row ? { seq: row.seq, incidents: JSON.parse(row.json) as Incident[] } : { seq: row.seq, cols: row });

export class IncidentStore {
  private table = new IncidentTable();
  private reasons = new Map<string, CorrelationReason[]>();
  /**
   * Incident slot of each alert, for the slots below `alertsIndexed`: filled a slice at a time between requests
   * after a case opens or an import ends (`indexAlerts`), and the rest at once when a lookup comes first.
   */
  private alertSlots = new Map<string, number>();
  private alertsIndexed = 0;
  /**
   * `hashString` of each slot's one alert id (0 for a slot of several alerts or a redirected one), for the slots below
   * `alertsHashed`: filled between requests while a case's alert index loads, so that a queue page looks for its
   * alerts' incidents in these numbers (`incidentsOfAlerts`) before the alerts are indexed. Kept after (4 bytes an
   * incident): the slots an import adds are then the only ones to hash.
   */
  private alertHash = new Int32Array(0);
  private alertsHashed = 0;
  private correlator: Correlator | undefined;
  /** Noisy entities as of the last adopted run: made when first asked for from the correlator that ran it. */
  private noise: Map<string, string> | Correlator = new Map<string, string>();
  /** Storage chunk of each slot (0: none yet): new incidents fill the tail chunk, so an import rewrites few old chunks. */
  private chunkOf = new Int32Array(0);
  private chunkMembers = new Map<number, number[]>();
  private tail = 0;
  /** Sorted orders of every slot by sort field, for the table version they were made for. */
  private orders = new Map<string, Uint32Array>();
  private ordersVersion = -1;
  private idOrder: Uint32Array | undefined;

  load(chunks: readonly StoredIncidents[]): void {
    this.table = new IncidentTable();
    this.reasons.clear();
    this.alertSlots = new Map();
    this.alertsIndexed = 0;
    this.alertHash = new Int32Array(0);
    this.alertsHashed = 0;
    this.chunkOf = new Int32Array(0);
    this.chunkMembers.clear();
    this.tail = 0;
    this.correlator = undefined;
    this.append(chunks);
  }

  /** More stored chunks (a large case is loaded a few chunks at a time): columns, or the incidents of older rows. */
  append(chunks: readonly StoredIncidents[]): void {
    for (const c of chunks) {
      const slots = c.cols ? this.table.append(c.cols) : (c.incidents ?? []).map((i) => this.put(i));
      this.chunkOf = grow(this.chunkOf, this.table.n);
      for (const s of slots) {
        this.chunkOf[s] = c.seq;
        // (`put` hashes the slots it writes.)
        if (c.cols && s < this.alertsHashed) this.alertHash[s] = this.slotHash(s);
      }
      this.chunkMembers.set(c.seq, slots);
      this.tail = Math.max(this.tail, c.seq);
      // A slot written over below the indexed ones (a chunk holding known incidents): index again.
      if (slots.some((s) => s < this.alertsIndexed)) {
        this.alertSlots = new Map();
        this.alertsIndexed = 0;
      }
    }
  }

  /**
   * The storage chunks holding these incidents (new ones are placed in the tail). Encode each with `chunkColumns`
   * when it is written: a first correlation touches every chunk, and encoding them all at once held a second copy of
   * the incident table at the import's peak of memory.
   */
  chunksFor(ids: readonly string[], perChunk: number, slots?: Int32Array): number[] {
    const touched = new Set<number>();
    this.chunkOf = grow(this.chunkOf, this.table.n);
    for (let x = 0; x < ids.length; x++) {
      const s = slots ? slots[x] : this.table.slotOf(ids[x] ?? '');
      if (s === undefined || s < 0) continue;
      let seq = this.chunkOf[s] ?? 0;
      if (seq === 0) {
        if (this.tail === 0 || (this.chunkMembers.get(this.tail)?.length ?? 0) >= perChunk) {
          this.tail++;
          this.chunkMembers.set(this.tail, []);
        }
        seq = this.tail;
        this.chunkOf[s] = seq;
        this.chunkMembers.get(seq)?.push(s);
      }
      touched.add(seq);
    }
    return [...touched];
  }

  /** A storage chunk's columns, coded against the table's dictionary: store `stringsFrom` beside them. */
  chunkColumns(seq: number): IncidentColumns {
    return this.table.encode(this.chunkMembers.get(seq) ?? [], true);
  }

  /** Stored dictionary strings from `start` (read before the chunks coded against them). */
  addStrings(start: number, strings: readonly string[]): void {
    this.table.addStrings(start, strings);
  }
  /** Dictionary strings beyond the first `n` (to store with chunks from `chunksFor`, in the same transaction). */
  stringsFrom(n: number): string[] {
    return this.table.stringsFrom(n);
  }

  /** `at`: the incident's slot (undefined for none) when the caller has looked it up already. */
  private put(i: Incident, at?: { slot: number | undefined }): number {
    const map = this.alertSlots;
    const prev = at ? at.slot : this.table.slotOf(i.id);
    if (prev !== undefined && prev < this.alertsIndexed) for (const a of this.table.alertIdsAt(prev)) if (map.get(a) === prev) map.delete(a);
    const s = this.table.put(i, { slot: prev });
    if (s < this.alertsIndexed && i.status !== 'redirected') for (const a of i.alertIds) map.set(a, s);
    if (s < this.alertsHashed) this.alertHash[s] = this.slotHash(s);
    return s;
  }

  private slotHash(s: number): number {
    const a = this.table.alerts[s];
    return typeof a === 'string' && !this.table.isRedirected(s) ? hashString(a) | 1 : 0;
  }

  /** Hash the alert ids of the incidents up to slot `upto` (a slice between requests); true when all are. */
  hashAlerts(upto = Infinity): boolean {
    const end = Math.min(upto, this.table.n);
    this.alertHash = grow(this.alertHash, end);
    for (let s = this.alertsHashed; s < end; s++) this.alertHash[s] = this.slotHash(s);
    this.alertsHashed = Math.max(this.alertsHashed, end);
    return this.alertsHashed >= this.table.n;
  }

  /** Index the alerts of the incidents up to slot `upto` (a slice between requests); true when all are. */
  indexAlerts(upto = Infinity): boolean {
    const t = this.table;
    const end = Math.min(upto, t.n);
    for (let s = this.alertsIndexed; s < end; s++) if (!t.isRedirected(s)) for (const a of t.alertIdsAt(s)) this.alertSlots.set(a, s);
    this.alertsIndexed = Math.max(this.alertsIndexed, end);
    return this.alertsIndexed >= t.n;
  }
  indexedAlerts(): number {
    return this.alertsIndexed;
  }

  /** Analyst state of every incident, read from the columns. */
  private states(): IncidentState[] {
    const out: IncidentState[] = new Array<IncidentState>(this.table.n);
    for (let s = 0; s < this.table.n; s++) out[s] = this.table.stateAt(s);
    return out;
  }

  hasCorrelator(): boolean {
    return this.correlator !== undefined;
  }

  /**
   * Build the correlator over every stored alert, with the analyst's pins and the incidents' analyst state (which
   * freezes touched incidents and gates merges), then adopt what it computes. `feed` hands the stored alerts over
   * batch by batch: each batch is interned into the correlator's typed store and dropped, so a million-alert case
   * never holds its correlation input as objects.
   */
  async attachCorrelator(feed: (load: (alerts: readonly CorrelationAlert[]) => void) => Promise<void>, settings: Partial<CorrelationSettings>, pins: readonly AlertPin[], at: number, expected = 0): Promise<IncidentChange> {
    const c = createCorrelator(settings, { pins, states: this.states() });
    if (expected > 0) c.reserve(expected);
    await feed((alerts) => c.load(alerts));
    this.correlator = c;
    return this.adopt(c.run(), at, 'correlation');
  }

  /**
   * The correlation input of an import, fed chunk by chunk as it is read. While it is small next to the case it is
   * held, then added at the end (an incremental run). Once it passes half the case, where adding would recompute
   * everything anyway, it goes into the correlator's store as it arrives and one full run correlates at the end:
   * the same incidents, without holding a million alert objects. `abandon` (a failed or cancelled import) drops the
   * correlator if alerts already went in, and says whether incidents were adopted (then they are reloaded too).
   * `gate` lets the engine keep everyone else off the correlator while it holds streamed, uncorrelated alerts.
   */
  importInput(gate: { mayStream(): boolean; streaming(): void } = { mayStream: () => true, streaming: () => undefined }): { push(alerts: CorrelationBatch): void; expect(n: number): void; finish(at: number): IncidentChange; abandon(): 'untouched' | 'dropped' | 'adopted' } {
    const c = this.requireCorrelator();
    const base = c.alertCount();
    let held: CorrelationAlert[] = [];
    let loading = false;
    let finished = false;
    // The import's latest estimate of its alerts, applied once a twentieth of them is in the store (the estimate then
    // rests on a twentieth of the file, and the recent rate of new keys holds for the rest). Applied again only for
    // a much larger estimate (more files): each application reallocates the arrays at their new size.
    let expected = 0;
    let applied = 0;
    return {
      expect: (n) => {
        expected = n;
      },
      push: (alerts) => {
        if (loading) {
          c.load(alerts);
          if (expected > applied * 1.5 && c.alertCount() - base >= Math.max(1000, expected / 20)) {
            c.reserve(base + expected);
            applied = expected;
          }
          return;
        }
        for (const a of alertsOf(alerts)) held.push(a);
        if (held.length > base / 2 && gate.mayStream()) {
          gate.streaming();
          c.load(held);
          held = [];
          loading = true;
        }
      },
      finish: (at) => {
        finished = true;
        const change = this.adopt(loading ? c.run() : c.add(held), at, 'correlation');
        held = [];
        return change;
      },
      abandon: () => {
        held = [];
        if (!loading && !finished) return 'untouched';
        if (this.correlator === c) this.correlator = undefined;
        return finished ? 'adopted' : 'dropped';
      },
    };
  }

  private requireCorrelator(): Correlator {
    if (!this.correlator) throw new Error('The correlator is not ready');
    return this.correlator;
  }

  /** Copy the correlator's view of the changed incidents, keeping analyst fields it does not own. */
  private adopt(changes: CorrelationChanges, at: number, by: string): IncidentChange {
    const c = this.requireCorrelator();
    // Created ids are distinct: a first correlation (only created ones, a million at 1M alerts) needs no set of them.
    const others = [...changes.updated, ...changes.redirected.flatMap((r) => [r.from, r.into])];
    const ids: readonly string[] = others.length ? [...new Set([...changes.created, ...others])] : changes.created;
    const activity: ActivityEntry[] = [];
    for (const r of changes.redirected) {
      // The correlator no longer holds the source: close our copy as redirected, pointing at the target.
      const prev = this.get(r.from);
      if (prev && !c.incident(r.from)) {
        this.put({ ...prev, status: 'redirected', redirectedTo: r.into, updatedAt: at });
        this.reasons.delete(r.from);
      }
    }
    // A first correlation of a large import adds most of its rows here: the table's columns are sized once for them,
    // and its pool once the first rows give its rate.
    const added = changes.created.length;
    const sizing = added > 5000 ? this.table.n + added : 0;
    // Into an empty table every id is new: nothing to look up, and the id index is built after (see `indexSlots`).
    const fresh = this.table.n === 0;
    if (sizing) this.table.reserveRows(sizing, !fresh);
    const slots = new Int32Array(ids.length).fill(-1);
    let put = 0;
    for (let x = 0; x < ids.length; x++) {
      const id = ids[x] ?? '';
      if (sizing && ++put === 1000) this.table.reservePool((added - put) * this.table.poolPerRow() * 1.05);
      // `ids` starts with the created ones, in their order (a set keeps the order it was filled in).
      const next = x < added ? c.createdIncident(x) : c.incident(id);
      if (!next) continue;
      const prev = fresh ? undefined : this.table.slotOf(id);
      slots[x] = this.put(prev === undefined ? next : { ...next, createdAt: this.table.createdAt(prev) }, { slot: prev });
      // Reasons are computed when asked for: most incidents of a large import are never opened.
      this.reasons.delete(id);
    }
    for (const r of changes.redirected) {
      const word = r.reason === 'renamed' ? 'renamed' : 'merged';
      activity.push({ targetId: r.from, at, by, action: word === 'renamed' ? 'renamed' : 'merged', field: 'redirectedTo', to: r.into, detail: word === 'renamed' ? `An earlier alert joined; the incident is now ${r.into}` : `Merged into ${r.into}` });
      activity.push({ targetId: r.into, at, by, action: 'merged', detail: word === 'renamed' ? `Continues ${r.from}` : `Incident ${r.from} merged into this one` });
    }
    // Creation needs no log entry per incident (createdAt says it, and an import can create 100k of them).
    // The noise map is made when first asked for (a sixth of a second at a million alerts, on the import's tail).
    this.noise = c;
    return { changed: [...ids], created: changes.created, activity, slots };
  }

  /** Index the incidents' ids up to slot `upto` (a slice between requests); true when all are. */
  indexIds(upto: number): boolean {
    return this.table.indexSlots(upto);
  }

  count(): number {
    let n = 0;
    for (let s = 0; s < this.table.n; s++) if (!this.table.isRedirected(s)) n++;
    return n;
  }
  get(id: string): Incident | undefined {
    const s = this.table.slotOf(id);
    return s === undefined ? undefined : this.table.incident(s);
  }
  /** Why each alert belongs to the incident (from the correlator; empty until it is built). */
  reasonsOf(id: string): CorrelationReason[] {
    let r = this.reasons.get(id);
    if (!r && this.correlator) {
      r = this.correlator.reasons(id);
      this.reasons.set(id, r);
    }
    return r ?? [];
  }
  alertsOf(id: string): string[] {
    const s = this.table.slotOf(id);
    return s === undefined ? [] : [...this.table.alertIdsAt(s)];
  }
  incidentOfAlert(alertId: string): string | undefined {
    this.indexAlerts();
    const s = this.alertSlots.get(alertId);
    return s === undefined ? undefined : this.table.ids[s];
  }

  /**
   * The incident of each of a few alerts (a queue page), without completing the alerts' index: the slots not yet
   * indexed are scanned for them by their alert ids' hashes (those not hashed yet between requests are hashed first).
   * Right after a large case opens, a page costs a few tens of ms where indexing every alert (a `Map` of a million
   * ids) costs most of a second. The same answers as `incidentOfAlert`: a later slot wins, as it does in the index.
   */
  incidentsOfAlerts(alertIds: readonly string[]): (string | undefined)[] {
    const t = this.table;
    const found = new Map<string, number>();
    if (this.alertsIndexed < t.n) {
      this.hashAlerts();
      const wanted = new Set(alertIds);
      // The wanted hashes' low 16 bits, as a bit set: a slot of one alert is tested by its number, and only a hit (1 in
      // ~1,000 for a page of 50) or a slot of several alerts reads strings.
      const bits = new Uint32Array(2048);
      for (const id of alertIds) {
        const low = (hashString(id) | 1) & 0xffff;
        bits[low >>> 5] = (bits[low >>> 5] ?? 0) | (1 << (low & 31));
      }
      const h = this.alertHash;
      for (let s = this.alertsIndexed; s < t.n; s++) {
        const x = h[s] ?? 0;
        if (x !== 0 && ((bits[(x & 0xffff) >>> 5] ?? 0) & (1 << (x & 31))) === 0) continue;
        if (t.isRedirected(s)) continue;
        const a = t.alerts[s];
        if (typeof a === 'string') {
          if (wanted.has(a)) found.set(a, s);
        } else if (a) for (const id of a) if (wanted.has(id)) found.set(id, s);
      }
    }
    return alertIds.map((id) => {
      const s = found.get(id) ?? this.alertSlots.get(id);
      return s === undefined ? undefined : t.ids[s];
    });
  }
  all(): Incident[] {
    const out: Incident[] = new Array<Incident>(this.table.n);
    for (let s = 0; s < this.table.n; s++) out[s] = this.table.incident(s);
    return out;
  }
  pins(): AlertPin[] {
    return this.correlator?.pins() ?? [];
  }
  settings(): CorrelationSettings | undefined {
    return this.correlator?.settings;
  }
  preview(next: Partial<CorrelationSettings>): ReturnType<Correlator['preview']> {
    return this.requireCorrelator().preview(next);
  }
  applySettings(next: Partial<CorrelationSettings>, at: number, by: string): IncidentChange {
    return this.adopt(this.requireCorrelator().setSettings(next), at, by);
  }

  /** Entities correlation treated as noise, with the reason (key → reason). */
  noiseOf(): ReadonlyMap<string, string> {
    if (!(this.noise instanceof Map)) this.noise = new Map(this.noise.noise().map((n) => [n.key, n.why]));
    return this.noise;
  }
  noiseReport(): ReturnType<Correlator['noise']> {
    return this.correlator?.noise() ?? [];
  }

  moveAlerts(alertIds: readonly string[], to: string, at: number, by: string): IncidentChange & { incidentId: string } {
    const c = this.requireCorrelator();
    let target = to === 'new' ? undefined : to;
    if (target !== undefined && this.table.slotOf(target) === undefined) throw new Error(`No incident ${target}`);
    const all: IncidentChange = { changed: [], created: [], activity: [] };
    for (const alertId of alertIds) {
      const from = this.incidentOfAlert(alertId);
      const result = c.decide(target === undefined ? { kind: 'move', alertId } : { kind: 'move', alertId, incidentId: target });
      if (!result.ok) throw new Error(result.reason);
      const change = this.adopt(result.changes, at, by);
      target ??= c.incidentOf(alertId);
      all.changed.push(...change.changed);
      all.created.push(...change.created);
      all.activity.push(...change.activity);
      all.activity.push({ targetId: alertId, at, by, action: 'moved', field: 'incident', from: from ?? '', to: target ?? '' });
      if (from) all.activity.push({ targetId: from, at, by, action: 'alert moved out', detail: `Alert ${alertId} moved to ${target ?? ''}` });
      if (target) all.activity.push({ targetId: target, at, by, action: 'alert moved in', detail: `Alert ${alertId} moved from ${from ?? 'no incident'}` });
    }
    return { ...all, changed: [...new Set(all.changed)], incidentId: target ?? '' };
  }

  merge(from: readonly string[], into: string, at: number, by: string): IncidentChange & { redirected: string[] } {
    const c = this.requireCorrelator();
    const all: IncidentChange = { changed: [], created: [], activity: [] };
    const redirected: string[] = [];
    for (const f of from) {
      if (f === into) continue;
      const result = c.decide({ kind: 'merge', from: f, into });
      if (!result.ok) throw new Error(`Cannot merge ${f} into ${into}: ${result.reason}`);
      const change = this.adopt(result.changes, at, by);
      all.changed.push(...change.changed);
      all.activity.push(...change.activity);
      redirected.push(f);
    }
    return { ...all, changed: [...new Set(all.changed)], redirected };
  }

  /**
   * Incidents matching the filter in the sort's order (ties by id), as a count and pages. Works on the columns:
   * each field's order over every incident is computed once per change of the incidents and kept, so paging and
   * filtering walk it, and only the rows of the page become objects.
   */
  query(filter: IncidentFilter | undefined, sort: { field: IncidentSortField; dir: SortDir } | undefined): { total: number; slice(offset: number, limit: number): Incident[] } {
    const t = this.table;
    const match = this.matcher(filter ?? {});
    const order = this.orderOf(sort?.field ?? 'lastActivity');
    const hits = new Uint32Array(t.n);
    let total = 0;
    if (sort?.dir === 'asc') {
      for (let k = 0; k < order.length; k++) if (match(order[k] ?? 0)) hits[total++] = order[k] ?? 0;
    } else {
      for (let k = order.length - 1; k >= 0; k--) if (match(order[k] ?? 0)) hits[total++] = order[k] ?? 0;
    }
    return { total, slice: (offset, limit) => [...hits.subarray(Math.max(0, offset), Math.min(total, offset + limit))].map((s) => t.incident(s)) };
  }

  /**
   * The filter as a test of one slot, reading the columns and the coded lists in place (a search tests each
   * distinct title and asset value once: answers are kept per dictionary code).
   */
  private matcher(f: IncidentFilter): (s: number) => boolean {
    const t = this.table;
    const codesOf = <T extends string>(values: readonly T[] | undefined, list: readonly T[]): Uint8Array | undefined => {
      if (!values?.length) return undefined;
      const m = new Uint8Array(256);
      for (const v of values) {
        const c = list.indexOf(v);
        if (c >= 0) m[c] = 1;
      }
      return m;
    };
    const statuses = codesOf(f.statuses, INCIDENT_STATUSES) ?? Uint8Array.from(INCIDENT_STATUSES, (st) => (st === 'redirected' ? 0 : 1));
    const severities = codesOf(f.severities, SEVERITIES);
    const classes = codesOf(f.classifications, CLASSIFICATIONS);
    const dets = codesOf(f.determinations, DETERMINATIONS);
    const dictSet = (values: readonly string[] | undefined): Set<number> | undefined => (values?.length ? new Set(values.flatMap((v) => t.dictCodeOf(v) ?? [])) : undefined);
    const assigned = dictSet(f.assignedTo);
    const tags = dictSet(f.tags);
    const sources = dictSet(f.sources);
    const tacticIds = f.tactics?.length ? new Set(f.tactics) : undefined;
    const tacticMask = tacticIds ? maskOfAny(tacticIds) : 0;
    const ids = f.ids ? new Set(f.ids) : undefined;
    const entity = f.entityKey === undefined ? undefined : (t.dictCodeOf(f.entityKey) ?? -3);
    const text = f.text?.trim().toLowerCase() ?? '';
    // Per dictionary code: 0 not tested yet, 1 no, 2 yes (titles and values; keys for values that are their key's).
    const textHit = new Int8Array(text ? t.dict.length : 0);
    const keyValueHit = new Int8Array(text ? t.dict.length : 0);
    const hasText = (code: number): boolean => {
      let hit = textHit[code] ?? 0;
      if (hit === 0) textHit[code] = hit = t.lowerOf(code).includes(text) ? 2 : 1;
      return hit === 2;
    };
    const hasValueOfKey = (key: number): boolean => {
      let hit = keyValueHit[key] ?? 0;
      if (hit === 0) keyValueHit[key] = hit = valueOfKey(t.lowerOf(key)).includes(text) ? 2 : 1;
      return hit === 2;
    };
    const readsLists = !!(sources || tags || entity !== undefined || text);
    const listHas = (pool: Int32Array, at: number, set: Set<number>): boolean => {
      for (let k = at + 1, end = at + 1 + (pool[at] ?? 0); k < end; k++) if (set.has(pool[k] ?? 0)) return true;
      return false;
    };
    return (s) => {
      const c = s * CODES;
      if (!statuses[t.codes[c + 1] ?? 0]) return false;
      if (severities && !severities[t.codes[c] ?? 0]) return false;
      if (classes && !classes[t.codes[c + 2] ?? 0]) return false;
      if (dets && !dets[t.codes[c + 3] ?? 0]) return false;
      if (assigned && !assigned.has(t.text[s * TEXT + 1] ?? 0)) return false;
      if (ids && !ids.has(t.ids[s] ?? '')) return false;
      if (f.from !== undefined && (t.times[s * TIMES + 1] ?? 0) < f.from) return false;
      if (f.to !== undefined && (t.times[s * TIMES] ?? 0) > f.to) return false;
      if (tacticIds) {
        const mask = t.tactics[s] ?? 0;
        if (mask === NO_MASK ? !t.tacticsAt(s).some((x) => tacticIds.has(x)) : !(mask & tacticMask)) return false;
      }
      if (!readsLists) return true;
      // The coded lists: sources, tags, custom title, redirect, assets (see IncidentTable).
      const pool = t.pool;
      if (sources && !listHas(pool, t.varStart[s] ?? 0, sources)) return false;
      if (tags && !listHas(pool, t.tagsAt(s), tags)) return false;
      if (entity === undefined && !text) return true;
      const customAt = t.customAt(s);
      const assets = customAt + 3;
      const na = pool[customAt + 2] ?? 0;
      if (entity !== undefined) {
        let found = false;
        for (let k = 0; k < na && !found; k++) found = pool[assets + 4 * k] === entity;
        if (!found) return false;
      }
      if (text) {
        if (hasText(t.shownTitleCode(s)) || t.ids[s] === text) return true;
        for (let k = 0; k < na; k++) {
          const v = pool[assets + 4 * k + 1] ?? 0;
          if (v === KEY_VALUE ? hasValueOfKey(pool[assets + 4 * k] ?? 0) : hasText(v)) return true;
        }
        return false;
      }
      return true;
    };
  }

  /** Every slot in ascending order of a sort field, ties by id (cached until the incidents change). */
  private orderOf(field: IncidentSortField): Uint32Array {
    const t = this.table;
    if (this.ordersVersion !== t.version) {
      this.orders.clear();
      this.idOrder = undefined;
      this.ordersVersion = t.version;
    }
    let order = this.orders.get(field);
    if (order) return order;
    const n = t.n;
    const byId = (): Uint32Array => (this.idOrder ??= sortByString(t.ids, n));
    const timeOrder = (offset: number): Uint32Array => {
      const keys = new Float64Array(n);
      for (let s = 0; s < n; s++) keys[s] = t.times[s * TIMES + offset] ?? 0;
      // Equal times (rare) are ordered by id.
      return sortTiedRuns(sortByTime(keys, n), keys, (x, y) => ((t.ids[x] ?? '') < (t.ids[y] ?? '') ? -1 : 1));
    };
    const keys = new Uint32Array(n);
    switch (field) {
      case 'lastActivity':
        order = timeOrder(1);
        break;
      case 'firstActivity':
        order = timeOrder(0);
        break;
      case 'id':
        order = byId();
        break;
      case 'severity':
      case 'status': {
        const col = field === 'severity' ? 0 : 1;
        for (let s = 0; s < n; s++) keys[s] = t.codes[s * CODES + col] ?? 0;
        order = countingSort(byId(), keys, field === 'status' ? STATUS_RANK : undefined, 256);
        break;
      }
      case 'alerts': {
        let max = 0;
        for (let s = 0; s < n; s++) max = Math.max(max, (keys[s] = t.alertCountAt(s)));
        order = countingSort(byId(), keys, undefined, max + 1);
        break;
      }
      case 'title': {
        // Each distinct title is lower-cased and ranked once; incidents are then placed by one counting pass.
        const used = new Map<number, string>();
        const seen = new Uint8Array(t.dict.length);
        for (let s = 0; s < n; s++) {
          const code = t.shownTitleCode(s);
          keys[s] = code;
          if (!seen[code]) {
            seen[code] = 1;
            used.set(code, t.lowerOf(code));
          }
        }
        const distinct = [...new Set(used.values())].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        const rankOf = new Map(distinct.map((v, r) => [v, r]));
        const rank = new Uint32Array(t.dict.length);
        for (const [code, lower] of used) rank[code] = rankOf.get(lower) ?? 0;
        order = countingSort(byId(), keys, rank, distinct.length);
        break;
      }
    }
    this.orders.set(field, order);
    return order;
  }

  /** Analyst edits; the correlator learns the new state (resolved or assigned incidents freeze, merges are gated). */
  update(ids: readonly string[], patch: IncidentPatch, at: number, by: string): { incidents: Incident[]; activity: ActivityEntry[]; changed: string[] } {
    const out: Incident[] = [];
    const activity: ActivityEntry[] = [];
    for (const id of ids) {
      const prev = this.get(id);
      if (!prev || prev.status === 'redirected') continue;
      const next: Incident = { ...prev, ...patch, updatedAt: at };
      for (const k of Object.keys(patch) as (keyof IncidentPatch)[]) {
        const from = fmt(prev[k]);
        const to = fmt(next[k]);
        if (from !== to) activity.push({ targetId: id, at, by, action: 'updated', field: k, from, to });
      }
      this.put(next);
      out.push(next);
    }
    let changed: string[] = [];
    if (this.correlator && out.length) {
      const change = this.adopt(this.correlator.setIncidentStates(out.map(stateOf)), at, 'correlation');
      activity.push(...change.activity);
      changed = change.changed;
    }
    return { incidents: out, activity, changed };
  }
}

const fmt = (v: unknown): string => (Array.isArray(v) ? v.map(String).join(', ') : typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v));
