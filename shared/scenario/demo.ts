// The bundled demo case: a small office hit by three phishing campaigns over two days (each starts while the
// previous one's beacons and exfiltration are still running down), with everyday noise around them.
import type { ScenarioFile, ScenarioGenerationOptions } from './generate';
import { renderFiles, scenarioRecords } from './generate';

export const DEMO_OPTIONS: ScenarioGenerationOptions = {
  seed: 7,
  campaigns: 3,
  noiseRate: 0.25,
  start: Date.UTC(2025, 2, 10, 7, 30, 0),
  org: { users: 10, workstations: 12, servers: 10, admins: 10 },
  slotMs: 16 * 60 * 60 * 1000,
};

/** `[demo-defender-alerts.json, demo-suricata-eve.json]`, byte-identical on every call. */
export const demoCase = (): ScenarioFile[] => renderFiles([...scenarioRecords(DEMO_OPTIONS)], 'demo');
