import type { ReactNode } from 'react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CaseStats, ImportSummary } from '#shared/engine/api';
import type { EngineClient } from '../engine-client/index';
import type { PlatformBridge } from '../platform/index';
import { AlertQueue, IncidentQueue } from '../views/queue/index';
import { IncidentPage } from '../views/incident/index';
import { AlertDetail } from '../views/alert/index';
import { EntityPane } from '../views/entity/index';
import { SettingsView } from '../views/settings/index';
import { RulesPage } from '../views/rules/index';
import { CaseMenu } from '../views/export/index';
import { ImportDialog, ImportProgressBar, ImportSummaryView } from '../views/import/index';
import { displayText, formatCount, setTimeMode } from './format';
import type { Prefs } from './prefs';
import { applyTheme, effectiveTheme, loadPrefs, savePrefs } from './prefs';
import { useRoute } from './route';
import { useImport } from './use-import';
import type { Workspace } from './workspace';
import { WorkspaceContext, errorText } from './workspace';

type Props = { engine: EngineClient; platform: PlatformBridge };

export const App = ({ engine, platform }: Props): ReactNode => {
  const [stats, setStats] = useState<CaseStats | undefined>(undefined);
  const [version, setVersion] = useState(0);
  const [dragging, setDragging] = useState(false);
  const [route, navigate] = useRoute();
  const [prefs, setPrefs] = useState<Prefs>(() => loadPrefs());
  const [systemDark, setSystemDark] = useState(false);
  const [analyst, setAnalyst] = useState('');
  const [message, setMessage] = useState<{ text: string; kind: 'info' | 'error'; n: number } | undefined>(undefined);
  const routeRef = useRef(route);
  routeRef.current = route;

  setTimeMode(prefs.time);
  useEffect(() => applyTheme(prefs.theme), [prefs.theme]);
  useEffect(() => {
    const mq = window.matchMedia('(prefers-color-scheme: dark)');
    const on = (): void => setSystemDark(mq.matches);
    on();
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, []);
  const themeKey = `${prefs.theme}-${systemDark}-${prefs.theme === 'system' ? effectiveTheme() : prefs.theme}`;

  const notify = useCallback((text: string, kind: 'info' | 'error' = 'info') => setMessage((m) => ({ text, kind, n: (m?.n ?? 0) + 1 })), []);
  useEffect(() => {
    if (!message || message.kind === 'error') return undefined;
    const t = setTimeout(() => setMessage(undefined), 6000);
    return () => clearTimeout(t);
  }, [message]);

  const refresh = useCallback(() => {
    void engine.call('case/stats', undefined).then(setStats, (e: unknown) => notify(errorText(e), 'error'));
    setVersion((v) => v + 1);
  }, [engine, notify]);
  useEffect(() => {
    refresh();
    void engine.call('engine/info', undefined).then(
      (i) => {
        setAnalyst(i.analyst);
        // An import interrupted by a crash or close was rolled back when the case opened: say so.
        if (i.recovered) notify(i.recovered, 'error');
      },
      () => undefined,
    );
    return engine.on('store/changed', () => refresh());
  }, [engine, refresh]);

  const onImported = useCallback(
    (s: ImportSummary) => {
      refresh();
      if (routeRef.current.view === 'home') navigate({ view: s.incidentsTouched > 0 ? 'incidents' : 'alerts' });
    },
    [refresh, navigate],
  );
  const imp = useImport(engine, platform, onImported);
  useEffect(
    () =>
      platform.onMenuCommand((c) => {
        if (c === 'import-alerts') imp.importFiles();
        else if (c === 'open-demo') imp.loadDemo();
      }),
    [platform, imp],
  );

  const workspace: Workspace = useMemo(
    () => ({
      engine,
      platform,
      version,
      route,
      navigate,
      openAlert: (id) => navigate({ ...routeRef.current, alert: id }),
      openEntity: (key) => navigate({ ...routeRef.current, entity: key, alert: undefined }),
      openIncident: (id, tab) => navigate({ view: 'incident', incident: id, tab: tab ?? 'story' }),
      notify,
      analyst,
      setAnalyst,
    }),
    [engine, platform, version, route, navigate, notify, analyst],
  );

  const isEmpty = stats !== undefined && stats.alerts === 0;
  const view = route.view === 'home' ? (isEmpty ? 'home' : 'incidents') : route.view;
  const sources = stats?.sources ?? [];

  return (
    <WorkspaceContext.Provider value={workspace}>
      <div
        className={`app${dragging ? ' dragging' : ''}`}
        onDragOver={(e) => (e.preventDefault(), setDragging(true))}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          imp.importSources([...e.dataTransfer.files].map((f) => ({ name: f.name, size: f.size, blob: f })));
        }}
      >
        <header className="topbar">
          <span className="brand">Caseline</span>
          <nav aria-label="Main">
            <button type="button" className={view === 'incidents' || view === 'incident' ? 'active' : ''} onClick={() => navigate({ view: 'incidents' })} data-testid="nav-incidents">
              Incidents{stats ? ` (${formatCount(stats.incidents)})` : ''}
            </button>
            <button type="button" className={view === 'alerts' ? 'active' : ''} onClick={() => navigate({ view: 'alerts' })} data-testid="nav-alerts">
              Alerts{stats ? ` (${formatCount(stats.alerts)})` : ''}
            </button>
            <button type="button" className={view === 'rules' ? 'active' : ''} onClick={() => navigate({ view: 'rules' })} data-testid="nav-rules">
              Rules
            </button>
          </nav>
          <span className="spacer" />
          <span className="muted small" title="Analyst name in the activity log">{analyst ? displayText(analyst, 40) : ''}</span>
          <CaseMenu />
          <button type="button" className={view === 'settings' ? 'active' : ''} onClick={() => navigate({ view: 'settings' })} data-testid="nav-settings">
            Settings
          </button>
          <button type="button" className="primary" onClick={imp.importFiles} disabled={!!imp.importing} data-testid="import-button">
            Import alerts…
          </button>
        </header>
        {imp.importing && <ImportProgressBar progress={imp.importing.progress} onCancel={imp.cancel} />}
        {imp.error && (
          <div className="error" role="alert">
            Import failed: {displayText(imp.error, 500)} <button type="button" className="linkish" onClick={imp.clearError}>Dismiss</button>
          </div>
        )}
        {imp.summary && <ImportSummaryView summary={imp.summary} onClose={imp.closeSummary} onDownload={imp.downloadSummary} />}
        {imp.review && <ImportDialog engine={engine} detections={imp.review.detections} onImport={imp.confirmImport} onCancel={imp.cancelReview} />}
        <main className="main">
          {/* A large case answers the incident queue first; counts, sources and the alert queue follow its alerts. */}
          {stats === undefined && (
            <p className="muted pad" role="status" data-testid="opening-case">
              Opening case: loading its alerts…
            </p>
          )}
          {view === 'home' && (
            <div className="empty" data-testid="empty-state">
              <h1>Start an investigation</h1>
              <p>Import alert exports from Microsoft Sentinel, Defender, Defender for Cloud, Suricata, Zeek, Wazuh, Elastic, OCSF, Hayabusa or Chainsaw — or drop files anywhere in this window. Everything stays on this machine.</p>
              <div className="empty-actions">
                <button type="button" className="primary big" onClick={imp.importFiles} data-testid="empty-import">Import alerts…</button>
                <button type="button" className="big" onClick={imp.loadDemo} disabled={!!imp.importing} data-testid="open-demo">Open demo case</button>
              </div>
            </div>
          )}
          {view === 'alerts' && <AlertQueue sources={sources} />}
          {view === 'incidents' && <IncidentQueue sources={sources} />}
          {view === 'incident' && route.incident && <IncidentPage id={route.incident} tab={route.tab ?? 'story'} themeKey={themeKey} />}
          {view === 'rules' && <RulesPage />}
          {view === 'settings' && (
            <SettingsView
              prefs={prefs}
              onPrefs={(p) => {
                setPrefs(p);
                savePrefs(p);
              }}
            />
          )}
        </main>
        {route.entity && <EntityPane entityKey={route.entity} onClose={() => navigate({ ...route, entity: undefined })} />}
        {route.alert && <AlertDetail id={route.alert} onClose={() => navigate({ ...route, alert: undefined })} />}
        <div className={`status-line${message ? ` ${message.kind}` : ''}`} role={message?.kind === 'error' ? 'alert' : 'status'} aria-live="polite" data-testid="status-line">
          {message && (
            <>
              <span>{displayText(message.text, 300)}</span>
              <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => setMessage(undefined)}>✕</button>
            </>
          )}
        </div>
      </div>
    </WorkspaceContext.Provider>
  );
};
