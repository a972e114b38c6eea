import type { ReactNode } from 'react';
import { useEffect, useRef } from 'react';
import cytoscape from 'cytoscape';
import type { Core, ElementDefinition, LayoutOptions, NodeSingular } from 'cytoscape';
import fcose from 'cytoscape-fcose';
import { displayText } from '../../app/format';
import type { GraphModel, GraphNode } from './graph-model';
import type { Point } from './graph-layout';
import { TYPE_COLOR, graphStyle, iconFor, readColors } from './graph-style';
import type { GraphColors } from './graph-style';

cytoscape.use(fcose);

export type LayoutKind = 'killchain' | 'fcose';
export type Viewport = { zoom: number; pan: Point; positions: Map<string, Point> | undefined; width: number; height: number };

type Props = {
  model: GraphModel;
  layout: LayoutKind;
  /** Kill-chain positions (computed by the panel, which also draws the column headers). */
  positions: Map<string, Point> | undefined;
  /** Changes with the theme: the style is rebuilt from the CSS variables. */
  themeKey: string;
  /** Node ids to highlight (the rest fade); empty: no highlight. */
  highlight: ReadonlySet<string>;
  path: { nodes: string[]; edges: string[] } | undefined;
  pathStart: string | undefined;
  focused: string | undefined;
  onTap: (id: string, shift: boolean) => void;
  onBackground: () => void;
  onHover: (id: string | undefined) => void;
  onReady: (cy: Core | undefined) => void;
  onViewport: (v: Viewport) => void;
  onRendered: (ms: number) => void;
};

/** Rendered positions are reported for small graphs only (the keyboard node list and tests use them). */
const REPORT_POSITIONS_UP_TO = 400;

export const nodeLabel = (n: GraphNode): string =>
  n.kind === 'group' && n.type === 'alert' ? `${n.count} × ${displayText(n.value, 50)}` : displayText(n.value, 60);

export const nodeColor = (n: GraphNode, c: GraphColors): string => (n.type === 'alert' ? c.severity[n.severity ?? 'informational'] : TYPE_COLOR[n.type]);

/** Nodes are added at their kill-chain positions when given (one pass, no position events for each node). */
const elementsOf = (model: GraphModel, c: GraphColors, positions: Map<string, Point> | undefined): ElementDefinition[] => [
  ...model.nodes.map((n) => ({
    group: 'nodes' as const,
    data: { id: n.id, label: nodeLabel(n), kind: n.kind, type: n.type, color: nodeColor(n, c), icon: iconFor(n.kind === 'group' && n.type !== 'alert' ? 'group' : n.type), noise: !!n.noise },
    position: { ...(positions?.get(n.id) ?? { x: 0, y: 0 }) },
  })),
  ...model.edges.map((e) => ({
    group: 'edges' as const,
    data: { id: e.id, source: e.source, target: e.target, kind: e.kind, label: e.count > 1 ? `${displayText(e.label, 40)} ×${e.count}` : displayText(e.label, 40) },
  })),
];

/** Cytoscape mounted into a ref; the model in, taps and hovers out. */
export const GraphCanvas = (p: Props): ReactNode => {
  const box = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | undefined>(undefined);
  const handlers = useRef(p);
  handlers.current = p;

  const report = (): void => {
    const cy = cyRef.current;
    if (!cy) return;
    const small = cy.nodes().length <= REPORT_POSITIONS_UP_TO;
    handlers.current.onViewport({
      zoom: cy.zoom(),
      pan: { ...cy.pan() },
      positions: small ? new Map(cy.nodes().map((n) => [n.id(), { ...n.renderedPosition() }])) : undefined,
      width: cy.width(),
      height: cy.height(),
    });
  };

  useEffect(() => {
    if (!box.current) return undefined;
    const cy = cytoscape({ container: box.current, style: graphStyle(readColors()), minZoom: 0.05, maxZoom: 4, boxSelectionEnabled: false, selectionType: 'single' });
    cyRef.current = cy;
    let frame = 0;
    const schedule = (): void => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(report);
    };
    cy.on('tap', 'node', (e) => handlers.current.onTap((e.target as NodeSingular).id(), !!(e.originalEvent as MouseEvent | undefined)?.shiftKey));
    cy.on('tap', (e) => e.target === cy && handlers.current.onBackground());
    cy.on('mouseover', 'node', (e) => handlers.current.onHover((e.target as NodeSingular).id()));
    cy.on('mouseout', 'node', () => handlers.current.onHover(undefined));
    cy.on('viewport resize', schedule);
    cy.on('position', 'node', schedule);
    handlers.current.onReady(cy);
    return () => {
      cancelAnimationFrame(frame);
      handlers.current.onReady(undefined);
      cy.destroy();
      cyRef.current = undefined;
    };
  }, []);

  useEffect(() => {
    cyRef.current?.style(graphStyle(readColors()));
  }, [p.themeKey]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    const t0 = performance.now();
    const colors = readColors();
    const preset = p.layout === 'killchain' ? p.positions : undefined;
    cy.batch(() => {
      cy.elements().remove();
      cy.add(elementsOf(p.model, colors, preset));
    });
    if (preset) {
      cy.fit(undefined, 40);
    } else {
      // Draft quality on big graphs (default quality on 2,000 nodes blocks for ~14 s, draft ~0.7 s).
      const big = p.model.nodes.length > 300;
      cy.layout({
        name: 'fcose',
        quality: big ? 'draft' : 'default',
        randomize: true,
        animate: false,
        fit: true,
        padding: 40,
        nodeDimensionsIncludeLabels: !big,
        nodeRepulsion: 60_000,
        idealEdgeLength: 110,
        edgeElasticity: 0.3,
        nodeSeparation: 110,
        gravity: 0.2,
        numIter: big ? 1500 : 2500,
      } as LayoutOptions).run();
    }
    if (cy.zoom() > 1.3) {
      cy.zoom(1.3);
      cy.center();
    }
    requestAnimationFrame(() => {
      handlers.current.onRendered(performance.now() - t0);
      report();
    });
  }, [p.model, p.layout, p.positions]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.batch(() => {
      cy.elements().removeClass('faded highlight path path-start focused');
      if (p.path) {
        cy.elements().addClass('faded');
        for (const id of [...p.path.nodes, ...p.path.edges]) cy.getElementById(id).removeClass('faded').addClass('path');
      } else if (p.highlight.size) {
        cy.elements().addClass('faded');
        cy.nodes().forEach((n) => {
          if (p.highlight.has(n.id())) n.removeClass('faded').addClass('highlight');
        });
        cy.edges().forEach((e) => {
          if (p.highlight.has(e.source().id()) && p.highlight.has(e.target().id())) e.removeClass('faded');
        });
      }
      if (p.pathStart) cy.getElementById(p.pathStart).addClass('path-start');
      if (p.focused) cy.getElementById(p.focused).addClass('focused');
    });
  }, [p.model, p.highlight, p.path, p.pathStart, p.focused]);

  return <div ref={box} className="graph-canvas" data-testid="graph-canvas" />;
};
