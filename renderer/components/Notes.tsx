import type { ReactNode } from 'react';
import { useCallback, useEffect, useState } from 'react';
import type { Comment } from '#shared/model/index';
import { displayText, formatTime } from '../app/format';
import { errorText, useWorkspace } from '../app/workspace';

/** Analyst notes on an incident, alert or entity (comments/list, comments/add); text only, never markup. */
export const Notes = ({ targetId, testId, onAdded }: { targetId: string; testId?: string; onAdded?: () => void }): ReactNode => {
  const { engine, version } = useWorkspace();
  const [comments, setComments] = useState<Comment[] | undefined>(undefined);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const reload = useCallback(() => {
    void engine.call('comments/list', { targetId }).then(setComments, (e: unknown) => setError(errorText(e)));
  }, [engine, targetId]);
  useEffect(reload, [reload, version]);
  const add = async (): Promise<void> => {
    const text = draft.trim();
    if (!text) return;
    try {
      await engine.call('comments/add', { targetId, text });
      setDraft('');
      reload();
      onAdded?.();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <div className="notes" data-testid={testId}>
      {comments === undefined ? <p className="muted">Loading notes…</p> : comments.length === 0 ? <p className="muted">No notes yet. Write what you found, what you ruled out, and what is next.</p> : null}
      <ul className="plain note-list">
        {comments?.map((c) => (
          <li key={c.id ?? c.at} className="note">
            <div className="note-meta">
              <span className="strong">{displayText(c.by, 80)}</span> <span className="muted">{formatTime(c.at)}</span>
            </div>
            <div className="prewrap">{displayText(c.text, 30_000)}</div>
          </li>
        ))}
      </ul>
      {error && <p className="error-text" role="alert">{error}</p>}
      <form
        className="note-form"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <textarea value={draft} onChange={(e) => setDraft(e.target.value)} aria-label="New note" placeholder="Add a note…" rows={3} maxLength={30_000} onKeyDown={(e) => e.key === 'Enter' && (e.ctrlKey || e.metaKey) && (e.preventDefault(), void add())} />
        <button type="submit" className="primary" disabled={!draft.trim()}>
          Add note
        </button>
      </form>
    </div>
  );
};
