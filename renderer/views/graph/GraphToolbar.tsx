import type { ReactNode } from 'react';
import { MultiSelect } from '../../components/MultiSelect';
import type { Option } from '../../components/MultiSelect';
import { formatTime } from '../../app/format';
import type { LayoutKind } from './GraphCanvas';

type Props = {
  layout: LayoutKind;
  onLayout: (l: LayoutKind) => void;
  tacticOptions: readonly Option[];
  tactics: readonly string[];
  onTactics: (t: string[]) => void;
  timeRange: readonly [number, number] | undefined;
  onClearTimeRange: () => void;
  hideNoise: boolean;
  onHideNoise: (v: boolean) => void;
  hasNoise: boolean;
  pathMode: boolean;
  onPathMode: (v: boolean) => void;
  expandedCount: number;
  onCollapseAll: () => void;
  onFit: () => void;
  onExport: (kind: 'png' | 'svg') => void;
};

export const GraphToolbar = (p: Props): ReactNode => (
  <div className="graph-toolbar" role="toolbar" aria-label="Graph">
    <span className="segmented" role="group" aria-label="Layout">
      <button type="button" aria-pressed={p.layout === 'killchain'} className={p.layout === 'killchain' ? 'on' : ''} onClick={() => p.onLayout('killchain')} data-testid="layout-killchain">
        Kill chain
      </button>
      <button type="button" aria-pressed={p.layout === 'fcose'} className={p.layout === 'fcose' ? 'on' : ''} onClick={() => p.onLayout('fcose')} data-testid="layout-fcose">
        Force
      </button>
    </span>
    <MultiSelect label="Tactics" options={p.tacticOptions} value={p.tactics} onChange={p.onTactics} testId="graph-tactics" />
    {p.timeRange && (
      <span className="chip on" data-testid="graph-time-filter" title={`Time window ${formatTime(p.timeRange[0])} – ${formatTime(p.timeRange[1])}`}>
        {formatTime(p.timeRange[0]).slice(11, 16)}–{formatTime(p.timeRange[1]).slice(11, 16)}
        <button type="button" className="tag-remove" aria-label="Clear time window" onClick={p.onClearTimeRange}>
          ✕
        </button>
      </span>
    )}
    {p.hasNoise && (
      <label className="check">
        <input type="checkbox" checked={p.hideNoise} onChange={(e) => p.onHideNoise(e.target.checked)} /> Hide noise
      </label>
    )}
    <button type="button" aria-pressed={p.pathMode} className={p.pathMode ? 'on' : ''} onClick={() => p.onPathMode(!p.pathMode)} title="Pick two nodes to highlight the path between them (or Shift-click a second node)" data-testid="graph-path">
      Path
    </button>
    {p.expandedCount > 0 && (
      <button type="button" onClick={p.onCollapseAll}>
        Collapse groups
      </button>
    )}
    <span className="spacer" />
    <button type="button" onClick={p.onFit} title="Fit the graph in view">
      Fit
    </button>
    <button type="button" onClick={() => p.onExport('png')} data-testid="export-png">
      PNG
    </button>
    <button type="button" onClick={() => p.onExport('svg')} data-testid="export-svg">
      SVG
    </button>
  </div>
);
