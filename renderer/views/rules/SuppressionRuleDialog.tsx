import type { ReactNode } from 'react';
import { useEffect, useId, useState } from 'react';
import type { EntityType } from '#shared/model/index';
import { ENTITY_TYPE_LABELS } from '#shared/model/index';
import type { SuppressionRule } from '#shared/respond/types';
import { displayText, formatCount, plural } from '../../app/format';
import { errorText, useWorkspace } from '../../app/workspace';
import { Dialog } from '../../components/Dialog';
import { SUPPRESSION_ENTITY_TYPES, cleanSuppression, dateInputValue, parseDateInput, suppressionProblems } from './rules-model';
import './rules.css';

type Props = {
  /** A draft from suppression/suggest, or a saved rule to edit. */
  initial: SuppressionRule;
  isNew: boolean;
  onClose: () => void;
  onSaved?: (rules: SuppressionRule[]) => void;
};

type Preview = { count: number; samples: { id: string; title: string }[] } | { error: string } | undefined;

/**
 * Create or edit a suppression rule: conditions on detector, title, source and entity, a scope and an expiry,
 * with a live count of the existing alerts it matches. Saving protects future imports; "save and dismiss" also
 * dismisses the matching alerts already in the case, each recording the rule.
 */
export const SuppressionRuleDialog = ({ initial, isNew, onClose, onSaved }: Props): ReactNode => {
  const { engine, notify } = useWorkspace();
  const [rule, setRule] = useState<SuppressionRule>(initial);
  const [sources, setSources] = useState<string[]>([]);
  const [preview, setPreview] = useState<Preview>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const [tried, setTried] = useState(false);
  const id = useId();
  const problems = suppressionProblems(rule);
  const valid = Object.keys(problems).length === 0;

  useEffect(() => void engine.call('case/stats', undefined).then((s) => setSources(s.sources), () => undefined), [engine]);

  // Live preview: how many alerts already in the case these conditions match (ignores enabled and expiry).
  const clean = cleanSuppression(rule);
  const previewKey = JSON.stringify([clean.conditions, clean.scope]);
  useEffect(() => {
    if (problems.conditions || problems.scope) {
      setPreview(undefined);
      return undefined;
    }
    let live = true;
    const t = setTimeout(() => {
      void engine.call('suppression/preview', { rule: clean }).then(
        async (p) => {
          const samples = (await Promise.all(p.sampleIds.slice(0, 5).map((sid) => engine.call('alerts/get', { id: sid }).catch(() => undefined)))).filter((a) => !!a).map((a) => ({ id: a.id, title: a.title }));
          if (live) setPreview({ count: p.count, samples });
        },
        (e: unknown) => live && setPreview({ error: errorText(e) }),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(t);
    };
    // previewKey stands for the conditions and scope: the preview reruns only when they change.
  }, [engine, previewKey]);

  const set = (patch: Partial<SuppressionRule>): void => setRule((r) => ({ ...r, ...patch }));
  const setCond = (patch: Partial<SuppressionRule['conditions']>): void => setRule((r) => ({ ...r, conditions: { ...r.conditions, ...patch } }));

  const save = async (apply: boolean): Promise<void> => {
    setTried(true);
    if (!valid) return;
    setBusy(true);
    setError(undefined);
    try {
      const saved = await engine.call('suppression/save', { rule: clean });
      // A new rule gets its id from the engine: it is the latest saved one with this name.
      const stored = saved.find((r) => clean.id && r.id === clean.id) ?? saved.filter((r) => r.name === clean.name).sort((a, b) => (b.updatedAt ?? 0) - (a.updatedAt ?? 0))[0];
      let dismissed = 0;
      if (apply && stored) dismissed = (await engine.call('suppression/apply', { id: stored.id })).suppressed;
      onSaved?.(saved);
      notify(apply ? `Rule “${clean.name}” saved; ${plural(dismissed, 'alert')} dismissed. Future imports are checked against it.` : `Rule “${clean.name}” saved. Future imports are checked against it.`);
      onClose();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const scopes = [...new Set(['all', ...sources, rule.scope])].filter(Boolean);
  const entityType = rule.conditions.entity?.type;
  const show = (f: keyof typeof problems): string | undefined => (tried || f === 'conditions' ? problems[f] : undefined);
  const count = preview && 'count' in preview ? preview.count : undefined;

  return (
    <Dialog title={isNew ? 'Suppress similar alerts' : 'Edit suppression rule'} onClose={onClose} testId="suppression-dialog" wide>
      <form
        className="rule-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save(false);
        }}
      >
        <p className="muted">Alerts that match every condition below are dismissed (resolved) with this rule recorded on them. Future imports are always checked; alerts already in the case only when you ask.</p>
        <label className="form-row">
          <span>Name</span>
          <input value={rule.name} maxLength={50} onChange={(e) => set({ name: e.target.value })} aria-invalid={!!show('name')} aria-describedby={show('name') ? `${id}-name` : undefined} data-testid="suppression-name" />
        </label>
        {show('name') && <p className="field-error" id={`${id}-name`}>{show('name')}</p>}
        <fieldset className="form-group">
          <legend>Conditions (all must match)</legend>
          <label className="form-row">
            <span>Detector (rule or signature id)</span>
            <input className="mono" value={rule.conditions.detectorId ?? ''} maxLength={300} placeholder="Any detector" onChange={(e) => setCond({ detectorId: e.target.value })} data-testid="suppression-detector" />
          </label>
          <label className="form-row">
            <span>Title contains</span>
            <input value={rule.conditions.titleContains ?? ''} maxLength={300} placeholder="Any title" onChange={(e) => setCond({ titleContains: e.target.value })} data-testid="suppression-title" />
          </label>
          <label className="form-row">
            <span>Source or product</span>
            <input value={rule.conditions.source ?? ''} maxLength={200} placeholder="Any source" onChange={(e) => setCond({ source: e.target.value })} data-testid="suppression-source" />
          </label>
          <div className="form-row">
            <span id={`${id}-entity`}>Entity</span>
            <span className="row-gap" role="group" aria-labelledby={`${id}-entity`}>
              <select
                value={entityType ?? ''}
                aria-label="Entity type"
                onChange={(e) => setCond({ entity: e.target.value ? { type: e.target.value as EntityType, value: rule.conditions.entity?.value ?? '' } : undefined })}
                data-testid="suppression-entity-type"
              >
                <option value="">Any entity</option>
                {[...new Set([...SUPPRESSION_ENTITY_TYPES, ...(entityType ? [entityType] : [])])].map((t) => (
                  <option key={t} value={t}>
                    {ENTITY_TYPE_LABELS[t]}
                  </option>
                ))}
              </select>
              <input
                className="grow"
                value={rule.conditions.entity?.value ?? ''}
                maxLength={500}
                disabled={!entityType}
                aria-label="Entity value"
                placeholder={entityType ? 'Value (case-insensitive)' : 'Choose a type first'}
                onChange={(e) => entityType && setCond({ entity: { type: entityType, value: e.target.value } })}
                data-testid="suppression-entity-value"
              />
            </span>
          </div>
          {show('conditions') && <p className="field-error">{show('conditions')}</p>}
        </fieldset>
        <div className="form-cols">
          <label className="form-row">
            <span>Scope</span>
            <select value={rule.scope} onChange={(e) => set({ scope: e.target.value })} data-testid="suppression-scope">
              {scopes.map((s) => (
                <option key={s} value={s}>
                  {s === 'all' ? 'All sources' : `Only ${displayText(s, 60)}`}
                </option>
              ))}
            </select>
          </label>
          <label className="form-row">
            <span>Expires (end of day, UTC)</span>
            <input type="date" value={dateInputValue(rule.expiresAt)} onChange={(e) => set({ expiresAt: parseDateInput(e.target.value) })} aria-invalid={!!show('expiresAt')} data-testid="suppression-expires" />
          </label>
          <label className="check form-check">
            <input type="checkbox" checked={rule.enabled} onChange={(e) => set({ enabled: e.target.checked })} data-testid="suppression-enabled" /> Enabled
          </label>
        </div>
        {show('expiresAt') && <p className="field-error">{show('expiresAt')}</p>}
        <label className="form-row">
          <span>Reason</span>
          <textarea rows={2} value={rule.reason} maxLength={2000} placeholder="Why these alerts are expected (scanner, test, known tool)…" onChange={(e) => set({ reason: e.target.value })} data-testid="suppression-reason" />
        </label>
        <div className="preview-box" aria-live="polite" data-testid="suppression-preview">
          {preview === undefined && !problems.conditions && <span className="muted">Counting matching alerts…</span>}
          {preview === undefined && problems.conditions && <span className="muted">Add a condition to see how many alerts match.</span>}
          {preview && 'error' in preview && <span className="error-text">{preview.error}</span>}
          {preview && 'count' in preview && (
            <>
              <div>
                <strong data-testid="suppression-preview-count">{formatCount(preview.count)}</strong> {preview.count === 1 ? 'alert in this case matches' : 'alerts in this case match'} these conditions
                {preview.count > 0 ? ' (including any already dismissed).' : '.'}
              </div>
              {preview.samples.length > 0 && (
                <ul className="plain preview-samples">
                  {preview.samples.map((s) => (
                    <li key={s.id} className="nowrap-cut">
                      <span className="mono muted">{s.id}</span> {displayText(s.title, 200)}
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
        </div>
        {error && <p className="error-text" role="alert">{error}</p>}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" disabled={busy} data-testid="suppression-save">
            Save rule
          </button>
          <button type="button" className="primary" disabled={busy || !rule.enabled || count === 0} onClick={() => void save(true)} data-testid="suppression-save-apply">
            {count === undefined ? 'Save and dismiss matching alerts' : `Save and dismiss ${plural(count, 'matching alert')}`}
          </button>
        </div>
      </form>
    </Dialog>
  );
};
