import type { PointerEvent as ReactPointerEvent, ReactNode } from 'react';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { AlertRow } from '#shared/engine/api';
import { SEVERITY_LABEL, displayText, formatTime, getTimeMode } from '../../app/format';
import type { Domain } from './timeline-model';
import { LANES, binPoints, panDomain, scale, timeExtent, timeTicks, timelinePoints, zoomDomain } from './timeline-model';

type Props = {
  alerts: readonly AlertRow[];
  selectedAlerts: ReadonlySet<string>;
  range: Domain | undefined;
  onRange: (r: Domain | undefined) => void;
  onOpenAlert: (id: string) => void;
  onSelectAlerts: (ids: string[]) => void;
};

const LABEL_W = 132;
const AXIS_H = 26;
const LANE_H = 22;
const BIN_OVER = 1500;

/** Alerts on a time axis, one lane per ATT&CK tactic in kill-chain order; wheel zooms, drag brushes a range. */
export const Timeline = ({ alerts, selectedAlerts, range, onRange, onOpenAlert, onSelectAlerts }: Props): ReactNode => {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<SVGSVGElement>(null);
  const [width, setWidth] = useState(480);
  const extent = useMemo(() => timeExtent(alerts), [alerts]);
  const [domain, setDomain] = useState<Domain>(extent);
  const [drag, setDrag] = useState<{ x0: number; x1: number } | undefined>(undefined);
  useEffect(() => setDomain(extent), [extent]);
  useEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    setWidth(el.clientWidth);
    return () => ro.disconnect();
  }, []);

  const plotW = Math.max(120, width - LABEL_W - 8);
  const s = useMemo(() => scale(domain, plotW), [domain, plotW]);
  const points = useMemo(() => timelinePoints(alerts), [alerts]);
  const visible = useMemo(() => points.filter((p) => p.time >= domain[0] && p.time <= domain[1]), [points, domain]);
  const bins = useMemo(() => (visible.length > BIN_OVER ? binPoints(visible, s.toX, 6) : undefined), [visible, s]);
  const used = useMemo(() => new Set(points.map((p) => p.lane)), [points]);
  const ticks = useMemo(() => timeTicks(domain, Math.max(2, Math.floor(plotW / 64)), getTimeMode() === 'utc'), [domain, plotW]);
  const height = AXIS_H + LANES.length * LANE_H + 4;

  // Wheel zoom needs a non-passive listener to keep the page from scrolling.
  const view = useRef({ domain, extent, s });
  view.current = { domain, extent, s };
  useEffect(() => {
    const el = plot.current;
    if (!el) return undefined;
    const onWheel = (e: WheelEvent): void => {
      const { domain: d, extent: lim, s: sc } = view.current;
      const x = e.clientX - el.getBoundingClientRect().left - LABEL_W;
      if (x < 0) return;
      e.preventDefault();
      if (Math.abs(e.deltaX) > Math.abs(e.deltaY)) setDomain(panDomain(d, (e.deltaX / plotW) * (d[1] - d[0]), lim));
      else setDomain(zoomDomain(d, sc.toTime(x), e.deltaY > 0 ? 1.25 : 0.8, lim));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [plotW]);

  const xOf = (e: ReactPointerEvent): number => Math.max(0, Math.min(plotW, e.clientX - (plot.current?.getBoundingClientRect().left ?? 0) - LABEL_W));
  const zoom = (f: number): void => setDomain(zoomDomain(domain, (domain[0] + domain[1]) / 2, f, extent));
  const pan = (f: number): void => setDomain(panDomain(domain, f * (domain[1] - domain[0]), extent));
  const brush = range ? [s.toX(range[0]), s.toX(range[1])] : undefined;

  return (
    <div className="timeline" ref={box} data-testid="timeline">
      <div className="timeline-toolbar" role="toolbar" aria-label="Timeline">
        <button type="button" onClick={() => zoom(0.5)} aria-label="Zoom in" title="Zoom in (or use the mouse wheel)">+</button>
        <button type="button" onClick={() => zoom(2)} aria-label="Zoom out" title="Zoom out">−</button>
        <button type="button" onClick={() => pan(-0.3)} aria-label="Earlier">◀</button>
        <button type="button" onClick={() => pan(0.3)} aria-label="Later">▶</button>
        <button type="button" onClick={() => setDomain(extent)} data-testid="timeline-reset">All</button>
        {range && (
          <>
            <button type="button" onClick={() => setDomain(zoomDomain(range, (range[0] + range[1]) / 2, 1.1, extent))}>Zoom to range</button>
            <button type="button" onClick={() => onRange(undefined)} data-testid="timeline-clear-range">Clear range</button>
          </>
        )}
        <span className="muted small timeline-hint">{range ? `${formatTime(range[0])} – ${formatTime(range[1])}` : 'Drag across the lanes to pick a time range'}</span>
      </div>
      <div className="timeline-scroll">
        <svg
          ref={plot}
          width={width - 8}
          height={height}
          role="img"
          aria-label={`Timeline of ${alerts.length} alerts by tactic`}
          tabIndex={0}
          onKeyDown={(e) => {
            if (e.key === '+' || e.key === '=') zoom(0.5);
            else if (e.key === '-') zoom(2);
            else if (e.key === 'ArrowLeft') pan(-0.2);
            else if (e.key === 'ArrowRight') pan(0.2);
            else if (e.key === 'Escape') onRange(undefined);
            else return;
            e.preventDefault();
          }}
        >
          <g transform={`translate(${LABEL_W},0)`}>
            {ticks.ticks.map((t) => (
              <g key={t.t} transform={`translate(${s.toX(t.t)},0)`}>
                <line y1={AXIS_H - 4} y2={height} className="tl-grid" />
                <text y={AXIS_H - 9} className="tl-tick" textAnchor="middle">{t.label}</text>
              </g>
            ))}
          </g>
          {LANES.map((l, i) => (
            <g key={l.id} transform={`translate(0,${AXIS_H + i * LANE_H})`} data-testid="timeline-lane" data-lane={l.id}>
              <rect x={0} width={width} height={LANE_H} className={i % 2 ? 'tl-lane odd' : 'tl-lane'} />
              <text x={6} y={LANE_H / 2 + 4} className={used.has(i) ? 'tl-label' : 'tl-label empty'}>{l.name}</text>
            </g>
          ))}
          <g
            transform={`translate(${LABEL_W},0)`}
            onPointerDown={(e) => {
              if ((e.target as Element).closest('.tl-dot')) return;
              e.currentTarget.setPointerCapture(e.pointerId);
              const x = xOf(e);
              setDrag({ x0: x, x1: x });
            }}
            onPointerMove={(e) => drag && setDrag({ ...drag, x1: xOf(e) })}
            onPointerUp={() => {
              if (!drag) return;
              const [a, b] = drag.x0 < drag.x1 ? [drag.x0, drag.x1] : [drag.x1, drag.x0];
              setDrag(undefined);
              if (b - a < 4) {
                onRange(undefined);
                onSelectAlerts([]);
              } else onRange([s.toTime(a), s.toTime(b)]);
            }}
            data-testid="timeline-plot"
          >
            <rect x={0} y={AXIS_H} width={plotW} height={height - AXIS_H} className="tl-hit" />
            {brush && <rect x={brush[0]} y={AXIS_H} width={Math.max(2, brush[1] - brush[0])} height={height - AXIS_H} className="tl-brush" data-testid="timeline-brush" />}
            {drag && <rect x={Math.min(drag.x0, drag.x1)} y={AXIS_H} width={Math.abs(drag.x1 - drag.x0)} height={height - AXIS_H} className="tl-brush live" />}
            {bins
              ? bins.map((b) => (
                  <rect key={`${b.lane}:${b.x}`} className={`tl-dot tl-bin sev-fill-${b.severity}`} x={b.x - 3} y={AXIS_H + b.lane * LANE_H + 4} width={6} height={LANE_H - 8} onClick={() => onSelectAlerts(b.alertIds)}>
                    <title>{`${b.count} alerts`}</title>
                  </rect>
                ))
              : visible.map((p) => {
                  const sel = selectedAlerts.has(p.alertId);
                  return (
                    <circle
                      key={`${p.alertId}:${p.lane}`}
                      className={`tl-dot sev-fill-${p.severity}${sel ? ' selected' : ''}`}
                      cx={s.toX(p.time)}
                      cy={AXIS_H + p.lane * LANE_H + LANE_H / 2}
                      r={sel ? 7 : 5}
                      data-alert-id={p.alertId}
                      data-testid="timeline-dot"
                      onClick={() => (onSelectAlerts([p.alertId]), onOpenAlert(p.alertId))}
                    >
                      <title>{`${displayText(p.title, 200)}\n${SEVERITY_LABEL[p.severity]} · ${formatTime(p.time)}`}</title>
                    </circle>
                  );
                })}
          </g>
        </svg>
      </div>
    </div>
  );
};
