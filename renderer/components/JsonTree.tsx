import type { ReactNode } from 'react';
import { useState } from 'react';
import { displayText } from '../app/format';

/** The original record as a collapsible tree. Keys and values are rendered as text (hostile content stays inert). */
export const JsonTree = ({ value, name, depth = 0 }: { value: unknown; name?: string; depth?: number }): ReactNode => {
  const [open, setOpen] = useState(depth < 2);
  const label = name !== undefined ? <span className="json-key">{displayText(name, 200)}: </span> : null;
  if (value === null || typeof value !== 'object') {
    return (
      <div className="json-leaf">
        {label}
        <span className={`json-${value === null ? 'null' : typeof value}`}>{typeof value === 'string' ? `"${displayText(value, 2000)}"` : String(value)}</span>
      </div>
    );
  }
  const entries = Array.isArray(value) ? (value as unknown[]).map((v, i) => [String(i), v] as const) : Object.entries(value as Record<string, unknown>);
  return (
    <div className="json-node">
      <button type="button" className="json-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? '▾' : '▸'} {label}
        <span className="muted">{Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`}</span>
      </button>
      {open && depth < 64 && (
        <div className="json-children">
          {entries.slice(0, 500).map(([k, v]) => (
            <JsonTree key={k} name={k} value={v} depth={depth + 1} />
          ))}
          {entries.length > 500 && <div className="muted">…{entries.length - 500} more</div>}
        </div>
      )}
    </div>
  );
};
