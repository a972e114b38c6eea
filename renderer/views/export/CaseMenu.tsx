import type { ReactNode } from 'react';
import { useEffect, useId, useRef, useState } from 'react';
import { useWorkspace } from '../../app/workspace';
import { CaseExportDialog, CaseOpenDialog } from './CaseFileDialogs';
import { ReportDialog } from './ReportDialog';
import './export.css';

type Open = 'report' | 'export-case' | 'open-case' | undefined;

const ITEMS: readonly { key: Exclude<Open, undefined>; label: string }[] = [
  { key: 'report', label: 'Export report…' },
  { key: 'export-case', label: 'Export case file…' },
  { key: 'open-case', label: 'Open case file…' },
];

/**
 * The top bar's "Case" menu (export a report, export or open a case file) and the dialogs behind it. The desktop
 * app's File menu sends the same commands ('export-report', 'open-case').
 */
export const CaseMenu = (): ReactNode => {
  const { platform, route } = useWorkspace();
  const [menu, setMenu] = useState(false);
  const [open, setOpen] = useState<Open>(undefined);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menuId = useId();
  const incidentId = route.view === 'incident' ? route.incident : undefined;

  useEffect(
    () =>
      platform.onMenuCommand((c) => {
        if (c === 'export-report') setOpen('report');
        else if (c === 'open-case') setOpen('open-case');
      }),
    [platform],
  );
  useEffect(() => {
    if (!menu) return undefined;
    const close = (e: MouseEvent): void => {
      if (root.current && !root.current.contains(e.target as Node)) setMenu(false);
    };
    document.addEventListener('mousedown', close);
    root.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    return () => document.removeEventListener('mousedown', close);
  }, [menu]);

  const choose = (k: Exclude<Open, undefined>): void => {
    setMenu(false);
    setOpen(k);
  };

  return (
    <div className="case-menu" ref={root}>
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={menu}
        aria-controls={menu ? menuId : undefined}
        onClick={() => setMenu(!menu)}
        onKeyDown={(e) => e.key === 'ArrowDown' && (e.preventDefault(), setMenu(true))}
        data-testid="case-menu"
      >
        Case <span aria-hidden="true">▾</span>
      </button>
      {menu && (
        <div
          className="menu-panel"
          role="menu"
          id={menuId}
          aria-label="Case"
          onKeyDown={(e) => {
            const items = [...(root.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
            const i = items.indexOf(document.activeElement as HTMLElement);
            if (e.key === 'Escape') {
              e.stopPropagation();
              setMenu(false);
              button.current?.focus();
            } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              items[(i + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
            } else if (e.key === 'Tab') setMenu(false);
          }}
        >
          {ITEMS.map((it) => (
            <button key={it.key} type="button" role="menuitem" tabIndex={-1} onClick={() => choose(it.key)} data-testid={`case-menu-${it.key}`}>
              {it.label}
              {it.key === 'report' && incidentId && <span className="muted small"> (this incident or all)</span>}
            </button>
          ))}
        </div>
      )}
      {open === 'report' && <ReportDialog incidentId={incidentId} onClose={() => setOpen(undefined)} />}
      {open === 'export-case' && <CaseExportDialog onClose={() => setOpen(undefined)} />}
      {open === 'open-case' && <CaseOpenDialog onClose={() => setOpen(undefined)} />}
    </div>
  );
};
