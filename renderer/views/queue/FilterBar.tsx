import type { ReactNode } from 'react';
import { useEffect, useState } from 'react';
import { ALERT_STATUSES, CLASSIFICATIONS, DETERMINATIONS, INCIDENT_STATUSES, SEVERITIES, TACTICS } from '#shared/model/index';
import { ALERT_STATUS_LABEL, CLASSIFICATION_LABEL, DETERMINATION_LABEL, INCIDENT_STATUS_LABEL, SEVERITY_LABEL } from '../../app/format';
import { MultiSelect } from '../../components/MultiSelect';
import type { QueueFilter, QueueKind } from './filter-model';
import { activeCount, emptyFilter } from './filter-model';
import { SavedFilters } from './SavedFilters';
import { TimeRange } from './TimeRange';
import { EntityFilter } from './EntityFilter';

type Props = {
  kind: QueueKind;
  filter: QueueFilter;
  /** `typing` marks changes from the search box (they replace the history entry instead of adding one). */
  onChange: (f: QueueFilter, typing?: boolean) => void;
  query: string;
  onApplyQuery: (query: string) => void;
  sources: readonly string[];
  analyst: string;
};

const opts = <T extends string>(values: readonly T[], label: Record<T, string>) => values.map((v) => ({ value: v, label: label[v] }));

/** Every filter of a queue in one bar; what is set shows on its button. */
export const FilterBar = ({ kind, filter, onChange, query, onApplyQuery, sources, analyst }: Props): ReactNode => {
  const [text, setText] = useState(filter.text);
  // Follow the route (back button, saved filter) unless the analyst is typing.
  useEffect(() => setText(filter.text), [filter.text]);
  useEffect(() => {
    if (text === filter.text) return undefined;
    const t = setTimeout(() => onChange({ ...filter, text }, true), 250);
    return () => clearTimeout(t);
  }, [text, filter, onChange]);
  const set = <K extends keyof QueueFilter>(k: K, v: QueueFilter[K]): void => onChange({ ...filter, [k]: v });
  const statusOptions = kind === 'alerts' ? opts(ALERT_STATUSES, ALERT_STATUS_LABEL) : opts(INCIDENT_STATUSES, INCIDENT_STATUS_LABEL);
  return (
    <div className="toolbar filters" role="search" aria-label={`Filter ${kind}`}>
      <input
        className="search"
        type="search"
        placeholder={kind === 'alerts' ? 'Search titles, ids, rule ids…' : 'Search names, ids, assets…'}
        aria-label={`Search ${kind}`}
        value={text}
        onChange={(e) => setText(e.target.value)}
        data-testid={kind === 'alerts' ? 'alert-search' : 'incident-search'}
      />
      <MultiSelect label="Severity" options={opts(SEVERITIES, SEVERITY_LABEL)} value={filter.severities} onChange={(v) => set('severities', v as QueueFilter['severities'])} testId="filter-severity" />
      <MultiSelect label="Status" options={statusOptions} value={filter.statuses} onChange={(v) => set('statuses', v)} testId="filter-status" />
      <MultiSelect
        label="Assigned to"
        options={[{ value: '', label: 'Unassigned' }, ...(analyst ? [{ value: analyst, label: `${analyst} (me)` }] : [])]}
        value={filter.assignedTo}
        onChange={(v) => set('assignedTo', v)}
        allowCustom="Analyst name"
        testId="filter-assigned"
      />
      {kind === 'incidents' && <MultiSelect label="Tags" options={[]} value={filter.tags} onChange={(v) => set('tags', v)} allowCustom="Tag" testId="filter-tags" />}
      <MultiSelect label="Tactics" options={TACTICS.map((t) => ({ value: t.id, label: t.name }))} value={filter.tactics} onChange={(v) => set('tactics', v)} testId="filter-tactics" />
      <MultiSelect label="Source" options={sources.map((s) => ({ value: s, label: s }))} value={filter.sources} onChange={(v) => set('sources', v)} allowCustom="Source name" testId="filter-source" />
      <MultiSelect label="Classification" options={opts(CLASSIFICATIONS, CLASSIFICATION_LABEL)} value={filter.classifications} onChange={(v) => set('classifications', v as QueueFilter['classifications'])} testId="filter-classification" />
      <MultiSelect label="Determination" options={opts(DETERMINATIONS, DETERMINATION_LABEL)} value={filter.determinations} onChange={(v) => set('determinations', v as QueueFilter['determinations'])} testId="filter-determination" />
      <TimeRange from={filter.from} to={filter.to} onChange={(from, to) => onChange({ ...filter, from, to })} />
      <EntityFilter entityKey={filter.entityKey} onChange={(k) => set('entityKey', k)} />
      {activeCount(filter) > 0 && (
        <button type="button" className="linkish" onClick={() => onChange({ ...emptyFilter(kind), sort: filter.sort })} data-testid="filter-clear">
          Clear filters
        </button>
      )}
      <span className="spacer" />
      <SavedFilters kind={kind} query={query} onApply={onApplyQuery} />
    </div>
  );
};
