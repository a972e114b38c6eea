import { useCallback, useEffect, useState } from 'react';

/** The view state lives in the URL hash, so a view can be reopened and the back button works. */
export type Route = { view: 'home' | 'incidents' | 'alerts'; incident?: string | undefined; alert?: string | undefined };

const VIEWS = new Set<Route['view']>(['home', 'incidents', 'alerts']);

export const parseRoute = (hash: string): Route => {
  const params = new URLSearchParams(hash.replace(/^#\/?/, ''));
  const view = params.get('view') as Route['view'] | null;
  return {
    view: view && VIEWS.has(view) ? view : 'home',
    ...(params.get('incident') ? { incident: params.get('incident') as string } : {}),
    ...(params.get('alert') ? { alert: params.get('alert') as string } : {}),
  };
};

export const formatRoute = (r: Route): string => {
  const p = new URLSearchParams({ view: r.view });
  if (r.incident) p.set('incident', r.incident);
  if (r.alert) p.set('alert', r.alert);
  return `#/${p.toString()}`;
};

export const useRoute = (): [Route, (r: Route) => void] => {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const on = (): void => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  const navigate = useCallback((r: Route) => {
    window.location.hash = formatRoute(r);
  }, []);
  return [route, navigate];
};
