import type { ReactNode } from 'react';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { NoiseEntry } from '#shared/correlate/noise';
import type { SettingsPreview } from '#shared/correlate/preview';
import type { CorrelationSettings } from '#shared/correlate/settings';
import { ENTITY_TYPE_LABELS } from '#shared/model/index';
import { displayText, formatCount, plural } from '../../app/format';
import { errorText, useWorkspace } from '../../app/workspace';
import type { CorrelationForm, Duration, DurationUnit } from './correlation-model';
import { addLine, allowEntryFor, formOf, formProblems, listHas, settingsKey, settingsOf } from './correlation-model';
import './correlation.css';

const NOISE_ROWS = 200;

type DurationFieldProps = { label: string; help: string; value: Duration; onChange: (d: Duration) => void; testId: string };

const DurationField = ({ label, help, value, onChange, testId }: DurationFieldProps): ReactNode => {
  const id = useId();
  return (
    <div className="corr-field">
      <label htmlFor={id}>{label}</label>
      <div className="corr-duration">
        <input id={id} type="number" min={1} step="any" className="corr-num" value={value.value} onChange={(e) => onChange({ ...value, value: e.target.value })} data-testid={`${testId}-value`} />
        <select aria-label={`${label} unit`} value={value.unit} onChange={(e) => onChange({ ...value, unit: e.target.value as DurationUnit })} data-testid={`${testId}-unit`}>
          <option value="min">minutes</option>
          <option value="h">hours</option>
        </select>
      </div>
      <span className="corr-help">{help}</span>
    </div>
  );
};

type NumberFieldProps = { label: string; help: string; value: string; onChange: (v: string) => void; testId: string; min: number };

const NumberField = ({ label, help, value, onChange, testId, min }: NumberFieldProps): ReactNode => {
  const id = useId();
  return (
    <div className="corr-field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="number" min={min} step={1} className="corr-num" value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId} />
      <span className="corr-help">{help}</span>
    </div>
  );
};

const PreviewPanel = ({ p }: { p: SettingsPreview }): ReactNode => {
  const delta = p.incidentsAfter - p.incidentsBefore;
  return (
    <div className="corr-preview" data-testid="correlation-preview" aria-live="polite">
      <h3>If applied</h3>
      <p className="corr-counts">
        Incidents: <strong data-testid="preview-incidents-before">{formatCount(p.incidentsBefore)}</strong> →{' '}
        <strong data-testid="preview-incidents-after">{formatCount(p.incidentsAfter)}</strong>{' '}
        <span className="muted">({delta === 0 ? 'no change in number' : `${delta > 0 ? '+' : '−'}${formatCount(Math.abs(delta))}`}, {plural(p.alerts, 'alert')})</span>
      </p>
      <ul className="corr-stats">
        <li data-testid="preview-merges">{plural(p.merges, 'new incident')} would merge alerts of two or more current incidents</li>
        <li data-testid="preview-splits">{plural(p.splits, 'current incident')} would split into two or more</li>
        <li data-testid="preview-moved">{plural(p.alertsMoved, 'alert')} would change incident</li>
      </ul>
      {p.mergeExamples.length > 0 && (
        <details>
          <summary>Largest merges</summary>
          <ul className="corr-examples">
            {p.mergeExamples.map((m) => (
              <li key={m.into}>{m.from.map((id) => displayText(id, 60)).join(' + ')} → one incident</li>
            ))}
          </ul>
        </details>
      )}
      {p.splitExamples.length > 0 && (
        <details>
          <summary>Largest splits</summary>
          <ul className="corr-examples">
            {p.splitExamples.map((s) => (
              <li key={s.from}>{displayText(s.from, 60)} → {plural(s.into.length, 'incident')}</li>
            ))}
          </ul>
        </details>
      )}
      {p.newNoise.length > 0 && (
        <details>
          <summary>{plural(p.newNoise.length, 'entity', 'entities')} would become noise</summary>
          <ul className="corr-examples">
            {p.newNoise.map((n) => (
              <li key={n.key}><span className="corr-value">{displayText(n.value, 120)}</span> <span className="muted">({plural(n.alertCount, 'alert')})</span></li>
            ))}
          </ul>
        </details>
      )}
      {p.noLongerNoise.length > 0 && (
        <details>
          <summary>{plural(p.noLongerNoise.length, 'entity', 'entities')} would stop being noise</summary>
          <ul className="corr-examples">
            {p.noLongerNoise.map((n) => (
              <li key={n.key}><span className="corr-value">{displayText(n.value, 120)}</span> <span className="muted">({plural(n.alertCount, 'alert')})</span></li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
};

const NoiseTable = ({ noise, allowText, onAllow }: { noise: NoiseEntry[]; allowText: string; onAllow: (line: string) => void }): ReactNode => {
  const [filter, setFilter] = useState('');
  const filterId = useId();
  const rows = useMemo(() => {
    const q = filter.trim().toLowerCase();
    if (!q) return noise;
    return noise.filter((n) => n.value.toLowerCase().includes(q) || n.why.toLowerCase().includes(q) || (ENTITY_TYPE_LABELS[n.type] ?? n.type).toLowerCase().includes(q));
  }, [noise, filter]);
  return (
    <div className="corr-noise" data-testid="noise-section">
      <h3>Entities treated as noise</h3>
      <p className="muted small">These entities are in too many alerts or periods (or on the deny list) to link alerts on their own. “Never treat as noise” adds one to the allow list above; preview and apply to regroup.</p>
      <div className="corr-noise-filter">
        <label htmlFor={filterId}>Filter</label>
        <input id={filterId} type="search" value={filter} placeholder="type, value or reason" onChange={(e) => setFilter(e.target.value)} data-testid="noise-filter" />
        <span className="muted small" data-testid="noise-count">
          {rows.length > NOISE_ROWS ? `first ${formatCount(NOISE_ROWS)} of ${formatCount(rows.length)}` : plural(rows.length, 'entity', 'entities')}
          {filter.trim() ? ` of ${formatCount(noise.length)}` : ''}
        </span>
      </div>
      {rows.length === 0 ? (
        <p className="muted">{noise.length === 0 ? 'No entity is treated as noise in this case.' : 'No entity matches the filter.'}</p>
      ) : (
        <div className="corr-noise-scroll">
          <table className="mini corr-noise-table" data-testid="noise-table">
            <thead>
              <tr>
                <th className="corr-type">Type</th>
                <th className="corr-value-col">Value</th>
                <th className="num">Alerts</th>
                <th>Why</th>
                <th><span className="sr-only">Action</span></th>
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, NOISE_ROWS).map((n) => {
                const line = allowEntryFor(n);
                const listed = line !== undefined && listHas(allowText, line);
                return (
                  <tr key={n.key} data-testid="noise-row">
                    <td className="corr-type">{displayText(ENTITY_TYPE_LABELS[n.type] ?? n.type, 40)}</td>
                    <td className="corr-value corr-value-col" data-testid="noise-value">{displayText(n.value, 200)}</td>
                    <td className="num">{formatCount(n.alertCount)}</td>
                    <td data-testid="noise-why">{displayText(n.why, 400)}</td>
                    <td className="corr-action">
                      {line === undefined ? (
                        <span className="muted small" title="The value contains * or a line break, so it cannot be listed exactly.">Cannot be listed</span>
                      ) : (
                        <button type="button" disabled={listed} onClick={() => onAllow(line)} data-testid="noise-allow">
                          {listed ? 'In the allow list' : 'Never treat as noise'}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
};

/** Correlation settings: edit, preview how incidents would change, apply; and the entities treated as noise. */
export const CorrelationSettingsSection = (): ReactNode => {
  const { engine, version, notify } = useWorkspace();
  const [base, setBase] = useState<CorrelationSettings | undefined>(undefined);
  const [noise, setNoise] = useState<NoiseEntry[]>([]);
  const [form, setForm] = useState<CorrelationForm | undefined>(undefined);
  const [preview, setPreview] = useState<{ key: string; result: SettingsPreview } | undefined>(undefined);
  const [busy, setBusy] = useState<'preview' | 'apply' | undefined>(undefined);
  const [applied, setApplied] = useState<number | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const formRef = useRef(form);
  formRef.current = form;
  const baseRef = useRef(base);
  baseRef.current = base;
  const allowId = useId();
  const denyId = useId();

  useEffect(() => {
    let live = true;
    engine.call('correlation/settings', undefined).then(
      (r) => {
        if (!live) return;
        const prev = baseRef.current;
        const f = formRef.current;
        // Keep the analyst's unsaved edits; otherwise follow the stored settings.
        if (!f || !prev || settingsKey(settingsOf(f, prev)) === settingsKey(prev)) setForm(formOf(r.settings));
        setBase(r.settings);
        setNoise(r.noise);
        setPreview(undefined);
      },
      (err: unknown) => live && setError(errorText(err)),
    );
    return () => {
      live = false;
    };
  }, [engine, version]);

  if (!form || !base) {
    return (
      <section className="settings-block correlation" aria-label="Correlation" data-testid="correlation-settings">
        <h2>Correlation</h2>
        {error ? <p className="error-text">{error}</p> : <p className="muted">Loading…</p>}
      </section>
    );
  }

  const problems = formProblems(form);
  const next = settingsOf(form, base);
  const key = settingsKey(next);
  const dirty = key !== settingsKey(base);
  const previewed = preview !== undefined && preview.key === key;
  const edit = (patch: Partial<CorrelationForm>): void => {
    setForm({ ...form, ...patch });
    setApplied(undefined);
  };

  const runPreview = (): void => {
    setBusy('preview');
    setError(undefined);
    engine.call('correlation/preview', { settings: next }).then(
      (result) => (setPreview({ key, result }), setBusy(undefined)),
      (err: unknown) => (setError(errorText(err)), setBusy(undefined)),
    );
  };
  const apply = (): void => {
    setBusy('apply');
    setError(undefined);
    engine.call('correlation/apply', { settings: next }).then(
      ({ changed }) => {
        setBusy(undefined);
        setApplied(changed);
        setPreview(undefined);
        setBase(next);
        notify(`Correlation settings applied: ${plural(changed, 'incident')} changed.`);
      },
      (err: unknown) => (setError(errorText(err)), setBusy(undefined)),
    );
  };

  return (
    <section className="settings-block correlation" aria-label="Correlation" data-testid="correlation-settings">
      <h2>Correlation</h2>
      <p className="muted">
        How alerts are grouped into incidents: two alerts that share a significant entity link when the later starts within the window of the earlier. Preview a change to see how
        incidents would change before applying it.
      </p>
      <form
        className="corr-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (problems.length === 0 && !busy) runPreview();
        }}
      >
        <div className="corr-grid">
          <DurationField label="Window" help="Shared entity, later alert starts within this time." value={form.window} onChange={(d) => edit({ window: d })} testId="corr-window" />
          <DurationField label="Sequence window" help="Longer, for a later kill-chain step." value={form.sequenceWindow} onChange={(d) => edit({ sequenceWindow: d })} testId="corr-sequence" />
          <DurationField label="Repeat window" help="Same detection repeated on the same entities." value={form.repeatWindow} onChange={(d) => edit({ repeatWindow: d })} testId="corr-repeat" />
          <NumberField label="Noise threshold (alerts)" help="An entity in more alerts than this is noise." min={2} value={form.noiseThreshold} onChange={(v) => edit({ noiseThreshold: v })} testId="corr-threshold" />
          <NumberField label="Noise periods" help="Present in more windows than this (within 7 days) is noise." min={1} value={form.noisePeriods} onChange={(v) => edit({ noisePeriods: v })} testId="corr-periods" />
          <NumberField label="Max alerts per incident" help="A bigger group splits by time." min={1} value={form.maxAlertsPerIncident} onChange={(v) => edit({ maxAlertsPerIncident: v })} testId="corr-max-alerts" />
        </div>
        <div className="corr-lists">
          <div className="corr-field">
            <label htmlFor={allowId}>Allow list: never noise</label>
            <textarea id={allowId} rows={6} spellCheck={false} value={form.allowList} onChange={(e) => edit({ allowList: e.target.value })} data-testid="corr-allow" />
            <span className="corr-help">One value, key or glob (with *) a line. Wins over everything else.</span>
          </div>
          <div className="corr-field">
            <label htmlFor={denyId}>Deny list: always noise</label>
            <textarea id={denyId} rows={6} spellCheck={false} value={form.denyList} onChange={(e) => edit({ denyList: e.target.value })} data-testid="corr-deny" />
            <span className="corr-help">One value, key or glob a line (system binaries, built-in accounts…).</span>
          </div>
        </div>
        {problems.length > 0 && (
          <ul className="error-text corr-problems" data-testid="corr-problems">
            {problems.map((p) => <li key={p}>{p}</li>)}
          </ul>
        )}
        {error && <p className="error-text" role="alert">{error}</p>}
        <div className="corr-buttons">
          <button type="submit" disabled={problems.length > 0 || busy !== undefined || previewed || !dirty} data-testid="corr-preview">
            {busy === 'preview' ? 'Previewing…' : 'Preview'}
          </button>
          <button
            type="button"
            className="primary"
            disabled={!previewed || !dirty || busy !== undefined}
            title={previewed ? undefined : 'Preview the current edits first'}
            onClick={apply}
            data-testid="corr-apply"
          >
            {busy === 'apply' ? 'Applying…' : 'Apply'}
          </button>
          <button type="button" disabled={!dirty || busy !== undefined} onClick={() => (setForm(formOf(base)), setPreview(undefined))} data-testid="corr-reset">
            Discard edits
          </button>
          <span className="muted small">
            {!dirty ? 'No changes.' : previewed ? 'Preview is of the current edits.' : 'Preview the edits before applying them.'}
          </span>
        </div>
      </form>
      {applied !== undefined && (
        <p className="corr-notice" role="status" data-testid="corr-applied">
          Applied: {plural(applied, 'incident')} changed.
        </p>
      )}
      {preview && previewed && <PreviewPanel p={preview.result} />}
      <NoiseTable noise={noise} allowText={form.allowList} onAllow={(line) => edit({ allowList: addLine(form.allowList, line) })} />
    </section>
  );
};
