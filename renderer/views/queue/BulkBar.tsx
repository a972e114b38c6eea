import type { ReactNode } from 'react';
import { useState } from 'react';
import type { Classification, Determination } from '#shared/model/index';
import { ALERT_STATUSES, CLASSIFICATIONS, DETERMINATIONS } from '#shared/model/index';
import { ALERT_STATUS_LABEL, CLASSIFICATION_LABEL, DETERMINATION_LABEL, INCIDENT_STATUS_LABEL, formatCount } from '../../app/format';
import type { QueueKind } from './filter-model';

export type BulkActions = {
  status: (s: string) => void;
  assign: (name: string) => void;
  classify: (c: Classification, d: Determination) => void;
  tag?: (tag: string) => void;
  merge?: () => void;
  clear: () => void;
};

type Props = { kind: QueueKind; count: number; busy: string | undefined; analyst: string; actions: BulkActions; total: number | undefined; onSelectAll: () => void; onCancel?: (() => void) | undefined };

/** Acts on the selection in one step. Always there (with a hint when nothing is selected), so the table never jumps. */
export const BulkBar = ({ kind, count, busy, analyst, actions, total, onSelectAll, onCancel }: Props): ReactNode => {
  const [assignee, setAssignee] = useState('');
  const [tag, setTag] = useState('');
  const [cls, setCls] = useState<Classification>('truePositive');
  const [det, setDet] = useState<Determination>('unknown');
  const statuses = kind === 'alerts' ? ALERT_STATUSES.map((s) => [s, ALERT_STATUS_LABEL[s]] as const) : (['active', 'inProgress', 'resolved'] as const).map((s) => [s, INCIDENT_STATUS_LABEL[s]] as const);
  if (busy) {
    return (
      <div className="bulk" role="status" data-testid="bulk-busy">
        <span>{busy}</span>
        {onCancel && <button type="button" onClick={onCancel}>Stop</button>}
      </div>
    );
  }
  if (count === 0) {
    return (
      <div className="bulk muted">
        <span>Select rows with the checkbox, Shift-click for a range, or Space on the keyboard, to change many at once.</span>
        {total !== undefined && total > 0 && (
          <button type="button" className="linkish" onClick={onSelectAll} data-testid="select-all-matching">
            Select all {formatCount(total)} matching
          </button>
        )}
      </div>
    );
  }
  return (
    <div className="bulk" role="group" aria-label="Bulk actions" data-testid="bulk-bar">
      <span className="strong">{formatCount(count)} selected</span>
      {total !== undefined && count < total && (
        <button type="button" className="linkish" onClick={onSelectAll} data-testid="select-all-matching">
          Select all {formatCount(total)}
        </button>
      )}
      <span className="bulk-group" role="group" aria-label="Set status">
        {statuses.map(([s, label]) => (
          <button key={s} type="button" onClick={() => actions.status(s)} data-testid={`bulk-${kind === 'alerts' ? 'alert' : 'incident'}-${s}`}>
            {label}
          </button>
        ))}
      </span>
      <form className="bulk-group" onSubmit={(e) => (e.preventDefault(), actions.assign(assignee.trim()))}>
        <input value={assignee} onChange={(e) => setAssignee(e.target.value)} placeholder={analyst || 'Analyst'} aria-label="Assign to" maxLength={200} className="narrow" data-testid="bulk-assignee" />
        <button type="submit" data-testid="bulk-assign">{assignee.trim() ? 'Assign' : 'Unassign'}</button>
        {analyst && <button type="button" onClick={() => actions.assign(analyst)} data-testid="bulk-assign-me">Assign to me</button>}
      </form>
      {actions.tag && (
        <form className="bulk-group" onSubmit={(e) => (e.preventDefault(), tag.trim() && actions.tag?.(tag.trim()), setTag(''))}>
          <input value={tag} onChange={(e) => setTag(e.target.value)} placeholder="Tag" aria-label="Add tag" maxLength={100} className="narrow" data-testid="bulk-tag-input" />
          <button type="submit" disabled={!tag.trim()} data-testid="bulk-tag">Add tag</button>
        </form>
      )}
      <span className="bulk-group">
        <select value={cls} onChange={(e) => setCls(e.target.value as Classification)} aria-label="Classification">
          {CLASSIFICATIONS.map((c) => <option key={c} value={c}>{CLASSIFICATION_LABEL[c]}</option>)}
        </select>
        <select value={det} onChange={(e) => setDet(e.target.value as Determination)} aria-label="Determination">
          {DETERMINATIONS.map((d) => <option key={d} value={d}>{DETERMINATION_LABEL[d]}</option>)}
        </select>
        <button type="button" onClick={() => actions.classify(cls, det)} data-testid="bulk-classify">Classify</button>
      </span>
      {actions.merge && count > 1 && <button type="button" onClick={actions.merge} data-testid="bulk-merge">Merge…</button>}
      <button type="button" className="linkish" onClick={actions.clear}>Clear selection</button>
    </div>
  );
};
