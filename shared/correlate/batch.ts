// One-shot correlation of a set of alerts (no analyst state): the reference the incremental correlator matches.
import type { AlertId, Incident, IncidentId } from '#shared/model/index';
import { formGroups } from './groups';
import type { Grouping } from './groups';
import { buildIncident, newScratch } from './incidents';
import { linkAlerts } from './link';
import type { LinkResult } from './link';
import type { NoiseEntry, NoiseState } from './noise';
import { noiseRules } from './noise';
import { computeNoise, noiseReport } from './presence';
import type { CorrelationSettings } from './settings';
import { normalizeSettings } from './settings';
import { AlertStore } from './store';
import type { CorrelationAlert } from './types';

export type BatchResult = {
  store: AlertStore;
  noise: NoiseState;
  link: LinkResult;
  grouping: Grouping;
  incidents: Incident[];
  membership: Map<AlertId, IncidentId>;
  noiseReport: NoiseEntry[];
};

/** Correlate a whole set of alerts. */
export const correlateBatch = (alerts: readonly CorrelationAlert[], settings: Partial<CorrelationSettings> = {}): BatchResult => {
  const s = normalizeSettings(settings);
  const store = new AlertStore();
  store.add(alerts);
  const rules = noiseRules(s);
  const noise = computeNoise(store, rules);
  const link = linkAlerts(store, noise, s);
  const grouping = formGroups(store, noise.code, link, s);
  const scratch = newScratch(store);
  const incidents = grouping.groups.map((g) => buildIncident(store, noise.code, g, scratch, store.work.mark()));
  const membership = new Map<AlertId, IncidentId>();
  for (const inc of incidents) for (const a of inc.alertIds) membership.set(a, inc.id);
  return { store, noise, link, grouping, incidents, membership, noiseReport: noiseReport(store, rules, noise) };
};
