import type { ReactNode } from 'react';
import { useEffect, useState } from 'react';
import type { EngineResult } from '#shared/engine/api';
import type { AlertStatus, Classification, CorrelationReason, Determination } from '#shared/model/index';
import { ALERT_STATUSES, CLASSIFICATIONS, DETERMINATIONS, ENTITY_TYPE_LABELS, getTechnique, tacticName } from '#shared/model/index';
import { primaryKey } from '#shared/engine/entities';
import { ALERT_STATUS_LABEL, CLASSIFICATION_LABEL, DETERMINATION_LABEL, displayText, formatTime } from '../../app/format';
import { errorText, useWorkspace } from '../../app/workspace';
import { SeverityBadge } from '../../components/Badges';
import { JsonTree } from '../../components/JsonTree';
import { AlertReasons } from './AlertReasons';
import { AlertActions } from '../respond/index';

type Detail = NonNullable<EngineResult<'alerts/get'>>;

const parseRaw = (raw: string): unknown => {
  if (raw.length > 2_000_000) return `${raw.slice(0, 2_000_000)}… (${raw.length.toLocaleString('en-US')} chars)`;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
};

/** Alert details: what the source said, triage, ATT&CK mapping, entities, why it is in its incident, the original record. */
export const AlertDetail = ({ id, onClose }: { id: string; onClose: () => void }): ReactNode => {
  const { engine, version, openIncident, openEntity, notify } = useWorkspace();
  const [alert, setAlert] = useState<Detail | undefined | null>(null);
  const [reasons, setReasons] = useState<CorrelationReason[] | undefined>(undefined);
  useEffect(() => setAlert(null), [id]);
  useEffect(() => {
    let live = true;
    void engine.call('alerts/get', { id }).then(
      (a) => live && setAlert(a),
      (e: unknown) => live && (setAlert(undefined), notify(errorText(e), 'error')),
    );
    return () => {
      live = false;
    };
  }, [engine, id, version, notify]);
  const incidentId = alert?.incidentId;
  useEffect(() => {
    let live = true;
    setReasons(undefined);
    if (incidentId) void engine.call('incidents/get', { id: incidentId }).then((d) => live && setReasons(d?.reasons.filter((r) => r.alertId === id) ?? []), () => undefined);
    return () => {
      live = false;
    };
  }, [engine, incidentId, id]);

  const update = (patch: { status?: AlertStatus; classification?: Classification; determination?: Determination }): void =>
    void engine.call('alerts/update', { ids: [id], patch }).then(() => notify('Saved. The change is in the activity log.'), (e: unknown) => notify(errorText(e), 'error'));

  return (
    <aside className="drawer drawer-alert" aria-label="Alert details" data-testid="alert-detail" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="drawer-head">
        <div>
          <div className="muted small">Alert</div>
          <h2 data-testid="alert-detail-title">{alert ? displayText(alert.title, 300) : alert === null ? 'Loading…' : 'Alert'}</h2>
        </div>
        <button type="button" onClick={onClose} aria-label="Close alert details" autoFocus>✕</button>
      </div>
      {alert === undefined && <p className="pad">This alert is no longer in the case.</p>}
      {alert && (
        <div className="drawer-body">
          <div className="triage-row">
            <label>Status <select value={alert.status} onChange={(e) => update({ status: e.target.value as AlertStatus })} data-testid="alert-detail-status">{ALERT_STATUSES.map((s) => <option key={s} value={s}>{ALERT_STATUS_LABEL[s]}</option>)}</select></label>
            <label>Classification <select value={alert.classification} onChange={(e) => update({ classification: e.target.value as Classification })}>{CLASSIFICATIONS.map((c) => <option key={c} value={c}>{CLASSIFICATION_LABEL[c]}</option>)}</select></label>
            <label>Determination <select value={alert.determination} onChange={(e) => update({ determination: e.target.value as Determination })}>{DETERMINATIONS.map((d) => <option key={d} value={d}>{DETERMINATION_LABEL[d]}</option>)}</select></label>
          </div>
          <AlertActions alertId={id} incidentId={alert.incidentId} />
          <dl className="facts">
            <dt>Severity</dt>
            <dd><SeverityBadge severity={alert.severity} /></dd>
            <dt>Source</dt>
            <dd>{displayText(`${alert.product} (${alert.source})`)}</dd>
            <dt>Detector</dt>
            <dd className="mono">{displayText(alert.detectorId || '—')}</dd>
            <dt>Source alert id</dt>
            <dd className="mono">{displayText(alert.sourceAlertId)}</dd>
            <dt>First activity</dt>
            <dd>{formatTime(alert.firstActivity)}{alert.timeNote?.assumedZone ? ` (naive time read as ${displayText(alert.timeNote.assumedZone, 60)})` : ''}</dd>
            <dt>Last activity</dt>
            <dd>{formatTime(alert.lastActivity)}</dd>
            <dt>Detected</dt>
            <dd>{formatTime(alert.detectedAt)}</dd>
            <dt>Incident</dt>
            <dd>{alert.incidentId ? <button type="button" className="linkish mono" onClick={() => openIncident(alert.incidentId as string)} data-testid="alert-detail-incident">{alert.incidentId}</button> : '—'}</dd>
            <dt>Origins</dt>
            <dd>{displayText(alert.origins.map((o) => `${o.file} #${o.record}`).join('; '), 1000)}</dd>
          </dl>
          {alert.description && (
            <section>
              <h3>Description</h3>
              <p className="prewrap" data-testid="alert-description">{displayText(alert.description, 5000)}</p>
            </section>
          )}
          <section>
            <h3>MITRE ATT&amp;CK</h3>
            {alert.tactics.length === 0 && alert.techniques.length === 0 ? <p className="muted">No mapping in the source.</p> : null}
            <ul className="plain">
              {alert.tactics.map((t) => <li key={t}>{tacticName(t)} <span className="muted">{t}</span></li>)}
              {alert.techniques.map((t) => <li key={t}><span className="mono">{t}</span> {getTechnique(t)?.name ?? ''}</li>)}
            </ul>
          </section>
          {alert.remediation.length > 0 && (
            <section>
              <h3>Remediation steps</h3>
              <ol className="remediation">{alert.remediation.map((r, i) => <li key={i} className="prewrap">{displayText(r, 2000)}</li>)}</ol>
            </section>
          )}
          <section>
            <h3>Entities ({alert.entities.length})</h3>
            <table className="mini">
              <thead><tr><th>Type</th><th>Value</th><th>Roles</th></tr></thead>
              <tbody>
                {alert.entities.slice(0, 300).map((e, i) => (
                  <tr key={i}>
                    <td>{ENTITY_TYPE_LABELS[e.type]}</td>
                    <td title={displayText(Object.entries(e.props).map(([k, v]) => `${k}: ${v}`).join('\n'), 4000)}>
                      <button type="button" className="linkish mono" onClick={() => openEntity(primaryKey(e).key)} data-testid="alert-entity">{displayText(e.value, 300)}</button>
                      {e.props.commandLine && <div className="mono small muted prewrap">{displayText(e.props.commandLine, 1000)}</div>}
                    </td>
                    <td>{e.roles.join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          {alert.incidentId && <AlertReasons reasons={reasons} />}
          <section>
            <h3>Original record</h3>
            <div className="json" data-testid="raw-record"><JsonTree value={parseRaw(alert.raw)} /></div>
          </section>
        </div>
      )}
    </aside>
  );
};
