import type { ReactNode } from 'react';
import { useEffect, useId, useState } from 'react';
import type { IncidentStatus, Severity } from '#shared/model/index';
import { SEVERITIES, TACTICS } from '#shared/model/index';
import type { AutomationAction, AutomationRule, Playbook } from '#shared/respond/types';
import { INCIDENT_STATUS_LABEL, SEVERITY_LABEL, displayText } from '../../app/format';
import { errorText, useWorkspace } from '../../app/workspace';
import { Dialog } from '../../components/Dialog';
import { MultiSelect } from '../../components/MultiSelect';
import { ACTION_KINDS, ACTION_LABEL, SETTABLE_STATUSES, TRIGGER_LABEL, automationProblems, cleanAutomation, dateInputValue, defaultAction, moveItem, parseDateInput, splitList } from './rules-model';
import './rules.css';

type Props = { initial: AutomationRule; playbooks: readonly Playbook[]; onClose: () => void; onSaved: (rules: AutomationRule[]) => void };

const ActionEditor = ({ action, playbooks, onChange }: { action: AutomationAction; playbooks: readonly Playbook[]; onChange: (a: AutomationAction) => void }): ReactNode => {
  const [tags, setTags] = useState(action.kind === 'addTags' ? action.tags.join(', ') : '');
  switch (action.kind) {
    case 'assign':
      return <input value={action.to} maxLength={200} placeholder="Analyst name" aria-label="Assign to" onChange={(e) => onChange({ ...action, to: e.target.value })} data-testid="action-assign" />;
    case 'addTags':
      return (
        <input
          value={tags}
          maxLength={1000}
          placeholder="Tags, comma-separated"
          aria-label="Tags to add"
          onChange={(e) => {
            setTags(e.target.value);
            onChange({ ...action, tags: splitList(e.target.value) });
          }}
          data-testid="action-tags"
        />
      );
    case 'setSeverity':
      return (
        <select value={action.severity} aria-label="New severity" onChange={(e) => onChange({ ...action, severity: e.target.value as Severity })}>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {SEVERITY_LABEL[s]}
            </option>
          ))}
        </select>
      );
    case 'setStatus':
      return (
        <select value={action.status} aria-label="New status" onChange={(e) => onChange({ ...action, status: e.target.value as IncidentStatus })}>
          {SETTABLE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {INCIDENT_STATUS_LABEL[s]}
            </option>
          ))}
        </select>
      );
    case 'runPlaybook':
      return (
        <select value={action.playbookId} aria-label="Playbook to run" onChange={(e) => onChange({ ...action, playbookId: e.target.value })} data-testid="action-playbook">
          {!playbooks.some((p) => p.id === action.playbookId) && <option value={action.playbookId}>Choose a playbook</option>}
          {playbooks.map((p) => (
            <option key={p.id} value={p.id}>
              {displayText(p.name, 80)}
            </option>
          ))}
        </select>
      );
  }
};

/** Create or edit a Sentinel-style automation rule: trigger, conditions (AND; values in one list OR), ordered actions. */
export const AutomationRuleDialog = ({ initial, playbooks, onClose, onSaved }: Props): ReactNode => {
  const { engine, notify } = useWorkspace();
  const [rule, setRule] = useState<AutomationRule>(initial);
  const [sources, setSources] = useState<string[]>([]);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  // Editors keep their own text (tags as typed); a key per action row remounts them when rows move.
  const [keys, setKeys] = useState<number[]>(() => initial.actions.map((_, i) => i));
  const [nextKey, setNextKey] = useState(initial.actions.length);
  const id = useId();
  useEffect(() => void engine.call('case/stats', undefined).then((s) => setSources(s.sources), () => undefined), [engine]);

  const problems = automationProblems(rule, playbooks);
  const set = (patch: Partial<AutomationRule>): void => setRule((r) => ({ ...r, ...patch }));
  const setCond = (patch: Partial<AutomationRule['conditions']>): void => setRule((r) => ({ ...r, conditions: { ...r.conditions, ...patch } }));
  const setAction = (i: number, a: AutomationAction): void => setRule((r) => ({ ...r, actions: r.actions.map((x, k) => (k === i ? a : x)) }));
  const move = (i: number, d: -1 | 1): void => {
    setRule((r) => ({ ...r, actions: moveItem(r.actions, i, d) }));
    setKeys((k) => moveItem(k, i, d));
  };
  const remove = (i: number): void => {
    setRule((r) => ({ ...r, actions: r.actions.filter((_, k) => k !== i) }));
    setKeys((k) => k.filter((_, j) => j !== i));
  };
  const add = (kind: AutomationAction['kind']): void => {
    setRule((r) => ({ ...r, actions: [...r.actions, defaultAction(kind, playbooks)] }));
    setKeys((k) => [...k, nextKey]);
    setNextKey((n) => n + 1);
  };

  const save = async (): Promise<void> => {
    setTried(true);
    if (problems.length) return;
    setBusy(true);
    setError(undefined);
    try {
      const saved = await engine.call('automation/save', { rule: cleanAutomation(rule) });
      onSaved(saved);
      notify(`Automation rule “${rule.name.trim()}” saved. It runs on the next import that ${rule.trigger === 'incidentCreated' ? 'creates' : 'updates'} a matching incident.`);
      onClose();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const c = rule.conditions;
  return (
    <Dialog title={rule.id ? 'Edit automation rule' : 'New automation rule'} onClose={onClose} testId="automation-dialog" wide>
      {/* Not a <form>: the source picker has its own form, and forms must not nest. */}
      <div className="rule-form">
        <div className="form-cols">
          <label className="form-row grow">
            <span>Name</span>
            <input value={rule.name} maxLength={100} onChange={(e) => set({ name: e.target.value })} data-testid="automation-name" />
          </label>
          <label className="form-row">
            <span>Order (1–1000, lower runs first)</span>
            <input type="number" min={1} max={1000} step={1} value={rule.order} onChange={(e) => set({ order: Number(e.target.value) })} className="narrow" data-testid="automation-order" />
          </label>
          <label className="check form-check">
            <input type="checkbox" checked={rule.enabled} onChange={(e) => set({ enabled: e.target.checked })} data-testid="automation-enabled" /> Enabled
          </label>
        </div>
        <fieldset className="form-group">
          <legend>Trigger</legend>
          {(['incidentCreated', 'incidentUpdated'] as const).map((t) => (
            <label key={t} className="radio-row">
              <input type="radio" name={`${id}-trigger`} checked={rule.trigger === t} onChange={() => set({ trigger: t })} data-testid={`automation-trigger-${t}`} /> {TRIGGER_LABEL[t]}
            </label>
          ))}
        </fieldset>
        <fieldset className="form-group">
          <legend>Conditions (all must match; leave empty to match every incident)</legend>
          <div className="form-cols">
            <MultiSelect label="Severity" options={SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABEL[s] }))} value={c.severities ?? []} onChange={(v) => setCond({ severities: v as Severity[] })} testId="automation-severity" />
            <MultiSelect label="Tactics" options={TACTICS.map((t) => ({ value: t.id, label: `${t.name} (${t.id})` }))} value={c.tactics ?? []} onChange={(v) => setCond({ tactics: v })} testId="automation-tactics" />
            <MultiSelect label="Sources" options={sources.map((s) => ({ value: s, label: s }))} value={c.sources ?? []} onChange={(v) => setCond({ sources: v })} allowCustom="Adapter or product name" testId="automation-sources" />
          </div>
          <div className="form-cols">
            <label className="form-row grow">
              <span>An entity is</span>
              <input value={c.entityValue ?? ''} maxLength={500} placeholder="Any entity (host, account, IP…)" onChange={(e) => setCond({ entityValue: e.target.value })} data-testid="automation-entity" />
            </label>
            <label className="form-row grow">
              <span>Incident or alert title contains</span>
              <input value={c.titleContains ?? ''} maxLength={300} placeholder="Any title" onChange={(e) => setCond({ titleContains: e.target.value })} data-testid="automation-title" />
            </label>
          </div>
        </fieldset>
        <fieldset className="form-group">
          <legend>Actions (run in this order)</legend>
          {rule.actions.length === 0 && <p className="muted">No actions yet: add one below.</p>}
          <ol className="plain action-list">
            {rule.actions.map((a, i) => (
              <li key={keys[i] ?? i} className="action-row" data-testid="automation-action">
                <span className="action-num">{i + 1}.</span>
                <span className="action-kind">{ACTION_LABEL[a.kind]}</span>
                <span className="action-edit">
                  <ActionEditor action={a} playbooks={playbooks} onChange={(x) => setAction(i, x)} />
                </span>
                <span className="row-gap">
                  <button type="button" className="icon-button" aria-label={`Move action ${i + 1} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                    ↑
                  </button>
                  <button type="button" className="icon-button" aria-label={`Move action ${i + 1} down`} disabled={i === rule.actions.length - 1} onClick={() => move(i, 1)}>
                    ↓
                  </button>
                  <button type="button" className="icon-button" aria-label={`Remove action ${i + 1}`} onClick={() => remove(i)}>
                    ✕
                  </button>
                </span>
              </li>
            ))}
          </ol>
          <div className="row-gap add-row">
            <span className="muted small">Add action:</span>
            {ACTION_KINDS.map((k) => (
              <button key={k} type="button" onClick={() => add(k)} data-testid={`automation-add-${k}`}>
                {ACTION_LABEL[k]}
              </button>
            ))}
          </div>
        </fieldset>
        <label className="form-row">
          <span>Expires (end of day, UTC; empty for never)</span>
          <input type="date" value={dateInputValue(rule.expiresAt)} onChange={(e) => set({ expiresAt: parseDateInput(e.target.value) })} className="narrow-date" />
        </label>
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
            Cancel
          </button>
          <button type="button" className="primary" disabled={busy} onClick={() => void save()} data-testid="automation-save">
            Save rule
          </button>
        </div>
      </div>
    </Dialog>
  );
};
