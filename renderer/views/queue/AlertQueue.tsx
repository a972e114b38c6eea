import type { ReactNode } from 'react';
import { useCallback, useMemo, useState } from 'react';
import type { AlertRow, AlertFilter, AlertSortField } from '#shared/engine/api';
import type { AlertStatus, Severity } from '#shared/model/index';
import { ALERT_STATUSES, SEVERITIES } from '#shared/model/index';
import type { EngineClient } from '../../engine-client/index';
import { VirtualTable } from '../../components/VirtualTable';
import type { Column } from '../../components/VirtualTable';
import { SeverityBadge, TacticList } from '../../components/Badges';
import { displayText, formatTime } from '../../app/format';

type Props = { engine: EngineClient; version: number; onOpenAlert: (id: string) => void; onOpenIncident: (id: string) => void };

const STATUS_LABEL: Record<AlertStatus, string> = { new: 'New', inProgress: 'In progress', resolved: 'Resolved' };

export const AlertQueue = ({ engine, version, onOpenAlert, onOpenIncident }: Props): ReactNode => {
  const [text, setText] = useState('');
  const [severities, setSeverities] = useState<Severity[]>([]);
  const [statuses, setStatuses] = useState<AlertStatus[]>([]);
  const [sort, setSort] = useState<{ field: AlertSortField; dir: 'asc' | 'desc' }>({ field: 'time', dir: 'desc' });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bump, setBump] = useState(0);

  const filter: AlertFilter = useMemo(() => ({ ...(text ? { text } : {}), ...(severities.length ? { severities } : {}), ...(statuses.length ? { statuses } : {}) }), [text, severities, statuses]);
  const load = useCallback((offset: number, limit: number) => engine.call('alerts/query', { offset, limit, sort, filter }), [engine, sort, filter]);

  const columns: Column<AlertRow>[] = useMemo(
    () => [
      { key: 'title', label: 'Alert', width: 380, sortable: true, render: (r) => <span className="strong">{displayText(r.title, 200)}</span> },
      { key: 'severity', label: 'Severity', width: 110, sortable: true, render: (r) => <SeverityBadge severity={r.severity} /> },
      { key: 'status', label: 'Status', width: 110, sortable: true, render: (r) => STATUS_LABEL[r.status] },
      { key: 'time', label: 'First activity', width: 180, sortable: true, render: (r) => formatTime(r.firstActivity) },
      { key: 'source', label: 'Source', width: 130, sortable: true, render: (r) => displayText(r.source, 60) },
      { key: 'tactics', label: 'Tactics', width: 220, render: (r) => <TacticList tactics={r.tactics} /> },
      {
        key: 'incident',
        label: 'Incident',
        width: 150,
        render: (r) =>
          r.incidentId ? (
            <button type="button" className="linkish" onClick={(e) => { e.stopPropagation(); onOpenIncident(r.incidentId as string); }}>
              {r.incidentId}
            </button>
          ) : (
            <span className="muted">—</span>
          ),
      },
      { key: 'entities', label: 'Entities', width: 80, render: (r) => r.entityCount },
    ],
    [onOpenIncident],
  );

  const toggle = <T,>(list: T[], v: T): T[] => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
  const bulk = async (status: AlertStatus): Promise<void> => {
    await engine.call('alerts/update', { ids: [...selected], patch: { status } });
    setBump((b) => b + 1);
  };

  return (
    <section className="queue" aria-label="Alert queue">
      <div className="toolbar">
        <input className="search" type="search" placeholder="Search alert titles, ids, rule ids…" aria-label="Search alerts" value={text} onChange={(e) => setText(e.target.value)} data-testid="alert-search" />
        <div className="chips" role="group" aria-label="Severity filter">
          {SEVERITIES.map((s) => (
            <button key={s} type="button" className={`chip${severities.includes(s) ? ' on' : ''}`} aria-pressed={severities.includes(s)} onClick={() => setSeverities((l) => toggle(l, s))}>
              {s}
            </button>
          ))}
        </div>
        <div className="chips" role="group" aria-label="Status filter">
          {ALERT_STATUSES.map((s) => (
            <button key={s} type="button" className={`chip${statuses.includes(s) ? ' on' : ''}`} aria-pressed={statuses.includes(s)} onClick={() => setStatuses((l) => toggle(l, s))}>
              {STATUS_LABEL[s]}
            </button>
          ))}
        </div>
        {selected.size > 0 && (
          <div className="bulk" role="group" aria-label="Bulk actions">
            <span>{selected.size} selected:</span>
            {ALERT_STATUSES.map((s) => (
              <button key={s} type="button" onClick={() => void bulk(s)} data-testid={`bulk-alert-${s}`}>
                Set {STATUS_LABEL[s]}
              </button>
            ))}
            <button type="button" onClick={() => setSelected(new Set())}>Clear</button>
          </div>
        )}
      </div>
      <VirtualTable
        testId="alert-queue"
        columns={columns}
        queryKey={`${version}-${bump}`}
        load={load}
        sort={sort}
        onSort={(f) => setSort((s) => ({ field: f as AlertSortField, dir: s.field === f && s.dir === 'desc' ? 'asc' : 'desc' }))}
        onOpen={(r) => onOpenAlert(r.id)}
        selected={selected}
        onSelect={setSelected}
        emptyText="No alerts match these filters."
      />
    </section>
  );
};
