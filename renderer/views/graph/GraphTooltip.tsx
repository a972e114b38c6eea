import type { ReactNode } from 'react';
import { SEVERITY_LABEL, displayText, formatTime, plural } from '../../app/format';
import type { GraphNode } from './graph-model';
import { typeLabel } from './graph-model';
import { rankLabel } from './graph-layout';

/** Hover details for a node, built as React text (never an HTML string: labels are alert content). */
export const GraphTooltip = ({ node, x, y, width }: { node: GraphNode; x: number; y: number; width: number }): ReactNode => {
  const left = Math.max(4, Math.min(x + 16, width - 316));
  return (
    <div className="graph-tooltip" role="tooltip" style={{ left, top: y + 18 }} data-testid="graph-tooltip">
      <div className="muted small">
        {node.kind === 'group' ? `Group of ${typeLabel(node.type, 2)}` : typeLabel(node.type)}
        {node.severity ? ` · ${SEVERITY_LABEL[node.severity]}` : ''}
      </div>
      <div className="tooltip-value" data-testid="graph-tooltip-value">{node.kind === 'group' && node.type !== 'alert' ? node.value : displayText(node.value, 300)}</div>
      {node.kind === 'group' && <div>{plural(node.count, node.type === 'alert' ? 'alert' : 'member')} · click to expand</div>}
      {node.kind === 'alert' && (
        <div>
          {formatTime(node.first)}
          {node.alertIds.length === 1 ? '' : ` · ${plural(node.alertIds.length, 'alert')}`}
        </div>
      )}
      {node.kind !== 'alert' && node.type !== 'alert' && (
        <div>
          Named by {plural(node.alertIds.length, 'alert')}
          {node.roles.filter((r) => r !== 'unknown').length ? ` · ${node.roles.filter((r) => r !== 'unknown').join(', ')}` : ''}
        </div>
      )}
      {node.type !== 'alert' && <div className="muted small">{formatTime(node.first)} – {formatTime(node.last)}</div>}
      {node.type === 'alert' && <div className="muted small">Tactic: {rankLabel(node.rank)}</div>}
      {node.noise && <div className="muted small">Treated as noise: {displayText(node.noise, 200)}</div>}
    </div>
  );
};
