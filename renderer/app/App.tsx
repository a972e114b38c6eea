import type { ReactNode } from 'react';
import { useCallback, useEffect, useState } from 'react';
import type { CaseStats, ImportProgress, ImportSource, ImportSummary } from '#shared/engine/api';
import type { EngineClient } from '../engine-client/index';
import type { PlatformBridge } from '../platform/index';
import { AlertQueue } from '../views/queue/AlertQueue';
import { IncidentQueue } from '../views/incident-queue/IncidentQueue';
import { AlertDetail } from '../views/alert/AlertDetail';
import { ImportProgressBar, ImportSummaryView } from '../views/import/ImportPanel';
import { formatCount } from './format';
import { useRoute } from './route';

type Props = { engine: EngineClient; platform: PlatformBridge };

export const App = ({ engine, platform }: Props): ReactNode => {
  const [stats, setStats] = useState<CaseStats | undefined>(undefined);
  const [version, setVersion] = useState(0);
  const [importing, setImporting] = useState<{ id?: string; progress?: ImportProgress } | undefined>(undefined);
  const [summary, setSummary] = useState<ImportSummary | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [dragging, setDragging] = useState(false);
  const [route, navigate] = useRoute();

  const refresh = useCallback(() => {
    void engine.call('case/stats', undefined).then(setStats, (e: Error) => setError(e.message));
    setVersion((v) => v + 1);
  }, [engine]);

  useEffect(() => {
    refresh();
    const offProgress = engine.on('import/progress', (p) => setImporting({ id: p.importId, progress: p }));
    const offChanged = engine.on('store/changed', () => refresh());
    return () => {
      offProgress();
      offChanged();
    };
  }, [engine, refresh]);

  const runImport = useCallback(
    async (run: () => Promise<ImportSummary>) => {
      setImporting({});
      setError(undefined);
      try {
        const s = await run();
        setSummary(s);
        if (route.view === 'home') navigate({ view: s.incidentsTouched > 0 ? 'incidents' : 'alerts' });
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
      } finally {
        setImporting(undefined);
        refresh();
      }
    },
    [refresh, route.view, navigate],
  );

  const importSources = useCallback(
    (sources: ImportSource[]) => {
      if (sources.length === 0) return;
      const transfer = sources.map((s) => s.stream).filter((s): s is ReadableStream<Uint8Array> => !!s);
      void runImport(() => engine.call('import/run', { sources }, transfer));
    },
    [engine, runImport],
  );
  const importFiles = useCallback(() => void platform.pickImportFiles().then(importSources), [platform, importSources]);
  const loadDemo = useCallback(() => void runImport(() => engine.call('demo/load', undefined)), [engine, runImport]);

  useEffect(
    () =>
      platform.onMenuCommand((c) => {
        if (c === 'import-alerts') importFiles();
        else if (c === 'open-demo') loadDemo();
      }),
    [platform, importFiles, loadDemo],
  );

  const downloadSummary = (): void => {
    if (summary) void platform.saveFile(`caseline-import-${summary.importId}.json`, new Blob([JSON.stringify(summary, null, 2)], { type: 'application/json' }));
  };

  const isEmpty = stats !== undefined && stats.alerts === 0;
  const view = route.view === 'home' ? (isEmpty ? 'home' : 'incidents') : route.view;

  return (
    <div
      className={`app${dragging ? ' dragging' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        importSources([...e.dataTransfer.files].map((f) => ({ name: f.name, size: f.size, blob: f })));
      }}
    >
      <header className="topbar">
        <span className="brand">Caseline</span>
        <nav aria-label="Main">
          <button type="button" className={view === 'incidents' ? 'active' : ''} onClick={() => navigate({ view: 'incidents' })} data-testid="nav-incidents">
            Incidents{stats ? ` (${formatCount(stats.incidents)})` : ''}
          </button>
          <button type="button" className={view === 'alerts' ? 'active' : ''} onClick={() => navigate({ view: 'alerts' })} data-testid="nav-alerts">
            Alerts{stats ? ` (${formatCount(stats.alerts)})` : ''}
          </button>
        </nav>
        <span className="spacer" />
        <button type="button" className="primary" onClick={importFiles} disabled={!!importing} data-testid="import-button">Import alerts…</button>
      </header>
      {importing && <ImportProgressBar progress={importing.progress} onCancel={() => importing.id && void engine.call('import/cancel', { importId: importing.id })} />}
      {error && <div className="error" role="alert">{error}</div>}
      {summary && <ImportSummaryView summary={summary} onClose={() => setSummary(undefined)} onDownload={downloadSummary} />}
      <main className="main">
        {stats === undefined && <p className="muted pad">Opening case…</p>}
        {view === 'home' && (
          <div className="empty" data-testid="empty-state">
            <h1>Start an investigation</h1>
            <p>Import alert exports from Microsoft Sentinel, Defender, Defender for Cloud, Suricata, Wazuh, Elastic, OCSF, Hayabusa or Chainsaw — or drop files anywhere in this window. Everything stays on this machine.</p>
            <div className="empty-actions">
              <button type="button" className="primary big" onClick={importFiles} data-testid="empty-import">Import alerts…</button>
              <button type="button" className="big" onClick={loadDemo} disabled={!!importing} data-testid="open-demo">Open demo case</button>
            </div>
          </div>
        )}
        {view === 'alerts' && <AlertQueue engine={engine} version={version} onOpenAlert={(id) => navigate({ ...route, view: 'alerts', alert: id })} onOpenIncident={(id) => navigate({ view: 'incidents', incident: id })} />}
        {view === 'incidents' && <IncidentQueue engine={engine} version={version} onOpenIncident={(id) => navigate({ view: 'incidents', incident: id })} />}
      </main>
      {route.alert && <AlertDetail engine={engine} id={route.alert} onClose={() => navigate({ ...route, alert: undefined })} onOpenIncident={(id) => navigate({ view: 'incidents', incident: id })} />}
    </div>
  );
};
