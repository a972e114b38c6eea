import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AlertId, EntityKey } from '#shared/model/index';
import type { CorrelationAlert } from './types';
import { noiseRules } from './noise';
import type { NoiseState } from './noise';
import { computeNoise, updateNoise } from './presence';
import { normalizeSettings } from './settings';
import { AlertStore } from './store';

const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 0, 6);

const alert = (id: string, at: number, ents: readonly number[]): CorrelationAlert => ({
  id: id as AlertId,
  first: T0 + at,
  last: T0 + at,
  severity: 'low',
  title: 'Alert',
  detectorId: 'det',
  source: 'test',
  tactics: [],
  entities: ents.map((e) => ({ key: `host:h${e}` as EntityKey, type: 'device', value: `h${e}` })),
});

const state = (st: NoiseState, store: AlertStore): unknown => ({
  code: [...st.code.subarray(0, store.K)],
  occ: [...st.occ.subarray(0, store.p)],
  localPeriods: [...st.localPeriods.subarray(0, store.K)],
  noisyAlerts: [...st.noisyAlerts.subarray(0, store.K)],
});

describe('updateNoise', () => {
  it('equals computeNoise after every batch, in any order, and reports every alert whose flags changed', () => {
    // Small periods and horizon so that presence windows start and end inside the data; a few entities are in
    // most alerts (infrastructure), others in bursts; batches arrive in any time order.
    const rows = fc.array(
      fc.record({ at: fc.integer({ min: 0, max: 48 }), ents: fc.uniqueArray(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 3 }) }),
      { minLength: 1, maxLength: 150 },
    );
    fc.assert(
      fc.property(rows, fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 2, max: 60 }), (list, sizes, horizon, periods, threshold) => {
        // h1 is deny-listed and h2 allow-listed: listed keys keep their verdict whatever their counts.
        const rules = noiseRules(normalizeSettings({ windowMs: HOUR, noiseHorizonMs: horizon * HOUR, noisePeriods: periods, noiseThreshold: threshold, denyList: ['h1'], allowList: ['h2'] }));
        const alerts = list.map((r, i) => alert(`a${i}`, r.at * HOUR + (i % 7) * 60_000, r.ents));
        const store = new AlertStore();
        const cache = { codes: new Uint8Array(0) };
        let noise = computeNoise(store, rules, cache);
        let start = 0;
        for (let b = 0; start < alerts.length; b++) {
          const size = sizes[b % sizes.length] ?? 1;
          const prevOcc = noise.occ.slice();
          const added = store.add(alerts.slice(start, start + size));
          start += size;
          const u = updateNoise(noise, store, rules, cache, added);
          noise = u.noise;
          const full = computeNoise(store, rules);
          expect(state(noise, store)).toEqual(state(full, store));
          const changed = new Set(u.changedAlerts);
          for (let e = 0; e < store.p; e++) {
            if ((prevOcc[e] ?? 0) !== (full.occ[e] ?? 0)) expect(changed.has(store.alertOfRef[e] ?? -1)).toBe(true);
          }
        }
      }),
      { numRuns: 3000 },
    );
  });
});
