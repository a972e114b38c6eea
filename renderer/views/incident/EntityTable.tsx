import type { ReactNode } from 'react';
import { useState } from 'react';
import type { AlertRow, IncidentEntity } from '#shared/engine/api';
import { displayText, formatCount, formatTime } from '../../app/format';
import { CopyButton } from '../../components/Badges';
import { useWorkspace } from '../../app/workspace';
import type { EntityGroup } from './incident-model';

const PAGE = 100;

const Group = ({ group, alerts, showAlerts }: { group: EntityGroup; alerts: ReadonlyMap<string, AlertRow>; showAlerts: boolean }): ReactNode => {
  const { openEntity, openAlert } = useWorkspace();
  const [limit, setLimit] = useState(PAGE);
  return (
    <section className="entity-group" data-testid={`entity-group-${group.type}`}>
      <h3>
        {group.label} <span className="muted">({formatCount(group.entities.length)})</span>
      </h3>
      <table className="mini entity-table">
        <thead>
          <tr>
            <th>Value</th>
            <th>Roles</th>
            <th>Alerts</th>
            <th>First seen</th>
            <th>Last seen</th>
            {showAlerts && <th>Named by</th>}
          </tr>
        </thead>
        <tbody>
          {group.entities.slice(0, limit).map((e: IncidentEntity) => (
            <tr key={e.key} className={e.noise ? 'noise' : ''}>
              <td>
                <button type="button" className="linkish" onClick={() => openEntity(e.key)} data-testid="entity-link" title="Open the entity pane">
                  {displayText(e.value, 120)}
                </button>
                {e.noise && <span className="pill" title={displayText(e.noise, 300)}>noise</span>}
                {showAlerts && <CopyButton value={e.value} />}
              </td>
              <td>{e.roles.filter((r) => r !== 'unknown').join(', ') || <span className="muted">—</span>}</td>
              <td>{formatCount(e.alertIds.length)}</td>
              <td className="nowrap">{formatTime(e.firstSeen)}</td>
              <td className="nowrap">{formatTime(e.lastSeen)}</td>
              {showAlerts && (
                <td>
                  {e.alertIds.slice(0, 3).map((id) => (
                    <button key={id} type="button" className="linkish alert-link" onClick={() => openAlert(id)}>
                      {displayText(alerts.get(id)?.title ?? id, 60)}
                    </button>
                  ))}
                  {e.alertIds.length > 3 && <span className="muted"> +{formatCount(e.alertIds.length - 3)} more</span>}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {group.entities.length > limit && (
        <button type="button" className="linkish" onClick={() => setLimit((l) => l + PAGE * 5)}>
          Show {formatCount(Math.min(PAGE * 5, group.entities.length - limit))} more
        </button>
      )}
    </section>
  );
};

/** Entities grouped by type (Assets tab: roles and counts; Evidence tab: also the alerts naming each). */
export const EntityTable = ({ groups, alerts, showAlerts, empty }: { groups: EntityGroup[]; alerts: readonly AlertRow[]; showAlerts: boolean; empty: string }): ReactNode => {
  const byId = new Map(alerts.map((a) => [a.id, a]));
  if (!groups.length) return <p className="empty-inline">{empty}</p>;
  return (
    <>
      {groups.map((g) => (
        <Group key={g.type} group={g} alerts={byId} showAlerts={showAlerts} />
      ))}
    </>
  );
};
