// Body rows: one alert is read on its own, verbatim records come back in place, and rows written before the
// per-alert layout (everything in one JSON text) still read the same.
import { describe, expect, it } from 'vitest';
import type { ImportId } from '#shared/model/index';
import { graphAdapter } from '#shared/ingest/adapters/graph';
import { syntheticLines } from '../../bench/synthetic';
import { alertOfBody, packChunk, unpackBody } from './chunk';

const alerts = [...syntheticLines(5, 0)].flatMap((text, i) => {
  const r = graphAdapter.normalize({ position: i + 1, value: JSON.parse(text) as unknown, text: text.trimEnd() }, { file: 'f.ndjson', importId: 'imp' as ImportId, defaultZone: 'UTC' });
  return r.ok ? r.alerts : [];
});

describe('alert body rows', () => {
  it('give back each alert whole, record included, reading one alert without the others', () => {
    expect(alerts).toHaveLength(5);
    const { body } = packChunk(7, 'imp', alerts);
    expect(body.alerts).toHaveLength(5);
    expect(alertOfBody(body, 3)).toEqual(alerts[3]);
    expect(alertOfBody(body, 3)?.raw).toContain('"evidence"');
    expect(alertOfBody(body, 9)).toBeUndefined();
    expect(unpackBody(body)).toEqual(alerts);
    // One broken neighbour does not stop another alert from being read.
    const damaged = { ...body, alerts: body.alerts?.map((t, i) => (i === 0 ? '{' : t)) };
    expect(alertOfBody(damaged, 4)).toEqual(alerts[4]);
  });

  it('read rows of the earlier layout (one JSON text, records inside)', () => {
    const legacy = { seq: 1, importId: 'imp', json: JSON.stringify(alerts) };
    expect(alertOfBody(legacy, 2)).toEqual(alerts[2]);
    expect(unpackBody(legacy)).toEqual(alerts);
  });
});
