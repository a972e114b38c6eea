import type { ReactNode } from 'react';
import type { Severity } from '#shared/model/index';
import { tacticName } from '#shared/model/index';
import { SEVERITY_LABEL } from '../app/format';

export const SeverityBadge = ({ severity }: { severity: Severity }): ReactNode => (
  <span className={`sev sev-${severity}`}>{SEVERITY_LABEL[severity]}</span>
);

export const TacticList = ({ tactics }: { tactics: readonly string[] }): ReactNode => (
  <span className="tactics" title={tactics.map(tacticName).join(' → ')}>
    {tactics.map(tacticName).join(', ')}
  </span>
);
