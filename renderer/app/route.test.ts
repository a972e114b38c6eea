import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HOSTILE_STRINGS } from '#shared/report/hostile-corpus';
import type { Route } from './route';
import { INCIDENT_TABS, VIEWS, formatRoute, parseRoute } from './route';

/** URLs carry UTF-8: a lone surrogate comes back as U+FFFD, which is all a route can hold. */
const wellFormed = (s: string): string => s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');

describe('route', () => {
  it('round-trips the incident page with tab, entity pane and alert drawer', () => {
    const r: Route = { view: 'incident', incident: 'in-abc', tab: 'story', entity: 'host:ws-01', alert: 'al-1' };
    expect(parseRoute(formatRoute(r))).toEqual(r);
  });
  it('keeps queue filter keys in query and the rest apart', () => {
    const r = parseRoute('#/view=alerts&sev=high&sev=critical&st=new&alert=al-9&sort=time.asc');
    expect(r).toEqual({ view: 'alerts', alert: 'al-9', query: 'sev=high&sev=critical&st=new&sort=time.asc' });
    expect(parseRoute(formatRoute(r))).toEqual(r);
  });
  it('falls back to safe values for unknown views, tabs and a missing incident', () => {
    expect(parseRoute('#/view=evil&tab=<img>')).toEqual({ view: 'home' });
    expect(parseRoute('#/view=incident')).toEqual({ view: 'incidents' });
    expect(parseRoute('')).toEqual({ view: 'home' });
  });
  it('round-trips arbitrary ids and filter values, hostile ones included', () => {
    const text = fc.oneof(fc.string({ unit: 'grapheme', minLength: 1 }), fc.constantFrom(...HOSTILE_STRINGS.filter(Boolean)));
    fc.assert(
      fc.property(fc.constantFrom(...VIEWS.filter((v) => v !== 'incident')), text, text, fc.constantFrom(...INCIDENT_TABS), text, (view, entity, alert, tab, q) => {
        const r: Route = { view, entity, alert, tab, query: new URLSearchParams({ q }).toString() };
        const back = parseRoute(formatRoute(r));
        expect(back.entity).toBe(wellFormed(entity).slice(0, 4000));
        expect(back.alert).toBe(wellFormed(alert).slice(0, 4000));
        expect(back.tab).toBe(tab);
        expect(new URLSearchParams(back.query).get('q')).toBe(wellFormed(q));
      }),
    );
  });
});
