import type { ReactNode } from 'react';
import { useEffect, useState } from 'react';
import type { ChecklistItem } from '#shared/engine/api';
import { displayText } from '../../app/format';
import { splitMitigationText } from './respond-model';
import './respond.css';

type RowProps = { item: ChecklistItem; onChange?: ((item: ChecklistItem) => void) | undefined; split: boolean };

const ChecklistRow = ({ item, onChange, split }: RowProps): ReactNode => {
  const [editing, setEditing] = useState(false);
  const [comment, setComment] = useState(item.comment);
  useEffect(() => setComment(item.comment), [item.comment]);
  const parts = split ? splitMitigationText(item.text) : { head: item.text, how: '' };
  const saveComment = (): void => {
    setEditing(false);
    if (comment.trim() !== item.comment) onChange?.({ ...item, comment: comment.trim() });
  };
  return (
    <li className={`check-item${item.done ? ' done' : ''}`} data-testid="check-item" data-item-id={item.id}>
      <input
        type="checkbox"
        checked={item.done}
        disabled={!onChange}
        aria-label={`Done: ${displayText(parts.head, 160)}`}
        onChange={(e) => onChange?.({ ...item, done: e.target.checked })}
        data-testid="check-item-done"
      />
      <div className="check-body">
        <div className="prewrap">
          {parts.how ? <span className="strong">{displayText(parts.head, 300)}</span> : displayText(parts.head, 2000)}
          {parts.how && <span className="check-how"> {displayText(parts.how, 2000)}</span>}
        </div>
        {item.comment && !editing && (
          <div className="check-comment prewrap" data-testid="check-item-comment">
            {displayText(item.comment, 4000)}
          </div>
        )}
        {editing && (
          <form
            className="check-comment-form"
            onSubmit={(e) => {
              e.preventDefault();
              saveComment();
            }}
          >
            <textarea value={comment} rows={2} maxLength={4000} aria-label="Comment" placeholder="What was done, by whom, or why it does not apply" autoFocus onChange={(e) => setComment(e.target.value)} onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), setComment(item.comment), setEditing(false))} />
            <span className="row-gap">
              <button type="submit" className="primary" data-testid="check-item-comment-save">Save comment</button>
              <button type="button" onClick={() => (setComment(item.comment), setEditing(false))}>Cancel</button>
            </span>
          </form>
        )}
      </div>
      {onChange && !editing && (
        <button type="button" className="linkish small nowrap" onClick={() => setEditing(true)} data-testid="check-item-comment-edit">
          {item.comment ? 'Edit comment' : 'Comment'}
        </button>
      )}
    </li>
  );
};

/** A checklist the analyst ticks and comments; read-only when there is nowhere to save it (no `onChange`). */
export const Checklist = ({ items, onChange, split = false, testId }: { items: readonly ChecklistItem[]; onChange?: ((item: ChecklistItem) => void) | undefined; split?: boolean; testId?: string }): ReactNode => (
  <ul className="plain checklist" data-testid={testId}>
    {items.map((i) => (
      <ChecklistRow key={i.id} item={i} onChange={onChange} split={split} />
    ))}
  </ul>
);
