import './import-dialog.css';
import type { ReactNode } from 'react';
import { useEffect, useMemo, useState } from 'react';
import type { FileDetection, GenericMapping, ImportOptions } from '#shared/engine/api';
import type { EntityType } from '#shared/model/index';
import { ENTITY_TYPE_LABELS, ENTITY_TYPES } from '#shared/model/index';
import type { EngineClient } from '../../engine-client/index';
import { displayText } from '../../app/format';

export type ImportChoice = { file: string; options: ImportOptions };

type Props = {
  engine: EngineClient;
  detections: FileDetection[];
  onImport: (choices: ImportChoice[], zone: string) => void;
  onCancel: () => void;
};

const MAPPED = '__mapped__';

/**
 * Review before importing: each file's detected format and confidence, which the analyst can override, a field
 * mapping for formats Caseline does not know (saved by name for reuse), and the zone for naive timestamps.
 */
export const ImportDialog = ({ engine, detections, onImport, onCancel }: Props): ReactNode => {
  const [formats, setFormats] = useState<{ name: string; label: string }[]>([]);
  const [mappings, setMappings] = useState<GenericMapping[]>([]);
  const [choice, setChoice] = useState<Record<string, string>>(() => Object.fromEntries(detections.map((d) => [d.file, d.format || MAPPED])));
  const [mapping, setMapping] = useState<Record<string, GenericMapping>>({});
  const [zone, setZone] = useState('UTC');
  const [error, setError] = useState<string | undefined>(undefined);

  useEffect(() => {
    void engine.call('formats/list', undefined).then(setFormats);
    void engine.call('mappings/list', undefined).then(setMappings);
  }, [engine]);

  const zones = useMemo(() => {
    const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
    return ['UTC', ...(intl.supportedValuesOf?.('timeZone') ?? [])];
  }, []);

  const submit = (): void => {
    const out: ImportChoice[] = [];
    for (const d of detections) {
      const c = choice[d.file] ?? '';
      if (c === MAPPED) {
        const m = mapping[d.file];
        if (!m?.name || !m.time || !m.title) {
          setError(`${d.file}: choose a format, or map at least a time and a title field and name the mapping.`);
          return;
        }
        out.push({ file: d.file, options: { mapping: m } });
      } else {
        out.push({ file: d.file, options: c === d.format ? {} : { format: c } });
      }
    }
    const toSave = Object.values(mapping).filter((m) => m.name && m.time && m.title);
    void Promise.all(toSave.map((m) => engine.call('mappings/save', { mapping: m }))).finally(() => onImport(out, zone));
  };

  return (
    <div className="modal-backdrop" role="presentation">
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="import-dialog-title" data-testid="import-dialog">
        <h2 id="import-dialog-title">Import alerts</h2>
        <p className="muted">Caseline detected the format of each file from its first records. Change it if it is wrong, or map the fields of a format it does not know.</p>
        <table className="mini">
          <thead>
            <tr><th>File</th><th>Detected</th><th>Import as</th></tr>
          </thead>
          <tbody>
            {detections.map((d) => (
              <tr key={d.file} data-testid="import-dialog-row">
                <td>{displayText(d.file, 100)}</td>
                <td>
                  {d.error ? <span className="error-text">{displayText(d.error, 200)}</span> : d.format ? `${d.format} (${Math.round(d.confidence * 100)}% sure)` : <span className="muted">not recognised</span>}
                  {d.candidates.length > 1 && <div className="muted small">also: {d.candidates.slice(1, 3).map((c) => `${c.name} ${Math.round(c.confidence * 100)}%`).join(', ')}</div>}
                </td>
                <td>
                  <select aria-label={`Format of ${d.file}`} value={choice[d.file]} onChange={(e) => setChoice({ ...choice, [d.file]: e.target.value })} data-testid="import-format">
                    {formats.map((f) => (
                      <option key={f.name} value={f.name}>{f.label}</option>
                    ))}
                    <option value={MAPPED}>Other: map fields…</option>
                  </select>
                  {choice[d.file] === MAPPED && (
                    <MappingEditor fields={d.fields} saved={mappings} value={mapping[d.file]} onChange={(m) => setMapping({ ...mapping, [d.file]: m })} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <label className="field">
          Time zone for timestamps without an offset{' '}
          <select value={zone} onChange={(e) => setZone(e.target.value)} aria-label="Time zone for naive timestamps">
            {zones.map((z) => <option key={z}>{z}</option>)}
          </select>
        </label>
        {error && <p className="error-text" role="alert">{error}</p>}
        <div className="modal-actions">
          <button type="button" onClick={onCancel}>Cancel</button>
          <button type="button" className="primary" onClick={submit} autoFocus data-testid="import-confirm">Import {detections.length === 1 ? 'file' : `${detections.length} files`}</button>
        </div>
      </div>
    </div>
  );
};

const MappingEditor = ({ fields, saved, value, onChange }: { fields: string[]; saved: GenericMapping[]; value: GenericMapping | undefined; onChange: (m: GenericMapping) => void }): ReactNode => {
  const m: GenericMapping = value ?? { name: '', time: '', title: '' };
  const pick = (label: string, key: 'time' | 'title' | 'severity' | 'description' | 'id'): ReactNode => (
    <label className="field">
      {label}{' '}
      <select value={m[key] ?? ''} onChange={(e) => onChange({ ...m, [key]: e.target.value })} aria-label={`${label} field`} data-testid={`map-${key}`}>
        <option value="">—</option>
        {fields.map((f) => <option key={f} value={f}>{displayText(f, 80)}</option>)}
      </select>
    </label>
  );
  const entities = m.entities ?? [];
  return (
    <fieldset className="mapping" data-testid="mapping-editor">
      <legend>Field mapping</legend>
      {saved.length > 0 && (
        <label className="field">
          Saved mapping{' '}
          <select value="" onChange={(e) => { const s = saved.find((x) => x.name === e.target.value); if (s) onChange(s); }} aria-label="Use a saved mapping">
            <option value="">choose…</option>
            {saved.map((s) => <option key={s.name}>{s.name}</option>)}
          </select>
        </label>
      )}
      <label className="field">Name <input value={m.name} onChange={(e) => onChange({ ...m, name: e.target.value })} placeholder="e.g. Firewall CSV" aria-label="Mapping name" data-testid="map-name" /></label>
      {pick('Time', 'time')}
      {pick('Title', 'title')}
      {pick('Severity', 'severity')}
      {pick('Description', 'description')}
      {pick('Alert id', 'id')}
      {entities.map((e, i) => (
        <div key={i} className="field">
          <select value={e.type} aria-label="Entity type" onChange={(ev) => onChange({ ...m, entities: entities.map((x, j) => (j === i ? { ...x, type: ev.target.value as EntityType } : x)) })}>
            {ENTITY_TYPES.map((t) => <option key={t} value={t}>{ENTITY_TYPE_LABELS[t]}</option>)}
          </select>
          <select value={e.field} aria-label="Entity field" onChange={(ev) => onChange({ ...m, entities: entities.map((x, j) => (j === i ? { ...x, field: ev.target.value } : x)) })}>
            {fields.map((f) => <option key={f} value={f}>{displayText(f, 80)}</option>)}
          </select>
          <button type="button" onClick={() => onChange({ ...m, entities: entities.filter((_, j) => j !== i) })} aria-label="Remove entity field">✕</button>
        </div>
      ))}
      <button type="button" onClick={() => onChange({ ...m, entities: [...entities, { type: 'device', field: fields[0] ?? '' }] })}>Add entity field</button>
    </fieldset>
  );
};
