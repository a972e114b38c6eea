import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * The view state lives in the URL hash, so a view can be reopened (and bookmarked, and the back button works):
 * `#/view=incident&incident=in-…&tab=story&entity=host:ws-01&alert=al-…`, and for queues the filter keys
 * (`#/view=alerts&sev=high&st=new&sort=time.desc`), which the queue parses itself (see views/queue).
 */
export const VIEWS = ['home', 'incidents', 'alerts', 'incident', 'settings', 'rules'] as const;
export type View = (typeof VIEWS)[number];
export const INCIDENT_TABS = ['story', 'alerts', 'assets', 'evidence', 'activity', 'summary', 'respond'] as const;
export type IncidentTab = (typeof INCIDENT_TABS)[number];

export type Route = {
  view: View;
  incident?: string | undefined;
  tab?: IncidentTab | undefined;
  /** Alert details drawer. */
  alert?: string | undefined;
  /** Entity pane (canonical entity key). */
  entity?: string | undefined;
  /** The queue's filter as URL parameters (everything that is not one of the keys above). */
  query?: string | undefined;
};

const OWN = new Set(['view', 'incident', 'tab', 'alert', 'entity']);
const MAX = 4000;

const isView = (v: string | null): v is View => v !== null && (VIEWS as readonly string[]).includes(v);
const isTab = (v: string | null): v is IncidentTab => v !== null && (INCIDENT_TABS as readonly string[]).includes(v);
const id = (v: string | null): string | undefined => (v ? v.slice(0, MAX) : undefined);

export const parseRoute = (hash: string): Route => {
  const params = new URLSearchParams(hash.replace(/^#\/?/, '').slice(0, 16_000));
  const v = params.get('view');
  const rest = new URLSearchParams();
  for (const [k, val] of params) if (!OWN.has(k)) rest.append(k, val);
  const route: Route = { view: isView(v) ? v : 'home' };
  const incident = id(params.get('incident'));
  if (incident) route.incident = incident;
  const tab = params.get('tab');
  if (isTab(tab)) route.tab = tab;
  const alert = id(params.get('alert'));
  if (alert) route.alert = alert;
  const entity = id(params.get('entity'));
  if (entity) route.entity = entity;
  const query = rest.toString();
  if (query) route.query = query;
  // An incident page needs its incident.
  if (route.view === 'incident' && !route.incident) route.view = 'incidents';
  return route;
};

export const formatRoute = (r: Route): string => {
  const p = new URLSearchParams({ view: r.view });
  if (r.incident) p.set('incident', r.incident);
  if (r.tab) p.set('tab', r.tab);
  if (r.alert) p.set('alert', r.alert);
  if (r.entity) p.set('entity', r.entity);
  if (r.query) for (const [k, v] of new URLSearchParams(r.query)) if (!OWN.has(k)) p.append(k, v);
  return `#/${p.toString()}`;
};

/** `navigate(route)` pushes a history entry; `navigate(route, true)` replaces it (typing in a filter box). */
export type Navigate = (r: Route, replace?: boolean) => void;

export const useRoute = (): [Route, Navigate] => {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  // The hash the route was last parsed from: a navigation applies its route at once, and the hashchange event that
  // follows it (asynchronously) then changes nothing. Waiting for that event left controls showing the old route in
  // between (a filter checkbox sprang back, and a second click in that moment toggled the old state).
  const shownHash = useRef(window.location.hash);
  const show = useCallback((hash: string): void => {
    if (hash === shownHash.current) return;
    shownHash.current = hash;
    setRoute(parseRoute(hash));
  }, []);
  useEffect(() => {
    const on = (): void => show(window.location.hash);
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, [show]);
  const navigate = useCallback<Navigate>(
    (r, replace) => {
      const hash = formatRoute(r);
      if (hash === window.location.hash) return;
      if (replace) window.history.replaceState(null, '', hash);
      else window.location.hash = hash;
      show(hash);
    },
    [show],
  );
  return [route, navigate];
};
