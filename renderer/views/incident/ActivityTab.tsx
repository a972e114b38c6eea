import type { ReactNode } from 'react';
import { useEffect, useState } from 'react';
import type { ActivityEntry } from '#shared/model/index';
import { ALERT_STATUS_LABEL, CLASSIFICATION_LABEL, DETERMINATION_LABEL, INCIDENT_STATUS_LABEL, SEVERITY_LABEL, displayText, formatTime } from '../../app/format';
import { Notes } from '../../components/Notes';
import { errorText, useWorkspace } from '../../app/workspace';

const FIELD: Readonly<Record<string, string>> = {
  customTitle: 'name',
  severity: 'severity',
  status: 'status',
  classification: 'classification',
  determination: 'determination',
  assignedTo: 'assignee',
  tags: 'tags',
};

const VALUE_LABELS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  status: { ...ALERT_STATUS_LABEL, ...INCIDENT_STATUS_LABEL },
  severity: SEVERITY_LABEL,
  classification: CLASSIFICATION_LABEL,
  determination: DETERMINATION_LABEL,
};
const valueLabel = (field: string, v: string): string => (Object.prototype.hasOwnProperty.call(VALUE_LABELS[field] ?? {}, v) ? (VALUE_LABELS[field]?.[v] ?? v) : v);

/** One log line in words: "alice changed status from “Active” to “Resolved”". */
export const describeActivity = (a: ActivityEntry): string => {
  if (a.field) {
    const field = FIELD[a.field] ?? a.field;
    const from = a.from ? `“${valueLabel(a.field, a.from)}”` : 'empty';
    const to = a.to ? `“${valueLabel(a.field, a.to)}”` : 'empty';
    return `changed ${field} from ${from} to ${to}`;
  }
  return [a.action, a.detail].filter(Boolean).join(': ');
};

export const ActivityLog = ({ targetId }: { targetId: string }): ReactNode => {
  const { engine, version } = useWorkspace();
  const [entries, setEntries] = useState<ActivityEntry[] | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void engine.call('activity/list', { targetId }).then(
      (l) => live && setEntries(l),
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [engine, targetId, version]);
  if (error) return <p className="error-text" role="alert">{error}</p>;
  if (!entries) return <p className="muted">Loading the activity log…</p>;
  if (!entries.length) return <p className="muted">Nothing has changed yet.</p>;
  return (
    <ol className="plain activity-list" data-testid="activity-log">
      {[...entries].reverse().map((a, i) => (
        <li key={a.id ?? i} className="activity" data-testid="activity-entry">
          <span className="muted nowrap">{formatTime(a.at)}</span> <span className="strong">{displayText(a.by, 80)}</span> <span>{displayText(describeActivity(a), 600)}</span>
        </li>
      ))}
    </ol>
  );
};

export const ActivityTab = ({ incidentId }: { incidentId: string }): ReactNode => (
  <div className="tab-body split-2">
    <section aria-label="Comments">
      <h2>Comments</h2>
      <Notes targetId={incidentId} testId="incident-comments" />
    </section>
    <section aria-label="Activity log">
      <h2>Activity log</h2>
      <ActivityLog targetId={incidentId} />
    </section>
  </div>
);
