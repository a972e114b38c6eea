// The quality gate: pairwise F1 of alert grouping against the generator's ground truth, through the real Graph
// and Suricata adapters, at 30% noise. Truth groups: one per campaign, one per noise burst (docs/correlation.md).
import { describe, expect, it } from 'vitest';
import { scenarioRecords } from '#shared/scenario/index';
import { scenarioAlerts } from '#shared/scenario/to-alerts';
import { correlateBatch, scoreGrouping, toCorrelationAlert } from '#shared/correlate/index';
import type { CorrelationAlert } from '#shared/correlate/index';

const run = (seed: number, campaigns: number, noiseRate: number) => {
  const alerts: CorrelationAlert[] = [];
  const truth = new Map<string, string>();
  let pos = 0;
  for (const r of scenarioRecords({ seed, campaigns, noiseRate })) {
    for (const t of scenarioAlerts(r, ++pos)) {
      alerts.push(toCorrelationAlert(t.alert));
      truth.set(t.alert.id, t.group);
    }
  }
  const result = correlateBatch(alerts);
  const predicted = new Map<string, string>();
  for (const [a, i] of result.membership) predicted.set(a, i);
  return { score: scoreGrouping(truth, predicted), result, alerts };
};

describe('grouping quality on the scenario generator', () => {
  it('reaches pairwise F1 ≥ 0.95 with 30% noise (100 campaigns, ~3,400 alerts)', () => {
    const { score } = run(1, 100, 0.3);
    expect(score.alerts).toBeGreaterThan(3000);
    expect(score.f1).toBeGreaterThanOrEqual(0.95);
    expect(score.precision).toBeGreaterThanOrEqual(0.93);
    expect(score.recall).toBeGreaterThanOrEqual(0.93);
    // Compression: far fewer incidents than alerts, far more than campaigns (noise stays apart).
    expect(score.compression).toBeGreaterThan(3);
  });

  it('never glues the shared infrastructure: the DC, proxy, DNS server and SYSTEM are reported as noise', () => {
    const { result } = run(2, 40, 0.3);
    const noise = new Map(result.noiseReport.map((n) => [n.key, n]));
    expect(noise.get('ip:10.0.0.8')?.kind).toBe('persistent');
    expect(noise.get('host:fab-dc01')?.kind).toBe('persistent');
    // SYSTEM's identifiers (SID, NT AUTHORITY\SYSTEM) are one line of the report.
    expect(result.noiseReport.filter((n) => /system/i.test(n.value) && n.type === 'account').map((n) => n.kind)).toEqual(['deny']);
    expect(noise.get('ip:10.0.0.53')).toBeDefined();
    // No incident reaches the cap: nothing blobbed together.
    expect(Math.max(...result.incidents.map((i) => i.alertIds.length))).toBeLessThan(80);
  });

  it('scores a perfect grouping 1 and a one-blob grouping poorly', () => {
    const truth = new Map([['a', 'x'], ['b', 'x'], ['c', 'y'], ['d', 'z']]);
    expect(scoreGrouping(truth, new Map([['a', '1'], ['b', '1'], ['c', '2'], ['d', '3']])).f1).toBe(1);
    const blob = scoreGrouping(truth, new Map([['a', '1'], ['b', '1'], ['c', '1'], ['d', '1']]));
    expect(blob.recall).toBe(1);
    expect(blob.precision).toBeCloseTo(1 / 6);
    expect(blob.compression).toBe(4);
  });
});
