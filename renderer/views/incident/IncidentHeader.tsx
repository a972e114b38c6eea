import type { ReactNode } from 'react';
import { useEffect, useState } from 'react';
import type { IncidentDetail, IncidentPatch } from '#shared/engine/api';
import type { Classification, Determination, IncidentStatus, Severity } from '#shared/model/index';
import { CLASSIFICATIONS, DETERMINATIONS, SEVERITIES } from '#shared/model/index';
import { CLASSIFICATION_LABEL, DETERMINATION_LABEL, INCIDENT_STATUS_LABEL, SEVERITY_LABEL, displayText, formatDuration, formatTime, plural } from '../../app/format';
import { EditableText } from '../../components/EditableText';
import { TagEditor } from '../../components/TagEditor';
import { useWorkspace } from '../../app/workspace';

type Props = { detail: IncidentDetail; onPatch: (p: IncidentPatch) => void; onMerge: () => void };

/** The incident's editable header; every change goes through incidents/update, which writes the activity log. */
export const IncidentHeader = ({ detail, onPatch, onMerge }: Props): ReactNode => {
  const { analyst, navigate } = useWorkspace();
  const i = detail.incident;
  const [assignee, setAssignee] = useState(i.assignedTo);
  useEffect(() => setAssignee(i.assignedTo), [i.assignedTo]);
  return (
    <header className="incident-head">
      <div className="incident-title-row">
        <button type="button" className="linkish back" onClick={() => navigate({ view: 'incidents' })} aria-label="Back to the incident queue">
          ← Incidents
        </button>
        <h1 className="incident-title">
          <EditableText value={i.customTitle ?? i.title} label="incident name" onSave={(v) => onPatch({ customTitle: v })} testId="incident-name" />
        </h1>
        <span className="mono muted" data-testid="incident-id">{i.id}</span>
        <span className="spacer" />
        <button type="button" onClick={onMerge} disabled={i.status === 'redirected'} data-testid="incident-merge">
          Merge…
        </button>
      </div>
      <div className="incident-fields">
        <label className={`field sev-field sev-${i.severity}`}>
          <span>Severity</span>
          <select value={i.severity} onChange={(e) => onPatch({ severity: e.target.value as Severity })} data-testid="incident-severity">
            {SEVERITIES.map((s) => <option key={s} value={s}>{SEVERITY_LABEL[s]}</option>)}
          </select>
        </label>
        <label className="field">
          <span>Status</span>
          <select value={i.status} disabled={i.status === 'redirected'} onChange={(e) => onPatch({ status: e.target.value as IncidentStatus })} data-testid="incident-status">
            {(['active', 'inProgress', 'resolved'] as const).map((s) => <option key={s} value={s}>{INCIDENT_STATUS_LABEL[s]}</option>)}
            {i.status === 'redirected' && <option value="redirected">{INCIDENT_STATUS_LABEL.redirected}</option>}
          </select>
        </label>
        <label className="field">
          <span>Classification</span>
          <select value={i.classification} onChange={(e) => onPatch({ classification: e.target.value as Classification })} data-testid="incident-classification">
            {CLASSIFICATIONS.map((c) => <option key={c} value={c}>{CLASSIFICATION_LABEL[c]}</option>)}
          </select>
        </label>
        <label className="field">
          <span>Determination</span>
          <select value={i.determination} onChange={(e) => onPatch({ determination: e.target.value as Determination })} data-testid="incident-determination">
            {DETERMINATIONS.map((d) => <option key={d} value={d}>{DETERMINATION_LABEL[d]}</option>)}
          </select>
        </label>
        <form className="field" onSubmit={(e) => (e.preventDefault(), assignee.trim() !== i.assignedTo && onPatch({ assignedTo: assignee.trim() }))}>
          <label htmlFor="incident-assignee">Assigned to</label>
          <span className="row-gap">
            <input id="incident-assignee" value={assignee} placeholder="Unassigned" maxLength={200} onChange={(e) => setAssignee(e.target.value)} onBlur={() => assignee.trim() !== i.assignedTo && onPatch({ assignedTo: assignee.trim() })} className="narrow" data-testid="incident-assignee" />
            {analyst && i.assignedTo !== analyst && <button type="button" onClick={() => onPatch({ assignedTo: analyst })}>Me</button>}
          </span>
        </form>
        <div className="field tags-field">
          <span>Tags</span>
          <TagEditor tags={i.tags} onChange={(tags) => onPatch({ tags })} testId="incident-tags" />
        </div>
      </div>
      <div className="incident-facts muted">
        <span>{plural(i.alertIds.length, 'alert')}</span>
        <span>
          {formatTime(i.firstActivity)} → {formatTime(i.lastActivity)} ({formatDuration(i.lastActivity - i.firstActivity)})
        </span>
        <span>{displayText(i.sources.join(', '), 200)}</span>
      </div>
    </header>
  );
};
