import type { JsonObject } from './graph-records';

export type ScenarioFormat = 'graph' | 'suricata';

/** One raw source record with its ground truth. */
export type ScenarioRecord = {
  format: ScenarioFormat;
  record: JsonObject;
  /** Campaign index (0-based), or null for background noise. */
  campaign: number | null;
  /**
   * Truth group for pairwise scoring: `c<n>` for campaign n; `n<k>` for noise burst k (one benign cause seen
   * one or more times: the same detector on the same entity within minutes, e.g. a scanner's repeated hits).
   */
  group: string;
};

export type ScenarioOptions = {
  seed: number;
  campaigns: number;
  /** Fraction (0..1) of all alerts that are background noise. */
  noiseRate: number;
  /** Total number of alerts to produce (campaign alerts are sized to fit); default: campaigns decide. */
  alertsTarget?: number;
  /** Epoch ms of the first campaign; default 2025-03-10T06:00Z. */
  start?: number;
};

export const DEFAULT_START = Date.UTC(2025, 2, 10, 6, 0, 0);
/** One campaign starts per slot; a fixed slot keeps the number of concurrent campaigns steady at any size. */
export const CAMPAIGN_SLOT_MS = 3 * 60 * 60 * 1000;
