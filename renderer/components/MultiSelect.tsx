import type { ReactNode } from 'react';
import { useCallback, useId, useRef, useState } from 'react';
import { useDismiss } from './use-dismiss';
import { displayText } from '../app/format';

export type Option = { value: string; label: string };

type Props = {
  label: string;
  options: readonly Option[];
  value: readonly string[];
  onChange: (value: string[]) => void;
  /** Lets the analyst type values that are not in the list (tags, assignees, sources). */
  allowCustom?: string;
  testId?: string;
};

/** A filter dropdown: a button that says what is chosen, and a panel of checkboxes. */
export const MultiSelect = ({ label, options, value, onChange, allowCustom, testId }: Props): ReactNode => {
  const [open, setOpen] = useState(false);
  const [custom, setCustom] = useState('');
  const root = useRef<HTMLDivElement>(null);
  const panelId = useId();
  useDismiss(root, open, useCallback(() => setOpen(false), []));
  const all = [...options, ...value.filter((v) => !options.some((o) => o.value === v)).map((v) => ({ value: v, label: v === '' ? '(empty)' : v }))];
  const chosen = all.filter((o) => value.includes(o.value)).map((o) => o.label);
  const toggle = (v: string): void => onChange(value.includes(v) ? value.filter((x) => x !== v) : [...value, v]);
  return (
    <div className="ms" ref={root}>
      <button type="button" className={`ms-button${value.length ? ' on' : ''}`} aria-expanded={open} aria-controls={panelId} onClick={() => setOpen(!open)} data-testid={testId}>
        {label}
        {chosen.length ? `: ${displayText(chosen.slice(0, 2).join(', '), 40)}${chosen.length > 2 ? ` +${chosen.length - 2}` : ''}` : ''} <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div className="ms-panel" id={panelId} role="group" aria-label={label}>
          {all.length === 0 && !allowCustom && <div className="muted">Nothing to choose from yet.</div>}
          {all.map((o) => (
            <label key={o.value} className="ms-option">
              <input type="checkbox" checked={value.includes(o.value)} onChange={() => toggle(o.value)} />
              <span>{displayText(o.label, 80)}</span>
            </label>
          ))}
          {allowCustom && (
            <form
              className="ms-custom"
              onSubmit={(e) => {
                e.preventDefault();
                const v = custom.trim();
                if (v && !value.includes(v)) onChange([...value, v]);
                setCustom('');
              }}
            >
              <input type="text" value={custom} placeholder={allowCustom} aria-label={allowCustom} onChange={(e) => setCustom(e.target.value)} />
              <button type="submit">Add</button>
            </form>
          )}
          {value.length > 0 && (
            <button type="button" className="linkish" onClick={() => onChange([])}>
              Clear {label.toLowerCase()}
            </button>
          )}
        </div>
      )}
    </div>
  );
};
