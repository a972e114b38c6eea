import type { ReactNode } from 'react';
import { useCallback, useRef, useState } from 'react';
import { useDismiss } from '../../components/use-dismiss';
import { formatTime } from '../../app/format';

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
/** A datetime-local value read as UTC (the queue's times are UTC). */
const parseInput = (v: string): number | undefined => {
  const m = LOCAL.exec(v);
  if (!m) return undefined;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi);
};
const toInput = (t: number | undefined): string => (t === undefined ? '' : new Date(t).toISOString().slice(0, 16));

type Props = { from: number | undefined; to: number | undefined; onChange: (from: number | undefined, to: number | undefined) => void };

/** Time range filter: from/to in UTC. */
export const TimeRange = ({ from, to, onChange }: Props): ReactNode => {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useDismiss(root, open, useCallback(() => setOpen(false), []));
  const [a, setA] = useState(toInput(from));
  const [b, setB] = useState(toInput(to));
  const on = from !== undefined || to !== undefined;
  return (
    <div className="ms" ref={root}>
      <button type="button" className={`ms-button${on ? ' on' : ''}`} aria-expanded={open} onClick={() => (setA(toInput(from)), setB(toInput(to)), setOpen(!open))} data-testid="filter-time">
        Time{on ? `: ${from !== undefined ? formatTime(from).slice(0, 16) : '…'} – ${to !== undefined ? formatTime(to).slice(0, 16) : '…'}` : ''} <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <form
          className="ms-panel time-panel"
          onSubmit={(e) => {
            e.preventDefault();
            onChange(parseInput(a), parseInput(b));
            setOpen(false);
          }}
        >
          <label>
            From (UTC) <input type="datetime-local" value={a} onChange={(e) => setA(e.target.value)} data-testid="filter-time-from" />
          </label>
          <label>
            To (UTC) <input type="datetime-local" value={b} onChange={(e) => setB(e.target.value)} data-testid="filter-time-to" />
          </label>
          <div className="row-gap">
            <button type="submit" className="primary">Apply</button>
            <button type="button" onClick={() => (onChange(undefined, undefined), setOpen(false))}>Any time</button>
          </div>
        </form>
      )}
    </div>
  );
};
