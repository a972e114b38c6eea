// Scenario generation: campaigns interleaved with background noise, streamed one campaign at a time.
import type { ScenarioContext } from './campaign';
import { campaignRecords } from './campaign';
import type { JsonObject } from './graph-records';
import { noiseBurst } from './noise';
import type { OrgSize } from './org';
import { orgSize } from './org';
import type { ScenarioOptions, ScenarioRecord } from './types';
import { CAMPAIGN_SLOT_MS, DEFAULT_START } from './types';

export type ScenarioGenerationOptions = ScenarioOptions & {
  /** Organisation size override (the demo case is a small office); default grows with `campaigns`. */
  org?: OrgSize;
  /** Time between campaign starts (default 3 h: about three campaigns under way at any time). */
  slotMs?: number;
};

const check = (opts: ScenarioGenerationOptions): void => {
  if (!Number.isInteger(opts.campaigns) || opts.campaigns < 0) throw new RangeError('campaigns must be a non-negative integer');
  if (!(opts.noiseRate >= 0 && opts.noiseRate < 1)) throw new RangeError('noiseRate must be in [0, 1)');
  if (opts.alertsTarget !== undefined && (!Number.isInteger(opts.alertsTarget) || opts.alertsTarget < 0)) throw new RangeError('alertsTarget must be a non-negative integer');
  if (opts.campaigns === 0 && opts.alertsTarget === undefined) throw new RangeError('with no campaigns, give alertsTarget');
};

/**
 * Stream the scenario: each campaign's records (a few dozen, the only thing held in memory), then the noise that
 * keeps the running noise fraction at `noiseRate`, with times in that campaign's slot. O(1) memory per record.
 */
export function* scenarioRecords(opts: ScenarioGenerationOptions): Generator<ScenarioRecord, void, undefined> {
  check(opts);
  const ctx: ScenarioContext = {
    seed: opts.seed | 0,
    size: opts.org ?? orgSize(opts.campaigns),
    start: opts.start ?? DEFAULT_START,
    slotMs: opts.slotMs ?? CAMPAIGN_SLOT_MS,
  };
  const r = opts.noiseRate;
  const target = opts.alertsTarget;
  const campaignTotal = target === undefined ? 0 : opts.campaigns === 0 ? 0 : Math.round(target * (1 - r));
  const noiseTotal = target === undefined ? 0 : target - campaignTotal;
  // With no campaigns the noise still spreads over slots of about 20 alerts.
  const slots = opts.campaigns > 0 ? opts.campaigns : Math.max(1, Math.ceil(noiseTotal / 20));
  let campaignAlerts = 0;
  let noiseAlerts = 0;
  let burst = 0;
  for (let i = 0; i < slots; i++) {
    if (i < opts.campaigns) {
      const size = target === undefined ? undefined : Math.floor((campaignTotal * (i + 1)) / slots) - Math.floor((campaignTotal * i) / slots);
      const records = campaignRecords(ctx, i, size);
      campaignAlerts += records.length;
      yield* records;
    }
    const wantNoise = target === undefined ? Math.round((campaignAlerts * r) / (1 - r)) : Math.round((noiseTotal * (i + 1)) / slots);
    while (noiseAlerts < wantNoise) {
      const records = noiseBurst(ctx, burst++, ctx.start + i * ctx.slotMs, ctx.slotMs, wantNoise - noiseAlerts);
      noiseAlerts += records.length;
      yield* records;
    }
  }
}

export type CampaignTruth = { campaign: number; alerts: number; graph: number; suricata: number };

export type Scenario = {
  records: ScenarioRecord[];
  /** Per campaign: how many alerts it has in each format. */
  campaigns: CampaignTruth[];
  noise: number;
};

export const generateScenario = (opts: ScenarioGenerationOptions): Scenario => {
  const records = [...scenarioRecords(opts)];
  const campaigns: CampaignTruth[] = Array.from({ length: opts.campaigns }, (_, campaign) => ({ campaign, alerts: 0, graph: 0, suricata: 0 }));
  let noise = 0;
  for (const r of records) {
    if (r.campaign === null) {
      noise++;
      continue;
    }
    const c = campaigns[r.campaign];
    if (!c) continue;
    c.alerts++;
    c[r.format]++;
  }
  return { records, campaigns, noise };
};

/** Time a record starts (for sorting files): Graph firstActivityDateTime, Suricata timestamp. */
export const recordTime = (r: ScenarioRecord): number => {
  const v = r.format === 'graph' ? r.record['firstActivityDateTime'] : r.record['timestamp'];
  return typeof v === 'string' ? Date.parse(r.format === 'suricata' ? v.replace(/(\.\d{3})\d*/, '$1').replace(/([+-]\d\d)(\d\d)$/, '$1:$2') : v) : 0;
};

/** Identity of a record inside its file: Graph id, Suricata flow id + signature id. */
export const recordKey = (r: ScenarioRecord): string => {
  const text = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
  if (r.format === 'graph') return text(r.record['id']);
  const alert = r.record['alert'] as JsonObject | undefined;
  return `${text(r.record['flow_id'])}:${text(alert?.['signature_id'])}`;
};

const stamp = (r: ScenarioRecord): string => {
  const v = r.format === 'graph' ? r.record['firstActivityDateTime'] : r.record['timestamp'];
  return typeof v === 'string' ? v : '';
};
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
/** Time order (microseconds included for EVE), then record identity. */
const byTime = (a: ScenarioRecord, b: ScenarioRecord): number => recordTime(a) - recordTime(b) || cmp(stamp(a), stamp(b)) || cmp(recordKey(a), recordKey(b));

export type ScenarioFile = { name: string; text: string };

/** Render records as source files: Graph as `{"value":[...]}`, Suricata as NDJSON, each sorted by time. */
export const renderFiles = (records: readonly ScenarioRecord[], prefix: string): ScenarioFile[] => {
  const graph = records.filter((r) => r.format === 'graph').sort(byTime);
  const eve = records.filter((r) => r.format === 'suricata').sort(byTime);
  return [
    { name: `${prefix}-defender-alerts.json`, text: JSON.stringify({ value: graph.map((r) => r.record) }, null, 2) + '\n' },
    { name: `${prefix}-suricata-eve.json`, text: eve.map((r) => JSON.stringify(r.record)).join('\n') + (eve.length ? '\n' : '') },
  ];
};

/** Files for a small scenario (tests, fixtures). For large ones, stream `scenarioRecords` instead. */
export const scenarioFiles = (opts: ScenarioGenerationOptions): ScenarioFile[] => renderFiles([...scenarioRecords(opts)], `scenario-s${opts.seed}`);
