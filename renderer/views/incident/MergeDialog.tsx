import type { ReactNode } from 'react';
import { useEffect, useState } from 'react';
import type { IncidentRow } from '#shared/engine/api';
import { INCIDENT_STATUS_LABEL, displayText, formatCount, plural } from '../../app/format';
import { Dialog } from '../../components/Dialog';
import { SeverityBadge } from '../../components/Badges';
import { errorText, useWorkspace } from '../../app/workspace';

type Props = {
  /** Incidents offered at the start (the queue's selection, or the open incident). */
  candidates: IncidentRow[];
  /** The open incident: preselected as the target. */
  into?: string;
  onClose: () => void;
  onMerged: (into: string) => void;
};

/** Merge incidents into one; the engine applies the merge rules and says which incident blocks, if any. */
export const MergeDialog = ({ candidates, into, onClose, onMerged }: Props): ReactNode => {
  const { engine, notify } = useWorkspace();
  const [list, setList] = useState<IncidentRow[]>(candidates);
  const [chosen, setChosen] = useState<Set<string>>(new Set(candidates.map((c) => c.id)));
  const [target, setTarget] = useState(into ?? candidates[0]?.id ?? '');
  const [text, setText] = useState('');
  const [found, setFound] = useState<IncidentRow[]>([]);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    const t = setTimeout(() => {
      void engine.call('incidents/query', { offset: 0, limit: 20, filter: text.trim() ? { text: text.trim() } : {}, sort: { field: 'lastActivity', dir: 'desc' } }).then((p) => live && setFound(p.rows.filter((r) => !list.some((l) => l.id === r.id) && r.status !== 'redirected')));
    }, 200);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [engine, text, list]);

  const from = [...chosen].filter((id) => id !== target);
  const merge = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      const r = await engine.call('incidents/merge', { from, into: target });
      notify(`Merged ${plural(r.redirected.length, 'incident')} into ${r.incidentId}.`);
      onMerged(r.incidentId);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title="Merge incidents" onClose={onClose} testId="merge-dialog" wide>
      <p className="muted">The chosen incidents move their alerts into the target and are marked as merged. Each change goes to the activity log.</p>
      <table className="mini">
        <thead>
          <tr><th>Merge</th><th>Target</th><th>Incident</th><th>Severity</th><th>Status</th><th>Alerts</th></tr>
        </thead>
        <tbody>
          {list.map((r) => (
            <tr key={r.id} data-testid={`merge-row-${r.id}`}>
              <td><input type="checkbox" aria-label={`Include ${r.id}`} checked={chosen.has(r.id)} onChange={() => setChosen((s) => { const n = new Set(s); if (n.has(r.id)) n.delete(r.id); else n.add(r.id); return n; })} /></td>
              <td><input type="radio" name="merge-target" aria-label={`Merge into ${r.id}`} checked={target === r.id} onChange={() => (setTarget(r.id), setChosen((s) => new Set(s).add(r.id)))} /></td>
              <td><span className="strong">{displayText(r.customTitle ?? r.title, 120)}</span> <span className="mono muted">{r.id}</span></td>
              <td><SeverityBadge severity={r.severity} /></td>
              <td>{INCIDENT_STATUS_LABEL[r.status]}</td>
              <td>{formatCount(r.alertCount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="merge-search">
        <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="Find another incident by name, id or asset…" aria-label="Find incidents to merge" data-testid="merge-search" />
        <ul className="plain pick-list">
          {found.slice(0, 8).map((r) => (
            <li key={r.id}>
              <button type="button" className="linkish" onClick={() => (setList((l) => [...l, r]), setChosen((s) => new Set(s).add(r.id)))} data-testid={`merge-add-${r.id}`}>
                + {displayText(r.customTitle ?? r.title, 100)} <span className="mono muted">{r.id}</span> <span className="muted">· {plural(r.alertCount, 'alert')}</span>
              </button>
            </li>
          ))}
        </ul>
      </div>
      {error && <p className="error-text" role="alert" data-testid="merge-error">{error}</p>}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>Cancel</button>
        <button type="button" className="primary" disabled={busy || from.length === 0 || !target} onClick={() => void merge()} data-testid="merge-confirm">
          {from.length ? `Merge ${plural(from.length, 'incident')} into ${target}` : 'Choose incidents to merge'}
        </button>
      </div>
    </Dialog>
  );
};
