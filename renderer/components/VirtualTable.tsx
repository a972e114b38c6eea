import type { KeyboardEvent, ReactNode } from 'react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { rowTop, scrollTopFor, virtualWindow } from './virtual-window';

export type Column<T> = {
  key: string;
  label: string;
  width: number;
  sortable?: boolean;
  render: (row: T) => ReactNode;
};

type Props<T extends { id: string }> = {
  columns: readonly Column<T>[];
  /** Changes when the result set is a different one (filter, sort): back to the top. */
  queryKey: string;
  /** Changes when the same result set may hold new data: refetched in place, no flash. */
  version?: number;
  load: (offset: number, limit: number) => Promise<{ total: number; rows: T[] }>;
  rowHeight?: number;
  sort?: { field: string; dir: 'asc' | 'desc' };
  onSort?: (field: string) => void;
  onOpen?: (row: T) => void;
  selected?: ReadonlySet<string>;
  onSelect?: (ids: Set<string>) => void;
  /** Header checkbox / Ctrl+A: the parent decides (e.g. select every matching row, not just the loaded ones). */
  onSelectAll?: () => void;
  /** Keys the table does not handle (status shortcuts...): the row under the cursor; return true when handled. */
  onKey?: (e: KeyboardEvent, cursorRow: T | undefined) => boolean;
  onTotal?: (total: number) => void;
  testId?: string;
  label: string;
  emptyText: ReactNode;
  hint?: string;
};

const PAGE = 200;

/** A virtualised table: only the visible rows exist in the DOM; pages are fetched from the engine on demand. */
export const VirtualTable = <T extends { id: string }>(p: Props<T>): ReactNode => {
  const ROW = p.rowHeight ?? 34;
  const scroller = useRef<HTMLDivElement>(null);
  const [total, setTotal] = useState<number | undefined>(undefined);
  const [pages, setPages] = useState<Map<number, T[]>>(new Map());
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const [cursor, setCursor] = useState(0);
  const [error, setError] = useState<string | undefined>(undefined);
  const anchor = useRef<number | undefined>(undefined);
  const inflight = useRef(new Set<number>());
  const generation = useRef(0);
  const visibleRef = useRef<[number, number]>([0, 0]);

  const win = virtualWindow(total ?? 0, ROW, scrollTop, height);

  const { load, queryKey, onTotal } = p;
  const fetchPages = useCallback(
    (which: number[], reset: boolean) => {
      generation.current++;
      inflight.current.clear();
      const gen = generation.current;
      setError(undefined);
      void Promise.all(which.map((page) => load(page * PAGE, PAGE).then((r) => [page, r] as const))).then(
        (results) => {
          if (gen !== generation.current) return;
          const next = new Map<number, T[]>();
          let t = 0;
          for (const [page, r] of results) {
            next.set(page, r.rows);
            t = r.total;
          }
          if (reset) {
            setCursor(0);
            if (scroller.current) scroller.current.scrollTop = 0;
            setScrollTop(0);
          }
          setTotal(t);
          onTotal?.(t);
          setPages(next);
        },
        (e: unknown) => {
          if (gen === generation.current) setError(e instanceof Error ? e.message : String(e));
        },
      );
    },
    [load, onTotal],
  );

  // A new result set: start at the top.
  useEffect(() => fetchPages([0], true), [fetchPages, queryKey]);
  // Same result set, new data: refetch what is on screen, then swap.
  const firstVersion = useRef(true);
  useEffect(() => {
    if (firstVersion.current) {
      firstVersion.current = false;
      return;
    }
    const [a, b] = visibleRef.current;
    const which: number[] = [];
    for (let page = Math.floor(a / PAGE); page * PAGE <= Math.max(a, b - 1); page++) which.push(page);
    fetchPages(which.length ? which : [0], false);
  }, [p.version]);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return undefined;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    setHeight(el.clientHeight);
    return () => ro.disconnect();
  }, []);

  const { first, last } = win;
  visibleRef.current = [first, last];

  useEffect(() => {
    if (total === undefined) return;
    const gen = generation.current;
    for (let page = Math.floor(first / PAGE); page * PAGE < last; page++) {
      if (pages.has(page) || inflight.current.has(page)) continue;
      inflight.current.add(page);
      void load(page * PAGE, PAGE).then(
        (r) => {
          if (gen !== generation.current) return;
          inflight.current.delete(page);
          setPages((prev) => new Map(prev).set(page, r.rows));
        },
        () => inflight.current.delete(page),
      );
    }
  }, [first, last, total, pages, load]);

  const rowAt = useCallback((i: number): T | undefined => pages.get(Math.floor(i / PAGE))?.[i % PAGE], [pages]);

  const select = (i: number, e: { shiftKey: boolean; metaKey: boolean; ctrlKey: boolean }, toggle: boolean): void => {
    if (!p.onSelect || !p.selected) return;
    const row = rowAt(i);
    if (!row) return;
    const next = new Set(p.selected);
    if (e.shiftKey && anchor.current !== undefined) {
      const [a, b] = anchor.current < i ? [anchor.current, i] : [i, anchor.current];
      for (let k = a; k <= b; k++) {
        const r = rowAt(k);
        if (r) next.add(r.id);
      }
    } else if (toggle || e.metaKey || e.ctrlKey) {
      if (next.has(row.id)) next.delete(row.id);
      else next.add(row.id);
      anchor.current = i;
    } else {
      next.clear();
      next.add(row.id);
      anchor.current = i;
    }
    p.onSelect(next);
  };

  const scrollToRow = (c: number): void => {
    const el = scroller.current;
    // The sticky header covers one row of the viewport.
    const next = el ? scrollTopFor(win, c, ROW, el.clientHeight - ROW) : undefined;
    if (el && next !== undefined) el.scrollTop = next;
  };

  const onKey = (e: KeyboardEvent): void => {
    if (total === undefined || total === 0) return;
    const move = (to: number, extend = false): void => {
      const c = Math.max(0, Math.min(total - 1, to));
      if (extend) {
        if (anchor.current === undefined) anchor.current = cursor;
        select(c, { shiftKey: true, metaKey: false, ctrlKey: false }, false);
      }
      setCursor(c);
      scrollToRow(c);
    };
    const page = Math.max(1, Math.floor(height / ROW) - 1);
    if (e.key === 'ArrowDown' || e.key === 'j') move(cursor + 1, e.shiftKey);
    else if (e.key === 'ArrowUp' || e.key === 'k') move(cursor - 1, e.shiftKey);
    else if (e.key === 'PageDown') move(cursor + page);
    else if (e.key === 'PageUp') move(cursor - page);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(total - 1);
    else if (e.key === ' ' || e.key === 'x') select(cursor, e, true);
    else if (e.key === 'Enter' || e.key === 'o') {
      const r = rowAt(cursor);
      if (r) p.onOpen?.(r);
    } else if (e.key === 'Escape' && p.selected?.size) p.onSelect?.(new Set());
    else if (e.key === 'a' && (e.ctrlKey || e.metaKey) && p.onSelectAll) p.onSelectAll();
    else if (!p.onKey?.(e, rowAt(cursor))) return;
    e.preventDefault();
  };

  const template = useMemo(() => `${p.onSelect ? '36px ' : ''}${p.columns.map((c) => `${c.width}px`).join(' ')}`, [p.columns, p.onSelect]);
  const width = useMemo(() => (p.onSelect ? 36 : 0) + p.columns.reduce((n, c) => n + c.width, 0), [p.columns, p.onSelect]);
  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    const row = rowAt(i);
    const isSelected = !!row && !!p.selected?.has(row.id);
    rows.push(
      <div
        key={i}
        role="row"
        aria-rowindex={i + 2}
        aria-selected={p.onSelect ? isSelected : undefined}
        className={`vt-row${isSelected ? ' selected' : ''}${i === cursor ? ' cursor' : ''}`}
        style={{ top: rowTop(win, scrollTop, i, ROW), height: ROW, gridTemplateColumns: template }}
        data-testid={row ? `row-${row.id}` : undefined}
        onClick={(e) => {
          setCursor(i);
          if (e.shiftKey || e.metaKey || e.ctrlKey) select(i, e, false);
          else if (row) p.onOpen?.(row);
        }}
      >
        {p.onSelect && (
          <span role="gridcell" className="vt-check" onClick={(e) => e.stopPropagation()}>
            <input
              type="checkbox"
              aria-label="Select row"
              tabIndex={-1}
              checked={isSelected}
              onChange={() => undefined}
              onClick={(e) => {
                setCursor(i);
                select(i, e, true);
              }}
            />
          </span>
        )}
        {row ? (
          p.columns.map((c) => (
            <span role="gridcell" key={c.key} className="vt-cell">
              {c.render(row)}
            </span>
          ))
        ) : (
          <span className="vt-cell vt-skeleton" aria-hidden="true" />
        )}
      </div>,
    );
  }

  const allSelected = !!total && !!p.selected && p.selected.size >= total;
  return (
    <div className="vt" role="grid" aria-label={p.label} aria-rowcount={(total ?? 0) + 1} aria-multiselectable={p.onSelect ? true : undefined} data-testid={p.testId} tabIndex={0} onKeyDown={onKey}>
      <div className="vt-body" ref={scroller} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
        <div className="vt-head" role="row" style={{ gridTemplateColumns: template, width }}>
          {p.onSelect && (
            <span role="columnheader" className="vt-check">
              <input
                type="checkbox"
                aria-label={allSelected ? 'Clear selection' : 'Select all matching rows'}
                tabIndex={-1}
                checked={allSelected}
                ref={(el) => {
                  if (el) el.indeterminate = !allSelected && !!p.selected?.size;
                }}
                onChange={() => (p.selected?.size ? p.onSelect?.(new Set()) : p.onSelectAll?.())}
                data-testid={p.testId ? `${p.testId}-select-all` : undefined}
              />
            </span>
          )}
          {p.columns.map((c) => (
            <span key={c.key} role="columnheader" aria-sort={p.sort?.field === c.key ? (p.sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
              {c.sortable && p.onSort ? (
                <button type="button" className="linkish vt-sort" onClick={() => p.onSort?.(c.key)} title={`Sort by ${c.label}`}>
                  {c.label}
                  <span aria-hidden="true">{p.sort?.field === c.key ? (p.sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                </button>
              ) : (
                c.label
              )}
            </span>
          ))}
        </div>
        {error ? (
          <div className="empty-inline" role="alert">
            Could not load rows: {error}. <button type="button" onClick={() => fetchPages([0], true)}>Try again</button>
          </div>
        ) : total === 0 ? (
          <div className="empty-inline">{p.emptyText}</div>
        ) : (
          <div className="vt-space" style={{ height: total === undefined ? ROW * 8 : win.spacerPx, width }}>
            {total === undefined ? Array.from({ length: 8 }, (_, i) => <div key={i} className="vt-row" style={{ top: i * ROW, height: ROW }}><span className="vt-cell vt-skeleton" aria-hidden="true" /></div>) : rows}
          </div>
        )}
      </div>
      <div className="vt-foot" aria-live="polite">
        <span data-testid={p.testId ? `${p.testId}-count` : undefined}>
          {total === undefined ? 'Loading…' : `${total.toLocaleString('en-US')} ${total === 1 ? 'row' : 'rows'}`}
          {p.selected?.size ? ` · ${p.selected.size.toLocaleString('en-US')} selected` : ''}
        </span>
        {p.hint && <span className="vt-hint">{p.hint}</span>}
      </div>
    </div>
  );
};
