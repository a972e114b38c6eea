import type { ReactNode } from 'react';
import { useEffect, useState } from 'react';
import type { EntityDetail } from '#shared/engine/api';
import { ENTITY_TYPE_LABELS } from '#shared/model/index';
import { INCIDENT_STATUS_LABEL, displayText, formatCount, formatTime, plural } from '../../app/format';
import { errorText, useWorkspace } from '../../app/workspace';
import { CopyButton, SeverityBadge } from '../../components/Badges';
import { Notes } from '../../components/Notes';

const SHOW = 50;

/** Notes about an entity are comments with this target id. */
export const entityNotesTarget = (key: string): string => `entity:${key}`;

/** Everything the case knows about one entity, across all incidents and alerts; pivots to the queues. */
export const EntityPane = ({ entityKey, onClose }: { entityKey: string; onClose: () => void }): ReactNode => {
  const { engine, version, navigate, openAlert, openIncident, openEntity } = useWorkspace();
  const [detail, setDetail] = useState<EntityDetail | undefined | null>(null);
  const [error, setError] = useState<string | undefined>(undefined);
  const [showAlerts, setShowAlerts] = useState(SHOW);
  useEffect(() => (setDetail(null), setShowAlerts(SHOW)), [entityKey]);
  useEffect(() => {
    let live = true;
    setError(undefined);
    void engine.call('entities/get', { key: entityKey }).then(
      (d) => live && setDetail(d),
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [engine, entityKey, version]);

  const props = detail ? Object.entries(detail.props).filter(([, v]) => typeof v === 'string' && v !== '') : [];
  return (
    <aside className="drawer drawer-entity" aria-label="Entity" data-testid="entity-pane" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="drawer-head">
        <div>
          <div className="muted small">{detail ? ENTITY_TYPE_LABELS[detail.type] : 'Entity'}</div>
          <h2 data-testid="entity-title">{detail ? displayText(detail.value, 300) : detail === null && !error ? 'Loading…' : displayText(entityKey, 200)}</h2>
        </div>
        <button type="button" onClick={onClose} aria-label="Close entity pane" autoFocus>✕</button>
      </div>
      {error && <p className="pad error-text" role="alert">{error}</p>}
      {detail === undefined && <p className="pad">No alert in this case names this entity any more.</p>}
      {detail && (
        <div className="drawer-body">
          <div className="row-gap pivots">
            <button type="button" className="primary" onClick={() => navigate({ view: 'incidents', query: new URLSearchParams({ ent: detail.key }).toString() })} data-testid="pivot-incidents">
              Incidents with this entity
            </button>
            <button type="button" onClick={() => navigate({ view: 'alerts', query: new URLSearchParams({ ent: detail.key }).toString() })} data-testid="pivot-alerts">
              All its alerts
            </button>
            <CopyButton value={detail.value} />
          </div>
          {detail.noise && <p className="banner">Correlation treats it as noise: {displayText(detail.noise, 300)}</p>}
          <dl className="facts">
            <dt>Key</dt>
            <dd className="mono">{displayText(detail.key, 300)}</dd>
            {detail.aliases.length > 0 && (
              <>
                <dt>Also seen as</dt>
                <dd className="mono">{displayText(detail.aliases.join(', '), 500)}</dd>
              </>
            )}
            <dt>Roles</dt>
            <dd>{detail.roles.filter((r) => r !== 'unknown').join(', ') || '—'}</dd>
            <dt>First seen</dt>
            <dd>{formatTime(detail.firstSeen)}</dd>
            <dt>Last seen</dt>
            <dd>{formatTime(detail.lastSeen)}</dd>
            <dt>Alerts</dt>
            <dd data-testid="entity-alert-count">{formatCount(detail.alertCount)}</dd>
            {props.map(([k, v]) => (
              <div key={k} className="facts-row">
                <dt>{k}</dt>
                <dd className="mono">{displayText(v ?? '', 1000)}</dd>
              </div>
            ))}
          </dl>
          <section>
            <h3>Incidents ({formatCount(detail.incidents.length)})</h3>
            {detail.incidents.length === 0 && <p className="muted">Not in any incident.</p>}
            <ul className="plain link-list">
              {detail.incidents.map((i) => (
                <li key={i.id}>
                  <button type="button" className="linkish" onClick={() => openIncident(i.id)} data-testid="entity-incident">
                    {displayText(i.customTitle ?? i.title, 120)}
                  </button>{' '}
                  <span className="muted">
                    <SeverityBadge severity={i.severity} /> · {INCIDENT_STATUS_LABEL[i.status]} · {plural(i.alertCount, 'alert')}
                  </span>
                </li>
              ))}
            </ul>
          </section>
          <section>
            <h3>Alerts ({formatCount(detail.alertCount)})</h3>
            <ul className="plain link-list">
              {detail.alerts.slice(0, showAlerts).map((a) => (
                <li key={a.id}>
                  <button type="button" className="linkish" onClick={() => openAlert(a.id)} data-testid="entity-alert">
                    {displayText(a.title, 120)}
                  </button>{' '}
                  <span className="muted">
                    <SeverityBadge severity={a.severity} /> · {formatTime(a.firstActivity)}
                  </span>
                </li>
              ))}
            </ul>
            {detail.alerts.length > showAlerts && (
              <button type="button" className="linkish" onClick={() => setShowAlerts((n) => n + 200)}>
                Show more
              </button>
            )}
          </section>
          {detail.related.length > 0 && (
            <section>
              <h3>Related entities</h3>
              <ul className="plain link-list">
                {detail.related.slice(0, 30).map((r) => (
                  <li key={r.key}>
                    <span className="muted">{ENTITY_TYPE_LABELS[r.type]}</span>{' '}
                    <button type="button" className="linkish" onClick={() => openEntity(r.key)}>
                      {displayText(r.value, 100)}
                    </button>{' '}
                    <span className="muted">· {plural(r.sharedAlerts, 'shared alert')}</span>
                  </li>
                ))}
              </ul>
            </section>
          )}
          <section>
            <h3>Analyst notes</h3>
            <Notes targetId={entityNotesTarget(detail.key)} testId="entity-notes" />
          </section>
        </div>
      )}
    </aside>
  );
};
