import type { ReactNode } from 'react';
import { useEffect, useState } from 'react';
import type { EngineResult } from '#shared/engine/api';
import { ENTITY_TYPE_LABELS, getTechnique, tacticName } from '#shared/model/index';
import type { EngineClient } from '../../engine-client/index';
import { SeverityBadge } from '../../components/Badges';
import { JsonTree } from '../../components/JsonTree';
import { displayText, formatTime } from '../../app/format';

type Detail = NonNullable<EngineResult<'alerts/get'>>;

const parseRaw = (raw: string): unknown => {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
};

/** Alert details: what the source said, ATT&CK mapping, entities, and the original record verbatim. */
export const AlertDetail = ({ engine, id, onClose, onOpenIncident }: { engine: EngineClient; id: string; onClose: () => void; onOpenIncident: (id: string) => void }): ReactNode => {
  const [alert, setAlert] = useState<Detail | undefined | null>(null);
  useEffect(() => {
    let live = true;
    void engine.call('alerts/get', { id }).then((a) => live && setAlert(a));
    return () => {
      live = false;
    };
  }, [engine, id]);

  return (
    <aside className="drawer" aria-label="Alert details" data-testid="alert-detail">
      <div className="drawer-head">
        <h2>{alert ? displayText(alert.title, 300) : 'Alert'}</h2>
        <button type="button" onClick={onClose} aria-label="Close alert details">✕</button>
      </div>
      {alert === null && <p className="muted">Loading…</p>}
      {alert === undefined && <p>This alert is no longer in the case.</p>}
      {alert && (
        <div className="drawer-body">
          <dl className="facts">
            <dt>Severity</dt>
            <dd><SeverityBadge severity={alert.severity} /></dd>
            <dt>Status</dt>
            <dd>{alert.status}</dd>
            <dt>Source</dt>
            <dd>{displayText(`${alert.product} (${alert.source})`)}</dd>
            <dt>Detector</dt>
            <dd className="mono">{displayText(alert.detectorId || '—')}</dd>
            <dt>Source alert id</dt>
            <dd className="mono">{displayText(alert.sourceAlertId)}</dd>
            <dt>First activity</dt>
            <dd>{formatTime(alert.firstActivity)}{alert.timeNote?.assumedZone ? ` (naive time read as ${alert.timeNote.assumedZone})` : ''}</dd>
            <dt>Last activity</dt>
            <dd>{formatTime(alert.lastActivity)}</dd>
            <dt>Incident</dt>
            <dd>{alert.incidentId ? <button type="button" className="linkish" onClick={() => onOpenIncident(alert.incidentId as string)}>{alert.incidentId}</button> : '—'}</dd>
            <dt>Origins</dt>
            <dd>{alert.origins.map((o) => `${o.file} #${o.record}`).map((t) => displayText(t)).join('; ')}</dd>
          </dl>
          {alert.description && (
            <section>
              <h3>Description</h3>
              <p className="prewrap">{displayText(alert.description, 5000)}</p>
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
              <ol>{alert.remediation.map((r, i) => <li key={i}>{displayText(r, 2000)}</li>)}</ol>
            </section>
          )}
          <section>
            <h3>Entities ({alert.entities.length})</h3>
            <table className="mini">
              <thead><tr><th>Type</th><th>Value</th><th>Roles</th></tr></thead>
              <tbody>
                {alert.entities.map((e, i) => (
                  <tr key={i}>
                    <td>{ENTITY_TYPE_LABELS[e.type]}</td>
                    <td className="mono" title={displayText(Object.entries(e.props).map(([k, v]) => `${k}: ${v}`).join('\n'), 4000)}>{displayText(e.value, 300)}</td>
                    <td>{e.roles.join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section>
            <h3>Original record</h3>
            <div className="json" data-testid="raw-record"><JsonTree value={parseRaw(alert.raw)} /></div>
          </section>
        </div>
      )}
    </aside>
  );
};
