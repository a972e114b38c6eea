// Every source adapter, in detection tie-break order (specific formats first, the generic guesser last).
import type { SourceAdapter } from '#shared/ingest/types';
import { chainsawAdapter } from './chainsaw';
import { defenderCloudAdapter } from './defender-cloud';
import { elasticAdapter } from './elastic';
import { genericAdapter } from './generic';
import { graphAdapter } from './graph';
import { hayabusaAdapter } from './hayabusa';
import { mdeAdapter } from './mde';
import { ocsfAdapter } from './ocsf';
import { sentinelAdapter } from './sentinel';
import { sentinelIncidentsAdapter } from './sentinel-incidents';
import { suricataAdapter } from './suricata';
import { wazuhAdapter } from './wazuh';
import { zeekAdapter } from './zeek';

export const ADAPTERS: readonly SourceAdapter[] = [
  sentinelAdapter,
  sentinelIncidentsAdapter,
  graphAdapter,
  mdeAdapter,
  defenderCloudAdapter,
  suricataAdapter,
  wazuhAdapter,
  elasticAdapter,
  ocsfAdapter,
  hayabusaAdapter,
  chainsawAdapter,
  zeekAdapter,
  genericAdapter,
];
