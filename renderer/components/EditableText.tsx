import type { ReactNode } from 'react';
import { useState } from 'react';
import { displayText } from '../app/format';

type Props = { value: string; onSave: (v: string) => void; label: string; testId?: string; maxLength?: number };

/** Text with an edit button; Enter saves, Escape cancels. */
export const EditableText = ({ value, onSave, label, testId, maxLength = 500 }: Props): ReactNode => {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(value);
  if (!editing) {
    return (
      <span className="editable">
        <span data-testid={testId}>{displayText(value, 300)}</span>
        <button type="button" className="icon-button" aria-label={`Edit ${label}`} title={`Edit ${label}`} onClick={() => (setDraft(value), setEditing(true))} data-testid={testId ? `${testId}-edit` : undefined}>
          ✎
        </button>
      </span>
    );
  }
  return (
    <form
      className="editable editing"
      onSubmit={(e) => {
        e.preventDefault();
        setEditing(false);
        if (draft.trim() && draft !== value) onSave(draft.trim());
      }}
    >
      <input autoFocus aria-label={label} value={draft} maxLength={maxLength} onChange={(e) => setDraft(e.target.value)} onKeyDown={(e) => e.key === 'Escape' && setEditing(false)} data-testid={testId ? `${testId}-input` : undefined} />
      <button type="submit" className="primary">Save</button>
      <button type="button" onClick={() => setEditing(false)}>Cancel</button>
    </form>
  );
};
