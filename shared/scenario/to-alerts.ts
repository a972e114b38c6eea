// Scenario records through the real source adapters (Graph alerts_v2, Suricata EVE), with their ground truth.
import type { Alert, ImportId } from '#shared/model/index';
import { graphAdapter } from '#shared/ingest/adapters/graph';
import { suricataAdapter } from '#shared/ingest/adapters/suricata';
import type { AdapterContext } from '#shared/ingest/types';
import type { ScenarioRecord } from './types';

export type TruthAlert = { alert: Alert; campaign: number | null; group: string };

const ctxFor = (file: string): AdapterContext => ({ file, importId: 'scenario' as ImportId, defaultZone: 'UTC' });
const GRAPH_CTX = ctxFor('scenario-defender-alerts.json');
const EVE_CTX = ctxFor('scenario-suricata-eve.json');

/** Normalise one scenario record as an import would; `position` is its record number in its file. */
export const scenarioAlerts = (r: ScenarioRecord, position: number): TruthAlert[] => {
  const text = JSON.stringify(r.record);
  const adapter = r.format === 'graph' ? graphAdapter : suricataAdapter;
  const out = adapter.normalize({ position, value: r.record, text }, r.format === 'graph' ? GRAPH_CTX : EVE_CTX);
  if (!out.ok) throw new Error(`scenario record rejected by the ${adapter.name} adapter: ${out.field}: ${out.reason}`);
  return out.alerts.map((alert) => ({ alert, campaign: r.campaign, group: r.group }));
};
