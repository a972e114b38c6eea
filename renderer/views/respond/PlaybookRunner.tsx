import type { ReactNode } from 'react';
import { useEffect, useState } from 'react';
import type { Playbook } from '#shared/respond/types';
import { displayText, formatTime } from '../../app/format';
import { errorText, useWorkspace } from '../../app/workspace';
import { Dialog } from '../../components/Dialog';
import { describeStep } from '../rules/rules-model';
import { RunOutputs } from './RunOutput';
import type { RunResult } from './RunOutput';
import './respond.css';

/** Pick a playbook, see its steps, run it on the incident; the outputs open in a dialog and stay one click away. */
export const PlaybookRunner = ({ incidentId }: { incidentId: string }): ReactNode => {
  const { engine, navigate, notify } = useWorkspace();
  const [playbooks, setPlaybooks] = useState<Playbook[] | undefined>(undefined);
  const [chosen, setChosen] = useState<string>('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const [last, setLast] = useState<RunResult | undefined>(undefined);
  const [showing, setShowing] = useState(false);

  useEffect(() => {
    let live = true;
    void engine.call('playbooks/list', undefined).then(
      (l) => {
        if (!live) return;
        setPlaybooks(l);
        setChosen((c) => (l.some((p) => p.id === c) ? c : (l[0]?.id ?? '')));
      },
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [engine]);
  useEffect(() => setLast(undefined), [incidentId]);

  const playbook = playbooks?.find((p) => p.id === chosen);
  const run = async (): Promise<void> => {
    if (!playbook) return;
    setBusy(true);
    setError(undefined);
    try {
      const r = await engine.call('playbooks/run', { playbookId: playbook.id, incidentId });
      setLast({
        playbookId: playbook.id,
        playbookName: playbook.name,
        incidentId,
        at: Date.now(),
        outputs: r.outputs,
        tasks: r.tasks.length,
      });
      setShowing(true);
      notify(`Playbook “${playbook.name}” ran on ${incidentId}. The run is in the activity log.`);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="playbook-runner" data-testid="playbook-runner">
      {playbooks === undefined && !error && <p className="muted">Loading playbooks…</p>}
      {playbooks?.length === 0 && <p className="muted">No playbooks. Create one on the Rules page.</p>}
      {playbooks && playbooks.length > 0 && (
        <fieldset className="plain-fieldset playbook-choices">
          <legend className="sr-only">Playbook</legend>
          {playbooks.map((p) => (
            <label
              key={p.id}
              className={`playbook-choice${p.id === chosen ? ' on' : ''}`}
              data-testid={`playbook-${p.id}`}
            >
              <input
                type="radio"
                name={`playbook-${incidentId}`}
                value={p.id}
                checked={p.id === chosen}
                onChange={() => setChosen(p.id)}
              />
              <span className="playbook-choice-text">
                <span className="strong">{displayText(p.name, 100)}</span>
                {p.builtIn && <span className="pill">Built-in</span>}
                <span className="muted small playbook-desc">{displayText(p.description, 300)}</span>
              </span>
            </label>
          ))}
        </fieldset>
      )}
      {playbook && (
        <details className="playbook-steps">
          <summary>
            {playbook.steps.length} step{playbook.steps.length === 1 ? '' : 's'} of “
            {displayText(playbook.name, 100)}”
          </summary>
          <ol>
            {playbook.steps.map((s, i) => (
              <li key={i}>{displayText(describeStep(s), 300)}</li>
            ))}
          </ol>
        </details>
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {/* Only once loaded: a dialog focuses its first control, and a disabled one cannot take focus. */}
      {playbooks && (
        <div className="row-gap runner-actions">
          <button
            type="button"
            className="primary"
            disabled={!playbook || busy}
            onClick={() => void run()}
            data-testid="playbook-run"
          >
            {busy ? 'Running…' : 'Run playbook'}
          </button>
          {last && (
            <button type="button" onClick={() => setShowing(true)} data-testid="playbook-last-output">
              Output of the last run
            </button>
          )}
          <button
            type="button"
            className="linkish"
            onClick={() => navigate({ view: 'rules', query: 'kind=playbooks' })}
          >
            Edit playbooks…
          </button>
        </div>
      )}
      {last && (
        <p className="muted small">
          Last run here: “{displayText(last.playbookName, 100)}” at {formatTime(last.at)},{' '}
          {last.outputs.length} output{last.outputs.length === 1 ? '' : 's'}.
        </p>
      )}
      {showing && last && (
        <Dialog
          title={`Playbook run: ${displayText(last.playbookName, 100)}`}
          onClose={() => setShowing(false)}
          testId="run-dialog"
          wide
        >
          <RunOutputs run={last} />
          <div className="dialog-actions">
            <button type="button" onClick={() => setShowing(false)}>
              Close
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
};
