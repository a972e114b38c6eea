// PNG from Cytoscape's own renderer; SVG built from the node positions with every label XML-escaped.
import type { Core } from 'cytoscape';
import type { GraphModel } from './graph-model';
import { readColors } from './graph-style';
import { buildSvg } from './graph-svg';
import type { SvgEdge, SvgNode } from './graph-svg';
import { nodeColor, nodeLabel } from './GraphCanvas';

const BADGE: Readonly<Record<string, string>> = {
  alert: '!', device: 'D', account: 'U', mailbox: 'M', mailMessage: 'E', process: 'P', file: 'F', registryKey: 'R', registryValue: 'R',
  cloudApplication: 'A', cloudResource: 'C', ip: 'IP', domain: 'DN', url: 'URL', dnsQuery: 'Q',
};

export const exportPng = (cy: Core): Blob => cy.png({ output: 'blob', full: true, scale: 2, bg: readColors().textBackground });

export const exportSvg = (cy: Core, model: GraphModel, title: string): Blob => {
  const c = readColors();
  const highlighted = new Set(cy.edges('.path').map((e) => e.id()));
  const nodes: SvgNode[] = model.nodes.map((n) => {
    const pos = cy.getElementById(n.id).position();
    return {
      id: n.id,
      position: { x: pos.x, y: pos.y },
      label: nodeLabel(n),
      color: nodeColor(n, c),
      shape: n.kind === 'entity' ? 'ellipse' : 'round-rectangle',
      size: n.kind === 'group' ? 46 : n.kind === 'alert' ? 34 : 30,
      badge: n.kind === 'group' ? String(n.count) : BADGE[n.type] ?? '',
    };
  });
  const edges: SvgEdge[] = model.edges.map((e) => ({
    source: e.source,
    target: e.target,
    label: e.count > 1 ? `${e.label} ×${e.count}` : e.label,
    color: e.kind === 'relation' ? c.relation : c.edge,
    highlighted: highlighted.has(e.id),
  }));
  return new Blob([buildSvg(nodes, edges, { background: c.textBackground, text: c.text, edge: c.edge }, title)], { type: 'image/svg+xml' });
};
