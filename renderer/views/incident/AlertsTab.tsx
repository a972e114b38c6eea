import type { ReactNode } from 'react';
import { useCallback, useMemo, useState } from 'react';
import type { AlertRow, IncidentDetail } from '#shared/engine/api';
import { ALERT_STATUS_LABEL, displayText, formatTime, plural } from '../../app/format';
import { SeverityBadge, TacticList } from '../../components/Badges';
import { VirtualTable } from '../../components/VirtualTable';
import type { Column } from '../../components/VirtualTable';
import { useWorkspace } from '../../app/workspace';
import { REASON_LABEL, reasonsByAlert } from './incident-model';
import { MoveAlertsDialog } from './MoveAlertsDialog';

/** The incident's alerts, each with why it belongs here; select some to move them out. */
export const AlertsTab = ({ detail }: { detail: IncidentDetail }): ReactNode => {
  const { openAlert, openIncident } = useWorkspace();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [moving, setMoving] = useState(false);
  const reasons = useMemo(() => reasonsByAlert(detail.reasons), [detail.reasons]);
  const rows = useMemo(() => [...detail.alerts].sort((a, b) => a.firstActivity - b.firstActivity || (a.id < b.id ? -1 : 1)), [detail.alerts]);
  const load = useCallback((offset: number, limit: number) => Promise.resolve({ total: rows.length, rows: rows.slice(offset, offset + limit) }), [rows]);

  const columns: Column<AlertRow>[] = useMemo(
    () => [
      {
        key: 'title',
        label: 'Alert and why it is in this incident',
        width: 560,
        render: (r) => {
          const why = reasons.get(r.id) ?? [];
          return (
            <span className="two-line">
              <span className="strong">{displayText(r.title, 200)}</span>
              <span className="reasons" data-testid="alert-reasons" title={displayText(why.map((x) => x.text).join('\n'), 2000)}>
                {why.length === 0 ? (
                  <span className="muted">First alert of the incident</span>
                ) : (
                  why.map((x, i) => (
                    <span key={i} className="reason">
                      <span className="reason-kind">{REASON_LABEL[x.kind]}</span> {displayText(x.text, 120)}
                    </span>
                  ))
                )}
              </span>
            </span>
          );
        },
      },
      { key: 'severity', label: 'Severity', width: 100, render: (r) => <SeverityBadge severity={r.severity} /> },
      { key: 'status', label: 'Status', width: 100, render: (r) => ALERT_STATUS_LABEL[r.status] },
      { key: 'time', label: 'First activity', width: 184, render: (r) => formatTime(r.firstActivity) },
      { key: 'tactics', label: 'Tactics', width: 200, render: (r) => <TacticList tactics={r.tactics} /> },
      { key: 'source', label: 'Source', width: 180, render: (r) => displayText(r.product || r.source, 60) },
    ],
    [reasons],
  );

  return (
    <div className="tab-body column" data-testid="incident-alerts">
      <div className="toolbar">
        <span>{selected.size ? `${plural(selected.size, 'alert')} selected` : 'Select alerts to move them to another or a new incident.'}</span>
        <button type="button" disabled={selected.size === 0} onClick={() => setMoving(true)} data-testid="move-alerts">
          Move to…
        </button>
        {selected.size > 0 && (
          <button type="button" className="linkish" onClick={() => setSelected(new Set())}>
            Clear selection
          </button>
        )}
      </div>
      <VirtualTable
        testId="incident-alert-table"
        label="Alerts of this incident"
        columns={columns}
        queryKey={detail.incident.id}
        version={rows.length}
        load={load}
        rowHeight={52}
        onOpen={(r) => openAlert(r.id)}
        selected={selected}
        onSelect={setSelected}
        onSelectAll={() => setSelected(new Set(rows.map((r) => r.id)))}
        hint="↑↓ move · Space select · Enter open"
        emptyText="This incident has no alerts left: they were moved or merged elsewhere."
      />
      {moving && (
        <MoveAlertsDialog
          alertIds={[...selected]}
          from={detail.incident.id}
          onClose={() => setMoving(false)}
          onMoved={(to) => {
            setMoving(false);
            setSelected(new Set());
            if (rows.length === selected.size) openIncident(to, 'alerts');
          }}
        />
      )}
    </div>
  );
};
