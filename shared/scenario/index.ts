export type { ScenarioFormat, ScenarioOptions, ScenarioRecord } from './types';
export { DEFAULT_START, CAMPAIGN_SLOT_MS } from './types';
export type { CampaignTruth, Scenario, ScenarioFile, ScenarioGenerationOptions } from './generate';
export { generateScenario, recordKey, recordTime, renderFiles, scenarioFiles, scenarioRecords } from './generate';
export { demoCase, DEMO_OPTIONS } from './demo';
export type { OrgSize } from './org';
export { orgSize, PROXY_IP, DNS_IP, DMZ_IPS, DOMAIN, NT_DOMAIN } from './org';
export type { Json, JsonObject } from './graph-records';
