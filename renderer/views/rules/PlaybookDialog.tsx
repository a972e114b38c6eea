import type { ReactNode } from 'react';
import { useState } from 'react';
import type { Classification, Determination, IncidentStatus, Severity } from '#shared/model/index';
import { CLASSIFICATIONS, DETERMINATIONS, SEVERITIES } from '#shared/model/index';
import type { ContainmentTarget, Playbook, PlaybookStep, ShellVariant } from '#shared/respond/types';
import { CONTAINMENT_TARGETS } from '#shared/respond/types';
import { CLASSIFICATION_LABEL, DETERMINATION_LABEL, INCIDENT_STATUS_LABEL, SEVERITY_LABEL, displayText } from '../../app/format';
import { errorText, useWorkspace } from '../../app/workspace';
import { Dialog } from '../../components/Dialog';
import { CONTAINMENT_LABEL, SETTABLE_STATUSES, STEP_KINDS, STEP_LABEL, VARIANT_LABEL, defaultStep, describeStep, moveItem, playbookProblems, splitLines, splitList } from './rules-model';
import './rules.css';

const toggle = <T,>(list: readonly T[], v: T, on: boolean): T[] => (on ? [...list.filter((x) => x !== v), v] : list.filter((x) => x !== v));

const StepEditor = ({ step, onChange }: { step: PlaybookStep; onChange: (s: PlaybookStep) => void }): ReactNode => {
  const [text, setText] = useState(step.kind === 'addTags' ? step.tags.join(', ') : step.kind === 'addTasks' ? step.titles.join('\n') : '');
  switch (step.kind) {
    case 'setStatus':
      return (
        <select value={step.status} aria-label="Status" onChange={(e) => onChange({ ...step, status: e.target.value as IncidentStatus })}>
          {SETTABLE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {INCIDENT_STATUS_LABEL[s]}
            </option>
          ))}
        </select>
      );
    case 'setSeverity':
      return (
        <select value={step.severity} aria-label="Severity" onChange={(e) => onChange({ ...step, severity: e.target.value as Severity })}>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {SEVERITY_LABEL[s]}
            </option>
          ))}
        </select>
      );
    case 'setClassification':
      return (
        <span className="row-gap">
          <select value={step.classification} aria-label="Classification" onChange={(e) => onChange({ ...step, classification: e.target.value as Classification })}>
            {CLASSIFICATIONS.map((c) => (
              <option key={c} value={c}>
                {CLASSIFICATION_LABEL[c]}
              </option>
            ))}
          </select>
          <select value={step.determination} aria-label="Determination" onChange={(e) => onChange({ ...step, determination: e.target.value as Determination })}>
            {DETERMINATIONS.map((d) => (
              <option key={d} value={d}>
                {DETERMINATION_LABEL[d]}
              </option>
            ))}
          </select>
        </span>
      );
    case 'assign':
      return <input value={step.to ?? ''} maxLength={200} placeholder="Empty: the analyst who runs it" aria-label="Assign to" onChange={(e) => onChange(e.target.value ? { ...step, to: e.target.value } : { kind: 'assign' })} />;
    case 'addTags':
      return (
        <input
          value={text}
          maxLength={1000}
          placeholder="Tags, comma-separated"
          aria-label="Tags"
          onChange={(e) => {
            setText(e.target.value);
            onChange({ ...step, tags: splitList(e.target.value) });
          }}
          data-testid="step-tags"
        />
      );
    case 'addTasks':
      return (
        <textarea
          value={text}
          rows={Math.min(6, Math.max(2, step.titles.length + 1))}
          maxLength={10_000}
          placeholder="One task per line"
          aria-label="Tasks, one per line"
          onChange={(e) => {
            setText(e.target.value);
            onChange({ ...step, titles: splitLines(e.target.value) });
          }}
          data-testid="step-tasks"
        />
      );
    case 'containmentCommands':
      return (
        <span className="step-checks">
          <span role="group" aria-label="Targets" className="row-gap">
            {CONTAINMENT_TARGETS.map((t: ContainmentTarget) => (
              <label key={t} className="check">
                <input type="checkbox" checked={step.targets.includes(t)} onChange={(e) => onChange({ ...step, targets: toggle(step.targets, t, e.target.checked) })} /> {CONTAINMENT_LABEL[t]}
              </label>
            ))}
          </span>
          <span role="group" aria-label="Script variants" className="row-gap">
            {(['powershell', 'shell'] as const).map((v: ShellVariant) => (
              <label key={v} className="check">
                <input type="checkbox" checked={step.variants.includes(v)} onChange={(e) => onChange({ ...step, variants: toggle(step.variants, v, e.target.checked) })} /> {VARIANT_LABEL[v]}
              </label>
            ))}
          </span>
          <span className="muted small">Commands are text for the analyst to review; Caseline never runs them.</span>
        </span>
      );
    case 'exportIocs':
      return <span className="muted small">Indicators of the incident’s alerts as CSV.</span>;
  }
};

/** Edit a playbook's name, description and ordered steps. Built-in playbooks are read-only: duplicate to change. */
export const PlaybookDialog = ({ initial, onClose, onSaved }: { initial: Playbook; onClose: () => void; onSaved: (list: Playbook[]) => void }): ReactNode => {
  const { engine, notify } = useWorkspace();
  const [pb, setPb] = useState<Playbook>(initial);
  const [keys, setKeys] = useState<number[]>(() => initial.steps.map((_, i) => i));
  const [nextKey, setNextKey] = useState(initial.steps.length);
  const [adding, setAdding] = useState<PlaybookStep['kind']>('addTasks');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const readOnly = pb.builtIn;
  const problems = playbookProblems(pb);

  const setStep = (i: number, s: PlaybookStep): void => setPb((p) => ({ ...p, steps: p.steps.map((x, k) => (k === i ? s : x)) }));
  const move = (i: number, d: -1 | 1): void => {
    setPb((p) => ({ ...p, steps: moveItem(p.steps, i, d) }));
    setKeys((k) => moveItem(k, i, d));
  };
  const remove = (i: number): void => {
    setPb((p) => ({ ...p, steps: p.steps.filter((_, k) => k !== i) }));
    setKeys((k) => k.filter((_, j) => j !== i));
  };
  const add = (): void => {
    setPb((p) => ({ ...p, steps: [...p.steps, defaultStep(adding)] }));
    setKeys((k) => [...k, nextKey]);
    setNextKey((n) => n + 1);
  };
  const save = async (): Promise<void> => {
    setTried(true);
    if (readOnly || problems.length) return;
    setBusy(true);
    setError(undefined);
    try {
      const list = await engine.call('playbooks/save', { playbook: { ...pb, name: pb.name.trim(), description: pb.description.trim() } });
      onSaved(list);
      notify(`Playbook “${pb.name.trim()}” saved in this case.`);
      onClose();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={readOnly ? `Built-in playbook: ${displayText(pb.name, 80)}` : pb.id ? 'Edit playbook' : 'New playbook'} onClose={onClose} testId="playbook-dialog" wide>
      <form
        className="rule-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        {readOnly && <p className="banner">Built-in playbooks cannot be changed. Duplicate it on the Playbooks page to make your own version.</p>}
        <label className="form-row">
          <span>Name</span>
          <input value={pb.name} maxLength={100} readOnly={readOnly} onChange={(e) => setPb({ ...pb, name: e.target.value })} data-testid="playbook-name" />
        </label>
        <label className="form-row">
          <span>Description</span>
          <textarea rows={2} value={pb.description} maxLength={1000} readOnly={readOnly} onChange={(e) => setPb({ ...pb, description: e.target.value })} data-testid="playbook-description" />
        </label>
        <fieldset className="form-group">
          <legend>Steps (run in this order)</legend>
          {pb.steps.length === 0 && <p className="muted">No steps yet: add one below.</p>}
          <ol className="plain action-list">
            {pb.steps.map((s, i) => (
              <li key={keys[i] ?? i} className="action-row step-row" data-testid="playbook-step">
                <span className="action-num">{i + 1}.</span>
                <span className="action-kind">{STEP_LABEL[s.kind]}</span>
                <span className="action-edit">{readOnly ? <span>{displayText(describeStep(s), 400)}</span> : <StepEditor step={s} onChange={(x) => setStep(i, x)} />}</span>
                {!readOnly && (
                  <span className="row-gap">
                    <button type="button" className="icon-button" aria-label={`Move step ${i + 1} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                      ↑
                    </button>
                    <button type="button" className="icon-button" aria-label={`Move step ${i + 1} down`} disabled={i === pb.steps.length - 1} onClick={() => move(i, 1)}>
                      ↓
                    </button>
                    <button type="button" className="icon-button" aria-label={`Remove step ${i + 1}`} onClick={() => remove(i)}>
                      ✕
                    </button>
                  </span>
                )}
              </li>
            ))}
          </ol>
          {!readOnly && (
            <div className="row-gap add-row">
              <select value={adding} aria-label="Step to add" onChange={(e) => setAdding(e.target.value as PlaybookStep['kind'])} data-testid="playbook-add-kind">
                {STEP_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {STEP_LABEL[k]}
                  </option>
                ))}
              </select>
              <button type="button" onClick={add} data-testid="playbook-add-step">
                Add step
              </button>
            </div>
          )}
        </fieldset>
        {tried && problems.length > 0 && (
          <ul className="field-error plain" role="alert">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
        {error && <p className="error-text" role="alert">{error}</p>}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {readOnly ? 'Close' : 'Cancel'}
          </button>
          {!readOnly && (
            <button type="submit" className="primary" disabled={busy} data-testid="playbook-save">
              Save playbook
            </button>
          )}
        </div>
      </form>
    </Dialog>
  );
};
