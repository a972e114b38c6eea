import type { ReactNode } from 'react';
import { useState } from 'react';
import { displayText } from '../app/format';

/** Tags as chips; ✕ removes one, the field adds one on Enter. */
export const TagEditor = ({ tags, onChange, testId }: { tags: readonly string[]; onChange: (tags: string[]) => void; testId?: string }): ReactNode => {
  const [draft, setDraft] = useState('');
  return (
    <span className="tag-editor" data-testid={testId}>
      {tags.map((t) => (
        <span key={t} className="tag">
          {displayText(t, 60)}
          <button type="button" className="tag-remove" aria-label={`Remove tag ${displayText(t, 60)}`} onClick={() => onChange(tags.filter((x) => x !== t))}>
            ✕
          </button>
        </span>
      ))}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const v = draft.trim();
          if (v && !tags.includes(v)) onChange([...tags, v]);
          setDraft('');
        }}
      >
        <input className="tag-input" value={draft} placeholder="Add tag" aria-label="Add tag" maxLength={100} onChange={(e) => setDraft(e.target.value)} />
      </form>
    </span>
  );
};
