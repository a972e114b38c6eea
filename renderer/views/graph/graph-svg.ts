// SVG export of the graph as drawn: built from node positions, every label XML-escaped (labels are alert text).
import type { Point } from './graph-layout';

export type SvgNode = { id: string; position: Point; label: string; color: string; shape: 'ellipse' | 'round-rectangle'; size: number; badge?: string };
export type SvgEdge = { source: string; target: string; label: string; color: string; highlighted?: boolean };
export type SvgTheme = { background: string; text: string; edge: string };

/** Escape for XML text and attribute values; characters XML cannot hold at all (C0 controls, lone surrogates, U+FFFE/F) become U+FFFD. */
export const xmlEscape = (s: string): string =>
  s
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);

const num = (n: number): string => (Number.isFinite(n) ? String(Math.round(n * 10) / 10) : '0');

/** A colour we put in the SVG must be one of ours (a CSS colour token), never arbitrary text. */
const safeColor = (c: string): string => (/^(#[0-9a-f]{3,8}|rgba?\([\d.,\s%]+\)|[a-z]+)$/i.test(c.trim()) ? c.trim() : '#888888');

export const buildSvg = (nodes: readonly SvgNode[], edges: readonly SvgEdge[], theme: SvgTheme, title: string): string => {
  const pos = new Map(nodes.map((n) => [n.id, n.position]));
  const pad = 80;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const n of nodes) {
    minX = Math.min(minX, n.position.x - n.size);
    maxX = Math.max(maxX, n.position.x + n.size);
    minY = Math.min(minY, n.position.y - n.size);
    maxY = Math.max(maxY, n.position.y + n.size + 24);
  }
  if (!nodes.length) [minX, minY, maxX, maxY] = [0, 0, 100, 100];
  const w = maxX - minX + 2 * pad;
  const h = maxY - minY + 2 * pad;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${num(w)}" height="${num(h)}" viewBox="${num(minX - pad)} ${num(minY - pad)} ${num(w)} ${num(h)}" font-family="sans-serif">`);
  out.push(`<title>${xmlEscape(title)}</title>`);
  out.push(`<rect x="${num(minX - pad)}" y="${num(minY - pad)}" width="${num(w)}" height="${num(h)}" fill="${safeColor(theme.background)}"/>`);
  out.push('<g class="edges">');
  for (const e of edges) {
    const a = pos.get(e.source);
    const b = pos.get(e.target);
    if (!a || !b) continue;
    out.push(`<line x1="${num(a.x)}" y1="${num(a.y)}" x2="${num(b.x)}" y2="${num(b.y)}" stroke="${safeColor(e.color)}" stroke-width="${e.highlighted ? 3 : 1.2}"/>`);
    if (e.label) out.push(`<text x="${num((a.x + b.x) / 2)}" y="${num((a.y + b.y) / 2 - 3)}" font-size="9" text-anchor="middle" fill="${safeColor(theme.text)}" opacity="0.75">${xmlEscape(e.label)}</text>`);
  }
  out.push('</g><g class="nodes">');
  for (const n of nodes) {
    const { x, y } = n.position;
    const r = n.size / 2;
    out.push(
      n.shape === 'ellipse'
        ? `<circle cx="${num(x)}" cy="${num(y)}" r="${num(r)}" fill="${safeColor(n.color)}"/>`
        : `<rect x="${num(x - r)}" y="${num(y - r)}" width="${num(n.size)}" height="${num(n.size)}" rx="6" fill="${safeColor(n.color)}"/>`,
    );
    if (n.badge) out.push(`<text x="${num(x)}" y="${num(y + 4)}" font-size="11" font-weight="bold" text-anchor="middle" fill="#ffffff">${xmlEscape(n.badge)}</text>`);
    out.push(`<text x="${num(x)}" y="${num(y + r + 13)}" font-size="11" text-anchor="middle" fill="${safeColor(theme.text)}">${xmlEscape(n.label)}</text>`);
  }
  out.push('</g></svg>');
  return out.join('\n');
};
