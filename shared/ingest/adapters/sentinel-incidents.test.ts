// Sentinel incidents are INCIDENT-LEVEL records: each incident of the API becomes one alert that stands for the
// whole incident (source 'sentinel-incidents', product 'Microsoft Sentinel'), not one alert per member alert.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Alert, ImportId } from '#shared/model/index';
import type { AdapterContext, DetectSample } from '#shared/ingest/types';
import { sentinelIncidentsAdapter } from './sentinel-incidents';
import { only, readDetectSample, rec, runSample } from './test-readers';
import { sentinelAdapter } from './sentinel';
import { defenderCloudAdapter } from './defender-cloud';

const ctx: AdapterContext = { file: 'incidents.json', importId: 'imp-i' as ImportId, defaultZone: 'UTC' };

const { records, results } = await runSample(
  readFileSync,
  'sentinel-incidents-api-obfuscated.json',
  sentinelIncidentsAdapter,
  ctx,
);
const values = records.map((r) => r.value as Record<string, unknown>);
const alerts = results.map(only);
const byName = (name: string): Alert => {
  const a = alerts.find((x) => x.sourceAlertId === name);
  if (!a) throw new Error(`no incident ${name}`);
  return a;
};

describe('sentinel-incidents adapter on the pandas-flattened msticpy sample (incident-level records)', () => {
  it('turns each of the 5 incidents into exactly one alert keyed on the incident name GUID', () => {
    expect(alerts).toHaveLength(5);
    expect(alerts.map((a) => a.sourceAlertId)).toEqual([
      '1437c223-8852-4ebd-8973-e1058896914c',
      '9d16f4f0-953c-4bb4-8e5e-f1ccc607c046',
      'ef085fdb-1c5d-4ca7-becd-0847c7690d85',
      'f9b51917-0759-4ed3-833d-cbf1b4a7c553',
      'd26e1dae-b1e2-4233-b4f1-7f264d8ef92c',
    ]);
    for (const [i, a] of alerts.entries()) {
      expect(a.source).toBe('sentinel-incidents');
      expect(a.product).toBe('Microsoft Sentinel');
      expect(a.status).toBe('new');
      expect(a.entities).toEqual([]);
      expect(a.raw).toBe(records[i]?.text);
    }
    expect(alerts.map((a) => a.severity)).toEqual(['medium', 'high', 'high', 'medium', 'medium']);
  });

  it('maps title, times with 3-7 fraction digits, tactics and the incident detail line', () => {
    const a = byName('1437c223-8852-4ebd-8973-e1058896914c');
    expect(a.title).toBe('qdbbijed');
    expect(a.firstActivity).toBe(Date.UTC(2021, 8, 30, 12, 1, 34, 374));
    expect(a.lastActivity).toBe(Date.UTC(2021, 9, 1, 16, 1, 48, 872));
    expect(a.detectedAt).toBe(Date.UTC(2021, 9, 1, 17, 52, 21, 576));
    expect(a.tactics).toEqual(['TA0002']);
    expect(a.description).toBe('Sentinel incident #58035 · alerts: 1 · alert products: Azure Sentinel');
    expect(a.detectorId).toMatch(/^iqdfknnpkjplolcbbpao/);

    const seven = byName('ef085fdb-1c5d-4ca7-becd-0847c7690d85');
    expect(seven.firstActivity).toBe(Date.UTC(2021, 8, 17, 17, 24, 44, 666));
    expect(seven.lastActivity).toBe(Date.UTC(2021, 9, 1, 17, 24, 44, 666));
    expect(seven.tactics).toEqual([]);

    expect(byName('f9b51917-0759-4ed3-833d-cbf1b4a7c553').tactics).toEqual(['TA0001']);
    const six = byName('d26e1dae-b1e2-4233-b4f1-7f264d8ef92c');
    expect(six.firstActivity).toBe(Date.UTC(2021, 8, 30, 15, 44, 38, 190));
    expect(six.description).toBe(
      'oioadbfkrrifbnnlobfrododpcodfpareircqqkkmiepppqqprblklfdbnbkrpii\n\nSentinel incident #58031 · alerts: 1 · alert products: Azure Sentinel',
    );
  });
});

// The nested shape the Incidents REST API returns (Microsoft.SecurityInsights incidents, api-version 2023-02-01),
// written from its IncidentProperties schema, with incident status words and classification values.
const nested = {
  id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/w/providers/Microsoft.SecurityInsights/Incidents/73e01a99-5cd7-4139-a149-9f2736ff2ab5',
  name: '73e01a99-5cd7-4139-a149-9f2736ff2ab5',
  type: 'Microsoft.SecurityInsights/Incidents',
  etag: '"0300bf09-0000-0000-0000-5c37296e0000"',
  properties: {
    title: 'Multi-stage attack <script>x()</script>',
    description: 'Fusion correlated two alerts.',
    severity: 'High',
    status: 'Closed',
    classification: 'BenignPositive',
    classificationReason: 'SuspiciousButExpected',
    owner: {
      objectId: '2046feea-040d-4a46-9e2b-91c2941bfa70',
      email: 'soc@contoso.com',
      assignedTo: 'SOC analyst',
      userPrincipalName: 'soc@contoso.com',
    },
    labels: [{ labelName: 'Tag1', labelType: 'User' }],
    firstActivityTimeUtc: '2024-01-10T05:04:31.1234567Z',
    lastActivityTimeUtc: '2024-01-10T07:00:00Z',
    createdTimeUtc: '2024-01-10T07:05:00Z',
    incidentNumber: 3177,
    additionalData: {
      alertsCount: 2,
      alertProductNames: ['Microsoft Defender for Endpoint', 'Azure Sentinel'],
      tactics: ['InitialAccess', 'Persistence'],
      techniques: ['T1078'],
    },
    relatedAnalyticRuleIds: ['/subscriptions/s/.../alertRules/fab3d2d4-747f-46a7-8ef0-9c0be8112bf7'],
  },
};

describe('sentinel-incidents adapter on the nested API shape (written from the schema)', () => {
  const a = only(sentinelIncidentsAdapter.normalize(rec(nested), ctx));

  it('maps incident status words, classification, tactics, techniques and the detail line', () => {
    expect(a.sourceAlertId).toBe('73e01a99-5cd7-4139-a149-9f2736ff2ab5');
    expect(a.title).toBe('Multi-stage attack <script>x()</script>');
    expect(a.severity).toBe('high');
    expect(a.status).toBe('resolved');
    expect(a.classification).toBe('informationalExpectedActivity');
    expect(a.tactics).toEqual(['TA0001', 'TA0003']);
    expect(a.techniques).toEqual(['T1078']);
    expect(a.firstActivity).toBe(Date.UTC(2024, 0, 10, 5, 4, 31, 123));
    expect(a.description).toBe(
      'Fusion correlated two alerts.\n\nSentinel incident #3177 · alerts: 2 · alert products: Microsoft Defender for Endpoint, Azure Sentinel · classification reason: SuspiciousButExpected · labels: Tag1',
    );
    const active = only(
      sentinelIncidentsAdapter.normalize(
        rec({ ...nested, properties: { ...nested.properties, status: 'Active' } }),
        ctx,
      ),
    );
    expect(active.status).toBe('inProgress');
  });

  it('reads a pandas CSV row whose list cells are Python reprs', () => {
    const row = Object.assign(Object.create(null) as Record<string, string>, {
      name: 'c-1',
      'properties.title': 'csv incident',
      'properties.severity': 'Low',
      'properties.status': 'New',
      'properties.firstActivityTimeUtc': '2021-09-30T12:01:34.374Z',
      'properties.incidentNumber': '12',
      'properties.additionalData.tactics': "['Execution', 'DefenseEvasion']",
      'properties.additionalData.alertProductNames': "['Azure Sentinel']",
    });
    const c = only(sentinelIncidentsAdapter.normalize({ position: 1, value: row, text: 'csv' }, ctx));
    expect(c.tactics).toEqual(['TA0002', 'TA0005']);
    expect(c.description).toBe('Sentinel incident #12 · alert products: Azure Sentinel');
  });
});

describe('sentinel-incidents adapter on hostile input', () => {
  it('rejects non-objects, bad times and bad severities with precise reasons', () => {
    for (const v of [null, 3, 'x', []])
      expect(sentinelIncidentsAdapter.normalize(rec(v), ctx)).toEqual({
        ok: false,
        field: '',
        reason: 'not a Sentinel incident (expected an object)',
      });
    const first = values[0] ?? {};
    expect(
      sentinelIncidentsAdapter.normalize(
        rec({ ...first, 'properties.firstActivityTimeUtc': '2021-13-01T00:00:00Z' }),
        ctx,
      ),
    ).toEqual({
      ok: false,
      field: 'properties.firstActivityTimeUtc',
      reason: 'not a timestamp: "2021-13-01T00:00:00Z"',
    });
    expect(
      sentinelIncidentsAdapter.normalize(rec({ ...first, 'properties.severity': 'Urgent' }), ctx),
    ).toEqual({
      ok: false,
      field: 'properties.severity',
      reason: 'unknown severity: "Urgent"',
    });
  });

  it('treats __proto__ keys as data', () => {
    const hostile = JSON.parse(
      '{"name":"p","__proto__":{"polluted":1},"properties":{"__proto__":{"polluted":1},"title":"t","severity":"Low","firstActivityTimeUtc":"2024-01-01T00:00:00Z","labels":[{"__proto__":{"x":1}}]}}',
    ) as unknown;
    const a = only(sentinelIncidentsAdapter.normalize(rec(hostile), ctx));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(a.title).toBe('t');
  });
});

describe('sentinel-incidents detection', () => {
  it('scores the sample high; the alert adapters do not take it; a Suricata EVE record scores 0', async () => {
    const s: DetectSample = {
      fileName: 'incidents.json',
      container: 'json-array',
      header: [],
      records: values,
    };
    expect(sentinelIncidentsAdapter.detect(s)).toBeGreaterThan(0.9);
    expect(sentinelAdapter.detect(s)).toBe(0);
    expect(defenderCloudAdapter.detect(s)).toBe(0);
    expect(sentinelIncidentsAdapter.detect({ ...s, records: [nested] })).toBeGreaterThan(0.9);
    const eve = await readDetectSample(readFileSync, 'suricata-eve-wrccdc-2018.json', 'eve.json');
    expect(sentinelIncidentsAdapter.detect(eve)).toBe(0);
  });
});
