import type { ReactNode } from 'react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';

export type Column<T> = {
  key: string;
  label: string;
  width: number;
  sortable?: boolean;
  render: (row: T) => ReactNode;
};

type Props<T extends { id: string }> = {
  columns: readonly Column<T>[];
  /** Changes whenever the result set changes (filter, sort, data); resets the page cache. */
  queryKey: string;
  load: (offset: number, limit: number) => Promise<{ total: number; rows: T[] }>;
  sort?: { field: string; dir: 'asc' | 'desc' };
  onSort?: (field: string) => void;
  onOpen?: (row: T) => void;
  selected?: ReadonlySet<string>;
  onSelect?: (ids: Set<string>) => void;
  testId?: string;
  emptyText: string;
};

const ROW = 34;
const PAGE = 200;

/** A virtualised table: only the visible rows exist in the DOM; pages are fetched from the engine on demand. */
export const VirtualTable = <T extends { id: string }>(p: Props<T>): ReactNode => {
  const scroller = useRef<HTMLDivElement>(null);
  const [total, setTotal] = useState<number | undefined>(undefined);
  const [pages, setPages] = useState<Map<number, T[]>>(new Map());
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const [cursor, setCursor] = useState(0);
  const anchor = useRef<number | undefined>(undefined);
  const inflight = useRef(new Set<number>());
  const generation = useRef(0);

  const { load, queryKey } = p;
  useEffect(() => {
    generation.current++;
    inflight.current.clear();
    setPages(new Map());
    setTotal(undefined);
    const gen = generation.current;
    void load(0, PAGE).then((r) => {
      if (gen !== generation.current) return;
      setTotal(r.total);
      setPages(new Map([[0, r.rows]]));
    });
  }, [load, queryKey]);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return undefined;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    setHeight(el.clientHeight);
    return () => ro.disconnect();
  }, []);

  const first = Math.max(0, Math.floor(scrollTop / ROW) - 10);
  const last = Math.min(total ?? 0, Math.ceil((scrollTop + height) / ROW) + 10);

  useEffect(() => {
    if (total === undefined) return;
    const gen = generation.current;
    for (let page = Math.floor(first / PAGE); page * PAGE < last; page++) {
      if (pages.has(page) || inflight.current.has(page)) continue;
      inflight.current.add(page);
      void load(page * PAGE, PAGE).then((r) => {
        if (gen !== generation.current) return;
        inflight.current.delete(page);
        setPages((prev) => new Map(prev).set(page, r.rows));
      });
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

  const onKey = (e: React.KeyboardEvent): void => {
    if (total === undefined || total === 0) return;
    const move = (to: number): void => {
      const c = Math.max(0, Math.min(total - 1, to));
      setCursor(c);
      const el = scroller.current;
      if (el) {
        if (c * ROW < el.scrollTop) el.scrollTop = c * ROW;
        else if ((c + 1) * ROW > el.scrollTop + el.clientHeight - ROW) el.scrollTop = (c + 2) * ROW - el.clientHeight;
      }
    };
    if (e.key === 'ArrowDown' || e.key === 'j') move(cursor + 1);
    else if (e.key === 'ArrowUp' || e.key === 'k') move(cursor - 1);
    else if (e.key === 'PageDown') move(cursor + Math.floor(height / ROW));
    else if (e.key === 'PageUp') move(cursor - Math.floor(height / ROW));
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(total - 1);
    else if (e.key === ' ' || e.key === 'x') select(cursor, e, true);
    else if (e.key === 'Enter') {
      const r = rowAt(cursor);
      if (r) p.onOpen?.(r);
    } else return;
    e.preventDefault();
  };

  const gridTemplate = useMemo(() => `${p.onSelect ? '34px ' : ''}${p.columns.map((c) => `${c.width}px`).join(' ')}`, [p.columns, p.onSelect]);
  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    const row = rowAt(i);
    const isSelected = !!row && !!p.selected?.has(row.id);
    rows.push(
      <div
        key={i}
        role="row"
        aria-rowindex={i + 2}
        aria-selected={isSelected}
        className={`vt-row${isSelected ? ' selected' : ''}${i === cursor ? ' cursor' : ''}`}
        style={{ top: i * ROW, gridTemplateColumns: gridTemplate }}
        data-testid={row ? `row-${row.id}` : undefined}
        onClick={(e) => {
          setCursor(i);
          if (e.shiftKey || e.metaKey || e.ctrlKey) select(i, e, false);
          else if (row) p.onOpen?.(row);
        }}
      >
        {p.onSelect && (
          <span role="gridcell" className="vt-check" onClick={(e) => e.stopPropagation()}>
            <input type="checkbox" aria-label="Select row" checked={isSelected} onChange={() => undefined} onClick={(e) => { setCursor(i); select(i, e, true); }} />
          </span>
        )}
        {row
          ? p.columns.map((c) => (
              <span role="gridcell" key={c.key} className="vt-cell">
                {c.render(row)}
              </span>
            ))
          : <span className="vt-cell muted">Loading…</span>}
      </div>,
    );
  }

  return (
    <div className="vt" role="grid" aria-rowcount={(total ?? 0) + 1} data-testid={p.testId} tabIndex={0} onKeyDown={onKey}>
      <div className="vt-head" role="row" style={{ gridTemplateColumns: gridTemplate }}>
        {p.onSelect && <span />}
        {p.columns.map((c) => (
          <span key={c.key} role="columnheader" aria-sort={p.sort?.field === c.key ? (p.sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
            {c.sortable && p.onSort ? (
              <button type="button" className="linkish" onClick={() => p.onSort?.(c.key)}>
                {c.label}
                {p.sort?.field === c.key ? (p.sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
              </button>
            ) : (
              c.label
            )}
          </span>
        ))}
      </div>
      <div className="vt-body" ref={scroller} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
        {total === 0 ? (
          <div className="empty-inline">{p.emptyText}</div>
        ) : (
          <div style={{ height: (total ?? 0) * ROW, position: 'relative' }}>{rows}</div>
        )}
      </div>
      <div className="vt-foot" aria-live="polite" data-testid={p.testId ? `${p.testId}-count` : undefined}>
        {total === undefined ? 'Loading…' : `${total.toLocaleString('en-US')} ${total === 1 ? 'row' : 'rows'}`}
        {p.selected?.size ? ` · ${p.selected.size.toLocaleString('en-US')} selected` : ''}
      </div>
    </div>
  );
};
