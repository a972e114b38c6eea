import type { ReactNode } from 'react';
import { useCallback, useMemo, useState } from 'react';
import type { IncidentRow, IncidentSortField, IncidentFilter } from '#shared/engine/api';
import type { IncidentStatus, Severity } from '#shared/model/index';
import { INCIDENT_STATUSES, SEVERITIES } from '#shared/model/index';
import type { EngineClient } from '../../engine-client/index';
import { VirtualTable } from '../../components/VirtualTable';
import type { Column } from '../../components/VirtualTable';
import { SeverityBadge, TacticList } from '../../components/Badges';
import { displayText, formatTime } from '../../app/format';

export const INCIDENT_STATUS_LABEL: Record<IncidentStatus, string> = { active: 'Active', inProgress: 'In progress', resolved: 'Resolved', redirected: 'Redirected' };

type Props = { engine: EngineClient; version: number; onOpenIncident: (id: string) => void };

export const IncidentQueue = ({ engine, version, onOpenIncident }: Props): ReactNode => {
  const [text, setText] = useState('');
  const [severities, setSeverities] = useState<Severity[]>([]);
  const [statuses, setStatuses] = useState<IncidentStatus[]>([]);
  const [sort, setSort] = useState<{ field: IncidentSortField; dir: 'asc' | 'desc' }>({ field: 'lastActivity', dir: 'desc' });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bump, setBump] = useState(0);
  const filter: IncidentFilter = useMemo(() => ({ ...(text ? { text } : {}), ...(severities.length ? { severities } : {}), ...(statuses.length ? { statuses } : {}) }), [text, severities, statuses]);
  const load = useCallback((offset: number, limit: number) => engine.call('incidents/query', { offset, limit, sort, filter }), [engine, sort, filter]);
  const toggle = <T,>(list: T[], v: T): T[] => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);

  const columns: Column<IncidentRow>[] = useMemo(
    () => [
      { key: 'title', label: 'Incident name', width: 420, sortable: true, render: (r) => <span className="strong">{displayText(r.customTitle ?? r.title, 200)}</span> },
      { key: 'id', label: 'Id', width: 150, sortable: true, render: (r) => <span className="mono">{r.id}</span> },
      { key: 'severity', label: 'Severity', width: 110, sortable: true, render: (r) => <SeverityBadge severity={r.severity} /> },
      { key: 'status', label: 'Status', width: 110, sortable: true, render: (r) => INCIDENT_STATUS_LABEL[r.status] },
      { key: 'alerts', label: 'Alerts', width: 70, sortable: true, render: (r) => r.alertCount },
      { key: 'tactics', label: 'Tactics', width: 240, render: (r) => <TacticList tactics={r.tactics} /> },
      { key: 'assets', label: 'Impacted assets', width: 220, render: (r) => displayText(r.assets.slice(0, 4).join(', ') + (r.assets.length > 4 ? ` +${r.assets.length - 4}` : ''), 200) },
      { key: 'sources', label: 'Sources', width: 150, render: (r) => displayText(r.sources.join(', '), 100) },
      { key: 'firstActivity', label: 'First activity', width: 180, sortable: true, render: (r) => formatTime(r.firstActivity) },
      { key: 'lastActivity', label: 'Last activity', width: 180, sortable: true, render: (r) => formatTime(r.lastActivity) },
      { key: 'assignedTo', label: 'Assigned to', width: 120, render: (r) => displayText(r.assignedTo || 'Unassigned') },
      { key: 'tags', label: 'Tags', width: 150, render: (r) => displayText(r.tags.join(', ')) },
    ],
    [],
  );

  const bulk = async (status: IncidentStatus): Promise<void> => {
    await engine.call('incidents/update', { ids: [...selected], patch: { status } });
    setBump((b) => b + 1);
  };

  return (
    <section className="queue" aria-label="Incident queue">
      <div className="toolbar">
        <input className="search" type="search" placeholder="Search incident names, ids, assets…" aria-label="Search incidents" value={text} onChange={(e) => setText(e.target.value)} data-testid="incident-search" />
        <div className="chips" role="group" aria-label="Severity filter">
          {SEVERITIES.map((s) => (
            <button key={s} type="button" className={`chip${severities.includes(s) ? ' on' : ''}`} aria-pressed={severities.includes(s)} onClick={() => setSeverities((l) => toggle(l, s))}>{s}</button>
          ))}
        </div>
        <div className="chips" role="group" aria-label="Status filter">
          {INCIDENT_STATUSES.map((s) => (
            <button key={s} type="button" className={`chip${statuses.includes(s) ? ' on' : ''}`} aria-pressed={statuses.includes(s)} onClick={() => setStatuses((l) => toggle(l, s))}>{INCIDENT_STATUS_LABEL[s]}</button>
          ))}
        </div>
        {selected.size > 0 && (
          <div className="bulk" role="group" aria-label="Bulk actions">
            <span>{selected.size} selected:</span>
            {(['active', 'inProgress', 'resolved'] as const).map((s) => (
              <button key={s} type="button" onClick={() => void bulk(s)} data-testid={`bulk-incident-${s}`}>Set {INCIDENT_STATUS_LABEL[s]}</button>
            ))}
            <button type="button" onClick={() => setSelected(new Set())}>Clear</button>
          </div>
        )}
      </div>
      <VirtualTable
        testId="incident-queue"
        columns={columns}
        queryKey={`${version}-${bump}`}
        load={load}
        sort={sort}
        onSort={(f) => setSort((s) => ({ field: f as IncidentSortField, dir: s.field === f && s.dir === 'desc' ? 'asc' : 'desc' }))}
        onOpen={(r) => onOpenIncident(r.id)}
        selected={selected}
        onSelect={setSelected}
        emptyText="No incidents match these filters."
      />
    </section>
  );
};
