import { useCallback, useMemo, useRef, useState } from 'react';
import { formatCount } from '../../app/format';
import { errorText, useWorkspace } from '../../app/workspace';
import type { QueueFilter, QueueKind } from './filter-model';
import { formatFilter, parseFilter } from './filter-model';
import { SELECT_CHUNK, collectAll } from './select-all';

/** The queue's filter lives in the route; selection, select-all and bulk runs live here. */
export const useQueue = <R extends { id: string }>(kind: QueueKind, load: (f: QueueFilter) => (offset: number, limit: number) => Promise<{ total: number; rows: R[] }>) => {
  const ws = useWorkspace();
  const { route, navigate, notify } = ws;
  const filter = useMemo(() => parseFilter(kind, route.query), [kind, route.query]);
  const query = useMemo(() => formatFilter(kind, filter), [kind, filter]);
  const setFilter = useCallback(
    (f: QueueFilter, typing?: boolean) => navigate({ view: kind, query: formatFilter(kind, f) || undefined, alert: route.alert, entity: route.entity }, typing),
    [navigate, kind, route.alert, route.entity],
  );
  const applyQuery = useCallback((q: string) => setFilter(parseFilter(kind, q)), [setFilter, kind]);
  const loader = useMemo(() => load(filter), [load, filter]);

  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const [total, setTotal] = useState<number | undefined>(undefined);
  /** Rows seen by id (the bulk tag needs each incident's current tags). */
  const seen = useRef(new Map<string, R>());
  const cancel = useRef({ cancelled: false });
  const lastQuery = useRef(query);
  if (lastQuery.current !== query) {
    lastQuery.current = query;
    if (selected.size) setSelected(new Set());
  }

  const trackedLoad = useCallback(
    async (offset: number, limit: number) => {
      const page = await loader(offset, limit);
      for (const r of page.rows) seen.current.set(r.id, r);
      return page;
    },
    [loader],
  );

  const selectAll = useCallback(() => {
    const signal = { cancelled: false };
    cancel.current = signal;
    const ids = new Set<string>();
    setBusy('Selecting…');
    collectAll(
      loader,
      (r) => {
        ids.add(r.id);
        seen.current.set(r.id, r);
      },
      (done, all) => setBusy(`Selecting ${formatCount(done)} of ${formatCount(all)}…`),
      signal,
    ).then(
      () => {
        setBusy(undefined);
        setSelected(ids);
        if (signal.cancelled) notify(`Stopped: ${formatCount(ids.size)} selected.`);
      },
      (e: unknown) => {
        setBusy(undefined);
        notify(errorText(e), 'error');
      },
    );
  }, [loader, notify]);

  /** Run a bulk change over the selection in chunks, with progress; one engine call per chunk. */
  const runBulk = useCallback(
    async (label: string, apply: (ids: string[]) => Promise<unknown>, ids: string[] = [...selected]) => {
      if (!ids.length) return;
      const signal = { cancelled: false };
      cancel.current = signal;
      try {
        for (let i = 0; i < ids.length && !signal.cancelled; i += SELECT_CHUNK) {
          setBusy(`${label}: ${formatCount(Math.min(i + SELECT_CHUNK, ids.length))} of ${formatCount(ids.length)}…`);
          await apply(ids.slice(i, i + SELECT_CHUNK));
        }
        notify(`${label}: ${formatCount(ids.length)} ${kind === 'alerts' ? (ids.length === 1 ? 'alert' : 'alerts') : ids.length === 1 ? 'incident' : 'incidents'} changed.`);
      } catch (e) {
        notify(errorText(e), 'error');
      } finally {
        setBusy(undefined);
      }
    },
    [selected, notify, kind],
  );

  return { ...ws, filter, query, setFilter, applyQuery, load: trackedLoad, selected, setSelected, busy, total, setTotal, selectAll, runBulk, seen, stop: () => (cancel.current.cancelled = true) };
};
