// Cytoscape look: a colour and a white glyph per entity type, severity colours for alerts, theme-aware text.
// Icons are our own constant SVGs as data: URIs (CSP allows img-src data:); no alert text ever goes into them.
import type { StylesheetJson } from 'cytoscape';
import type { EntityType, Severity } from '#shared/model/index';

export type NodeType = EntityType | 'alert';

export const TYPE_COLOR: Readonly<Record<NodeType, string>> = {
  alert: '#7a7f87',
  device: '#2f6fd6',
  account: '#8a4fd0',
  mailbox: '#b0479e',
  mailMessage: '#c2577f',
  process: '#1f8a70',
  file: '#4d7c0f',
  registryKey: '#8c6d1f',
  registryValue: '#a07a2a',
  cloudApplication: '#495057',
  cloudResource: '#6c757d',
  // Network evidence in blues and cyans, away from the severity colours (green, amber, red) that alerts use.
  ip: '#1098ad',
  domain: '#0b7285',
  url: '#4263eb',
  dnsQuery: '#5f3dc4',
};

const S = 'fill="none" stroke="#fff" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"';
const GLYPH: Readonly<Record<NodeType | 'group', string>> = {
  alert: `<path d="M12 3L22 20H2z" ${S}/><path d="M12 9v5M12 17v.01" ${S}/>`,
  device: `<rect x="3" y="4" width="18" height="12" rx="1.5" ${S}/><path d="M8 20h8M12 16v4" ${S}/>`,
  account: '<circle cx="12" cy="8" r="4" fill="#fff"/><path d="M4 21c0-4.4 3.6-7 8-7s8 2.6 8 7z" fill="#fff"/>',
  mailbox: `<rect x="3" y="5" width="18" height="14" rx="1.5" ${S}/><path d="M3 7l9 6 9-6" ${S}/>`,
  mailMessage: `<path d="M3 9l9-6 9 6v11H3z" ${S}/><path d="M3 9l9 6 9-6" ${S}/>`,
  process: `<rect x="2" y="4" width="20" height="16" rx="2" ${S}/><path d="M6 9l3 3-3 3M11 15h6" ${S}/>`,
  file: `<path d="M6 2h8l5 5v15H6z" ${S}/><path d="M14 2v5h5" ${S}/>`,
  registryKey: `<path d="M12 2l9 5v10l-9 5-9-5V7z" ${S}/><path d="M3 7l9 5 9-5M12 12v10" ${S}/>`,
  registryValue: `<path d="M4 5h16M4 10h16M4 15h10M4 20h6" ${S}/>`,
  cloudApplication: `<rect x="3" y="3" width="7" height="7" rx="1" ${S}/><rect x="14" y="3" width="7" height="7" rx="1" ${S}/><rect x="3" y="14" width="7" height="7" rx="1" ${S}/><rect x="14" y="14" width="7" height="7" rx="1" ${S}/>`,
  cloudResource: `<path d="M7 19h10a4.5 4.5 0 0 0 .6-9A6 6 0 0 0 6 10.5 4.3 4.3 0 0 0 7 19z" ${S}/>`,
  ip: `<circle cx="6" cy="12" r="2.6" ${S}/><circle cx="18" cy="6" r="2.6" ${S}/><circle cx="18" cy="18" r="2.6" ${S}/><path d="M8.3 10.8l7.4-3.6M8.3 13.2l7.4 3.6" ${S}/>`,
  domain: `<circle cx="12" cy="12" r="9" ${S}/><path d="M3 12h18M12 3c3 3.5 3 14.5 0 18M12 3c-3 3.5-3 14.5 0 18" ${S}/>`,
  url: `<path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1" ${S}/>`,
  dnsQuery: `<circle cx="10" cy="10" r="6" ${S}/><path d="M15 15l6 6" ${S}/>`,
  group: `<path d="M12 3l9 4.5-9 4.5-9-4.5z" ${S}/><path d="M3 12l9 4.5 9-4.5M3 16.5l9 4.5 9-4.5" ${S}/>`,
};

const iconCache = new Map<string, string>();
export const iconFor = (type: NodeType | 'group'): string => {
  let uri = iconCache.get(type);
  if (!uri) {
    uri = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="24" height="24">${GLYPH[type]}</svg>`)}`;
    iconCache.set(type, uri);
  }
  return uri;
};

export type GraphColors = {
  text: string;
  textBackground: string;
  edge: string;
  relation: string;
  accent: string;
  focus: string;
  severity: Record<Severity, string>;
};

const cssVar = (style: CSSStyleDeclaration, name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;

/** Colours from the current theme's CSS variables. */
export const readColors = (): GraphColors => {
  const s = getComputedStyle(document.documentElement);
  return {
    text: cssVar(s, '--text', '#1b1f24'),
    textBackground: cssVar(s, '--panel', '#ffffff'),
    edge: cssVar(s, '--graph-edge', '#9aa5b4'),
    relation: cssVar(s, '--graph-relation', '#7c5cc4'),
    accent: cssVar(s, '--accent', '#2f5fd0'),
    focus: cssVar(s, '--focus', '#ffb020'),
    severity: {
      informational: cssVar(s, '--sev-informational', '#6b7785'),
      low: cssVar(s, '--sev-low', '#2f7d4f'),
      medium: cssVar(s, '--sev-medium', '#b26b00'),
      high: cssVar(s, '--sev-high', '#c4351d'),
      critical: cssVar(s, '--sev-critical', '#8a1538'),
    },
  };
};

export const graphStyle = (c: GraphColors): StylesheetJson => [
  {
    selector: 'node',
    style: {
      'background-color': 'data(color)',
      'background-image': 'data(icon)',
      'background-fit': 'none',
      'background-width': '58%',
      'background-height': '58%',
      'background-clip': 'none',
      width: 30,
      height: 30,
      label: 'data(label)',
      color: c.text,
      'font-size': 11,
      'text-valign': 'bottom',
      'text-margin-y': 4,
      'text-wrap': 'ellipsis',
      'text-max-width': '100px',
      'text-background-color': c.textBackground,
      'text-background-opacity': 0.85,
      'text-background-padding': '2px',
      'text-background-shape': 'roundrectangle',
      'min-zoomed-font-size': 7,
      'border-width': 0,
      'overlay-opacity': 0,
    },
  },
  { selector: 'node[kind = "alert"]', style: { shape: 'round-rectangle', width: 36, height: 36 } },
  { selector: 'node[kind = "group"]', style: { shape: 'round-rectangle', width: 46, height: 46, 'border-width': 4, 'border-style': 'double', 'border-color': c.text, 'font-weight': 'bold' } },
  { selector: 'node[?noise]', style: { opacity: 0.55, 'border-width': 2, 'border-style': 'dashed', 'border-color': c.text } },
  {
    selector: 'edge',
    style: {
      width: 1.3,
      'line-color': c.edge,
      'target-arrow-color': c.edge,
      'target-arrow-shape': 'triangle',
      'arrow-scale': 0.7,
      'curve-style': 'bezier',
      label: 'data(label)',
      'font-size': 9,
      color: c.text,
      'text-rotation': 'autorotate',
      'text-background-color': c.textBackground,
      'text-background-opacity': 0.85,
      'text-background-padding': '1px',
      'min-zoomed-font-size': 9,
      'text-opacity': 0.8,
      'overlay-opacity': 0,
    },
  },
  { selector: 'edge[kind = "relation"]', style: { 'line-color': c.relation, 'target-arrow-color': c.relation, width: 1.8 } },
  { selector: '.faded', style: { opacity: 0.15, 'text-opacity': 0.15 } },
  { selector: 'node.highlight', style: { 'border-width': 4, 'border-color': c.accent, 'border-style': 'solid', opacity: 1 } },
  { selector: 'node.focused', style: { 'border-width': 4, 'border-color': c.focus, 'border-style': 'solid' } },
  { selector: 'node.path', style: { 'border-width': 4, 'border-color': c.focus, 'border-style': 'solid', opacity: 1 } },
  { selector: 'edge.path', style: { width: 4, 'line-color': c.focus, 'target-arrow-color': c.focus, opacity: 1, 'z-index': 10 } },
  { selector: 'node.path-start', style: { 'border-width': 5, 'border-color': c.focus, 'border-style': 'double' } },
];
