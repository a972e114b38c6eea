import type { ReactNode } from 'react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AlertRow, ChecklistItem, TakeAction } from '#shared/engine/api';
import { tacticName } from '#shared/model/index';
import type { SuppressionRule } from '#shared/respond/types';
import { displayText, formatCount } from '../../app/format';
import { errorText, useWorkspace } from '../../app/workspace';
import { SuppressionRuleDialog } from '../rules/SuppressionRuleDialog';
import { Checklist } from './Checklist';
import { PlaybookRunner } from './PlaybookRunner';
import { TasksPanel } from './TasksPanel';
import { isRemediation, mitigationGroups, progress, suppressionCandidates, withTicks } from './respond-model';
import './respond.css';

type Target = { incidentId: string; alertId?: undefined } | { alertId: string; incidentId?: string | undefined };

/** Load the guidance for an incident, or for one alert with the ticks its incident has saved. */
const useTakeAction = (target: Target): { action: TakeAction | undefined; error: string | undefined; setItem: (item: ChecklistItem) => void } => {
  const { engine, version, notify } = useWorkspace();
  const [action, setAction] = useState<TakeAction | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const { incidentId, alertId } = target;
  useEffect(() => {
    let live = true;
    setError(undefined);
    const load = async (): Promise<TakeAction> => {
      if (!alertId) return engine.call('respond/takeAction', { incidentId });
      const mine = await engine.call('respond/takeAction', { alertId });
      if (!incidentId) return mine;
      const inc = await engine.call('respond/takeAction', { incidentId });
      return { ...mine, checklist: withTicks(mine.checklist, inc.checklist) };
    };
    void load().then(
      (a) => live && setAction(a),
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [engine, incidentId, alertId, version]);
  const setItem = useCallback(
    (item: ChecklistItem) => {
      if (!incidentId) return;
      setAction((a) => (a ? { ...a, checklist: a.checklist.map((i) => (i.id === item.id ? item : i)) } : a));
      void engine.call('respond/checklist', { incidentId, item }).catch((e: unknown) => notify(errorText(e), 'error'));
    },
    [engine, incidentId, notify],
  );
  return { action, error, setItem };
};

const Count = ({ items }: { items: readonly ChecklistItem[] }): ReactNode => {
  const p = progress(items);
  return p.total ? (
    <span className="section-count" aria-label={`${p.done} of ${p.total} done`}>
      {formatCount(p.done)}/{formatCount(p.total)} done
    </span>
  ) : null;
};

const MitigateSection = ({ action, onChange }: { action: TakeAction; onChange: ((item: ChecklistItem) => void) | undefined }): ReactNode => {
  const steps = action.checklist.filter(isRemediation);
  return (
    <section className="ta-section" aria-labelledby="ta-mitigate" data-testid="ta-mitigate">
      <h2 id="ta-mitigate">
        Mitigate the threat <Count items={steps} />
      </h2>
      <h3>Remediation steps from the sources</h3>
      {steps.length === 0 ? <p className="muted">The sources gave no remediation steps. Use the ATT&amp;CK guidance below and your own runbooks.</p> : <Checklist items={steps} onChange={onChange} testId="ta-remediation" />}
      <h3>ATT&amp;CK techniques involved</h3>
      {action.techniques.length === 0 ? (
        <p className="muted">No ATT&amp;CK techniques are mapped in these alerts, so there is no technique guidance. Map them at the source to get it.</p>
      ) : (
        <ul className="plain technique-list" data-testid="ta-techniques">
          {action.techniques.map((t) => (
            <li key={t.id}>
              <span className="mono">{displayText(t.id, 20)}</span> <span className="strong">{displayText(t.name, 200)}</span>
              {t.tactics.length > 0 && <span className="muted"> · {t.tactics.map(tacticName).join(', ')}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
};

const PreventSection = ({ action, onChange }: { action: TakeAction; onChange: ((item: ChecklistItem) => void) | undefined }): ReactNode => {
  const groups = useMemo(() => mitigationGroups(action), [action]);
  const items = action.checklist.filter((i) => !isRemediation(i));
  return (
    <section className="ta-section" aria-labelledby="ta-prevent" data-testid="ta-prevent">
      <h2 id="ta-prevent">
        Prevent future attacks <Count items={items} />
      </h2>
      <p className="muted small">ATT&amp;CK mitigations for the techniques above (offline ATT&amp;CK data). Tick what is in place and comment on what you did or why it does not apply.</p>
      {groups.length === 0 && <p className="muted">No mitigations: ATT&amp;CK lists none for these techniques, or none are mapped.</p>}
      {groups.map((g, i) => (
        <details key={g.techniqueId} className="mitigation-group" open={i < 2} data-testid="mitigation-group">
          <summary>
            <span className="mono">{displayText(g.techniqueId, 20)}</span> {displayText(g.name, 200)}{' '}
            <span className="section-count">
              {g.done}/{g.items.length}
            </span>
          </summary>
          <Checklist items={g.items} onChange={onChange} split testId="ta-mitigations" />
        </details>
      ))}
    </section>
  );
};

/** "Suppress similar alerts" for an incident: pick one of its kinds of alert, then edit the suggested rule. */
const SuppressSection = ({ alerts, alertId }: { alerts?: readonly AlertRow[] | undefined; alertId?: string | undefined }): ReactNode => {
  const { engine, navigate, notify } = useWorkspace();
  const candidates = useMemo(() => suppressionCandidates(alerts ?? []), [alerts]);
  const [chosen, setChosen] = useState(alertId ?? candidates[0]?.alertId ?? '');
  const [draft, setDraft] = useState<SuppressionRule | undefined>(undefined);
  useEffect(() => setChosen((c) => (alertId ?? (candidates.some((x) => x.alertId === c) ? c : (candidates[0]?.alertId ?? '')))), [alertId, candidates]);
  const suggest = (): void => {
    if (chosen) void engine.call('suppression/suggest', { alertId: chosen }).then(setDraft, (e: unknown) => notify(errorText(e), 'error'));
  };
  return (
    <section className="ta-section" aria-labelledby="ta-suppress" data-testid="ta-suppress">
      <h2 id="ta-suppress">Suppress similar alerts</h2>
      <p className="muted small">If these alerts are expected (a scanner, a test, a known tool), a suppression rule dismisses alerts like them: future imports always, existing alerts when you choose.</p>
      <div className="suppress-row">
        {!alertId && candidates.length > 0 && (
          <select value={chosen} onChange={(e) => setChosen(e.target.value)} aria-label="Alerts like" className="grow-select" data-testid="ta-suppress-alert">
            {candidates.map((c) => (
              <option key={c.alertId} value={c.alertId}>
                {displayText(c.title, 90)} ({displayText(c.source, 30)}{c.count > 1 ? `, ×${c.count}` : ''})
              </option>
            ))}
          </select>
        )}
        <button type="button" disabled={!chosen} onClick={suggest} data-testid="ta-suppress-create">
          Create suppression rule…
        </button>
        <button type="button" className="linkish" onClick={() => navigate({ view: 'rules', query: 'kind=suppression' })}>
          Suppression rules
        </button>
      </div>
      {draft && <SuppressionRuleDialog initial={draft} isNew onClose={() => setDraft(undefined)} />}
    </section>
  );
};

/**
 * Take action on an incident (or one alert): mitigate, prevent, run playbooks, tasks and suppression.
 * `layout="page"` is the incident tab (two columns); `"dialog"` is one column for the alert drawer.
 */
export const TakeActionPanel = ({ target, alerts, layout }: { target: Target; alerts?: readonly AlertRow[] | undefined; layout: 'page' | 'dialog' }): ReactNode => {
  const { action, error, setItem } = useTakeAction(target);
  const incidentId = target.incidentId;
  const onChange = incidentId ? setItem : undefined;
  if (error) return <p className="error-text pad" role="alert">{error}</p>;
  const left = action ? (
    <>
      <MitigateSection action={action} onChange={onChange} />
      <PreventSection action={action} onChange={onChange} />
    </>
  ) : (
    <p className="muted">Gathering remediation and ATT&amp;CK guidance…</p>
  );
  const right = (
    <>
      <section className="ta-section" aria-labelledby="ta-automate" data-testid="ta-automate">
        <h2 id="ta-automate">Trigger automated response</h2>
        {incidentId ? (
          <>
            {target.alertId && <p className="muted small">Playbooks act on the alert’s incident, {incidentId}.</p>}
            <PlaybookRunner incidentId={incidentId} />
          </>
        ) : (
          <p className="muted">This alert is in no incident. Playbooks run on incidents: move the alert into one first (from the alert queue).</p>
        )}
      </section>
      {incidentId && (
        <section className="ta-section" aria-labelledby="ta-tasks" data-testid="ta-tasks">
          <h2 id="ta-tasks">Tasks</h2>
          <TasksPanel incidentId={incidentId} />
        </section>
      )}
      <SuppressSection alerts={alerts} alertId={target.alertId} />
    </>
  );
  if (layout === 'dialog') {
    return (
      <div className="take-action one-column" data-testid="take-action">
        {!incidentId && <p className="banner">Ticks and comments are saved on incidents; this alert is in none, so the checklist below is for reading.</p>}
        {left}
        {right}
      </div>
    );
  }
  return (
    <div className="take-action two-columns" data-testid="take-action">
      <div className="ta-column">{left}</div>
      <div className="ta-column">{right}</div>
    </div>
  );
};
