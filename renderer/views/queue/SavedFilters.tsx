import type { ReactNode } from 'react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useDismiss } from '../../components/use-dismiss';
import type { SavedFilter } from '#shared/engine/api';
import { displayText } from '../../app/format';
import { errorText, useWorkspace } from '../../app/workspace';
import type { QueueKind } from './filter-model';

/** Named filter sets (filters/list|save|delete), per queue. */
export const SavedFilters = ({ kind, query, onApply }: { kind: QueueKind; query: string; onApply: (query: string) => void }): ReactNode => {
  const { engine, notify } = useWorkspace();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useDismiss(root, open, useCallback(() => setOpen(false), []));
  const [list, setList] = useState<SavedFilter[]>([]);
  const [name, setName] = useState('');
  useEffect(() => {
    if (open) void engine.call('filters/list', undefined).then(setList, (e: unknown) => notify(errorText(e), 'error'));
  }, [engine, open, notify]);
  const mine = list.filter((f) => f.view === kind);
  const run = (p: Promise<SavedFilter[]>, done: string): void =>
    void p.then(
      (l) => {
        setList(l);
        notify(done);
      },
      (e: unknown) => notify(errorText(e), 'error'),
    );
  return (
    <div className="ms" ref={root}>
      <button type="button" className="ms-button" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="saved-filters">
        Saved filters <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div className="ms-panel saved-panel" role="group" aria-label="Saved filters">
          {mine.length === 0 && <p className="muted">No saved filters for this queue yet.</p>}
          <ul className="plain">
            {mine.map((f) => (
              <li key={f.name} className="saved-row">
                <button type="button" className="linkish" onClick={() => (onApply(f.query), setOpen(false))} data-testid={`saved-${f.name}`}>
                  {displayText(f.name, 60)}
                </button>
                <button type="button" className="icon-button" aria-label={`Delete saved filter ${displayText(f.name, 60)}`} onClick={() => run(engine.call('filters/delete', { name: f.name }), 'Saved filter deleted.')}>
                  ✕
                </button>
              </li>
            ))}
          </ul>
          <form
            className="ms-custom"
            onSubmit={(e) => {
              e.preventDefault();
              if (!name.trim()) return;
              run(engine.call('filters/save', { name: name.trim(), view: kind, query }), `Saved “${displayText(name.trim(), 60)}”.`);
              setName('');
            }}
          >
            <input value={name} onChange={(e) => setName(e.target.value)} placeholder="Name this filter" aria-label="Name for the current filter" maxLength={100} data-testid="saved-filter-name" />
            <button type="submit" disabled={!name.trim()} data-testid="saved-filter-save">Save current</button>
          </form>
        </div>
      )}
    </div>
  );
};
