import type { ReactNode } from 'react';
import type { Severity } from '#shared/model/index';
import { tacticName } from '#shared/model/index';
import { SEVERITY_LABEL, displayText } from '../app/format';

export const SeverityBadge = ({ severity }: { severity: Severity }): ReactNode => <span className={`sev sev-${severity}`}>{SEVERITY_LABEL[severity]}</span>;

export const TacticList = ({ tactics }: { tactics: readonly string[] }): ReactNode => (
  <span className="tactics" title={tactics.map(tacticName).join(' → ')}>
    {tactics.map(tacticName).join(', ')}
  </span>
);

export const TagList = ({ tags }: { tags: readonly string[] }): ReactNode => (
  <span className="tag-list">
    {tags.map((t) => (
      <span key={t} className="tag">
        {displayText(t, 40)}
      </span>
    ))}
  </span>
);

/** Copies a value (IOCs are copied, never opened: SECURITY-NOTES A5). */
export const CopyButton = ({ value, label = 'Copy value' }: { value: string; label?: string }): ReactNode => (
  <button
    type="button"
    className="icon-button"
    aria-label={label}
    title={label}
    onClick={(e) => {
      e.stopPropagation();
      void navigator.clipboard?.writeText(value).catch(() => undefined);
    }}
  >
    <svg width="13" height="13" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <rect x="5" y="5" width="9" height="9" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path d="M11 3.5V3a1 1 0 0 0-1-1H3a1 1 0 0 0-1 1v7a1 1 0 0 0 1 1h.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  </button>
);
