import type { ReactNode } from 'react';

export type Tab<K extends string> = { key: K; label: string; count?: number | undefined };

/** A tab bar (ARIA tabs; arrow keys move between tabs). */
export const Tabs = <K extends string>({ tabs, active, onChange, label }: { tabs: readonly Tab<K>[]; active: K; onChange: (k: K) => void; label: string }): ReactNode => (
  <div
    className="tabs"
    role="tablist"
    aria-label={label}
    onKeyDown={(e) => {
      const i = tabs.findIndex((t) => t.key === active);
      const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : undefined;
      if (next === undefined) return;
      const t = tabs[(next + tabs.length) % tabs.length];
      if (t) {
        onChange(t.key);
        e.preventDefault();
      }
    }}
  >
    {tabs.map((t) => (
      <button
        key={t.key}
        type="button"
        role="tab"
        aria-selected={t.key === active}
        tabIndex={t.key === active ? 0 : -1}
        className={t.key === active ? 'active' : ''}
        onClick={() => onChange(t.key)}
        data-testid={`tab-${t.key}`}
      >
        {t.label}
        {t.count !== undefined && <span className="tab-count">{t.count.toLocaleString('en-US')}</span>}
      </button>
    ))}
  </div>
);
