import type { ReactNode } from 'react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AlertRow, AlertSortField } from '#shared/engine/api';
import type { AlertStatus } from '#shared/model/index';
import { ALERT_STATUS_LABEL, CLASSIFICATION_LABEL, displayText, formatTime } from '../../app/format';
import { VirtualTable } from '../../components/VirtualTable';
import type { Column } from '../../components/VirtualTable';
import { SeverityBadge, TacticList } from '../../components/Badges';
import { useWorkspace } from '../../app/workspace';
import type { QueueFilter } from './filter-model';
import { toAlertFilter } from './filter-model';
import { FilterBar } from './FilterBar';
import { BulkBar } from './BulkBar';
import { useQueue } from './use-queue';

const KEY_STATUS: Record<string, AlertStatus> = { '1': 'new', '2': 'inProgress', '3': 'resolved' };

export const AlertQueue = ({ sources }: { sources: readonly string[] }): ReactNode => {
  const { engine } = useWorkspace();
  const makeLoad = useCallback(
    (f: QueueFilter) => (offset: number, limit: number) => engine.call('alerts/query', { offset, limit, sort: { field: f.sort.field as AlertSortField, dir: f.sort.dir }, filter: toAlertFilter(f) }),
    [engine],
  );
  const q = useQueue<AlertRow>('alerts', makeLoad);
  const { openAlert, openIncident, version, analyst } = q;
  const [flash, setFlash] = useState(0);
  useEffect(() => setFlash((n) => n + 1), [version]);

  const columns: Column<AlertRow>[] = useMemo(
    () => [
      { key: 'title', label: 'Alert', width: 340, sortable: true, render: (r) => <span className="strong" title={displayText(r.title, 1000)}>{displayText(r.title, 200)}</span> },
      { key: 'severity', label: 'Severity', width: 105, sortable: true, render: (r) => <SeverityBadge severity={r.severity} /> },
      { key: 'status', label: 'Status', width: 100, sortable: true, render: (r) => <span data-testid="alert-status">{ALERT_STATUS_LABEL[r.status]}</span> },
      { key: 'time', label: 'First activity', width: 184, sortable: true, render: (r) => formatTime(r.firstActivity) },
      { key: 'last', label: 'Last activity', width: 184, render: (r) => formatTime(r.lastActivity) },
      { key: 'source', label: 'Source', width: 190, sortable: true, render: (r) => <span title={displayText(r.product, 200)}>{displayText(r.product || r.source, 60)}</span> },
      { key: 'tactics', label: 'Tactics', width: 200, render: (r) => <TacticList tactics={r.tactics} /> },
      {
        key: 'incident',
        label: 'Incident',
        width: 170,
        sortable: true,
        render: (r) =>
          r.incidentId ? (
            <button type="button" className="linkish mono" onClick={(e) => (e.stopPropagation(), openIncident(r.incidentId as string))}>
              {r.incidentId}
            </button>
          ) : (
            <span className="muted">—</span>
          ),
      },
      { key: 'assignedTo', label: 'Assigned to', width: 120, render: (r) => (r.assignedTo ? displayText(r.assignedTo, 60) : <span className="muted">Unassigned</span>) },
      { key: 'classification', label: 'Classification', width: 130, render: (r) => CLASSIFICATION_LABEL[r.classification] },
      { key: 'suppressed', label: 'Suppression', width: 100, render: (r) => (r.suppressed ? <span className="pill">Suppressed</span> : <span className="muted">—</span>) },
      { key: 'entities', label: 'Entities', width: 70, render: (r) => r.entityCount },
      { key: 'id', label: 'Id', width: 230, render: (r) => <span className="mono muted">{r.id}</span> },
    ],
    [openIncident],
  );

  const setStatus = (status: AlertStatus, ids?: string[]): void => void q.runBulk(`Status ${ALERT_STATUS_LABEL[status]}`, (chunk) => engine.call('alerts/update', { ids: chunk, patch: { status } }), ids);

  return (
    <section className="queue" aria-label="Alert queue">
      <FilterBar kind="alerts" filter={q.filter} onChange={q.setFilter} query={q.query} onApplyQuery={q.applyQuery} sources={sources} analyst={analyst} />
      <BulkBar
        kind="alerts"
        count={q.selected.size}
        busy={q.busy}
        analyst={analyst}
        total={q.total}
        onSelectAll={q.selectAll}
        onCancel={q.stop}
        actions={{
          status: (s) => setStatus(s as AlertStatus),
          assign: (name) => void q.runBulk(name ? `Assigned to ${displayText(name, 40)}` : 'Unassigned', (ids) => engine.call('alerts/update', { ids, patch: { assignedTo: name } })),
          classify: (classification, determination) => void q.runBulk('Classified', (ids) => engine.call('alerts/update', { ids, patch: { classification, determination } })),
          clear: () => q.setSelected(new Set()),
        }}
      />
      <VirtualTable
        testId="alert-queue"
        label="Alerts"
        columns={columns}
        queryKey={q.query}
        version={flash}
        load={q.load}
        onTotal={q.setTotal}
        sort={q.filter.sort}
        onSort={(f) => q.setFilter({ ...q.filter, sort: { field: f, dir: q.filter.sort.field === f && q.filter.sort.dir === 'desc' ? 'asc' : 'desc' } })}
        onOpen={(r) => openAlert(r.id)}
        selected={q.selected}
        onSelect={q.setSelected}
        onSelectAll={q.selectAll}
        onKey={(e, row) => {
          const status = KEY_STATUS[e.key];
          const ids = q.selected.size ? [...q.selected] : row ? [row.id] : [];
          if (status && !e.ctrlKey && !e.metaKey && ids.length) {
            setStatus(status, ids);
            return true;
          }
          if (e.key === 'm' && analyst && ids.length) {
            void q.runBulk(`Assigned to ${displayText(analyst, 40)}`, (chunk) => engine.call('alerts/update', { ids: chunk, patch: { assignedTo: analyst } }), ids);
            return true;
          }
          return false;
        }}
        hint="↑↓ move · Space select · Shift+↑↓ extend · Enter open · 1 New · 2 In progress · 3 Resolved · m assign to me"
        emptyText={
          <>
            No alerts match these filters. <button type="button" className="linkish" onClick={() => q.applyQuery('')}>Clear the filters</button> or import more alerts.
          </>
        }
      />
    </section>
  );
};
