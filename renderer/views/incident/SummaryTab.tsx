import type { ReactNode } from 'react';
import { useMemo } from 'react';
import type { IncidentDetail } from '#shared/engine/api';
import { ENTITY_TYPE_LABELS, SEVERITIES } from '#shared/model/index';
import { CLASSIFICATION_LABEL, DETERMINATION_LABEL, INCIDENT_STATUS_LABEL, SEVERITY_LABEL, displayText, formatDuration, formatTime, plural } from '../../app/format';
import { SeverityBadge } from '../../components/Badges';
import { useWorkspace } from '../../app/workspace';
import { summarize } from './incident-model';

/** The incident at a glance: what, when, where, how it unfolded, and why these alerts were grouped. */
export const SummaryTab = ({ detail }: { detail: IncidentDetail }): ReactNode => {
  const { openEntity } = useWorkspace();
  const s = useMemo(() => summarize(detail), [detail]);
  const i = detail.incident;
  const hosts = s.assets.map((a) => plural(a.count, ENTITY_TYPE_LABELS[a.type].toLowerCase())).join(', ');
  return (
    <div className="tab-body summary" data-testid="incident-summary">
      <p className="narrative">
        Between {formatTime(s.first)} and {formatTime(s.last)} ({formatDuration(s.last - s.first)}), {plural(s.alertCount, 'alert')} from {displayText(s.sources.join(', ') || 'no source', 200)}
        {s.tactics.length ? ` covered ${s.tactics.map((t) => t.name).join(' → ')}` : ''}
        {hosts ? `, involving ${hosts}` : ''}.
      </p>
      <div className="summary-grid">
        <section>
          <h3>Triage</h3>
          <dl className="facts">
            <dt>Severity</dt>
            <dd><SeverityBadge severity={i.severity} /></dd>
            <dt>Status</dt>
            <dd>{INCIDENT_STATUS_LABEL[i.status]}</dd>
            <dt>Classification</dt>
            <dd>{CLASSIFICATION_LABEL[i.classification]}</dd>
            <dt>Determination</dt>
            <dd>{DETERMINATION_LABEL[i.determination]}</dd>
            <dt>Assigned to</dt>
            <dd>{i.assignedTo ? displayText(i.assignedTo, 100) : 'Unassigned'}</dd>
            <dt>Generated name</dt>
            <dd>{displayText(i.title, 300)}</dd>
          </dl>
        </section>
        <section>
          <h3>Alerts by severity</h3>
          <ul className="plain">
            {[...SEVERITIES].reverse().filter((sev) => s.severities[sev]).map((sev) => (
              <li key={sev}>
                <span className={`sev sev-${sev}`}>{SEVERITY_LABEL[sev]}</span> {s.severities[sev]}
              </li>
            ))}
          </ul>
          <h3>Kill chain</h3>
          {s.tactics.length ? (
            <ol className="chain">
              {s.tactics.map((t) => (
                <li key={t.id}>
                  {t.name} <span className="muted">({plural(t.alerts, 'alert')})</span>
                </li>
              ))}
            </ol>
          ) : (
            <p className="muted">No ATT&amp;CK mapping in these alerts.</p>
          )}
        </section>
        <section>
          <h3>Most involved entities</h3>
          <ul className="plain">
            {s.topEntities.map((e) => (
              <li key={e.key}>
                <span className="muted">{ENTITY_TYPE_LABELS[e.type]}</span>{' '}
                <button type="button" className="linkish" onClick={() => openEntity(e.key)}>
                  {displayText(e.value, 80)}
                </button>{' '}
                <span className="muted">· {plural(e.alertIds.length, 'alert')}</span>
              </li>
            ))}
          </ul>
          <h3>Why these alerts are together</h3>
          {s.reasons.length ? (
            <ul className="plain">
              {s.reasons.map((r) => (
                <li key={r.kind}>
                  {r.label} <span className="muted">× {r.count}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">No correlation reasons recorded.</p>
          )}
          <p className="muted">{plural(s.evidenceCount, 'evidence item')} in the Evidence tab.</p>
        </section>
      </div>
    </div>
  );
};
