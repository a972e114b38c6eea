import type { ReactNode } from 'react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { IncidentRow, IncidentSortField } from '#shared/engine/api';
import type { IncidentStatus } from '#shared/model/index';
import { CLASSIFICATION_LABEL, INCIDENT_STATUS_LABEL, displayText, formatTime } from '../../app/format';
import { VirtualTable } from '../../components/VirtualTable';
import type { Column } from '../../components/VirtualTable';
import { SeverityBadge, TacticList, TagList } from '../../components/Badges';
import { useWorkspace } from '../../app/workspace';
import type { QueueFilter } from './filter-model';
import { toIncidentFilter } from './filter-model';
import { FilterBar } from './FilterBar';
import { BulkBar } from './BulkBar';
import { MergeDialog } from '../incident/index';
import { useQueue } from './use-queue';

const KEY_STATUS: Record<string, IncidentStatus> = { '1': 'active', '2': 'inProgress', '3': 'resolved' };

export const IncidentQueue = ({ sources }: { sources: readonly string[] }): ReactNode => {
  const { engine } = useWorkspace();
  const makeLoad = useCallback(
    (f: QueueFilter) => (offset: number, limit: number) => engine.call('incidents/query', { offset, limit, sort: { field: f.sort.field as IncidentSortField, dir: f.sort.dir }, filter: toIncidentFilter(f) }),
    [engine],
  );
  const q = useQueue<IncidentRow>('incidents', makeLoad);
  const { openIncident, version, analyst } = q;
  const [flash, setFlash] = useState(0);
  const [merging, setMerging] = useState<IncidentRow[] | undefined>(undefined);
  useEffect(() => setFlash((n) => n + 1), [version]);

  const columns: Column<IncidentRow>[] = useMemo(
    () => [
      { key: 'title', label: 'Incident name', width: 360, sortable: true, render: (r) => <span className="strong" title={displayText(r.customTitle ?? r.title, 1000)}>{displayText(r.customTitle ?? r.title, 200)}</span> },
      { key: 'id', label: 'Id', width: 170, sortable: true, render: (r) => <span className="mono">{r.id}</span> },
      { key: 'severity', label: 'Severity', width: 105, sortable: true, render: (r) => <SeverityBadge severity={r.severity} /> },
      { key: 'status', label: 'Status', width: 100, sortable: true, render: (r) => <span data-testid="incident-status">{INCIDENT_STATUS_LABEL[r.status]}</span> },
      { key: 'alerts', label: 'Alerts', width: 70, sortable: true, render: (r) => r.alertCount },
      { key: 'tags', label: 'Tags', width: 150, render: (r) => <TagList tags={r.tags} /> },
      { key: 'tactics', label: 'Tactics', width: 230, render: (r) => <TacticList tactics={r.tactics} /> },
      { key: 'assets', label: 'Impacted assets', width: 220, render: (r) => displayText(r.assets.slice(0, 4).join(', ') + (r.assets.length > 4 ? ` +${r.assets.length - 4}` : ''), 200) },
      { key: 'sources', label: 'Sources', width: 150, render: (r) => displayText(r.sources.join(', '), 100) },
      { key: 'firstActivity', label: 'First activity', width: 184, sortable: true, render: (r) => formatTime(r.firstActivity) },
      { key: 'lastActivity', label: 'Last activity', width: 184, sortable: true, render: (r) => formatTime(r.lastActivity) },
      { key: 'assignedTo', label: 'Assigned to', width: 120, render: (r) => (r.assignedTo ? displayText(r.assignedTo, 60) : <span className="muted">Unassigned</span>) },
      { key: 'classification', label: 'Classification', width: 130, render: (r) => CLASSIFICATION_LABEL[r.classification] },
    ],
    [],
  );

  const setStatus = (status: IncidentStatus, ids?: string[]): void => void q.runBulk(`Status ${INCIDENT_STATUS_LABEL[status]}`, (chunk) => engine.call('incidents/update', { ids: chunk, patch: { status } }), ids);

  /** Adding a tag keeps each incident's other tags: one update per distinct resulting tag set. */
  const addTag = (tag: string): void =>
    void q.runBulk(`Tagged “${displayText(tag, 40)}”`, async (ids) => {
      const groups = new Map<string, { tags: string[]; ids: string[] }>();
      for (const id of ids) {
        const tags = [...new Set([...(q.seen.current.get(id)?.tags ?? []), tag])];
        const k = JSON.stringify(tags);
        const g = groups.get(k) ?? { tags, ids: [] };
        g.ids.push(id);
        groups.set(k, g);
      }
      for (const g of groups.values()) await engine.call('incidents/update', { ids: g.ids, patch: { tags: g.tags } });
    });

  return (
    <section className="queue" aria-label="Incident queue">
      <FilterBar kind="incidents" filter={q.filter} onChange={q.setFilter} query={q.query} onApplyQuery={q.applyQuery} sources={sources} analyst={analyst} />
      <BulkBar
        kind="incidents"
        count={q.selected.size}
        busy={q.busy}
        analyst={analyst}
        total={q.total}
        onSelectAll={q.selectAll}
        onCancel={q.stop}
        actions={{
          status: (s) => setStatus(s as IncidentStatus),
          assign: (name) => void q.runBulk(name ? `Assigned to ${displayText(name, 40)}` : 'Unassigned', (ids) => engine.call('incidents/update', { ids, patch: { assignedTo: name } })),
          classify: (classification, determination) => void q.runBulk('Classified', (ids) => engine.call('incidents/update', { ids, patch: { classification, determination } })),
          tag: addTag,
          merge: () => setMerging([...q.selected].map((id) => q.seen.current.get(id)).filter((r): r is IncidentRow => !!r)),
          clear: () => q.setSelected(new Set()),
        }}
      />
      <VirtualTable
        testId="incident-queue"
        label="Incidents"
        columns={columns}
        queryKey={q.query}
        version={flash}
        load={q.load}
        onTotal={q.setTotal}
        sort={q.filter.sort}
        onSort={(f) => q.setFilter({ ...q.filter, sort: { field: f, dir: q.filter.sort.field === f && q.filter.sort.dir === 'desc' ? 'asc' : 'desc' } })}
        onOpen={(r) => openIncident(r.id)}
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
            void q.runBulk(`Assigned to ${displayText(analyst, 40)}`, (chunk) => engine.call('incidents/update', { ids: chunk, patch: { assignedTo: analyst } }), ids);
            return true;
          }
          return false;
        }}
        hint="↑↓ move · Space select · Shift+↑↓ extend · Enter open · 1 Active · 2 In progress · 3 Resolved · m assign to me"
        emptyText={
          q.filter.text || q.query ? (
            <>
              No incidents match these filters. <button type="button" className="linkish" onClick={() => q.applyQuery('')}>Clear the filters</button>.
            </>
          ) : (
            'No incidents yet. Import alerts: correlation groups related alerts into incidents as they arrive.'
          )
        }
      />
      {merging && <MergeDialog candidates={merging} onClose={() => setMerging(undefined)} onMerged={() => (setMerging(undefined), q.setSelected(new Set()))} />}
    </section>
  );
};
