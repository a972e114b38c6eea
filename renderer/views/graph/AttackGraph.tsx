import type { ReactNode } from 'react';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Core } from 'cytoscape';
import type { IncidentDetail } from '#shared/engine/api';
import { sortTactics, tacticName } from '#shared/model/index';
import { formatCount, plural } from '../../app/format';
import { errorText, useWorkspace } from '../../app/workspace';
import { UNMAPPED, buildGraph, findPath, nodesOfAlerts } from './graph-model';
import { COLUMN_GAP, killChainLayout } from './graph-layout';
import { GraphCanvas } from './GraphCanvas';
import type { LayoutKind, Viewport } from './GraphCanvas';
import { GraphToolbar } from './GraphToolbar';
import { GraphTooltip } from './GraphTooltip';
import { GraphNodeList } from './GraphNodeList';
import { exportPng, exportSvg } from './graph-export';
import { registerGraphSnapshot } from './graph-snapshot';

type Props = {
  detail: IncidentDetail;
  timeRange: readonly [number, number] | undefined;
  onClearTimeRange: () => void;
  /** Alerts selected elsewhere (the timeline): their nodes are highlighted. */
  selectedAlerts: ReadonlySet<string>;
  onSelectAlerts: (ids: string[]) => void;
  onOpenEntity: (key: string) => void;
  onOpenAlert: (id: string) => void;
  themeKey: string;
};

/** The attack-story graph: toolbar, Cytoscape canvas, hover details, path finding, export. */
export const AttackGraph = ({ detail, timeRange, onClearTimeRange, selectedAlerts, onSelectAlerts, onOpenEntity, onOpenAlert, themeKey }: Props): ReactNode => {
  const { platform, notify } = useWorkspace();
  const [layout, setLayout] = useState<LayoutKind>('killchain');
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [tactics, setTactics] = useState<string[]>([]);
  const [hideNoise, setHideNoise] = useState(false);
  const [pathMode, setPathMode] = useState(false);
  const [pathStart, setPathStart] = useState<string | undefined>(undefined);
  const [path, setPath] = useState<{ nodes: string[]; edges: string[] } | null | undefined>(undefined);
  const [hover, setHover] = useState<string | undefined>(undefined);
  const [focused, setFocused] = useState<string | undefined>(undefined);
  const [viewport, setViewport] = useState<Viewport | undefined>(undefined);
  const [renderMs, setRenderMs] = useState<number | undefined>(undefined);
  const cy = useRef<Core | undefined>(undefined);
  const lastTapped = useRef<string | undefined>(undefined);
  // Reports of this incident include the graph as drawn here.
  const incidentKey = detail.incident.id;
  useEffect(() => registerGraphSnapshot(incidentKey, () => (cy.current ? exportPng(cy.current) : undefined)), [incidentKey]);

  const model = useMemo(() => buildGraph(detail, { expanded, tactics: new Set(tactics), timeRange, hideNoise }), [detail, expanded, tactics, timeRange, hideNoise]);
  const byId = useMemo(() => new Map(model.nodes.map((n) => [n.id, n])), [model]);
  const stage = useRef<HTMLDivElement>(null);
  // The stage's shape decides the kill-chain columns. Measured before the first paint (the canvas mounts once it
  // is known), so a graph is laid out and drawn once on mount, not for a default shape and again at its size.
  const [aspect, setAspect] = useState<number | undefined>(undefined);
  useLayoutEffect(() => {
    const el = stage.current;
    if (!el) return undefined;
    const measure = (): number | undefined => (el.clientHeight > 0 ? Math.round((el.clientWidth / el.clientHeight) * 5) / 5 : undefined);
    setAspect(measure() ?? 1.4);
    const ro = new ResizeObserver(() => {
      const a = measure();
      if (a !== undefined) setAspect(a);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const killChain = useMemo(() => (layout === 'killchain' && aspect !== undefined ? killChainLayout(model, aspect) : undefined), [model, layout, aspect]);
  const highlight = useMemo(() => (selectedAlerts.size ? nodesOfAlerts(model, selectedAlerts) : new Set<string>()), [model, selectedAlerts]);
  useEffect(() => {
    setPath(undefined);
    setPathStart(undefined);
    setHover(undefined);
  }, [model, layout]);

  const tacticOptions = useMemo(() => {
    const present = sortTactics(detail.alerts.flatMap((a) => a.tactics));
    const opts = present.map((t) => ({ value: t, label: tacticName(t) }));
    return detail.alerts.some((a) => a.tactics.length === 0) ? [...opts, { value: UNMAPPED, label: 'Unmapped' }] : opts;
  }, [detail.alerts]);

  const onTap = useCallback(
    (id: string, shift: boolean) => {
      const node = byId.get(id);
      if (!node) return;
      const start = pathStart ?? (shift ? lastTapped.current : undefined);
      if (pathMode || shift) {
        if (!start || start === id) {
          setPathStart(id);
          setPath(undefined);
          return;
        }
        const found = findPath(model, start, id);
        setPath(found ?? null);
        setPathStart(undefined);
        return;
      }
      lastTapped.current = id;
      setPath(undefined);
      if (node.kind === 'group') {
        setExpanded((s) => new Set(s).add(id));
        notify(`Expanded ${plural(node.count, node.type === 'alert' ? 'alert' : 'node')}.`);
      } else if (node.kind === 'entity' && node.entityKey) {
        onSelectAlerts(node.alertIds);
        onOpenEntity(node.entityKey);
      } else if (node.alertIds[0]) {
        onSelectAlerts(node.alertIds);
        onOpenAlert(node.alertIds[0]);
      }
    },
    [byId, model, pathMode, pathStart, notify, onSelectAlerts, onOpenEntity, onOpenAlert],
  );

  const doExport = (kind: 'png' | 'svg'): void => {
    const c = cy.current;
    if (!c) return;
    try {
      const name = `${detail.incident.id}-attack-story.${kind}`;
      const blob = kind === 'png' ? exportPng(c) : exportSvg(c, model, `${detail.incident.customTitle ?? detail.incident.title} (${detail.incident.id})`);
      void platform.saveFile(name, blob).then((saved) => saved && notify(`Saved ${saved}.`));
    } catch (e) {
      notify(errorText(e), 'error');
    }
  };

  const shownId = hover ?? focused;
  const shown = shownId ? byId.get(shownId) : undefined;
  const shownPos = shownId && cy.current ? cy.current.getElementById(shownId).renderedPosition() : undefined;
  const status =
    path === null ? 'These two nodes are not connected.' : path ? `Path: ${plural(path.edges.length, 'step')}.` : pathStart ? 'Now pick the second node.' : pathMode ? 'Pick the first node of the path.' : undefined;

  return (
    <div className="graph-panel" data-testid="attack-graph" data-render-ms={renderMs === undefined ? undefined : Math.round(renderMs)} data-node-count={model.nodes.length}>
      <GraphToolbar
        layout={layout}
        onLayout={setLayout}
        tacticOptions={tacticOptions}
        tactics={tactics}
        onTactics={setTactics}
        timeRange={timeRange}
        onClearTimeRange={onClearTimeRange}
        hideNoise={hideNoise}
        onHideNoise={setHideNoise}
        hasNoise={detail.entities.some((e) => e.noise)}
        pathMode={pathMode}
        onPathMode={(v) => (setPathMode(v), setPathStart(undefined), v || setPath(undefined))}
        expandedCount={expanded.size}
        onCollapseAll={() => setExpanded(new Set())}
        onFit={() => cy.current?.fit(undefined, 40)}
        onExport={doExport}
      />
      <div className="graph-stage" ref={stage}>
        {aspect !== undefined && (
          <GraphCanvas
            model={model}
            layout={layout}
            positions={killChain?.positions}
            themeKey={themeKey}
            highlight={highlight}
            path={path ?? undefined}
            pathStart={pathStart}
            focused={focused}
            onTap={onTap}
            onBackground={() => (setPath(undefined), setPathStart(undefined), onSelectAlerts([]))}
            onHover={setHover}
            onReady={(c) => (cy.current = c)}
            onViewport={setViewport}
            onRendered={setRenderMs}
          />
        )}
        {viewport && killChain && (
          <div className="graph-columns" aria-hidden="true">
            {killChain.columns.map((c) => {
              const width = Math.max(36, (c.width + COLUMN_GAP * 0.9) * viewport.zoom);
              return (
                <span key={c.rank} title={c.label} style={{ left: (c.x - COLUMN_GAP * 0.45) * viewport.zoom + viewport.pan.x, width }}>
                  {c.label}
                </span>
              );
            })}
          </div>
        )}
        {model.nodes.length === 0 && (
          <div className="graph-empty">
            {detail.alerts.length ? 'No alerts match the graph filters. Clear the tactic filter or the time window.' : 'This incident has no alerts.'}
          </div>
        )}
        {shown && shownPos && viewport && <GraphTooltip node={shown} x={shownPos.x} y={shownPos.y} width={viewport.width} />}
        <GraphNodeList nodes={model.nodes} positions={viewport?.positions} onActivate={onTap} onFocusNode={setFocused} />
      </div>
      <div className="graph-status" aria-live="polite">
        <span data-testid="graph-summary">
          {plural(model.alertCount, 'alert')}, {plural(model.entityCount, 'entity', 'entities')} in {formatCount(model.nodes.length)} nodes
        </span>
        {status && <span className="strong" data-testid="graph-path-status">{status}</span>}
        {renderMs !== undefined && <span className="muted">drawn in {Math.round(renderMs)} ms</span>}
      </div>
    </div>
  );
};
