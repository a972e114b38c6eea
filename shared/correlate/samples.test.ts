// Correlation on the real samples in ../shared/samples, through the real adapters: the groupings an analyst would
// expect (docs/correlation.md says what we see in each).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Alert, ImportId } from '#shared/model/index';
import type { SourceAdapter, SourceRecord } from '#shared/ingest/types';
import { chainsawAdapter } from '#shared/ingest/adapters/chainsaw';
import { hayabusaAdapter } from '#shared/ingest/adapters/hayabusa';
import { sentinelAdapter } from '#shared/ingest/adapters/sentinel';
import { suricataAdapter } from '#shared/ingest/adapters/suricata';
import { wazuhAdapter } from '#shared/ingest/adapters/wazuh';
import { csvRecords, jsonArrayRecords, ndjsonRecords } from '#shared/ingest/adapters/test-readers';
import { correlateBatch, createCorrelator, toCorrelationAlert } from '#shared/correlate/index';
import { withBufferTransfer } from '#shared/engine/test-support';

const text = (name: string): string => readFileSync(new URL(`../../../shared/samples/${name}`, import.meta.url), 'utf8');
const alertsOf = (adapter: SourceAdapter, records: SourceRecord[]): Alert[] =>
  records.flatMap((r) => {
    const res = adapter.normalize(r, { file: 'sample', importId: 'i' as ImportId, defaultZone: 'UTC' });
    return res.ok ? res.alerts : [];
  });
const sizes = (r: ReturnType<typeof correlateBatch>): number[] => r.incidents.map((i) => i.alertIds.length).sort((a, b) => b - a);

describe('correlation on the real samples', () => {
  it("gives the same incidents when a full run's work arrays are detached after it, and after a later incremental add", async () => {
    const first = [
      ...alertsOf(wazuhAdapter, ndjsonRecords(text('wazuh-alerts-ait-ldsv11-insect.json'))),
      ...alertsOf(suricataAdapter, jsonArrayRecords(text('suricata-eve-wrccdc-2018.json'))),
    ].map(toCorrelationAlert);
    const later = alertsOf(hayabusaAdapter, csvRecords(text('hayabusa-sample-evtx-results.csv')).records).slice(0, 800).map(toCorrelationAlert);
    const correlate = () => {
      const c = createCorrelator();
      c.load(first);
      const ran = c.run();
      const afterRun = ran.created.map((id) => c.incident(id));
      c.add(later);
      return { afterRun, afterAdd: c.incidents() };
    };
    const plain = correlate();
    let detached: ReturnType<typeof correlate> | undefined;
    const given = await withBufferTransfer(() => {
      detached = correlate();
    });
    // The full run's arrays were given back (the stand-in counts them), and nothing read them after.
    expect(given).toBeGreaterThan(5);
    expect(plain.afterRun.length).toBeGreaterThan(10);
    expect(detached).toEqual(plain);
  });


  it('Suricata WRCCDC 2018: groups around attacker and attacked addresses, neither one blob nor one incident per alert', () => {
    const alerts = alertsOf(suricataAdapter, jsonArrayRecords(text('suricata-eve-wrccdc-2018.json')));
    const r = correlateBatch(alerts.map(toCorrelationAlert));
    const s = sizes(r);
    expect(alerts).toHaveLength(207);
    expect(r.incidents.length).toBeGreaterThan(30);
    expect(r.incidents.length).toBeLessThan(120);
    expect(s[0]).toBeLessThan(60);
    // The busiest red-team address leads the largest incident.
    const largest = r.incidents.find((i) => i.alertIds.length === s[0]);
    expect(largest?.impactedAssets[0]?.value).toBe('10.128.0.221');
    // No address is so common it was dropped as infrastructure.
    expect(r.noiseReport.filter((n) => n.kind !== 'deny')).toEqual([]);
  });

  it('Wazuh "insect": the whole file is one attack, one correlated group (split only by the 150-alert cap)', () => {
    const alerts = alertsOf(wazuhAdapter, ndjsonRecords(text('wazuh-alerts-ait-ldsv11-insect.json')));
    const r = correlateBatch(alerts.map(toCorrelationAlert));
    const comps = new Map<number, number>();
    for (const g of r.grouping.groups) comps.set(g.comp, (comps.get(g.comp) ?? 0) + g.members.length);
    expect(Math.max(...comps.values())).toBeGreaterThanOrEqual(Math.floor(alerts.length * 0.99));
    expect(r.incidents.every((i) => i.alertIds.length <= 150)).toBe(true);
    expect(r.grouping.groups.filter((g) => g.part).length).toBe(r.incidents.length);
  });

  it('Hayabusa: a password-guessing run groups by repeated detection; attack-sample sessions group by host and time', () => {
    const alerts = alertsOf(hayabusaAdapter, csvRecords(text('hayabusa-sample-evtx-results.csv')).records);
    const c = createCorrelator();
    c.add(alerts.map(toCorrelationAlert));
    const incidents = c.incidents();
    const guessing = incidents.filter((i) => i.title.startsWith('Logon Failure - Wrong Password'));
    expect(guessing.reduce((n, i) => n + i.alertIds.length, 0)).toBeGreaterThan(3300);
    expect(guessing.every((i) => i.alertIds.length <= 150)).toBe(true);
    const reason = c.reasonsFor(guessing[0]?.alertIds[1] ?? '')[0];
    expect(reason?.kind).toBe('repeatedAlertOccurrence');
    expect(reason?.text).toMatch(/^Repeats detection 'Logon Failure - Wrong Password' on host desktop-m5sn04r and IP address 192\.168\.198\.149/);
    // The 2013 IE8Win7 sample session is one incident, not 150 singletons.
    expect(incidents.some((i) => i.impactedAssets[0]?.value === 'ie8win7' && i.alertIds.length >= 100)).toBe(true);
    expect(incidents.length).toBeLessThan(400);
  });

  it('Chainsaw: detections group per host and session', () => {
    const alerts = alertsOf(chainsawAdapter, jsonArrayRecords(text('chainsaw-hunt-evtx-attack-samples.json')));
    const r = correlateBatch(alerts.map(toCorrelationAlert));
    expect(r.incidents.length).toBeLessThan(alerts.length / 4);
    const pc04 = r.incidents.find((i) => i.impactedAssets[0]?.value === 'pc04');
    expect(pc04?.alertIds.length).toBeGreaterThan(30);
    expect(pc04?.title).toMatch(/on one endpoint$/);
  });

  it('Sentinel demo workspace: the alerts on one VM in one day form one incident', () => {
    const alerts = alertsOf(sentinelAdapter, csvRecords(text('sentinel-securityalert-demo.csv')).records);
    const r = correlateBatch(alerts.map(toCorrelationAlert));
    const s = sizes(r);
    expect(s[0]).toBeGreaterThan(100);
    const big = r.incidents.find((i) => i.alertIds.length === s[0]);
    expect(big?.impactedAssets[0]?.value).toBe('msticalertswin1');
    expect(r.incidents.length).toBeLessThan(40);
  });
});
