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
    ⧉
  </button>
);
