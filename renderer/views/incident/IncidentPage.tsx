import type { ReactNode } from 'react';
import { useEffect, useMemo, useState } from 'react';
import type { IncidentDetail, IncidentPatch, IncidentRow } from '#shared/engine/api';
import type { IncidentTab } from '../../app/route';
import { errorText, useWorkspace } from '../../app/workspace';
import { Tabs } from '../../components/Tabs';
import type { Tab } from '../../components/Tabs';
import { IncidentHeader } from './IncidentHeader';
import { StoryTab } from './StoryTab';
import { AlertsTab } from './AlertsTab';
import { EntityTable } from './EntityTable';
import { ActivityTab } from './ActivityTab';
import { SummaryTab } from './SummaryTab';
import { MergeDialog } from './MergeDialog';
import { TakeActionTab } from '../respond/index';
import { ASSET_TYPES, EVIDENCE_TYPES, groupEntities } from './incident-model';

const rowOf = (d: IncidentDetail): IncidentRow => {
  const { alertIds, impactedAssets, ...rest } = d.incident;
  return { ...rest, alertCount: alertIds.length, assets: impactedAssets.map((a) => a.value) };
};

/** One incident: editable header, then the investigation tabs. Data stays on screen while it refreshes. */
export const IncidentPage = ({ id, tab, themeKey }: { id: string; tab: IncidentTab; themeKey: string }): ReactNode => {
  const { engine, version, route, navigate, notify, openIncident } = useWorkspace();
  const [detail, setDetail] = useState<IncidentDetail | undefined | null>(null);
  const [error, setError] = useState<string | undefined>(undefined);
  const [merging, setMerging] = useState(false);

  useEffect(() => setDetail(null), [id]);
  useEffect(() => {
    let live = true;
    setError(undefined);
    void engine.call('incidents/get', { id }).then(
      (d) => live && setDetail(d),
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [engine, id, version]);

  const assets = useMemo(() => (detail ? groupEntities(detail.entities, ASSET_TYPES) : []), [detail]);
  const evidence = useMemo(() => (detail ? groupEntities(detail.entities, EVIDENCE_TYPES) : []), [detail]);

  if (error) {
    return (
      <div className="empty" role="alert">
        <h1>Could not open {id}</h1>
        <p>{error}</p>
        <button type="button" onClick={() => navigate({ view: 'incidents' })}>Back to the incident queue</button>
      </div>
    );
  }
  if (detail === null) return <div className="incident-page loading" aria-busy="true"><div className="skeleton-head" /><p className="muted pad">Opening incident…</p></div>;
  if (detail === undefined) {
    return (
      <div className="empty" data-testid="incident-missing">
        <h1>Incident {id} is not in this case</h1>
        <p>It may have been merged into another incident, or the case was cleared. Find it in the queue by one of its alerts or assets.</p>
        <button type="button" className="primary" onClick={() => navigate({ view: 'incidents' })}>Open the incident queue</button>
      </div>
    );
  }

  const patch = (p: IncidentPatch): void =>
    void engine.call('incidents/update', { ids: [id], patch: p }).then(
      () => notify('Saved. The change is in the activity log.'),
      (e: unknown) => notify(errorText(e), 'error'),
    );
  const tabs: Tab<IncidentTab>[] = [
    { key: 'story', label: 'Attack story' },
    { key: 'alerts', label: 'Alerts', count: detail.alerts.length },
    { key: 'assets', label: 'Assets', count: assets.reduce((n, g) => n + g.entities.length, 0) },
    { key: 'evidence', label: 'Evidence and response', count: evidence.reduce((n, g) => n + g.entities.length, 0) },
    { key: 'respond', label: 'Take action' },
    { key: 'activity', label: 'Comments and activity' },
    { key: 'summary', label: 'Summary' },
  ];
  const i = detail.incident;
  return (
    <div className="incident-page" data-testid="incident-page">
      {i.status === 'redirected' && (
        <div className="banner" role="status">
          This incident was merged into {i.redirectedTo ?? 'another incident'}.{' '}
          {i.redirectedTo && (
            <button type="button" className="linkish" onClick={() => openIncident(i.redirectedTo as string)}>
              Open {i.redirectedTo}
            </button>
          )}
        </div>
      )}
      <IncidentHeader detail={detail} onPatch={patch} onMerge={() => setMerging(true)} />
      <Tabs label="Incident" tabs={tabs} active={tab} onChange={(t) => navigate({ ...route, tab: t })} />
      <div className="tab-panel" role="tabpanel">
        {tab === 'story' && <StoryTab detail={detail} themeKey={themeKey} />}
        {tab === 'alerts' && <AlertsTab detail={detail} />}
        {tab === 'assets' && (
          <div className="tab-body scroll" data-testid="incident-assets">
            <EntityTable groups={assets} alerts={detail.alerts} showAlerts={false} empty="No devices, users, mailboxes, apps or cloud resources are named by these alerts." />
          </div>
        )}
        {tab === 'evidence' && (
          <div className="tab-body scroll" data-testid="incident-evidence">
            <EntityTable groups={evidence} alerts={detail.alerts} showAlerts empty="No IPs, files, processes, URLs, registry or DNS evidence in these alerts." />
          </div>
        )}
        {tab === 'activity' && <ActivityTab incidentId={id} />}
        {tab === 'summary' && <SummaryTab detail={detail} />}
        {tab === 'respond' && <TakeActionTab detail={detail} />}
      </div>
      {merging && <MergeDialog candidates={[rowOf(detail)]} into={id} onClose={() => setMerging(false)} onMerged={(into) => (setMerging(false), into !== id && openIncident(into))} />}
    </div>
  );
};
