import type { ReactNode } from 'react';
import { useState } from 'react';
import type { GraphNode } from './graph-model';
import { typeLabel } from './graph-model';
import { nodeLabel } from './GraphCanvas';
import type { Point } from './graph-layout';

type Props = {
  nodes: readonly GraphNode[];
  positions: Map<string, Point> | undefined;
  onActivate: (id: string, shift: boolean) => void;
  onFocusNode: (id: string | undefined) => void;
};

/**
 * The graph for the keyboard and screen readers: one tab stop, arrow keys move, Enter opens (Shift+Enter picks a
 * path end). Each item carries its node's on-screen position, so a test can click the real canvas at that spot.
 */
export const GraphNodeList = ({ nodes, positions, onActivate, onFocusNode }: Props): ReactNode => {
  const [active, setActive] = useState(0);
  const focusAt = (i: number, list: HTMLElement): void => {
    const n = Math.max(0, Math.min(nodes.length - 1, i));
    setActive(n);
    list.querySelectorAll<HTMLButtonElement>('button')[n]?.focus();
  };
  return (
    <ul
      className="graph-node-list"
      aria-label="Graph nodes"
      data-testid="graph-nodes"
      onKeyDown={(e) => {
        if (e.key === 'ArrowDown' || e.key === 'ArrowRight') focusAt(active + 1, e.currentTarget);
        else if (e.key === 'ArrowUp' || e.key === 'ArrowLeft') focusAt(active - 1, e.currentTarget);
        else if (e.key === 'Home') focusAt(0, e.currentTarget);
        else if (e.key === 'End') focusAt(nodes.length - 1, e.currentTarget);
        else return;
        e.preventDefault();
      }}
    >
      {nodes.map((n, i) => {
        const pos = positions?.get(n.id);
        return (
          <li key={n.id}>
            <button
              type="button"
              tabIndex={i === active ? 0 : -1}
              data-node-id={n.id}
              data-kind={n.kind}
              data-type={n.type}
              data-x={pos ? Math.round(pos.x) : undefined}
              data-y={pos ? Math.round(pos.y) : undefined}
              onFocus={() => (setActive(i), onFocusNode(n.id))}
              onBlur={() => onFocusNode(undefined)}
              onClick={(e) => onActivate(n.id, e.shiftKey)}
            >
              {n.kind === 'group' ? nodeLabel(n) : `${typeLabel(n.type)}: ${nodeLabel(n)}`}
            </button>
          </li>
        );
      })}
    </ul>
  );
};
