import type { ReactNode } from 'react';
import { useEffect, useState } from 'react';
import type { IncidentRow } from '#shared/engine/api';
import { displayText, plural } from '../../app/format';
import { Dialog } from '../../components/Dialog';
import { SeverityBadge } from '../../components/Badges';
import { errorText, useWorkspace } from '../../app/workspace';

type Props = { alertIds: string[]; from: string; onClose: () => void; onMoved: (to: string) => void };

/** Move alerts out to a new incident or into another one. Moves are pinned: later correlation keeps them there. */
export const MoveAlertsDialog = ({ alertIds, from, onClose, onMoved }: Props): ReactNode => {
  const { engine, notify } = useWorkspace();
  const [to, setTo] = useState<string>('new');
  const [text, setText] = useState('');
  const [found, setFound] = useState<IncidentRow[]>([]);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let live = true;
    const t = setTimeout(() => {
      void engine
        .call('incidents/query', { offset: 0, limit: 30, filter: text.trim() ? { text: text.trim() } : {}, sort: { field: 'lastActivity', dir: 'desc' } })
        .then((p) => live && setFound(p.rows.filter((r) => r.id !== from && r.status !== 'redirected')));
    }, 200);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [engine, text, from]);
  const move = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      const r = await engine.call('incidents/moveAlerts', { alertIds, to });
      notify(`Moved ${plural(alertIds.length, 'alert')} to ${r.incidentId}.`);
      onMoved(r.incidentId);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog title={`Move ${plural(alertIds.length, 'alert')}`} onClose={onClose} testId="move-dialog" wide>
      <fieldset className="plain-fieldset">
        <legend className="muted">Move the selected alerts out of {from} to:</legend>
        <label className="radio-row">
          <input type="radio" name="move-to" checked={to === 'new'} onChange={() => setTo('new')} data-testid="move-new" /> A new incident
        </label>
        <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="Or find an incident by name, id or asset…" aria-label="Find the target incident" data-testid="move-search" />
        <ul className="plain pick-list">
          {found.slice(0, 10).map((r) => (
            <li key={r.id}>
              <label className="radio-row">
                <input type="radio" name="move-to" checked={to === r.id} onChange={() => setTo(r.id)} data-testid={`move-to-${r.id}`} />
                <SeverityBadge severity={r.severity} /> <span className="strong">{displayText(r.customTitle ?? r.title, 100)}</span> <span className="mono muted">{r.id}</span> <span className="muted">· {plural(r.alertCount, 'alert')}</span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      {error && <p className="error-text" role="alert" data-testid="move-error">{error}</p>}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>Cancel</button>
        <button type="button" className="primary" disabled={busy} onClick={() => void move()} data-testid="move-confirm">
          Move to {to === 'new' ? 'a new incident' : to}
        </button>
      </div>
    </Dialog>
  );
};
